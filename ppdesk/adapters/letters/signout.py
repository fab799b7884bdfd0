"""Homeroom sign-out sheets: the office's paper trail of the bulk letters handed over at the
counter: one row per letter with the student, the guardian, the letter number and
boxes for the photo ID type seen, the guardian's signature and the staff initials. The
desk's record of the hand-over is the one that counts. Staff-facing, in the staff language
(English by default).

A sheet lists names, Student IDs and letter numbers only; it never shows a PIN.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reportlab.pdfgen.canvas import Canvas

from ppdesk.adapters.letters.fonts import printed_name
from ppdesk.adapters.letters.model import LetterData, SchoolLetterhead
from ppdesk.adapters.letters.page import (
    BODY,
    GREY,
    INK,
    LINE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    NAVY,
    SMALL,
    TINT,
    clean,
    full_name,
)
from ppdesk.adapters.letters.templates import LetterTemplate
from ppdesk.adapters.letters.typeset import Style, draw_paragraph, layout, spans

ROW_HEIGHT = 26.0
SHEET_SMALLEST = 7.0  # a long name in a cell shrinks to this (staff read the sheet), then is cut
HEADER_HEIGHT = 20.0
# Column shares of the table width: #, student, ID, guardian, letter number, photo ID
# seen, signature, staff initials.
_COLUMNS = (
    ("col_number", 0.04),
    ("col_student", 0.17),
    ("col_student_id", 0.1),
    ("col_guardian", 0.17),
    ("col_letter", 0.13),
    ("col_photo_id", 0.12),
    ("col_signature", 0.17),
    ("col_staff", 0.1),
)


def homeroom_groups(
    letters: Iterable[LetterData],
    *,
    consecutive: bool,
    is_cancelled: Callable[[], bool] | None = None,
) -> Iterator[tuple[str | None, list[LetterData]]]:
    """Letters grouped by homeroom: runs of equal homeroom as they come (``consecutive``),
    or every homeroom once, in order, with its students sorted by name."""
    if consecutive:
        current: list[LetterData] = []
        key: str | None = None
        for letter in letters:
            room = clean(letter.homeroom) or None
            if current and room != key:
                yield key, current
                current = []
            if is_cancelled is not None and not current and is_cancelled():
                return
            key = room
            current.append(letter)
        if current:
            yield key, current
        return
    rooms: dict[str | None, list[LetterData]] = {}
    for letter in letters:
        rooms.setdefault(clean(letter.homeroom) or None, []).append(letter)
    for room in sorted(rooms, key=lambda r: (r is None, r or "")):
        batch = sorted(
            rooms[room],
            key=lambda x: (clean(x.student_last).casefold(), clean(x.student_first).casefold()),
        )
        yield room, batch


class SheetComposer:
    """Draws the sign-out sheet pages of one homeroom."""

    def __init__(
        self,
        canv: Canvas,
        template: LetterTemplate,
        school: SchoolLetterhead,
        page: tuple[float, float],
    ) -> None:
        self.canv = canv
        self.template = template
        self.sheet = template.sheet or {}
        self.school = school
        self.page_w, self.page_h = page
        self.width = self.page_w - 2 * MARGIN_X

    def _rows_per_page(self, header: float) -> int:
        space = self.page_h - MARGIN_TOP - MARGIN_BOTTOM - header - HEADER_HEIGHT - 24
        return max(1, int(space // ROW_HEIGHT))

    def draw(self, homeroom: str | None, letters: list[LetterData]) -> int:
        """Draw the sheet(s) for one homeroom; returns how many pages were drawn."""
        room = homeroom or "—"
        header_h = self._header(room, 1, 1, measure_only=True)
        per_page = self._rows_per_page(header_h)
        chunks = [letters[i : i + per_page] for i in range(0, len(letters), per_page)] or [[]]
        for page_number, chunk in enumerate(chunks, 1):
            top = self.page_h - MARGIN_TOP
            top -= self._header(room, page_number, len(chunks), count=len(letters))
            self._table(chunk, (page_number - 1) * per_page, top)
            self._footer(room, page_number, len(chunks), len(letters))
            self.canv.showPage()
        return len(chunks)

    def _values(self, room: str, page: int, pages: int, count: int) -> dict[str, str]:
        return {
            "homeroom": room,
            "school_name": clean(self.school.name),
            "count": str(count),
            "page": str(page),
            "pages": str(pages),
        }

    def _header(
        self, room: str, page: int, pages: int, *, count: int = 0, measure_only: bool = False
    ) -> float:
        values = self._values(room, page, pages, count)
        school = layout(clean(self.school.name), Style(11, 14, NAVY, True), self.width)
        title = layout(spans(self.sheet["title"], values), Style(15, 20, INK, True), self.width)
        note = layout(spans(self.sheet["instructions"], values), BODY, self.width)
        height = school.height + 4 + title.height + 4 + note.height + 12
        if not measure_only:
            top = self.page_h - MARGIN_TOP
            top = draw_paragraph(self.canv, school, MARGIN_X, top) - 4
            top = draw_paragraph(self.canv, title, MARGIN_X, top) - 4
            draw_paragraph(self.canv, note, MARGIN_X, top)
        return height

    def _table(self, letters: list[LetterData], first_index: int, top: float) -> None:
        canv, x0 = self.canv, MARGIN_X
        widths = [share * self.width for _, share in _COLUMNS]
        canv.setFillColor(TINT)
        canv.rect(x0, top - HEADER_HEIGHT, self.width, HEADER_HEIGHT, stroke=0, fill=1)
        head = Style(8.5, 11, NAVY, True)
        x = x0
        for (key, _), width in zip(_COLUMNS, widths, strict=True):
            draw_paragraph(canv, _one_line(self.sheet[key], head, width - 8), x + 4, top - 4)
            x += width
        y = top - HEADER_HEIGHT
        cell = Style(9.5, 12, INK)
        canv.setStrokeColor(LINE)
        canv.setLineWidth(0.6)
        for offset, letter in enumerate(letters):
            student_id = clean(letter.student_id)
            texts = (
                str(first_index + offset + 1),
                printed_name(full_name(letter.student_first, letter.student_last), student_id),
                student_id,
                printed_name(clean(letter.guardian_name), student_id),
                clean(letter.letter_number),
                "",
                "",
                "",
            )
            x = x0
            for text, width in zip(texts, widths, strict=True):
                if text:
                    para = _one_line(text, cell, width - 8)
                    draw_paragraph(canv, para, x + 4, y - (ROW_HEIGHT - para.height) / 2)
                x += width
            y -= ROW_HEIGHT
            canv.setStrokeColor(LINE)
            canv.line(x0, y, x0 + self.width, y)
        # Vertical rules between the columns, over the whole table.
        x = x0
        for width in widths[:-1]:
            x += width
            canv.line(x, top, x, y)
        canv.setStrokeColor(GREY)
        canv.rect(x0, y, self.width, top - y, stroke=1, fill=0)

    def _footer(self, room: str, page: int, pages: int, count: int) -> None:
        values = self._values(room, page, pages, count)
        para = layout(spans(self.sheet["footer"], values), SMALL, self.width)
        draw_paragraph(self.canv, para, MARGIN_X, MARGIN_BOTTOM + para.height, align="center")


def _one_line(text: str, style: Style, width: float):  # type: ignore[no-untyped-def]
    """``text`` on one line, smaller if it must be (down to 7 pt); past that on two lines,
    cut with "…" if even two are not enough, so a row never runs into the next one (the
    letter itself prints the whole name)."""
    para = layout(spans(text, {}) if "**" in text else text, style, width)
    while len(para.lines) > 1 and style.size > SHEET_SMALLEST:
        style = style.scaled(0.9, SHEET_SMALLEST)
        para = layout(text, style, width)
    if len(para.lines) <= 2:
        return para
    low, high = 0, len(text)
    while low < high:  # the longest beginning that fits on two lines with the mark
        middle = (low + high + 1) // 2
        if len(layout(text[:middle].rstrip() + "…", style, width).lines) <= 2:
            low = middle
        else:
            high = middle - 1
    return layout(text[:low].rstrip() + "…", style, width)
