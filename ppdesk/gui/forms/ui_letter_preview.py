# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'letter_preview.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_LetterPreviewDialog(object):
    def setupUi(self, LetterPreviewDialog):
        if not LetterPreviewDialog.objectName():
            LetterPreviewDialog.setObjectName(u"LetterPreviewDialog")
        LetterPreviewDialog.resize(760, 820)
        self.mainLayout = QVBoxLayout(LetterPreviewDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.infoLabel = QLabel(LetterPreviewDialog)
        self.infoLabel.setObjectName(u"infoLabel")
        self.infoLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.infoLabel)

        self.viewHost = QWidget(LetterPreviewDialog)
        self.viewHost.setObjectName(u"viewHost")
        self.viewLayout = QVBoxLayout(self.viewHost)
        self.viewLayout.setObjectName(u"viewLayout")
        self.viewLayout.setContentsMargins(0, 0, 0, 0)

        self.mainLayout.addWidget(self.viewHost)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.printButton = QPushButton(LetterPreviewDialog)
        self.printButton.setObjectName(u"printButton")

        self.buttonLayout.addWidget(self.printButton)

        self.saveButton = QPushButton(LetterPreviewDialog)
        self.saveButton.setObjectName(u"saveButton")

        self.buttonLayout.addWidget(self.saveButton)

        self.closeButton = QPushButton(LetterPreviewDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.buttonLayout.addWidget(self.closeButton)


        self.mainLayout.addLayout(self.buttonLayout)

        QWidget.setTabOrder(self.printButton, self.saveButton)
        QWidget.setTabOrder(self.saveButton, self.closeButton)

        self.retranslateUi(LetterPreviewDialog)

        self.printButton.setDefault(True)


        QMetaObject.connectSlotsByName(LetterPreviewDialog)
    # setupUi

    def retranslateUi(self, LetterPreviewDialog):
        LetterPreviewDialog.setWindowTitle(QCoreApplication.translate("LetterPreviewDialog", u"PIN letter", None))
        self.infoLabel.setText("")
#if QT_CONFIG(accessibility)
        self.printButton.setAccessibleDescription(QCoreApplication.translate("LetterPreviewDialog", u"Send the letter to a printer.", None))
#endif // QT_CONFIG(accessibility)
        self.printButton.setText(QCoreApplication.translate("LetterPreviewDialog", u"&Print\u2026", None))
#if QT_CONFIG(accessibility)
        self.saveButton.setAccessibleDescription(QCoreApplication.translate("LetterPreviewDialog", u"Save the letter as a PDF file.", None))
#endif // QT_CONFIG(accessibility)
        self.saveButton.setText(QCoreApplication.translate("LetterPreviewDialog", u"&Save as PDF\u2026", None))
#if QT_CONFIG(accessibility)
        self.closeButton.setAccessibleDescription(QCoreApplication.translate("LetterPreviewDialog", u"Close the preview without printing.", None))
#endif // QT_CONFIG(accessibility)
        self.closeButton.setText(QCoreApplication.translate("LetterPreviewDialog", u"&Close", None))
    # retranslateUi

