# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'letters_tab.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_LettersTab(object):
    def setupUi(self, lettersTab):
        if not lettersTab.objectName():
            lettersTab.setObjectName(u"lettersTab")
        self.mainLayout = QVBoxLayout(lettersTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formHost = QWidget(lettersTab)
        self.formHost.setObjectName(u"formHost")
        self.formHost.setMaximumSize(QSize(640, 16777215))
        self.choicesForm = QFormLayout(self.formHost)
        self.choicesForm.setObjectName(u"choicesForm")
        self.schoolLabel = QLabel(self.formHost)
        self.schoolLabel.setObjectName(u"schoolLabel")

        self.choicesForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.schoolLabel)

        self.schoolCombo = QComboBox(self.formHost)
        self.schoolCombo.setObjectName(u"schoolCombo")

        self.choicesForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.schoolCombo)

        self.gradeLabel = QLabel(self.formHost)
        self.gradeLabel.setObjectName(u"gradeLabel")

        self.choicesForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.gradeLabel)

        self.gradeCombo = QComboBox(self.formHost)
        self.gradeCombo.setObjectName(u"gradeCombo")

        self.choicesForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.gradeCombo)

        self.homeroomLabel = QLabel(self.formHost)
        self.homeroomLabel.setObjectName(u"homeroomLabel")

        self.choicesForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.homeroomLabel)

        self.homeroomEdit = QLineEdit(self.formHost)
        self.homeroomEdit.setObjectName(u"homeroomEdit")

        self.choicesForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.homeroomEdit)

        self.languageLabel = QLabel(self.formHost)
        self.languageLabel.setObjectName(u"languageLabel")

        self.choicesForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.languageCombo = QComboBox(self.formHost)
        self.languageCombo.setObjectName(u"languageCombo")

        self.choicesForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.languageCombo)

        self.bilingualCheck = QCheckBox(self.formHost)
        self.bilingualCheck.setObjectName(u"bilingualCheck")

        self.choicesForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.bilingualCheck)

        self.unregisteredCheck = QCheckBox(self.formHost)
        self.unregisteredCheck.setObjectName(u"unregisteredCheck")
        self.unregisteredCheck.setChecked(True)

        self.choicesForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.unregisteredCheck)

        self.signOutCheck = QCheckBox(self.formHost)
        self.signOutCheck.setObjectName(u"signOutCheck")
        self.signOutCheck.setChecked(True)

        self.choicesForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.signOutCheck)


        self.mainLayout.addWidget(self.formHost)

        self.runLayout = QHBoxLayout()
        self.runLayout.setObjectName(u"runLayout")
        self.planButton = QPushButton(lettersTab)
        self.planButton.setObjectName(u"planButton")

        self.runLayout.addWidget(self.planButton)

        self.runButton = QPushButton(lettersTab)
        self.runButton.setObjectName(u"runButton")
        self.runButton.setEnabled(False)

        self.runLayout.addWidget(self.runButton)

        self.progressBar = QProgressBar(lettersTab)
        self.progressBar.setObjectName(u"progressBar")

        self.runLayout.addWidget(self.progressBar)

        self.cancelButton = QPushButton(lettersTab)
        self.cancelButton.setObjectName(u"cancelButton")

        self.runLayout.addWidget(self.cancelButton)

        self.runSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.runLayout.addItem(self.runSpacer)

        self.runLayout.setStretch(2, 1)

        self.mainLayout.addLayout(self.runLayout)

        self.planLabel = QLabel(lettersTab)
        self.planLabel.setObjectName(u"planLabel")
        self.planLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.planLabel)

        self.resultLabel = QLabel(lettersTab)
        self.resultLabel.setObjectName(u"resultLabel")
        self.resultLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.resultLabel)

        self.doneLayout = QHBoxLayout()
        self.doneLayout.setObjectName(u"doneLayout")
        self.previewButton = QPushButton(lettersTab)
        self.previewButton.setObjectName(u"previewButton")
        self.previewButton.setEnabled(False)

        self.doneLayout.addWidget(self.previewButton)

        self.printButton = QPushButton(lettersTab)
        self.printButton.setObjectName(u"printButton")
        self.printButton.setEnabled(False)

        self.doneLayout.addWidget(self.printButton)

        self.saveButton = QPushButton(lettersTab)
        self.saveButton.setObjectName(u"saveButton")
        self.saveButton.setEnabled(False)

        self.doneLayout.addWidget(self.saveButton)

        self.doneSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.doneLayout.addItem(self.doneSpacer)


        self.mainLayout.addLayout(self.doneLayout)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.schoolLabel.setBuddy(self.schoolCombo)
        self.gradeLabel.setBuddy(self.gradeCombo)
        self.homeroomLabel.setBuddy(self.homeroomEdit)
        self.languageLabel.setBuddy(self.languageCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(lettersTab)

        QMetaObject.connectSlotsByName(lettersTab)
    # setupUi

    def retranslateUi(self, lettersTab):
        self.schoolLabel.setText(QCoreApplication.translate("LettersTab", u"School:", None))
#if QT_CONFIG(accessibility)
        self.schoolCombo.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"The school to print letters for.", None))
