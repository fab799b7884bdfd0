# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_tab.ui'
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
    QGridLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QRadioButton,
    QScrollArea, QSizePolicy, QSpinBox, QVBoxLayout,
    QWidget)

class Ui_SettingsTab(object):
    def setupUi(self, settingsTab):
        if not settingsTab.objectName():
            settingsTab.setObjectName(u"settingsTab")
        self.mainLayout = QVBoxLayout(settingsTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.scrollArea = QScrollArea(settingsTab)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scrollArea.setWidgetResizable(True)
        self.scrollContents = QWidget()
        self.scrollContents.setObjectName(u"scrollContents")
        self.columnsLayout = QGridLayout(self.scrollContents)
        self.columnsLayout.setObjectName(u"columnsLayout")
        self.databaseBox = QGroupBox(self.scrollContents)
        self.databaseBox.setObjectName(u"databaseBox")
        self.databaseLayout = QGridLayout(self.databaseBox)
        self.databaseLayout.setObjectName(u"databaseLayout")
        self.dbDefaultRadio = QRadioButton(self.databaseBox)
        self.dbDefaultRadio.setObjectName(u"dbDefaultRadio")

        self.databaseLayout.addWidget(self.dbDefaultRadio, 0, 0, 1, 4)

        self.dbSqliteRadio = QRadioButton(self.databaseBox)
        self.dbSqliteRadio.setObjectName(u"dbSqliteRadio")

        self.databaseLayout.addWidget(self.dbSqliteRadio, 1, 0, 1, 1)

        self.sqliteEdit = QLineEdit(self.databaseBox)
        self.sqliteEdit.setObjectName(u"sqliteEdit")

        self.databaseLayout.addWidget(self.sqliteEdit, 1, 1, 1, 2)

        self.sqliteBrowseButton = QPushButton(self.databaseBox)
        self.sqliteBrowseButton.setObjectName(u"sqliteBrowseButton")

        self.databaseLayout.addWidget(self.sqliteBrowseButton, 1, 3, 1, 1)

        self.dbPostgresRadio = QRadioButton(self.databaseBox)
        self.dbPostgresRadio.setObjectName(u"dbPostgresRadio")

        self.databaseLayout.addWidget(self.dbPostgresRadio, 2, 0, 1, 4)

        self.hostLabel = QLabel(self.databaseBox)
        self.hostLabel.setObjectName(u"hostLabel")

        self.databaseLayout.addWidget(self.hostLabel, 3, 0, 1, 1)

        self.hostEdit = QLineEdit(self.databaseBox)
        self.hostEdit.setObjectName(u"hostEdit")

        self.databaseLayout.addWidget(self.hostEdit, 3, 1, 1, 1)

        self.portLabel = QLabel(self.databaseBox)
        self.portLabel.setObjectName(u"portLabel")

        self.databaseLayout.addWidget(self.portLabel, 3, 2, 1, 1)

        self.portSpin = QSpinBox(self.databaseBox)
        self.portSpin.setObjectName(u"portSpin")
        self.portSpin.setMaximumSize(QSize(110, 16777215))
        self.portSpin.setMinimum(1)
        self.portSpin.setMaximum(65535)

        self.databaseLayout.addWidget(self.portSpin, 3, 3, 1, 1)

        self.dbnameLabel = QLabel(self.databaseBox)
        self.dbnameLabel.setObjectName(u"dbnameLabel")

        self.databaseLayout.addWidget(self.dbnameLabel, 4, 0, 1, 1)

        self.dbnameEdit = QLineEdit(self.databaseBox)
        self.dbnameEdit.setObjectName(u"dbnameEdit")

        self.databaseLayout.addWidget(self.dbnameEdit, 4, 1, 1, 1)

        self.userLabel = QLabel(self.databaseBox)
        self.userLabel.setObjectName(u"userLabel")

        self.databaseLayout.addWidget(self.userLabel, 4, 2, 1, 1)

        self.userEdit = QLineEdit(self.databaseBox)
        self.userEdit.setObjectName(u"userEdit")

        self.databaseLayout.addWidget(self.userEdit, 4, 3, 1, 1)

        self.passwordLabel = QLabel(self.databaseBox)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.databaseLayout.addWidget(self.passwordLabel, 5, 0, 1, 1)

        self.passwordEdit = QLineEdit(self.databaseBox)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.databaseLayout.addWidget(self.passwordEdit, 5, 1, 1, 1)

        self.testButton = QPushButton(self.databaseBox)
        self.testButton.setObjectName(u"testButton")

        self.databaseLayout.addWidget(self.testButton, 5, 3, 1, 1)

        self.signInLabel = QLabel(self.databaseBox)
        self.signInLabel.setObjectName(u"signInLabel")

        self.databaseLayout.addWidget(self.signInLabel, 6, 0, 1, 1)

        self.signInCombo = QComboBox(self.databaseBox)
        self.signInCombo.setObjectName(u"signInCombo")
        self.signInCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.signInCombo.setMinimumContentsLength(24)

        self.databaseLayout.addWidget(self.signInCombo, 6, 1, 1, 3)

        self.signInNote = QLabel(self.databaseBox)
        self.signInNote.setObjectName(u"signInNote")
        self.signInNote.setWordWrap(True)

        self.databaseLayout.addWidget(self.signInNote, 7, 1, 1, 3)

        self.testLabel = QLabel(self.databaseBox)
        self.testLabel.setObjectName(u"testLabel")
        self.testLabel.setWordWrap(True)

        self.databaseLayout.addWidget(self.testLabel, 8, 0, 1, 4)

        self.inUseLabel = QLabel(self.databaseBox)
        self.inUseLabel.setObjectName(u"inUseLabel")
        self.inUseLabel.setWordWrap(True)

        self.databaseLayout.addWidget(self.inUseLabel, 9, 0, 1, 4)

        self.databaseLayout.setColumnStretch(1, 3)
        self.databaseLayout.setColumnStretch(3, 1)

        self.columnsLayout.addWidget(self.databaseBox, 0, 0, 1, 1)

        self.lettersBox = QGroupBox(self.scrollContents)
        self.lettersBox.setObjectName(u"lettersBox")
        self.lettersLayout = QFormLayout(self.lettersBox)
        self.lettersLayout.setObjectName(u"lettersLayout")
        self.expiryLabel = QLabel(self.lettersBox)
        self.expiryLabel.setObjectName(u"expiryLabel")

        self.lettersLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.expiryLabel)

        self.expirySpin = QSpinBox(self.lettersBox)
        self.expirySpin.setObjectName(u"expirySpin")
        self.expirySpin.setMaximumSize(QSize(140, 16777215))
        self.expirySpin.setMinimum(1)
        self.expirySpin.setMaximum(90)

        self.lettersLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.expirySpin)

        self.expiryWarning = QLabel(self.lettersBox)
        self.expiryWarning.setObjectName(u"expiryWarning")
        self.expiryWarning.setWordWrap(True)

        self.lettersLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.expiryWarning)

        self.bulkLabel = QLabel(self.lettersBox)
        self.bulkLabel.setObjectName(u"bulkLabel")

        self.lettersLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.bulkLabel)

        self.bulkCheck = QCheckBox(self.lettersBox)
        self.bulkCheck.setObjectName(u"bulkCheck")

        self.lettersLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.bulkCheck)

        self.bulkNote = QLabel(self.lettersBox)
        self.bulkNote.setObjectName(u"bulkNote")
        self.bulkNote.setWordWrap(True)

        self.lettersLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.bulkNote)

        self.outreachLabel = QLabel(self.lettersBox)
        self.outreachLabel.setObjectName(u"outreachLabel")

        self.lettersLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.outreachLabel)

        self.outreachSpin = QSpinBox(self.lettersBox)
        self.outreachSpin.setObjectName(u"outreachSpin")
        self.outreachSpin.setMaximumSize(QSize(140, 16777215))
        self.outreachSpin.setMinimum(1)
        self.outreachSpin.setMaximum(90)

        self.lettersLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.outreachSpin)

        self.languagesLabel = QLabel(self.lettersBox)
        self.languagesLabel.setObjectName(u"languagesLabel")

        self.lettersLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.languagesLabel)

        self.languagesLayout = QGridLayout()
        self.languagesLayout.setObjectName(u"languagesLayout")

        self.lettersLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.languagesLayout)


        self.columnsLayout.addWidget(self.lettersBox, 0, 1, 1, 1)

        self.schoolBox = QGroupBox(self.scrollContents)
        self.schoolBox.setObjectName(u"schoolBox")
        self.schoolLayout = QFormLayout(self.schoolBox)
        self.schoolLayout.setObjectName(u"schoolLayout")
        self.schoolLabel = QLabel(self.schoolBox)
        self.schoolLabel.setObjectName(u"schoolLabel")

        self.schoolLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.schoolLabel)

        self.schoolCombo = QComboBox(self.schoolBox)
        self.schoolCombo.setObjectName(u"schoolCombo")

        self.schoolLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.schoolCombo)

        self.schoolNameLabel = QLabel(self.schoolBox)
        self.schoolNameLabel.setObjectName(u"schoolNameLabel")

        self.schoolLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.schoolNameLabel)

        self.schoolNameEdit = QLineEdit(self.schoolBox)
        self.schoolNameEdit.setObjectName(u"schoolNameEdit")

        self.schoolLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.schoolNameEdit)

        self.addressLabel = QLabel(self.schoolBox)
        self.addressLabel.setObjectName(u"addressLabel")

        self.schoolLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.addressLabel)

        self.addressEdit = QPlainTextEdit(self.schoolBox)
        self.addressEdit.setObjectName(u"addressEdit")
        self.addressEdit.setMinimumSize(QSize(0, 56))
        self.addressEdit.setMaximumSize(QSize(16777215, 56))
        self.addressEdit.setTabChangesFocus(True)

        self.schoolLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.addressEdit)

        self.phoneLabel = QLabel(self.schoolBox)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.schoolLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phoneEdit = QLineEdit(self.schoolBox)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.schoolLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.principalLabel = QLabel(self.schoolBox)
        self.principalLabel.setObjectName(u"principalLabel")

        self.schoolLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.principalLabel)

        self.principalEdit = QLineEdit(self.schoolBox)
        self.principalEdit.setObjectName(u"principalEdit")

        self.schoolLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.principalEdit)

        self.portalLabel = QLabel(self.schoolBox)
        self.portalLabel.setObjectName(u"portalLabel")

        self.schoolLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.portalLabel)

        self.portalEdit = QLineEdit(self.schoolBox)
        self.portalEdit.setObjectName(u"portalEdit")

        self.schoolLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.portalEdit)

        self.logoLabel = QLabel(self.schoolBox)
        self.logoLabel.setObjectName(u"logoLabel")

        self.schoolLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.logoLabel)

        self.logoLayout = QHBoxLayout()
        self.logoLayout.setObjectName(u"logoLayout")
        self.logoEdit = QLineEdit(self.schoolBox)
        self.logoEdit.setObjectName(u"logoEdit")

        self.logoLayout.addWidget(self.logoEdit)

        self.logoBrowseButton = QPushButton(self.schoolBox)
        self.logoBrowseButton.setObjectName(u"logoBrowseButton")

        self.logoLayout.addWidget(self.logoBrowseButton)

        self.logoLayout.setStretch(0, 1)

        self.schoolLayout.setLayout(6, QFormLayout.ItemRole.FieldRole, self.logoLayout)


        self.columnsLayout.addWidget(self.schoolBox, 1, 0, 1, 1)

        self.deskBox = QGroupBox(self.scrollContents)
        self.deskBox.setObjectName(u"deskBox")
        self.deskLayout = QFormLayout(self.deskBox)
        self.deskLayout.setObjectName(u"deskLayout")
        self.idleLabel = QLabel(self.deskBox)
        self.idleLabel.setObjectName(u"idleLabel")

        self.deskLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.idleLabel)

        self.idleSpin = QSpinBox(self.deskBox)
        self.idleSpin.setObjectName(u"idleSpin")
        self.idleSpin.setMaximumSize(QSize(140, 16777215))
        self.idleSpin.setMinimum(1)
        self.idleSpin.setMaximum(120)

        self.deskLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.idleSpin)

        self.uiLanguageLabel = QLabel(self.deskBox)
        self.uiLanguageLabel.setObjectName(u"uiLanguageLabel")

        self.deskLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.uiLanguageLabel)

        self.uiLanguageCombo = QComboBox(self.deskBox)
        self.uiLanguageCombo.setObjectName(u"uiLanguageCombo")

        self.deskLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.uiLanguageCombo)

        self.timeZoneLabel = QLabel(self.deskBox)
        self.timeZoneLabel.setObjectName(u"timeZoneLabel")

        self.deskLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.timeZoneLabel)

        self.timeZoneCombo = QComboBox(self.deskBox)
        self.timeZoneCombo.setObjectName(u"timeZoneCombo")
        self.timeZoneCombo.setMaximumSize(QSize(260, 16777215))
        self.timeZoneCombo.setEditable(True)

        self.deskLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.timeZoneCombo)


        self.columnsLayout.addWidget(self.deskBox, 1, 1, 1, 1)

        self.columnsLayout.setRowStretch(2, 1)
        self.columnsLayout.setColumnStretch(0, 3)
        self.columnsLayout.setColumnStretch(1, 2)
        self.scrollArea.setWidget(self.scrollContents)

        self.mainLayout.addWidget(self.scrollArea)

        self.bottomLayout = QHBoxLayout()
        self.bottomLayout.setObjectName(u"bottomLayout")
        self.statusLabel = QLabel(settingsTab)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.bottomLayout.addWidget(self.statusLabel)

        self.saveButton = QPushButton(settingsTab)
        self.saveButton.setObjectName(u"saveButton")

        self.bottomLayout.addWidget(self.saveButton)

        self.bottomLayout.setStretch(0, 1)

        self.mainLayout.addLayout(self.bottomLayout)

        self.mainLayout.setStretch(0, 1)
