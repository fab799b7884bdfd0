"""Plain data the letter renderer takes and returns.

Standard library only, so a service can build these without importing reportlab (and so
they can move to ``ppdesk.domain`` unchanged if the layers ask for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

# The district's Parent Portal login and registration page (reference guide, section I).
DEFAULT_PORTAL_URL = "https://parentportalapp.lausd.net/parentaccess"
# Office of Parent and Community Services (reference guide, "Assistance").
DEFAULT_DISTRICT_HELP_PHONE = "(213) 481-3350"


@dataclass(frozen=True)
class LetterData:
    """One PIN letter: one guardian, one student, one PIN.

    ``pin_display`` is the PIN as printed ('XXX-XXX-XXX'); it only ever reaches the page.
    ``language`` is a template code ('en', 'es', ...); an unknown one falls back to English.
    """

    guardian_name: str
    student_first: str
    student_last: str
    student_id: str
    pin_display: str
    pin_expires: date
    language: str
    letter_date: date
    homeroom: str | None = None
    grade: str | None = None

    def __repr__(self) -> str:
        # A dataclass repr would print the PIN into any log or traceback that shows it.
        return (
            f"LetterData(student_id={self.student_id!r}, language={self.language!r}, "
            f"homeroom={self.homeroom!r}, pin_display='***')"
        )


@dataclass(frozen=True)
class SchoolLetterhead:
    """What the letter says about the school and the district, the same on every page."""

    name: str
    address_lines: tuple[str, ...]
    phone: str
    principal: str
    logo_path: Path | None = None
    district_name: str = "Los Angeles Unified School District"
    portal_url: str = DEFAULT_PORTAL_URL
    district_help_phone: str = DEFAULT_DISTRICT_HELP_PHONE


@dataclass(frozen=True)
class LetterOptions:
    """How to print: paper, bilingual sheets, sign-out sheets, where templates live.

    ``page_size`` is 'letter' (US Letter, default) or 'a4'. With ``bilingual`` a letter in
    another language also carries the English text on the same page. With
    ``sign_out_sheets`` each homeroom's letters are preceded by a sheet listing them for
    signatures (letters are grouped by consecutive equal ``homeroom``: sort them first).
    """

    page_size: str = "letter"
    bilingual: bool = False
    sign_out_sheets: bool = False
    staff_language: str = "en"
    templates_dir: Path | None = None
    title: str = "Parent Portal PIN letters"


@dataclass(frozen=True)
class RenderResult:
    """What a render run produced. ``pages`` counts every page, sign-out sheets included."""

    pages: int
    letters: int
    cancelled: bool
