# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'lock_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_LockPage(object):
    def setupUi(self, LockPage):
        if not LockPage.objectName():
            LockPage.setObjectName(u"LockPage")
        LockPage.resize(700, 420)
        self.mainLayout = QVBoxLayout(LockPage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.topSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.topSpacer)

        self.titleLabel = QLabel(LockPage)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.mainLayout.addWidget(self.titleLabel)

        self.explainLabel = QLabel(LockPage)
        self.explainLabel.setObjectName(u"explainLabel")
        self.explainLabel.setWordWrap(True)
        self.explainLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.mainLayout.addWidget(self.explainLabel)

        self.centerLayout = QHBoxLayout()
        self.centerLayout.setObjectName(u"centerLayout")
        self.leftSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerLayout.addItem(self.leftSpacer)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.userLabel = QLabel(LockPage)
        self.userLabel.setObjectName(u"userLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.userLabel)

        self.userEdit = QLineEdit(LockPage)
        self.userEdit.setObjectName(u"userEdit")
        self.userEdit.setMinimumSize(QSize(260, 0))
        self.userEdit.setMaxLength(100)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.userEdit)

        self.passwordLabel = QLabel(LockPage)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(LockPage)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setMaxLength(256)
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.unlockButton = QPushButton(LockPage)
        self.unlockButton.setObjectName(u"unlockButton")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.unlockButton)


        self.centerLayout.addLayout(self.formLayout)

        self.rightSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerLayout.addItem(self.rightSpacer)


        self.mainLayout.addLayout(self.centerLayout)

        self.errorLabel = QLabel(LockPage)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.userLabel.setBuddy(self.userEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.passwordEdit, self.unlockButton)
        QWidget.setTabOrder(self.unlockButton, self.userEdit)

        self.retranslateUi(LockPage)

        QMetaObject.connectSlotsByName(LockPage)
    # setupUi

    def retranslateUi(self, LockPage):
        self.titleLabel.setText(QCoreApplication.translate("LockPage", u"<h2>The desk is locked</h2>", None))
        self.explainLabel.setText(QCoreApplication.translate("LockPage", u"Student data is hidden. Enter your password to continue, or log in as another staff member (your open work is then closed).", None))
        self.userLabel.setText(QCoreApplication.translate("LockPage", u"&User name:", None))
#if QT_CONFIG(accessibility)
        self.userEdit.setAccessibleDescription(QCoreApplication.translate("LockPage", u"The user name of the staff member who locked the desk.", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("LockPage", u"&Password:", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleDescription(QCoreApplication.translate("LockPage", u"Your password. It is never shown.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.unlockButton.setAccessibleDescription(QCoreApplication.translate("LockPage", u"Unlock the desk and show its windows again.", None))
#endif // QT_CONFIG(accessibility)
        self.unlockButton.setText(QCoreApplication.translate("LockPage", u"U&nlock", None))
        self.errorLabel.setText("")
        pass
    # retranslateUi