#endif // QT_CONFIG(accessibility)
        self.gradeLabel.setText(QCoreApplication.translate("LettersTab", u"Grade:", None))
#if QT_CONFIG(accessibility)
        self.gradeCombo.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Print letters for one grade, or the whole school.", None))
#endif // QT_CONFIG(accessibility)
        self.homeroomLabel.setText(QCoreApplication.translate("LettersTab", u"Homeroom:", None))
#if QT_CONFIG(accessibility)
        self.homeroomEdit.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Print letters for one homeroom only (optional).", None))
#endif // QT_CONFIG(accessibility)
        self.homeroomEdit.setPlaceholderText(QCoreApplication.translate("LettersTab", u"optional: room or teacher, e.g. Rm 12", None))
        self.languageLabel.setText(QCoreApplication.translate("LettersTab", u"Language:", None))
#if QT_CONFIG(accessibility)
        self.languageCombo.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"The language each letter is printed in.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.bilingualCheck.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Print the English text beside the home language.", None))
#endif // QT_CONFIG(accessibility)
        self.bilingualCheck.setText(QCoreApplication.translate("LettersTab", u"Bilingual letters (with English)", None))
#if QT_CONFIG(accessibility)
        self.unregisteredCheck.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Leave out guardians who already use the Parent Portal.", None))
#endif // QT_CONFIG(accessibility)
        self.unregisteredCheck.setText(QCoreApplication.translate("LettersTab", u"Only guardians not yet registered in the portal", None))
#if QT_CONFIG(accessibility)
        self.signOutCheck.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Print a sheet per homeroom where parents sign for their letter.", None))
#endif // QT_CONFIG(accessibility)
        self.signOutCheck.setText(QCoreApplication.translate("LettersTab", u"Sign-out sheet per homeroom", None))
#if QT_CONFIG(accessibility)
        self.planButton.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Count the letters this choice would print.", None))
#endif // QT_CONFIG(accessibility)
        self.planButton.setText(QCoreApplication.translate("LettersTab", u"1. Count the letters", None))
#if QT_CONFIG(accessibility)
        self.runButton.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Issue the PINs and make the letters counted. This is audited.", None))
#endif // QT_CONFIG(accessibility)
        self.runButton.setText(QCoreApplication.translate("LettersTab", u"2. Issue PINs and make the letters", None))
#if QT_CONFIG(accessibility)
        self.cancelButton.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Stop making the letters.", None))
#endif // QT_CONFIG(accessibility)
        self.cancelButton.setText(QCoreApplication.translate("LettersTab", u"Cancel", None))
        self.planLabel.setText(QCoreApplication.translate("LettersTab", u"Choose who gets a letter, then count them before printing.", None))
        self.resultLabel.setText("")
#if QT_CONFIG(accessibility)
        self.previewButton.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Show the letters made on screen.", None))
#endif // QT_CONFIG(accessibility)
        self.previewButton.setText(QCoreApplication.translate("LettersTab", u"Preview\u2026", None))
#if QT_CONFIG(accessibility)
        self.printButton.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Send the letters made to a printer.", None))
#endif // QT_CONFIG(accessibility)
        self.printButton.setText(QCoreApplication.translate("LettersTab", u"Print\u2026", None))
#if QT_CONFIG(accessibility)
        self.saveButton.setAccessibleDescription(QCoreApplication.translate("LettersTab", u"Save the letters made as a PDF file.", None))
#endif // QT_CONFIG(accessibility)
        self.saveButton.setText(QCoreApplication.translate("LettersTab", u"Save as PDF\u2026", None))
        pass
    # retranslateUi

