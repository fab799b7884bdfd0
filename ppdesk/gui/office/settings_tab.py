"""The Settings tab: this workstation's settings and the school's letterhead.

Principals, assistant principals and district administrators see it. The database part is
for those who manage keys (principal, district administrator): a SQLite file or a PostgreSQL
server, whose password goes to the system keyring (never to the settings file), with a Test
connection button. Changes to the database or the interface language apply at the next start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.roles import Permission
from ppdesk.domain.settings import LANGUAGES, SIGN_IN_DATABASE, SIGN_IN_WORKSTATION, Settings
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.errors import error_text
from ppdesk.gui.forms.ui_settings_tab import Ui_SettingsTab
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.i18n import UI_LANGUAGES, fmt
from ppdesk.gui.student_view import LANGUAGE_NAMES
from ppdesk.services import settings_service as svc
from ppdesk.services.staff import my_roles

WARN_STYLE = "color: #8a5300;"
GOOD_STYLE = "color: #1b5e20;"
BAD_STYLE = "color: #b00020;"


# The zones offered in Settings (the field also takes any other IANA name).
TIME_ZONES = (
    "America/Los_Angeles",
    "America/Denver",
    "America/Phoenix",
    "America/Chicago",
    "America/New_York",
    "America/Anchorage",
    "Pacific/Honolulu",
    "UTC",
)


class SettingsTab(QWidget):
    """Database, school profile, letters and PINs, the desk, the interface language; laid
    out in ``ui/settings_tab.ui``."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.saved: Settings | None = None
        self.busy = False
        self.can_database = desk.profile.can(Permission.MANAGE_KEYS)
        self.can_school = desk.profile.can(Permission.MANAGE_STAFF)
        self.ui = ui = Ui_SettingsTab()
        ui.setupUi(self)
        # Database
        self.db_group = QButtonGroup(ui.databaseBox)
        for button in (ui.dbDefaultRadio, ui.dbSqliteRadio, ui.dbPostgresRadio):
            self.db_group.addButton(button)
        ui.portSpin.setValue(svc.DEFAULT_PG_PORT)
        ui.inUseLabel.setText(fmt(self.tr("In use now: %1"), self.desk.database))
        self.db_group.buttonToggled.connect(self._on_database_kind_changed)
        ui.sqliteBrowseButton.clicked.connect(self._on_browse_sqlite)
        ui.testButton.clicked.connect(self._on_test)
        # How people sign in (settings ``sign_in``): a counter desk keeps no database
        # credential and connects only as the person signed in; an administrator's
        # workstation connects with its own login (docs/district-setup.md, section 2).
        ui.signInCombo.addItem(
            self.tr("Each person's own database login (counter desk)"),
            SIGN_IN_DATABASE,
        )
        ui.signInCombo.addItem(
            self.tr("This workstation's own login (administrator)"),
            SIGN_IN_WORKSTATION,
        )
        ui.signInCombo.setCurrentIndex(1)  # the default, until the settings are read
        ui.signInCombo.currentIndexChanged.connect(self._on_database_kind_changed)
        ui.databaseBox.setVisible(self.can_database)
        # School profile
        for edit in (
            ui.schoolNameEdit,
            ui.addressEdit,
            ui.phoneEdit,
            ui.principalEdit,
            ui.portalEdit,
        ):
            edit.setEnabled(self.can_school)
        ui.logoBrowseButton.clicked.connect(self._on_browse_logo)
        ui.schoolCombo.currentTextChanged.connect(self._on_school_chosen)
        # Letters and PINs: the school's settings (its profile in the database), not this
        # workstation's. Bulk letters' PINs are held until handed over at the counter; there
        # is no choice that makes them work without a verification.
        ui.expiryWarning.setStyleSheet(WARN_STYLE)
        ui.expirySpin.setEnabled(self.can_school)
        ui.bulkCheck.setEnabled(self.can_school)
        ui.bulkCheck.setAccessibleDescription(ui.bulkNote.text())
        ui.outreachSpin.setEnabled(self.can_school)
        self.language_checks: dict[str, QCheckBox] = {}
        previous: QWidget = ui.outreachSpin
        for i, code in enumerate(LANGUAGES):
            check = QCheckBox(
                QCoreApplication.translate("languages", LANGUAGE_NAMES[code])
                if code in LANGUAGE_NAMES
                else code,
                ui.lettersBox,
            )
            self.language_checks[code] = check
            check.setAccessibleDescription(self.tr("Print letters in this language."))
            ui.languagesLayout.addWidget(check, i // 3, i % 3)
            # The Tab key goes through them after the field above, as on screen.
            QWidget.setTabOrder(previous, check)
            previous = check
        self.language_checks["en"].setEnabled(False)  # English is always printed
        ui.expirySpin.valueChanged.connect(self._on_expiry_changed)
        # This desk; report times are shown in the school's zone, any IANA name may be typed.
        for code, name in UI_LANGUAGES.items():
            ui.uiLanguageCombo.addItem(name, code)
        ui.timeZoneCombo.addItems(TIME_ZONES)
        ui.saveButton.clicked.connect(self._on_save)
        self._loaded_once = False
        self.database_query = ""

    # The handles the tests drive the tab by.
    @property
    def database_box(self) -> QGroupBox:
        return self.ui.databaseBox

    @property
    def db_sqlite(self) -> QRadioButton:
        return self.ui.dbSqliteRadio

    @property
    def db_postgres(self) -> QRadioButton:
        return self.ui.dbPostgresRadio

    @property
    def sqlite_edit(self) -> QLineEdit:
        return self.ui.sqliteEdit

    @property
    def host_edit(self) -> QLineEdit:
        return self.ui.hostEdit

    @property
    def port_spin(self) -> QSpinBox:
        return self.ui.portSpin

    @property
    def dbname_edit(self) -> QLineEdit:
        return self.ui.dbnameEdit

    @property
    def user_edit(self) -> QLineEdit:
        return self.ui.userEdit

    @property
    def password_edit(self) -> QLineEdit:
        return self.ui.passwordEdit

    @property
    def sign_in_combo(self) -> QComboBox:
        return self.ui.signInCombo

    @property
    def sign_in_note(self) -> QLabel:
        return self.ui.signInNote

    @property
    def test_button(self) -> QPushButton:
        return self.ui.testButton

    @property
    def test_label(self) -> QLabel:
        return self.ui.testLabel

    @property
    def school_combo(self) -> QComboBox:
        return self.ui.schoolCombo

    @property
    def school_name_edit(self) -> QLineEdit:
        return self.ui.schoolNameEdit

    @property
    def principal_edit(self) -> QLineEdit:
        return self.ui.principalEdit

    @property
    def expiry_spin(self) -> QSpinBox:
        return self.ui.expirySpin

    @property
    def expiry_warning(self) -> QLabel:
        return self.ui.expiryWarning

    @property
    def idle_spin(self) -> QSpinBox:
        return self.ui.idleSpin

    @property
    def ui_language_combo(self) -> QComboBox:
        return self.ui.uiLanguageCombo

    @property
    def time_zone_combo(self) -> QComboBox:
        return self.ui.timeZoneCombo

    @property
    def status_label(self) -> QLabel:
        return self.ui.statusLabel

    @property
    def save_button(self) -> QPushButton:
        return self.ui.saveButton

    # -- signals ---------------------------------------------------------------------------

    def _on_database_kind_changed(self) -> None:
        self._database_kind_changed()

    def _on_browse_sqlite(self) -> None:
        self._browse_sqlite()

    def _on_browse_logo(self) -> None:
        self._browse_logo()

    def _on_test(self) -> None:
        self.test_connection()

    def _on_save(self) -> None:
        self.save()

    def _on_school_chosen(self, code: str) -> None:
        self._load_school(code)

    def _on_expiry_changed(self, days: int) -> None:
        self._expiry_changed(days)

    def showEvent(self, event: QShowEvent) -> None:
        # The form is filled when the tab is first shown, not while the desk opens.
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.load()

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Fill the form from the saved settings and the school's record."""
        settings = svc.load_settings(self.desk.ctx)
        self.saved = settings
        choice = svc.parse_database_url(settings.database_url)
        {"default": self.ui.dbDefaultRadio, "sqlite": self.ui.dbSqliteRadio}.get(
            choice.kind, self.ui.dbPostgresRadio
        ).setChecked(True)
        self.ui.sqliteEdit.setText(choice.sqlite_path)
        self.ui.hostEdit.setText(choice.host)
        self.ui.portSpin.setValue(choice.port)
        self.ui.dbnameEdit.setText(choice.database)
        self.ui.userEdit.setText(choice.user)
        self.ui.passwordEdit.clear()
        self.database_query = choice.query  # the URL's options, kept as they were
        self.ui.signInCombo.setCurrentIndex(max(0, self.ui.signInCombo.findData(settings.sign_in)))
        self._database_kind_changed()
        self.ui.logoEdit.setText(settings.logo_path or "")
        for code, check in self.language_checks.items():
            check.setChecked(code in settings.letter_languages or code == "en")
        self.ui.idleSpin.setValue(settings.idle_lock_minutes)
        self.ui.timeZoneCombo.setCurrentText(settings.time_zone)
        self.ui.uiLanguageCombo.setCurrentIndex(
            max(0, self.ui.uiLanguageCombo.findData(settings.ui_language))
        )
        self.desk.call(my_roles, on_success=self._schools_known, context=self)

    def _schools_known(self, info: Any) -> None:
        codes = [g.school_code for g in info.grants if g.school_code]
        default = self.saved.school_code if self.saved else None
        if default and default not in codes:
            codes.insert(0, default)
        self.ui.schoolCombo.blockSignals(True)
        self.ui.schoolCombo.clear()
        self.ui.schoolCombo.addItems(list(dict.fromkeys(codes)))
        self.ui.schoolCombo.blockSignals(False)
        if default:
            self.ui.schoolCombo.setCurrentText(default)
        self.ui.schoolBox.setEnabled(bool(codes))
        self._load_school(self.ui.schoolCombo.currentText())

    def _load_school(self, code: str) -> None:
        if code:
            self.desk.call(svc.school_profile, code, on_success=self._school_loaded, context=self)

    def _school_loaded(self, profile: svc.SchoolProfile) -> None:
        self.ui.schoolNameEdit.setText(profile.name)
        self.ui.addressEdit.setPlainText(profile.address)
        self.ui.phoneEdit.setText(profile.phone)
        self.ui.principalEdit.setText(profile.principal_name)
        self.ui.portalEdit.setText(profile.portal_url)
        self.ui.expirySpin.setValue(profile.pin_expiry_days)
        self._expiry_changed(profile.pin_expiry_days)
        self.ui.bulkCheck.setChecked(profile.bulk_letters_enabled)
        self.ui.outreachSpin.setValue(profile.outreach_days)

    def person_sign_in(self) -> bool:
        """The form says ``sign_in = "database"``."""
        return bool(self.ui.signInCombo.currentData() == SIGN_IN_DATABASE)

    def _database_kind_changed(self) -> None:
        sqlite, pg = self.ui.dbSqliteRadio.isChecked(), self.ui.dbPostgresRadio.isChecked()
        person = self.person_sign_in()
        self.ui.sqliteEdit.setEnabled(sqlite)
        self.ui.sqliteBrowseButton.setEnabled(sqlite)
        for widget in (self.ui.hostEdit, self.ui.portSpin, self.ui.dbnameEdit):
            widget.setEnabled(pg)
        # A counter desk keeps no database user or password: people sign in as themselves
        # (and the connection is tried by their sign-in, not here).
        for widget in (self.ui.userEdit, self.ui.passwordEdit):
            widget.setEnabled(pg and not person)
        if person:
            self.ui.passwordEdit.clear()
        self.ui.testButton.setEnabled(sqlite or (pg and not person))
        self._sign_in_explained(postgres=pg)

    def _sign_in_explained(self, *, postgres: bool) -> None:
        """What the chosen sign-in means, or why it cannot be saved with this database."""
        note = self.ui.signInNote
        if self.person_sign_in() and not postgres:
            note.setStyleSheet(BAD_STYLE)
            # The refusal the save (and the start) would give, said at once.
            note.setText(error_text(ValidationError("config.sign_in_postgres_only")))
        elif self.person_sign_in():
            note.setStyleSheet("")
            note.setText(
                self.tr(
                    "People sign in with their own database login (their directory or "
                    "database password); this workstation keeps no database user or "
                    "password (saving removes the one in the keyring) and connects only as "
                    "the person signed in. For counter desks "
                    "on a shared PostgreSQL database with personal logins."
                )
            )
        else:
            note.setStyleSheet("")
            note.setText(
                self.tr(
                    "This workstation connects with its own database user and the password "
                    "kept in the system keyring, before anyone signs in. For an "
                    "administrator's workstation, and for a SQLite file."
                )
            )
        self.ui.signInCombo.setAccessibleDescription(note.text())

    def _expiry_changed(self, days: int) -> None:
        if days > svc.PIN_EXPIRY_WARN_DAYS:
            self.ui.expiryWarning.setText(
                self.tr(
                    "More than %1 days: a PIN sent by post should not stay valid that long "
                    "(NIST SP 800-63B)."
                ).replace("%1", str(svc.PIN_EXPIRY_WARN_DAYS))
            )
        else:
            self.ui.expiryWarning.setText("")
        self.ui.expiryWarning.setVisible(days > svc.PIN_EXPIRY_WARN_DAYS)

    def _browse_sqlite(self) -> None:
        path, _ = files.save_file_name(
            self,
            self.tr("Database file"),
            Path(self.ui.sqliteEdit.text().strip() or "ppdesk.sqlite3").name,
            self.tr("SQLite database (*.sqlite3 *.db)"),
            confirm_overwrite=False,
        )
        if path:
            self.ui.sqliteEdit.setText(path)

    def _browse_logo(self) -> None:
        path = files.open_file_name(self, self.tr("School logo"), self.tr("Images (*.png *.jpg)"))
        if path:
            self.ui.logoEdit.setText(path)

    # -- saving ----------------------------------------------------------------------------

    def database_choice(self) -> svc.DatabaseChoice:
        if self.ui.dbSqliteRadio.isChecked():
            return svc.DatabaseChoice("sqlite", sqlite_path=self.ui.sqliteEdit.text().strip())
        if self.ui.dbPostgresRadio.isChecked():
            return svc.DatabaseChoice(
                "postgresql",
                host=self.ui.hostEdit.text().strip(),
                port=self.ui.portSpin.value(),
                database=self.ui.dbnameEdit.text().strip(),
                # A counter desk's URL names no user (the field is off, its text kept).
                user="" if self.person_sign_in() else self.ui.userEdit.text().strip(),
                query=self.database_query,
            )
        return svc.DatabaseChoice("default")

    def form_settings(self) -> Settings:
        base = self.saved or Settings()
        return base.with_changes(
            letter_languages=tuple(
                c for c, check in self.language_checks.items() if check.isChecked()
            ),
            idle_lock_minutes=self.ui.idleSpin.value(),
            sign_in=self.ui.signInCombo.currentData() if self.can_database else base.sign_in,
            time_zone=self.ui.timeZoneCombo.currentText().strip(),
            ui_language=self.ui.uiLanguageCombo.currentData(),
            logo_path=self.ui.logoEdit.text().strip() or None,
            school_code=self.ui.schoolCombo.currentText() or base.school_code,
        )

    def save(self) -> None:
        """Save the workstation settings (and the school profile, if the user may)."""
        password = self.ui.passwordEdit.text()
        self.ui.passwordEdit.clear()
        try:
            settings = self.form_settings()
            database = self.database_choice() if self.can_database else None
        except Exception as exc:
            self._show_error(exc)
            return
        self.busy = True
        self.ui.saveButton.setEnabled(False)
        self.desk.runner.run(
            svc.save_settings,
            self.desk.ctx,
            settings,
            database=database,
            db_password=password or None,
            on_success=self._saved,
            on_error=self._show_error,
            context=self,
        )

    def _saved(self, settings: Settings) -> None:
        self.saved = settings
        # The idle lock follows at once; the database and the language at the next start.
        idle = getattr(self.window(), "idle", None)
        if idle is not None and hasattr(idle, "timer"):
            idle.timer.setInterval(settings.idle_lock_minutes * 60_000)
        code = self.ui.schoolCombo.currentText()
        if self.can_school and code:
            profile = svc.SchoolProfile(
                code=code,
                name=self.ui.schoolNameEdit.text(),
                address=self.ui.addressEdit.toPlainText(),
                phone=self.ui.phoneEdit.text(),
                principal_name=self.ui.principalEdit.text(),
                portal_url=self.ui.portalEdit.text(),
                pin_expiry_days=self.ui.expirySpin.value(),
                bulk_letters_enabled=self.ui.bulkCheck.isChecked(),
                outreach_days=self.ui.outreachSpin.value(),
            )
            self.desk.call(
                svc.save_school_profile,
                profile,
                on_success=lambda _p: self._done(),
                on_error=self._show_error,
                context=self,
            )
        else:
            self._done()

    def _done(self) -> None:
        self.busy = False
        self.ui.saveButton.setEnabled(True)
        self.ui.statusLabel.setStyleSheet(GOOD_STYLE)
        self.ui.statusLabel.setText(
            self.tr(
                "Saved. The idle lock applies now; the database and the interface language "
                "change at the next start."
            )
        )

    def _show_error(self, exc: BaseException) -> None:
        self.busy = False
        self.ui.saveButton.setEnabled(True)
        self.ui.statusLabel.setStyleSheet(BAD_STYLE)
        from ppdesk.gui.errors import describe_error

        self.ui.statusLabel.setText(describe_error(exc).message)

    def test_connection(self) -> None:
        try:
            choice = self.database_choice()
            url = choice.url()
        except Exception as exc:
            self._test_done(exc)
            return
        if url is None:
            return  # the default SQLite file: nothing to try
        self.ui.testButton.setEnabled(False)
        self.ui.testLabel.setStyleSheet("")
        self.ui.testLabel.setText(self.tr("Connecting…"))
        self.busy = True
        self.desk.runner.run(
            svc.test_connection,
            self.desk.ctx,
            url,
            self.ui.passwordEdit.text() or None,
            on_success=self._test_done,
            on_error=self._test_done,
            context=self,
        )

    def _test_done(self, result: object) -> None:
        self.busy = False
        self.ui.testButton.setEnabled(True)
        if isinstance(result, BaseException):
            from ppdesk.gui.errors import describe_error

            self.ui.testLabel.setStyleSheet(BAD_STYLE)
            self.ui.testLabel.setText(describe_error(result).message)
        else:
            self.ui.testLabel.setStyleSheet(GOOD_STYLE)
            self.ui.testLabel.setText(str(result))


def _visible(profile: Any) -> bool:
    return bool(profile.can(Permission.READ_AUDIT) or profile.can(Permission.MANAGE_KEYS))


TAB = TabSpec(
    key="settings",
    title="Settings",
    visible=_visible,
    create=lambda desk, parent: SettingsTab(desk, parent),
)
