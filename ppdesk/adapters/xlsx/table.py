"""Generic report tables as .xlsx: portal adoption, outreach list, new emergency contacts,
audit-trail export.

Sheet 1 is the table (bold frozen header, auto-filter, the title in the printed page
header); sheet 2, "About this report", holds the title and the caller's ``meta_lines``
(selection, who ran it, when). Cells follow the same safety rules as the roster.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ppdesk.adapters.reports.files import atomic_output
from ppdesk.adapters.reports.model import CancelCheck, Column, ExportResult, ProgressCallback
from ppdesk.adapters.xlsx.stream import HEADER_FONT, StreamingBook, text_cell, text_value

ABOUT_SHEET = "About this report"
CHUNK_ROWS = 1_000
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def write_table_xlsx(
    path: str | os.PathLike[str],
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    meta_lines: Sequence[str],
    *,
    total: int | None = None,
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
    scratch_folder: str | os.PathLike[str] | None = None,
) -> ExportResult:
    """Write one report table to ``path`` (atomic, mode 0600) and return what was written.

    Each row must have one value per column (``ValueError`` otherwise; the partial file is
    removed). Values are written by the column's ``kind`` (see :class:`Column`); an aware
    datetime is written in UTC, so say "(UTC)" in that column's title. ``progress``,
    ``is_cancelled`` and ``scratch_folder`` behave as in ``write_roster``.
    """
    if not columns:
        raise ValueError("A report needs at least one column.")
    with atomic_output(path) as output:
        scratch = Path(scratch_folder) if scratch_folder else output.target.parent
        with StreamingBook(scratch) as book:
            book.workbook.properties.title = title
            book.workbook.properties.creator = "ppdesk"
            sheet = book.add_sheet(
                title,
                [_width(column) for column in columns],
                landscape=len(columns) > 6,
                print_header=title,
            )
            sheet.append_header([column.title for column in columns])
            about = book.add_sheet(ABOUT_SHEET, [100], freeze_header=False, landscape=False)
            ws = sheet.sheet
            kinds = [column.kind for column in columns]
            done = cleaned = 0
            cancelled = is_cancelled is not None and is_cancelled()
            for row in [] if cancelled else rows:
                if len(row) != len(kinds):
                    raise ValueError(
                        f"Row {done + 1} has {len(row)} values for {len(kinds)} columns."
                    )
                values = []
                for kind, value in zip(kinds, row, strict=True):
                    written, removed = _cell_value(ws, kind, value)
                    values.append(written)
                    cleaned += removed
                ws.append(values)
                done += 1
                if done % CHUNK_ROWS == 0:
                    if progress is not None:
                        progress(done, total)
                    if is_cancelled is not None and is_cancelled():
                        cancelled = True
                        break
            if cancelled:
                output.discard()
                return ExportResult(rows=done, cleaned_characters=cleaned, cancelled=True)
            sheet.rows_written += done
            sheet.finish_table()
            about.append_header([title])
            for line in meta_lines:
                about.append([text_cell(about.sheet, line)])
            about.append([text_cell(about.sheet, f"Rows: {done}", font=HEADER_FONT)])
            book.save(output.stream)
    if progress is not None:
        progress(done, total)
    return ExportResult(rows=done, cleaned_characters=cleaned)


def _width(column: Column) -> float:
    if column.width is not None:
        return column.width
    return float(max(10, min(40, len(column.title) + 4)))


def _cell_value(ws: WriteOnlyWorksheet, kind: str, value: Any) -> tuple[Any, int]:
    """The value to append for one cell of ``kind``, and the characters cleaned from it."""
    if value is None:
        return None, 0
    if kind == "text" or isinstance(value, str):
        # A string in a number or date column is still text: never let it be a formula.
        return text_value(ws, value if isinstance(value, str) else str(value))
    if kind in ("integer", "number") and isinstance(value, int | float):
        return value, 0
    if kind == "percent" and isinstance(value, int | float):
        return _formatted(ws, value, PERCENT_FORMAT), 0
    if kind in ("date", "datetime") and isinstance(value, date):
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            if kind == "date":
                value = value.date()
        fmt = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return _formatted(ws, value, fmt), 0
    return text_value(ws, str(value))


def _formatted(ws: WriteOnlyWorksheet, value: Any, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.number_format = number_format
    return cell
