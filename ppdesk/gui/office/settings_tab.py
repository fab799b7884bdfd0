"""The Settings tab: this workstation's settings and the school's letterhead.

Principals, assistant principals and district administrators see it. The database part is
for those who manage keys (principal, district administrator): a SQLite file or a PostgreSQL
server, whose password goes to the system keyring (never to the settings file), with a Test
connection button. Changes to the database or the interface language apply at the next start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.roles import Permission
from ppdesk.domain.settings import LANGUAGES, Settings
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
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
    """Database, school profile, letters and PINs, the desk, the interface language."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("settingsTab")
        self.saved: Settings | None = None
        self.busy = False
        self.can_database = desk.profile.can(Permission.MANAGE_KEYS)
        self.can_school = desk.profile.can(Permission.MANAGE_STAFF)
        inner = QWidget(self)
        # Two rows of two boxes, made row by row: the Tab key follows the order of creation,
        # so it goes through the boxes as they are read (left, then right, then the next row).
        grid = QGridLayout(inner)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.addWidget(self._database_box(), 0, 0)
        grid.addWidget(self._letters_box(), 0, 1)
        grid.addWidget(self._school_box(), 1, 0)
        grid.addWidget(self._desk_box(), 1, 1)
        grid.setRowStretch(2, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # Not a Tab stop of its own (it shows no focus); it scrolls to the field Tab reaches.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(inner)
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save settings"), self)
        self.save_button.setDefault(True)
        self.save_button.setAccessibleDescription(self.tr("Save every setting on this tab."))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        self._loaded_once = False

    def showEvent(self, event: QShowEvent) -> None:
        # The form is filled when the tab is first shown, not while the desk opens.
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.load()

    # -- the form --------------------------------------------------------------------------

    def _database_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Database (applies at the next start)"), self)
        self.database_box = box
        self.db_default = QRadioButton(self.tr("This workstation's own database file"), box)
        self.db_sqlite = QRadioButton(self.tr("A database &file (SQLite):"), box)
        self.db_postgres = QRadioButton(self.tr("A shared server (&PostgreSQL)"), box)
        self.db_group = QButtonGroup(box)
        for button in (self.db_default, self.db_sqlite, self.db_postgres):
            self.db_group.addButton(button)
        self.sqlite_edit = QLineEdit(box)
        self.sqlite_edit.setPlaceholderText(self.tr("path of the .sqlite3 file"))
        self.sqlite_browse = QPushButton(self.tr("&Browse…"), box)
        self.host_edit = QLineEdit(box)
        self.host_edit.setPlaceholderText(self.tr("server name or address"))
        self.port_spin = QSpinBox(box)
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(svc.DEFAULT_PG_PORT)
        self.dbname_edit = QLineEdit(box)
        self.user_edit = QLineEdit(box)
        self.password_edit = QLineEdit(box)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("kept in the system keyring"))
        self.test_button = QPushButton(self.tr("&Test connection"), box)
        self.test_label = QLabel("", box)
        self.test_label.setWordWrap(True)
        self.in_use_label = QLabel(fmt(self.tr("In use now: %1"), self.desk.database), box)
        for widget, description in (
            (self.db_default, self.tr("Use the database file ppdesk keeps on this computer.")),
            (self.db_sqlite, self.tr("Use another SQLite database file on this computer.")),
            (self.db_postgres, self.tr("Use a PostgreSQL server shared by several desks.")),
            (self.sqlite_edit, self.tr("Where the SQLite database file is.")),
            (self.sqlite_browse, self.tr("Choose the SQLite database file.")),
            (self.host_edit, self.tr("The PostgreSQL server's name or address.")),
            (self.port_spin, self.tr("The PostgreSQL server's port, usually 5432.")),
            (self.dbname_edit, self.tr("The name of the database on the server.")),
            (self.user_edit, self.tr("The user name on the database server.")),
            (
                self.password_edit,
                self.tr("The database server's password, kept in the system keyring."),
            ),
            (self.test_button, self.tr("Try to connect with these details now.")),
        ):
            widget.setAccessibleDescription(description)
        self.in_use_label.setWordWrap(True)
        self.port_spin.setMaximumWidth(110)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        grid.addWidget(self.db_default, 0, 0, 1, 4)
        grid.addWidget(self.db_sqlite, 1, 0)
        grid.addWidget(self.sqlite_edit, 1, 1, 1, 2)
        grid.addWidget(self.sqlite_browse, 1, 3)
        grid.addWidget(self.db_postgres, 2, 0, 1, 4)
        rows = (
            (self.tr("Host:"), self.host_edit, self.tr("Port:"), self.port_spin),
            (self.tr("Database:"), self.dbname_edit, self.tr("User:"), self.user_edit),
        )
        for i, (a, wa, b, wb) in enumerate(rows, start=3):
            grid.addWidget(QLabel(a, box), i, 0)
            grid.addWidget(wa, i, 1)
            grid.addWidget(QLabel(b, box), i, 2)
            grid.addWidget(wb, i, 3)
        grid.addWidget(QLabel(self.tr("Password:"), box), 5, 0)
        grid.addWidget(self.password_edit, 5, 1)
        grid.addWidget(self.test_button, 5, 3)
        grid.addWidget(self.test_label, 6, 0, 1, 4)
        grid.addWidget(self.in_use_label, 7, 0, 1, 4)
        self.db_group.buttonToggled.connect(lambda *_: self._database_kind_changed())
        self.sqlite_browse.clicked.connect(self._browse_sqlite)
        self.test_button.clicked.connect(self.test_connection)
        box.setVisible(self.can_database)
        return box

    def _school_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("School profile printed on the letters"), self)
        self.school_box = box
        self.school_combo = QComboBox(box)
        self.school_name_edit = QLineEdit(box)
        self.address_edit = QPlainTextEdit(box)
        self.address_edit.setFixedHeight(56)
        self.address_edit.setTabChangesFocus(True)
        self.phone_edit = QLineEdit(box)
        self.principal_edit = QLineEdit(box)
        self.portal_edit = QLineEdit(box)
        self.logo_edit = QLineEdit(box)
        self.logo_edit.setPlaceholderText(self.tr("PNG or JPEG; none prints the name only"))
        self.logo_browse = QPushButton(self.tr("Br&owse…"), box)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(self.logo_browse)
        for widget, description in (
            (self.school_combo, self.tr("The school whose profile is shown.")),
            (self.school_name_edit, self.tr("The school's name, as printed on the letters.")),
            (self.address_edit, self.tr("The school's address, as printed on the letters.")),
            (self.phone_edit, self.tr("The school's phone number, printed on the letters.")),
            (self.principal_edit, self.tr("The principal's name, printed on the letters.")),
            (self.portal_edit, self.tr("The Parent Portal's web address, printed on the letters.")),
            (self.logo_edit, self.tr("The logo printed on the letters at this workstation.")),
            (self.logo_browse, self.tr("Choose the logo's image file.")),
        ):
            widget.setAccessibleDescription(description)
        form = QFormLayout(box)
        form.addRow(self.tr("School:"), self.school_combo)
        form.addRow(self.tr("Name:"), self.school_name_edit)
        form.addRow(self.tr("Address:"), self.address_edit)
        form.addRow(self.tr("Phone:"), self.phone_edit)
        form.addRow(self.tr("Principal:"), self.principal_edit)
        form.addRow(self.tr("Portal address:"), self.portal_edit)
        form.addRow(self.tr("Logo (this workstation):"), logo_row)
        for edit in (
            self.school_name_edit,
            self.address_edit,
            self.phone_edit,
            self.principal_edit,
            self.portal_edit,
        ):
            edit.setEnabled(self.can_school)
        self.logo_browse.clicked.connect(self._browse_logo)
        self.school_combo.currentTextChanged.connect(self._load_school)
        return box

    def _letters_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Letters and PINs"), self)
        self.expiry_spin = QSpinBox(box)
        self.expiry_spin.setRange(1, 90)
        self.expiry_spin.setSuffix(self.tr(" days"))
        self.expiry_spin.setMaximumWidth(140)
        self.expiry_warning = QLabel("", box)
        self.expiry_warning.setWordWrap(True)
        self.expiry_warning.setStyleSheet(WARN_STYLE)
        form = QFormLayout(box)
        # The school's setting (its profile in the database), not this workstation's.
        self.expiry_spin.setEnabled(self.can_school)
        form.addRow(self.tr("A new PIN at this school is valid for:"), self.expiry_spin)
        form.addRow("", self.expiry_warning)
        # Bulk letters: their PINs are held until handed over at the counter;
        # there is no choice that makes them work without a verification.
        self.bulk_check = QCheckBox(self.tr("Print bulk letters"), box)
        self.bulk_check.setEnabled(self.can_school)
        form.addRow(self.tr("Bulk letters:"), self.bulk_check)
        # A wrapped note, not a longer check box: the column stays narrow enough to fit.
        bulk_note = QLabel(self.tr("Their PINs work only after the hand-over at the office."), box)
        bulk_note.setWordWrap(True)
        self.bulk_check.setAccessibleDescription(bulk_note.text())
        form.addRow("", bulk_note)
        self.outreach_spin = QSpinBox(box)
        self.outreach_spin.setRange(1, 90)
        self.outreach_spin.setSuffix(self.tr(" days"))
        self.outreach_spin.setMaximumWidth(140)
        self.outreach_spin.setEnabled(self.can_school)
        self.expiry_spin.setAccessibleDescription(
            self.tr("How many days a new PIN at this school can be used.")
        )
        self.outreach_spin.setAccessibleDescription(
            self.tr("After how many days a held letter puts the family on the outreach list.")
        )
        form.addRow(self.tr("Call families whose letter is held for:"), self.outreach_spin)
        # Made after the fields above them: the Tab key follows the order of creation.
        self.language_checks: dict[str, QCheckBox] = {}
        langs = QGridLayout()
        for i, code in enumerate(LANGUAGES):
            check = QCheckBox(
                QCoreApplication.translate("languages", LANGUAGE_NAMES[code])
                if code in LANGUAGE_NAMES
                else code,
                box,
            )
            self.language_checks[code] = check
            check.setAccessibleDescription(self.tr("Print letters in this language."))
            langs.addWidget(check, i // 3, i % 3)
        self.language_checks["en"].setEnabled(False)  # English is always printed
        form.addRow(self.tr("Letter languages:"), langs)
        self.expiry_spin.valueChanged.connect(self._expiry_changed)
        return box

    def _desk_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("This desk"), self)
        self.idle_spin = QSpinBox(box)
        self.idle_spin.setRange(1, 120)
        self.idle_spin.setSuffix(self.tr(" minutes"))
        self.idle_spin.setMaximumWidth(140)
        self.ui_language_combo = QComboBox(box)
        for code, name in UI_LANGUAGES.items():
            self.ui_language_combo.addItem(name, code)
        # Report times are shown in the school's zone; any IANA name may be typed.
        self.time_zone_combo = QComboBox(box)
        self.time_zone_combo.setEditable(True)
        self.time_zone_combo.addItems(TIME_ZONES)
        self.time_zone_combo.setMaximumWidth(260)
        for widget, description in (
            (self.idle_spin, self.tr("The desk locks itself after this long without use.")),
            (self.ui_language_combo, self.tr("The language of the desk, from the next start.")),
            (self.time_zone_combo, self.tr("The time zone report times are shown in.")),
        ):
            widget.setAccessibleDescription(description)
        form = QFormLayout(box)
        form.addRow(self.tr("Lock after no activity for:"), self.idle_spin)
        form.addRow(self.tr("Interface language (next start):"), self.ui_language_combo)
        form.addRow(self.tr("School time zone (report times):"), self.time_zone_combo)
        return box

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Fill the form from the saved settings and the school's record."""
        settings = svc.load_settings(self.desk.ctx)
        self.saved = settings
        choice = svc.parse_database_url(settings.database_url)
        {"default": self.db_default, "sqlite": self.db_sqlite}.get(
            choice.kind, self.db_postgres
        ).setChecked(True)
        self.sqlite_edit.setText(choice.sqlite_path)
        self.host_edit.setText(choice.host)
        self.port_spin.setValue(choice.port)
        self.dbname_edit.setText(choice.database)
        self.user_edit.setText(choice.user)
        self.password_edit.clear()
        self._database_kind_changed()
        self.logo_edit.setText(settings.logo_path or "")
        for code, check in self.language_checks.items():
            check.setChecked(code in settings.letter_languages or code == "en")
        self.idle_spin.setValue(settings.idle_lock_minutes)
        self.time_zone_combo.setCurrentText(settings.time_zone)
        self.ui_language_combo.setCurrentIndex(
            max(0, self.ui_language_combo.findData(settings.ui_language))
        )
        self.desk.call(my_roles, on_success=self._schools_known, context=self)

    def _schools_known(self, info: Any) -> None:
        codes = [g.school_code for g in info.grants if g.school_code]
        default = self.saved.school_code if self.saved else None
        if default and default not in codes:
            codes.insert(0, default)
        self.school_combo.blockSignals(True)
        self.school_combo.clear()
        self.school_combo.addItems(list(dict.fromkeys(codes)))
        self.school_combo.blockSignals(False)
        if default:
            self.school_combo.setCurrentText(default)
        self.school_box.setEnabled(bool(codes))
        self._load_school(self.school_combo.currentText())

    def _load_school(self, code: str) -> None:
        if code:
            self.desk.call(svc.school_profile, code, on_success=self._school_loaded, context=self)

    def _school_loaded(self, profile: svc.SchoolProfile) -> None:
        self.school_name_edit.setText(profile.name)
        self.address_edit.setPlainText(profile.address)
        self.phone_edit.setText(profile.phone)
        self.principal_edit.setText(profile.principal_name)
        self.portal_edit.setText(profile.portal_url)
        self.expiry_spin.setValue(profile.pin_expiry_days)
        self._expiry_changed(profile.pin_expiry_days)
        self.bulk_check.setChecked(profile.bulk_letters_enabled)
        self.outreach_spin.setValue(profile.outreach_days)

    def _database_kind_changed(self) -> None:
        sqlite, pg = self.db_sqlite.isChecked(), self.db_postgres.isChecked()
        self.sqlite_edit.setEnabled(sqlite)
        self.sqlite_browse.setEnabled(sqlite)
        for widget in (
            self.host_edit,
            self.port_spin,
            self.dbname_edit,
            self.user_edit,
            self.password_edit,
        ):
            widget.setEnabled(pg)
        self.test_button.setEnabled(sqlite or pg)

    def _expiry_changed(self, days: int) -> None:
        if days > svc.PIN_EXPIRY_WARN_DAYS:
            self.expiry_warning.setText(
                self.tr(
                    "More than %1 days: a PIN sent by post should not stay valid that long "
                    "(NIST SP 800-63B)."
                ).replace("%1", str(svc.PIN_EXPIRY_WARN_DAYS))
            )
        else:
            self.expiry_warning.setText("")
        self.expiry_warning.setVisible(days > svc.PIN_EXPIRY_WARN_DAYS)

    def _browse_sqlite(self) -> None:
        path, _ = files.save_file_name(
            self,
            self.tr("Database file"),
            Path(self.sqlite_edit.text().strip() or "ppdesk.sqlite3").name,
            self.tr("SQLite database (*.sqlite3 *.db)"),
            confirm_overwrite=False,
        )
        if path:
            self.sqlite_edit.setText(path)

    def _browse_logo(self) -> None:
        path = files.open_file_name(self, self.tr("School logo"), self.tr("Images (*.png *.jpg)"))
        if path:
            self.logo_edit.setText(path)

    # -- saving ----------------------------------------------------------------------------

    def database_choice(self) -> svc.DatabaseChoice:
        if self.db_sqlite.isChecked():
            return svc.DatabaseChoice("sqlite", sqlite_path=self.sqlite_edit.text().strip())
        if self.db_postgres.isChecked():
            return svc.DatabaseChoice(
                "postgresql",
                host=self.host_edit.text().strip(),
                port=self.port_spin.value(),
                database=self.dbname_edit.text().strip(),
                user=self.user_edit.text().strip(),
            )
        return svc.DatabaseChoice("default")

    def form_settings(self) -> Settings:
        base = self.saved or Settings()
        return base.with_changes(
            letter_languages=tuple(
                c for c, check in self.language_checks.items() if check.isChecked()
            ),
            idle_lock_minutes=self.idle_spin.value(),
            time_zone=self.time_zone_combo.currentText().strip(),
            ui_language=self.ui_language_combo.currentData(),
            logo_path=self.logo_edit.text().strip() or None,
            school_code=self.school_combo.currentText() or base.school_code,
        )

    def save(self) -> None:
        """Save the workstation settings (and the school profile, if the user may)."""
        password = self.password_edit.text()
        self.password_edit.clear()
        try:
            settings = self.form_settings()
            database = self.database_choice() if self.can_database else None
        except Exception as exc:
            self._show_error(exc)
            return
        self.busy = True
        self.save_button.setEnabled(False)
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
        code = self.school_combo.currentText()
        if self.can_school and code:
            profile = svc.SchoolProfile(
                code=code,
                name=self.school_name_edit.text(),
                address=self.address_edit.toPlainText(),
                phone=self.phone_edit.text(),
                principal_name=self.principal_edit.text(),
                portal_url=self.portal_edit.text(),
                pin_expiry_days=self.expiry_spin.value(),
                bulk_letters_enabled=self.bulk_check.isChecked(),
                outreach_days=self.outreach_spin.value(),
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
        self.save_button.setEnabled(True)
        self.status_label.setStyleSheet(GOOD_STYLE)
        self.status_label.setText(
            self.tr(
                "Saved. The idle lock applies now; the database and the interface language "
                "change at the next start."
            )
        )

    def _show_error(self, exc: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.status_label.setStyleSheet(BAD_STYLE)
        from ppdesk.gui.errors import describe_error

        self.status_label.setText(describe_error(exc).message)

    def test_connection(self) -> None:
        try:
            choice = self.database_choice()
            url = choice.url()
        except Exception as exc:
            self._test_done(exc)
            return
        if url is None:
            return  # the default SQLite file: nothing to try
        self.test_button.setEnabled(False)
        self.test_label.setStyleSheet("")
        self.test_label.setText(self.tr("Connecting…"))
        self.busy = True
        self.desk.runner.run(
            svc.test_connection,
            self.desk.ctx,
            url,
            self.password_edit.text() or None,
            on_success=self._test_done,
            on_error=self._test_done,
            context=self,
        )

    def _test_done(self, result: object) -> None:
        self.busy = False
        self.test_button.setEnabled(True)
        if isinstance(result, BaseException):
            from ppdesk.gui.errors import describe_error

            self.test_label.setStyleSheet(BAD_STYLE)
            self.test_label.setText(describe_error(result).message)
        else:
            self.test_label.setStyleSheet(GOOD_STYLE)
            self.test_label.setText(str(result))


def _visible(profile: Any) -> bool:
    return bool(profile.can(Permission.READ_AUDIT) or profile.can(Permission.MANAGE_KEYS))


TAB = TabSpec(
    key="settings",
    title="Settings",
    visible=_visible,
    create=lambda desk, parent: SettingsTab(desk, parent),
)
