"""Hard names (every script, right to left, emoji, 128 characters) on real letters and
sign-out sheets, read back by poppler (pdftotext, pdftotext -bbox) and checked with
pdffonts. Integration tier: each test runs those programs (moved from
tests/unit/test_hard_names.py, which keeps the in-process rules and the helpers used here)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.letters import (
    LetterData,
    LetterOptions,
    render_letters,
    render_sign_out_sheets,
    unprintable,
)
from tests.unit.test_hard_names import (
    HARD_NAMES,
    LONG,
    SCHOOL,
    _letters,
    flat,
    letter,
    text_of,
)
from tests.unit.test_letters_render import fonts_table, needs_poppler


@needs_poppler
def test_every_hard_name_reads_back_from_letters_and_sheets(tmp_path: Path) -> None:
    out = tmp_path / "hard.pdf"
    result = render_letters(
        out, _letters(), school=SCHOOL, options=LetterOptions(sign_out_sheets=True)
    )
    # One sign-out sheet (one homeroom) then one page per letter.
    assert result.letters == len(HARD_NAMES)
    sheet = text_of(out, 1)
    for page, (label, guardian, first, last) in enumerate(HARD_NAMES, 2):
        page_text = text_of(out, page)
        assert flat(guardian) in page_text, label
        for part in (first, last):
            assert flat(part) in page_text, (label, part)
        if label != "long":  # the sheet cuts a 128-character name (the letter has it whole)
            assert flat(guardian) in sheet, label
    for row in fonts_table(out):
        assert row[-5] == "yes", row
    assert not any("Helvetica" in row[0] for row in fonts_table(out))


@needs_poppler
def test_standalone_sign_out_sheet_lists_every_script(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    render_sign_out_sheets(out, _letters(), school=SCHOOL, options=LetterOptions())
    sheet = text_of(out)
    for label, guardian, _, _ in HARD_NAMES:
        if label != "long":
            assert flat(guardian) in sheet, label


@needs_poppler
def test_emoji_is_left_out_and_an_all_emoji_name_prints_the_student_id(tmp_path: Path) -> None:
    assert unprintable("Maria 😀 López") == "😀"
    assert unprintable("محمد رضایی प्रिया") == ""
    out = tmp_path / "emoji.pdf"
    render_letters(
        out,
        [
            letter("Maria 😀 López", "Ana", "López", "0000000001"),
            letter("😀🎉", "Ana", "Ruiz", "0000000002"),
        ],
        school=SCHOOL,
        options=LetterOptions(sign_out_sheets=True),
    )
    assert "DearMariaLópez," in text_of(out, 2)
    assert "DearID0000000002," in text_of(out, 3)
    assert "ID0000000002" in text_of(out, 1)


@needs_poppler
def test_a_128_character_name_stays_inside_its_sign_out_row(tmp_path: Path) -> None:
    out = tmp_path / "long-sheet.pdf"
    letters = [
        letter(LONG, "Ana", "Abad", "0000000001"),
        letter("Rosa Díaz", "Eva", "Díaz", "0000000002"),
    ]
    render_sign_out_sheets(out, letters, school=SCHOOL, options=LetterOptions())
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    import re

    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes)
    rosa = next(float(y_min) for y_min, _, word in words if word == "Rosa")
    guadalupe = [float(y_max) for _, y_max, word in words if word.startswith("Guadalupe")]
    assert guadalupe and max(guadalupe) < rosa  # the long name ends above the next row
    assert "…" in boxes
    # Cut, not shrunk out of sight: nothing on the sheet is under 7 pt (it was 5 pt once).
    from tests.integration.test_letter_type_sizes import shown_sizes

    assert min(size for _, size, _ in shown_sizes(out)) >= 7.0 - 0.01


@needs_poppler
@pytest.mark.parametrize(
    ("language", "guardian", "phrase"),
    [("fa", "محمد رضایی", "پورتال والدین"), ("ar", "فاطمة الزهراء", "بوابة أولياء الأمور")],
)
@pytest.mark.parametrize("bilingual", [False, True])
def test_farsi_and_arabic_letters_are_laid_out_right_to_left(
    tmp_path: Path, language: str, guardian: str, phrase: str, bilingual: bool
) -> None:
    out = tmp_path / f"{language}.pdf"
    item = LetterData(
        guardian_name=guardian,
        student_first="علی",
        student_last="رضایی",
        student_id="0009579364",
        pin_display="K7Q-M4X-9PZ",
        pin_expires=date(2025, 3, 3),
        language=language,
        letter_date=date(2025, 2, 10),
    )
    result = render_letters(out, [item], school=SCHOOL, options=LetterOptions(bilingual=bilingual))
    assert result.pages == (2 if bilingual else 1)  # bilingual at 9 pt: two pages
    page = text_of(out)
    for expected in (guardian, phrase, "K7Q-M4X-9PZ", "0009579364", "(213)555-0142"):
        assert flat(expected) in page, expected
    assert "parentportalapp.lausd.net/parentaccess" in page
    if bilingual:
        assert "Twostepstogetstarted" in page
    # Mirrored: the PIN box on the left half, the Student ID and the greeting on the right.
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    import re

    def x_of(word: str) -> tuple[float, float]:
        found = re.search(
            rf'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">{word}<', boxes
        )
        assert found, word
        return float(found.group(1)), float(found.group(2))

    width = 612
    assert x_of("K7Q-M4X-9PZ")[1] < width / 2
    assert x_of("0009579364")[0] > width / 2
    assert x_of("0009579364")[1] > width - 80  # set against the right margin
