"""Report tables as PDF (reportlab): the printable form of the issue-5 reports.

Letter paper, landscape when the table has more than :data:`LANDSCAPE_FROM_COLUMNS`
columns; the title and ``meta_lines`` open the first page; the header row repeats on every
page; each page's footer reads "title - Page N of M".

Text is set by the letters' typesetter (``ppdesk.adapters.letters.typeset``) with the fonts
ppdesk ships: every script a letter prints (Arabic and Persian joined, right to left;
Devanagari and Thai shaped; Hangul, Han, Armenian) prints here the same way, with no
system font and nothing left unembedded. Columns are at least as wide as their longest word,
number, ID or phone number, so nothing is broken inside a word; a table too wide for the
page is set in smaller type instead.

The whole table is laid out in memory (reportlab needs it to split pages), so PDF is meant
for reports of up to some tens of thousands of rows; the xlsx writer streams any size.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, SimpleDocTemplate, Spacer, TableStyle

from ppdesk.adapters.letters.fonts import LATIN_FONT, register_all, text_width
from ppdesk.adapters.letters.typeset import Paragraph as Laid
from ppdesk.adapters.letters.typeset import Style, draw_paragraph, layout
from ppdesk.adapters.reports.files import atomic_output
from ppdesk.adapters.reports.model import CancelCheck, Column, ExportResult
from ppdesk.domain.spreadsheet import TRUNCATION_MARK, safe_cell_text

LANDSCAPE_FROM_COLUMNS = 7
# A table cell cannot split across pages: longer text is cut (with a visible mark) so one
# row always fits on a page. The xlsx export keeps the full text.
PDF_CELL_MAX = 1_000
CHUNK_ROWS = 500
MARGIN = 0.5 * inch
FONT_SIZE = 8


INK = colors.Color(0.09, 0.10, 0.12)
HEADER_FILL = colors.HexColor("#D9D9D9")
PADDING = 3.0
MIN_FONT_SIZE = 6.0
# A phone number never breaks: "(213) 555-0177" keeps its space.
_PHONE_SPACE = re.compile(r"(?<=[\d)]) (?=[\d(])")


class _Cell(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """One table cell set by the letters' typesetter (fallback fonts, shaping, bidi)."""

    def __init__(self, text: str, style: Style, align: str = "left") -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.align = align
        self.para: Laid | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.para = layout(self.text, self.style, max(avail_width, 1.0))
        self.width = avail_width
        self.height = max(self.para.height, self.style.leading)
        return self.width, self.height

    def draw(self) -> None:
        assert self.para is not None
        draw_paragraph(self.canv, self.para, 0, self.height, align=self.align)


class _Box(Flowable):  # type: ignore[misc]
    """An empty square to tick on paper (a ``checkbox`` column)."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size + 2

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.8)
        self.canv.rect((self.width - self.size) / 2, 1, self.size, self.size, stroke=1, fill=0)


def write_table_pdf(
    path: str | os.PathLike[str],
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    meta_lines: Sequence[str],
    *,
    time_zone: tzinfo | None = None,
    landscape_page: bool | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write one report table as a PDF to ``path`` (atomic, mode 0600).

    Values are shown by column kind: numbers with thousands separators, percentages (given
    as fractions) as ``25.0%``, dates as ``YYYY-MM-DD``, aware datetimes in ``time_zone``
    (default UTC). ``landscape_page`` forces the orientation (default: landscape from
    :data:`LANDSCAPE_FROM_COLUMNS` columns). ``is_cancelled`` is polled while rows are read;
    a cancel leaves no file.
    """
    if not columns:
        raise ValueError("A report needs at least one column.")
    register_all()
    zone = time_zone or UTC
    texts: list[list[tuple[str, bool]]] = []  # (text, right-aligned) per cell
    cleaned = 0
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(
                f"Row {len(texts) + 1} has {len(row)} values for {len(columns)} columns."
            )
        cells = []
        for column, value in zip(columns, row, strict=True):
            text, removed = _display(column, value, zone)
            cleaned += removed
            cells.append((_PHONE_SPACE.sub("\u00a0", text), _is_number(column, value)))
        texts.append(cells)
        if len(texts) % CHUNK_ROWS == 0 and is_cancelled is not None and is_cancelled():
            return ExportResult(rows=len(texts), cleaned_characters=cleaned, cancelled=True)

    wide = len(columns) >= LANDSCAPE_FROM_COLUMNS if landscape_page is None else landscape_page
    page = landscape(letter) if wide else letter
    usable = page[0] - 2 * MARGIN
    size, widths = _column_widths(columns, texts, usable)
    cell = Style(size, size * 1.25, INK)
    head = Style(size, size * 1.25, INK, bold=True)
    data: list[list[Flowable]] = [[_Cell(_clean(c.title), head) for c in columns]]
    boxes = [c.kind == "checkbox" for c in columns]
    for cells in texts:
        data.append(
            [
                _Box(size * 1.1) if box else _Cell(t, cell, "right" if right else "left")
                for (t, right), box in zip(cells, boxes, strict=True)
            ]
        )
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), LATIN_FONT, FONT_SIZE),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F5F5")]),
            ]
        )
    )
    story: list[Any] = [_Cell(_clean(title), Style(14, 18, INK, bold=True)), Spacer(1, 2)]
    story += [_Cell(_clean(line), Style(9, 12, INK)) for line in meta_lines]
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
            initialFontName=LATIN_FONT,  # pages start in a shipped font, not Helvetica
        )
        doc.build(story, canvasmaker=_numbered_canvas(_clean(title)))
    return ExportResult(rows=len(texts), cleaned_characters=cleaned)


