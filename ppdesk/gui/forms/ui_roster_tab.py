# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'roster_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QProgressBar,
    QPushButton, QSizePolicy, QTableView, QVBoxLayout,
    QWidget)

class Ui_RosterTab(object):
    def setupUi(self, rosterTab):
        if not rosterTab.objectName():
            rosterTab.setObjectName(u"rosterTab")
        self.mainLayout = QVBoxLayout(rosterTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.filtersLayout = QHBoxLayout()
        self.filtersLayout.setObjectName(u"filtersLayout")
        self.gradeLabel = QLabel(rosterTab)
        self.gradeLabel.setObjectName(u"gradeLabel")

        self.filtersLayout.addWidget(self.gradeLabel)

        self.gradeCombo = QComboBox(rosterTab)
        self.gradeCombo.setObjectName(u"gradeCombo")

        self.filtersLayout.addWidget(self.gradeCombo)

        self.homeroomLabel = QLabel(rosterTab)
        self.homeroomLabel.setObjectName(u"homeroomLabel")

        self.filtersLayout.addWidget(self.homeroomLabel)

        self.homeroomCombo = QComboBox(rosterTab)
        self.homeroomCombo.setObjectName(u"homeroomCombo")
        self.homeroomCombo.setMinimumContentsLength(18)

        self.filtersLayout.addWidget(self.homeroomCombo)

        self.searchLabel = QLabel(rosterTab)
        self.searchLabel.setObjectName(u"searchLabel")

        self.filtersLayout.addWidget(self.searchLabel)

        self.searchEdit = QLineEdit(rosterTab)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)

        self.filtersLayout.addWidget(self.searchEdit)

        self.refreshButton = QPushButton(rosterTab)
        self.refreshButton.setObjectName(u"refreshButton")

        self.filtersLayout.addWidget(self.refreshButton)

        self.filtersLayout.setStretch(5, 1)

        self.mainLayout.addLayout(self.filtersLayout)

        self.rosterTable = QTableView(rosterTab)
        self.rosterTable.setObjectName(u"rosterTable")
        self.rosterTable.setAlternatingRowColors(True)
        self.rosterTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rosterTable.horizontalHeader().setDefaultSectionSize(120)
        self.rosterTable.horizontalHeader().setStretchLastSection(True)
        self.rosterTable.verticalHeader().setVisible(False)
        self.rosterTable.verticalHeader().setDefaultSectionSize(22)

        self.mainLayout.addWidget(self.rosterTable)

        self.actionsLayout = QHBoxLayout()
        self.actionsLayout.setObjectName(u"actionsLayout")
        self.countLabel = QLabel(rosterTab)
        self.countLabel.setObjectName(u"countLabel")

        self.actionsLayout.addWidget(self.countLabel)

        self.progressBar = QProgressBar(rosterTab)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setTextVisible(True)

        self.actionsLayout.addWidget(self.progressBar)

        self.cancelButton = QPushButton(rosterTab)
        self.cancelButton.setObjectName(u"cancelButton")

        self.actionsLayout.addWidget(self.cancelButton)

        self.revealButton = QPushButton(rosterTab)
        self.revealButton.setObjectName(u"revealButton")

        self.actionsLayout.addWidget(self.revealButton)

        self.hideButton = QPushButton(rosterTab)
        self.hideButton.setObjectName(u"hideButton")
        self.hideButton.setEnabled(False)

        self.actionsLayout.addWidget(self.hideButton)

        self.exportButton = QPushButton(rosterTab)
        self.exportButton.setObjectName(u"exportButton")

        self.actionsLayout.addWidget(self.exportButton)

        self.actionsLayout.setStretch(0, 1)

        self.mainLayout.addLayout(self.actionsLayout)

        self.mainLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.gradeLabel.setBuddy(self.gradeCombo)
        self.homeroomLabel.setBuddy(self.homeroomCombo)
        self.searchLabel.setBuddy(self.searchEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.gradeCombo, self.homeroomCombo)
        QWidget.setTabOrder(self.homeroomCombo, self.searchEdit)
        QWidget.setTabOrder(self.searchEdit, self.refreshButton)
        QWidget.setTabOrder(self.refreshButton, self.rosterTable)
        QWidget.setTabOrder(self.rosterTable, self.revealButton)
        QWidget.setTabOrder(self.revealButton, self.hideButton)
        QWidget.setTabOrder(self.hideButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.cancelButton)

        self.retranslateUi(rosterTab)

        QMetaObject.connectSlotsByName(rosterTab)
    # setupUi

    def retranslateUi(self, rosterTab):
        self.gradeLabel.setText(QCoreApplication.translate("RosterTab", u"Grade:", None))
