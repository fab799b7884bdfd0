"""The background-task helper: work off the GUI thread, callbacks on it, stale results
dropped; an exception escaping a slot becomes an incident dialog."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread
from PySide6.QtWidgets import QLabel

from ppdesk.domain.errors import NotFound
from ppdesk.gui.errors import ErrorPresenter
from ppdesk.gui.tasks import TaskRunner

WAIT_MS = 5_000


def test_work_runs_off_the_gui_thread_and_results_come_back_on_it(qtbot: Any) -> None:
    runner = TaskRunner(ErrorPresenter())
    seen: dict[str, Any] = {}

    def work(x: int) -> tuple[int, int]:
        return x * 2, threading.get_ident()

    def done(result: tuple[int, int]) -> None:
        seen["value"], seen["worker"] = result
        seen["gui_thread"] = QThread.currentThread() is QCoreApplication.instance().thread()

    runner.run(work, 21, on_success=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=WAIT_MS)
    assert seen["value"] == 42
    assert seen["worker"] != threading.get_ident()
    assert seen["gui_thread"] is True
    assert not runner.busy


def test_cancelled_or_orphaned_tasks_call_nothing(qtbot: Any) -> None:
    runner = TaskRunner(ErrorPresenter())
    calls: list[str] = []
    gate = threading.Event()
    cancelled = runner.run(gate.wait, 5, on_success=lambda _r: calls.append("cancelled"))
    label = QLabel()
    runner.run(gate.wait, 5, on_success=lambda _r: calls.append("orphan"), context=label)
    cancelled.cancel()
    label.deleteLater()
    qtbot.wait(20)
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    assert calls == []


def test_errors_without_a_handler_go_to_the_presenter(qtbot: Any) -> None:
    presenter = ErrorPresenter()
    runner = TaskRunner(presenter)

    def fails() -> None:
        raise NotFound("No such student.")

    runner.run(fails)
    qtbot.waitUntil(lambda: presenter.last_report is not None, timeout=WAIT_MS)
    assert presenter.last_report.message == "No such student."
    presenter.last_box.close()


def test_an_exception_escaping_a_slot_becomes_an_incident_dialog(qtbot: Any) -> None:
    from ppdesk.gui.app import _install_excepthook

    presenter = ErrorPresenter()
    previous = sys.excepthook
    _install_excepthook(presenter)
    try:
        try:
            raise RuntimeError("slot exploded")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    report = presenter.last_report
    assert report is not None and report.kind == "bug" and report.incident
    assert "slot exploded" not in report.message
    presenter.last_box.close()


@pytest.mark.qt_no_exception_capture  # the app's own hook must see it, as in production
def test_a_real_slot_exception_shows_an_incident_and_the_window_keeps_working(
    qtbot: Any,
) -> None:
    """SECURITY.md 40 with a real signal: a button whose slot raises. Qt hands the
    exception to sys.excepthook; the user sees an incident dialog and the window stays up
    and usable."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    from ppdesk.gui.app import _install_excepthook

    window = QWidget()
    qtbot.addWidget(window)
    broken, working = QPushButton("Broken", window), QPushButton("Working", window)
    layout = QVBoxLayout(window)
    layout.addWidget(broken)
    layout.addWidget(working)
    clicks: list[str] = []

    def explode() -> None:
        raise RuntimeError("slot exploded with a guardian name in it")

    broken.clicked.connect(explode)
    working.clicked.connect(lambda: clicks.append("ok"))
    window.show()
    presenter = ErrorPresenter()
    previous = sys.excepthook
    _install_excepthook(presenter)
    try:
        qtbot.mouseClick(broken, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: presenter.last_report is not None, timeout=WAIT_MS)
    finally:
        sys.excepthook = previous
    report = presenter.last_report
    assert report.kind == "bug" and report.incident
    assert "guardian name" not in report.message  # details go to the log, not the screen
    presenter.last_box.close()
    assert window.isVisible()
    qtbot.mouseClick(working, Qt.MouseButton.LeftButton)
    assert clicks == ["ok"]
