"""The Student/Parent PIN roster writer, read back with openpyxl (normal and read-only)."""

from __future__ import annotations

import dataclasses
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from ppdesk.adapters.reports.model import ExportMeta, RosterRow
from ppdesk.adapters.xlsx.roster import CHUNK_ROWS, ROSTER_COLUMNS, write_roster

PACIFIC = timezone(timedelta(hours=-8), "PST")
EXPORTED_AT = datetime(2025, 3, 4, 17, 30, tzinfo=UTC)  # 09:30 PST
HEADER = tuple(title for title, _ in ROSTER_COLUMNS)
INJECTIONS = [
    '=HYPERLINK("http://x","y")',
    "+1-555",
    "-5",
    "@SUM(A1)",
    "\tX",
    "\rX",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "#N/A",
    "#REF!",
]


def make_row(number: int = 1, **changes: object) -> RosterRow:
    row = RosterRow(
        student_id=f"{number:06d}",
        student_last_name="Okafor",
        student_first_name="Chidi",
        grade="05",
        homeroom_teacher="Ms. Lindqvist",
        student_email=f"s{number}@students.example.org",
        student_pin=f"S{number:05d}",
        guardian_name="Ngozi Okafor",
        relationship="Mother",
        verified_legal_guardian=True,
        pin_status="active",
        parent_pin=f"K7M2-Q9X{number % 10}-A",
        pin_expires=date(2025, 3, 25),
        registered_portal_email="ngozi@example.net",
        guardian_phone="(213) 555-0100",
        preferred_language="Igbo",
    )
    return dataclasses.replace(row, **changes)


def make_meta(**changes: object) -> ExportMeta:
    meta = ExportMeta(
        exported_by="Pat Principal (pprincipal)",
        exported_at=EXPORTED_AT,
        school="Sample Street Elementary",
        grade="05",
        homeroom=None,
        workstation="OFFICE-PC-2",
        local_timezone=PACIFIC,
    )
    return dataclasses.replace(meta, **changes)


def expected_values(row: RosterRow, shown_pin: str, status: str) -> tuple[object, ...]:
    return (
        row.student_id,
        row.student_last_name,
        row.student_first_name,
        row.grade,
        row.homeroom_teacher,
        row.student_email,
        row.student_pin,
        row.guardian_name,
        row.relationship,
        "Yes" if row.verified_legal_guardian else "No",
        shown_pin,
        status,
        datetime.combine(row.pin_expires, datetime.min.time()) if row.pin_expires else None,
        row.registered_portal_email,
        row.guardian_phone,
        row.preferred_language,
    )


def xml_text(value: str) -> str:
    # Without lxml, openpyxl writes a CR raw and every XML parser reads it back as LF
    # (XML end-of-line handling); with lxml it is written as &#13; and survives.
    return value if openpyxl.LXML else value.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "roster.xlsx"


@pytest.mark.parametrize("read_only", [True, False])
def test_header_row_count_and_values_round_trip(out: Path, read_only: bool) -> None:
    rows = [make_row(n) for n in range(1, 31)]
    result = write_roster(out, rows, make_meta())
    assert (result.rows, result.cleaned_characters, result.cancelled) == (30, 0, False)
    wb = openpyxl.load_workbook(out, read_only=read_only)
    assert wb.sheetnames == ["Student Parent PIN Roster", "About this export"]
    values = list(wb.worksheets[0].iter_rows(values_only=True))
    assert values[0] == HEADER
    assert len(values) == 31
    for row, got in zip(rows, values[1:], strict=True):
        assert got == expected_values(row, row.parent_pin or "", "Active")


@pytest.mark.parametrize("read_only", [True, False])
def test_ids_pins_and_every_text_cell_are_strings(out: Path, read_only: bool) -> None:
    write_roster(out, [make_row(123, student_pin="000777", grade="K")], make_meta())
    ws = openpyxl.load_workbook(out, read_only=read_only).worksheets[0]
    (cells,) = ws.iter_rows(min_row=2, max_row=2)
    assert cells[0].value == "000123"
    assert cells[0].data_type == "s"
    assert cells[6].value == "000777"
    for index, cell in enumerate(cells):
        if index == 12:
            continue  # PIN Expires: a date
        assert cell.data_type == "s", HEADER[index]


@pytest.mark.parametrize("read_only", [True, False])
def test_formula_like_names_come_back_as_the_same_text(out: Path, read_only: bool) -> None:
    rows = [make_row(n, guardian_name=name) for n, name in enumerate(INJECTIONS, 1)]
    result = write_roster(out, rows, make_meta(school="=cmd|' /C calc'!A0"))
    assert result.cleaned_characters == 0
    wb = openpyxl.load_workbook(out, read_only=read_only)
    names = [r[7] for r in wb.worksheets[0].iter_rows(min_row=2)]
    for name, cell in zip(INJECTIONS, names, strict=True):
        assert cell.value == xml_text(name)
        assert cell.data_type == "s"
    about = {r[0].value: r[1] for r in wb.worksheets[1].iter_rows(min_row=2)}
    assert about["School"].value == "=cmd|' /C calc'!A0"
    assert about["School"].data_type == "s"


