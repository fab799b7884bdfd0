"""Generic report writers (xlsx and PDF), read back with openpyxl, pypdf and poppler."""

from __future__ import annotations

import shutil
import stat
import subprocess
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from ppdesk.adapters.reports.model import Column
from ppdesk.adapters.reports.pdf import PDF_CELL_MAX, write_table_pdf
from ppdesk.adapters.xlsx.table import CHUNK_ROWS, write_table_xlsx
from ppdesk.domain.spreadsheet import TRUNCATION_MARK

ADOPTION = [
    Column("Grade", width=8),
    Column("Homeroom"),
    Column("Students", "integer"),
    Column("Registered", "integer"),
    Column("Adoption", "percent"),
]
ADOPTION_ROWS: list[tuple[Any, ...]] = [
    ("K", "Ms. Alvarez", 24, 18, 0.75),
    ("01", "Mr. Dubois", 30, 12, 0.4),
    ("05", '=HYPERLINK("http://x","y")', 28, 0, 0.0),
    ("Total", None, 82, 30, 0.375),
]
AUDIT = [
    Column("At (UTC)", "datetime", width=20),
    Column("Actor"),
    Column("Workstation"),
    Column("Action"),
    Column("Student ID"),
    Column("Guardian"),
    Column("Outcome"),
    Column("Since", "date"),
]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squash(text: str) -> str:
    """Without whitespace: table cells wrap, and pypdf returns the wrapped lines."""
    return "".join(text.split())


# ---------------------------------------------------------------- xlsx


@pytest.mark.parametrize("read_only", [True, False])
def test_table_xlsx_round_trips_values_and_types(tmp_path: Path, read_only: bool) -> None:
    out = tmp_path / "adoption.xlsx"
    meta = ["School: Sample Street Elementary", "Run by Pat Principal on 2025-03-04"]
    result = write_table_xlsx(out, "Portal adoption by grade", ADOPTION, ADOPTION_ROWS, meta)
    assert (result.rows, result.cleaned_characters, result.cancelled) == (4, 0, False)
    wb = openpyxl.load_workbook(out, read_only=read_only)
    assert wb.sheetnames == ["Portal adoption by grade", "About this report"]
    ws = wb.worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == ("Grade", "Homeroom", "Students", "Registered", "Adoption")
    assert values[1:] == ADOPTION_ROWS
    (cells,) = ws.iter_rows(min_row=4, max_row=4)
    assert cells[1].data_type == "s"  # the formula-like homeroom stays text
    assert cells[2].data_type == "n"
    assert cells[4].number_format == "0.0%"
    about = [r[0] for r in wb.worksheets[1].iter_rows(values_only=True)]
    assert about == ["Portal adoption by grade", *meta, "Rows: 4"]


