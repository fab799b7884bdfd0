# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_questions.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget,
    QWizardPage)

class Ui_QuestionsPage(object):
    def setupUi(self, QuestionsPage):
        if not QuestionsPage.objectName():
            QuestionsPage.setObjectName(u"QuestionsPage")
        QuestionsPage.resize(640, 420)
        self.mainLayout = QVBoxLayout(QuestionsPage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.questionsForm = QFormLayout()
        self.questionsForm.setObjectName(u"questionsForm")
        self.dobLabel = QLabel(QuestionsPage)
        self.dobLabel.setObjectName(u"dobLabel")

        self.questionsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.dobLabel)

        self.dobEdit = QLineEdit(QuestionsPage)
        self.dobEdit.setObjectName(u"dobEdit")
        self.dobEdit.setMaxLength(300)

        self.questionsForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.dobEdit)

        self.nameLabel = QLabel(QuestionsPage)
        self.nameLabel.setObjectName(u"nameLabel")

        self.questionsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(QuestionsPage)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(300)

        self.questionsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.gradeLabel = QLabel(QuestionsPage)
        self.gradeLabel.setObjectName(u"gradeLabel")

        self.questionsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.gradeLabel)

        self.gradeEdit = QLineEdit(QuestionsPage)
        self.gradeEdit.setObjectName(u"gradeEdit")
        self.gradeEdit.setMaxLength(300)

        self.questionsForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.gradeEdit)

        self.addressLabel = QLabel(QuestionsPage)
        self.addressLabel.setObjectName(u"addressLabel")

        self.questionsForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.addressLabel)

        self.addressEdit = QLineEdit(QuestionsPage)
        self.addressEdit.setObjectName(u"addressEdit")
        self.addressEdit.setMaxLength(300)

        self.questionsForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.addressEdit)

        self.phoneLabel = QLabel(QuestionsPage)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.questionsForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phoneEdit = QLineEdit(QuestionsPage)
        self.phoneEdit.setObjectName(u"phoneEdit")
        self.phoneEdit.setMaxLength(300)

        self.questionsForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.contactNameLabel = QLabel(QuestionsPage)
        self.contactNameLabel.setObjectName(u"contactNameLabel")

        self.questionsForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.contactNameLabel)

        self.contactNameEdit = QLineEdit(QuestionsPage)
        self.contactNameEdit.setObjectName(u"contactNameEdit")
        self.contactNameEdit.setMaxLength(300)

        self.questionsForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.contactNameEdit)

        self.contactPhoneLabel = QLabel(QuestionsPage)
        self.contactPhoneLabel.setObjectName(u"contactPhoneLabel")

        self.questionsForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.contactPhoneLabel)

        self.contactPhoneEdit = QLineEdit(QuestionsPage)
        self.contactPhoneEdit.setObjectName(u"contactPhoneEdit")
        self.contactPhoneEdit.setMaxLength(300)

        self.questionsForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.contactPhoneEdit)


        self.mainLayout.addLayout(self.questionsForm)

        self.noteLabel = QLabel(QuestionsPage)
        self.noteLabel.setObjectName(u"noteLabel")
        self.noteLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.noteLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.dobLabel.setBuddy(self.dobEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.gradeLabel.setBuddy(self.gradeEdit)
        self.addressLabel.setBuddy(self.addressEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
        self.contactNameLabel.setBuddy(self.contactNameEdit)
        self.contactPhoneLabel.setBuddy(self.contactPhoneEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.dobEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.gradeEdit)
        QWidget.setTabOrder(self.gradeEdit, self.addressEdit)
        QWidget.setTabOrder(self.addressEdit, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.contactNameEdit)
        QWidget.setTabOrder(self.contactNameEdit, self.contactPhoneEdit)

        self.retranslateUi(QuestionsPage)

        QMetaObject.connectSlotsByName(QuestionsPage)
    # setupUi

    def retranslateUi(self, QuestionsPage):
        QuestionsPage.setTitle(QCoreApplication.translate("QuestionsPage", u"Security questions", None))
        QuestionsPage.setSubTitle(QCoreApplication.translate("QuestionsPage", u"Ask each question and type the answer exactly as the guardian gives it. Do not read anything from the record to them.", None))
        self.dobLabel.setText(QCoreApplication.translate("QuestionsPage", u"1. Student's &date of birth:", None))
#if QT_CONFIG(accessibility)
        self.dobEdit.setAccessibleDescription(QCoreApplication.translate("QuestionsPage", u"The student's date of birth, as the guardian says it.", None))
#endif // QT_CONFIG(accessibility)
        self.dobEdit.setPlaceholderText(QCoreApplication.translate("QuestionsPage", u"as the guardian says it, e.g. March 4 2015 or 3/4/2015", None))
        self.nameLabel.setText(QCoreApplication.translate("QuestionsPage", u"2. Student's first and last na&me:", None))
#if QT_CONFIG(accessibility)
        self.nameEdit.setAccessibleDescription(QCoreApplication.translate("QuestionsPage", u"The student's full name, as the guardian says it.", None))
#endif // QT_CONFIG(accessibility)
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("QuestionsPage", u"first and last name", None))
        self.gradeLabel.setText(QCoreApplication.translate("QuestionsPage", u"3. Student's &grade level:", None))
#if QT_CONFIG(accessibility)
        self.gradeEdit.setAccessibleDescription(QCoreApplication.translate("QuestionsPage", u"The student's grade, as the guardian says it.", None))
#endif // QT_CONFIG(accessibility)
        self.gradeEdit.setPlaceholderText(QCoreApplication.translate("QuestionsPage", u"e.g. K, 3, third", None))
        self.addressLabel.setText(QCoreApplication.translate("QuestionsPage", u"4. Student's home &address", None))
#if QT_CONFIG(accessibility)
        self.addressEdit.setAccessibleDescription(QCoreApplication.translate("QuestionsPage", u"The home address on record, as the guardian says it.", None))
#endif // QT_CONFIG(accessibility)
        self.addressEdit.setPlaceholderText(QCoreApplication.translate("QuestionsPage", u"street and number (ZIP optional)", None))
        self.phoneLabel.setText(QCoreApplication.translate("QuestionsPage", u"    and &phone number:", None))
#if QT_CONFIG(accessibility)
        self.phoneEdit.setAccessibleDescription(QCoreApplication.translate("QuestionsPage", u"A phone number on record, as the guardian says it.", None))
#endif // QT_CONFIG(accessibility)
        self.phoneEdit.setPlaceholderText(QCoreApplication.translate("QuestionsPage", u"10 digits, any punctuation", None))
        self.contactNameLabel.setText(QCoreApplication.translate("QuestionsPage", u"5. Emergency con&tact's name", None))
#if QT_CONFIG(accessibility)
        self.contactNameEdit.setAccessibleDescription(QCoreApplication.translate("QuestionsPage", u"The name of an emergency contact, as the guardian says it.", None))
#endif // QT_CONFIG(accessibility)
        self.contactNameEdit.setPlaceholderText(QCoreApplication.translate("QuestionsPage", u"one of the student's emergency contacts", None))
        self.contactPhoneLabel.setText(QCoreApplication.translate("QuestionsPage", u"    and that contact's ph&one:", None))
#if QT_CONFIG(accessibility)
        self.contactPhoneEdit.setAccessibleDescription(QCoreApplication.translate("QuestionsPage", u"That emergency contact's phone number, as the guardian says it.", None))
#endif // QT_CONFIG(accessibility)
        self.contactPhoneEdit.setPlaceholderText(QCoreApplication.translate("QuestionsPage", u"that contact's phone number", None))
        self.noteLabel.setText(QCoreApplication.translate("QuestionsPage", u"Every answer is needed. If the guardian does not know one, type what they say (for example \"does not know\"): the check then fails.", None))
    # retranslateUi