def _column_widths(
    columns: Sequence[Column], texts: list[list[tuple[str, bool]]], usable: float
) -> tuple[float, list[float]]:
    """Type size and column widths: each column at least as wide as its longest word.

    The rest of the width is shared by the columns' weights. If the longest words alone do
    not fit, the type gets smaller (down to 6 pt) until they do.
    """
    longest: list[float] = []  # the longest word, per point of type size
    whole: list[float] = []  # the longest value on one line, per point (headers may wrap)
    for index, column in enumerate(columns):
        values = {cells[index][0] for cells in texts}
        # Split at plain spaces only: a no-break space keeps a phone number whole.
        words = {w for v in (*values, _clean(column.title)) for w in v.split(" ")}
        longest.append(max((text_width(w, 1.0, bold=True) for w in words), default=0.0))
        whole.append(max((text_width(v, 1.0, bold=True) for v in values), default=0.0))
    # The largest type (8 pt down to 6 pt) at which every value fits on one line; failing
    # that, the largest at which every word fits.
    sizes = [FONT_SIZE - 0.25 * step for step in range(int((FONT_SIZE - MIN_FONT_SIZE) * 4) + 1)]

    def needs(per_pt: list[float], size: float) -> list[float]:
        return [w * size + 2 * PADDING + 0.5 for w in per_pt]

    def wanted_at(size: float) -> list[float]:
        return [max(a, b) for a, b in zip(needs(longest, size), needs(whole, size), strict=True)]

    size = next((z for z in sizes if sum(wanted_at(z)) <= usable), None)
    if size is not None:
        # Every cell fits on one line: share what is left by the columns' weights.
        wanted = wanted_at(size)
        weights = [
            c.width if c.width is not None else max(8.0, len(c.title) + 2.0) for c in columns
        ]
        spare = usable - sum(wanted)
        widths = [w + spare * k / sum(weights) for w, k in zip(wanted, weights, strict=True)]
        return size, widths
    size = next((z for z in sizes if sum(needs(longest, z)) <= usable), MIN_FONT_SIZE)
    minimum, wanted = needs(longest, size), wanted_at(size)
    # Longest words fit; the rest goes to the columns that would wrap, by how much.
    spare = max(0.0, usable - sum(minimum))
    grow = [w - m for w, m in zip(wanted, minimum, strict=True)]
    widths = [m + spare * g / (sum(grow) or 1.0) for m, g in zip(minimum, grow, strict=True)]
    return size, widths


def _clean(text: str) -> str:
    return safe_cell_text(text)[0]


def _is_number(column: Column, value: Any) -> bool:
    return column.kind in ("integer", "number", "percent") and isinstance(value, int | float)


def _display(column: Column, value: Any, zone: tzinfo = UTC) -> tuple[str, int]:
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
            value = value.astimezone(zone)
        if column.kind == "date":
            return value.date().isoformat(), 0
        if value.tzinfo is not None and zone is not UTC:
            return value.strftime("%Y-%m-%d %H:%M:%S %Z"), 0
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


def _numbered_canvas(title: str) -> type[Canvas]:
    """A canvas class that writes "title - Page N of M" once the page count is known."""
    footer = Style(7, 9, INK)

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
            width = self._pagesize[0] - 2 * MARGIN
            number = f"Page {self._pageNumber} of {total}"
            para = layout(title[:120], footer, width - text_width(number, 7) - 12)
            draw_paragraph(self, para, MARGIN, MARGIN / 2 + 7)
            draw_paragraph(
                self, layout(number, footer, width), MARGIN, MARGIN / 2 + 7, align="right"
            )

    return NumberedCanvas
