"""Right-to-left line breaking and ordering on the letters: bracketed groups, a salutation
with a right-to-left name in a left-to-right line, web addresses and PINs that never break.

Lines are read as laid out (``Paragraph.lines``, visual order, left to right), folded with
NFKC so Arabic presentation forms compare with the letters typed.
"""

from __future__ import annotations

import unicodedata

import pytest

from ppdesk.adapters.letters.fonts import register_all
from ppdesk.adapters.letters.page import BODY
from ppdesk.adapters.letters.shaping import visual_word
from ppdesk.adapters.letters.templates import load_templates
from ppdesk.adapters.letters.typeset import Paragraph, layout, spans
from ppdesk.domain.letters import DEFAULT_DISTRICT_HELP_PHONE, DEFAULT_PORTAL_URL

# A bilingual letter's column: (504 pt of text - 18 pt gutter) / 2.
COLUMN = (504 - 18) / 2
VALUES = {
    "school_name": "Ramona Heights Elementary School",
    "school_phone": "(213)\u00a0555-0142",
    "principal_name": "Dr. Adaeze Okafor",
    "portal_url": DEFAULT_PORTAL_URL,
    "district_help_phone": DEFAULT_DISTRICT_HELP_PHONE.replace(" ", "\u00a0"),
}


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    register_all()


def lines_of(para: Paragraph) -> list[str]:
    return [
        unicodedata.normalize("NFKC", "".join(r.text for r in line.runs)) for line in para.lines
    ]


def seen(word: str) -> str:
    """A right-to-left word as drawn (left to right), folded."""
    return unicodedata.normalize("NFKC", visual_word(word))


@pytest.mark.parametrize("language", ["fa", "ar"])
@pytest.mark.parametrize("width", [COLUMN, COLUMN - 20, COLUMN + 30, 504])
def test_a_bracketed_group_is_never_split_across_right_to_left_lines(
    language: str, width: float
) -> None:
    # "(Office of Parent and Community Services)" in the help text: "(" ended one line and
    # ")" began the next on the bilingual Farsi letter.
    template = load_templates()[language]
    style = BODY.direction(True)
    para = layout(spans(template.letter["help_body"], VALUES), style, width)
    lines = lines_of(para)
    assert any("Office of Parent and Community Services" in line for line in lines), lines
    for line in lines:
        assert line.count("(") == line.count(")"), lines


def test_a_group_wider_than_the_line_still_breaks() -> None:
    text = "این (" + " ".join(["Office of Parent"] * 12) + ") است"
    para = layout(text, BODY.direction(True), 200)
    assert len(para.lines) > 3
    assert all(line.width <= 200 + 0.01 for line in para.lines)


def test_salutation_with_a_right_to_left_name_in_a_left_to_right_line() -> None:
    # "Dear" first, then the name as one right-to-left run (its first word on the right),
    # the comma after it on the right side.
    para = layout("Dear محمد رضایی,", BODY, 400)
    assert lines_of(para) == [f"Dear {seen('رضایی')} {seen('محمد')},"]
    para = layout("Dear فاطمة الزهراء,", BODY, 400)
    assert lines_of(para) == [f"Dear {seen('الزهراء')} {seen('فاطمة')},"]


@pytest.mark.parametrize(
    ("name", "drawn"),
    [
        # Brackets inside the right-to-left name are part of it and drawn mirrored
        # (UAX #9, N0): "(علی)" stays a bracketed word, left of "رضایی" when it follows it.
        ("محمد رضایی (علی)", "({a}) {r} {m}"),
        ("محمد (علی) رضایی", "{r} ({a}) {m}"),
        # A bracket after a left-to-right word belongs to the left-to-right line.
        ("(محمد رضایی)", "({r} {m})"),
    ],
)
def test_salutation_with_brackets_in_a_right_to_left_name(name: str, drawn: str) -> None:
    para = layout(f"Dear {name},", BODY, 400)
    expected = drawn.format(a=seen("علی"), r=seen("رضایی"), m=seen("محمد"))
    assert lines_of(para) == [f"Dear {expected},"]


@pytest.mark.parametrize("language", ["fa", "ar", "en"])
@pytest.mark.parametrize("rtl_width", [COLUMN - 24, COLUMN - 40, 300])
def test_the_portal_address_never_breaks(language: str, rtl_width: float) -> None:
    # The step's text beside its badge in a bilingual column is 219 pt; the address in bold
    # 10 pt is 240 pt: it used to break after "lausd.net/" (and read backwards right to
    # left). It now takes a line of its own, condensed to the line's width.
    template = load_templates()[language]
    style = BODY.direction(template.rtl)
    para = layout(spans(template.letter["step1_body"], VALUES), style, rtl_width)
    lines = lines_of(para)
    assert sum(DEFAULT_PORTAL_URL in line for line in lines) == 1, lines
    assert all(line.width <= rtl_width + 0.01 for line in para.lines)
    condensed = {getattr(r, "condensed", 1.0) for line in para.lines for r in line.runs}
    assert min(condensed) >= 0.8  # typeset.CONDENSE_MIN


def test_an_email_address_a_pin_and_an_id_never_break() -> None:
    for token in ("ana.rodriguez-villanueva@example.org", "K7Q-M4X-9PZ", "0009579364"):
        width = layout(token, BODY, 1000).lines[0].width
        para = layout(f"الرمز {token} هنا", BODY.direction(True), width * 0.9)
        assert sum(token in line for line in lines_of(para)) == 1, token