#if QT_CONFIG(shortcut)
        self.signInLabel.setBuddy(self.signInCombo)
        self.expiryLabel.setBuddy(self.expirySpin)
        self.bulkLabel.setBuddy(self.bulkCheck)
        self.outreachLabel.setBuddy(self.outreachSpin)
        self.schoolLabel.setBuddy(self.schoolCombo)
        self.schoolNameLabel.setBuddy(self.schoolNameEdit)
        self.addressLabel.setBuddy(self.addressEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
        self.principalLabel.setBuddy(self.principalEdit)
        self.portalLabel.setBuddy(self.portalEdit)
        self.idleLabel.setBuddy(self.idleSpin)
        self.uiLanguageLabel.setBuddy(self.uiLanguageCombo)
        self.timeZoneLabel.setBuddy(self.timeZoneCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.dbDefaultRadio, self.dbSqliteRadio)
        QWidget.setTabOrder(self.dbSqliteRadio, self.dbPostgresRadio)
        QWidget.setTabOrder(self.dbPostgresRadio, self.sqliteEdit)
        QWidget.setTabOrder(self.sqliteEdit, self.sqliteBrowseButton)
        QWidget.setTabOrder(self.sqliteBrowseButton, self.hostEdit)
        QWidget.setTabOrder(self.hostEdit, self.portSpin)
        QWidget.setTabOrder(self.portSpin, self.dbnameEdit)
        QWidget.setTabOrder(self.dbnameEdit, self.userEdit)
        QWidget.setTabOrder(self.userEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.testButton)
        QWidget.setTabOrder(self.testButton, self.signInCombo)
        QWidget.setTabOrder(self.signInCombo, self.expirySpin)
        QWidget.setTabOrder(self.expirySpin, self.bulkCheck)
        QWidget.setTabOrder(self.bulkCheck, self.outreachSpin)
        QWidget.setTabOrder(self.outreachSpin, self.schoolCombo)
        QWidget.setTabOrder(self.schoolCombo, self.schoolNameEdit)
        QWidget.setTabOrder(self.schoolNameEdit, self.addressEdit)
        QWidget.setTabOrder(self.addressEdit, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.principalEdit)
        QWidget.setTabOrder(self.principalEdit, self.portalEdit)
        QWidget.setTabOrder(self.portalEdit, self.logoEdit)
        QWidget.setTabOrder(self.logoEdit, self.logoBrowseButton)
        QWidget.setTabOrder(self.logoBrowseButton, self.idleSpin)
        QWidget.setTabOrder(self.idleSpin, self.uiLanguageCombo)
        QWidget.setTabOrder(self.uiLanguageCombo, self.timeZoneCombo)
        QWidget.setTabOrder(self.timeZoneCombo, self.saveButton)

        self.retranslateUi(settingsTab)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(settingsTab)
    # setupUi

    def retranslateUi(self, settingsTab):
        self.databaseBox.setTitle(QCoreApplication.translate("SettingsTab", u"Database (applies at the next start)", None))
        self.dbDefaultRadio.setText(QCoreApplication.translate("SettingsTab", u"This workstation's own database file", None))
#if QT_CONFIG(accessibility)
        self.dbDefaultRadio.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Use the database file ppdesk keeps on this computer.", None))
#endif // QT_CONFIG(accessibility)
        self.dbSqliteRadio.setText(QCoreApplication.translate("SettingsTab", u"A database &file (SQLite):", None))
#if QT_CONFIG(accessibility)
        self.dbSqliteRadio.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Use another SQLite database file on this computer.", None))
#endif // QT_CONFIG(accessibility)
        self.sqliteEdit.setPlaceholderText(QCoreApplication.translate("SettingsTab", u"path of the .sqlite3 file", None))
#if QT_CONFIG(accessibility)
        self.sqliteEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Where the SQLite database file is.", None))
#endif // QT_CONFIG(accessibility)
        self.sqliteBrowseButton.setText(QCoreApplication.translate("SettingsTab", u"&Browse\u2026", None))
#if QT_CONFIG(accessibility)
        self.sqliteBrowseButton.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Choose the SQLite database file.", None))
#endif // QT_CONFIG(accessibility)
        self.dbPostgresRadio.setText(QCoreApplication.translate("SettingsTab", u"A shared server (&PostgreSQL)", None))
#if QT_CONFIG(accessibility)
        self.dbPostgresRadio.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Use a PostgreSQL server shared by several desks.", None))
#endif // QT_CONFIG(accessibility)
        self.hostLabel.setText(QCoreApplication.translate("SettingsTab", u"Host:", None))
        self.hostEdit.setPlaceholderText(QCoreApplication.translate("SettingsTab", u"server name or address", None))
#if QT_CONFIG(accessibility)
        self.hostEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The PostgreSQL server's name or address.", None))
#endif // QT_CONFIG(accessibility)
        self.portLabel.setText(QCoreApplication.translate("SettingsTab", u"Port:", None))
#if QT_CONFIG(accessibility)
        self.portSpin.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The PostgreSQL server's port, usually 5432.", None))
#endif // QT_CONFIG(accessibility)
        self.dbnameLabel.setText(QCoreApplication.translate("SettingsTab", u"Database:", None))
#if QT_CONFIG(accessibility)
        self.dbnameEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The name of the database on the server.", None))
#endif // QT_CONFIG(accessibility)
        self.userLabel.setText(QCoreApplication.translate("SettingsTab", u"User:", None))
#if QT_CONFIG(accessibility)
        self.userEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The user name on the database server.", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("SettingsTab", u"Password:", None))
        self.passwordEdit.setPlaceholderText(QCoreApplication.translate("SettingsTab", u"kept in the system keyring", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The database server's password, kept in the system keyring.", None))
#endif // QT_CONFIG(accessibility)
        self.testButton.setText(QCoreApplication.translate("SettingsTab", u"&Test connection", None))
#if QT_CONFIG(accessibility)
        self.testButton.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Try to connect with these details now.", None))
#endif // QT_CONFIG(accessibility)
        self.signInLabel.setText(QCoreApplication.translate("SettingsTab", u"Sign-&in:", None))
#if QT_CONFIG(accessibility)
        self.signInCombo.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"How people sign in on this workstation and whether it keeps a database login of its own.", None))
#endif // QT_CONFIG(accessibility)
        self.signInNote.setText("")
        self.testLabel.setText("")
        self.inUseLabel.setText("")
        self.lettersBox.setTitle(QCoreApplication.translate("SettingsTab", u"Letters and PINs", None))
        self.expiryLabel.setText(QCoreApplication.translate("SettingsTab", u"A new PIN at this school is valid for:", None))
        self.expirySpin.setSuffix(QCoreApplication.translate("SettingsTab", u" days", None))
#if QT_CONFIG(accessibility)
        self.expirySpin.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"How many days a new PIN at this school can be used.", None))
