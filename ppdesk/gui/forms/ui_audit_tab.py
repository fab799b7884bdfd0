# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QDateEdit,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QSpacerItem, QTableView,
    QVBoxLayout, QWidget)

class Ui_AuditTab(object):
    def setupUi(self, auditTab):
        if not auditTab.objectName():
            auditTab.setObjectName(u"auditTab")
        self.mainLayout = QVBoxLayout(auditTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.filtersLayout = QHBoxLayout()
        self.filtersLayout.setObjectName(u"filtersLayout")
        self.sinceLabel = QLabel(auditTab)
        self.sinceLabel.setObjectName(u"sinceLabel")

        self.filtersLayout.addWidget(self.sinceLabel)

        self.sinceEdit = QDateEdit(auditTab)
        self.sinceEdit.setObjectName(u"sinceEdit")
        self.sinceEdit.setDisplayFormat(u"yyyy-MM-dd")
        self.sinceEdit.setCalendarPopup(True)

        self.filtersLayout.addWidget(self.sinceEdit)

        self.sinceSpacing = QSpacerItem(8, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.filtersLayout.addItem(self.sinceSpacing)

        self.untilLabel = QLabel(auditTab)
        self.untilLabel.setObjectName(u"untilLabel")

        self.filtersLayout.addWidget(self.untilLabel)

        self.untilEdit = QDateEdit(auditTab)
        self.untilEdit.setObjectName(u"untilEdit")
        self.untilEdit.setDisplayFormat(u"yyyy-MM-dd")
        self.untilEdit.setCalendarPopup(True)

        self.filtersLayout.addWidget(self.untilEdit)

        self.untilSpacing = QSpacerItem(8, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.filtersLayout.addItem(self.untilSpacing)

        self.actorLabel = QLabel(auditTab)
        self.actorLabel.setObjectName(u"actorLabel")

        self.filtersLayout.addWidget(self.actorLabel)

        self.actorEdit = QLineEdit(auditTab)
        self.actorEdit.setObjectName(u"actorEdit")

        self.filtersLayout.addWidget(self.actorEdit)

        self.actorSpacing = QSpacerItem(8, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.filtersLayout.addItem(self.actorSpacing)

        self.actionLabel = QLabel(auditTab)
        self.actionLabel.setObjectName(u"actionLabel")

        self.filtersLayout.addWidget(self.actionLabel)

        self.actionCombo = QComboBox(auditTab)
        self.actionCombo.setObjectName(u"actionCombo")
        self.actionCombo.setEditable(True)

        self.filtersLayout.addWidget(self.actionCombo)

        self.actionSpacing = QSpacerItem(8, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.filtersLayout.addItem(self.actionSpacing)

        self.targetLabel = QLabel(auditTab)
        self.targetLabel.setObjectName(u"targetLabel")

        self.filtersLayout.addWidget(self.targetLabel)

        self.targetEdit = QLineEdit(auditTab)
        self.targetEdit.setObjectName(u"targetEdit")

        self.filtersLayout.addWidget(self.targetEdit)

        self.targetSpacing = QSpacerItem(8, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.filtersLayout.addItem(self.targetSpacing)

        self.showButton = QPushButton(auditTab)
        self.showButton.setObjectName(u"showButton")

        self.filtersLayout.addWidget(self.showButton)

        self.filtersLayout.setStretch(7, 2)
        self.filtersLayout.setStretch(10, 2)
        self.filtersLayout.setStretch(13, 2)

        self.mainLayout.addLayout(self.filtersLayout)

        self.auditTable = QTableView(auditTab)
        self.auditTable.setObjectName(u"auditTable")
        self.auditTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.auditTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.auditTable.horizontalHeader().setStretchLastSection(True)
        self.auditTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.auditTable)

        self.verdictLabel = QLabel(auditTab)
        self.verdictLabel.setObjectName(u"verdictLabel")
        self.verdictLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.verdictLabel)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.countLabel = QLabel(auditTab)
        self.countLabel.setObjectName(u"countLabel")

        self.buttonsLayout.addWidget(self.countLabel)

        self.verifyButton = QPushButton(auditTab)
        self.verifyButton.setObjectName(u"verifyButton")

        self.buttonsLayout.addWidget(self.verifyButton)

        self.exportButton = QPushButton(auditTab)
        self.exportButton.setObjectName(u"exportButton")

        self.buttonsLayout.addWidget(self.exportButton)

        self.buttonsLayout.setStretch(0, 1)

        self.mainLayout.addLayout(self.buttonsLayout)

        self.mainLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.sinceLabel.setBuddy(self.sinceEdit)
        self.untilLabel.setBuddy(self.untilEdit)
        self.actorLabel.setBuddy(self.actorEdit)
        self.actionLabel.setBuddy(self.actionCombo)
        self.targetLabel.setBuddy(self.targetEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(auditTab)

        self.showButton.setDefault(True)


        QMetaObject.connectSlotsByName(auditTab)
    # setupUi

    def retranslateUi(self, auditTab):
        self.sinceLabel.setText(QCoreApplication.translate("AuditTab", u"&From:", None))
#if QT_CONFIG(accessibility)
        self.sinceEdit.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"The first day of the audit rows to show.", None))
#endif // QT_CONFIG(accessibility)
        self.untilLabel.setText(QCoreApplication.translate("AuditTab", u"&To:", None))
#if QT_CONFIG(accessibility)
        self.untilEdit.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"The last day of the audit rows to show.", None))
#endif // QT_CONFIG(accessibility)
        self.actorLabel.setText(QCoreApplication.translate("AuditTab", u"Staff &member:", None))
#if QT_CONFIG(accessibility)
        self.actorEdit.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"Show only what this staff member did (user name).", None))
