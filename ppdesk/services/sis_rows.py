"""The rows an SIS import writes, as the SIS repository (``services.ports.SisRepository``)
takes them.

They are typed dicts, not dataclasses: a district import writes hundreds of thousands of
them in bulk (executemany, COPY), and a dict goes to the driver as it is. A ``...Change``
row names the record by ``id`` and carries the columns it sets; every row of one update
call sets the same columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Generic, Protocol, Required, TypedDict, TypeVar

T_co = TypeVar("T_co", covariant=True)
ItemT = TypeVar("ItemT")
R = TypeVar("R")


class Rows(Protocol[T_co]):
    """Rows for one bulk call: how many, and each in turn (a list, or a ``RowStream``)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[T_co]: ...


class RowStream(Generic[ItemT, R]):
    """Rows made one at a time as the repository writes them, from compact items.

    A district's first import writes 100,000 students and 180,000 guardians, links and
    phones: made all at once, their column dicts alone took a few hundred MB. ``make``
    turns one item into its row, again on every pass over the stream. ``ids``: the rows'
    ids when the caller knows them without making the rows (SQLite's bulk load needs
    them before writing).
    """

    def __init__(
        self,
        items: Sequence[ItemT],
        make: Callable[[ItemT], R],
        *,
        ids: Sequence[int] | None = None,
    ) -> None:
        self._items = items
        self._make = make
        self.ids = ids

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[R]:
        return map(self._make, self._items)


class SearchNames(TypedDict):
    """The folded "first last" and "last first" a person is searched by."""

    search_name: str
    search_last: str


class NewStaff(TypedDict):
    id: int
    username: str
    display_name: str
    email: str | None
    password_hash: str | None
    active: bool
    failed_logins: int
    created_at: datetime


class StaffUpdate(TypedDict):
    id: int
    display_name: str
    email: str | None


class NewGrant(TypedDict):
    staff_id: int
    role: str
    school_id: int
    local_district: str | None
    granted_by_id: int
    granted_at: datetime
    reason: str


class Names(SearchNames):
    """A person's name columns. An update of a student or guardian whose name did not
    change leaves them out, so the substring-search index (a trigger on search_name on
    SQLite) is not rewritten."""

    first_name: str
    last_name: str


class StudentUpdate(TypedDict):
    """Every column of a student but the name: an update of one whose name is unchanged."""

    id: int
    school_id: int
    student_number: str
    dob: date
    grade: str
    homeroom: str | None
    homeroom_teacher_id: int | None
    address: str | None
    zip_code: str | None
    phone: str | None
    student_email: str | None
    student_pin_ciphertext: bytes | None
    student_pin_key_id: str | None
    home_language: str | None
    active: bool
    updated_at: datetime


class StudentValues(StudentUpdate, Names):
    """A student as the import writes it: every column (a new student, or one renamed)."""


class ContactValues(TypedDict):
    """A guardian's phones, contact preference and text opt-in."""

    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    contact_preference: str | None
    text_opt_in: bool


class GuardianUpdate(ContactValues):
    """Every column of a guardian but the name: an update of one whose name is unchanged."""

    id: int
    sis_source_id: str
    email: str | None
    email_folded: str | None
    preferred_language: str | None
    active: bool
    updated_at: datetime


class GuardianValues(GuardianUpdate, Names):
    """A guardian as the import writes it: every column (a new guardian, or one renamed)."""


class GuardianPhone(TypedDict):
    """One phone number of a guardian, as search compares it (its last ten digits)."""

    guardian_id: int
    kind: str
    digits: str
    digits_rev: str


class NewLink(TypedDict):
    student_id: int
    guardian_id: int
    relationship: str | None
    verified_legal_guardian: bool
    verified_by: str | None
    verified_at: datetime | None
    verified_source: str
    active: bool


class LinkUpdate(TypedDict, total=False):
    """A link's relationship, and its verified flag with who set it when that changed."""

    id: Required[int]
    relationship: str | None
    active: bool
    verified_legal_guardian: bool
    verified_by: str | None
    verified_at: datetime | None
    verified_source: str


class NewEmergencyContact(TypedDict):
    student_id: int
    name: str
    phone: str | None
    relationship: str | None
    created_at: datetime
    updated_at: datetime


class EmergencyContactUpdate(TypedDict):
    id: int
    name: str
    phone: str | None
    relationship: str | None
    updated_at: datetime


class ContactChange(TypedDict):
    """One line of the emergency contact report (guide section VIII)."""

    occurred_at: datetime
    guardian_id: int | None
    student_id: int | None
    kind: str
    contact_name: str
    relationship: str | None
    old_value: str | None
    new_value: str | None
