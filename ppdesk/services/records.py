"""Plain records that cross the line between the services and the database adapters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True)
class StudentRow:
    """A student as the services read it from the database: the columns of the ORM model
    ``Student`` that the services use (never the student PIN's ciphertext), frozen and
    detached from the session."""

    id: int
    school_id: int
    student_number: str
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
    active: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class GuardianRow:
    id: int
    first_name: str
    last_name: str
    email: str | None
    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    preferred_language: str | None
    contact_preference: str | None
    registered_portal_email: str | None
    verification_locked_at: datetime | None
    verification_unlocked_at: datetime | None
    active: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def phones(self) -> list[str]:
        return [p for p in (self.cell_phone, self.home_phone, self.work_phone) if p]


@dataclass(frozen=True)
class LinkRow:
    id: int
    student_id: int
    guardian_id: int
    relationship: str | None
    verified_legal_guardian: bool
    verified_by: str | None
    verified_at: datetime | None
    verified_source: str | None
    active: bool


@dataclass(frozen=True)
class PinRow:
    id: int
    link_id: int
    student_id: int
    guardian_id: int
    request_id: str
    status: str
    issued_at: datetime
    issued_by_id: int
    verification_id: int | None
    expires_at: datetime
    ended_at: datetime | None
    key_id: str | None
    ciphertext: bytes | None
    letter_number: str | None = None
    handed_over_at: datetime | None = None

    def __repr__(self) -> str:
        return f"PinRow(id={self.id}, link={self.link_id}, status={self.status!r})"


@dataclass(frozen=True)
class VerificationRow:
    id: int
    link_id: int
    guardian_id: int
    staff_id: int
    mode: str
    started_at: datetime
    completed_at: datetime | None
    outcome: str
    question_results: str | None
    id_type: str | None
    id_failures: str | None
    office: str = "school"  # "school" or "district" (where the verifier works from)


@dataclass(frozen=True)
class StudentRef:
    """Which student an office record is about, as staff read it on a list or report: the
    school's code, the student's number and name ("First Last"). The one declaration of these
    fields for the rows below that carry them (a base class, not a nested field, so the rows
    keep their flat attributes and ``astuple`` column order for the report writers)."""

    school_code: str
    student_number: str
    student_name: str


@dataclass(frozen=True)
class FailedVerificationRow:
    """A failed checklist run of a guardian, at any school (for the lock review), as
    stored: the raw question results and ID failures, which the service reduces to the
    names of the failed checks (``verification.FailedAttempt``) so the review never shows
    an answer."""

    completed_at: datetime
    school_id: int
    school_code: str
    student_number: str
    staff_name: str
    mode: str
    question_results: str | None
    id_failures: str | None


@dataclass(frozen=True)
class PortalLinkRow(StudentRef):
    """A guardian who redeemed a PIN for a student and has since lost the right to the link
    (status removed, link ended or guardian removed): the portal team must unlink. Also the
    report's line (``custody.PortalLinkToRemove``)."""

    guardian_name: str
    portal_email: str | None
    linked_at: datetime | None
    change: str
    changed_at: datetime | None
    changed_by: str | None


@dataclass(frozen=True)
class EmergencyContactRow:
    id: int
    student_id: int
    name: str
    phone: str | None
    relationship: str | None
    updated_at: datetime


@dataclass(frozen=True)
class StudentHit:
    """A "Find a student" result, from the repository's search to the GUI's table: the
    student's row and the code of the school (which the row names only by id)."""

    student: StudentRow
    school_code: str

    # What the search's callers read, derived from the row (no second copy of the fields).
    @property
    def student_id(self) -> int:
        return self.student.id

    @property
    def student_number(self) -> str:
        return self.student.student_number

    @property
    def name(self) -> str:
        return self.student.full_name

    @property
    def grade(self) -> str:
        return self.student.grade

    @property
    def homeroom(self) -> str | None:
        return self.student.homeroom

    @property
    def dob(self) -> date:
        return self.student.dob


@dataclass(frozen=True)
class GuardianHit:
    """A parent-search match from the repository: the guardian, link and student rows and
    the link's latest PIN as stored (the service turns it into a ``GuardianSummary``)."""

    guardian: GuardianRow
    link: LinkRow
    student: StudentRow
    pin_status: str | None
    pin_expires_at: datetime | None


@dataclass(frozen=True)
class StatusRequestRow(StudentRef):
    """A request that the office record a verified parent and legal guardian in the SIS
    (guide section III), with the names the report and the student view show."""

    id: int
    link_id: int
    grade: str
    guardian_name: str
    guardian_sis_id: str | None
    relationship: str | None
    requested_at: datetime
    requested_by: str  # the staff member's display name
    documents: str
    note: str | None
    closed_at: datetime | None = None
    outcome: str | None = None
    closed_import_seq: int | None = None
    closed_import_file: str | None = None
    kind: str = "verify"  # or "remove": take the verified status away in the SIS


@dataclass(frozen=True)
class SchoolLetterRow(StudentRef):
    """A PIN letter of a district verification that the student's school prints, with the
    names its list shows (never the PIN)."""

    id: int
    link_id: int
    school_id: int
    pin_id: int
    pin_status: str
    pin_expires_at: datetime
    verification_id: int
    mode: str  # the verification's: in_person (at the district office) or video
    grade: str
    guardian_name: str
    queued_by: str  # the district verifier's display name
    queued_at: datetime
    closed_at: datetime | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class ClosableRequest:
    """An open request an import settles: the link is now verified, or it ended."""

    id: int
    link_id: int
    school_id: int
    outcome: str  # "sis_verified" or "link_ended"


class InsertOutcome(StrEnum):
    """What ``PinRepository.try_insert`` did."""

    OK = "ok"
    HASH_COLLISION = "hash_collision"
    ACTIVE_EXISTS = "active_exists"
    REQUEST_EXISTS = "request_exists"
    LETTER_NUMBER_COLLISION = "letter_number_collision"


@dataclass(frozen=True)
class LostPin:
    """An active PIN that a key recovery revoked: the link needs a new PIN. Not a
    ``StudentRef``: key recovery lists names as "Last, First" and by school id."""

    pin_id: int
    link_id: int
    school_id: int
    student_number: str
    student_name: str
    guardian_name: str
