"""A machine reader for the Farsi and Arabic letters: Tesseract OCR reads them back.

No native reader of Persian or Arabic checks the letters here, so this is the best honest
automated check: the page is rendered to PNG at 300 dpi (pdftoppm) and read by Tesseract 5
with its Persian (``fas``) or Arabic (``ara``) model. The reader sees only the pixels: a
word drawn unjoined, in the wrong order or with letters missing is not read back. For each
paragraph of the template (the greeting with the guardian's name, the introduction, the
portal steps, help, the note, the closing), its Persian/Arabic words must be found in the
OCR text *in the order they are written* (longest common subsequence of words, so a line
laid out backwards scores low).

Measured (Tesseract 5.3.0, Debian bookworm models, the letters of this file, 2026-12-03):
Farsi 0.996 and Arabic 0.962 of the words read back in order; the same OCR text with each
line's words in the reverse order (what a left-to-right layout of right-to-left lines would
give) scores 0.463 and 0.346. The threshold, 0.85, sits between with room for OCR noise
(Arabic misses about one word in 25 today). The greeting line, the first thing a parent
reads, must come back whole.

Slow (about a minute of OCR): runs when PPDESK_RUN_SLOW=1, as in CI. Needs the Debian
packages tesseract-ocr, tesseract-ocr-fas and tesseract-ocr-ara (.ci/run installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.letters import LetterData, LetterOptions, SchoolLetterhead, render_letters
from ppdesk.adapters.letters.templates import load_templates, substitute

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("PPDESK_RUN_SLOW") != "1", reason="set PPDESK_RUN_SLOW=1 (OCR)"
    ),
]

THRESHOLD = 0.85
SCHOOL = SchoolLetterhead(
    name="Ramona Heights Elementary School",
    address_lines=("1234 Example Avenue",),
    phone="(213) 555-0142",
    principal="Dr. Adaeze Okafor",
)
# (language, Tesseract model, guardian, student first, student last)
LETTERS = {
    "fa": ("fas", "محمد رضایی", "علی", "رضایی"),
    "ar": ("ara", "فاطمة الزهراء", "ليلى", "حسن"),
}
# The paragraphs a parent reads, in page order.
KEYS = (
    "greeting",
    "intro",
    "pin_expires",
    "steps_heading",
    "step1_title",
    "step1_body",
    "email_tip",
    "step2_title",
    "step2_body",
    "help_heading",
    "help_body",
    "personal_heading",
    "personal_note",
    "closing",
)
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")
# Spellings OCR and typists use interchangeably: Arabic and Persian yeh and kaf, alef forms,
# teh marbuta and heh, hamza seats.
_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي -> ی
        "\u0649": "\u06cc",  # ى -> ی
        "\u0643": "\u06a9",  # ك -> ک
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u06cc",  # ئ -> ی
    }
)


def words(text: str) -> list[str]:
    """The Arabic-script words of ``text``, folded: NFKC (presentation forms to letters),
    no harakat, tatweel or zero-width (non-)joiners, one spelling of yeh/kaf/alef."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        " " if c in "\u200c\u200d" else c
        for c in text
        if unicodedata.category(c) != "Mn" and c != "\u0640"
    ).translate(_FOLD)
    out = []
    for token in re.split(r"[^\w]+", text):
        letters = "".join(_ARABIC_LETTER.findall(token))
        if letters and len(letters) == len(token):
            out.append(letters)
    return out


def in_order(expected: list[str], seen: list[str]) -> int:
    """How many of ``expected`` appear in ``seen`` in the same order (longest common
    subsequence of words)."""
    previous = [0] * (len(seen) + 1)
    for word in expected:
        current = [0]
        for index, other in enumerate(seen):
            current.append(
                previous[index] + 1 if word == other else max(previous[index + 1], current[-1])
            )
        previous = current
    return previous[-1]


def ocr(path: Path, model: str) -> str:
    png = path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(path), str(png)],
                   check=True)  # fmt: skip
    image = next(path.parent.glob(png.name + "-*.png"))
    out = subprocess.run(
        ["tesseract", str(image), "-", "-l", model, "--psm", "3"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def expected_paragraphs(language: str, guardian: str, first: str, last: str) -> list[list[str]]:
    template = load_templates()[language]
    values = {
        "guardian_name": guardian,
        "student_name": f"{first} {last}",
        "student_first": first,
        "student_last": last,
        "school_name": SCHOOL.name,
        "school_phone": SCHOOL.phone,
        "principal_name": SCHOOL.principal,
        "portal_url": SCHOOL.portal_url,
        "district_help_phone": SCHOOL.district_help_phone,
        "pin_expires": template.format_date(date(2025, 3, 3)),
        "student_id": "0009579364",
    }
    return [words(substitute(template.letter[key], values).replace("**", "")) for key in KEYS]


def reversed_lines(text: str) -> str:
    """The OCR text with each line's words in the reverse order: what a reader would get
    from a right-to-left line laid out left to right (the negative control)."""
    return "\n".join(" ".join(reversed(line.split())) for line in text.splitlines())


def score(paragraphs: list[list[str]], text: str) -> float:
    seen = words(text)
    found = sum(in_order(p, seen) for p in paragraphs)
    return found / sum(len(p) for p in paragraphs)


@pytest.mark.parametrize("language", sorted(LETTERS))
def test_the_letter_reads_back_in_order(tmp_path: Path, language: str) -> None:
    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        pytest.fail("tesseract and pdftoppm are needed (apt: tesseract-ocr, poppler-utils)")
    model, guardian, first, last = LETTERS[language]
    out = tmp_path / f"{language}.pdf"
    item = LetterData(
        guardian_name=guardian,
        student_first=first,
        student_last=last,
        student_id="0009579364",
        pin_display="K7Q-M4X-9PZ",
        pin_expires=date(2025, 3, 3),
        language=language,
        letter_date=date(2025, 2, 10),
    )
    render_letters(out, [item], school=SCHOOL, options=LetterOptions())
    text = ocr(out, model)
    paragraphs = expected_paragraphs(language, guardian, first, last)
    ratio = score(paragraphs, text)
    control = score(paragraphs, reversed_lines(text))
    print(
        f"{language}: {ratio:.3f} of the words read back in order (reversed lines: {control:.3f})"
    )
    assert ratio >= THRESHOLD, (ratio, text)
    assert control < THRESHOLD - 0.3, control  # the measure does see the order
    # The greeting line (the guardian's name and the salutation word) comes back whole.
    greeting = paragraphs[0]
    seen = words(text)
    assert any(seen[i : i + len(greeting)] == greeting for i in range(len(seen))), (greeting, text)
