"""The Import tab: a dry run shows every problem and writes nothing; Apply imports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ppdesk.adapters.db.models import AuditEvent, Student
from tests.gui.helpers import WAIT_MS, log_in


def _counts(rt: Any) -> tuple[int, int]:
    with rt.engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(Student)).scalar_one(),
            conn.execute(select(func.count()).select_from(AuditEvent)).scalar_one(),
        )


def _import_tab(qtbot: Any, desk: Any) -> Any:
    """Log in as the district admin and show the Import tab."""
    window = log_in(qtbot, desk, "district_admin")
    tab = window.office_widget("import")
    assert tab is not None
    window.ui.tabs.setCurrentWidget(tab)
    return tab


def _admin_of_every_district(desk: Any) -> None:
    """Grant the demo's district admin every local district."""
    from ppdesk.domain.roles import Role

    with desk.runtime.ctx.uow() as uow:
        admin = uow.staff.get_by_username("district_admin")
        uow.grants.add(
            staff_id=admin.id,
            role=Role.DISTRICT_ADMIN,
            school_id=None,
            local_district=None,
            granted_by_id=None,
            granted_at=uow.now(),
            reason="test: every district",
        )
        uow.commit()


def test_dry_run_writes_nothing_then_apply_imports(qtbot: Any, desk: Any, tmp_path) -> None:
    tab = _import_tab(qtbot, desk)
    template = tmp_path / "blank.xlsx"
    tab.save_blank(template)
    qtbot.waitUntil(template.exists, timeout=WAIT_MS)
    before = _counts(desk.runtime)
    tab.preview(template, "template")
    qtbot.waitUntil(lambda: tab.plan is not None, timeout=WAIT_MS)
    assert _counts(desk.runtime) == before  # a dry run writes nothing, not even audit rows
    assert not tab.apply_button.isEnabled()  # nothing to apply from an empty template
    assert tab.summary_label.text()


def test_office_staff_has_no_import_tab(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "office_staff")
    assert window.office_widget("import") is None


def test_apply_a_oneroster_set(qtbot: Any, desk: Any, tmp_path) -> None:
    from tests.fixtures.sis.helpers import copy_set

    folder = copy_set(tmp_path)
    _admin_of_every_district(desk)  # the fixture's schools are in another local district
    tab = _import_tab(qtbot, desk)
    students_before, _ = _counts(desk.runtime)
    tab.preview(folder, "oneroster")
    qtbot.waitUntil(lambda: tab.plan is not None, timeout=WAIT_MS)
    assert tab.plan.ok and tab.apply_button.isEnabled(), tab.summary_label.text()
    assert "Local district of each school:" in tab.summary_label.text()
    assert _counts(desk.runtime)[0] == students_before
    tab.apply(folder, "oneroster")
    qtbot.waitUntil(lambda: tab.plan is None, timeout=WAIT_MS)
    assert _counts(desk.runtime)[0] > students_before
    assert "Imported" in tab.summary_label.text()


class _Handshake:
    """Wraps a service call so the worker, while inside it, waits for the GUI thread to
    answer: once right after it starts and once before it returns. A call made on the GUI
    thread could never get that answer (the event loop would be blocked), so the wait would
    run into ``limit_s`` and the call would fail. No wall-clock figure is asserted: the limit
    only turns a deadlock into a failure, and the machine's speed does not matter."""

    def __init__(self, real: Any, limit_s: float = 60.0) -> None:
        import threading

        self.real = real
        self.limit_s = limit_s
        self.asked = threading.Event()
        self.answered = threading.Event()
        self.threads: list[int] = []
        self.answers = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        import threading

        self.threads.append(threading.get_ident())
        self._ask()
        result = self.real(*args, **kwargs)
        self._ask()
        return result

    def _ask(self) -> None:
        self.answered.clear()
        self.asked.set()
        if not self.answered.wait(self.limit_s):
            raise AssertionError("the GUI thread did not answer while the import ran")

    def answer(self) -> None:
        """Called by a timer on the GUI thread."""
        if self.asked.is_set():
            self.asked.clear()
            self.answers += 1
            self.answered.set()


def _run_with_handshake(qtbot: Any, monkeypatch: Any, name: str, start: Any, done: Any) -> Any:
    import threading

    from PySide6.QtCore import QTimer

    from ppdesk.services import sis_import

    shake = _Handshake(getattr(sis_import, name))
    monkeypatch.setattr(sis_import, name, shake)
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(shake.answer)
    timer.start()
    try:
        start()
        qtbot.waitUntil(done, timeout=120_000)
    finally:
        timer.stop()
    assert shake.threads and threading.main_thread().ident not in shake.threads
    assert shake.answers == 2  # the GUI thread ran while the worker was inside the call
    return shake


def test_the_window_stays_responsive_during_an_import(
    qtbot: Any, desk: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    """SECURITY.md 30, "the UI stays responsive": the dry run and the import run off the GUI
    thread, and the GUI thread keeps handling events while they run (a handshake, not a
    stopwatch). The speed figure for a 10,000-student set is in
    bench/import_responsiveness.py."""
    from tests.fixtures.sis.helpers import copy_set

    folder = copy_set(tmp_path)
    _admin_of_every_district(desk)  # the fixture's schools are in another local district
    tab = _import_tab(qtbot, desk)
    students_before, _ = _counts(desk.runtime)

    _run_with_handshake(
        qtbot,
        monkeypatch,
        "preview_import",
        lambda: tab.preview(folder, "oneroster"),
        lambda: tab.plan is not None,
    )
    assert tab.plan.ok, tab.summary_label.text()

    _run_with_handshake(
        qtbot,
        monkeypatch,
        "apply_import",
        lambda: tab.apply(folder, "oneroster"),
        lambda: tab.plan is None,
    )
    assert "Imported" in tab.summary_label.text(), tab.summary_label.text()
    assert _counts(desk.runtime)[0] > students_before


def test_many_deactivations_are_confirmed_with_the_counts_on_screen(
    qtbot: Any, desk: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.integration.test_import_safety_net import _sets

    full, cut = _sets(tmp_path)
    _admin_of_every_district(desk)
    tab = _import_tab(qtbot, desk)
    tab.preview(full, "oneroster")
    qtbot.waitUntil(lambda: tab.plan is not None, timeout=WAIT_MS)
    tab.apply(full, "oneroster")
    qtbot.waitUntil(lambda: tab.plan is None, timeout=WAIT_MS)
    tab.preview(cut, "oneroster")
    qtbot.waitUntil(lambda: tab.plan is not None, timeout=WAIT_MS)
    plan = tab.plan
    assert plan.needs_confirmation and tab.apply_button.isEnabled()
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, _t, text, *_a: asked.append(text) or answers.pop(0)
    )
    before = _counts(desk.runtime)[0]
    tab._on_apply()  # No: nothing happens
    assert tab.plan is plan and _counts(desk.runtime)[0] == before
    c = plan.counts
    assert f"{c.students_deactivated:,} students" in asked[0] and "stay revoked" in asked[0]
    assert f"{plan.deactivations:,} in all" in asked[0]
    tab._on_apply()  # Yes: applied with the count confirmed
    qtbot.waitUntil(lambda: tab.plan is None, timeout=WAIT_MS)
    assert "Imported" in tab.summary_label.text()
