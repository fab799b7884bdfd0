# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'import_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_ImportTab(object):
    def setupUi(self, importTab):
        if not importTab.objectName():
            importTab.setObjectName(u"importTab")
        self.mainLayout = QVBoxLayout(importTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(importTab)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.sourceLayout = QHBoxLayout()
        self.sourceLayout.setObjectName(u"sourceLayout")
        self.folderButton = QPushButton(importTab)
        self.folderButton.setObjectName(u"folderButton")

        self.sourceLayout.addWidget(self.folderButton)

        self.zipButton = QPushButton(importTab)
        self.zipButton.setObjectName(u"zipButton")

        self.sourceLayout.addWidget(self.zipButton)

        self.templateButton = QPushButton(importTab)
        self.templateButton.setObjectName(u"templateButton")

        self.sourceLayout.addWidget(self.templateButton)

        self.sourceSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sourceLayout.addItem(self.sourceSpacer)

        self.blankButton = QPushButton(importTab)
        self.blankButton.setObjectName(u"blankButton")

        self.sourceLayout.addWidget(self.blankButton)

        self.sourceLayout.setStretch(3, 1)

        self.mainLayout.addLayout(self.sourceLayout)

        self.verifiedCheck = QCheckBox(importTab)
        self.verifiedCheck.setObjectName(u"verifiedCheck")

        self.mainLayout.addWidget(self.verifiedCheck)

        self.sourceLabel = QLabel(importTab)
        self.sourceLabel.setObjectName(u"sourceLabel")

        self.mainLayout.addWidget(self.sourceLabel)

        self.summaryLabel = QLabel(importTab)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.summaryLabel)

        self.problemsTable = QTableWidget(importTab)
        if (self.problemsTable.columnCount() < 5):
            self.problemsTable.setColumnCount(5)
        __qtablewidgetitem = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        self.problemsTable.setObjectName(u"problemsTable")
        self.problemsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problemsTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.problemsTable)

        self.actionsLayout = QHBoxLayout()
        self.actionsLayout.setObjectName(u"actionsLayout")
        self.actionsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionsLayout.addItem(self.actionsSpacer)

        self.cancelButton = QPushButton(importTab)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setEnabled(False)

        self.actionsLayout.addWidget(self.cancelButton)

        self.applyButton = QPushButton(importTab)
        self.applyButton.setObjectName(u"applyButton")
        self.applyButton.setEnabled(False)

        self.actionsLayout.addWidget(self.applyButton)

        self.actionsLayout.setStretch(0, 1)

        self.mainLayout.addLayout(self.actionsLayout)

        self.mainLayout.setStretch(5, 1)

        self.retranslateUi(importTab)

        QMetaObject.connectSlotsByName(importTab)
    # setupUi

    def retranslateUi(self, importTab):
        self.introLabel.setText(QCoreApplication.translate("ImportTab", u"Import students, guardians and staff from the student information system. Nothing is written until you press Apply; a file with errors is never applied.", None))
#if QT_CONFIG(accessibility)
        self.folderButton.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"Check a folder of OneRoster CSV files (a dry run).", None))
#endif // QT_CONFIG(accessibility)
        self.folderButton.setText(QCoreApplication.translate("ImportTab", u"OneRoster &folder\u2026", None))
#if QT_CONFIG(accessibility)
        self.zipButton.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"Check a OneRoster zip file (a dry run).", None))
#endif // QT_CONFIG(accessibility)
        self.zipButton.setText(QCoreApplication.translate("ImportTab", u"OneRoster &zip\u2026", None))
#if QT_CONFIG(accessibility)
        self.templateButton.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"Check a filled-in ppdesk import template (a dry run).", None))
#endif // QT_CONFIG(accessibility)
        self.templateButton.setText(QCoreApplication.translate("ImportTab", u"&Template file\u2026", None))
#if QT_CONFIG(accessibility)
        self.blankButton.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"Save an empty import template to fill in.", None))
#endif // QT_CONFIG(accessibility)
        self.blankButton.setText(QCoreApplication.translate("ImportTab", u"Save a &blank template\u2026", None))
#if QT_CONFIG(accessibility)
        self.verifiedCheck.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"Tick only if your OneRoster export lists only verified parents and legal guardians as parents and guardians.", None))
#endif // QT_CONFIG(accessibility)
        self.verifiedCheck.setText(QCoreApplication.translate("ImportTab", u"Parents and guardians count as verified legal guardians (OneRoster role)", None))
        self.sourceLabel.setText(QCoreApplication.translate("ImportTab", u"No file chosen.", None))
        self.summaryLabel.setText("")
        ___qtablewidgetitem = self.problemsTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ImportTab", u"Severity", None))
        ___qtablewidgetitem1 = self.problemsTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ImportTab", u"File", None))
        ___qtablewidgetitem2 = self.problemsTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ImportTab", u"Line", None))
        ___qtablewidgetitem3 = self.problemsTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("ImportTab", u"Column", None))
        ___qtablewidgetitem4 = self.problemsTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("ImportTab", u"Message", None))
#if QT_CONFIG(accessibility)
        self.problemsTable.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"What the dry run found wrong in the files, by line.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.problemsTable.setAccessibleName(QCoreApplication.translate("ImportTab", u"Problems found in the files", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.cancelButton.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"Forget the dry run; nothing is imported.", None))
#endif // QT_CONFIG(accessibility)
        self.cancelButton.setText(QCoreApplication.translate("ImportTab", u"&Cancel", None))
#if QT_CONFIG(accessibility)
        self.applyButton.setAccessibleDescription(QCoreApplication.translate("ImportTab", u"Import what the dry run checked.", None))
#endif // QT_CONFIG(accessibility)
        self.applyButton.setText(QCoreApplication.translate("ImportTab", u"&Apply import", None))
        pass
    # retranslateUi

