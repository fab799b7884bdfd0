# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_mode.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QLabel,
    QLineEdit, QRadioButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget, QWizardPage)

class Ui_ModePage(object):
    def setupUi(self, ModePage):
        if not ModePage.objectName():
            ModePage.setObjectName(u"ModePage")
        ModePage.resize(640, 420)
        self.mainLayout = QVBoxLayout(ModePage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.whoForm = QFormLayout()
        self.whoForm.setObjectName(u"whoForm")
        self.guardianCaption = QLabel(ModePage)
        self.guardianCaption.setObjectName(u"guardianCaption")

        self.whoForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.guardianCaption)

        self.guardianValue = QLabel(ModePage)
        self.guardianValue.setObjectName(u"guardianValue")

        self.whoForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.guardianValue)

        self.studentCaption = QLabel(ModePage)
        self.studentCaption.setObjectName(u"studentCaption")

        self.whoForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.studentCaption)

        self.studentValue = QLabel(ModePage)
        self.studentValue.setObjectName(u"studentValue")

        self.whoForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.studentValue)

        self.pinCaption = QLabel(ModePage)
        self.pinCaption.setObjectName(u"pinCaption")

        self.whoForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.pinCaption)

        self.pinValue = QLabel(ModePage)
        self.pinValue.setObjectName(u"pinValue")
        self.pinValue.setWordWrap(True)

        self.whoForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.pinValue)


        self.mainLayout.addLayout(self.whoForm)

        self.modeGroup = QGroupBox(ModePage)
        self.modeGroup.setObjectName(u"modeGroup")
        self.modeLayout = QVBoxLayout(self.modeGroup)
        self.modeLayout.setObjectName(u"modeLayout")
        self.inPersonRadio = QRadioButton(self.modeGroup)
        self.inPersonRadio.setObjectName(u"inPersonRadio")
        self.inPersonRadio.setChecked(True)

        self.modeLayout.addWidget(self.inPersonRadio)

        self.videoRadio = QRadioButton(self.modeGroup)
        self.videoRadio.setObjectName(u"videoRadio")

        self.modeLayout.addWidget(self.videoRadio)


        self.mainLayout.addWidget(self.modeGroup)

        self.reasonForm = QFormLayout()
        self.reasonForm.setObjectName(u"reasonForm")
        self.reasonLabel = QLabel(ModePage)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.reasonForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonEdit = QLineEdit(ModePage)
        self.reasonEdit.setObjectName(u"reasonEdit")
        self.reasonEdit.setMaxLength(500)

        self.reasonForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.reasonEdit)


        self.mainLayout.addLayout(self.reasonForm)

        self.noteLabel = QLabel(ModePage)
        self.noteLabel.setObjectName(u"noteLabel")
        self.noteLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.noteLabel)

        self.errorLabel = QLabel(ModePage)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.reasonLabel.setBuddy(self.reasonEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.inPersonRadio, self.videoRadio)
        QWidget.setTabOrder(self.videoRadio, self.reasonEdit)

        self.retranslateUi(ModePage)

        QMetaObject.connectSlotsByName(ModePage)
    # setupUi

    def retranslateUi(self, ModePage):
        ModePage.setTitle(QCoreApplication.translate("ModePage", u"Who is at the desk?", None))
        ModePage.setSubTitle(QCoreApplication.translate("ModePage", u"Check that this is the person in front of you (or on the video call), then say how you see them.", None))
        self.guardianCaption.setText(QCoreApplication.translate("ModePage", u"Guardian:", None))
        self.guardianValue.setText("")
        self.studentCaption.setText(QCoreApplication.translate("ModePage", u"Student:", None))
        self.studentValue.setText("")
        self.pinCaption.setText(QCoreApplication.translate("ModePage", u"Parent Portal PIN:", None))
        self.pinValue.setText("")
        self.modeGroup.setTitle(QCoreApplication.translate("ModePage", u"How is the guardian here?", None))
#if QT_CONFIG(accessibility)
        self.inPersonRadio.setAccessibleDescription(QCoreApplication.translate("ModePage", u"The guardian is at the counter and shows a photo ID.", None))
#endif // QT_CONFIG(accessibility)
        self.inPersonRadio.setText(QCoreApplication.translate("ModePage", u"&In person, at the counter", None))
#if QT_CONFIG(accessibility)
        self.videoRadio.setAccessibleDescription(QCoreApplication.translate("ModePage", u"The guardian is on a live video call. You must see them on screen.", None))
#endif // QT_CONFIG(accessibility)
        self.videoRadio.setText(QCoreApplication.translate("ModePage", u"On a live &video call (you must see them on screen; the PIN may then be read out)", None))
        self.reasonLabel.setText(QCoreApplication.translate("ModePage", u"&Reason for a new PIN:", None))
#if QT_CONFIG(accessibility)
        self.reasonEdit.setAccessibleDescription(QCoreApplication.translate("ModePage", u"Why a new PIN is needed. It is kept in the audit trail.", None))
#endif // QT_CONFIG(accessibility)
        self.reasonEdit.setPlaceholderText(QCoreApplication.translate("ModePage", u"e.g. letter lost", None))
        self.noteLabel.setText(QCoreApplication.translate("ModePage", u"Next you ask the five security questions, then check a photo ID. The PIN is shown only if every check passes.", None))
        self.errorLabel.setText("")
    # retranslateUi

