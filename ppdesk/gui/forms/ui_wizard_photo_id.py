# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_photo_id.ui'
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
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget, QWizardPage)

class Ui_PhotoIdPage(object):
    def setupUi(self, PhotoIdPage):
        if not PhotoIdPage.objectName():
            PhotoIdPage.setObjectName(u"PhotoIdPage")
        PhotoIdPage.resize(640, 460)
        self.mainLayout = QVBoxLayout(PhotoIdPage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.idForm = QFormLayout()
        self.idForm.setObjectName(u"idForm")
        self.guardianCaption = QLabel(PhotoIdPage)
        self.guardianCaption.setObjectName(u"guardianCaption")

        self.idForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.guardianCaption)

        self.guardianValue = QLabel(PhotoIdPage)
        self.guardianValue.setObjectName(u"guardianValue")

        self.idForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.guardianValue)

        self.idTypeLabel = QLabel(PhotoIdPage)
        self.idTypeLabel.setObjectName(u"idTypeLabel")

        self.idForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.idTypeLabel)

        self.idTypeCombo = QComboBox(PhotoIdPage)
        self.idTypeCombo.setObjectName(u"idTypeCombo")

        self.idForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.idTypeCombo)


        self.mainLayout.addLayout(self.idForm)

        self.nameGroup = QGroupBox(PhotoIdPage)
        self.nameGroup.setObjectName(u"nameGroup")
        self.nameLayout = QHBoxLayout(self.nameGroup)
        self.nameLayout.setObjectName(u"nameLayout")
        self.nameYesRadio = QRadioButton(self.nameGroup)
        self.nameYesRadio.setObjectName(u"nameYesRadio")

        self.nameLayout.addWidget(self.nameYesRadio)

        self.nameNoRadio = QRadioButton(self.nameGroup)
        self.nameNoRadio.setObjectName(u"nameNoRadio")

        self.nameLayout.addWidget(self.nameNoRadio)


        self.mainLayout.addWidget(self.nameGroup)

        self.expiryForm = QFormLayout()
        self.expiryForm.setObjectName(u"expiryForm")
        self.expiryLabel = QLabel(PhotoIdPage)
        self.expiryLabel.setObjectName(u"expiryLabel")

        self.expiryForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.expiryLabel)

        self.expiryEdit = QLineEdit(PhotoIdPage)
        self.expiryEdit.setObjectName(u"expiryEdit")
        self.expiryEdit.setMaxLength(40)

        self.expiryForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.expiryEdit)

        self.expiryHint = QLabel(PhotoIdPage)
        self.expiryHint.setObjectName(u"expiryHint")

        self.expiryForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.expiryHint)

        self.noExpiryCheck = QCheckBox(PhotoIdPage)
        self.noExpiryCheck.setObjectName(u"noExpiryCheck")

        self.expiryForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.noExpiryCheck)


        self.mainLayout.addLayout(self.expiryForm)

        self.seenGroup = QGroupBox(PhotoIdPage)
        self.seenGroup.setObjectName(u"seenGroup")
        self.seenLayout = QHBoxLayout(self.seenGroup)
        self.seenLayout.setObjectName(u"seenLayout")
        self.seenYesRadio = QRadioButton(self.seenGroup)
        self.seenYesRadio.setObjectName(u"seenYesRadio")

        self.seenLayout.addWidget(self.seenYesRadio)

        self.seenNoRadio = QRadioButton(self.seenGroup)
        self.seenNoRadio.setObjectName(u"seenNoRadio")

        self.seenLayout.addWidget(self.seenNoRadio)


        self.mainLayout.addWidget(self.seenGroup)

        self.errorLabel = QLabel(PhotoIdPage)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.idTypeLabel.setBuddy(self.idTypeCombo)
        self.expiryLabel.setBuddy(self.expiryEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.idTypeCombo, self.nameYesRadio)
        QWidget.setTabOrder(self.nameYesRadio, self.nameNoRadio)
        QWidget.setTabOrder(self.nameNoRadio, self.expiryEdit)
        QWidget.setTabOrder(self.expiryEdit, self.noExpiryCheck)
        QWidget.setTabOrder(self.noExpiryCheck, self.seenYesRadio)
        QWidget.setTabOrder(self.seenYesRadio, self.seenNoRadio)

        self.retranslateUi(PhotoIdPage)

        QMetaObject.connectSlotsByName(PhotoIdPage)
    # setupUi

    def retranslateUi(self, PhotoIdPage):
        PhotoIdPage.setTitle(QCoreApplication.translate("PhotoIdPage", u"Photo ID", None))
        PhotoIdPage.setSubTitle(QCoreApplication.translate("PhotoIdPage", u"Ask for a California ID, driver's license, consulate card or passport and look at it yourself.", None))
        self.guardianCaption.setText(QCoreApplication.translate("PhotoIdPage", u"Guardian on record:", None))
        self.guardianValue.setText("")
        self.idTypeLabel.setText(QCoreApplication.translate("PhotoIdPage", u"&Type of photo ID:", None))
