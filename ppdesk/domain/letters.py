"""PIN letters as plain data: what a letter says, how to print it, which language.

Pure standard library. The services build these records; the reportlab renderer in
``ppdesk.adapters.letters`` takes them (and re-exports them under their old names).

Languages: SIS exports hold a home language as a code ('es', 'es-MX', 'zh_TW'), an English
name ('Spanish', 'Cantonese') or a native name ('Español'). ``choose_language`` turns that
into a template code; anything not understood, or without a template, falls back to English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from ppdesk.domain.text import strip_control_chars

# The district's Parent Portal login and registration page (reference guide, section I).
DEFAULT_PORTAL_URL = "https://parentportalapp.lausd.net/parentaccess"
# Office of Parent and Community Services (reference guide, "Assistance").
DEFAULT_DISTRICT_HELP_PHONE = "(213) 481-3350"


def printable(value: object) -> str:
    """Text as it may be printed: no control characters, NFC, single spaces."""
    text, _ = strip_control_chars("" if value is None else str(value))
    return " ".join(unicodedata.normalize("NFC", text).split())


def _east_asian(text: str) -> bool:
    return bool(text) and all(
        0x1100 <= ord(c) <= 0x11FF
        or 0xAC00 <= ord(c) <= 0xD7AF
        or 0x3400 <= ord(c) <= 0x9FFF
        or 0xF900 <= ord(c) <= 0xFAFF
        for c in text
    )


def full_name(first: str, last: str) -> str:
    """'José Núñez'; Chinese and Korean names family name first and unspaced: '王小明'."""
    first, last = printable(first), printable(last)
    if _east_asian(first) and _east_asian(last):
        return last + first
    return " ".join(part for part in (first, last) if part)


def use_by_day(expires_at: datetime, zone: tzinfo) -> date:
    """The last whole day a PIN can be used, in the school's time ``zone`` (the
    ``time_zone`` setting, ``services.exports.school_zone``; never the workstation's own
    zone, which may differ): the one date shown everywhere.

    A PIN stops working at the moment it was issued, N days later; "use it by" the day
    before is never wrong. The letter ("Use this PIN by"), the roster and its export, the
    outreach report and the desk all show this date.
    """
    aware = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
    return aware.astimezone(zone).date() - timedelta(days=1)


@dataclass(frozen=True)
class LetterData:
    """One PIN letter: one guardian, one student, one PIN. What the renderer needs and
    nothing more (no ids, no ciphertext); the only student record that holds a PIN in clear.

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
    # A bulk letter (held PIN) carries its letter number; a counter letter has none.
    letter_number: str | None = None

    @property
    def bulk(self) -> bool:
        return self.letter_number is not None

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
    another language also carries the English text beside it (flowing onto a second page
    when both do not fit at 9 pt). With
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
    """What a render run produced. ``pages`` counts every page, sign-out sheets included
    (``sign_out_pages`` of them); a letter may take more than one page."""

    pages: int
    letters: int
    cancelled: bool
    sign_out_pages: int = 0


FALLBACK = "en"

# Names and codes that mean a language we may have a template for.
_ALIASES: dict[str, str] = {
    "english": "en",
    "eng": "en",
    "spanish": "es",
    "spa": "es",
    "espanol": "es",
    "castellano": "es",
    "korean": "ko",
    "kor": "ko",
    "한국어": "ko",
    "armenian": "hy",
    "arm": "hy",
    "hye": "hy",
    "հայերեն": "hy",
    "chinese": "zh",
    "zho": "zh",
    "chi": "zh",
    "cantonese": "zh",
    "mandarin": "zh",
    "yue": "zh",
    "cmn": "zh",
    "中文": "zh",
    "tagalog": "tl",
    "filipino": "tl",
    "fil": "tl",
    "tgl": "tl",
    "vietnamese": "vi",
    "vie": "vi",
    "tieng viet": "vi",
    "russian": "ru",
    "rus": "ru",
    "русский": "ru",
    "farsi": "fa",
    "persian": "fa",
    "fas": "fa",
    "per": "fa",
    "فارسی": "fa",
    "arabic": "ar",
    "ara": "ar",
    "arb": "ar",
    "عربي": "ar",
    "العربية": "ar",
}


def _forms(value: str) -> list[str]:
    """The value case-folded, then also without accents ('Español' -> 'espanol')."""
    plain = unicodedata.normalize("NFC", value.strip().casefold()).replace("_", "-")
    decomposed = unicodedata.normalize("NFD", plain)
    stripped = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    return [plain, stripped]


def choose_language(preferred: str | None, available: Iterable[str]) -> str:
    """The template language for a guardian: ``preferred`` if we have it, else English.

    Accepts codes with regions or scripts ('es-MX', 'zh-Hant-TW'), English and native names.
    """
    codes = set(available)
    if not preferred:
        return FALLBACK
    for form in _forms(preferred):
        for candidate in (form, form.split("-", 1)[0]):
            code = _ALIASES.get(candidate, candidate)
            if code in codes:
                return code
    return FALLBACK
