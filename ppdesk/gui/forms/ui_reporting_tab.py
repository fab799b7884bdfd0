# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'reporting_tab.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCharts import QChartView
from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDateEdit, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QTabWidget, QTableView,
    QVBoxLayout, QWidget)

class Ui_ReportingTab(object):
    def setupUi(self, reportingTab):
        if not reportingTab.objectName():
            reportingTab.setObjectName(u"reportingTab")
        self.mainLayout = QVBoxLayout(reportingTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget(reportingTab)
        self.pages.setObjectName(u"pages")
        self.adoptionPage = QWidget()
        self.adoptionPage.setObjectName(u"adoptionPage")
        self.adoptionPageLayout = QVBoxLayout(self.adoptionPage)
        self.adoptionPageLayout.setObjectName(u"adoptionPageLayout")
        self.adoptionSplitter = QSplitter(self.adoptionPage)
        self.adoptionSplitter.setObjectName(u"adoptionSplitter")
        self.adoptionSplitter.setOrientation(Qt.Orientation.Vertical)
        self.chartView = QChartView(self.adoptionSplitter)
        self.chartView.setObjectName(u"chartView")
        self.chartView.setFocusPolicy(Qt.NoFocus)
        self.adoptionSplitter.addWidget(self.chartView)
        self.adoptionTable = QTableView(self.adoptionSplitter)
        self.adoptionTable.setObjectName(u"adoptionTable")
        self.adoptionTable.setAlternatingRowColors(True)
        self.adoptionTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.adoptionSplitter.addWidget(self.adoptionTable)
        self.adoptionTable.horizontalHeader().setStretchLastSection(True)
        self.adoptionTable.verticalHeader().setVisible(False)

        self.adoptionPageLayout.addWidget(self.adoptionSplitter)

        self.adoptionButtons = QHBoxLayout()
        self.adoptionButtons.setObjectName(u"adoptionButtons")
        self.adoptionLabel = QLabel(self.adoptionPage)
        self.adoptionLabel.setObjectName(u"adoptionLabel")

        self.adoptionButtons.addWidget(self.adoptionLabel)

        self.adoptionSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.adoptionButtons.addItem(self.adoptionSpacer)

        self.adoptionRefreshButton = QPushButton(self.adoptionPage)
        self.adoptionRefreshButton.setObjectName(u"adoptionRefreshButton")

        self.adoptionButtons.addWidget(self.adoptionRefreshButton)

        self.adoptionExportButton = QPushButton(self.adoptionPage)
        self.adoptionExportButton.setObjectName(u"adoptionExportButton")

        self.adoptionButtons.addWidget(self.adoptionExportButton)


        self.adoptionPageLayout.addLayout(self.adoptionButtons)

        self.adoptionPageLayout.setStretch(0, 1)
        self.pages.addTab(self.adoptionPage, "")
        self.outreachPage = QWidget()
        self.outreachPage.setObjectName(u"outreachPage")
        self.outreachPageLayout = QVBoxLayout(self.outreachPage)
        self.outreachPageLayout.setObjectName(u"outreachPageLayout")
        self.outreachTable = QTableView(self.outreachPage)
        self.outreachTable.setObjectName(u"outreachTable")
        self.outreachTable.setAlternatingRowColors(True)
        self.outreachTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.outreachTable.horizontalHeader().setStretchLastSection(True)
        self.outreachTable.verticalHeader().setVisible(False)

        self.outreachPageLayout.addWidget(self.outreachTable)

        self.outreachButtons = QHBoxLayout()
        self.outreachButtons.setObjectName(u"outreachButtons")
        self.outreachLabel = QLabel(self.outreachPage)
        self.outreachLabel.setObjectName(u"outreachLabel")

        self.outreachButtons.addWidget(self.outreachLabel)

        self.outreachSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.outreachButtons.addItem(self.outreachSpacer)

        self.outreachRefreshButton = QPushButton(self.outreachPage)
        self.outreachRefreshButton.setObjectName(u"outreachRefreshButton")

        self.outreachButtons.addWidget(self.outreachRefreshButton)

        self.outreachExportButton = QPushButton(self.outreachPage)
        self.outreachExportButton.setObjectName(u"outreachExportButton")

        self.outreachButtons.addWidget(self.outreachExportButton)


        self.outreachPageLayout.addLayout(self.outreachButtons)

        self.outreachPageLayout.setStretch(0, 1)
        self.pages.addTab(self.outreachPage, "")
        self.contactsPage = QWidget()
        self.contactsPage.setObjectName(u"contactsPage")
        self.contactsPageLayout = QVBoxLayout(self.contactsPage)
        self.contactsPageLayout.setObjectName(u"contactsPageLayout")
        self.sinceLayout = QHBoxLayout()
        self.sinceLayout.setObjectName(u"sinceLayout")
        self.sinceLabel = QLabel(self.contactsPage)
        self.sinceLabel.setObjectName(u"sinceLabel")

        self.sinceLayout.addWidget(self.sinceLabel)

        self.sinceEdit = QDateEdit(self.contactsPage)
        self.sinceEdit.setObjectName(u"sinceEdit")
        self.sinceEdit.setDisplayFormat(u"MMM d, yyyy")
        self.sinceEdit.setCalendarPopup(True)

        self.sinceLayout.addWidget(self.sinceEdit)

        self.sinceSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sinceLayout.addItem(self.sinceSpacer)


        self.contactsPageLayout.addLayout(self.sinceLayout)

        self.contactsTable = QTableView(self.contactsPage)
        self.contactsTable.setObjectName(u"contactsTable")
        self.contactsTable.setAlternatingRowColors(True)
        self.contactsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contactsTable.horizontalHeader().setStretchLastSection(True)
        self.contactsTable.verticalHeader().setVisible(False)

        self.contactsPageLayout.addWidget(self.contactsTable)

        self.contactsButtons = QHBoxLayout()
        self.contactsButtons.setObjectName(u"contactsButtons")
        self.contactsLabel = QLabel(self.contactsPage)
        self.contactsLabel.setObjectName(u"contactsLabel")

        self.contactsButtons.addWidget(self.contactsLabel)

        self.contactsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.contactsButtons.addItem(self.contactsSpacer)

        self.contactsRefreshButton = QPushButton(self.contactsPage)
        self.contactsRefreshButton.setObjectName(u"contactsRefreshButton")

        self.contactsButtons.addWidget(self.contactsRefreshButton)

        self.contactsExportButton = QPushButton(self.contactsPage)
        self.contactsExportButton.setObjectName(u"contactsExportButton")

        self.contactsButtons.addWidget(self.contactsExportButton)


        self.contactsPageLayout.addLayout(self.contactsButtons)

        self.contactsPageLayout.setStretch(1, 1)
        self.pages.addTab(self.contactsPage, "")
        self.sisPage = QWidget()
        self.sisPage.setObjectName(u"sisPage")
        self.sisPageLayout = QVBoxLayout(self.sisPage)
        self.sisPageLayout.setObjectName(u"sisPageLayout")
        self.sisIntroLabel = QLabel(self.sisPage)
        self.sisIntroLabel.setObjectName(u"sisIntroLabel")
        self.sisIntroLabel.setWordWrap(True)

        self.sisPageLayout.addWidget(self.sisIntroLabel)

        self.sisTable = QTableView(self.sisPage)
        self.sisTable.setObjectName(u"sisTable")
        self.sisTable.setAlternatingRowColors(True)
        self.sisTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sisTable.horizontalHeader().setStretchLastSection(True)
        self.sisTable.verticalHeader().setVisible(False)

        self.sisPageLayout.addWidget(self.sisTable)

        self.sisButtons = QHBoxLayout()
        self.sisButtons.setObjectName(u"sisButtons")
        self.sisLabel = QLabel(self.sisPage)
        self.sisLabel.setObjectName(u"sisLabel")

        self.sisButtons.addWidget(self.sisLabel)

        self.sisSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sisButtons.addItem(self.sisSpacer)

        self.sisRefreshButton = QPushButton(self.sisPage)
        self.sisRefreshButton.setObjectName(u"sisRefreshButton")

        self.sisButtons.addWidget(self.sisRefreshButton)

        self.sisExportButton = QPushButton(self.sisPage)
        self.sisExportButton.setObjectName(u"sisExportButton")

        self.sisButtons.addWidget(self.sisExportButton)


        self.sisPageLayout.addLayout(self.sisButtons)

        self.sisPageLayout.setStretch(1, 1)
        self.pages.addTab(self.sisPage, "")

        self.mainLayout.addWidget(self.pages)

#if QT_CONFIG(shortcut)
        self.sinceLabel.setBuddy(self.sinceEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(reportingTab)

        self.pages.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(reportingTab)
    # setupUi

    def retranslateUi(self, reportingTab):
#if QT_CONFIG(accessibility)
        self.adoptionTable.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Per grade: guardians with a PIN and guardians connected to the portal.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.adoptionTable.setAccessibleName(QCoreApplication.translate("ReportingTab", u"Portal adoption by grade", None))
#endif // QT_CONFIG(accessibility)
        self.adoptionLabel.setText("")
#if QT_CONFIG(accessibility)
        self.adoptionRefreshButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Run this report again.", None))
#endif // QT_CONFIG(accessibility)
        self.adoptionRefreshButton.setText(QCoreApplication.translate("ReportingTab", u"Refresh", None))
#if QT_CONFIG(accessibility)
        self.adoptionExportButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Save this report as an Excel workbook or a PDF file.", None))
#endif // QT_CONFIG(accessibility)
        self.adoptionExportButton.setText(QCoreApplication.translate("ReportingTab", u"Export (Excel or PDF)\u2026", None))
        self.pages.setTabText(self.pages.indexOf(self.adoptionPage), QCoreApplication.translate("ReportingTab", u"Portal adoption", None))
#if QT_CONFIG(tooltip)
        self.pages.setTabToolTip(self.pages.indexOf(self.adoptionPage), QCoreApplication.translate("ReportingTab", u"How many guardians have a PIN and use the portal, by grade.", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.outreachTable.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Families to call: their letter is held or their PIN is not used yet.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.outreachTable.setAccessibleName(QCoreApplication.translate("ReportingTab", u"Outreach list", None))
#endif // QT_CONFIG(accessibility)
        self.outreachLabel.setText("")
#if QT_CONFIG(accessibility)
        self.outreachRefreshButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Run this report again.", None))
#endif // QT_CONFIG(accessibility)
        self.outreachRefreshButton.setText(QCoreApplication.translate("ReportingTab", u"Refresh", None))
#if QT_CONFIG(accessibility)
        self.outreachExportButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Save this report as an Excel workbook or a PDF file.", None))
#endif // QT_CONFIG(accessibility)
        self.outreachExportButton.setText(QCoreApplication.translate("ReportingTab", u"Export (Excel or PDF)\u2026", None))
        self.pages.setTabText(self.pages.indexOf(self.outreachPage), QCoreApplication.translate("ReportingTab", u"Outreach list", None))
#if QT_CONFIG(tooltip)
        self.pages.setTabToolTip(self.pages.indexOf(self.outreachPage), QCoreApplication.translate("ReportingTab", u"Families to call about their PIN letter.", None))
#endif // QT_CONFIG(tooltip)
        self.sinceLabel.setText(QCoreApplication.translate("ReportingTab", u"Added or changed since:", None))
#if QT_CONFIG(accessibility)
        self.sinceEdit.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"List the emergency contacts added or changed from this day on.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.contactsTable.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Emergency contacts added or changed since the day chosen above.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.contactsTable.setAccessibleName(QCoreApplication.translate("ReportingTab", u"New emergency contacts", None))
#endif // QT_CONFIG(accessibility)
        self.contactsLabel.setText("")
#if QT_CONFIG(accessibility)
        self.contactsRefreshButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Run this report again.", None))
#endif // QT_CONFIG(accessibility)
        self.contactsRefreshButton.setText(QCoreApplication.translate("ReportingTab", u"Refresh", None))
#if QT_CONFIG(accessibility)
        self.contactsExportButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Save this report as an Excel workbook or a PDF file.", None))
#endif // QT_CONFIG(accessibility)
        self.contactsExportButton.setText(QCoreApplication.translate("ReportingTab", u"Export (Excel or PDF)\u2026", None))
        self.pages.setTabText(self.pages.indexOf(self.contactsPage), QCoreApplication.translate("ReportingTab", u"New emergency contacts", None))
#if QT_CONFIG(tooltip)
        self.pages.setTabToolTip(self.pages.indexOf(self.contactsPage), QCoreApplication.translate("ReportingTab", u"Emergency contacts added or changed lately.", None))
#endif // QT_CONFIG(tooltip)
        self.sisIntroLabel.setText(QCoreApplication.translate("ReportingTab", u"Record each guardian below as the verified parent and legal guardian of the student in the SIS. The next SIS import that carries the status removes the row; the PIN can be issued from then on.", None))
#if QT_CONFIG(accessibility)
        self.sisTable.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Changes the desk asked for that the office must make in the SIS.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sisTable.setAccessibleName(QCoreApplication.translate("ReportingTab", u"SIS updates to make", None))
#endif // QT_CONFIG(accessibility)
        self.sisLabel.setText("")
#if QT_CONFIG(accessibility)
        self.sisRefreshButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Run this report again.", None))
#endif // QT_CONFIG(accessibility)
        self.sisRefreshButton.setText(QCoreApplication.translate("ReportingTab", u"Refresh", None))
#if QT_CONFIG(accessibility)
        self.sisExportButton.setAccessibleDescription(QCoreApplication.translate("ReportingTab", u"Save this report as an Excel workbook or a PDF file.", None))
#endif // QT_CONFIG(accessibility)
        self.sisExportButton.setText(QCoreApplication.translate("ReportingTab", u"Export (Excel or PDF)\u2026", None))
        self.pages.setTabText(self.pages.indexOf(self.sisPage), QCoreApplication.translate("ReportingTab", u"SIS updates to make", None))
#if QT_CONFIG(tooltip)
        self.pages.setTabToolTip(self.pages.indexOf(self.sisPage), QCoreApplication.translate("ReportingTab", u"What the office must record in the SIS.", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

