# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_outcome.ui'
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
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QStackedWidget, QVBoxLayout,
    QWidget, QWizardPage)

class Ui_OutcomePage(object):
    def setupUi(self, OutcomePage):
        if not OutcomePage.objectName():
            OutcomePage.setObjectName(u"OutcomePage")
        OutcomePage.resize(640, 460)
        self.mainLayout = QVBoxLayout(OutcomePage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.stack = QStackedWidget(OutcomePage)
        self.stack.setObjectName(u"stack")
        self.passedPage = QWidget()
        self.passedPage.setObjectName(u"passedPage")
        self.passedLayout = QVBoxLayout(self.passedPage)
        self.passedLayout.setObjectName(u"passedLayout")
        self.passedHeadline = QLabel(self.passedPage)
        self.passedHeadline.setObjectName(u"passedHeadline")
        self.passedHeadline.setWordWrap(True)

        self.passedLayout.addWidget(self.passedHeadline)

        self.pinLabel = QLabel(self.passedPage)
        self.pinLabel.setObjectName(u"pinLabel")
        self.pinLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pinLabel.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.pinLabel.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        self.passedLayout.addWidget(self.pinLabel)

        self.phoneticLabel = QLabel(self.passedPage)
        self.phoneticLabel.setObjectName(u"phoneticLabel")
        self.phoneticLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phoneticLabel.setWordWrap(True)
        self.phoneticLabel.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.phoneticLabel.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        self.passedLayout.addWidget(self.phoneticLabel)

        self.expiryLabel = QLabel(self.passedPage)
        self.expiryLabel.setObjectName(u"expiryLabel")
        self.expiryLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.passedLayout.addWidget(self.expiryLabel)

        self.pinErrorLabel = QLabel(self.passedPage)
        self.pinErrorLabel.setObjectName(u"pinErrorLabel")
        self.pinErrorLabel.setWordWrap(True)

        self.passedLayout.addWidget(self.pinErrorLabel)

        self.pinButtons = QHBoxLayout()
        self.pinButtons.setObjectName(u"pinButtons")
        self.retryButton = QPushButton(self.passedPage)
        self.retryButton.setObjectName(u"retryButton")

        self.pinButtons.addWidget(self.retryButton)

        self.showAgainButton = QPushButton(self.passedPage)
        self.showAgainButton.setObjectName(u"showAgainButton")

        self.pinButtons.addWidget(self.showAgainButton)

        self.pinButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.pinButtons.addItem(self.pinButtonsSpacer)

        self.printButton = QPushButton(self.passedPage)
        self.printButton.setObjectName(u"printButton")
        self.printButton.setAutoDefault(False)

        self.pinButtons.addWidget(self.printButton)

        self.previewButton = QPushButton(self.passedPage)
        self.previewButton.setObjectName(u"previewButton")
        self.previewButton.setAutoDefault(False)

        self.pinButtons.addWidget(self.previewButton)


        self.passedLayout.addLayout(self.pinButtons)

        self.pinNote = QLabel(self.passedPage)
        self.pinNote.setObjectName(u"pinNote")
        self.pinNote.setWordWrap(True)

        self.passedLayout.addWidget(self.pinNote)

        self.passedSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.passedLayout.addItem(self.passedSpacer)

        self.stack.addWidget(self.passedPage)
        self.failedPage = QWidget()
        self.failedPage.setObjectName(u"failedPage")
        self.failedLayout = QVBoxLayout(self.failedPage)
        self.failedLayout.setObjectName(u"failedLayout")
        self.reasonsCaption = QLabel(self.failedPage)
        self.reasonsCaption.setObjectName(u"reasonsCaption")

        self.failedLayout.addWidget(self.reasonsCaption)

        self.reasonsLabel = QLabel(self.failedPage)
        self.reasonsLabel.setObjectName(u"reasonsLabel")
        self.reasonsLabel.setWordWrap(True)

        self.failedLayout.addWidget(self.reasonsLabel)

        self.nextStepsLabel = QLabel(self.failedPage)
        self.nextStepsLabel.setObjectName(u"nextStepsLabel")
        self.nextStepsLabel.setWordWrap(True)

        self.failedLayout.addWidget(self.nextStepsLabel)

        self.failedSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.failedLayout.addItem(self.failedSpacer)

        self.stack.addWidget(self.failedPage)

        self.mainLayout.addWidget(self.stack)


        self.retranslateUi(OutcomePage)

        QMetaObject.connectSlotsByName(OutcomePage)
    # setupUi

    def retranslateUi(self, OutcomePage):
        OutcomePage.setTitle(QCoreApplication.translate("OutcomePage", u"Outcome", None))
        self.passedHeadline.setText("")
        self.pinLabel.setText("")
        self.phoneticLabel.setText("")
        self.expiryLabel.setText("")
        self.pinErrorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.retryButton.setAccessibleDescription(QCoreApplication.translate("OutcomePage", u"Try the check again.", None))
#endif // QT_CONFIG(accessibility)
        self.retryButton.setText(QCoreApplication.translate("OutcomePage", u"&Retry", None))
#if QT_CONFIG(accessibility)
        self.showAgainButton.setAccessibleDescription(QCoreApplication.translate("OutcomePage", u"Show the PIN on screen again.", None))
#endif // QT_CONFIG(accessibility)
        self.showAgainButton.setText(QCoreApplication.translate("OutcomePage", u"&Show the PIN again", None))
#if QT_CONFIG(accessibility)
        self.printButton.setAccessibleDescription(QCoreApplication.translate("OutcomePage", u"Print the PIN letter for this guardian.", None))
#endif // QT_CONFIG(accessibility)
        self.printButton.setText(QCoreApplication.translate("OutcomePage", u"&Print letter\u2026", None))
#if QT_CONFIG(accessibility)
        self.previewButton.setAccessibleDescription(QCoreApplication.translate("OutcomePage", u"Show the PIN letter on screen before printing it.", None))
#endif // QT_CONFIG(accessibility)
        self.previewButton.setText(QCoreApplication.translate("OutcomePage", u"Previe&w letter", None))
        self.pinNote.setText(QCoreApplication.translate("OutcomePage", u"Read or show the PIN to the guardian only. It is never copied, and it is wiped from the screen when you press Finish.", None))
        self.reasonsCaption.setText(QCoreApplication.translate("OutcomePage", u"These checks did not pass:", None))
        self.reasonsLabel.setText("")
        self.nextStepsLabel.setText("")
    # retranslateUi

