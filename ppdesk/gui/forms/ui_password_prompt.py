# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'password_prompt.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_PasswordPrompt(object):
    def setupUi(self, PasswordPrompt):
        if not PasswordPrompt.objectName():
            PasswordPrompt.setObjectName(u"PasswordPrompt")
        PasswordPrompt.resize(420, 180)
        self.mainLayout = QVBoxLayout(PasswordPrompt)
        self.mainLayout.setObjectName(u"mainLayout")
        self.messageLabel = QLabel(PasswordPrompt)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.messageLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.passwordLabel = QLabel(PasswordPrompt)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(PasswordPrompt)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setMaxLength(256)
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.passwordEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(PasswordPrompt)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(PasswordPrompt)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(PasswordPrompt)

        QMetaObject.connectSlotsByName(PasswordPrompt)
    # setupUi

    def retranslateUi(self, PasswordPrompt):
        PasswordPrompt.setWindowTitle(QCoreApplication.translate("PasswordPrompt", u"Enter your password again", None))
        self.messageLabel.setText("")
        self.passwordLabel.setText(QCoreApplication.translate("PasswordPrompt", u"&Password:", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleDescription(QCoreApplication.translate("PasswordPrompt", u"Your password again, to confirm that it is you. It is never shown.", None))
#endif // QT_CONFIG(accessibility)
        self.errorLabel.setText("")
    # retranslateUi