#endif // QT_CONFIG(accessibility)
        self.expiryWarning.setText("")
        self.bulkLabel.setText(QCoreApplication.translate("SettingsTab", u"Bulk letters:", None))
        self.bulkCheck.setText(QCoreApplication.translate("SettingsTab", u"Print bulk letters", None))
        self.bulkNote.setText(QCoreApplication.translate("SettingsTab", u"Their PINs work only after the hand-over at the office.", None))
        self.outreachLabel.setText(QCoreApplication.translate("SettingsTab", u"Call families whose letter is held for:", None))
        self.outreachSpin.setSuffix(QCoreApplication.translate("SettingsTab", u" days", None))
#if QT_CONFIG(accessibility)
        self.outreachSpin.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"After how many days a held letter puts the family on the outreach list.", None))
#endif // QT_CONFIG(accessibility)
        self.languagesLabel.setText(QCoreApplication.translate("SettingsTab", u"Letter languages:", None))
        self.schoolBox.setTitle(QCoreApplication.translate("SettingsTab", u"School profile printed on the letters", None))
        self.schoolLabel.setText(QCoreApplication.translate("SettingsTab", u"School:", None))
#if QT_CONFIG(accessibility)
        self.schoolCombo.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The school whose profile is shown.", None))
#endif // QT_CONFIG(accessibility)
        self.schoolNameLabel.setText(QCoreApplication.translate("SettingsTab", u"Name:", None))
