# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'school_letters_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

class Ui_SchoolLettersTab(object):
    def setupUi(self, schoolLettersTab):
        if not schoolLettersTab.objectName():
            schoolLettersTab.setObjectName(u"schoolLettersTab")
        self.mainLayout = QVBoxLayout(schoolLettersTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(schoolLettersTab)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.schoolLettersTable = QTableWidget(schoolLettersTab)
        if (self.schoolLettersTable.columnCount() < 7):
            self.schoolLettersTable.setColumnCount(7)
        __qtablewidgetitem = QTableWidgetItem()
        self.schoolLettersTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.schoolLettersTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.schoolLettersTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.schoolLettersTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.schoolLettersTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.schoolLettersTable.setHorizontalHeaderItem(5, __qtablewidgetitem5)
        __qtablewidgetitem6 = QTableWidgetItem()
        self.schoolLettersTable.setHorizontalHeaderItem(6, __qtablewidgetitem6)
        self.schoolLettersTable.setObjectName(u"schoolLettersTable")
        self.schoolLettersTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schoolLettersTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.schoolLettersTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.schoolLettersTable.horizontalHeader().setStretchLastSection(True)
        self.schoolLettersTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.schoolLettersTable)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.refreshButton = QPushButton(schoolLettersTab)
        self.refreshButton.setObjectName(u"refreshButton")

        self.buttonsLayout.addWidget(self.refreshButton)

        self.printButton = QPushButton(schoolLettersTab)
        self.printButton.setObjectName(u"printButton")
        self.printButton.setEnabled(False)

        self.buttonsLayout.addWidget(self.printButton)

        self.buttonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)

        self.buttonsLayout.setStretch(2, 1)

        self.mainLayout.addLayout(self.buttonsLayout)

        self.statusLabel = QLabel(schoolLettersTab)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.statusLabel)

        self.mainLayout.setStretch(1, 1)

        self.retranslateUi(schoolLettersTab)

        QMetaObject.connectSlotsByName(schoolLettersTab)
    # setupUi

    def retranslateUi(self, schoolLettersTab):
        self.introLabel.setText(QCoreApplication.translate("SchoolLettersTab", u"PIN letters of parents verified by a district office (in person there, or on a live video call). The district office does not print them: the school prints each one and gives it to the parent by its usual route.", None))
        ___qtablewidgetitem = self.schoolLettersTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("SchoolLettersTab", u"Queued", None))
        ___qtablewidgetitem1 = self.schoolLettersTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("SchoolLettersTab", u"Student ID", None))
        ___qtablewidgetitem2 = self.schoolLettersTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("SchoolLettersTab", u"Student", None))
        ___qtablewidgetitem3 = self.schoolLettersTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("SchoolLettersTab", u"Guardian", None))
        ___qtablewidgetitem4 = self.schoolLettersTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("SchoolLettersTab", u"Verified", None))
        ___qtablewidgetitem5 = self.schoolLettersTable.horizontalHeaderItem(5)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("SchoolLettersTab", u"By", None))
        ___qtablewidgetitem6 = self.schoolLettersTable.horizontalHeaderItem(6)
        ___qtablewidgetitem6.setText(QCoreApplication.translate("SchoolLettersTab", u"PIN", None))
#if QT_CONFIG(accessibility)
        self.schoolLettersTable.setAccessibleDescription(QCoreApplication.translate("SchoolLettersTab", u"PIN letters of district verifications waiting to be printed here.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.schoolLettersTable.setAccessibleName(QCoreApplication.translate("SchoolLettersTab", u"Letters to print", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.refreshButton.setAccessibleDescription(QCoreApplication.translate("SchoolLettersTab", u"Load the waiting letters again.", None))
#endif // QT_CONFIG(accessibility)
        self.refreshButton.setText(QCoreApplication.translate("SchoolLettersTab", u"Refresh", None))
#if QT_CONFIG(accessibility)
        self.printButton.setAccessibleDescription(QCoreApplication.translate("SchoolLettersTab", u"Print the selected waiting letter.", None))
#endif // QT_CONFIG(accessibility)
        self.printButton.setText(QCoreApplication.translate("SchoolLettersTab", u"Print the letter\u2026", None))
        pass
    # retranslateUi

