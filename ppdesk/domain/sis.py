"""The SIS snapshot: what an import file says, checked, before it touches the database.

Readers (OneRoster CSV, ppdesk's own template) turn files into a ``SisSnapshot`` of
frozen records plus a list of ``Problem``s. Nothing here knows about files or the
database; the value rules below are shared by every reader so the same bad value gets
the same answer whichever format it came in.

Rules that matter for the Parent Portal procedure (REF-6363.1 sections III and V):
the student ID and the date of birth locate a student on the portal, so an ID is kept
as text exactly as given (leading zeros matter) and a date is read only from an
unambiguous form (YYYY-MM-DD); a date like 03/04/2015 is refused, never guessed.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, make_dataclass
from dataclasses import field as _dc_field
from dataclasses import fields as _dc_fields
from datetime import date
from functools import lru_cache
from typing import Any, Literal, TypeVar

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.text import (
    ADDRESS_MAX,
    EMAIL_MAX,
    ID_MAX,
    NAME_MAX,
    PHONE_MAX,
    SHORT_MAX,
    clean_text,
)

Severity = Literal["error", "warning"]

#: Canonical grades, in school order. The Parent Portal serves TK to 12.
GRADES: tuple[str, ...] = ("TK", "K", *(str(n) for n in range(1, 13)))
#: Early-childhood grade codes (CEDS): such students are skipped with a warning.
PRE_K_GRADES = frozenset({"IT", "PR", "PK", "PS"})
#: Staff role hints a reader may report. Higher rights are granted in ppdesk, not imported.
STAFF_ROLES = ("teacher", "office_staff", "assistant_principal", "principal")
URL_MAX = 300
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


class OptionalValueError(ValidationError):
    """An optional value is malformed (an e-mail without @, a phone without digits).

    Readers drop the value and report a warning instead of an error: the record is
    still usable and a later import with the value fixed fills it in.
    """


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class SisSchool:
    """A school (``code`` is the district's school code, e.g. "1234")."""

    code: str
    name: str
    address: str | None = None
    phone: str | None = None
    principal: str | None = None
    local_district: str | None = None
    portal_url: str | None = None


@dataclass(frozen=True, slots=True)
class SisStudent:
    """A student of a validated SIS snapshot, whatever the source format (CSV, OneRoster).
    ``student_id`` is the district ID as text (leading zeros kept).

    ``grade`` is canonical ("TK", "K", "1".."12"). ``homeroom_teacher`` is the
    username of a ``SisStaff`` record of the same snapshot, or None.
    ``student_pin`` is the student's own (MyMail) PIN; it is left out of ``repr``.
    """

    student_id: str
    school_code: str
    first_name: str
    last_name: str
    dob: date
    grade: str
    homeroom_teacher: str | None = None
    address: str | None = None
    phone: str | None = None
    student_email: str | None = None
    student_pin: str | None = _dc_field(default=None, repr=False)
    home_language: str | None = None


@dataclass(frozen=True, slots=True)
class SisGuardian:
    """A parent, guardian or relative, keyed by the SIS's own stable ``source_id``."""

    source_id: str
    first_name: str
    last_name: str
    email: str | None = None
    home_phone: str | None = None
    work_phone: str | None = None
    cell_phone: str | None = None
    preferred_language: str | None = None
    #: How the family wants to be reached, and whether it agreed to text messages; None
    #: when the source does not carry them (OneRoster has no such field), and then an
    #: import leaves what the database holds.
    contact_preference: str | None = None
    text_opt_in: bool | None = None


@dataclass(frozen=True, slots=True)
class SisLink:
    """Guardian ↔ student. Only ``verified_legal_guardian`` links may ever get a PIN."""

    student_id: str
    guardian_source_id: str
    relationship: str | None
    verified_legal_guardian: bool


@dataclass(frozen=True, slots=True)
class SisEmergencyContact:
    """An emergency contact of a student (used by a security question)."""

    student_id: str
    name: str
    phone: str
    relationship: str | None = None


@dataclass(frozen=True, slots=True)
class SisStaff:
    """A staff member. ``school_code`` is the main school (None: district level).

    ``role`` is a hint from the source, one of ``STAFF_ROLES`` or None; the apply step
    decides what, if anything, to grant from it. ``also_school_codes`` lists further
    schools the person works at.
    """

    username: str
    first_name: str
    last_name: str
    email: str | None
    school_code: str | None
    role: str | None = None
    also_school_codes: tuple[str, ...] = ()


_R = TypeVar("_R")


def record_builder(cls: type[_R]) -> Callable[..., _R]:
    """A fast way for a reader to build ``cls`` (a frozen slots record) from all its
    fields, given positionally: the same object ``cls(...)`` gives, at a quarter of the cost.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
    which dominates building the half million records of a district export. This builds
    a plain (mutable) twin with the same slots and turns it into ``cls`` by assigning
    ``__class__`` (allowed: same slots, same layout). The result is an ordinary ``cls``:
    frozen, equal and hashed as usual (tests/unit/test_sis_values.py checks it).
    """
    names = [f.name for f in _dc_fields(cls)]  # type: ignore[arg-type]
    if list(getattr(cls, "__slots__", ())) != names:
        raise TypeError(f"{cls.__name__} is not a slots record")
    twin = make_dataclass(f"_Building{cls.__name__}", names, slots=True)

    def build(*values: Any) -> _R:
        record = twin(*values)
        record.__class__ = cls
        return record  # type: ignore[no-any-return]

    return build


def count_problems(problems: Iterable[Problem], severity: Severity) -> int:
    """How many problems of ``severity`` there are, the unlisted ones included."""
    return sum(p.count for p in problems if p.severity == severity)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located as precisely as the format allows.

    ``line`` is the 1-based line of a CSV file (header = 1) or the row number of a
    sheet (header = 1); ``column`` is the header name as written in the file.
    ``count`` is how many problems it stands for: more than 1 for the summary of those
    not listed one by one (see ``count_problems``).
    """

    file: str
    line: int | None
    column: str | None
    severity: Severity
    message: str
    count: int = 1

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Places:
    """Where records of a snapshot were read: their ``file`` and, in the order of the
    records, each one's line (a guardian over several rows: the first)."""

    file: str
    lines: Sequence[int]

    def line(self, index: int) -> int | None:
        return self.lines[index] if 0 <= index < len(self.lines) else None


@dataclass(frozen=True, slots=True)
class SisSnapshot:
    """Everything one import file set says, plus every problem found in it.

    ``full`` is True for a complete export (OneRoster bulk, the template): records of
    the snapshot's schools that are missing from it are gone from the SIS. False for a
    OneRoster delta: records present are upserts, and ``deleted_*`` list what the
    delta marks ``tobedeleted``. Apply nothing while ``errors`` is non-empty.
    """

    schools: tuple[SisSchool, ...]
    students: tuple[SisStudent, ...]
    guardians: tuple[SisGuardian, ...]
    links: tuple[SisLink, ...]
    emergency_contacts: tuple[SisEmergencyContact, ...]
    staff: tuple[SisStaff, ...]
    problems: tuple[Problem, ...]
    source_kind: str
    full: bool
    deleted_student_ids: tuple[str, ...] = ()
    deleted_guardian_ids: tuple[str, ...] = ()
    deleted_staff_usernames: tuple[str, ...] = ()
    #: Where ``students`` and ``guardians`` were read (None: the reader does not say).
    student_places: Places | None = None
    guardian_places: Places | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that block the import."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that do not block the import (a value or row was skipped)."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when the snapshot may be applied (no errors)."""
        return not any(p.severity == "error" for p in self.problems)


# ----------------------------------------------------------------------- value rules


def _text(
    value: str | None,
    *,
    field: str,
    max_len: int,
    required: bool = False,
    multiline: bool = False,
) -> str | None:
    """``clean_text`` with a fast path for plain printable ASCII (most SIS values).

    Such text has no control character, no line break and is already NFC, so
    stripping it gives exactly what ``clean_text`` gives; anything else, and every
    failure, goes through ``clean_text`` itself so messages stay the same.
    """
    if isinstance(value, str) and value.isascii() and value.isprintable():
        text = value.strip()
        if text and len(text) <= max_len:
            return text
    return clean_text(value, field=field, max_len=max_len, required=required, multiline=multiline)


_SPACE = re.compile(r"\s")
_DROP_DIGITS = str.maketrans("", "", "0123456789")


def show(value: object, limit: int = 40) -> str:
    """Quote a value for a message: escaped, on one line, cut to ``limit`` characters."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return repr(text)


def clean_id(value: str | None, *, field: str, required: bool = True) -> str | None:
    """An identifier kept as text ("00123" stays "00123"); no spaces inside."""
    text = _text(value, field=field, max_len=ID_MAX, required=required)
    if text is not None and _SPACE.search(text):
        raise ValidationError("sis.no_spaces", label=field, field=field)
    return text


def clean_username(value: str | None, *, field: str, required: bool = True) -> str | None:
    """A staff login name (may be an e-mail address); no spaces."""
    text = _text(value, field=field, max_len=EMAIL_MAX, required=required)
    if text is not None and _SPACE.search(text):
        raise ValidationError("sis.no_spaces", label=field, field=field)
    return text


def clean_name(value: str | None, *, field: str, required: bool = False) -> str | None:
    """A person's or school's name, one line."""
    return _text(value, field=field, max_len=NAME_MAX, required=required)


def clean_short(value: str | None, *, field: str, required: bool = False) -> str | None:
    """A short label: relationship, language, role."""
    return _text(value, field=field, max_len=SHORT_MAX, required=required)


def clean_address(value: str | None, *, field: str) -> str | None:
    """A postal address; line breaks allowed (a quoted newline in a CSV), kept as LF."""
    if isinstance(value, str) and value.isascii():
        # The common case, "street" LF "city", skips clean_text's slower checks; the
        # test suite compares both paths.
        flat = value.replace("\r", "").replace("\n", "")
        text = value.strip() if flat.isprintable() and len(value) <= ADDRESS_MAX else None
    else:
        text = None
    if text is None:
        text = _text(value, field=field, max_len=ADDRESS_MAX, multiline=True)
    if not text:
        return None
    if "\n" not in text and "\r" not in text:
        return text
    lines = [part.strip() for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(part for part in lines if part) or None


#: The form of an e-mail address ``clean_email`` accepts.
EMAIL_FORM = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_EMAIL = EMAIL_FORM


def clean_email(value: str | None, *, field: str) -> str | None:
    """An e-mail address; a malformed one raises ``OptionalValueError``."""
    text = _text(value, field=field, max_len=EMAIL_MAX)
    if text is not None and not _EMAIL.fullmatch(text):
        raise OptionalValueError("sis.email_invalid", label=field, value=show(text), field=field)
    return text


def clean_phone(value: str | None, *, field: str) -> str | None:
    """A phone number as typed; fewer than 7 or more than 20 digits is ``OptionalValueError``."""
    text = _text(value, field=field, max_len=PHONE_MAX)
    if text is None:
        return None
    digits = len(text) - len(text.translate(_DROP_DIGITS))
    if not 7 <= digits <= 20:
        raise OptionalValueError("sis.phone_invalid", label=field, value=show(text), field=field)
    return text


def clean_url(value: str | None, *, field: str) -> str | None:
    """A web address starting with https:// or http:// (printed on letters as a QR code)."""
    text = _text(value, field=field, max_len=URL_MAX)
    if text is None:
        return None
    if not text.lower().startswith(("https://", "http://")) or _SPACE.search(text):
        raise OptionalValueError("sis.url_invalid", label=field, value=show(text), field=field)
    return text


# Quick forms of the rules above for a reader's hot loop: each returns what its rule
# returns for a plain printable ASCII value (most SIS values), or None for anything
# else, and then the caller applies the rule itself, so messages never change. Printable
# ASCII has no control character and no line break, and its only whitespace is " ".


def quick_id(value: str) -> str | None:
    """``clean_id(value)`` for a plain value, else None (call ``clean_id``)."""
    if value.isascii() and value.isprintable():
        text = value.strip()
        if text and len(text) <= ID_MAX and " " not in text:
            return text
    return None


def quick_phone(value: str) -> str | None:
    """``clean_phone(value)`` for a plain valid value, else None (call ``clean_phone``)."""
    if value.isascii() and value.isprintable():
        text = value.strip()
        if text and len(text) <= PHONE_MAX:
            digits = len(text) - len(text.translate(_DROP_DIGITS))
            if 7 <= digits <= 20:
                return text
    return None


def quick_email(value: str) -> str | None:
    """``clean_email(value)`` for a plain valid value, else None (call ``clean_email``)."""
    if value.isascii() and value.isprintable():
        text = value.strip()
        if text and len(text) <= EMAIL_MAX and _EMAIL.fullmatch(text):
            return text
    return None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_OTHER_DATE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")


def _other_date_error(text: str, field: str) -> ValidationError:
    """Why a date like 03/04/2015 or 07/23/2019 is refused: only the first is ambiguous."""
    raw = re.split(r"[/.\-]", text)
    parts = [int(p) for p in raw]
    if len(raw[0]) == 4:
        year, first, second = parts
    else:
        first, second, year = parts
    if first <= 12 and second <= 12 and first != second:
        return ValidationError("sis.date_ambiguous", label=field, value=show(text), field=field)
    month, day = (first, second) if first <= 12 else (second, first)
    if year >= 1000 and 1 <= month <= 12 and 1 <= day <= 31:
        return ValidationError(
            "sis.date_rewrite",
            field=field,
            label=field,
            value=show(text),
            year=year,
            month=month,
            day=day,
        )
    return ValidationError("sis.date_not_iso", label=field, value=show(text), field=field)


def parse_iso_date(value: str | None, *, field: str) -> date:
    """Read a date written exactly as YYYY-MM-DD; anything else is refused, never guessed."""
    text = _text(value, field=field, max_len=SHORT_MAX, required=True)
    assert text is not None
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        if _OTHER_DATE.fullmatch(text):
            raise _other_date_error(text, field)
        raise ValidationError("sis.date_not_date", label=field, value=show(text), field=field)
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            raise ValidationError(
                "sis.date_not_leap", label=field, value=text, year=year, field=field
            ) from None
        raise ValidationError("sis.date_not_real", label=field, value=text, field=field) from None


def check_birth_date(value: date, *, field: str, today: date) -> date:
    """Refuse a date of birth in the future or before 1900."""
    if value > today:
        raise ValidationError("sis.date_future", label=field, value=value.isoformat(), field=field)
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            "sis.date_before_1900", label=field, value=value.isoformat(), field=field
        )
    return value


def birth_date_doubt(value: date, *, today: date) -> str | None:
    """A warning text when a student's age looks like a placeholder (under 2 or over 25)."""
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < 2 or age > 25:
        return f"date of birth {value.isoformat()} gives an age of {age}; please check it."
    return None


def parse_birth_date(value: str | None, *, field: str, today: date) -> date:
    """``parse_iso_date`` followed by ``check_birth_date``."""
    return check_birth_date(parse_iso_date(value, field=field), field=field, today=today)


def grade_code(value: str | None) -> str:
    """Upper-case, trimmed grade text ("kg " -> "KG") for comparisons."""
    return (value or "").strip().upper()


def is_pre_k_grade(value: str | None) -> bool:
    """True for early-childhood codes (IT, PR, PK, PS): not served by the portal."""
    return grade_code(value) in PRE_K_GRADES


@lru_cache(maxsize=512)
def canonical_grade(value: str | None, *, field: str) -> str:
    """Map a grade to "TK", "K" or "1".."12": accepts KG, 03, 3, 12; refuses the rest.

    Cached: a district has a dozen grade spellings and 100,000 students.
    """
    text = _text(value, field=field, max_len=SHORT_MAX, required=True)
    assert text is not None
    code = text.upper()
    if code in ("TK", "K"):
        return code
    if code == "KG":
        return "K"
    if code.isdigit() and len(code) <= 2 and 1 <= int(code) <= 12:
        return str(int(code))
    raise ValidationError("sis.grade_unknown", label=field, value=show(text), field=field)


_TRUE = frozenset({"yes", "y", "true", "t", "1", "x"})
_FALSE = frozenset({"no", "n", "false", "f", "0", ""})


def parse_flag(value: str | None, *, field: str) -> bool:
    """Yes/No, True/False, Y/N, 1/0 (any case); blank is No."""
    text = (value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError("sis.yes_no", label=field, value=show(value), field=field)


_ROLE_WORDS = {
    "teacher": "teacher",
    "officestaff": "office_staff",
    "office": "office_staff",
    "assistantprincipal": "assistant_principal",
    "ap": "assistant_principal",
    "principal": "principal",
}


def staff_role(value: str | None, *, field: str) -> str | None:
    """Map "Teacher", "Office staff", "Assistant principal", "Principal" to ``STAFF_ROLES``."""
    key = "".join(c for c in (value or "").lower() if c.isalnum())
    if not key:
        return None
    role = _ROLE_WORDS.get(key)
    if role is None:
        raise ValidationError("sis.staff_role_unknown", label=field, value=show(value), field=field)
    return role


#: Fast builders of the records a reader makes by the hundred thousand (``record_builder``).
new_student = record_builder(SisStudent)
new_guardian = record_builder(SisGuardian)
new_link = record_builder(SisLink)
new_emergency_contact = record_builder(SisEmergencyContact)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an import's records are built or compared.

    A 100,000-student export makes a few million small objects (and a first import compares
    half a million rows), none in a reference cycle; every automatic collection would walk
    all of them again, which roughly doubles the parse time and makes the comparison several
    times slower. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
