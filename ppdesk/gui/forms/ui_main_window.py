# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
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
from PySide6.QtWidgets import (QApplication, QLabel, QMainWindow, QSizePolicy,
    QStackedWidget, QStatusBar, QTabWidget, QVBoxLayout,
    QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1180, 780)
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.bannerLabel = QLabel(self.centralwidget)
        self.bannerLabel.setObjectName(u"bannerLabel")
        self.bannerLabel.setWordWrap(True)

        self.centralLayout.addWidget(self.bannerLabel)

        self.stack = QStackedWidget(self.centralwidget)
        self.stack.setObjectName(u"stack")
        self.deskPage = QWidget()
        self.deskPage.setObjectName(u"deskPage")
        self.deskLayout = QVBoxLayout(self.deskPage)
        self.deskLayout.setObjectName(u"deskLayout")
        self.deskLayout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self.deskPage)
        self.tabs.setObjectName(u"tabs")
        self.tabs.setDocumentMode(True)
        self.findTab = QWidget()
        self.findTab.setObjectName(u"findTab")
        self.findLayout = QVBoxLayout(self.findTab)
        self.findLayout.setObjectName(u"findLayout")
        self.tabs.addTab(self.findTab, "")
        self.parentTab = QWidget()
        self.parentTab.setObjectName(u"parentTab")
        self.parentLayout = QVBoxLayout(self.parentTab)
        self.parentLayout.setObjectName(u"parentLayout")
        self.tabs.addTab(self.parentTab, "")
        self.reportingTab = QWidget()
        self.reportingTab.setObjectName(u"reportingTab")
        self.reportingLayout = QVBoxLayout(self.reportingTab)
        self.reportingLayout.setObjectName(u"reportingLayout")
        self.reportingLabel = QLabel(self.reportingTab)
        self.reportingLabel.setObjectName(u"reportingLabel")
        self.reportingLabel.setWordWrap(True)
        self.reportingLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)

        self.reportingLayout.addWidget(self.reportingLabel)

        self.tabs.addTab(self.reportingTab, "")

        self.deskLayout.addWidget(self.tabs)

        self.stack.addWidget(self.deskPage)
        self.lockHost = QWidget()
        self.lockHost.setObjectName(u"lockHost")
        self.lockLayout = QVBoxLayout(self.lockHost)
        self.lockLayout.setObjectName(u"lockLayout")
        self.stack.addWidget(self.lockHost)

        self.centralLayout.addWidget(self.stack)

        MainWindow.setCentralWidget(self.centralwidget)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.retranslateUi(MainWindow)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"ppdesk: Parent Portal desk", None))
        self.bannerLabel.setText("")
        self.tabs.setTabText(self.tabs.indexOf(self.findTab), QCoreApplication.translate("MainWindow", u"Find a student", None))
        self.tabs.setTabText(self.tabs.indexOf(self.parentTab), QCoreApplication.translate("MainWindow", u"Parent search", None))
        self.reportingLabel.setText(QCoreApplication.translate("MainWindow", u"<h3>Reporting</h3><p>The Student/Parent PIN roster, letters for a class, grade or school, reports and the audit trail will be here. Until then use the command line: <code>ppdesk --help</code>.</p>", None))
        self.tabs.setTabText(self.tabs.indexOf(self.reportingTab), QCoreApplication.translate("MainWindow", u"Reporting", None))
    # retranslateUi

