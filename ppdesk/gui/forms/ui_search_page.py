# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'search_page.ui'
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
    QLabel, QLineEdit, QSizePolicy, QTableView,
    QVBoxLayout, QWidget)

class Ui_SearchPage(object):
    def setupUi(self, SearchPage):
        if not SearchPage.objectName():
            SearchPage.setObjectName(u"SearchPage")
        SearchPage.resize(900, 560)
        self.mainLayout = QVBoxLayout(SearchPage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.queryLayout = QHBoxLayout()
        self.queryLayout.setObjectName(u"queryLayout")
        self.queryLabel = QLabel(SearchPage)
        self.queryLabel.setObjectName(u"queryLabel")

        self.queryLayout.addWidget(self.queryLabel)

        self.queryEdit = QLineEdit(SearchPage)
        self.queryEdit.setObjectName(u"queryEdit")
        self.queryEdit.setMaxLength(200)
        self.queryEdit.setClearButtonEnabled(True)

        self.queryLayout.addWidget(self.queryEdit)


        self.mainLayout.addLayout(self.queryLayout)

        self.countLabel = QLabel(SearchPage)
        self.countLabel.setObjectName(u"countLabel")

        self.mainLayout.addWidget(self.countLabel)

        self.table = QTableView(SearchPage)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.table)

        self.hintLabel = QLabel(SearchPage)
        self.hintLabel.setObjectName(u"hintLabel")

        self.mainLayout.addWidget(self.hintLabel)

#if QT_CONFIG(shortcut)
        self.queryLabel.setBuddy(self.queryEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.queryEdit, self.table)

        self.retranslateUi(SearchPage)

        QMetaObject.connectSlotsByName(SearchPage)
    # setupUi

    def retranslateUi(self, SearchPage):
        self.queryLabel.setText(QCoreApplication.translate("SearchPage", u"&Search:", None))
        self.countLabel.setText("")
        self.hintLabel.setText(QCoreApplication.translate("SearchPage", u"\u2191 \u2193 choose a row \u00b7 Enter opens it \u00b7 Esc clears the search", None))
        pass
    # retranslateUi

