"""Startup problems are dialogs that say what to do; the error presenter shows domain errors
as their sentence and anything else as an incident id with the traceback in the log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ppdesk.domain.errors import (
    DatabaseUnavailable,
    NotFound,
    SchemaError,
    SecretsUnavailable,
)
from ppdesk.gui.errors import ErrorPresenter, describe_error, is_connection_error
from tests.gui.helpers import WAIT_MS, counter_candidate, log_in, open_student


class FlakyOpener:
    """Fails with ``error`` the first ``failures`` times, then returns ``runtime``."""

    def __init__(self, error: BaseException, runtime: Any, failures: int = 1) -> None:
        self.error, self.runtime, self.failures, self.calls = error, runtime, failures, 0

    def __call__(self, _database: str | None) -> Any:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return self.runtime


@pytest.mark.parametrize(
    ("error", "headline", "advice"),
    [
        (
            SchemaError(
                "The shared database needs an upgrade (schema 0001). Ask an administrator to "
                "run `ppdesk db upgrade` once, then start again."
            ),
            "do not match",
            "ppdesk db upgrade",
        ),
        (
            DatabaseUnavailable("Cannot reach the database (postgresql://db.example/ppdesk)."),
            "cannot be reached",
            "check the connection",
        ),
        (
            SecretsUnavailable("The keyring has no password for this database."),
            "password is not available",
            "keyring",
        ),
        (
            SecretsUnavailable("This workstation has no PIN keys for this database."),
            "PIN keys are not available",
            "keys",
        ),
    ],
)
def test_startup_problem_dialog_says_what_to_do_and_retry_works(
    qtbot: Any, desk_runtime: Any, error: Exception, headline: str, advice: str
) -> None:
    from ppdesk.gui.app import DeskApp

    opener = FlakyOpener(error, desk_runtime)
    app = DeskApp(opener=opener)
    qtbot.addWidget(app.login)
    app.owns_runtime = False  # the fixture closes it
    app.start()
    try:
        qtbot.waitUntil(lambda: app.problem_box is not None, timeout=WAIT_MS)
        box = app.problem_box
        assert headline in box.text()
        assert advice in box.informativeText()
        assert "Traceback" not in box.informativeText()
        assert headline in app.login.ui.databaseLabel.text()
        retry = next(b for b in box.buttons() if b.text() == "&Retry")
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.login.runtime is desk_runtime, timeout=WAIT_MS)
        assert opener.calls == 2
        assert "SQLite" in app.login.ui.databaseLabel.text()
    finally:
        app.shutdown()


def test_a_login_pressed_before_the_database_is_open_waits_for_it(
    qtbot: Any, desk_runtime: Any
) -> None:
    from ppdesk.gui.app import DeskApp
    from tests.gui.conftest import DEMO_PASSWORD

    gate = {"open": False}

    def slow_open(_database: str | None) -> Any:
        import time

        while not gate["open"]:
            time.sleep(0.01)
        return desk_runtime

    app = DeskApp(opener=slow_open)
    qtbot.addWidget(app.login)
    app.owns_runtime = False
    app.start()
    try:
        ui = app.login.ui
        assert ui.databaseLabel.text() == "opening…"
        qtbot.keyClicks(ui.userEdit, "principal")
        qtbot.keyClicks(ui.passwordEdit, DEMO_PASSWORD)
        qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
        assert "Connecting to the database" in ui.statusLabel.text()
        gate["open"] = True
        qtbot.waitUntil(lambda: app.window is not None, timeout=WAIT_MS)
        qtbot.addWidget(app.window)
    finally:
        gate["open"] = True
        app.shutdown()


def test_missing_pin_keys_leave_lookups_working_and_pin_actions_off(
    qtbot: Any, make_desk: Any, desk_runtime: Any, memory_keyring: Any
) -> None:
    summary, _view = counter_candidate(desk_runtime)
    memory_keyring.store.clear()  # the keys are gone from this workstation's keyring
    desk_runtime.ctx.keys = None
    desk_runtime.ctx.keys_problem = "This workstation has no PIN keys for this database."
    desk = make_desk()
    assert "PIN features are off" in desk.login.ui.statusLabel.text()
    window = log_in(qtbot, desk)
    assert window.ui.bannerLabel.isVisible()
    assert "no PIN keys" in window.ui.bannerLabel.text()
    page = open_student(qtbot, window, summary.student_id)
    assert page.guardians.rowCount() > 0
    assert page.ui.verifyButton.isVisible() and not page.ui.verifyButton.isEnabled()
    assert "PIN features are off" in page.ui.guardianHint.text()


def test_presenter_shows_domain_errors_as_their_sentence(qtbot: Any) -> None:
    presenter = ErrorPresenter()
    report = presenter.show(NotFound("No such student."))
    box = presenter.last_box
    assert report.kind == "domain" and report.incident is None
    assert box.text() == "No such student."
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_presenter_hides_a_bug_behind_an_incident_id_and_logs_the_traceback(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    presenter = ErrorPresenter()

    def broken() -> None:
        raise KeyError("internal detail")

    try:
        broken()
    except KeyError as exc:
        with caplog.at_level(logging.ERROR, logger="ppdesk.gui"):
            report = presenter.show(exc)
    box = presenter.last_box
    assert report.kind == "bug" and report.incident
    assert report.incident in box.text()
    assert "internal detail" not in box.text() and "KeyError" not in box.text()
    record = next(r for r in caplog.records if report.incident in r.getMessage())
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    box.close()


def test_connection_errors_are_recognised_without_importing_the_driver() -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    wrapped = OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"))
    assert is_connection_error(wrapped)
    assert is_connection_error(DatabaseUnavailable("down"))
    assert not is_connection_error(ValueError("x"))
    assert describe_error(DatabaseUnavailable("Cannot reach it.")).kind == "connection"


def test_retry_button_of_a_connection_error_calls_back(qtbot: Any) -> None:
    presenter = ErrorPresenter()
    calls: list[int] = []
    presenter.show(DatabaseUnavailable("Cannot reach the database."), retry=lambda: calls.append(1))
    box = presenter.last_box
    retry = next(b for b in box.buttons() if b.text() == "&Retry")
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls == [1], timeout=WAIT_MS)


def test_an_empty_database_gets_the_demo_school_and_the_dialog_says_so(
    qtbot: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from ppdesk.gui.app import DeskApp, open_runtime
    from ppdesk.services import demo

    small = functools.partial(demo.create_demo, students=20, seed=3)
    monkeypatch.setattr(demo, "create_demo", lambda ctx: small(ctx))
    url = f"sqlite:///{(tmp_path / 'empty.sqlite3').as_posix()}"
    app = DeskApp(database=url, opener=functools.partial(open_runtime, demo_if_empty=True))
    qtbot.addWidget(app.login)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.login.runtime is not None, timeout=WAIT_MS)
        status = app.login.ui.statusLabel.text()
        assert "demo school with 20 invented students" in status
        assert "shown only now" in status
        assert app.login.ui.userEdit.text() == "principal"
        assert app.runtime.demo.password in status
    finally:
        app.shutdown()