#if QT_CONFIG(accessibility)
        self.schoolNameEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The school's name, as printed on the letters.", None))
#endif // QT_CONFIG(accessibility)
        self.addressLabel.setText(QCoreApplication.translate("SettingsTab", u"Address:", None))
#if QT_CONFIG(accessibility)
        self.addressEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The school's address, as printed on the letters.", None))
#endif // QT_CONFIG(accessibility)
        self.phoneLabel.setText(QCoreApplication.translate("SettingsTab", u"Phone:", None))
#if QT_CONFIG(accessibility)
        self.phoneEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The school's phone number, printed on the letters.", None))
#endif // QT_CONFIG(accessibility)
        self.principalLabel.setText(QCoreApplication.translate("SettingsTab", u"Principal:", None))
#if QT_CONFIG(accessibility)
        self.principalEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The principal's name, printed on the letters.", None))
#endif // QT_CONFIG(accessibility)
        self.portalLabel.setText(QCoreApplication.translate("SettingsTab", u"Portal address:", None))
#if QT_CONFIG(accessibility)
        self.portalEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The Parent Portal's web address, printed on the letters.", None))
#endif // QT_CONFIG(accessibility)
        self.logoLabel.setText(QCoreApplication.translate("SettingsTab", u"Logo (this workstation):", None))
        self.logoEdit.setPlaceholderText(QCoreApplication.translate("SettingsTab", u"PNG or JPEG; none prints the name only", None))
