"""One PIN letter page: letterhead, greeting, the PIN box, the steps, help and the QR code.

Everything that is the same on every page of a language (letterhead, headings, the steps,
help, the personal-PIN note, the QR code) is a ``Group`` placed through the ``FormCache``;
only the date, the names, the Student ID, the PIN and its expiry are drawn per page. Nothing
a parent reads is set under 9 pt (``page.READABLE``). If the page is too long (a bilingual
letter, or a school's longer wording) the text is set a little smaller, down to 90 %; if it
still does not fit, the letter flows at full size onto a second page between two blocks of
its lower half, under a short heading naming the school and the student, with the page
numbers "1/2", "2/2" at the foot. The PIN box is on the first page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ppdesk.adapters.letters.canvas_forms import FormCache, Group
from ppdesk.adapters.letters.fonts import MONO_FONT, printable_with_fonts, printed_name
from ppdesk.adapters.letters.instructions import build_tail
from ppdesk.adapters.letters.model import LetterData, SchoolLetterhead
from ppdesk.adapters.letters.page import (
    BODY,
    GREY,
    INK,
    LABEL,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    NAVY,
    READABLE,
    SMALL,
    SUBJECT,
    TINT,
    WHITE,
    clean,
    full_name,
)
from ppdesk.adapters.letters.templates import LetterTemplate
from ppdesk.adapters.letters.typeset import Paragraph, Style, draw_paragraph, layout, spans

# A letter that does not fit is set a little smaller, down to 90 % (the body at 9 pt; no
# style goes under page.READABLE); past that it flows onto a second page at full size.
NAME = Style(14, 18, INK, bold=True)  # the student's name in the PIN box
SUBHEAD_LINE = 14.0  # the school's line in a following page's heading

SCALES = (1.0, 0.95, 0.9)
FLOW = len(SCALES)  # the scale index that means "more than one page"


@dataclass(frozen=True)
class _PinGeometry:
    """Where the PIN box's parts sit (offsets below its top), the same on every letter of a
    language at one scale; only the expiry below the PIN frame differs per letter."""

    labels: dict[str, list[Paragraph]]
    name_top: float
    id_label_top: float
    id_baseline: float
    frame_top: float
    frame_height: float
    student_bottom: float


@dataclass(frozen=True)
class _Plan:
    scale: float
    top_height: float  # letterhead to the end of the PIN box, with the space after it
    intros: list[tuple[Paragraph, Paragraph]]
    expiry: list[Paragraph]
    box_height: float
    blocks: list[Group]

    @property
    def height(self) -> float:
        return self.top_height + sum(b.height for b in self.blocks)


class LetterComposer:
    """Draws letter pages for one run (one school, one set of templates, one canvas)."""

    def __init__(
        self,
        canv: Canvas,
        forms: FormCache,
        templates: Mapping[str, LetterTemplate],
        school: SchoolLetterhead,
        page: tuple[float, float],
        qr: list[list[bool]],
        *,
        bilingual: bool,
    ) -> None:
        self.canv = canv
        self.forms = forms
        self.templates = templates
        self.school = school
        self.page_w, self.page_h = page
        self.width = self.page_w - 2 * MARGIN_X
        self.qr = qr
        self.bilingual = bilingual
        self.run_values = {
            "school_name": clean(school.name),
            "school_phone": _nobreak(clean(school.phone)),
            "principal_name": clean(school.principal),
            "portal_url": clean(school.portal_url),
            "district_help_phone": _nobreak(clean(school.district_help_phone)),
        }
        self._scale_hint: dict[str, int] = {}
        self._tails: dict[tuple[str, bool, float], list[Group]] = {}
        self._geometry: dict[tuple[str, bool, float], _PinGeometry] = {}
        self._logo = ImageReader(str(school.logo_path)) if school.logo_path else None

    # ----------------------------------------------------------------- per letter

    def values(self, letter: LetterData, template: LetterTemplate) -> dict[str, str]:
        """Placeholder values for one letter in one language."""
        student_id = clean(letter.student_id)
        first = printable_with_fonts(clean(letter.student_first))
        last = printable_with_fonts(clean(letter.student_last))
        return {
            **self.run_values,
            "guardian_name": printed_name(clean(letter.guardian_name), student_id),
            "student_name": printed_name(full_name(first, last), student_id),
            "student_first": printed_name(first, student_id),
            "student_last": last,
            "student_id": clean(letter.student_id),
            "pin_expires": template.format_date(letter.pin_expires),
            "letter_date": template.format_date(letter.letter_date),
            "grade": clean(letter.grade),
            "homeroom": clean(letter.homeroom),
        }

    def draw(self, letter: LetterData, language: str) -> int:
        """Draw one letter from the current page on; returns how many pages it took (the
        caller ends the last one)."""
        home = self.templates[language]
        english = self.templates["en"] if self.bilingual and language != "en" else None
        room = self.page_h - MARGIN_TOP - MARGIN_BOTTOM
        plans: dict[int, _Plan] = {}

        def fits(index: int) -> bool:
            if index == FLOW:
                return True
            plans[index] = self._plan(letter, home, english, SCALES[index])
            return plans[index].height <= room

        # Start at the scale the previous letter of this language needed: usually it fits
        # and one larger does not, so a page is planned twice, not once per scale.
        index = self._scale_hint.get(language, 0)
        if fits(index):
            while index > 0 and fits(index - 1):
                index -= 1
        else:
            while not fits(index):
                index += 1
        self._scale_hint[language] = index
        if index == FLOW:
            return self._paint(letter, home, english, self._plan(letter, home, english, 1.0))
        return self._paint(letter, home, english, plans[index])

    def _intro(
        self, letter: LetterData, template: LetterTemplate, width: float, scale: float
    ) -> tuple[Paragraph, Paragraph]:
        values = self.values(letter, template)
        body = BODY.direction(template.rtl).scaled(scale, READABLE)
        greeting = layout(spans(template.letter["greeting"], values), body, width)
        if letter.bulk:
            # Nobody has verified the parent yet: the bulk intro, then the activation
            # sentence in bold (the PIN is held until the office hands the letter over).
            text = f"{template.bulk['intro']} **{template.bulk['activation']}**"
        else:
            text = template.letter["intro"]
        intro = layout(spans(text, values), body, width)
        return greeting, intro

    def _plan(
        self,
        letter: LetterData,
        home: LetterTemplate,
        english: LetterTemplate | None,
        scale: float,
    ) -> _Plan:
        """The per-letter paragraphs and the heights of the page's parts at ``scale``."""
        if english is None:
            intros = [self._intro(letter, home, self.width, scale)]
            intro_h = sum(p.height for p in intros[0]) + 6 * scale
        else:
            column = (self.width - 18) / 2
            intros = [
                self._intro(letter, home, column, scale),
                self._intro(letter, english, column, scale),
            ]
            intro_h = max(sum(p.height for p in pair) for pair in intros) + 6 * scale
        expiry = self._expiry(letter, home, english, scale)
        geometry = self._pin_geometry(home, english, scale)
        box_h = max(
            geometry.student_bottom,
            geometry.frame_top + geometry.frame_height + 4 * scale + _height(expiry) + 8 * scale,
        )
        top = (
            self._letterhead(home).height
            + 16
            + BODY.leading * scale
            + self._subject(home, english, scale).height
            + intro_h
            + box_h
            + 14 * scale
        )
        return _Plan(scale, top, intros, expiry, box_h, self._tail(home, english, scale))

    def _paint(
        self,
        letter: LetterData,
        home: LetterTemplate,
        english: LetterTemplate | None,
        plan: _Plan,
    ) -> int:
        canv, forms, x = self.canv, self.forms, MARGIN_X
        scale = plan.scale
        top = self.page_h - MARGIN_TOP
        # Which page each block of the lower half goes on: the next page when it would run
        # into the bottom margin (a page holds at least one block).
        pages_of: list[int] = []
        page, y, empty = 1, top - plan.top_height, False
        for block in plan.blocks:
            if y - block.height < MARGIN_BOTTOM and not empty:
                page, y, empty = page + 1, top - self._continued_height(home), True
            pages_of.append(page)
            y -= block.height
            empty = False
        pages = page

        y = top
        y -= forms.place(("head", home.language), lambda: self._letterhead(home), x, y) + 16
        date = layout(
            home.format_date(letter.letter_date),
            BODY.direction(home.rtl).scaled(scale, READABLE),
            self.width,
        )
        # The date faces the letterhead's opposite side: right, or left right to left.
        y = draw_paragraph(canv, date, x, y, align="left" if home.rtl else "right")
        key = ("subject", home.language, english is not None, scale)
        y -= forms.place(key, lambda: self._subject(home, english, scale), x, y)
        column = (self.width - 18) / 2
        bottoms = []
        for index, (greeting, intro) in enumerate(plan.intros):
            # The home language reads first: the right column on a right-to-left page.
            side = 1 - index if home.rtl and len(plan.intros) == 2 else index
            left = x + side * (column + 18)
            bottom = draw_paragraph(canv, greeting, left, y)
            bottoms.append(draw_paragraph(canv, intro, left, bottom - 2 * scale))
        y = min(bottoms) - 4 * scale
        y = self._pin_box(letter, home, english, plan, y) - 14 * scale
        if letter.letter_number:
            self._staff_corner(letter.letter_number, home)
        current = 1
        for number, (block, on_page) in enumerate(zip(plan.blocks, pages_of, strict=True)):
            if on_page != current:
                self._page_number(current, pages)
                self.canv.showPage()
                current = on_page
                y = self._continued(letter, home)
            tail_key = ("tail", home.language, english is not None, scale, number)
            y -= forms.place(tail_key, lambda block=block: block, x, y)  # type: ignore[misc]
        if pages > 1:
            self._page_number(current, pages)
        return pages

    # ----------------------------------------------------------------- page 2

    def _continued_height(self, home: LetterTemplate) -> float:
        return SUBHEAD_LINE + BODY.leading + 14

    def _continued(self, letter: LetterData, home: LetterTemplate) -> float:
        """The heading of a following page: the school and the student, so a loose page
        finds its letter again; returns the y below it."""
        canv, x, rtl = self.canv, MARGIN_X, home.rtl
        top = self.page_h - MARGIN_TOP
        school = layout(
            clean(self.school.name), Style(10.5, SUBHEAD_LINE, NAVY, True, rtl), self.width
        )
        name = self.values(letter, home)["student_name"]
        student = _fit(name, Style(10, BODY.leading, INK, True, rtl), self.width, 1)
        draw_paragraph(canv, school, x, top)
        draw_paragraph(canv, student, x, top - SUBHEAD_LINE)
        rule = top - SUBHEAD_LINE - BODY.leading - 6
        canv.setStrokeColor(NAVY)
        canv.setLineWidth(0.8)
        canv.line(x, rule, x + self.width, rule)
        return top - self._continued_height(home)

    def _page_number(self, page: int, pages: int) -> None:
        """ "1/2" at the foot of the page, on the left (the staff corner is on the right)."""
        para = layout(f"{page}/{pages}", SMALL, 60)
        draw_paragraph(self.canv, para, MARGIN_X, MARGIN_BOTTOM - 3)

    def _staff_corner(self, number: str, template: LetterTemplate) -> None:
        """The letter number as text and Code 128 barcode in the bottom right corner, below
        the letter's text: the office scans or types it at the hand-over. It names the
        letter only; it is not the PIN and says nothing about it."""
        # Imported here: reportlab.graphics.barcode loads every symbology and its widgets
        # (about 120 ms of CPU), and a counter letter has no letter number.
        from reportlab.graphics.barcode.code128 import Code128

        canv = self.canv
        barcode = Code128(number, barWidth=0.9, barHeight=20, humanReadable=False)
        right = self.page_w - MARGIN_X
        barcode.drawOn(canv, right - barcode.width, 8)
        label = layout(spans(template.bulk["staff_corner"], {}), LABEL.direction(template.rtl), 150)
        text_right = right - barcode.width - 4
        draw_paragraph(canv, label, text_right - 150, 30, align="right")
        canv.setFillColor(INK)
        canv.setFont(MONO_FONT, 10)
        canv.drawRightString(text_right, 10, clean(number))

    # ----------------------------------------------------------------- static groups

    def _letterhead(self, template: LetterTemplate) -> Group:
        return self.forms.group(
            ("head", template.language), lambda: self._build_letterhead(template)
        )

    def _build_letterhead(self, template: LetterTemplate) -> Group:
        school, width, rtl = self.school, self.width, template.rtl
        text_x = 0.0
        logo_x = width - 56 if rtl else 0.0  # a right-to-left letterhead starts on the right
        if self._logo is not None:
            text_x = 0.0 if rtl else 66.0
        text_w = width - (66.0 if self._logo is not None else 0.0)
        district = layout(
            clean(school.district_name).upper(), Style(READABLE, 11, GREY, True, rtl), text_w
        )
        name = layout(clean(school.name), Style(17, 21, NAVY, True, rtl), text_w)
        address = layout(
            " · ".join(clean(a) for a in school.address_lines if clean(a)),
            SMALL.direction(rtl),
            text_w,
        )
        contact = layout(
            f"{template.letter['phone_label']} {clean(school.phone)}  ·  "
            f"{clean(school.principal)}, {template.letter['principal_title']}",
            SMALL.direction(rtl),
            text_w,
        )
        paras = [district, name, address, contact]
        height = max(sum(p.height for p in paras), 56.0 if self._logo else 0.0) + 8

        def draw(canv: Canvas) -> None:
            if self._logo is not None:
                canv.drawImage(
                    self._logo,
                    logo_x,
                    -56,
                    56,
                    56,
                    preserveAspectRatio=True,
                    anchor="c",
                    mask="auto",
                )
            top = 0.0
            for para in paras:
                top = draw_paragraph(canv, para, text_x, top)
            canv.setStrokeColor(NAVY)
            canv.setLineWidth(1.6)
            canv.line(0, -height + 1, width, -height + 1)

        return Group(width, height, draw)

    def _subject(self, home: LetterTemplate, english: LetterTemplate | None, scale: float) -> Group:
        key = ("subject-g", home.language, english is not None, scale)

        def build() -> Group:
            rtl = home.rtl
            paras = [
                layout(
                    spans(home.letter["subject"], {}),
                    SUBJECT.direction(rtl).scaled(scale, READABLE),
                    self.width,
                )
            ]
            if english is not None:
                paras.append(
                    layout(
                        spans(english.letter["subject"], {}),
                        Style(10.5, 14, GREY, True).scaled(scale, READABLE),
                        self.width,
                    )
                )
            height = sum(p.height for p in paras) + 6 * scale

            def draw(canv: Canvas) -> None:
                top = -2 * scale
                for para in paras:
                    top = draw_paragraph(canv, para, 0, top, align="right" if rtl else "left")

            return Group(self.width, height, draw)

        return self.forms.group(key, build)

    def _tail(
        self, home: LetterTemplate, english: LetterTemplate | None, scale: float
    ) -> list[Group]:
        key = (home.language, english is not None, scale)
        found = self._tails.get(key)
        if found is None:
            found = self._tails[key] = build_tail(self, home, english, scale)
        return found

    # ----------------------------------------------------------------- the PIN box

    def _label(
        self, home: LetterTemplate, english: LetterTemplate | None, key: str, style: Style
    ) -> list[Paragraph]:
        """A PIN box label, in both languages on a bilingual letter: "Estudiante · Student"
        on one line, or right to left the home language's line and the English one below
        it (a right-to-left line would put the English words and the dot out of order)."""
        text = home.letter[key].replace("**", "")
        width = self.width / 2 - 30
        # "Número del estudiante (Student ID)" already says it in English.
        if english is None or english.letter[key] in text:
            return [layout(text, style, width)]
        other = english.letter[key].replace("**", "")
        if home.rtl:
            return [layout(text, style, width), layout(other, style.direction(False), width)]
        return [layout(text + "  ·  " + other, style, width)]

    def _pin_geometry(
        self, home: LetterTemplate, english: LetterTemplate | None, scale: float
    ) -> _PinGeometry:
        """The PIN box's labels and offsets: labels (in both languages on a bilingual
        letter) may take two lines, and what is below them moves down."""
        key = (home.language, english is not None, scale)
        found = self._geometry.get(key)
        if found is not None:
            return found
        style = LABEL.direction(home.rtl).scaled(scale, READABLE)
        labels = {
            k: self._label(home, english, k, style)
            for k in ("student_label", "student_id_label", "pin_label")
        }
        name_top = 10 * scale + _height(labels["student_label"]) + 2 * scale
        id_label_top = name_top + 2 * NAME.scaled(scale).leading + 4 * scale
        id_baseline = id_label_top + _height(labels["student_id_label"]) + 12 * scale
        frame_top = 10 * scale + _height(labels["pin_label"]) + 4 * scale
        found = self._geometry[key] = _PinGeometry(
            labels=labels,
            name_top=name_top,
            id_label_top=id_label_top,
            id_baseline=id_baseline,
            frame_top=frame_top,
            frame_height=44 * scale,
            student_bottom=id_baseline + 8 * scale,
        )
        return found

    def _expiry(
        self,
        letter: LetterData,
        home: LetterTemplate,
        english: LetterTemplate | None,
        scale: float,
    ) -> list[Paragraph]:
        """The 'use by' sentence under the PIN, in both languages on a bilingual letter
        (right to left, the English sentence is a paragraph of its own); it wraps (the box
        grows) rather than shrinks."""
        values = self.values(letter, home)
        width = self.width / 2 - 24
        style = Style(9.5, 12, INK, False, home.rtl).scaled(scale, READABLE)
        expiry_spans = spans(home.letter["pin_expires"], values)
        if english is None:
            return [layout(expiry_spans, style, width)]
        english_spans = spans(english.letter["pin_expires"], self.values(letter, english))
        if home.rtl:
            return [
                layout(expiry_spans, style, width),
                layout(english_spans, style.direction(False), width),
            ]
        return [layout([*expiry_spans, ("  ", False), *english_spans], style, width)]

    def _pin_frame(
        self,
        home: LetterTemplate,
        english: LetterTemplate | None,
        scale: float,
        height: float,
    ) -> Group:
        width = self.width
        half = width / 2
        rtl = home.rtl
        geometry = self._pin_geometry(home, english, scale)
        labels = geometry.labels
        # Right to left, the box is mirrored: the student on the right, the PIN on the left.
        student_x, pin_x = (half + 12, 24.0) if rtl else (18.0, half + 6)
        pin_box_x = 18.0 if rtl else half + 6

        def draw(canv: Canvas) -> None:
            canv.setFillColor(TINT)
            canv.roundRect(0, -height, width, height, 6, stroke=0, fill=1)
            canv.setFillColor(NAVY)
            canv.rect(width - 4 if rtl else 0, -height, 4, height, stroke=0, fill=1)
            align = "right" if rtl else "left"
            _stack(canv, labels["student_label"], student_x, -10 * scale, align)
            _stack(canv, labels["student_id_label"], student_x, -geometry.id_label_top, align)
            _stack(canv, labels["pin_label"], pin_x, -10 * scale, align)
            canv.setFillColor(WHITE)
            canv.setStrokeColor(NAVY)
            canv.setLineWidth(1.4)
            canv.roundRect(
                pin_box_x,
                -geometry.frame_top - geometry.frame_height,
                half - 24,
                geometry.frame_height,
                5,
                stroke=1,
                fill=1,
            )

        return Group(width, height, draw)

    def _pin_box(
        self,
        letter: LetterData,
        home: LetterTemplate,
        english: LetterTemplate | None,
        plan: _Plan,
        top: float,
    ) -> float:
        canv, x, scale = self.canv, MARGIN_X, plan.scale
        height = plan.box_height
        key = ("pinframe", home.language, english is not None, scale, round(height, 2))
        self.forms.place(key, lambda: self._pin_frame(home, english, scale, height), x, top)
        geometry = self._pin_geometry(home, english, scale)
        half = self.width / 2
        rtl = home.rtl
        values = self.values(letter, home)
        # At most two lines: a longer name is cut with "…" (the introduction above prints
        # it whole), never shrunk out of reach.
        name = _fit(values["student_name"], NAME.direction(rtl).scaled(scale), half - 30, 2)
        student_x = x + half + 12 if rtl else x + 18
        draw_paragraph(canv, name, student_x, top - geometry.name_top)
        student_id = clean(letter.student_id)
        size = 13 * scale
        canv.setFillColor(INK)
        canv.setFont(MONO_FONT, size)
        if rtl:  # the ID itself reads left to right, set against the right edge
            canv.drawRightString(x + self.width - 18, top - geometry.id_baseline, student_id)
        else:
            canv.drawString(x + 18, top - geometry.id_baseline, student_id)

        pin = clean(letter.pin_display)
        box_w = half - 24
        pin_size = 26 * scale
        spacing = 2.0 * scale
        pin_w = stringWidth(pin, MONO_FONT, pin_size) + spacing * (len(pin) - 1)
        if pin_w > box_w - 16:
            pin_size *= (box_w - 16) / pin_w
            pin_w = box_w - 16
        box_x = x + 18 if rtl else x + half + 6
        frame_bottom = geometry.frame_top + geometry.frame_height
        baseline = top - frame_bottom + (geometry.frame_height - pin_size * 0.72) / 2
        text = canv.beginText(box_x + (box_w - pin_w) / 2, baseline)
        text.setFont(MONO_FONT, pin_size)
        text.setCharSpace(spacing)
        text.setFillColor(NAVY)
        text.textOut(pin)
        # Character spacing is graphics state that outlives the text object: reset it.
        text.setCharSpace(0)
        canv.drawText(text)

        _stack(canv, plan.expiry, box_x, top - frame_bottom - 4 * scale)
        return top - height