def test_no_formula_element_anywhere_and_quote_prefix_on_risky_cells(out: Path) -> None:
    rows = [make_row(n, guardian_name=name) for n, name in enumerate(INJECTIONS, 1)]
    write_roster(out, rows, make_meta())
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert "xl/sharedStrings.xml" not in archive.namelist()  # inline strings only
    assert all(b"<f>" not in xml and b"<f " not in xml for xml in sheets)
    ws = openpyxl.load_workbook(out).worksheets[0]
    for row in ws.iter_rows(min_row=2):
        assert row[7].quotePrefix, row[7].value
        assert not row[0].quotePrefix  # ordinary text carries no extra style


def test_control_characters_are_removed_and_counted(out: Path) -> None:
    rows = [
        make_row(1, guardian_name="Ana\x01 Reyes"),
        make_row(2, guardian_name="\x0bBo\x1fb", homeroom_teacher="Mr.\x00 Diaz"),
    ]
    result = write_roster(out, rows, make_meta())
    assert result.cleaned_characters == 4
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert [ws.cell(r, 8).value for r in (2, 3)] == ["Ana Reyes", "Bob"]
    assert ws.cell(3, 5).value == "Mr. Diaz"
    about = {r[0].value: r[1].value for r in wb.worksheets[1].iter_rows(min_row=2)}
    assert about["Characters removed"].startswith("4 ")


def test_unicode_names_are_unchanged(out: Path) -> None:
    names = ["José", "Jose\u0301", "Zoë", "王小明", "محمد", "👩‍👧 Family"]
    write_roster(out, [make_row(n, guardian_name=v) for n, v in enumerate(names)], make_meta())
    ws = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    assert [r[7] for r in ws.iter_rows(min_row=2, values_only=True)] == names


def test_frozen_header_filter_widths_and_date_cells(out: Path) -> None:
    write_roster(out, [make_row(n) for n in range(5)], make_meta())
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:P6"
    assert ws["A1"].font.b
    assert ws.column_dimensions["F"].width == 30
    expires = ws["M2"]
    assert expires.is_date
    assert expires.value == datetime(2025, 3, 25)
    assert expires.number_format == "yyyy-mm-dd"


def test_empty_roster_still_has_header_filter_and_about(out: Path) -> None:
    result = write_roster(out, [], make_meta())
    assert result.rows == 0
    wb = openpyxl.load_workbook(out)
    assert [c.value for c in wb.worksheets[0][1]] == list(HEADER)
    assert wb.worksheets[0].auto_filter.ref == "A1:P1"


