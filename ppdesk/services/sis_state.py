"""What the database holds, as the SIS import compares it: plain rows, keyed the SIS's way.

The SIS repository (``ppdesk.adapters.db.repos.sis``) loads these in a few bulk queries;
``ppdesk.services.sis_plan`` compares them with a snapshot. Students are keyed by student
ID, guardians by the SIS's source id (guardians without one were not imported and are
never touched), staff by lower-case username, schools by code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple


class SchoolState(NamedTuple):
    id: int
    code: str
    name: str
    address: str | None
    phone: str | None
    principal_name: str | None
    local_district: str | None
    portal_url: str | None


class StaffState(NamedTuple):
    id: int
    username: str
    display_name: str
    email: str | None
    active: bool


class StudentState(NamedTuple):
    """A student as the database holds it before an import, for the plan's diff. Not a
    ``records.StudentRow``: it carries the student PIN's ciphertext (to tell whether the PIN
    changed), is keyed by number, and is a NamedTuple made straight from the fetched row
    because an import loads every student of the district at once."""

    id: int
    student_number: str
    school_id: int
    first_name: str
    last_name: str
    dob: date
    grade: str
    homeroom: str | None
    homeroom_teacher_id: int | None
    address: str | None
    zip_code: str | None
    phone: str | None
    student_email: str | None
    home_language: str | None
    pin_key_id: str | None
    pin_ciphertext: bytes | None
    active: bool


class GuardianState(NamedTuple):
    id: int
    source_id: str
    first_name: str
    last_name: str
    email: str | None
    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    preferred_language: str | None
    active: bool
    contact_preference: str | None = None
    text_opt_in: bool = False


class LinkState(NamedTuple):
    id: int
    student_id: int
    guardian_id: int
    relationship: str | None
    verified: bool
    active: bool


class ContactState(NamedTuple):
    id: int
    student_id: int
    name: str
    phone: str | None
    relationship: str | None


@dataclass
class DbState:
    """The rows an import may change, loaded in one transaction."""

    schools: dict[str, SchoolState] = field(default_factory=dict)
    staff: dict[str, StaffState] = field(default_factory=dict)
    #: (staff id, role, school id) of every grant ever made, revoked ones included: an
    #: import never grants again what a principal took away.
    grants: set[tuple[int, str, int | None]] = field(default_factory=set)
    students: dict[str, StudentState] = field(default_factory=dict)
    guardians: dict[str, GuardianState] = field(default_factory=dict)
    links: list[LinkState] = field(default_factory=list)
    contacts: dict[int, list[ContactState]] = field(default_factory=dict)
    #: Links with an active PIN that has not yet expired.
    active_pin_links: set[int] = field(default_factory=set)
    #: Links whose verified status a principal or AP removed at the desk, with the request
    #: to remove it in the SIS still open: an import does not verify them again.
    removals_requested: set[int] = field(default_factory=set)
    #: Codes of schools a district administrator switched back to desk recording: an import
    #: leaves the verified status of their existing links alone.
    status_local_codes: set[str] = field(default_factory=set)
