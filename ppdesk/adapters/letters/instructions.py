"""The static lower half of a letter: two steps, the QR code, help, the PIN note, closing.

Built once per language (and scale) as a few ``Group`` blocks, each a reused form; a letter
that does not fit on one page flows onto the next between two blocks. On a one-language
letter the blocks are the steps (with the QR code beside them), help, the note and the
closing. On a bilingual letter each block is a row of two columns, the home language and
English side by side at the same height (step 1, step 2, help, the note), and a last row
holds the QR code and the closing. A right-to-left letter (Farsi, Arabic) is the mirror image:
text right-aligned, step badges and the note's bar on the right, the QR code on the left (on a
bilingual page the home language's column is the right one).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol

from reportlab.pdfgen.canvas import Canvas

from ppdesk.adapters.letters.canvas_forms import Group
from ppdesk.adapters.letters.fonts import LATIN_BOLD_FONT
from ppdesk.adapters.letters.page import (
    BODY,
    HEADING,
    NAVY,
    READABLE,
    SMALL,
    SUBHEAD,
    TINT,
    WHITE,
)
from ppdesk.adapters.letters.qr import QUIET_MODULES, draw_qr
from ppdesk.adapters.letters.templates import LetterTemplate
from ppdesk.adapters.letters.typeset import Paragraph, Style, draw_paragraph, layout, spans


class RunLayout(Protocol):
    """What the tail needs of the run drawing it (``letter.LetterComposer`` is one)."""

    @property
    def width(self) -> float: ...

    @property
    def qr(self) -> list[list[bool]]: ...

    @property
    def run_values(self) -> dict[str, str]: ...


def _para(canv: Canvas, para: Paragraph, x: float, top: float) -> None:
    draw_paragraph(canv, para, x, top)


def _d(style: Style, template: LetterTemplate, scale: float) -> Style:
    """``style`` in the template's direction at ``scale``, never under ``READABLE``."""
    return style.direction(template.rtl).scaled(scale, READABLE)


class _Column:
    """Stacks pieces top-down and remembers how to paint them.

    In a right-to-left column an indent is taken from the right edge."""

    def __init__(self, x: float, width: float, rtl: bool = False) -> None:
        self.x = x
        self.width = width
        self.rtl = rtl
        self.y = 0.0
        self.painters: list[Callable[[Canvas], object]] = []

    def text(self, para: Paragraph, *, indent: float = 0.0, gap: float = 0.0) -> float:
        top = self.y - gap
        x = self.x + self.width - indent - para.width if self.rtl else self.x + indent
        self.painters.append(lambda canv: _para(canv, para, x, top))
        self.y = top - para.height
        return top

    def space(self, amount: float) -> None:
        self.y -= amount


def _steps(
    col: _Column,
    template: LetterTemplate,
    values: dict[str, str],
    scale: float,
    text_width: float,
    numbers: tuple[int, ...] = (1, 2),
) -> None:
    """The steps ``numbers``, under the steps heading if step 1 is among them."""
    if 1 in numbers:
        col.text(
            layout(
                spans(template.letter["steps_heading"], values),
                _d(HEADING, template, scale),
                col.width,
            )
        )
    indent = 26 * scale
    width = text_width - indent
    for number in numbers:
        title = layout(
            spans(template.letter[f"step{number}_title"], values),
            _d(SUBHEAD, template, scale),
            width,
        )
        top = col.text(title, indent=indent, gap=8 * scale)
        badge_x = col.x + col.width - 9 * scale if col.rtl else col.x + 9 * scale
        badge_y, radius = top - 7.5 * scale, 9 * scale
        digit = str(number)
        col.painters.append(
            functools.partial(_badge, x=badge_x, y=badge_y, radius=radius, digit=digit)
        )
        body = layout(
            spans(template.letter[f"step{number}_body"], values),
            _d(BODY, template, scale),
            width,
        )
        col.text(body, indent=indent, gap=2 * scale)
        tip = template.letter.get("email_tip") if number == 1 else None
        if tip:
            col.text(
                layout(spans(tip, values), _d(SMALL, template, scale), width),
                indent=indent,
                gap=3 * scale,
            )


def _badge(canv: Canvas, x: float, y: float, radius: float, digit: str) -> None:
    canv.setFillColor(NAVY)
    canv.circle(x, y, radius, stroke=0, fill=1)
    canv.setFillColor(WHITE)
    size = max(radius * 1.25, READABLE)
    canv.setFont(LATIN_BOLD_FONT, size)
    canv.drawCentredString(x, y - size * 0.36, digit)


def _help(col: _Column, template: LetterTemplate, values: dict[str, str], scale: float) -> None:
    col.text(
        layout(
            spans(template.letter["help_heading"], values),
            _d(SUBHEAD, template, scale),
            col.width,
        ),
        gap=12 * scale,
    )
    col.text(
        layout(spans(template.letter["help_body"], values), _d(BODY, template, scale), col.width),
        gap=2 * scale,
    )


def _note(
    col: _Column,
    template: LetterTemplate,
    values: dict[str, str],
    scale: float,
    box_height: float = 0.0,
) -> float:
    """The "this PIN is only for you" box, at least ``box_height`` tall; returns its height."""
    pad = 10 * scale
    inner = col.width - 2 * pad - 4
    heading = layout(
        spans(template.letter["personal_heading"], values),
        _d(SUBHEAD, template, scale),
        inner,
    )
    note = layout(
        spans(template.letter["personal_note"], values),
        _d(BODY, template, scale * 0.95),
        inner,
    )
    box_top = col.y - 12 * scale
    box_h = max(box_height, heading.height + note.height + 2 * pad + 2 * scale)
    x0, w = col.x, col.width
    bar_x = x0 + w - 3 if col.rtl else x0

    def box(canv: Canvas) -> None:
        canv.setFillColor(TINT)
        canv.roundRect(x0, box_top - box_h, w, box_h, 5, stroke=0, fill=1)
        canv.setFillColor(NAVY)
        canv.rect(bar_x, box_top - box_h, 3, box_h, stroke=0, fill=1)

    col.painters.append(box)
    col.y = box_top - pad
    col.text(heading, indent=pad + 4)
    col.text(note, indent=pad + 4, gap=2 * scale)
    col.y = box_top - box_h
    return box_h