#if QT_CONFIG(accessibility)
        self.gradeCombo.setAccessibleDescription(QCoreApplication.translate("RosterTab", u"Show one grade, or all grades.", None))
#endif // QT_CONFIG(accessibility)
        self.homeroomLabel.setText(QCoreApplication.translate("RosterTab", u"Homeroom teacher:", None))
#if QT_CONFIG(accessibility)
        self.homeroomCombo.setAccessibleDescription(QCoreApplication.translate("RosterTab", u"Show one homeroom teacher's students, or all.", None))
#endif // QT_CONFIG(accessibility)
        self.searchLabel.setText(QCoreApplication.translate("RosterTab", u"Search:", None))
#if QT_CONFIG(accessibility)
        self.searchEdit.setAccessibleDescription(QCoreApplication.translate("RosterTab", u"Show only the rows that contain this text.", None))
#endif // QT_CONFIG(accessibility)
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("RosterTab", u"Search any column (name, ID, phone\u2026)", None))
#if QT_CONFIG(accessibility)
        self.refreshButton.setAccessibleDescription(QCoreApplication.translate("RosterTab", u"Load the roster again from the database.", None))
#endif // QT_CONFIG(accessibility)
        self.refreshButton.setText(QCoreApplication.translate("RosterTab", u"Refresh", None))
#if QT_CONFIG(accessibility)
        self.rosterTable.setAccessibleDescription(QCoreApplication.translate("RosterTab", u"Students and their guardians; PINs are hidden until you reveal them.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.rosterTable.setAccessibleName(QCoreApplication.translate("RosterTab", u"Roster", None))
#endif // QT_CONFIG(accessibility)
        self.countLabel.setText("")
#if QT_CONFIG(accessibility)
        self.cancelButton.setAccessibleDescription(QCoreApplication.translate("RosterTab", u"Stop the export.", None))
#endif // QT_CONFIG(accessibility)
        self.cancelButton.setText(QCoreApplication.translate("RosterTab", u"Cancel", None))
#if QT_CONFIG(tooltip)
        self.revealButton.setToolTip(QCoreApplication.translate("RosterTab", u"Shows the PINs of the selected rows. Recorded in the audit trail.", None))
#endif // QT_CONFIG(tooltip)
        self.revealButton.setText(QCoreApplication.translate("RosterTab", u"Reveal PINs of selected rows", None))
#if QT_CONFIG(accessibility)
        self.hideButton.setAccessibleDescription(QCoreApplication.translate("RosterTab", u"Hide the PINs shown again.", None))
#endif // QT_CONFIG(accessibility)
        self.hideButton.setText(QCoreApplication.translate("RosterTab", u"Hide PINs", None))
#if QT_CONFIG(tooltip)
        self.exportButton.setToolTip(QCoreApplication.translate("RosterTab", u"Writes the rows shown (after filters) with their PINs. Audited.", None))
#endif // QT_CONFIG(tooltip)
        self.exportButton.setText(QCoreApplication.translate("RosterTab", u"Export to Excel\u2026", None))
        pass
    # retranslateUi

