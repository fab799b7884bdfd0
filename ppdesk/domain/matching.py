"""Answer matching for the five security questions (reference guide section IV).

Staff type the guardian's answers as given; each is normalised and compared with the
student's record. Normalisation forgives form (date formats, case, accents, NFC/NFD,
punctuation, abbreviations) but never guesses: a date that could be read two ways, or a
text that is not understood, matches nothing.

Dates: numeric dates are read the US way, month first: ``3/4/2015`` and ``03-04-2015`` are
March 4, 2015. ``2015-03-04`` (year first) is ISO. Eight digits are ``YYYYMMDD`` when they
start with a year 1900..2100, otherwise ``MMDDYYYY`` (the two cannot overlap: no month is
19, 20 or 21). Month names may be English or Spanish, full or abbreviated. Two-digit years
are refused (the century would be a guess); years outside 1900..2100 are refused.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

# Re-exported: the address question lives in its own module.
from ppdesk.domain.addresses import address_matches as address_matches
from ppdesk.domain.addresses import address_tokens as address_tokens
from ppdesk.domain.text import digits_only, fold


class Question(enum.StrEnum):
    """The five security questions, in the order staff ask them."""

    DOB = "dob"
    NAME = "name"
    GRADE = "grade"
    ADDRESS_PHONE = "address_phone"
    EMERGENCY_CONTACT = "emergency_contact"

    @property
    def label(self) -> str:
        """The question as staff read it."""
        return _QUESTION_LABELS[self]


_QUESTION_LABELS = {
    Question.DOB: "Student's date of birth",
    Question.NAME: "Student's first and last name",
    Question.GRADE: "Student's grade level",
    Question.ADDRESS_PHONE: "Student's address and phone number",
    Question.EMERGENCY_CONTACT: "Emergency contact name and phone number",
}

# Longer answers are not answers: refuse before any regex work.
_MAX_ANSWER = 300


def _prepare(text: str) -> str:
    if not isinstance(text, str) or len(text) > _MAX_ANSWER:
        return ""
    return fold(unicodedata.normalize("NFKC", text))


# --- dates --------------------------------------------------------------------------------

MIN_YEAR = 1900
MAX_YEAR = 2100

_MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
    # Spanish (accents are folded away; "mar", "may", "jun", ... are shared)
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
    "junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
    "set": 9, "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
}  # fmt: skip
_DATE_FILLER = frozenset({"de", "del", "of", "the"})
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_US = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th|o)?")


def _make_date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """Read a date typed in any common form; ``None`` if invalid or ambiguous.

    Numeric dates are month/day/year, as in the United States in English and in Spanish
    (es_US), unless the year comes first; a date that can only be read one way (the first
    number is over 12, "20/9/2016") is read day/month/year. Show the date back in words
    before it counts: "4/3/2015" is April 3.
    """
    s = _prepare(text)
    if not s:
        return None
    if m := _ISO.fullmatch(s):
        return _make_date(int(m[1]), int(m[3]), int(m[4]))
    if m := _US.fullmatch(s):
        first, second = int(m[1]), int(m[3])
        if first > 12 >= second:  # only a day can be over 12: day/month/year
            return _make_date(int(m[4]), second, first)
        return _make_date(int(m[4]), first, second)
    if re.fullmatch(r"\d{8}", s):
        if MIN_YEAR <= int(s[:4]) <= MAX_YEAR:
            return _make_date(int(s[:4]), int(s[4:6]), int(s[6:]))
        return _make_date(int(s[4:]), int(s[:2]), int(s[2:4]))
    return _parse_named_month(s)


def _parse_named_month(s: str) -> date | None:
    tokens = [t for t in re.split(r"[\s,./-]+", s) if t and t not in _DATE_FILLER]
    if len(tokens) != 3:
        return None
    months = [_MONTHS[t] for t in tokens if t in _MONTHS]
    years = [int(t) for t in tokens if re.fullmatch(r"\d{4}", t)]
    days = [int(m[1]) for t in tokens if (m := _DAY.fullmatch(t))]
    if len(months) != 1 or len(years) != 1 or len(days) != 1:
        return None
    return _make_date(years[0], months[0], days[0])


def dob_matches(given: str, expected: date) -> bool:
    """True if ``given`` reads as exactly the date ``expected``."""
    parsed = parse_date(given)
    return parsed is not None and parsed == expected


# --- names --------------------------------------------------------------------------------

_NAME_DROP = re.compile(r"['’‘`´.]")
_NAME_SPACE = re.compile(r"[\s\-\u2010-\u2015_]+")


def name_tokens(text: str) -> list[str]:
    """Folded words of a name: case, accents, NFC/NFD, apostrophes, dots and hyphens ignored."""
    s = _prepare(text)
    s = _NAME_DROP.sub("", s)
    return _NAME_SPACE.sub(" ", s).split()


def _given_order(text: str) -> list[str]:
    # "Last, First" is turned round to "First Last".
    if isinstance(text, str) and "," in text:
        last, _, first = text.partition(",")
        return name_tokens(first) + name_tokens(last)
    return name_tokens(text)


def _same_name(given: list[str], expected: list[str]) -> bool:
    if not given or not expected:
        return False
    # Same words in any order ("Lopez Maria" too, as many families say it), or the same
    # letters with spaces ignored ("Maryjane" / "Mary Jane", "DeLaCruz" / "de la Cruz").
    return sorted(given) == sorted(expected) or "".join(given) == "".join(expected)


def full_name_matches(given: str, expected: str) -> bool:
    """Compare two full names written "First Last", "Last, First" or "Last First"."""
    return _same_name(_given_order(given), _given_order(expected))


def student_name_matches(given: str, first: str, last: str) -> bool:
    """True if ``given`` names the student ``first`` ``last`` (either order, comma or not)."""
    given_tokens = _given_order(given)
    first_tokens, last_tokens = name_tokens(first), name_tokens(last)
    if _same_name(given_tokens, first_tokens + last_tokens):
        return True
    # Family name first with no space, as Chinese, Korean and Japanese names are written.
    return bool(given_tokens) and "".join(given_tokens) == "".join(last_tokens + first_tokens)


# --- grades -------------------------------------------------------------------------------

GRADE_CODES = ("TK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")

_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth",
)  # fmt: skip
_CARDINALS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
)  # fmt: skip
_GRADE_WORDS: dict[str, str] = {
    "tk": "TK", "t k": "TK", "transitional kindergarten": "TK", "transitional kinder": "TK",
    "transitional k": "TK", "kinder transicion": "TK", "kinder transicional": "TK",
    "k": "K", "kg": "K", "kn": "K", "kinder": "K", "kindergarten": "K", "kindergarden": "K",
    "freshman": "9", "sophomore": "10", "junior": "11", "senior": "12",
    "primero": "1", "primer": "1", "segundo": "2", "tercero": "3", "tercer": "3",
    "cuarto": "4", "quinto": "5", "sexto": "6", "septimo": "7", "setimo": "7", "octavo": "8",
    "noveno": "9", "decimo": "10", "undecimo": "11", "onceavo": "11", "duodecimo": "12",
    "doceavo": "12",
}  # fmt: skip
_GRADE_WORDS.update({word: str(n) for n, word in enumerate(_ORDINALS, start=1)})
_GRADE_WORDS.update({word: str(n) for n, word in enumerate(_CARDINALS, start=1)})
_GRADE_FILLER = frozenset({"grade", "gr", "grado", "year", "de", "en", "in", "the", "th"})
_GRADE_NUMBER = re.compile(r"0*(\d{1,2}) ?(?:st|nd|rd|th|o|er|ro|do|to|vo|mo|no)?")


def parse_grade(text: str) -> str | None:
    """Canonical grade code ("TK", "K", "1".."12") for a typed or stored grade, or None.

    Understands "K", "kinder", "TK", "3", "03", "3rd", "third", "grade 3", "3rd grade",
    "12th", "senior", Spanish "tercer grado" / "3er grado", and SIS codes "KG", "01".
    """
    s = re.sub(r"[-_.,:;/#]", " ", _prepare(text))
    joined = " ".join(t for t in s.split() if t not in _GRADE_FILLER)
    if joined in _GRADE_WORDS:
        return _GRADE_WORDS[joined]
    if m := _GRADE_NUMBER.fullmatch(joined):
        number = int(m[1])
        if 1 <= number <= 12:
            return str(number)
    return None


def grade_matches(given: str, expected: str) -> bool:
    """True if both grades are understood and the same."""
    code = parse_grade(given)
    return code is not None and code == parse_grade(expected)


# --- addresses: see ppdesk.domain.addresses ---------------------------------------------

# --- phones -------------------------------------------------------------------------------

_EXTENSION = re.compile(r"(?:ext\.?|extension|x)\s*\d+\s*$", re.IGNORECASE)


def normalize_phone(text: str) -> str | None:
    """The 10 digits of a US phone number (punctuation, +1/1 and extension dropped), or None."""
    if not isinstance(text, str) or len(text) > _MAX_ANSWER:
        return None
    s = _EXTENSION.sub("", unicodedata.normalize("NFKC", text).strip())
    digits = digits_only(s)
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return digits if len(digits) == 10 else None


def phone_matches(given: str, expected_phones: Iterable[str | None]) -> bool:
    """True if ``given`` is the same 10-digit number as any of ``expected_phones``."""
    number = normalize_phone(given)
    if number is None:
        return False
    return any(p is not None and normalize_phone(p) == number for p in expected_phones)


def emergency_contact_matches(
    given_name: str,
    given_phone: str,
    contacts: Iterable[Sequence[str | None]],
) -> bool:
    """True if one contact ``(name, phone)`` on the record has both this name and phone."""
    for contact in contacts:
        name, phone = contact[0], contact[1]
        if (
            name
            and phone
            and full_name_matches(given_name, name)
            and phone_matches(given_phone, [phone])
        ):
            return True
    return False
