"""The Student/Parent PIN roster as an .xlsx file (reference guide, section IX).

One row per student-guardian link, in the order given. The file is streamed (openpyxl
write-only mode), so memory stays flat from a class of 30 to a district of 500,000 rows.
Every text cell is a string cell (never a formula, leading zeros kept); the PIN Expires
column holds real dates. A second sheet, "About this export", says who exported what and
when, and that the file is confidential.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from ppdesk.adapters.reports.files import atomic_output
from ppdesk.adapters.reports.model import (
    CancelCheck,
    ExportMeta,
    ExportResult,
    ProgressCallback,
    RosterRow,
)
from ppdesk.adapters.xlsx.stream import (
    HEADER_FONT,
    StreamingBook,
    StreamingSheet,
    plain_text,
    text_cell,
    text_value,
)
from ppdesk.domain.pin import OUTSTANDING, PinStatus
from ppdesk.domain.reports import NOT_ISSUED, STATUS_WORDS

ROSTER_SHEET = "Student Parent PIN Roster"
ABOUT_SHEET = "About this export"
CHUNK_ROWS = 1_000

# (title, width in characters): the order is the order of the columns in the file.
ROSTER_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Student ID", 12),
    ("Student Last Name", 18),
    ("Student First Name", 16),
    ("Grade", 7),
    ("Homeroom Teacher", 20),
    ("Student Email", 30),
    ("Student PIN", 12),
    ("Guardian Name", 24),
    ("Relationship", 13),
    ("Verified Legal Guardian", 10),
    ("Parent Portal PIN", 16),
    ("PIN Status", 11),
    ("Use PIN By", 12),
    ("Registered Portal Email", 30),
    ("Guardian Phone", 16),
    ("Preferred Language", 12),
)

# Active, but the PIN could not be decrypted (key missing): never print a wrong value.
UNAVAILABLE = "Unavailable"

CONFIDENTIAL_NOTICE = (
    "CONFIDENTIAL: this file contains Parent Portal PINs and student PINs. It is part of "
    "students' education records protected by FERPA. Keep it on a secure, school-managed "
    "computer; do not e-mail it, print it only when needed, and delete it when you are done."
)


def write_roster(
    path: str | os.PathLike[str],
    rows: Iterable[RosterRow],
    meta: ExportMeta,
    *,
    total: int | None = None,
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
    scratch_folder: str | os.PathLike[str] | None = None,
) -> ExportResult:
    """Write the Student/Parent PIN roster to ``path`` and return what was written.

    ``rows`` is consumed once, lazily. ``total`` (if known) is passed on to ``progress``,
    which is called with ``(done, total)`` every ``CHUNK_ROWS`` rows and once at the end;
    ``is_cancelled`` is polled before the first row and between chunks. On cancel the result
    has ``cancelled=True`` and no file is left; on an error the partial file is removed and
    the error propagates. The finished file is mode 0600 and replaces ``path`` atomically.
    ``scratch_folder`` is where openpyxl's intermediate sheet XML goes (default: the
    destination folder); it is removed in every case.
    """
    if meta.exported_at.tzinfo is None:
        raise ValueError("ExportMeta.exported_at must be timezone-aware.")
    local_zone = meta.local_timezone or datetime.now().astimezone().tzinfo
    today = meta.exported_at.astimezone(local_zone).date()
    with atomic_output(path) as output:
        scratch = Path(scratch_folder) if scratch_folder else output.target.parent
        with StreamingBook(scratch) as book:
            book.workbook.properties.title = "Student/Parent PIN Roster"
            book.workbook.properties.subject = "CONFIDENTIAL - contains Parent Portal PINs"
            book.workbook.properties.creator = "ppdesk"
            sheet = book.add_sheet(
                ROSTER_SHEET,
                [width for _, width in ROSTER_COLUMNS],
                print_header="CONFIDENTIAL - Student/Parent PIN Roster - " + meta.school,
                header_height=30,
            )
            sheet.append_header([title for title, _ in ROSTER_COLUMNS])
            about = book.add_sheet(ABOUT_SHEET, [28, 90], freeze_header=False, landscape=False)
            done, cleaned, cancelled = _stream_rows(
                sheet, rows, today, local_zone, total, progress, is_cancelled
            )
            if cancelled:
                output.discard()
                return ExportResult(rows=done, cleaned_characters=cleaned, cancelled=True)
            sheet.finish_table()
            _write_about(about, meta, local_zone, done, cleaned)
            book.save(output.stream)
    if progress is not None:
        progress(done, total)
    return ExportResult(rows=done, cleaned_characters=cleaned)


def _stream_rows(
    sheet: StreamingSheet,
    rows: Iterable[RosterRow],
    today: date,
    local_zone: tzinfo | None,
    total: int | None,
    progress: ProgressCallback | None,
    is_cancelled: CancelCheck | None,
) -> tuple[int, int, bool]:
    """Append every row; return (rows written, characters cleaned, cancelled).

    The per-row hot path of a 500,000-row export: the usual text (printable, not too long,
    not starting with a character that could begin a formula) is appended as it is, tested
    inline; anything else goes through :func:`text_value`, which applies every rule.
    """
    ws = sheet.sheet
    append = ws.append  # one attribute lookup less per row
    plain = plain_text
    done = cleaned = 0
    if is_cancelled is not None and is_cancelled():
        return 0, 0, True
    for row in rows:
        expires = _local_date(row.pin_expires, local_zone)
        values: list[Any] = [
            row.student_id,
            row.student_last_name,
            row.student_first_name,
            row.grade,
            row.homeroom_teacher,
            row.student_email,
            row.student_pin,
            row.guardian_name,
            row.relationship,
            _yes_no(row.verified_legal_guardian),
            _pin_shown(row, expires, today),
            _status_word(row, expires, today),
            None,  # PIN Expires: the date goes in after the text checks
            row.registered_portal_email,
            row.guardian_phone,
            row.preferred_language,
        ]
        for index, text in enumerate(values):
            if text is None or plain(text):
                continue
            values[index], removed = text_value(ws, text)
            cleaned += removed
        values[_EXPIRES_COLUMN] = expires
        append(values)
        done += 1
        if done % CHUNK_ROWS == 0:
            if progress is not None:
                progress(done, total)
            if is_cancelled is not None and is_cancelled():
                return done, cleaned, True
    sheet.rows_written += done  # the header is already counted; used for the filter range
    return done, cleaned, False


_EXPIRES_COLUMN = 12


def _local_date(value: date | datetime | None, zone: tzinfo | None) -> date | None:
    # An aware datetime is shown as the local calendar date; Excel has no time zones.
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if value.tzinfo else value.date()
    return value


def _is_live(row: RosterRow, expires: date | None, today: date) -> bool:
    # Defence in depth: a row marked active whose date has passed is shown as expired, so
    # the roster never presents a dead PIN as usable (security check 36).
    return row.pin_status == PinStatus.ACTIVE and (expires is None or expires >= today)


def _status_word(row: RosterRow, expires: date | None, today: date) -> str:
    if row.pin_status is None or row.pin_status == "":
        return NOT_ISSUED
    if row.pin_status in OUTSTANDING and not (expires is None or expires >= today):
        return STATUS_WORDS[PinStatus.EXPIRED]
    return STATUS_WORDS.get(row.pin_status, str(row.pin_status).title())


def _pin_shown(row: RosterRow, expires: date | None, today: date) -> str:
    if _is_live(row, expires, today):
        return row.parent_pin or UNAVAILABLE
    return _status_word(row, expires, today)


def _write_about(
    about: StreamingSheet,
    meta: ExportMeta,
    local_zone: tzinfo | None,
    rows: int,
    cleaned: int,
) -> None:
    ws = about.sheet
    at_utc = meta.exported_at.astimezone(UTC)
    at_local = meta.exported_at.astimezone(local_zone)
    lines: list[tuple[str, str]] = [
        ("CONFIDENTIAL", CONFIDENTIAL_NOTICE),
        ("Exported by", meta.exported_by),
        ("Workstation", meta.workstation or ""),
        ("Exported at (UTC)", at_utc.strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("Exported at (local)", at_local.strftime("%Y-%m-%d %H:%M:%S %Z (UTC%z)")),
        ("School", meta.school),
        ("Grade", meta.grade or "All grades"),
        ("Homeroom", meta.homeroom or "All homerooms"),
        ("Rows (student-guardian links)", str(rows)),
        ("Characters removed", _cleaned_note(cleaned)),
        ("Source", "ppdesk: Student/Parent PIN Roster (REF-6363.1, section IX)"),
    ]
    about.append_header(["Student/Parent PIN Roster", "About this export"])
    for index, (label, text) in enumerate(lines):
        font = HEADER_FONT if index == 0 else None
        about.append([text_cell(ws, label, font=HEADER_FONT), text_cell(ws, text, font=font)])


def _cleaned_note(cleaned: int) -> str:
    if not cleaned:
        return "0"
    return f"{cleaned} (control characters Excel cannot store, or text over 32,767 characters)"


def _yes_no(value: bool | None) -> str | None:
    """Yes/No, or an empty cell on a row with no guardian."""
    return None if value is None else ("Yes" if value else "No")
