"""Streaming xlsx plumbing shared by the roster and the report tables.

openpyxl write-only mode keeps memory flat: each appended row is serialised at once into a
per-sheet XML file, which ``save`` zips. Two details of openpyxl 3.1 matter here and are
handled in this module only:

* By default that per-sheet XML goes to the *system* temp folder and is deleted only after a
  successful save (or at interpreter exit). For a roster it holds every PIN in clear text,
  so :class:`StreamingBook` points it at a 0600 scratch file in a folder we choose (the
  destination folder by default) and always removes it.
* Every string cell (data type ``'s'``) is written as an inline string
  (``t="inlineStr"``); there is no shared-strings part. But openpyxl *infers* the type from
  a plain ``str``: text starting with ``=`` becomes a formula (``'f'``) and text equal to an
  error code such as ``#N/A`` becomes an error cell (``'e'``). :func:`text_value` therefore
  passes those values as a ``WriteOnlyCell`` whose type is forced back to ``'s'`` (plus
  ``quotePrefix``), and every other text as a plain ``str``, which openpyxl stores as ``'s'``
  without the per-cell cost of a styled cell.

The sheet's layout (column widths, frozen panes, print settings) is written at the top of
the XML when the stream starts, so it is set in :meth:`StreamingBook.add_sheet` before any
row; the auto-filter belongs to the tail, written at save, so it is set after the last row
(see :meth:`StreamingSheet.finish_table`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as openpyxl_sheet_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ppdesk.adapters.reports.files import scratch_file
from ppdesk.domain.spreadsheet import (
    CELL_TEXT_MAX,
    FORMULA_TRIGGERS,
    looks_like_formula,
    safe_cell_text,
)

HEADER_FONT = Font(bold=True)
WRAP_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
# Excel's sheet-name rules: at most 31 characters, none of these.
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(text: str) -> str:
    """``text`` made into a valid sheet name (31 characters, no ``[]:*?/\\``)."""
    cleaned, _ = safe_cell_text(text)
    name = cleaned.translate(_SHEET_NAME_FORBIDDEN).strip().strip("'")[:31].strip()
    return name or "Sheet"


# A first character that sends text down the careful path of text_value: one that may start
# a formula (leading spaces are skipped when that is judged, hence the space) or, for "#",
# that openpyxl would read as an error value.
_CAREFUL_FIRST = FORMULA_TRIGGERS | {"#", " "}


def plain_text(value: object) -> bool:
    """True if ``value`` is text that :func:`text_value` would return unchanged.

    That is: non-empty, printable, within Excel's cell limit, not starting with a
    character that could begin a formula or an error value. A cheap test for hot loops;
    ``False`` only means "use :func:`text_value`".
    """
    return (
        value.__class__ is str
        and value != ""
        and value[0] not in _CAREFUL_FIRST
        and len(value) <= CELL_TEXT_MAX
        and value.isprintable()
    )


def text_value(sheet: WriteOnlyWorksheet, value: str | None) -> tuple[Any, int]:
    """Return what to append for one text cell, and the characters cleaned from it.

    Empty text becomes ``None`` (no cell at all). Text that openpyxl would turn into a
    formula or an error value, or that would start a formula if re-typed, becomes a
    ``WriteOnlyCell`` of type ``'s'`` with ``quotePrefix``; all other text stays a ``str``.
    """
    if value is None:
        return None, 0
    if not isinstance(value, str):
        value = str(value)
    text, removed = safe_cell_text(value)
    if not text:
        return None, removed
    if text[0] == "#" or looks_like_formula(text):
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"  # openpyxl inferred 'f' or 'e'; the value is text
        cell.quotePrefix = True  # Excel/LibreOffice keep it text even when re-typed
        return cell, removed
    return text, removed


def text_cell(
    sheet: WriteOnlyWorksheet,
    value: str,
    *,
    font: Font | None = None,
    alignment: Alignment = WRAP_ALIGNMENT,
) -> WriteOnlyCell:
    """A styled string cell (for headers and the "About" sheet), with the same safety rules."""
    text, _ = safe_cell_text(value)
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    if text and (text[0] == "#" or looks_like_formula(text)):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    cell.alignment = alignment
    return cell


class StreamingSheet:
    """One write-only sheet whose XML streams into a scratch file."""

    def __init__(self, sheet: WriteOnlyWorksheet, columns: int) -> None:
        self.sheet = sheet
        self.columns = columns
        self.rows_written = 0

    def append(self, values: Sequence[Any]) -> None:
        """Append one row of already-safe values (see :func:`text_value`)."""
        self.sheet.append(values)
        self.rows_written += 1

    def append_header(self, titles: Sequence[str]) -> None:
        """Append a bold, wrapped header row."""
        self.append([text_cell(self.sheet, title, font=HEADER_FONT) for title in titles])

    def finish_table(self) -> None:
        """Put an auto-filter over the header and every row written so far."""
        last_column = get_column_letter(self.columns)
        self.sheet.auto_filter.ref = f"A1:{last_column}{max(self.rows_written, 1)}"


class StreamingBook:
    """A write-only workbook whose sheet streams live in ``scratch_folder``.

    Use as a context manager: on leaving, scratch files are removed whether or not
    :meth:`save` ran.
    """

    def __init__(self, scratch_folder: Path) -> None:
        self.workbook = Workbook(write_only=True)
        self.scratch_folder = scratch_folder
        self._scratch: list[Path] = []
        self._scratch_files = contextlib.ExitStack()
        self._sheets: list[WriteOnlyWorksheet] = []

    def __enter__(self) -> StreamingBook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add_sheet(
        self,
        title: str,
        widths: Sequence[float],
        *,
        freeze_header: bool = True,
        landscape: bool = True,
        print_header: str | None = None,
        header_height: float | None = None,
    ) -> StreamingSheet:
        """Create a sheet with its layout set, ready to stream rows."""
        sheet = self.workbook.create_sheet(sheet_title(title))
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if freeze_header:
            sheet.freeze_panes = "A2"
            sheet.print_title_rows = "1:1"  # repeat the header on every printed page
        if header_height:
            sheet.row_dimensions[1].height = header_height
        if landscape:
            sheet.page_setup.orientation = "landscape"
            sheet.page_setup.fitToWidth = 1
            sheet.page_setup.fitToHeight = 0
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if print_header:
            sheet.oddHeader.center.text = print_header.replace("&", "&&")
        sheet.oddFooter.center.text = "Page &P of &N"
        self._start_stream(sheet)
        self._sheets.append(sheet)
        return StreamingSheet(sheet, len(widths))

    def _start_stream(self, sheet: WriteOnlyWorksheet) -> None:
        # openpyxl 3.1 private API (pinned <3.2 in pyproject): give the sheet its writer
        # before the first append, with our scratch file instead of a NamedTemporaryFile in
        # the system temp folder. ALL_TEMP_FILES is where openpyxl's own cleanup() expects
        # the path after the sheet is zipped.
        path, fd = self._scratch_files.enter_context(scratch_file(self.scratch_folder, "sheet"))
        os.close(fd)  # openpyxl opens the path itself
        self._scratch.append(path)
        openpyxl_sheet_writer.ALL_TEMP_FILES.append(str(path))
        writer = openpyxl_sheet_writer.WorksheetWriter(sheet, out=str(path))
        sheet._writer = writer
        writer.write_top()

    def save(self, stream: BinaryIO) -> None:
        """Zip every sheet into ``stream`` (an open binary file)."""
        self.workbook.save(stream)

    def close(self) -> None:
        """Close any sheet stream still open and remove every scratch file."""
        for sheet in self._sheets:
            writer = sheet._writer
            if writer is not None and not sheet.closed:
                try:
                    rows = sheet._rows
                    if rows is not None:
                        rows.close()
                    writer.close()
                except Exception:  # noqa: S110 - best effort on an abandoned stream
                    pass
        self._scratch_files.close()  # removes the files and their registrations
        for path in self._scratch:
            name = str(path)
            if name in openpyxl_sheet_writer.ALL_TEMP_FILES:
                openpyxl_sheet_writer.ALL_TEMP_FILES.remove(name)