def test_table_xlsx_layout_and_dates(tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    rows = [
        (
            datetime(2025, 3, 4, 17, 30, 5, tzinfo=UTC),
            "pprincipal",
            "OFFICE-2",
            "export",
            "000123",
            "Ana\x01 Reyes",
            "ok",
            datetime(2025, 1, 2, 8, 0, tzinfo=UTC),
        ),
        (
            datetime(2025, 3, 4, 18, 0),
            "=cmd",
            None,
            "reveal",
            "000124",
            "+1",
            "denied",
            date(2025, 1, 3),
        ),
    ]
    result = write_table_xlsx(out, "Audit trail: export/reveal?", AUDIT, rows, [])
    assert result.cleaned_characters == 1
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.title == "Audit trail  export reveal"  # sheet names cannot hold :/?
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:H3"
    assert ws["A2"].is_date and ws["A2"].value == datetime(2025, 3, 4, 17, 30, 5)
    assert ws["A2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert ws["H2"].value == datetime(2025, 1, 2) and ws["H2"].number_format == "yyyy-mm-dd"
    assert (ws["B3"].value, ws["B3"].data_type) == ("=cmd", "s")
    assert (ws["F3"].value, ws["F3"].data_type) == ("+1", "s")
    assert ws["E2"].value == "000123"
    assert ws["F2"].value == "Ana Reyes"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_table_xlsx_wrong_row_length_removes_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Row 2 has 2 values for 5 columns"):
        write_table_xlsx(tmp_path / "r.xlsx", "R", ADOPTION, [ADOPTION_ROWS[0], ("K", 1)], [])
    assert list(tmp_path.iterdir()) == []


def test_table_xlsx_cancel_leaves_no_file(tmp_path: Path) -> None:
    def rows() -> Iterator[Sequence[Any]]:
        while True:
            yield ("K", "Ms. Alvarez", 1, 1, 1.0)

    calls: list[tuple[int, int | None]] = []
    polls = iter([False, False, True])
    result = write_table_xlsx(
        tmp_path / "r.xlsx",
        "R",
        ADOPTION,
        rows(),
        [],
        progress=lambda d, t: calls.append((d, t)),
        is_cancelled=lambda: next(polls),
    )
    assert result.cancelled and result.rows == 2 * CHUNK_ROWS
    assert calls == [(CHUNK_ROWS, None), (2 * CHUNK_ROWS, None)]
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- pdf


def test_pdf_contains_title_meta_and_rows(tmp_path: Path) -> None:
    out = tmp_path / "adoption.pdf"
    result = write_table_pdf(
        out, "Portal adoption by grade", ADOPTION, ADOPTION_ROWS, ["School: Sample Street"]
    )
    assert result.rows == 4
    text = squash(pdf_text(out))
    for expected in (
        "Portal adoption by grade",
        "School: Sample Street",
        "Ms. Alvarez",
        "Mr. Dubois",
        '=HYPERLINK("http://x","y")',
        "75.0%",
        "37.5%",
        "Page 1 of 1",
    ):
        assert squash(expected) in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    reader = PdfReader(out)
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # 5 columns


def test_pdf_many_rows_landscape_repeated_header_and_page_numbers(tmp_path: Path) -> None:
    out = tmp_path / "audit.pdf"
    rows = [
        (
            datetime(2025, 3, 4, 17, n % 60, tzinfo=UTC),
            f"user{n}",
            "OFFICE-2",
            "reveal",
            f"{n:06d}",
            "Ngozi <Okafor> & Sons",
            "ok",
            date(2025, 1, 2),
        )
        for n in range(300)
    ]
    write_table_pdf(out, "Audit trail", AUDIT, rows, ["Since 2025-01-01"])
    reader = PdfReader(out)
    pages = len(reader.pages)
    assert pages > 2
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # 8 columns
    page_texts = [page.extract_text() for page in reader.pages]  # pypdf's slow part: once
    for number, page_text in enumerate(page_texts, 1):
        assert "At (UTC)" in page_text and "Outcome" in page_text  # header repeated
        assert f"Page {number} of {pages}" in page_text
    text = "\n".join(page_texts)  # what pdf_text(out) returns
    assert "000000" in text and "000299" in text
    assert squash("Ngozi <Okafor> & Sons") in squash(text)  # escaped, not read as markup
    assert "2025-03-04 17:59:00" in text


def test_pdf_embeds_the_shipped_fonts_for_every_script(tmp_path: Path) -> None:
    # The report uses the fonts ppdesk ships (as the letters do), never a system font or
    # Helvetica: the same names print on Windows and macOS as on Debian. (This replaces two
    # tests of the old system-font search and its font_path arguments, which are gone.)
    out = tmp_path / "contacts.pdf"
    names = ["Zoë Nguyễn", "Зоя Иванова", "Ελένη", "José", "김서연", "Անահիտ", "王美玲"]
    cols = [Column("Guardian"), Column("Added", "date")]
    write_table_pdf(out, "New emergency contacts", cols, [(n, date(2025, 2, 1)) for n in names], [])
    text = pdf_text(out)
    for name in names:
        assert name in text
    if shutil.which("pdffonts"):
        listing = subprocess.run(
            ["pdffonts", str(out)], capture_output=True, text=True, check=True
        ).stdout
        used = listing.splitlines()[2:]
        assert used and all(" yes yes " in line for line in used)  # embedded subsets
        assert "Helvetica" not in listing
        assert "NanumGothic" in listing and "NotoSansArmenian" in listing


def test_pdf_cancel_leaves_no_file(tmp_path: Path) -> None:
    rows = (("K", "x", 1, 1, 1.0) for _ in range(5000))
    result = write_table_pdf(tmp_path / "r.pdf", "R", ADOPTION, rows, [], is_cancelled=lambda: True)
    assert result.cancelled
    assert list(tmp_path.iterdir()) == []


def test_pdf_cuts_a_cell_too_long_for_one_page(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    note = "word " * 8_000  # 40,000 characters: would not fit on a page
    result = write_table_pdf(
        out,
        "Notes",
        [Column("Student ID"), Column("Note")],
        [("000123", note), ("000124", "short")],
        [],
    )
    assert result.rows == 2
    assert result.cleaned_characters == len(note) - (PDF_CELL_MAX - len(TRUNCATION_MARK))
    text = squash(pdf_text(out))
    assert "000124" in text and squash(TRUNCATION_MARK) in text
