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
    assert _counts(desk.runtime)[0] == students_before
    tab.apply(folder, "oneroster")
    qtbot.waitUntil(lambda: tab.plan is None, timeout=WAIT_MS)
    assert _counts(desk.runtime)[0] > students_before
    assert "Imported" in tab.summary_label.text()


def _gaps_while(qtbot: Any, done: Any) -> tuple[float, float]:
    """Tick a 20 ms timer on the GUI thread until ``done()``; return how long that took
    and the longest gap between two ticks (seconds)."""
    import time
    from itertools import pairwise

    from PySide6.QtCore import QTimer

    ticks: list[float] = [time.monotonic()]
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    try:
        qtbot.waitUntil(done, timeout=120_000)
    finally:
        timer.stop()
    ticks.append(time.monotonic())
    return ticks[-1] - ticks[0], max(b - a for a, b in pairwise(ticks))


def test_the_window_stays_responsive_during_a_large_import(qtbot: Any, desk: Any, tmp_path) -> None:
    """SECURITY.md 30, "the UI stays responsive": the dry run and the import of a
    10,000-student OneRoster set run off the GUI thread; a timer on the GUI thread keeps
    ticking all along (no gap over 0.4 s; a user feels a frozen window long before a second).
    The import lasts over 0.8 s, so run on the GUI thread it would fail."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "gen_oneroster", Path(__file__).resolve().parents[2] / "bench" / "gen_oneroster.py"
    )
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    folder = tmp_path / "set"
    gen.generate(folder, 10_000, 1.8, 5)
    _admin_of_every_district(desk)  # the set's schools are in another local district
    tab = _import_tab(qtbot, desk)
    students_before, _ = _counts(desk.runtime)

    tab.preview(folder, "oneroster")
    took, gap = _gaps_while(qtbot, lambda: tab.plan is not None)
    assert tab.plan.ok, tab.summary_label.text()
    assert gap < 0.4, (took, gap)

    tab.apply(folder, "oneroster")
    took, gap = _gaps_while(qtbot, lambda: tab.plan is None)
    assert "Imported" in tab.summary_label.text(), tab.summary_label.text()
    assert _counts(desk.runtime)[0] >= students_before + 10_000
    assert took > 0.8 and gap < 0.4, (took, gap)
