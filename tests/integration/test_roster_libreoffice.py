"""Open the exported roster as a real spreadsheet client would: LibreOffice headless
converts it to CSV (formulas off), and what it shows must equal what openpyxl reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ppdesk.adapters.xlsx.roster import ROSTER_SHEET
from ppdesk.services import roster
from ppdesk.services.context import AppContext
from tests.integration.test_xlsx_libreoffice import SOFFICE, to_csv
from tests.support.roster_data import HYPERLINK, build_school

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice not installed (apt-get install -y libreoffice-calc-nogui)",
)


def _as_shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def test_libreoffice_shows_exactly_the_exported_values(app: AppContext, tmp_path: Path) -> None:
    school = build_school(app)
    out = tmp_path / "exports"
    out.mkdir()
    xlsx = out / "roster.xlsx"
    summary = roster.export_roster(app, school.principal, xlsx, school_code="1001")
    assert summary.rows == 7
    wb = openpyxl.load_workbook(xlsx)
    expected = [[_as_shown(v) for v in row] for row in wb[ROSTER_SHEET].iter_rows(values_only=True)]
    seen = to_csv(xlsx, tmp_path)[ROSTER_SHEET]
    assert seen == expected
    names = [line[7] for line in seen]
    assert HYPERLINK in names and "+1-555" in names  # shown as typed, never evaluated ("y")
    assert "y" not in names
    assert any(line[0] == "00000042" for line in seen)  # leading zeros as LibreOffice sees them
