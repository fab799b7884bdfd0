"""The Audit tab: filters, the integrity check on a tampered chain, the export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import text

from tests.gui.helpers import WAIT_MS, audit_rows, log_in


def _audit_tab(qtbot: Any, window: Any) -> Any:
    tab = window.office_widget("audit")
    assert tab is not None
    window.ui.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: not tab.loading, timeout=WAIT_MS)
    return tab


def _tamper(engine: Any, sql: str) -> None:
    """Change the audit table as its owner would, with the append-only triggers dropped."""
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_event_no_update"))
        conn.execute(text(sql))


def test_assistant_principal_filters_the_trail_by_staff_and_action(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "assistant_principal")
    tab = _audit_tab(qtbot, window)
    assert window.ui.tabs.tabText(window.ui.tabs.indexOf(tab)) == "Audit"
    shown = tab.model.records()
    assert shown and any(r.action == "login" for r in shown)
    tab.actor_edit.setText("assistant_principal")
    tab.action_combo.setCurrentText("login")
    tab.search_button.click()
    qtbot.waitUntil(lambda: not tab.loading, timeout=WAIT_MS)
    rows = tab.model.records()
    assert rows and {(r.actor, r.action) for r in rows} == {("assistant_principal", "login")}
    tab.actor_edit.setText("nobody_here")
    tab.search_button.click()
    qtbot.waitUntil(lambda: not tab.loading, timeout=WAIT_MS)
    assert tab.model.rowCount() == 0
    assert tab.count_label.text() == "Rows shown: 0"


def test_verify_reports_intact_then_the_first_tampered_sequence(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _audit_tab(qtbot, window)
    tab.verify_button.click()
    qtbot.waitUntil(lambda: tab.last_report is not None, timeout=WAIT_MS)
    assert tab.last_report.intact
    assert "intact" in tab.verdict_label.text()
    bad = audit_rows(desk.runtime)[2].seq
    _tamper(desk.runtime.engine, f"UPDATE audit_event SET actor = 'mallory' WHERE seq = {bad}")
    tab.last_report = None
    tab.verify_button.click()
    qtbot.waitUntil(lambda: tab.last_report is not None, timeout=WAIT_MS)
    assert not tab.last_report.intact
    assert tab.last_report.first_bad_seq == bad
    assert f"BROKEN at sequence {bad}" in tab.verdict_label.text()
    checks = audit_rows(desk.runtime, action="audit_verify")
    assert [r.outcome for r in checks][-2:] == ["success", "failed"]


def test_export_writes_what_the_filters_select(qtbot: Any, desk: Any, tmp_path: Path) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _audit_tab(qtbot, window)
    tab.action_combo.setCurrentText("login")
    tab.search_button.click()
    qtbot.waitUntil(lambda: not tab.loading, timeout=WAIT_MS)
    expected = [r.seq for r in tab.model.records()]
    target = tmp_path / "trail"
    tab.export(str(target))
    qtbot.waitUntil(lambda: tab.last_export is not None, timeout=WAIT_MS)
    book = load_workbook(tmp_path / "trail.xlsx", read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:5] == ("Seq", "Time (UTC)", "Staff", "Workstation", "Action")
    assert [row[0] for row in values[1:]] == expected
    assert {row[4] for row in values[1:]} == {"login"}
    export = audit_rows(desk.runtime, action="audit_export")[-1]
    assert export.actor == "principal" and f'"rows":{len(expected)}' in export.details


def test_office_staff_has_no_audit_tab(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "office_staff")
    assert window.office_widget("audit") is None


def test_the_date_filters_are_whole_days_in_the_school_time_zone(qtbot: Any, desk: Any) -> None:
    # Dec 3 in the school's zone (the time_zone setting), not on the workstation, set to
    # Tokyo here (its Dec 3 starts at 15:00 UTC on Dec 2).
    import os
    import time
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QDate

    window = log_in(qtbot, desk, "assistant_principal")
    tab = _audit_tab(qtbot, window)
    tab.ui.sinceEdit.setDate(QDate(2026, 12, 3))
    tab.ui.untilEdit.setDate(QDate(2026, 12, 3))
    zone = ZoneInfo(tab.desk.ctx.settings.time_zone)
    assert zone != ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 12, 3, tzinfo=zone)
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    try:
        assert tab.filters()["since"] == start.astimezone(UTC)
        assert tab.filters()["until"] == (start + timedelta(days=1)).astimezone(UTC)
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_verdict_says_where_a_key_recovery_restarted_the_signatures(
    qtbot: Any, desk: Any
) -> None:
    """A verify after a key recovery (tests/integration/test_keys_recovery.py makes a real
    one) is intact and says the older signatures were not checked: shown as the tab shows
    it, in English and with the sequence."""
    from ppdesk.domain.audit import ChainReport

    window = log_in(qtbot, desk, "principal")
    tab = _audit_tab(qtbot, window)
    tab._on_verified(ChainReport(True, 12, macs_checked=True, rekeyed_at=7))
    shown = tab.verdict_label.text()
    assert shown.startswith("The audit trail is intact: 12 rows checked.")
    assert "rows before sequence 7 were made with the keys lost in the key recovery" in shown