def _closing(
    col: _Column,
    composer: RunLayout,
    template: LetterTemplate,
    scale: float,
    gap: float,
    english: LetterTemplate | None = None,
) -> None:

    values = composer.run_values
    col.text(
        layout(spans(template.letter["closing"], values), _d(BODY, template, scale), col.width),
        gap=gap,
    )
    bold = Style(BODY.size, BODY.leading, BODY.color, True, col.rtl).scaled(scale, READABLE)
    col.text(layout(values["principal_name"], bold, col.width), gap=20 * scale)
    title = template.letter["principal_title"]
    style = _d(SMALL, template, scale)
    if english is not None and template.rtl:
        # Right to left, the English title is a line of its own (see letter._label).
        col.text(layout(spans(title, values), style, col.width))
        other = layout(spans(english.letter["principal_title"], values), style, col.width)
        col.text(other)
        return
    if english is not None:
        title += " · " + english.letter["principal_title"]
    col.text(layout(spans(title, values), style, col.width))


def _qr_painter(composer: RunLayout, x: float, top: float, size: float) -> Callable[[Canvas], None]:
    matrix = composer.qr

    def paint(canv: Canvas) -> None:
        draw_qr(canv, matrix, x, top - size, size, NAVY)

    return paint


def _group(width: float, height: float, painters: list[Callable[[Canvas], object]]) -> Group:
    def draw(canv: Canvas) -> None:
        for paint in painters:
            paint(canv)

    return Group(width, height, draw)


def _block(width: float, cols: list[_Column]) -> Group:
    return _group(width, max(-c.y for c in cols), [p for c in cols for p in c.painters])


def build_tail(
    composer: RunLayout, home: LetterTemplate, english: LetterTemplate | None, scale: float
) -> list[Group]:
    """Lay out the lower half as blocks, top to bottom; each group's origin is its top-left
    corner and its height includes the space above it."""

    width = composer.width
    values = composer.run_values
    rtl = home.rtl
    if english is None:
        qr_size = 88 * scale
        qr_col = qr_size + 2 * QUIET_MODULES * qr_size / len(composer.qr)
        col = _Column(0, width, rtl)
        _steps(col, home, values, scale, width - qr_col - 8)
        caption = layout(spans(home.letter["qr_caption"], values), _d(SMALL, home, scale), qr_col)
        qr_top = -22 * scale
        qr_x = 0.0 if rtl else width - qr_col  # the QR code's column, left or right
        col.painters.append(_qr_painter(composer, qr_x + (qr_col - qr_size) / 2, qr_top, qr_size))
        cap_top = qr_top - qr_size - 6 * scale
        col.painters.append(
            lambda canv: draw_paragraph(canv, caption, qr_x, cap_top, align="center")
        )
        col.y = min(col.y, cap_top - caption.height)
        blocks = [_block(width, [col])]
        for part in (_help, _note):
            col = _Column(0, width, rtl)
            part(col, home, values, scale)
            blocks.append(_block(width, [col]))
        col = _Column(0, width, rtl)
        _closing(col, composer, home, scale, 14 * scale)
        blocks.append(_block(width, [col]))
        return blocks

    gutter = 18.0
    column = (width - gutter) / 2
    # The home language reads first: the left column, or the right one right to left.
    home_x, english_x = (column + gutter, 0.0) if rtl else (0.0, column + gutter)
    pair = ((home_x, home), (english_x, english))

    def row(fill: Callable[[_Column, LetterTemplate], object]) -> Group:
        cols = []
        for x, template in pair:
            col = _Column(x, column, template.rtl)
            fill(col, template)
            cols.append(col)
        return _block(width, cols)

    blocks = [
        row(lambda col, t: _steps(col, t, values, scale, column, (1,))),
        row(lambda col, t: _steps(col, t, values, scale, column, (2,))),
        row(lambda col, t: _help(col, t, values, scale)),
    ]
    # The two notes' boxes are as tall as the taller one.
    box_h = max(_note(_Column(0, column, t.rtl), t, values, scale) for _, t in pair)
    blocks.append(row(lambda col, t: _note(col, t, values, scale, box_h)))

    row_top = -14 * scale
    qr_size = 70 * scale
    bottom = _Column(0, width)
    qr_x = width - qr_size if rtl else 0.0
    bottom.painters.append(_qr_painter(composer, qr_x, row_top, qr_size))
    caption_w = column - qr_size - 12
    caption_x = home_x if rtl else qr_size + 12
    cap_top = row_top
    for template in (home, english):
        caption = layout(
            spans(template.letter["qr_caption"], values), _d(SMALL, home, scale), caption_w
        )
        bottom.painters.append(
            functools.partial(draw_paragraph, para=caption, x=caption_x, top=cap_top)
        )
        cap_top -= caption.height + 4 * scale
    bottom.y = min(row_top - qr_size, cap_top)
    closing = _Column(english_x, column, rtl)
    closing.y = row_top
    _closing(closing, composer, home, scale, 0, english)
    blocks.append(_block(width, [bottom, closing]))
    return blocks
