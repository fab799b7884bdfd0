"""One PIN letter page: letterhead, greeting, the PIN box, the steps, help and the QR code.

Everything that is the same on every page of a language (letterhead, headings, the steps,
help, the personal-PIN note, the QR code) is a ``Group`` placed through the ``FormCache``;
only the date, the names, the Student ID, the PIN and its expiry are drawn per page. If a
school's edited wording makes the page too long, the text is set a little smaller until it
fits (down to 70 %), so a letter is always one page.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128
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
    SMALL,
    SUBJECT,
    TINT,
    WHITE,
    clean,
    full_name,
)
from ppdesk.adapters.letters.templates import LetterTemplate
from ppdesk.adapters.letters.typeset import Paragraph, Style, draw_paragraph, layout, spans

SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7)


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

    def draw(self, letter: LetterData, language: str) -> None:
        """Draw one letter on the current page (the caller ends the page)."""
        home = self.templates[language]
        english = self.templates["en"] if self.bilingual and language != "en" else None
        room = self.page_h - MARGIN_TOP - MARGIN_BOTTOM
        # Start at the scale the previous letter of this language needed: usually it fits
        # and one larger does not, so a page is planned twice, not up to seven times.
        index = self._scale_hint.get(language, 0)
        plan = self._plan(letter, home, english, SCALES[index])
        if plan[0] <= room:
            while index > 0:
                bigger = self._plan(letter, home, english, SCALES[index - 1])
                if bigger[0] > room:
                    break
                index, plan = index - 1, bigger
        else:
            while plan[0] > room and index < len(SCALES) - 1:
                index += 1
                plan = self._plan(letter, home, english, SCALES[index])
        self._scale_hint[language] = index
        self._paint(letter, home, english, SCALES[index], plan[1])

    def _intro(
        self, letter: LetterData, template: LetterTemplate, width: float, scale: float
    ) -> tuple[Paragraph, Paragraph]:
        values = self.values(letter, template)
        body = BODY.direction(template.rtl).scaled(scale)
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
    ) -> tuple[float, list[tuple[Paragraph, Paragraph]]]:
        """Total height of the page at ``scale`` and the laid-out per-letter paragraphs."""
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
        fixed = (
            self._letterhead(home).height
            + 16
            + BODY.leading * scale
            + self._subject(home, english, scale).height
            + intro_h
            + self._pin_box_height(scale)
            + 14 * scale
            + self._tail(home, english, scale).height
        )
        return fixed, intros

    def _paint(
        self,
        letter: LetterData,
        home: LetterTemplate,
        english: LetterTemplate | None,
        scale: float,
        intros: list[tuple[Paragraph, Paragraph]],
    ) -> None:
        canv, forms, x = self.canv, self.forms, MARGIN_X
        y = self.page_h - MARGIN_TOP
        y -= forms.place(("head", home.language), lambda: self._letterhead(home), x, y) + 16
        date = layout(
            home.format_date(letter.letter_date), BODY.direction(home.rtl).scaled(scale), self.width
        )
        # The date faces the letterhead's opposite side: right, or left right to left.
        y = draw_paragraph(canv, date, x, y, align="left" if home.rtl else "right")
        key = ("subject", home.language, english is not None, scale)
        y -= forms.place(key, lambda: self._subject(home, english, scale), x, y)
        column = (self.width - 18) / 2
        bottoms = []
        for index, (greeting, intro) in enumerate(intros):
            # The home language reads first: the right column on a right-to-left page.
            side = 1 - index if home.rtl and len(intros) == 2 else index
            left = x + side * (column + 18)
            bottom = draw_paragraph(canv, greeting, left, y)
            bottoms.append(draw_paragraph(canv, intro, left, bottom - 2 * scale))
        y = min(bottoms) - 4 * scale
        y = self._pin_box(letter, home, english, scale, y) - 14 * scale
        key = ("tail", home.language, english is not None, scale)
        forms.place(key, lambda: self._tail(home, english, scale), x, y)
        if letter.letter_number:
            self._staff_corner(letter.letter_number, home)

    def _staff_corner(self, number: str, template: LetterTemplate) -> None:
        """The letter number as text and Code 128 barcode in the bottom right corner, below
        the letter's text: the office scans or types it at the hand-over. It names the
        letter only; it is not the PIN and says nothing about it."""
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
            clean(school.district_name).upper(), Style(7.5, 10, GREY, True, rtl), text_w
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
                    SUBJECT.direction(rtl).scaled(scale),
                    self.width,
                )
            ]
            if english is not None:
                paras.append(
                    layout(
                        spans(english.letter["subject"], {}),
                        Style(10.5, 14, GREY, True).scaled(scale),
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

    def _tail(self, home: LetterTemplate, english: LetterTemplate | None, scale: float) -> Group:
        key = ("tail-g", home.language, english is not None, scale)
        return self.forms.group(key, lambda: build_tail(self, home, english, scale))

    # ----------------------------------------------------------------- the PIN box

    def _pin_box_height(self, scale: float) -> float:
        return 108 * scale

    def _label(self, home: LetterTemplate, english: LetterTemplate | None, key: str) -> str:
        text = home.letter[key]
        # "Número del estudiante (Student ID)" already says it in English.
        if english is not None and english.letter[key] not in text:
            text += "  ·  " + english.letter[key]
        return text.replace("**", "")

    def _pin_frame(
        self, home: LetterTemplate, english: LetterTemplate | None, scale: float
    ) -> Group:
        width, height = self.width, self._pin_box_height(scale)
        half = width / 2
        rtl = home.rtl
        labels = {
            key: layout(
                self._label(home, english, key), LABEL.direction(rtl).scaled(scale), half - 30
            )
            for key in ("student_label", "student_id_label", "pin_label")
        }
        # Right to left, the box is mirrored: the student on the right, the PIN on the left.
        student_x, pin_x = (half + 12, 24.0) if rtl else (18.0, half + 6)
        pin_box_x = 18.0 if rtl else half + 6

        def draw(canv: Canvas) -> None:
            canv.setFillColor(TINT)
            canv.roundRect(0, -height, width, height, 6, stroke=0, fill=1)
            canv.setFillColor(NAVY)
            canv.rect(width - 4 if rtl else 0, -height, 4, height, stroke=0, fill=1)
            draw_paragraph(canv, labels["student_label"], student_x, -12 * scale)
            draw_paragraph(canv, labels["student_id_label"], student_x, -66 * scale)
            draw_paragraph(canv, labels["pin_label"], pin_x, -12 * scale)
            canv.setFillColor(WHITE)
            canv.setStrokeColor(NAVY)
            canv.setLineWidth(1.4)
            canv.roundRect(pin_box_x, -70 * scale, half - 24, 44 * scale, 5, stroke=1, fill=1)

        return Group(width, height, draw)

    def _pin_box(
        self,
        letter: LetterData,
        home: LetterTemplate,
        english: LetterTemplate | None,
        scale: float,
        top: float,
    ) -> float:
        canv, x = self.canv, MARGIN_X
        key = ("pinframe", home.language, english is not None, scale)
        self.forms.place(key, lambda: self._pin_frame(home, english, scale), x, top)
        half = self.width / 2
        rtl = home.rtl
        values = self.values(letter, home)
        name_w = half - 30
        name = _fit(values["student_name"], Style(14, 18, INK, True, rtl).scaled(scale), name_w, 2)
        student_x = x + half + 12 if rtl else x + 18
        draw_paragraph(canv, name, student_x, top - 24 * scale)
        student_id = clean(letter.student_id)
        size = 13 * scale
        canv.setFillColor(INK)
        canv.setFont(MONO_FONT, size)
        if rtl:  # the ID itself reads left to right, set against the right edge
            canv.drawRightString(x + self.width - 18, top - 91 * scale, student_id)
        else:
            canv.drawString(x + 18, top - 91 * scale, student_id)

        pin = clean(letter.pin_display)
        box_w = half - 24
        pin_size = 26 * scale
        spacing = 2.0 * scale
        pin_w = stringWidth(pin, MONO_FONT, pin_size) + spacing * (len(pin) - 1)
        if pin_w > box_w - 16:
            pin_size *= (box_w - 16) / pin_w
            pin_w = box_w - 16
        box_x = x + 18 if rtl else x + half + 6
        text = canv.beginText(box_x + (box_w - pin_w) / 2, top - 57 * scale)
        text.setFont(MONO_FONT, pin_size)
        text.setCharSpace(spacing)
        text.setFillColor(NAVY)
        text.textOut(pin)
        # Character spacing is graphics state that outlives the text object: reset it.
        text.setCharSpace(0)
        canv.drawText(text)

        expiry_spans = spans(home.letter["pin_expires"], values)
        if english is not None:
            en_values = self.values(letter, english)
            expiry_spans += [("  ", False), *spans(english.letter["pin_expires"], en_values)]
        # 9 pt: a parent must read it (a bilingual pair may still be set smaller to fit).
        expiry = _fit(expiry_spans, Style(9, 11, INK, False, rtl).scaled(scale), box_w, 3)
        draw_paragraph(canv, expiry, box_x, top - 74 * scale)
        return top - self._pin_box_height(scale)


def _nobreak(phone: str) -> str:
    """A phone number never breaks across lines."""
    return phone.replace(" ", "\u00a0")


def _fit(
    text: str | list[tuple[str, bool]], style: Style, width: float, max_lines: int
) -> Paragraph:
    """Lay out ``text`` in at most ``max_lines`` lines, shrinking the type if needed."""
    para = layout(text, style, width)
    while len(para.lines) > max_lines and style.size > 6:
        style = style.scaled(0.92)
        para = layout(text, style, width)
    return para


def logo_readable(path: Path) -> bool:
    """True if reportlab can read the logo image."""
    try:
        ImageReader(str(path)).getSize()
    except Exception:
        return False
    return True