def _nobreak(phone: str) -> str:
    """A phone number never breaks across lines."""
    return phone.replace(" ", "\u00a0")


def _height(paras: list[Paragraph]) -> float:
    return sum(p.height for p in paras)


def _stack(
    canv: Canvas, paras: list[Paragraph], x: float, top: float, align: str | None = None
) -> None:
    """Paragraphs one under the other; each in its own direction unless ``align``."""
    for para in paras:
        top = draw_paragraph(canv, para, x, top, align=align)


def _fit(text: str, style: Style, width: float, max_lines: int) -> Paragraph:
    """``text`` in at most ``max_lines`` lines at ``style``, the end cut with "…" if it is
    longer (the type is never made smaller)."""
    para = layout(text, style, width)
    if len(para.lines) <= max_lines:
        return para
    low, high = 0, len(text)
    while low < high:  # the longest beginning that fits with the mark
        middle = (low + high + 1) // 2
        if len(layout(text[:middle].rstrip() + "…", style, width).lines) <= max_lines:
            low = middle
        else:
            high = middle - 1
    return layout(text[:low].rstrip() + "…", style, width)


def logo_readable(path: Path) -> bool:
    """True if reportlab can read the logo image."""
    try:
        ImageReader(str(path)).getSize()
    except Exception:
        return False
    return True
