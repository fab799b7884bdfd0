"""The PDF letters read back by other programs: poppler's pdftotext, pdffonts and pdftoppm,
and zbarimg for the QR code. Integration tier: each test renders real letters and runs
those programs on them (moved from tests/unit/test_letters_render.py, which keeps the
renderer's in-process tests and the helpers used here)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppdesk.adapters.letters import (
    LetterOptions,
    render_letters,
    render_sign_out_sheets,
)
from tests.unit.test_letters_render import (
    CASES,
    EXPECTED_NAME,
    PORTAL,
    SCHOOL,
    fonts_table,
    letter,
    needs_poppler,
    pdftotext,
    squash,
)


@needs_poppler
@pytest.mark.parametrize(("language", "guardian", "first", "last", "phrase"), CASES)
def test_letter_in_every_language_reads_back(
    tmp_path: Path, language: str, guardian: str, first: str, last: str, phrase: str
) -> None:
    out = tmp_path / f"{language}.pdf"
    result = render_letters(
        out, [letter(language, guardian, first, last)], school=SCHOOL, options=LetterOptions()
    )
    assert (result.pages, result.letters, result.cancelled) == (1, 1, False)
    text = pdftotext(out)
    flat = squash(text)
    student = EXPECTED_NAME.get(language, f"{first} {last}")
    for expected in (guardian, student, "0001234567", "K7Q-M4X-9PZ", phrase, PORTAL):
        assert squash(expected) in flat, (language, expected)
    assert "Ramona Heights Elementary School" in text
    assert "(213) 555-0142" in text.replace("\u00a0", " ")
    # Every font is embedded (subset): nothing relies on the printer's fonts.
    table = fonts_table(out)
    assert table
    for row in table:
        assert row[-5] == "yes", row  # emb
    assert not any("Helvetica" in row[0] for row in table)


@needs_poppler
def test_many_letters_one_page_each_and_pypdf_reads_them(tmp_path: Path) -> None:
    out = tmp_path / "batch.pdf"
    letters = [
        letter(student_id=f"{n:010d}", pin=f"AB{n % 10}-CDE-FGH", first=f"Student{n}")
        for n in range(1, 31)
    ]
    seen: list[tuple[int, int | None]] = []
    result = render_letters(
        out,
        letters,
        school=SCHOOL,
        options=LetterOptions(),
        total=30,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.pages == 30 and result.letters == 30
    assert seen == [(n, 30) for n in range(1, 31)]
    reader = PdfReader(out)
    assert len(reader.pages) == 30
    page7 = reader.pages[6].extract_text()
    assert "0000000007" in page7 and "Student7" in page7 and "AB7-CDE-FGH" in page7
    assert "0000000008" not in page7
    # US Letter by default.
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    # The PIN is on the page, never in the document information.
    assert "AB7" not in str(reader.metadata)


@needs_poppler
def test_bilingual_letter_flows_onto_two_pages(tmp_path: Path) -> None:
    # Side by side at 9 pt or more does not fit on one sheet: the letter continues on a
    # second page (issue 18, point 4; it used to shrink to 7.5 pt to stay on one).
    out = tmp_path / "bi.pdf"
    letters = [letter(code, g, f, last) for code, g, f, last, _ in CASES]
    result = render_letters(out, letters, school=SCHOOL, options=LetterOptions(bilingual=True))
    # English stays one page; every other language takes two.
    assert result.pages == 1 + 2 * (len(CASES) - 1)
    assert len(PdfReader(out).pages) == result.pages
    spanish = squash(pdftotext(out, page=2))
    assert squash("Dos pasos para comenzar") in spanish
    assert squash("Two steps to get started") in spanish
    assert "K7Q-M4X-9PZ" in spanish
    spanish_2 = squash(pdftotext(out, page=3))
    assert squash("¿Necesita ayuda?") in spanish_2 and squash("Need help?") in spanish_2
    assert "K7Q-M4X-9PZ" not in spanish_2 and squash("José Núñez") in spanish_2
    korean = squash(pdftotext(out, page=4))
    assert squash("두 단계로 시작하기") in korean and squash("Register for an account") in korean


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
@needs_poppler
def test_qr_code_holds_the_portal_url_and_never_the_pin(tmp_path: Path) -> None:
    out = tmp_path / "qr.pdf"
    render_letters(out, [letter()], school=SCHOOL, options=LetterOptions())
    # Grey PGM: zbar scans 8-bit grey whatever the file, and PNG compression is slow.
    subprocess.run(["pdftoppm", "-r", "150", "-gray", str(out), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.pgm"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--nodbus", "--raw", str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == PORTAL


@needs_poppler
def test_logo_is_drawn(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (27, 58, 94)).save(logo)
    out = tmp_path / "logo.pdf"
    render_letters(
        out, [letter(), letter()], school=replace(SCHOOL, logo_path=logo), options=LetterOptions()
    )
    listing = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    )
    rows = [line for line in listing.stdout.splitlines()[2:] if line.strip()]
    assert len(rows) == 2  # drawn on both pages, stored once (one object)
    assert len({row.split()[10] for row in rows}) == 1


@needs_poppler
def test_sign_out_sheets_before_each_homeroom(tmp_path: Path) -> None:
    out = tmp_path / "bulk.pdf"
    letters = [letter(homeroom="12", first=f"Ana{n}") for n in range(3)] + [
        letter(homeroom="14", first="Boris", pin="ZZZ-ZZZ-ZZZ")
    ]
    result = render_letters(
        out, letters, school=SCHOOL, options=LetterOptions(sign_out_sheets=True)
    )
    assert result.letters == 4 and result.pages == 6
    sheet = pdftotext(out, page=1)
    assert "Homeroom 12" in sheet and "Signature" in sheet and "Ana2" in sheet
    assert "Boris" not in sheet
    assert "K7Q" not in sheet  # a sheet never shows a PIN
    assert "Homeroom 14" in pdftotext(out, page=5)
    assert "ZZZ-ZZZ-ZZZ" in pdftotext(out, page=6)


@needs_poppler
def test_standalone_sign_out_sheets_group_and_paginate(tmp_path: Path) -> None:
    out = tmp_path / "sheets.pdf"
    letters = [letter(homeroom="7", first=f"Kid{n:02d}", last="Zed") for n in range(40)]
    letters.append(letter(homeroom="3", first="Ana", last="Alpha"))
    done: list[tuple[int, int | None]] = []
    result = render_sign_out_sheets(
        out,
        letters,
        school=SCHOOL,
        options=LetterOptions(),
        progress=lambda a, b: done.append((a, b)),
    )
    assert result.letters == 41 and result.pages == len(PdfReader(out).pages) >= 3
    assert done == [(1, 2), (2, 2)]
    first = pdftotext(out, page=1)
    assert "Homeroom 3" in first and "Page 1 of 1" in first
    whole = pdftotext(out)
    assert "K7Q" not in whole
    assert "Kid39" in whole and "Page 2 of 2" in whole


@needs_poppler
@pytest.mark.parametrize("bilingual", [False, True])
def test_longest_names_still_fit_inside_the_page(tmp_path: Path, bilingual: bool) -> None:
    out = tmp_path / "long.pdf"
    long_school = replace(
        SCHOOL,
        name="Dr. Maya Angelou Community Senior High School of Science, Technology and the Arts",
        address_lines=("12345 South Very Long Boulevard Name, Building C, Room 101", "Los Angeles"),
    )
    guardian = "Guadalupe Esperanza " * 5
    letters = [
        letter(code, guardian.strip(), "Maximiliano Alejandro " * 2, "de la Cruz Villanueva " * 2)
        for code in ("es", "hy", "ru")
    ]
    result = render_letters(
        out, letters, school=long_school, options=LetterOptions(bilingual=bilingual)
    )
    # A letter that does not fit at 9 pt flows onto a second page rather than shrinking.
    assert result.pages >= 3 and len(PdfReader(out).pages) == result.pages
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', boxes)
    assert words
    for y_min, x_max, y_max, word in words:
        assert float(y_min) > 20 and float(y_max) < 792 - 20, word
        assert float(x_max) < 612 - 30, word
    # The closing is still there on every page: nothing was pushed off the sheet.
    assert boxes.count("Okafor") >= 3