#if QT_CONFIG(accessibility)
        self.idTypeCombo.setAccessibleDescription(QCoreApplication.translate("PhotoIdPage", u"The kind of photo ID the guardian shows.", None))
#endif // QT_CONFIG(accessibility)
        self.idTypeCombo.setPlaceholderText(QCoreApplication.translate("PhotoIdPage", u"Choose the ID shown", None))
        self.nameGroup.setTitle(QCoreApplication.translate("PhotoIdPage", u"Does the name on the ID match the guardian's name?", None))
#if QT_CONFIG(accessibility)
        self.nameYesRadio.setAccessibleDescription(QCoreApplication.translate("PhotoIdPage", u"The name on the ID is the guardian's name on record.", None))
#endif // QT_CONFIG(accessibility)
        self.nameYesRadio.setText(QCoreApplication.translate("PhotoIdPage", u"&Yes, the name matches", None))
#if QT_CONFIG(accessibility)
        self.nameNoRadio.setAccessibleDescription(QCoreApplication.translate("PhotoIdPage", u"The name on the ID is not the guardian's name on record. The check fails.", None))
#endif // QT_CONFIG(accessibility)
        self.nameNoRadio.setText(QCoreApplication.translate("PhotoIdPage", u"N&o, it does not match", None))
        self.expiryLabel.setText(QCoreApplication.translate("PhotoIdPage", u"&Expiry date on the ID:", None))
#if QT_CONFIG(accessibility)
        self.expiryEdit.setAccessibleDescription(QCoreApplication.translate("PhotoIdPage", u"The expiry date printed on the ID.", None))
#endif // QT_CONFIG(accessibility)
        self.expiryEdit.setPlaceholderText(QCoreApplication.translate("PhotoIdPage", u"e.g. 12/31/2030 or Dec 31 2030", None))
        self.expiryHint.setText("")
#if QT_CONFIG(accessibility)
        self.noExpiryCheck.setAccessibleDescription(QCoreApplication.translate("PhotoIdPage", u"Tick this when the ID has no expiry date printed on it.", None))
#endif // QT_CONFIG(accessibility)
        self.noExpiryCheck.setText(QCoreApplication.translate("PhotoIdPage", u"This ID has no e&xpiry date printed on it", None))
        self.seenGroup.setTitle(QCoreApplication.translate("PhotoIdPage", u"Video call: did you see the guardian on screen, holding this ID?", None))
#if QT_CONFIG(accessibility)
        self.seenYesRadio.setAccessibleDescription(QCoreApplication.translate("PhotoIdPage", u"You saw the guardian's face and the photo ID together on the video.", None))
#endif // QT_CONFIG(accessibility)
        self.seenYesRadio.setText(QCoreApplication.translate("PhotoIdPage", u"Yes, &seen on screen with the ID", None))
#if QT_CONFIG(accessibility)
        self.seenNoRadio.setAccessibleDescription(QCoreApplication.translate("PhotoIdPage", u"You did not see the guardian with the photo ID on the video. The check fails.", None))
#endif // QT_CONFIG(accessibility)
        self.seenNoRadio.setText(QCoreApplication.translate("PhotoIdPage", u"No, not seen (the check &fails)", None))
        self.errorLabel.setText("")
    # retranslateUi

