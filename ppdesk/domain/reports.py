"""Plain values of the roster and the reports, shared by services and writers.

The services build these from query results; the xlsx and PDF writers only read them
(``ppdesk.adapters.reports.model`` re-exports the writer-facing ones). Pure standard library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any, Literal, NamedTuple

from ppdesk.domain.pin import PinStatus

ColumnKind = Literal["text", "integer", "number", "percent", "date", "datetime", "checkbox"]

# progress(done, total): rows written so far, and the total when the caller knew it.
ProgressCallback = Callable[[int, int | None], None]
# is_cancelled(): polled between chunks of rows; True stops the export and removes the file.
CancelCheck = Callable[[], bool]

# What the roster tab shows instead of a PIN until the user reveals it.
PIN_MASK = "•••-•••-•••"
STUDENT_PIN_MASK = "••••••"

# The roster's words for each PIN state (the export's cells; the tab translates them).
STATUS_WORDS: dict[str, str] = {
    PinStatus.HELD: "Held, not handed over",
    PinStatus.ACTIVE: "Active",
    PinStatus.REDEEMED: "Redeemed",
    PinStatus.REVOKED: "Revoked",
    PinStatus.EXPIRED: "Expired",
}
NOT_ISSUED = "Not issued"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a report table.

    ``kind`` decides how a value is written: ``text`` as a string cell (every value goes
    through the cell-safety rules), ``integer``/``number`` as numbers, ``percent`` as a
    fraction (0.25) shown as ``25.0%``, ``date``/``datetime`` as real date cells, ``checkbox``
    as an empty box to tick on paper (an empty cell in xlsx). ``None`` is always an empty
    cell. ``width`` is in characters (xlsx) and is used as a relative weight
    in the PDF; ``None`` picks a width from the title.
    """

    title: str
    kind: ColumnKind = "text"
    width: float | None = None


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export did.

    ``rows`` counts data rows written (without the header); on cancel, the rows written
    before the cancel was seen (the file itself is removed). ``cleaned_characters`` counts
    characters removed by the cell-safety rules (control characters, over-long text).
    """

    rows: int
    cleaned_characters: int
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class ExportMeta:
    """Who exported what, for the "About this export" sheet.

    ``exported_at`` must be timezone-aware (UTC from the database); the sheet shows it in UTC
    and in ``local_timezone`` (``None``: this computer's zone). ``grade``/``homeroom`` ``None``
    mean "all".
    """

    exported_by: str
    exported_at: datetime
    school: str
    grade: str | None = None
    homeroom: str | None = None
    workstation: str | None = None
    local_timezone: tzinfo | None = None


# Not frozen, unlike the other values here: a district export builds 500,000 of these and
# a frozen dataclass's __init__ (one object.__setattr__ per field) costs ten times as much.
# Treat it as read-only all the same; the writer only reads it.
@dataclass(slots=True)
class RosterRow:
    """One student-guardian link of the Student/Parent PIN roster.

    ``pin_status`` is ``active``, ``redeemed``, ``revoked``, ``expired`` or ``None`` (never
    issued). ``parent_pin`` is the PIN as it is shown to staff (already formatted); the writer
    prints it only while the status is ``active`` and the expiry has not passed, otherwise the
    status word. ``pin_expires`` is a date, or an aware datetime (shown as the local date).
    The PIN fields are left out of ``repr`` so a logged row never shows a PIN.
    """

    student_id: str
    student_last_name: str
    student_first_name: str
    grade: str
    homeroom_teacher: str | None
    student_email: str | None
    student_pin: str | None = field(repr=False)
    guardian_name: str
    relationship: str | None
    verified_legal_guardian: bool | None  # None: no guardian on this row
    pin_status: str | None
    parent_pin: str | None = field(repr=False)
    pin_expires: date | datetime | None
    registered_portal_email: str | None
    guardian_phone: str | None
    preferred_language: str | None


class RosterSource(NamedTuple):
    """One student-guardian link as the database returns it for the roster: ciphertexts,
    not PINs. The service decrypts and turns it into a :class:`RosterRow` or a
    :class:`RosterEntry`. ``pin_*`` describe the link's latest PIN (``None``: never issued).
    """

    school_code: str
    student_key: int  # student.id: the student PIN's associated data names it
    student_number: str
    student_last_name: str
    student_first_name: str
    grade: str
    homeroom: str | None
    homeroom_teacher: str | None
    student_email: str | None
    student_pin_key_id: str | None
    student_pin_ciphertext: bytes | None
    link_id: int | None  # None: a student with no guardian yet (guardian columns empty)
    guardian_first_name: str | None
    guardian_last_name: str | None
    relationship: str | None
    verified_legal_guardian: bool | None
    pin_id: int | None
    pin_status: str | None
    pin_expires_at: datetime | None
    pin_key_id: str | None
    pin_ciphertext: bytes | None
    registered_portal_email: str | None
    cell_phone: str | None
    home_phone: str | None
    work_phone: str | None
    preferred_language: str | None


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A roster row for the screen (the roster tab): PINs masked, ``link_id`` kept so
    the user can reveal one with ``reveal_roster_pins``.

    ``parent_pin`` is :data:`PIN_MASK` while the PIN is active, otherwise the status word
    (the same text the export shows); ``student_pin`` is :data:`STUDENT_PIN_MASK` when the
    student has one.

    Not a :class:`RosterRow`: that one holds PINs in clear for the export; this type only
    ever holds masks (a revealed PIN comes back as a ``services.roster.RevealedPins``), so a screen row cannot
    carry a PIN by mistake.
    """

    link_id: int | None  # None: a student with no guardian yet
    school_code: str
    student_id: str
    student_last_name: str
    student_first_name: str
    grade: str
    homeroom_teacher: str | None
    student_email: str | None
    student_pin: str | None
    guardian_name: str
    relationship: str | None
    verified_legal_guardian: bool | None
    pin_status: str | None
    parent_pin: str
    pin_expires: date | None
    registered_portal_email: str | None
    guardian_phone: str | None
    preferred_language: str | None
    student_key: int = 0  # student.id: names a guardian-less row for an export of the rows shown


# The roster tab's columns, by the key its sort is asked for (sorted in SQL).
ROSTER_SORTS = (
    "student_id",
    "last_name",
    "first_name",
    "grade",
    "homeroom",
    "guardian",
    "relationship",
    "parent_pin",
    "expires",
    "student_pin",
    "verified",
    "portal_email",
    "phone",
    "language",
    "school",
)


@dataclass(frozen=True, slots=True)
class RosterTerm:
    """One word of the roster tab's search, casefolded, and what it matches besides the
    text columns: the PIN states whose shown word contains it (``None``: not issued),
    the verified answers (yes / no) whose shown word contains it, and the language codes
    whose name contains it."""

    text: str
    statuses: frozenset[str | None] = frozenset()
    verified: frozenset[bool] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RosterQuery:
    """What the roster tab shows: the filters, the search and the order, all done by the
    database. ``classes`` are the (homeroom, teacher) pairs of the homeroom
    chosen (``None``: every homeroom); every term of ``terms`` must match some column.
    ``sort`` is one of :data:`ROSTER_SORTS`; ``status_rank`` and ``verified_rank`` give the
    order of the words shown for PIN states and yes / no (they are translated)."""

    grade: str | None = None
    classes: tuple[tuple[str | None, str | None], ...] | None = None
    terms: tuple[RosterTerm, ...] = ()
    sort: str = "last_name"
    descending: bool = False
    status_rank: tuple[tuple[str | None, int], ...] = ()
    verified_rank: tuple[tuple[bool, int], ...] = ()

    @property
    def filtered(self) -> bool:
        return self.grade is not None or self.classes is not None or bool(self.terms)


@dataclass(frozen=True, slots=True)
class RosterPage:
    """One page of the roster tab: ``rows`` from ``offset`` on, and how many rows the query
    has (``total``) and the whole roster has (``everything``) when they were counted."""

    offset: int
    rows: list[RosterEntry]
    total: int | None = None
    everything: int | None = None
    # The sort keys of the first and the last row (``RosterAnchor.key``): where the next
    # and the previous pages are found from.
    first_key: tuple[Any, ...] | None = None
    last_key: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class RosterAnchor:
    """A row of the roster tab's current view whose position is known: ``row`` (0-based)
    and its sort key (a ``RosterPage``'s ``first_key`` or ``last_key``), or ``key`` None:
    the end of the rows (``row`` is then the count). A page near it is found from it,
    not by walking every row before the page (keyset paging)."""

    row: int
    key: tuple[Any, ...] | None = None


class TabPage(NamedTuple):
    """A page of the roster tab as the repository reads it, with its first and last rows'
    sort keys (None: no row)."""

    rows: list[RosterSource]
    first_key: tuple[Any, ...] | None
    last_key: tuple[Any, ...] | None


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export service did: the published file, rows, PINs disclosed in it.

    ``cancelled`` exports leave no file and record nothing (``path`` is then ``None``).
    """

    path: str | None
    rows: int
    cleaned_characters: int
    pins_disclosed: int = 0
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class AdoptionRow:
    """Portal adoption for one group of students (a homeroom, a grade, or everything).

    Counts are of students and of student-guardian links ("guardians"). Each link counts
    once by its furthest PIN state: ``pins_redeemed`` if any of its PINs was redeemed,
    otherwise by its latest PIN (``pins_active``, ``pins_expired``, ``pins_revoked``);
    ``pins_issued`` is every link with at least one PIN. ``homeroom`` ``None`` on a grade
    subtotal, ``grade`` ``None`` on a total.
    """

    school_code: str | None
    grade: str | None
    homeroom: str | None
    students: int
    students_connected: int  # with at least one guardian who redeemed a PIN
    guardians: int
    guardians_verified: int
    pins_issued: int
    pins_active: int
    pins_redeemed: int
    pins_expired: int
    pins_revoked: int

    @property
    def verified_rate(self) -> float | None:
        """Verified legal guardians as a fraction of all guardians."""
        return _rate(self.guardians_verified, self.guardians)

    @property
    def issued_rate(self) -> float | None:
        """Guardians with a PIN issued, as a fraction of verified guardians."""
        return _rate(self.pins_issued, self.guardians_verified)

    @property
    def redeemed_rate(self) -> float | None:
        """Guardians connected to the portal, as a fraction of verified guardians."""
        return _rate(self.pins_redeemed, self.guardians_verified)

    @property
    def expired_rate(self) -> float | None:
        """Guardians whose PIN expired unused, as a fraction of those issued a PIN."""
        return _rate(self.pins_expired, self.pins_issued)

    @property
    def students_connected_rate(self) -> float | None:
        """Students with at least one connected guardian, as a fraction of students."""
        return _rate(self.students_connected, self.students)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class AdoptionReport:
    """Portal adoption as the GUI charts it: ``homerooms`` (one row per grade and homeroom),
    ``grades`` (one subtotal per grade, in grade order) and the ``total``."""

    homerooms: tuple[AdoptionRow, ...]
    grades: tuple[AdoptionRow, ...]
    total: AdoptionRow
    generated_at: datetime


@dataclass(frozen=True, slots=True)
class ReportStudent:
    """The student columns of a school report's line, declared once: the school's code, the
    district student ID (``student_id``, the number as text, as in the SIS), the name
    ("First Last"), grade and homeroom. A base class, so the lines keep flat attributes."""

    school_code: str
    student_id: str
    student_name: str
    grade: str
    homeroom: str | None


@dataclass(frozen=True, slots=True)
class OutreachRow(ReportStudent):
    """A guardian the school should contact: no PIN yet, or a PIN not redeemed. Its own
    row (not a roster row): it says why to call and when the latest PIN was issued, and
    has no PINs."""

    link_id: int | None  # None: a student with no guardian yet
    guardian_name: str
    relationship: str | None
    verified_legal_guardian: bool
    pin_status: str | None  # latest PIN's status; None: never issued
    pin_issued: datetime | None  # aware (UTC)
    pin_expires: datetime | None  # aware (UTC)
    reason: str
    phone: str | None
    preferred_language: str | None
    email: str | None


#: What the emergency contact report says changed (section VIII). A guardian's
#: contact details are reported per student the guardian is linked to.
CONTACT_CHANGE_WORDS: dict[str, str] = {
    "new": "New",
    "changed": "Changed",
    "emergency_contact_removed": "Removed",
    "home_phone": "Home phone changed",
    "work_phone": "Work phone changed",
    "cell_phone": "Cell phone changed",
    "contact_preference": "Contact preference changed",
    "text_opt_in": "Text opt-in changed",
}


@dataclass(frozen=True, slots=True)
class EmergencyContactChange(ReportStudent):
    """One change to how a student's family is reached since the report's date (section
    VIII): an emergency contact added, changed or removed, or a guardian's phone number,
    contact preference or text opt-in changed by an SIS import.

    ``contact_id`` is the emergency contact's id, or the ``contact_change`` row's for the
    others; ``phone`` is the number (or value) now, ``was`` the one before.
    """

    contact_id: int
    contact_name: str
    relationship: str | None
    phone: str | None
    change: str  # a value of CONTACT_CHANGE_WORDS
    changed_at: datetime
    was: str | None = None


HELD_WAITING = "Bulk letter printed, not handed over yet"
HELD_OVERDUE = (
    "Bulk letter not handed over for {days} days or more: call the family to come to the "
    "office with a photo ID"
)
DEFAULT_OUTREACH_DAYS = 7


def outreach_reason(
    verified_legal_guardian: bool,
    pin_status: str | None,
    *,
    held_days: int | None = None,
    outreach_days: int = DEFAULT_OUTREACH_DAYS,
) -> str:
    """Why a guardian who has not connected to the portal is on the outreach list.

    A held PIN (a bulk letter not handed over) older than the school's
    ``outreach_days`` (``held_days`` old) is flagged for a call.
    """
    if pin_status == PinStatus.HELD:
        if held_days is not None and held_days >= outreach_days:
            return HELD_OVERDUE.format(days=outreach_days)
        return HELD_WAITING
    if pin_status is None:
        if not verified_legal_guardian:
            return (
                "Not yet a verified parent/legal guardian: the parent brings documents to "
                "the office (section III), then a PIN can be issued"
            )
        return "No PIN issued yet"
    reasons: dict[str, str] = {
        PinStatus.ACTIVE: "PIN issued, not redeemed yet",
        PinStatus.EXPIRED: "PIN expired unused: reissue",
        PinStatus.REVOKED: "PIN revoked: issue a new one if needed",
    }
    return reasons.get(pin_status, f"PIN {pin_status}")


def full_name(first: str | None, last: str | None) -> str:
    """The name as "First Last", without a stray space when one part is empty."""
    return " ".join(part for part in (first, last) if part)


# Grades in school order; anything else sorts after, numerically when it is a number.
_GRADE_ORDER = {"PK": -2, "TK": -1, "K": 0}


def grade_rank(grade: str | None) -> tuple[int, int, str]:
    """Sort key that puts TK, K, 1 ... 12 in school order (``"10"`` after ``"9"``)."""
    text = (grade or "").strip().upper()
    if text in _GRADE_ORDER:
        return (0, _GRADE_ORDER[text], text)
    if text.isdigit():
        return (0, int(text), text)
    return (1, 0, text)


LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "ko": "Korean",
    "hy": "Armenian",
    "zh": "Chinese",
    "tl": "Tagalog",
    "vi": "Vietnamese",
    "ru": "Russian",
    "fa": "Farsi",
    "ar": "Arabic",
}


def language_name(code: str | None) -> str | None:
    """``"es"`` as ``"Spanish"``; any other value (already a name, or unknown) as it is."""
    if not code:
        return None
    return LANGUAGE_NAMES.get(code.strip().lower(), code)