#endif // QT_CONFIG(accessibility)
        self.actorEdit.setPlaceholderText(QCoreApplication.translate("AuditTab", u"any staff member (user name)", None))
        self.actionLabel.setText(QCoreApplication.translate("AuditTab", u"&Action:", None))
#if QT_CONFIG(accessibility)
        self.actionCombo.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"Show only this kind of action.", None))
#endif // QT_CONFIG(accessibility)
        self.targetLabel.setText(QCoreApplication.translate("AuditTab", u"Tar&get:", None))
#if QT_CONFIG(accessibility)
        self.targetEdit.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"Show only the rows about this record (its id).", None))
#endif // QT_CONFIG(accessibility)
        self.targetEdit.setPlaceholderText(QCoreApplication.translate("AuditTab", u"the id shown under Target, e.g. 81", None))
#if QT_CONFIG(accessibility)
        self.showButton.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"Show the audit rows that match these filters.", None))
#endif // QT_CONFIG(accessibility)
        self.showButton.setText(QCoreApplication.translate("AuditTab", u"&Show", None))
#if QT_CONFIG(accessibility)
        self.auditTable.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"The audit rows found, newest first.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.auditTable.setAccessibleName(QCoreApplication.translate("AuditTab", u"Audit trail", None))
#endif // QT_CONFIG(accessibility)
        self.verdictLabel.setText("")
        self.countLabel.setText("")
#if QT_CONFIG(tooltip)
        self.verifyButton.setToolTip(QCoreApplication.translate("AuditTab", u"Check that no audit row was changed, removed or reordered", None))
#endif // QT_CONFIG(tooltip)
        self.verifyButton.setText(QCoreApplication.translate("AuditTab", u"&Verify integrity", None))
#if QT_CONFIG(accessibility)
        self.exportButton.setAccessibleDescription(QCoreApplication.translate("AuditTab", u"Save the rows shown as an Excel workbook.", None))
#endif // QT_CONFIG(accessibility)
        self.exportButton.setText(QCoreApplication.translate("AuditTab", u"&Export to Excel\u2026", None))
        pass
    # retranslateUi

