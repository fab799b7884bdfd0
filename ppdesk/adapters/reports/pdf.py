"""Report tables as PDF (reportlab): the printable form of the issue-5 reports.

Letter paper, landscape when the table has more than :data:`LANDSCAPE_FROM_COLUMNS`
columns; the title and ``meta_lines`` open the first page; the header row repeats on every
page; each page's footer reads "title - Page N of M". Fonts: see ``fonts.py``.

The whole table is laid out in memory (reportlab needs it to split pages), so PDF is meant
for reports of up to some tens of thousands of rows; the xlsx writer streams any size.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from ppdesk.adapters.reports.files import atomic_output
from ppdesk.adapters.reports.fonts import ReportFonts, load_fonts
from ppdesk.adapters.reports.model import CancelCheck, Column, ExportResult
from ppdesk.domain.spreadsheet import TRUNCATION_MARK, safe_cell_text

LANDSCAPE_FROM_COLUMNS = 7
# A table cell cannot split across pages: longer text is cut (with a visible mark) so one
# row always fits on a page. The xlsx export keeps the full text.
PDF_CELL_MAX = 1_000
CHUNK_ROWS = 500
MARGIN = 0.5 * inch
FONT_SIZE = 8


def write_table_pdf(
    path: str | os.PathLike[str],
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    meta_lines: Sequence[str],
    *,
    font_path: str | os.PathLike[str] | None = None,
    bold_font_path: str | os.PathLike[str] | None = None,
    fallback_font_paths: Sequence[str | os.PathLike[str]] | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write one report table as a PDF to ``path`` (atomic, mode 0600).

    Values are shown by column kind: numbers with thousands separators, percentages (given
    as fractions) as ``25.0%``, dates as ``YYYY-MM-DD``, aware datetimes in UTC. ``font_path``
    picks the main font (``None``: search, see ``fonts.py``); ``bold_font_path`` defaults to
    the bold face beside it; ``fallback_font_paths`` (``None``: system defaults, ``[]``:
    none) supply glyphs the main font lacks. ``is_cancelled`` is polled while rows are read;
    a cancel leaves no file.
    """
    if not columns:
        raise ValueError("A report needs at least one column.")
    fonts = load_fonts(font_path, bold_font_path, fallback_font_paths)
    cell_style = ParagraphStyle("cell", fontName=fonts.regular, fontSize=FONT_SIZE, leading=10)
    head_style = ParagraphStyle("head", parent=cell_style, fontName=fonts.bold)
    number_style = ParagraphStyle("number", parent=cell_style, alignment=2)  # right-aligned

    data: list[list[Paragraph]] = [[Paragraph(fonts.markup(c.title), head_style) for c in columns]]
    cleaned = 0
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"Row {len(data)} has {len(row)} values for {len(columns)} columns.")
        cells = []
        for column, value in zip(columns, row, strict=True):
            text, removed = _display(column, value)
            cleaned += removed
            style = number_style if _is_number(column, value) else cell_style
            cells.append(Paragraph(fonts.markup(text), style))
        data.append(cells)
        if len(data) % CHUNK_ROWS == 0 and is_cancelled is not None and is_cancelled():
            return ExportResult(rows=len(data) - 1, cleaned_characters=cleaned, cancelled=True)

    page = landscape(letter) if len(columns) >= LANDSCAPE_FROM_COLUMNS else letter
    usable = page[0] - 2 * MARGIN
    weights = [c.width if c.width is not None else max(8.0, len(c.title) + 2.0) for c in columns]
    widths = [usable * w / sum(weights) for w in weights]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F5F5")]),
            ]
        )
    )
    title_style = ParagraphStyle("title", fontName=fonts.bold, fontSize=14, leading=18)
    meta_style = ParagraphStyle("meta", fontName=fonts.regular, fontSize=9, leading=12)
    story: list[Any] = [Paragraph(fonts.markup(_clean(title)), title_style)]
    story += [Paragraph(fonts.markup(_clean(line)), meta_style) for line in meta_lines]
    if fonts.note:
        story.append(Paragraph(fonts.markup(fonts.note), meta_style))
    story += [Spacer(1, 8), table]

    with atomic_output(path) as output:
        doc = SimpleDocTemplate(
            output.stream,
            pagesize=page,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=_clean(title),
            creator="ppdesk",
            initialFontName=fonts.regular,  # pages start in the report font, not Helvetica
        )
        doc.build(story, canvasmaker=_numbered_canvas(fonts, _clean(title)))
    return ExportResult(rows=len(data) - 1, cleaned_characters=cleaned)


def _clean(text: str) -> str:
    return safe_cell_text(text)[0]


def _is_number(column: Column, value: Any) -> bool:
    return column.kind in ("integer", "number", "percent") and isinstance(value, int | float)


def _display(column: Column, value: Any) -> tuple[str, int]:
    """The text shown for one cell, and the characters cleaned from it."""
    if value is None:
        return "", 0
    if _is_number(column, value) and not isinstance(value, bool):
        if column.kind == "percent":
            return f"{value * 100:.1f}%", 0
        if column.kind == "integer" or isinstance(value, int):
            return f"{value:,}", 0
        return f"{value:,.2f}", 0
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        if column.kind == "date":
            return value.date().isoformat(), 0
        return value.strftime("%Y-%m-%d %H:%M:%S"), 0
    if isinstance(value, date):
        return value.isoformat(), 0
    text, cut = str(value), 0
    if len(text) > PDF_CELL_MAX:
        keep = PDF_CELL_MAX - len(TRUNCATION_MARK)
        text, cut = text[:keep], len(text) - keep
    text, removed = safe_cell_text(text)
    if cut:
        text += TRUNCATION_MARK
    removed += cut
    return text, removed


def _numbered_canvas(fonts: ReportFonts, title: str) -> type[Canvas]:
    """A canvas class that writes "title - Page N of M" once the page count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab calls it by this name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(len(self._pages))
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize[0]
            self.setFont(fonts.regular, 7)
            # Plain drawString has no per-run fallback; keep the footer's title to what the
            # main font can show.
            shown = title if fonts.coverage is None else _covered(title, fonts.coverage)
            self.drawString(MARGIN, MARGIN / 2, shown[:120])
            self.drawRightString(width - MARGIN, MARGIN / 2, f"Page {self._pageNumber} of {total}")

    return NumberedCanvas


def _covered(text: str, coverage: frozenset[int]) -> str:
    return "".join(c if ord(c) in coverage else "?" for c in text)
