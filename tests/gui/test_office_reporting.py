"""The reporting tab: adoption chart (one bar group per grade), tables, exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from ppdesk.gui.models import grade_key
from ppdesk.services.roster import roster_rows
from tests.gui.helpers import WAIT_MS, log_in, wait_idle


def _tab(qtbot: Any, desk: Any) -> Any:
    window = log_in(qtbot, desk, "principal")
    tab = window.office_widget("reporting")
    assert tab is not None
    window.show_tab(window.ui.reportingTab)
    qtbot.waitUntil(lambda: tab.loaded == 3, timeout=WAIT_MS)
    return tab


def test_chart_has_one_bar_group_per_grade(qtbot: Any, desk: Any) -> None:
    tab = _tab(qtbot, desk)
    d = desk.desk
    grades = sorted(
        {r.grade for r in roster_rows(d.ctx, d.session, school_code=None)}, key=grade_key
    )
    assert len(grades) > 1
    assert tab.chart_categories() == grades
    series = tab.chart.series()
    assert len(series) == 1
    assert all(bar_set.count() == len(grades) for bar_set in series[0].barSets())
    # The table: every homeroom, a subtotal per grade and the total.
    report = tab.adoption
    assert tab.adoption_model.rowCount() == len(report.homerooms) + len(grades) + 1
    assert tab.outreach_model.rowCount() > 0


def test_reports_export_to_excel_and_pdf(qtbot: Any, desk: Any, tmp_path: Path) -> None:
    tab = _tab(qtbot, desk)
    out = tmp_path / "outreach.xlsx"
    tab.export("outreach", str(out))
    qtbot.waitUntil(lambda: tab.last_export is not None, timeout=WAIT_MS)
    sheet = load_workbook(out, read_only=True).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    first = tab.outreach_model.record(0)
    assert first.guardian_name in cells
    pdf = tmp_path / "adoption.pdf"
    tab.export("adoption", str(pdf))
    qtbot.waitUntil(lambda: tab.last_export is not None and pdf.exists(), timeout=WAIT_MS)
    wait_idle(qtbot, desk)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert str(tab.adoption.total.students) in text


def test_emergency_contacts_since_a_date(qtbot: Any, desk: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QDate

    tab = _tab(qtbot, desk)
    assert tab.contacts_model.rowCount() > 0  # the demo's contacts are all new
    out = tmp_path / "contacts.xlsx"
    tab.export("contacts", str(out))
    qtbot.waitUntil(lambda: tab.last_export is not None, timeout=WAIT_MS)
    assert tab.last_export.rows == tab.contacts_model.rowCount()
    assert out.exists()
    tab.sinceEdit.setDate(QDate.currentDate().addDays(2))  # nothing changed after tomorrow
    qtbot.waitUntil(lambda: tab.contacts_model.rowCount() == 0, timeout=WAIT_MS)
    wait_idle(qtbot, desk)