#if QT_CONFIG(accessibility)
        self.logoEdit.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The logo printed on the letters at this workstation.", None))
#endif // QT_CONFIG(accessibility)
        self.logoBrowseButton.setText(QCoreApplication.translate("SettingsTab", u"Br&owse\u2026", None))
#if QT_CONFIG(accessibility)
        self.logoBrowseButton.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Choose the logo's image file.", None))
#endif // QT_CONFIG(accessibility)
        self.deskBox.setTitle(QCoreApplication.translate("SettingsTab", u"This desk", None))
        self.idleLabel.setText(QCoreApplication.translate("SettingsTab", u"Lock after no activity for:", None))
        self.idleSpin.setSuffix(QCoreApplication.translate("SettingsTab", u" minutes", None))
#if QT_CONFIG(accessibility)
        self.idleSpin.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The desk locks itself after this long without use.", None))
#endif // QT_CONFIG(accessibility)
        self.uiLanguageLabel.setText(QCoreApplication.translate("SettingsTab", u"Interface language (next start):", None))
#if QT_CONFIG(accessibility)
        self.uiLanguageCombo.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The language of the desk, from the next start.", None))
#endif // QT_CONFIG(accessibility)
        self.timeZoneLabel.setText(QCoreApplication.translate("SettingsTab", u"School time zone (report times):", None))
#if QT_CONFIG(accessibility)
        self.timeZoneCombo.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"The time zone report times are shown in.", None))
#endif // QT_CONFIG(accessibility)
        self.statusLabel.setText("")
        self.saveButton.setText(QCoreApplication.translate("SettingsTab", u"&Save settings", None))
#if QT_CONFIG(accessibility)
        self.saveButton.setAccessibleDescription(QCoreApplication.translate("SettingsTab", u"Save every setting on this tab.", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

