"""Bulk letters (issue 14): the activation sentence in every language, never the counter
letter's "thank you for verifying"; the letter number as text and Code 128 barcode in the
staff corner (zbarimg on a 200 dpi render), never the PIN; the sign-out sheet's columns."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from ppdesk.adapters.letters import LetterOptions, render_letters
from ppdesk.adapters.letters.templates import TemplateError, load_template, load_templates
from ppdesk.domain.letter_number import generate_letter_number
from tests.unit.test_letters_render import CASES, SCHOOL, letter

needs_tools = pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("pdftotext", "pdftoppm", "zbarimg")),
    reason="poppler-utils and zbar-tools are needed",
)
TEMPLATES = load_templates()
LANGUAGES = sorted(TEMPLATES)


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).replace("**", "").split())


def first_sentence(text: str) -> str:
    from ppdesk.adapters.letters.templates import _first_sentence

    return _first_sentence(text)


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def decode(pdf: Path, folder: Path) -> list[str]:
    """Every symbol zbarimg finds on the first page rendered at 200 dpi, as TYPE:data.

    The page is rendered in grey (PGM): zbar converts every image to 8-bit grey before it
    scans, so it sees the same pixels as from a colour PNG, without the PNG compression
    that made most of this test's time."""
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-f", "1", "-l", "1", str(pdf), str(folder / "p")],
        check=True,
    )
    image = next(folder.glob("p*.pgm"))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--nodbus", str(image)], capture_output=True, text=True
    )
    return out.stdout.split()


def test_every_shipped_language_has_a_bulk_letter() -> None:
    assert {c[0] for c in CASES} <= set(LANGUAGES)
    for code, template in TEMPLATES.items():
        assert template.bulk["activation"].strip(), code
        assert first_sentence(template.bulk["intro"]) != first_sentence(template.letter["intro"])


NAMES = {c[0]: c[1:4] for c in CASES}


def fold(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no bidi marks."""
    text = unicodedata.normalize("NFKC", text).replace("**", "")
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def words(text: str) -> list[str]:
    return [w.strip("،.:;؛()") for w in fold(text).split() if w.strip("،.:;؛()")]


@needs_tools
@pytest.mark.parametrize("language", LANGUAGES)
def test_bulk_letter_says_activate_at_the_office_and_carries_a_scannable_number(
    tmp_path: Path, language: str
) -> None:
    guardian, first, last = NAMES.get(language, ("Ali Rezaei", "Sara", "Rezaei"))
    number = generate_letter_number()
    pin = "K7Q-M4X-9PZ"
    bulk = replace(letter(language, guardian, first, last, pin=pin), letter_number=number)
    out = tmp_path / f"bulk-{language}.pdf"
    render_letters(out, [bulk], school=SCHOOL, options=LetterOptions())
    template = TEMPLATES[language]
    counter_opening = first_sentence(template.letter["intro"])
    if template.direction == "rtl":
        # pdftotext gives right-to-left lines in visual order: compare word by word.
        flat = "".join(fold(pdftotext(out)).split())
        assert all(w in flat for w in words(template.bulk["activation"]))
        assert not all(w in flat for w in words(counter_opening))
    else:
        text = squash(pdftotext(out))
        assert squash(template.bulk["activation"]) in text
        assert squash(counter_opening) not in text.casefold()
    raw = "".join(fold(pdftotext(out)).split())
    assert "Thankyouforverifyingyouridentity" not in raw
    assert number in raw and pin in raw
    symbols = decode(out, tmp_path)
    assert f"CODE-128:{number}" in symbols
    assert all(pin not in s and pin.replace("-", "") not in s for s in symbols)


@needs_tools
def test_the_counter_letter_keeps_its_wording_and_has_no_staff_corner(tmp_path: Path) -> None:
    out = tmp_path / "counter.pdf"
    render_letters(out, [letter()], school=SCHOOL, options=LetterOptions())
    text = squash(pdftotext(out))
    assert squash("Thank you for verifying your identity with our school.") in text
    assert squash(TEMPLATES["en"].bulk["activation"]) not in text
    assert not any(s.startswith("CODE-128:") for s in decode(out, tmp_path))


@needs_tools
def test_sign_out_sheet_lists_letter_numbers_with_boxes_for_id_signature_initials(
    tmp_path: Path,
) -> None:
    numbers = [generate_letter_number() for _ in range(2)]
    letters = [replace(letter(first=f"Ana{i}"), letter_number=n) for i, n in enumerate(numbers)]
    out = tmp_path / "sheet.pdf"
    render_letters(out, letters, school=SCHOOL, options=LetterOptions(sign_out_sheets=True))
    sheet = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True
    ).stdout
    flat = squash(sheet)
    for heading in ("Letter number", "Photo ID seen", "Signature", "Staff initials"):
        assert squash(heading) in flat
    assert all(n in flat for n in numbers)
    assert "K7Q" not in sheet  # a sheet never shows a PIN
    assert "home with" not in sheet.casefold() and "send" not in sheet.casefold()


def test_no_template_suggests_sending_letters_home_with_the_student() -> None:
    for template in TEMPLATES.values():
        words = " ".join(
            [*template.letter.values(), *template.bulk.values(), *(template.sheet or {}).values()]
        )
        folded = words.casefold()
        assert "home with the student" not in folded and "a casa con el estudiante" not in folded


def _without_bulk(text: str) -> str:
    head, _, rest = text.partition("[bulk]")
    after = rest.split("\n[", 1)
    return head + ("\n[" + after[1] if len(after) > 1 else "")


def test_the_checker_refuses_a_template_without_the_activation_sentence(tmp_path: Path) -> None:
    source = (Path(TEMPLATES["en"].path)).read_text(encoding="utf-8")
    missing = tmp_path / "en.toml"
    missing.write_text(_without_bulk(source), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"\[bulk\]"):
        load_template(missing)
    empty = source.replace(
        'activation = "Your school will give you this letter after checking your photo ID. '
        'The PIN works once the office has done so."',
        'activation = "  "',
    )
    assert empty != source
    missing.write_text(empty, encoding="utf-8")
    with pytest.raises(TemplateError, match="activation"):
        load_template(missing)
    thanks = source.replace(
        'intro = """Below is your personal',
        'intro = """Thank you for verifying your identity with our school. Below is your personal',
        1,
    )
    assert thanks != source
    missing.write_text(thanks, encoding="utf-8")
    with pytest.raises(TemplateError, match="counter letter"):
        load_template(missing)
