# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'student_view.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QFormLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QStackedWidget, QTableView,
    QVBoxLayout, QWidget)

class Ui_StudentView(object):
    def setupUi(self, StudentView):
        if not StudentView.objectName():
            StudentView.setObjectName(u"StudentView")
        StudentView.resize(1100, 640)
        self.mainLayout = QVBoxLayout(StudentView)
        self.mainLayout.setObjectName(u"mainLayout")
        self.headerLabel = QLabel(StudentView)
        self.headerLabel.setObjectName(u"headerLabel")

        self.mainLayout.addWidget(self.headerLabel)

        self.stack = QStackedWidget(StudentView)
        self.stack.setObjectName(u"stack")
        self.detailsPage = QWidget()
        self.detailsPage.setObjectName(u"detailsPage")
        self.detailsLayout = QHBoxLayout(self.detailsPage)
        self.detailsLayout.setObjectName(u"detailsLayout")
        self.detailsLayout.setContentsMargins(0, -1, 0, -1)
        self.studentGroup = QGroupBox(self.detailsPage)
        self.studentGroup.setObjectName(u"studentGroup")
        self.studentGroup.setMaximumSize(QSize(340, 16777215))
        self.studentLayout = QVBoxLayout(self.studentGroup)
        self.studentLayout.setObjectName(u"studentLayout")
        self.studentForm = QFormLayout()
        self.studentForm.setObjectName(u"studentForm")
        self.studentIdCaption = QLabel(self.studentGroup)
        self.studentIdCaption.setObjectName(u"studentIdCaption")

        self.studentForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.studentIdCaption)

        self.studentIdValue = QLabel(self.studentGroup)
        self.studentIdValue.setObjectName(u"studentIdValue")
        self.studentIdValue.setWordWrap(True)

        self.studentForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.studentIdValue)

        self.dobCaption = QLabel(self.studentGroup)
        self.dobCaption.setObjectName(u"dobCaption")

        self.studentForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.dobCaption)

        self.dobValue = QLabel(self.studentGroup)
        self.dobValue.setObjectName(u"dobValue")
        self.dobValue.setWordWrap(True)

        self.studentForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.dobValue)

        self.gradeCaption = QLabel(self.studentGroup)
        self.gradeCaption.setObjectName(u"gradeCaption")

        self.studentForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.gradeCaption)

        self.gradeValue = QLabel(self.studentGroup)
        self.gradeValue.setObjectName(u"gradeValue")
        self.gradeValue.setWordWrap(True)

        self.studentForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.gradeValue)

        self.homeroomCaption = QLabel(self.studentGroup)
        self.homeroomCaption.setObjectName(u"homeroomCaption")

        self.studentForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.homeroomCaption)

        self.homeroomValue = QLabel(self.studentGroup)
        self.homeroomValue.setObjectName(u"homeroomValue")
        self.homeroomValue.setWordWrap(True)

        self.studentForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.homeroomValue)

        self.schoolCaption = QLabel(self.studentGroup)
        self.schoolCaption.setObjectName(u"schoolCaption")

        self.studentForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.schoolCaption)

        self.schoolValue = QLabel(self.studentGroup)
        self.schoolValue.setObjectName(u"schoolValue")
        self.schoolValue.setWordWrap(True)

        self.studentForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.schoolValue)

        self.addressCaption = QLabel(self.studentGroup)
        self.addressCaption.setObjectName(u"addressCaption")

        self.studentForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.addressCaption)

        self.addressValue = QLabel(self.studentGroup)
        self.addressValue.setObjectName(u"addressValue")
        self.addressValue.setWordWrap(True)

        self.studentForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.addressValue)

        self.phoneCaption = QLabel(self.studentGroup)
        self.phoneCaption.setObjectName(u"phoneCaption")

        self.studentForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.phoneCaption)

        self.phoneValue = QLabel(self.studentGroup)
        self.phoneValue.setObjectName(u"phoneValue")
        self.phoneValue.setWordWrap(True)

        self.studentForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.phoneValue)

        self.emailCaption = QLabel(self.studentGroup)
        self.emailCaption.setObjectName(u"emailCaption")

        self.studentForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.emailCaption)

        self.emailValue = QLabel(self.studentGroup)
        self.emailValue.setObjectName(u"emailValue")
        self.emailValue.setWordWrap(True)

        self.studentForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.emailValue)

        self.languageCaption = QLabel(self.studentGroup)
        self.languageCaption.setObjectName(u"languageCaption")

        self.studentForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.languageCaption)

        self.languageValue = QLabel(self.studentGroup)
        self.languageValue.setObjectName(u"languageValue")
        self.languageValue.setWordWrap(True)

        self.studentForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.languageValue)


        self.studentLayout.addLayout(self.studentForm)

        self.studentSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.studentLayout.addItem(self.studentSpacer)


        self.detailsLayout.addWidget(self.studentGroup)

        self.rightLayout = QVBoxLayout()
        self.rightLayout.setObjectName(u"rightLayout")
        self.guardiansGroup = QGroupBox(self.detailsPage)
        self.guardiansGroup.setObjectName(u"guardiansGroup")
        self.guardiansLayout = QVBoxLayout(self.guardiansGroup)
        self.guardiansLayout.setObjectName(u"guardiansLayout")
        self.guardiansTable = QTableView(self.guardiansGroup)
        self.guardiansTable.setObjectName(u"guardiansTable")
        self.guardiansTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.guardiansTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.guardiansTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.guardiansTable.setWordWrap(False)
        self.guardiansTable.horizontalHeader().setStretchLastSection(True)
        self.guardiansTable.verticalHeader().setVisible(False)

        self.guardiansLayout.addWidget(self.guardiansTable)

        self.guardianHint = QLabel(self.guardiansGroup)
        self.guardianHint.setObjectName(u"guardianHint")
        self.guardianHint.setWordWrap(True)

        self.guardiansLayout.addWidget(self.guardianHint)

        self.pinActions = QHBoxLayout()
        self.pinActions.setObjectName(u"pinActions")
        self.verifyButton = QPushButton(self.guardiansGroup)
        self.verifyButton.setObjectName(u"verifyButton")

        self.pinActions.addWidget(self.verifyButton)

        self.printButton = QPushButton(self.guardiansGroup)
        self.printButton.setObjectName(u"printButton")

        self.pinActions.addWidget(self.printButton)

        self.previewButton = QPushButton(self.guardiansGroup)
        self.previewButton.setObjectName(u"previewButton")

        self.pinActions.addWidget(self.previewButton)

        self.reissueButton = QPushButton(self.guardiansGroup)
        self.reissueButton.setObjectName(u"reissueButton")

        self.pinActions.addWidget(self.reissueButton)

        self.revokeButton = QPushButton(self.guardiansGroup)
        self.revokeButton.setObjectName(u"revokeButton")

        self.pinActions.addWidget(self.revokeButton)

        self.pinSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.pinActions.addItem(self.pinSpacer)


        self.guardiansLayout.addLayout(self.pinActions)

        self.adminActions = QHBoxLayout()
        self.adminActions.setObjectName(u"adminActions")
        self.markVerifiedButton = QPushButton(self.guardiansGroup)
        self.markVerifiedButton.setObjectName(u"markVerifiedButton")

        self.adminActions.addWidget(self.markVerifiedButton)

        self.unlockButton = QPushButton(self.guardiansGroup)
        self.unlockButton.setObjectName(u"unlockButton")

        self.adminActions.addWidget(self.unlockButton)

        self.adminSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.adminActions.addItem(self.adminSpacer)


        self.guardiansLayout.addLayout(self.adminActions)


        self.rightLayout.addWidget(self.guardiansGroup)

        self.contactsGroup = QGroupBox(self.detailsPage)
        self.contactsGroup.setObjectName(u"contactsGroup")
        self.contactsLayout = QVBoxLayout(self.contactsGroup)
        self.contactsLayout.setObjectName(u"contactsLayout")
        self.contactsTable = QTableView(self.contactsGroup)
        self.contactsTable.setObjectName(u"contactsTable")
        self.contactsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contactsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contactsTable.horizontalHeader().setStretchLastSection(True)
        self.contactsTable.verticalHeader().setVisible(False)

        self.contactsLayout.addWidget(self.contactsTable)


        self.rightLayout.addWidget(self.contactsGroup)


        self.detailsLayout.addLayout(self.rightLayout)

        self.stack.addWidget(self.detailsPage)
        self.maskPage = QWidget()
        self.maskPage.setObjectName(u"maskPage")
        self.maskLayout = QVBoxLayout(self.maskPage)
        self.maskLayout.setObjectName(u"maskLayout")
        self.maskLabel = QLabel(self.maskPage)
        self.maskLabel.setObjectName(u"maskLabel")
        self.maskLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.maskLabel.setWordWrap(True)

        self.maskLayout.addWidget(self.maskLabel)

        self.stack.addWidget(self.maskPage)

        self.mainLayout.addWidget(self.stack)

        self.bottomLayout = QHBoxLayout()
        self.bottomLayout.setObjectName(u"bottomLayout")
        self.noticeLabel = QLabel(StudentView)
        self.noticeLabel.setObjectName(u"noticeLabel")
        self.noticeLabel.setWordWrap(True)

        self.bottomLayout.addWidget(self.noticeLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomLayout.addItem(self.bottomSpacer)

        self.refreshButton = QPushButton(StudentView)
        self.refreshButton.setObjectName(u"refreshButton")

        self.bottomLayout.addWidget(self.refreshButton)


        self.mainLayout.addLayout(self.bottomLayout)

        QWidget.setTabOrder(self.guardiansTable, self.verifyButton)
        QWidget.setTabOrder(self.verifyButton, self.printButton)
        QWidget.setTabOrder(self.printButton, self.previewButton)
        QWidget.setTabOrder(self.previewButton, self.reissueButton)
        QWidget.setTabOrder(self.reissueButton, self.revokeButton)
        QWidget.setTabOrder(self.revokeButton, self.markVerifiedButton)
        QWidget.setTabOrder(self.markVerifiedButton, self.unlockButton)
        QWidget.setTabOrder(self.unlockButton, self.contactsTable)
        QWidget.setTabOrder(self.contactsTable, self.refreshButton)

        self.retranslateUi(StudentView)

        QMetaObject.connectSlotsByName(StudentView)
    # setupUi

    def retranslateUi(self, StudentView):
        self.headerLabel.setText("")
        self.studentGroup.setTitle(QCoreApplication.translate("StudentView", u"Student", None))
        self.studentIdCaption.setText(QCoreApplication.translate("StudentView", u"Student ID:", None))
        self.studentIdValue.setText("")
        self.dobCaption.setText(QCoreApplication.translate("StudentView", u"Date of birth:", None))
        self.dobValue.setText("")
        self.gradeCaption.setText(QCoreApplication.translate("StudentView", u"Grade:", None))
        self.gradeValue.setText("")
        self.homeroomCaption.setText(QCoreApplication.translate("StudentView", u"Homeroom:", None))
        self.homeroomValue.setText("")
        self.schoolCaption.setText(QCoreApplication.translate("StudentView", u"School:", None))
        self.schoolValue.setText("")
        self.addressCaption.setText(QCoreApplication.translate("StudentView", u"Address:", None))
        self.addressValue.setText("")
        self.phoneCaption.setText(QCoreApplication.translate("StudentView", u"Phone:", None))
        self.phoneValue.setText("")
        self.emailCaption.setText(QCoreApplication.translate("StudentView", u"Student email:", None))
        self.emailValue.setText("")
        self.languageCaption.setText(QCoreApplication.translate("StudentView", u"Home language:", None))
        self.languageValue.setText("")
        self.guardiansGroup.setTitle(QCoreApplication.translate("StudentView", u"&Guardians", None))
#if QT_CONFIG(accessibility)
        self.guardiansTable.setAccessibleDescription(QCoreApplication.translate("StudentView", u"The student's guardians. Choose one to verify, print or change.", None))
#endif // QT_CONFIG(accessibility)
        self.guardianHint.setText("")
#if QT_CONFIG(accessibility)
        self.verifyButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Ask the security questions and check a photo ID before a PIN is issued or shown.", None))
#endif // QT_CONFIG(accessibility)
        self.verifyButton.setText(QCoreApplication.translate("StudentView", u"&Verify identity and issue PIN\u2026", None))
#if QT_CONFIG(accessibility)
        self.printButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Print the PIN letter for the chosen guardian.", None))
#endif // QT_CONFIG(accessibility)
        self.printButton.setText(QCoreApplication.translate("StudentView", u"&Print letter\u2026", None))
#if QT_CONFIG(accessibility)
        self.previewButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Show the PIN letter on screen before printing it.", None))
#endif // QT_CONFIG(accessibility)
        self.previewButton.setText(QCoreApplication.translate("StudentView", u"Previe&w letter", None))
#if QT_CONFIG(accessibility)
        self.reissueButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Replace the guardian's PIN with a new one. The old one stops working.", None))
#endif // QT_CONFIG(accessibility)
        self.reissueButton.setText(QCoreApplication.translate("StudentView", u"Re&issue PIN\u2026", None))
#if QT_CONFIG(accessibility)
        self.revokeButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Stop the guardian's PIN from working.", None))
#endif // QT_CONFIG(accessibility)
        self.revokeButton.setText(QCoreApplication.translate("StudentView", u"Rev&oke PIN\u2026", None))
#if QT_CONFIG(accessibility)
        self.markVerifiedButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Record that the chosen guardian is the verified parent and legal guardian.", None))
#endif // QT_CONFIG(accessibility)
        self.markVerifiedButton.setText(QCoreApplication.translate("StudentView", u"&Mark as verified parent and legal guardian\u2026", None))
#if QT_CONFIG(accessibility)
        self.unlockButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Allow new verification attempts for a locked guardian.", None))
#endif // QT_CONFIG(accessibility)
        self.unlockButton.setText(QCoreApplication.translate("StudentView", u"&Unlock guardian\u2026", None))
        self.contactsGroup.setTitle(QCoreApplication.translate("StudentView", u"Emergency &contacts", None))
#if QT_CONFIG(accessibility)
        self.contactsTable.setAccessibleDescription(QCoreApplication.translate("StudentView", u"The student's emergency contacts, as imported from the student information system.", None))
#endif // QT_CONFIG(accessibility)
        self.maskLabel.setText(QCoreApplication.translate("StudentView", u"<h3>Verification in progress</h3><p>The student's details are hidden while the guardian answers the security questions.</p>", None))
        self.noticeLabel.setText("")
#if QT_CONFIG(accessibility)
        self.refreshButton.setAccessibleDescription(QCoreApplication.translate("StudentView", u"Load the student's record again from the database.", None))
#endif // QT_CONFIG(accessibility)
        self.refreshButton.setText(QCoreApplication.translate("StudentView", u"Re&fresh", None))
        pass
    # retranslateUi

