"""The Settings tab: saved and read back; a PostgreSQL password goes to the keyring only."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ppdesk.adapters.db.engine import describe
from ppdesk.services.settings_service import DatabaseChoice, parse_database_url
from tests.gui.helpers import WAIT_MS, audit_rows, log_in

SECRET = "pg-secret-for-the-test 7"


def _settings_tab(qtbot: Any, window: Any) -> Any:
    tab = window.office_widget("settings")
    assert tab is not None
    window.ui.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.school_combo.count() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.school_name_edit.text() != "", timeout=WAIT_MS)
    return tab


def _save(qtbot: Any, tab: Any) -> None:
    tab.status_label.clear()
    tab.save_button.click()
    qtbot.waitUntil(lambda: not tab.busy, timeout=WAIT_MS)


def test_settings_saved_and_read_back_with_the_password_in_the_keyring(
    qtbot: Any, desk: Any, memory_keyring: Any
) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _settings_tab(qtbot, window)
    assert tab.database_box.isVisibleTo(tab)
    tab.db_postgres.setChecked(True)
    tab.host_edit.setText("db.district.example")
    tab.port_spin.setValue(5433)
    tab.dbname_edit.setText("ppdesk")
    tab.user_edit.setText("front_office")
    tab.password_edit.setText(SECRET)
    tab.expiry_spin.setValue(28)
    assert tab.expiry_warning.isVisibleTo(tab) and "21" in tab.expiry_warning.text()
    tab.language_checks["ko"].setChecked(False)
    tab.idle_spin.setValue(9)
    assert tab.time_zone_combo.currentText() == "America/Los_Angeles"  # the default
    tab.time_zone_combo.setCurrentText("America/Denver")
    tab.ui_language_combo.setCurrentIndex(tab.ui_language_combo.findData("es"))
    tab.principal_edit.setText("Dr. Imelda Testwood")
    _save(qtbot, tab)
    assert "Saved" in tab.status_label.text(), tab.status_label.text()
    assert tab.password_edit.text() == ""
    assert window.idle.timeout_ms == 9 * 60_000  # the idle lock follows at once

    path = Path(os.environ["PPDESK_CONFIG_DIR"]) / "settings.toml"
    raw = path.read_text(encoding="utf-8")
    assert SECRET not in raw
    data = tomllib.loads(raw)
    assert data["database_url"] == "postgresql://front_office@db.district.example:5433/ppdesk"
    assert data["idle_lock_minutes"] == 9
    assert data["time_zone"] == "America/Denver"
    assert "pin_expiry_days" not in data  # the school's setting, in the database
    assert data["ui_language"] == "es" and "ko" not in data["letter_languages"]
    # The engine looks the password up by the database's description: the same name.
    name = describe(data["database_url"])
    stored = [v for (_s, user), v in memory_keyring.store.items() if user.endswith(name)]
    assert stored == [SECRET]

    fresh = type(tab)(tab.desk)  # a new tab reads everything back from the file and the DB
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitUntil(lambda: fresh.principal_edit.text() != "", timeout=WAIT_MS)
    assert fresh.db_postgres.isChecked() and fresh.host_edit.text() == "db.district.example"
    assert fresh.port_spin.value() == 5433 and fresh.user_edit.text() == "front_office"
    assert fresh.password_edit.text() == ""
    assert fresh.expiry_spin.value() == 28 and fresh.idle_spin.value() == 9
    assert not fresh.language_checks["ko"].isChecked()
    assert fresh.language_checks["es"].isChecked()
    assert fresh.ui_language_combo.currentData() == "es"
    assert fresh.time_zone_combo.currentText() == "America/Denver"
    assert fresh.principal_edit.text() == "Dr. Imelda Testwood"
    last = audit_rows(desk.runtime, action="school_profile_update")[-1]
    assert last.actor == "principal"
    assert json.loads(last.details)["expiry_days"] == 28
    with desk.runtime.ctx.uow(readonly=True) as uow:
        assert uow.schools.get_by_code(fresh.school_combo.currentText()).pin_expiry_days == 28


def test_assistant_principal_has_no_database_part(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "assistant_principal")
    tab = _settings_tab(qtbot, window)
    assert not tab.database_box.isVisibleTo(tab)
    assert not tab.school_name_edit.isEnabled()
    assert not tab.expiry_spin.isEnabled()  # the school's PIN expiry: principal only
    tab.idle_spin.setValue(7)
    _save(qtbot, tab)
    assert "Saved" in tab.status_label.text()
    assert desk.runtime.ctx.settings.idle_lock_minutes == 7


def test_test_connection_on_a_sqlite_file_and_a_bad_server(
    qtbot: Any, desk: Any, tmp_path: Path
) -> None:
    window = log_in(qtbot, desk, "district_admin")
    tab = window.office_widget("settings")
    tab.db_sqlite.setChecked(True)
    tab.sqlite_edit.setText(str(desk.runtime.url).split(":///", 1)[1])
    tab.test_connection()
    qtbot.waitUntil(lambda: not tab.busy, timeout=WAIT_MS)
    assert "connected" in tab.test_label.text()
    tab.db_postgres.setChecked(True)
    tab.host_edit.setText("127.0.0.1")
    tab.port_spin.setValue(1)  # nothing listens there
    tab.dbname_edit.setText("nothing")
    tab.user_edit.setText("nobody")
    tab.password_edit.setText(SECRET)
    tab.test_connection()
    qtbot.waitUntil(lambda: not tab.busy, timeout=WAIT_MS * 2)
    assert "Cannot reach" in tab.test_label.text()
    assert SECRET not in tab.test_label.text()


@pytest.mark.parametrize(
    "choice",
    [
        DatabaseChoice("default"),
        DatabaseChoice("sqlite", sqlite_path="/srv/ppdesk/desk.sqlite3"),
        DatabaseChoice("postgresql", host="pg.example", port=5432, database="pp", user="ann"),
        DatabaseChoice("postgresql", host="pg.example", port=5432, database="pp"),  # a counter
        DatabaseChoice(
            "postgresql", host="pg.example", database="pp", user="ann", query="sslmode=verify-full"
        ),
    ],
)
def test_database_choice_round_trips_and_names_the_keyring_entry_like_the_engine(
    choice: DatabaseChoice,
) -> None:
    url = choice.url(person_sign_in=choice.kind == "postgresql" and not choice.user)
    assert parse_database_url(url) == choice
    if url is not None:
        assert choice.description() == describe(url)


def _settings_file() -> Path:
    return Path(os.environ["PPDESK_CONFIG_DIR"]) / "settings.toml"


def test_a_counter_desk_chosen_in_the_tab_is_saved_without_a_database_credential(
    qtbot: Any, desk: Any, memory_keyring: Any
) -> None:
    """sign_in = "database" from the Settings tab: the URL keeps its TLS options but names no
    user, no password goes to the keyring, and the settings reader gives it back."""
    from ppdesk.adapters.settings_store import SettingsStore

    _settings_file().parent.mkdir(parents=True, exist_ok=True)
    _settings_file().write_text(
        'database_url = "postgresql://front_office@db.district.example:5433/ppdesk'
        '?sslrootcert=/etc/ppdesk/district-ca.crt"\n',
        encoding="utf-8",
    )
    window = log_in(qtbot, desk, "principal")
    tab = _settings_tab(qtbot, window)
    # The password this workstation kept while it connected with its own login.
    own = "PostgreSQL front_office@db.district.example:5433/ppdesk"
    desk.runtime.ctx.secret_store.set_password(own, SECRET)
    keyring_before = dict(memory_keyring.store)
    combo = tab.sign_in_combo
    assert tab.db_postgres.isChecked() and tab.user_edit.text() == "front_office"
    assert combo.currentData() == "workstation"  # the default
    assert tab.user_edit.isEnabled() and tab.password_edit.isEnabled()
    assert "administrator" in tab.sign_in_note.text()
    tab.password_edit.setText(SECRET)
    combo.setCurrentIndex(combo.findData("database"))  # as a click on the item does
    assert "keeps no database user or password" in tab.sign_in_note.text()
    assert "removes the one in the keyring" in tab.sign_in_note.text()
    assert combo.accessibleDescription() == tab.sign_in_note.text()
    assert not tab.user_edit.isEnabled() and not tab.password_edit.isEnabled()
    assert tab.password_edit.text() == ""  # a typed password does not wait to be saved
    assert not tab.test_button.isEnabled()  # the person's sign-in tries the connection
    _save(qtbot, tab)
    assert "Saved" in tab.status_label.text(), tab.status_label.text()

    raw = _settings_file().read_text(encoding="utf-8")
    assert SECRET not in raw
    data = tomllib.loads(raw)
    assert data["sign_in"] == "database"
    assert data["database_url"] == (
        "postgresql://db.district.example:5433/ppdesk?sslrootcert=/etc/ppdesk/district-ca.crt"
    )
    # No database password kept: the old one is gone, nothing else changed.
    assert desk.runtime.ctx.secret_store.get_password(own) is None
    assert SECRET not in memory_keyring.store.values()
    assert {k: v for k, v in keyring_before.items() if v != SECRET} == memory_keyring.store
    assert SettingsStore().load().sign_in == "database"  # what the next start reads
    assert desk.runtime.ctx.settings.sign_in == "database"

    fresh = type(tab)(tab.desk)  # a new tab reads it back from the file
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitUntil(lambda: fresh.principal_edit.text() != "", timeout=WAIT_MS)
    assert fresh.sign_in_combo.currentData() == "database"
    assert fresh.db_postgres.isChecked() and fresh.user_edit.text() == ""
    assert not fresh.user_edit.isEnabled() and not fresh.test_button.isEnabled()

    # Back to an administrator's workstation: the user is asked for again.
    fresh.sign_in_combo.setCurrentIndex(fresh.sign_in_combo.findData("workstation"))
    assert fresh.user_edit.isEnabled() and fresh.password_edit.isEnabled()
    _save(qtbot, fresh)
    assert "user" in fresh.status_label.text().lower(), fresh.status_label.text()
    assert tomllib.loads(_settings_file().read_text(encoding="utf-8")) == data  # unchanged
    fresh.user_edit.setText("front_office")
    _save(qtbot, fresh)
    assert "Saved" in fresh.status_label.text(), fresh.status_label.text()
    data = tomllib.loads(_settings_file().read_text(encoding="utf-8"))
    assert data["sign_in"] == "workstation"
    assert data["database_url"].startswith("postgresql://front_office@db.district.example:5433/")
    assert data["database_url"].endswith("?sslrootcert=/etc/ppdesk/district-ca.crt")


@pytest.mark.parametrize("kind", ["default", "sqlite"])
def test_a_counter_desk_on_a_sqlite_file_is_refused_and_nothing_is_saved(
    qtbot: Any, desk: Any, kind: str, tmp_path: Path
) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _settings_tab(qtbot, window)
    if kind == "sqlite":
        tab.db_sqlite.setChecked(True)
        tab.sqlite_edit.setText(str(tmp_path / "desk.sqlite3"))
    else:
        tab.ui.dbDefaultRadio.setChecked(True)
    tab.idle_spin.setValue(11)
    before = _settings_file().read_bytes() if _settings_file().exists() else None
    refusal = "sign_in = database needs a shared PostgreSQL database"
    tab.sign_in_combo.setCurrentIndex(tab.sign_in_combo.findData("database"))
    assert refusal in tab.sign_in_note.text()  # said at once, beside the choice
    _save(qtbot, tab)
    assert refusal in tab.status_label.text(), tab.status_label.text()
    after = _settings_file().read_bytes() if _settings_file().exists() else None
    assert after == before
    assert desk.runtime.ctx.settings.sign_in == "workstation"
    assert desk.runtime.ctx.settings.idle_lock_minutes != 11
    tab.db_postgres.setChecked(True)  # a shared server: the explanation is back
    assert refusal not in tab.sign_in_note.text()


def test_the_settings_service_keeps_a_counter_desk_free_of_credentials(
    desk: Any, memory_keyring: Any
) -> None:
    """Whoever calls it (not only the tab): no user in the URL, no password to the keyring."""
    from ppdesk.domain.errors import ValidationError
    from ppdesk.domain.settings import Settings
    from ppdesk.services.settings_service import save_settings

    ctx = desk.runtime.ctx
    before = _settings_file().read_bytes() if _settings_file().exists() else None
    counter = Settings(sign_in="database")
    server = DatabaseChoice("postgresql", host="pg.example", database="pp", user="ann")
    with pytest.raises(ValidationError) as raised:
        save_settings(ctx, counter, database=server)
    assert raised.value.code == "settings.sign_in_no_credential" and raised.value.field == "user"
    nobody = DatabaseChoice("postgresql", host="pg.example", database="pp")
    with pytest.raises(ValidationError) as raised:
        save_settings(ctx, counter, database=nobody, db_password=SECRET)
    assert raised.value.field == "password"
    with pytest.raises(ValidationError) as raised:
        save_settings(ctx, counter, database=DatabaseChoice("sqlite", sqlite_path="/srv/x.db"))
    assert raised.value.code == "config.sign_in_postgres_only"
    with pytest.raises(ValidationError) as raised:
        save_settings(ctx, counter, database=DatabaseChoice("default"))
    assert raised.value.code == "config.sign_in_postgres_only"
    assert (_settings_file().read_bytes() if _settings_file().exists() else None) == before
    assert all(v != SECRET for v in memory_keyring.store.values())
    saved = save_settings(ctx, counter, database=nobody)
    assert saved.database_url == "postgresql://pg.example:5432/pp"
    assert parse_database_url(saved.database_url) == nobody
