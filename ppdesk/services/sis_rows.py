"""The rows an SIS import writes, as the SIS repository (``services.ports.SisRepository``)
takes them.

They are typed dicts, not dataclasses: a district import writes hundreds of thousands of
them in bulk (executemany, COPY), and a dict goes to the driver as it is. A ``...Change``
row names the record by ``id`` and carries the columns it sets; every row of one update
call sets the same columns.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Required, TypedDict


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


class StudentValues(TypedDict):
    """A student as the import writes it (new, or every column of one it changes)."""

    id: int
    school_id: int
    student_number: str
    first_name: str
    last_name: str
    search_name: str
    search_last: str
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


class StudentUpdate(TypedDict, total=False):
    """Some columns of a student (the name columns left out when the name is unchanged)."""

    id: Required[int]
    school_id: int
    student_number: str
    first_name: str
    last_name: str
    search_name: str
    search_last: str
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


class ContactValues(TypedDict):
    """A guardian's phones, contact preference and text opt-in."""

    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    contact_preference: str | None
    text_opt_in: bool


class GuardianValues(TypedDict):
    """A guardian as the import writes it (new, or every column of one it changes)."""

    id: int
    sis_source_id: str
    first_name: str
    last_name: str
    search_name: str
    search_last: str
    email: str | None
    email_folded: str | None
    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    contact_preference: str | None
    text_opt_in: bool
    preferred_language: str | None
    active: bool
    updated_at: datetime


class GuardianUpdate(TypedDict, total=False):
    """Some columns of a guardian (the name columns left out when the name is unchanged)."""

    id: Required[int]
    sis_source_id: str
    first_name: str
    last_name: str
    search_name: str
    search_last: str
    email: str | None
    email_folded: str | None
    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    contact_preference: str | None
    text_opt_in: bool
    preferred_language: str | None
    active: bool
    updated_at: datetime


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
