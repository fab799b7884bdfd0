# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff_tab.ui'
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
    QTableView, QVBoxLayout, QWidget)

class Ui_StaffTab(object):
    def setupUi(self, staffTab):
        if not staffTab.objectName():
            staffTab.setObjectName(u"staffTab")
        self.mainLayout = QVBoxLayout(staffTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(staffTab)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.staffTable = QTableView(staffTab)
        self.staffTable.setObjectName(u"staffTable")
        self.staffTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.staffTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.staffTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staffTable.horizontalHeader().setStretchLastSection(True)
        self.staffTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.staffTable)

        self.statusLabel = QLabel(staffTab)
        self.statusLabel.setObjectName(u"statusLabel")

        self.mainLayout.addWidget(self.statusLabel)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.addButton = QPushButton(staffTab)
        self.addButton.setObjectName(u"addButton")

        self.buttonsLayout.addWidget(self.addButton)

        self.grantButton = QPushButton(staffTab)
        self.grantButton.setObjectName(u"grantButton")

        self.buttonsLayout.addWidget(self.grantButton)

        self.revokeButton = QPushButton(staffTab)
        self.revokeButton.setObjectName(u"revokeButton")

        self.buttonsLayout.addWidget(self.revokeButton)

        self.activeButton = QPushButton(staffTab)
        self.activeButton.setObjectName(u"activeButton")

        self.buttonsLayout.addWidget(self.activeButton)

        self.unlockButton = QPushButton(staffTab)
        self.unlockButton.setObjectName(u"unlockButton")

        self.buttonsLayout.addWidget(self.unlockButton)

        self.buttonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)

        self.buttonsLayout.setStretch(5, 1)

        self.mainLayout.addLayout(self.buttonsLayout)

        self.mainLayout.setStretch(1, 1)

        self.retranslateUi(staffTab)

        QMetaObject.connectSlotsByName(staffTab)
    # setupUi

    def retranslateUi(self, staffTab):
        self.introLabel.setText(QCoreApplication.translate("StaffTab", u"Select a staff member, then choose an action. Role changes apply to their very next action; every change is kept in the audit trail with its reason.", None))
#if QT_CONFIG(accessibility)
        self.staffTable.setAccessibleDescription(QCoreApplication.translate("StaffTab", u"The staff accounts and their roles. Select one to change it.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.staffTable.setAccessibleName(QCoreApplication.translate("StaffTab", u"Staff members", None))
#endif // QT_CONFIG(accessibility)
        self.statusLabel.setText("")
#if QT_CONFIG(accessibility)
        self.addButton.setAccessibleDescription(QCoreApplication.translate("StaffTab", u"Add a staff account. It has no role until you grant one.", None))
#endif // QT_CONFIG(accessibility)
        self.addButton.setText(QCoreApplication.translate("StaffTab", u"&Add staff member\u2026", None))
#if QT_CONFIG(accessibility)
        self.grantButton.setAccessibleDescription(QCoreApplication.translate("StaffTab", u"Give the selected staff member a role.", None))
#endif // QT_CONFIG(accessibility)
        self.grantButton.setText(QCoreApplication.translate("StaffTab", u"&Grant role\u2026", None))
#if QT_CONFIG(accessibility)
        self.revokeButton.setAccessibleDescription(QCoreApplication.translate("StaffTab", u"Take a role away from the selected staff member.", None))
#endif // QT_CONFIG(accessibility)
        self.revokeButton.setText(QCoreApplication.translate("StaffTab", u"Re&voke role\u2026", None))
#if QT_CONFIG(accessibility)
        self.activeButton.setAccessibleDescription(QCoreApplication.translate("StaffTab", u"Deactivate or reactivate the selected staff member's account.", None))
#endif // QT_CONFIG(accessibility)
        self.activeButton.setText(QCoreApplication.translate("StaffTab", u"&Deactivate\u2026", None))
#if QT_CONFIG(accessibility)
        self.unlockButton.setAccessibleDescription(QCoreApplication.translate("StaffTab", u"Unlock an account locked after too many failed logins.", None))
#endif // QT_CONFIG(accessibility)
        self.unlockButton.setText(QCoreApplication.translate("StaffTab", u"&Unlock\u2026", None))
        pass
    # retranslateUi

