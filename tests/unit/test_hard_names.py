"""Names in any script print: letters, sign-out sheets (and, in test_report_writers, reports).

The letters and sheets are rendered and each name read back with pdftotext in
tests/integration/test_hard_names_readback.py (it runs poppler); the rules tested here
run in process. Arabic and Persian come back in their joined
presentation forms (NFKC folds them to the letters typed); Devanagari conjuncts come back
through the /ActualText the renderer writes around shaped glyphs. A name with characters no
shipped font has (an emoji) prints without them, or as the Student ID if nothing is left.
"""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.letters import (
    LetterData,
    SchoolLetterhead,
    unprintable,
)
from ppdesk.adapters.letters.shaping import reorder, visual_word, word_pieces

SCHOOL = SchoolLetterhead(
    name="Ramona Heights Elementary School",
    address_lines=("1234 Example Avenue",),
    phone="(213) 555-0142",
    principal="Dr. Adaeze Okafor",
)
LONG = ("Guadalupe Esperanza Maximiliana " * 5)[:128].strip()

# (label, guardian, student first, student last)
HARD_NAMES = [
    ("persian", "محمد رضایی", "علی", "رضایی"),
    ("arabic", "فاطمة الزهراء", "ليلى", "حسن"),
    ("hebrew", "שרה כהן", "דוד", "כהן"),
    ("devanagari", "प्रिया शर्मा", "अर्जुन", "शर्मा"),
    ("thai", "สมชาย ใจดี", "อนงค์", "ใจดี"),
    ("hangul", "김서연", "민준", "김"),
    ("armenian", "Անահիտ Պետրոսյան", "Արամ", "Պետրոսյան"),
    ("chinese", "王美玲", "小明", "王"),
    ("vietnamese", "Nguyễn Thị Hương Ẩn", "Phạm Quỳnh", "Ngữ"),
    ("long", LONG, "Maximiliano", "Villanueva"),
]


def letter(guardian: str, first: str, last: str, student_id: str) -> LetterData:
    return LetterData(
        guardian_name=guardian,
        student_first=first,
        student_last=last,
        student_id=student_id,
        pin_display="K7Q-M4X-9PZ",
        pin_expires=date(2025, 3, 3),
        language="en",
        letter_date=date(2025, 2, 10),
        homeroom="12",
        grade="3",
    )


def text_of(path: Path, page: int | None = None) -> str:
    """pdftotext's words, folded (NFKC), without bidi marks and spaces."""
    args = ["pdftotext"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    text = unicodedata.normalize("NFKC", out.stdout)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _letters() -> list[LetterData]:
    return [
        letter(guardian, first, last, f"00000000{index:02d}")
        for index, (_, guardian, first, last) in enumerate(HARD_NAMES)
    ]


def test_right_to_left_words_are_joined_and_reversed() -> None:
    # Alef-lam-yeh... the visual form starts with the last letter's final form.
    shown = visual_word("علی")
    assert shown[0] == "\ufef0" or unicodedata.normalize("NFKC", shown[0]) == "ی"
    assert unicodedata.normalize("NFKC", shown) == "یلع"
    # Hebrew is only reversed; digits inside keep their order.
    assert visual_word("כהן") == "ןהכ"
    assert visual_word("שנת2025") == "2025תנש"
    # Trailing punctuation of a left-to-right line stays after the word.
    assert [k for _, k in word_pieces("רות,", False)] == ["R", "N"]
    assert [k for _, k in word_pieces("רות,", True)] == ["R"]


def test_line_order() -> None:
    # Left-to-right paragraph: only the right-to-left stretch is reversed.
    assert reorder(["L", "S", "R", "S", "R", "N"], False) == [0, 1, 4, 3, 2, 5]
    # Right-to-left paragraph: all reversed, a phone number kept in reading order.
    assert reorder(["R", "S", "N", "S", "N"], True) == [2, 3, 4, 1, 0]


@pytest.mark.parametrize("name", ["محمد رضایی", "प्रिया शर्मा", "שרה כהן", "สมชาย ใจดี"])
def test_shipped_fonts_cover_the_scripts(name: str) -> None:
    assert unprintable(name) == ""


def test_one_expiry_date_everywhere_and_no_double_period() -> None:
    # The letter says "use by" the day before the PIN stops; the roster, its export, the
    # outreach report and the desk show that same day (domain.letters.use_by_day).
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from ppdesk.adapters.letters.templates import load_templates, substitute
    from ppdesk.domain.letters import use_by_day
    from ppdesk.domain.reports import OutreachRow
    from ppdesk.services.letter_selection import last_valid_day
    from ppdesk.services.report_tables import outreach_line

    zone = ZoneInfo("America/Los_Angeles")
    stops = datetime(2026, 12, 23, 18, 30, tzinfo=UTC)
    day = use_by_day(stops, zone)
    assert (stops.astimezone(zone).date() - day).days == 1
    assert last_valid_day(stops, zone) == day
    row = OutreachRow(
        link_id=1,
        school_code="1001",
        student_id="123",
        student_name="Ana",
        grade="4",
        homeroom=None,
        guardian_name="Eva",
        relationship=None,
        verified_legal_guardian=True,
        pin_status="active",
        pin_issued=stops,
        pin_expires=stops,
        reason="",
        phone=None,
        preferred_language=None,
        email=None,
    )
    assert day in outreach_line(row, zone)
    for code, template in load_templates().items():
        text = substitute(
            template.letter["pin_expires"], {"pin_expires": template.format_date(day)}
        ).replace("**", "")
        assert ".." not in text and ".։" not in text and ". " + "." not in text, code


# What each language's 'use by' sentence says for "by" (the last day included), and the
# "before" wording it replaced (issue 18, point 4): the day printed is the last usable one.
USE_BY = {
    "en": ("Use this PIN by", "before"),
    "es": ("a más tardar el", "antes del"),
    "vi": ("chậm nhất vào", "trước"),
    "zh": ("最遲於", "前使用"),
    "ru": ("не позднее", "PIN-код до"),
    "hy": ("ներառյալ", None),
    "ko": ("까지", "이전"),
    "tl": ("hanggang", "bago ang"),
    "fa": ("تا", "قبل از"),
    "ar": ("في موعد أقصاه", "قبل"),
}


def test_every_use_by_sentence_says_by_not_before() -> None:
    from ppdesk.adapters.letters.templates import load_templates

    templates = load_templates()
    assert set(templates) == set(USE_BY)
    for code, template in templates.items():
        by, before = USE_BY[code]
        text = template.letter["pin_expires"]
        assert by in text, code
        assert before is None or before not in text, code
