"""Open the roster in LibreOffice (headless) and check nothing is evaluated.

LibreOffice converts the workbook to CSV with "export formulas" off, so a cell that were a
formula would show its *result*. The control test proves the harness notices: a real
formula written by bare openpyxl comes out computed.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from ppdesk.adapters.reports.model import Column, ExportMeta, RosterRow
from ppdesk.adapters.xlsx.roster import ROSTER_COLUMNS, write_roster
from ppdesk.adapters.xlsx.table import write_table_xlsx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice not installed (apt-get install -y libreoffice-calc-nogui)",
)
# Tokens: comma, double quote, UTF-8, from line 1, -, -, -, -, cells as shown, no formulas,
# -, all sheets (LibreOffice >= 7.2 writes one <name>-<sheet>.csv per sheet).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
NASTY = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+1-555",
    "-5",
    "@SUM(A1)",
    "\tX",
    "\rX",
    "＝1+1",
    "#N/A",
    " =2*3",
]


def to_csv(xlsx: Path, tmp_path: Path) -> dict[str, list[list[str]]]:
    """Convert every sheet of ``xlsx`` to CSV with LibreOffice; return rows per sheet."""
    return to_csv_many([xlsx], tmp_path)[xlsx.stem]


def to_csv_many(books: list[Path], tmp_path: Path) -> dict[str, dict[str, list[list[str]]]]:
    """Convert every sheet of each workbook in one LibreOffice run (starting LibreOffice
    costs about a second, a conversion much less); rows per sheet per workbook stem."""
    out = tmp_path / "csv"
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: parallel runs do not clash
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            *map(str, books),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result: dict[str, dict[str, list[list[str]]]] = {}
    for xlsx in books:
        sheets = result.setdefault(xlsx.stem, {})
        for path in out.glob(f"{xlsx.stem}-*.csv"):
            with path.open(newline="", encoding="utf-8") as handle:
                sheets[path.stem.removeprefix(f"{xlsx.stem}-")] = list(csv.reader(handle))
    return result


def lo_text(value: str) -> str:
    # See test_xlsx_roster.xml_text: CR survives the file only when openpyxl uses lxml.
    return value if openpyxl.LXML else value.replace("\r", "\n")


ROSTER_ROWS = [
    RosterRow(
        student_id=f"{n:06d}",
        student_last_name=name,
        student_first_name="Zoë",
        grade="K",
        homeroom_teacher="王老师",
        student_email=None,
        student_pin="000042",
        guardian_name=name,
        relationship="Aunt",
        verified_legal_guardian=n % 2 == 0,
        pin_status="active",
        parent_pin="ABCD-EFGH-J",
        pin_expires=date(2031, 2, 28),
        registered_portal_email=None,
        guardian_phone="+1 (213) 555-0101",
        preferred_language="Tagalog",
    )
    for n, name in enumerate(NASTY, 1)
]


def write_control(xlsx: Path) -> None:
    """A real formula written by bare openpyxl (the harness must see it computed)."""
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.active.append(["=1+1", '=HYPERLINK("http://x","y")'])
    wb.save(xlsx)


def write_report(xlsx: Path) -> None:
    columns = [Column("Name"), Column("Count", "integer"), Column("Share", "percent")]
    rows = [(name, n, n / 10) for n, name in enumerate(NASTY)]
    write_table_xlsx(xlsx, "Outreach list", columns, rows, ["School: =X"])


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[list[str]]]]:
    """The control workbook, a roster and a report table, as LibreOffice shows them: written
    by ppdesk's writers (openpyxl for the control) and converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("libreoffice")
    write_control(folder / "control.xlsx")
    meta = ExportMeta("Pat Principal", datetime(2025, 3, 4, 17, 30, tzinfo=UTC), "=School")
    write_roster(folder / "roster.xlsx", ROSTER_ROWS, meta)
    write_report(folder / "report.xlsx")
    books = [folder / f"{stem}.xlsx" for stem in ("control", "roster", "report")]
    return to_csv_many(books, folder)


def test_control_a_real_formula_is_evaluated(shown: dict[str, dict[str, list[list[str]]]]) -> None:
    assert shown["control"]["S"] == [["2", "y"]]


def test_roster_csv_matches_the_input_literally(
    shown: dict[str, dict[str, list[list[str]]]],
) -> None:
    rows = ROSTER_ROWS
    sheets = shown["roster"]
    roster = sheets["Student Parent PIN Roster"]
    assert roster[0] == [title for title, _ in ROSTER_COLUMNS]
    assert len(roster) == len(rows) + 1
    for row, got in zip(rows, roster[1:], strict=True):
        assert got == [
            row.student_id,
            lo_text(row.student_last_name),
            "Zoë",
            "K",
            "王老师",
            "",
            "000042",
            lo_text(row.guardian_name),
            "Aunt",
            "Yes" if row.verified_legal_guardian else "No",
            "ABCD-EFGH-J",
            "Active",
            "2031-02-28",
            "",
            "+1 (213) 555-0101",
            "Tagalog",
        ]
    about = {line[0]: line[1] for line in sheets["About this export"] if len(line) > 1}
    assert about["School"] == "=School"


def test_report_table_csv_matches_the_input_literally(
    shown: dict[str, dict[str, list[list[str]]]],
) -> None:
    table = shown["report"]["Outreach list"]
    assert table[0] == ["Name", "Count", "Share"]
    assert [line[0] for line in table[1:]] == [lo_text(n) for n in NASTY]
    assert [line[1] for line in table[1:]] == [str(n) for n in range(len(NASTY))]
    assert table[2][2] == "10.0%"
