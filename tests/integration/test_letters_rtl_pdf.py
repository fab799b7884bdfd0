"""The portal address prints whole in both columns of a bilingual Farsi or Arabic letter
(read back with pdftotext; the line breaking itself is tested in
tests/unit/test_letters_rtl_lines.py)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.letters import LetterData, LetterOptions, SchoolLetterhead, render_letters
from ppdesk.domain.letters import DEFAULT_PORTAL_URL
from tests.unit.test_letters_render import needs_poppler


@needs_poppler
@pytest.mark.parametrize("language", ["fa", "ar"])
def test_the_bilingual_letter_prints_the_portal_address_whole_in_both_columns(
    tmp_path: Path, language: str
) -> None:
    school = SchoolLetterhead(
        name="Ramona Heights Elementary School",
        address_lines=("1234 Example Avenue",),
        phone="(213) 555-0142",
        principal="Dr. Adaeze Okafor",
    )
    item = LetterData(
        guardian_name="محمد رضایی",
        student_first="علی",
        student_last="رضایی",
        student_id="0009579364",
        pin_display="K7Q-M4X-9PZ",
        pin_expires=date(2025, 3, 3),
        language=language,
        letter_date=date(2025, 2, 10),
    )
    out = tmp_path / "letter.pdf"
    render_letters(out, [item], school=school, options=LetterOptions(bilingual=True))
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count(DEFAULT_PORTAL_URL) == 2, text