def test_pin_shown_only_while_active(out: Path) -> None:
    rows = [
        make_row(1),
        make_row(2, pin_status="revoked", parent_pin="REVOKED-PIN-1"),
        make_row(3, pin_status="redeemed", parent_pin=None),
        make_row(4, pin_status="expired", parent_pin=None),
        make_row(5, pin_status=None, parent_pin=None, pin_expires=None),
        # Marked active by mistake but past its date: never shown as usable.
        make_row(6, pin_expires=date(2025, 3, 3), parent_pin="STALE-PIN-6"),
        # Active, but the key is missing and the PIN could not be read.
        make_row(7, parent_pin=None),
        # Expires today (local date of the export) is still valid.
        make_row(8, pin_expires=datetime(2025, 3, 5, 7, 0, tzinfo=UTC)),
    ]
    write_roster(out, rows, make_meta())
    ws = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    got = [(r[10], r[11], r[12]) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert got == [
        ("K7M2-Q9X1-A", "Active", datetime(2025, 3, 25)),
        ("Revoked", "Revoked", datetime(2025, 3, 25)),
        ("Redeemed", "Redeemed", datetime(2025, 3, 25)),
        ("Expired", "Expired", datetime(2025, 3, 25)),
        ("Not issued", "Not issued", None),
        ("Expired", "Expired", datetime(2025, 3, 3)),
        ("Unavailable", "Active", datetime(2025, 3, 25)),
        ("K7M2-Q9X8-A", "Active", datetime(2025, 3, 4)),  # 07:00 UTC = 23:00 PST the 4th
    ]
    with zipfile.ZipFile(out) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"REVOKED-PIN-1" not in everything
    assert b"STALE-PIN-6" not in everything


def test_about_sheet_tells_who_when_what_and_confidential(out: Path) -> None:
    write_roster(out, [make_row(n) for n in range(3)], make_meta())
    ws = openpyxl.load_workbook(out).worksheets[1]
    assert ws.title == "About this export"
    about = {r[0].value: r[1].value for r in ws.iter_rows(min_row=2)}
    assert about["Exported by"] == "Pat Principal (pprincipal)"
    assert about["Workstation"] == "OFFICE-PC-2"
    assert about["Exported at (UTC)"] == "2025-03-04 17:30:00 UTC"
    assert about["Exported at (local)"].startswith("2025-03-04 09:30:00 PST")
    assert about["School"] == "Sample Street Elementary"
    assert about["Grade"] == "05"
    assert about["Homeroom"] == "All homerooms"
    assert about["Rows (student-guardian links)"] == "3"
    notice = about["CONFIDENTIAL"]
    for words in ("Parent Portal PINs", "student PINs", "FERPA", "secure", "delete"):
        assert words in notice


def test_row_repr_never_shows_a_pin() -> None:
    text = repr(make_row(1, parent_pin="SECRET-PIN", student_pin="STUDENT-PIN"))
    assert "SECRET-PIN" not in text
    assert "STUDENT-PIN" not in text


def test_naive_export_time_is_refused(out: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        write_roster(out, [make_row()], make_meta(exported_at=datetime(2025, 3, 4, 9, 30)))
    assert list(out.parent.iterdir()) == []


def test_file_is_private_and_replaces_an_older_one(out: Path) -> None:
    out.write_bytes(b"old roster")
    write_roster(out, [make_row()], make_meta())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert openpyxl.load_workbook(out).worksheets[0]["A2"].value == "000001"
    assert [p.name for p in out.parent.iterdir()] == ["roster.xlsx"]


def test_progress_is_reported_every_chunk_and_at_the_end(out: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    total = 2 * CHUNK_ROWS + 500
    rows = (make_row(n) for n in range(total))
    write_roster(out, rows, make_meta(), total=total, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(CHUNK_ROWS, total), (2 * CHUNK_ROWS, total), (total, total)]


def test_cancel_midway_leaves_no_file(out: Path) -> None:
    seen: list[int] = []

    def rows() -> Iterator[RosterRow]:
        for n in range(10 * CHUNK_ROWS):
            seen.append(n)
            yield make_row(n)

    polls = iter([False, False, True])  # before the first row, after chunk 1, after chunk 2
    result = write_roster(out, rows(), make_meta(), is_cancelled=lambda: next(polls))
    assert result.cancelled
    assert result.rows == 2 * CHUNK_ROWS
    assert len(seen) == 2 * CHUNK_ROWS  # stopped reading too
    assert list(out.parent.iterdir()) == []


def test_cancel_keeps_an_older_roster_untouched(out: Path) -> None:
    out.write_bytes(b"old roster")
    result = write_roster(out, [make_row()], make_meta(), is_cancelled=lambda: True)
    assert result == dataclasses.replace(result, rows=0, cancelled=True)
    assert out.read_bytes() == b"old roster"
    assert [p.name for p in out.parent.iterdir()] == ["roster.xlsx"]


def test_error_midway_removes_the_partial_file(out: Path) -> None:
    def rows() -> Iterator[RosterRow]:
        yield from (make_row(n) for n in range(1500))
        raise RuntimeError("database connection lost")

    with pytest.raises(RuntimeError, match="connection lost"):
        write_roster(out, rows(), make_meta())
    assert list(out.parent.iterdir()) == []


def test_pins_never_reach_the_system_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_tmp = tmp_path / "system-tmp"
    dest = tmp_path / "dest"
    system_tmp.mkdir()
    dest.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    seen_during: list[list[tuple[str, int]]] = []

    def rows() -> Iterator[RosterRow]:
        for n in range(1200):
            if n == 1100:
                assert list(system_tmp.iterdir()) == []
                seen_during.append(
                    [(p.name, stat.S_IMODE(p.stat().st_mode)) for p in dest.iterdir()]
                )
            yield make_row(n)

    write_roster(dest / "roster.xlsx", rows(), make_meta())
    assert list(system_tmp.iterdir()) == []
    scratch = seen_during[0]
    assert len(scratch) == 3  # the output-to-be and one XML stream per sheet
    assert all(name.startswith(".ppdesk-") and mode == 0o600 for name, mode in scratch)
    assert [p.name for p in dest.iterdir()] == ["roster.xlsx"]


def test_scratch_folder_is_used_and_emptied(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    seen: list[int] = []

    def rows() -> Iterator[RosterRow]:
        yield make_row(1)
        seen.append(len(list(scratch.iterdir())))

    write_roster(tmp_path / "r.xlsx", rows(), make_meta(), scratch_folder=scratch)
    assert seen == [2]  # one stream per sheet
    assert list(scratch.iterdir()) == []
