"""Find a student, parent search, and the read-only student view (reference guide IX)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ppdesk.domain.errors import NotFound, PermissionDenied, ValidationError
from ppdesk.domain.pin import (
    MAX_FAILED_REDEMPTIONS,
    REDEMPTION_WINDOW,
    PinStatus,
    effective_status,
)
from ppdesk.domain.roles import Permission, Role, role_allows
from ppdesk.domain.text import digits_only, fold
from ppdesk.services.access import grants_for, require, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import UnitOfWork
from ppdesk.services.records import GuardianHit, StatusRequestRow, StudentHit, StudentRow

MAX_RESULTS = 50


@dataclass(frozen=True)
class GuardianSummary:
    """A parent-search result for the GUI. Not the repository's ``GuardianHit``: the
    service applies the PIN rule (``effective_status`` at ``now``) and flattens the names
    and phones the table shows."""

    guardian_id: int
    link_id: int
    guardian_name: str
    relationship: str | None
    verified_legal_guardian: bool
    student_id: int
    student_number: str
    student_name: str
    pin_status: str
    pin_expires_at: datetime | None
    phones: tuple[str, ...]
    email: str | None


@dataclass(frozen=True)
class Scope:
    """Which students a staff member may see: school ids (None = all) and a teacher filter."""

    school_ids: list[int] | None
    teacher_id: int | None


def lookup_scope(uow: UnitOfWork, session: StaffSession) -> Scope:
    grants = grants_for(uow, session)
    wide = [g for g in grants if role_allows(g.role, Permission.LOOKUP_ALL_STUDENTS)]
    teacher = [g for g in grants if g.role is Role.TEACHER]
    if not wide and not teacher:
        raise PermissionDenied("lookup.no_role")
    if any(g.school_id is None and g.local_district is None for g in wide):
        return Scope(None, None)
    # School grants name their school; only local-district grants need the school table.
    ids = {g.school_id for g in wide if g.school_id is not None}
    districts = {g.local_district for g in wide if g.school_id is None and g.local_district}
    if districts:
        every = uow.schools.local_districts()
        ids.update(i for i, district in every.items() if district in districts)
        if ids >= every.keys():
            return Scope(None, None)  # every school: no filter to apply
    if ids:
        return Scope(sorted(ids), None)
    # Only teacher grants: their own homeroom at their schools.
    return Scope(
        sorted({g.school_id for g in teacher if g.school_id is not None}), session.staff_id
    )


def pin_status_label(status: str | None, expires_at: datetime | None, now: datetime) -> str:
    """The guardian's PIN state for the desk: ``"none"`` without a PIN, else the PIN's
    ``domain.pin.effective_status``."""
    if status is None:
        return "none"
    if expires_at is None:
        return PinStatus(status)
    return effective_status(status, expires_at, now)


def find_students(
    ctx: AppContext, session: StaffSession, query: str, limit: int = MAX_RESULTS
) -> list[StudentHit]:
    """By student ID (digits) or by name (prefix of first or last name, then anywhere).

    The repository's ``StudentHit`` goes to the GUI as it is: one search-hit type."""
    term = (query or "").strip()
    if not term:
        return []
    # Two reads that need not agree (the grants, then the one search statement): no
    # transaction round trips around them.
    with ctx.uow(readonly=True, transaction=False) as uow:
        scope = lookup_scope(uow, session)
        if term.isdigit():
            hits = uow.people.search_students_by_number(
                term, scope.school_ids, scope.teacher_id, limit
            )
        else:
            words = fold(term.replace(",", " ")).split()
            if not words:
                return []
            # Two words or more: also name parts in any order, with or without a comma
            # ("val mor", "Morales, Val"), after the whole term's matches.
            hits = uow.people.search_students_by_name(
                " ".join(words),
                scope.school_ids,
                scope.teacher_id,
                limit,
                words=words if len(words) > 1 else (),
            )
        return hits


def _guardian_summary(hit: GuardianHit, now: datetime) -> GuardianSummary:
    g = hit.guardian
    return GuardianSummary(
        guardian_id=g.id,
        link_id=hit.link.id,
        guardian_name=g.full_name,
        relationship=hit.link.relationship,
        verified_legal_guardian=hit.link.verified_legal_guardian,
        student_id=hit.student.id,
        student_number=hit.student.student_number,
        student_name=hit.student.full_name,
        pin_status=pin_status_label(hit.pin_status, hit.pin_expires_at, now),
        pin_expires_at=hit.pin_expires_at,
        phones=tuple(g.phones),
        email=g.email,
    )


def parent_search(
    ctx: AppContext, session: StaffSession, query: str, limit: int = MAX_RESULTS
) -> list[GuardianSummary]:
    """By guardian name, phone (any punctuation, last 4+ digits) or email."""
    term = (query or "").strip()
    if not term:
        return []
    with ctx.uow(readonly=True, transaction=False) as uow:  # as in find_students
        scope = lookup_scope(uow, session)
        if scope.teacher_id is not None:
            raise PermissionDenied("lookup.parent_search_teacher")
        now = ctx.clock()
        digits = digits_only(term)
        if "@" in term:
            hits = uow.people.search_guardians_by_email(term.casefold(), scope.school_ids, limit)
        elif len(digits) >= 4 and len(digits) >= len(term.replace(" ", "")) * 0.6:
            if len(digits) == 11 and digits.startswith("1"):
                digits = digits[1:]
            hits = uow.people.search_guardians_by_phone(digits, scope.school_ids, limit)
        else:
            folded = fold(term)
            hits = (
                uow.people.search_guardians_by_name(folded, scope.school_ids, limit)
                if folded
                else []
            )
        return [_guardian_summary(h, now) for h in hits]


@dataclass(frozen=True)
class GuardianDetail:
    guardian_id: int
    link_id: int
    name: str
    relationship: str | None
    verified_legal_guardian: bool
    verified_by: str | None
    verified_at: datetime | None
    pin_status: str
    pin_expires_at: datetime | None
    registered_portal_email: str | None
    email: str | None
    phones: tuple[str, ...]
    preferred_language: str | None
    locked: bool
    # The number of a bulk letter not handed over yet (pin_status "held").
    letter_number: str | None = None
    # The open request that the office record the status in the SIS.
    sis_request: StatusRequestRow | None = None


@dataclass(frozen=True)
class ContactDetail:
    name: str
    phone: str | None
    relationship: str | None


@dataclass(frozen=True)
class StudentView:
    """The read-only student page: the student with the school's name, the guardians with
    their PIN and SIS-request state, the emergency contacts and the redemption lock, gathered
    in one read transaction. Its own type because it is a whole page, not a row; the
    student's own fields are those of its ``StudentRow``, read through the properties below."""

    student: StudentRow
    school_code: str
    school_name: str
    guardians: tuple[GuardianDetail, ...]
    emergency_contacts: tuple[ContactDetail, ...]
    redemption_locked: bool
    # Failed portal "Add Student" attempts of the last 24 hours not cleared yet, newest first.
    redemption_failures: tuple[datetime, ...] = ()
    # The SIS decides the verified status (an import feeds the school): the desk records
    # requests instead of the status.
    status_from_sis: bool = False

    @property
    def student_id(self) -> int:
        return self.student.id

    @property
    def student_number(self) -> str:
        return self.student.student_number

    @property
    def first_name(self) -> str:
        return self.student.first_name

    @property
    def last_name(self) -> str:
        return self.student.last_name

    @property
    def name(self) -> str:
        return self.student.full_name

    @property
    def dob(self) -> date:
        return self.student.dob

    @property
    def grade(self) -> str:
        return self.student.grade

    @property
    def homeroom(self) -> str | None:
        return self.student.homeroom

    @property
    def address(self) -> str | None:
        return self.student.address

    @property
    def phone(self) -> str | None:
        return self.student.phone

    @property
    def student_email(self) -> str | None:
        return self.student.student_email

    @property
    def home_language(self) -> str | None:
        return self.student.home_language


@service
def student_view(ctx: AppContext, session: StaffSession, student_id: int) -> StudentView:
    """Everything staff may see about one student, read-only."""
    with ctx.uow(readonly=True) as uow:
        student = uow.people.student(student_id)
        if student is None:
            raise NotFound("student.not_found")
        school = uow.schools.get(student.school_id)
        scope = lookup_scope(uow, session)
        in_scope = (scope.school_ids is None or student.school_id in scope.school_ids) and (
            scope.teacher_id is None or student.homeroom_teacher_id == scope.teacher_id
        )
        if not in_scope:
            require(
                uow,
                session,
                Permission.LOOKUP_ALL_STUDENTS,
                school,
                action="student_view",
                target_type="student",
                target_id=student.student_number,
            )
        now = ctx.clock()
        guardians = []
        links = uow.people.links_of_student(student.id)
        requests = uow.status_requests.open_for_links([link.id for link, _ in links])
        for link, g in links:
            pin = uow.pins.latest_for_link(link.id)
            guardians.append(
                GuardianDetail(
                    guardian_id=g.id,
                    link_id=link.id,
                    name=g.full_name,
                    relationship=link.relationship,
                    verified_legal_guardian=link.verified_legal_guardian,
                    verified_by=link.verified_by,
                    verified_at=link.verified_at,
                    pin_status=pin_status_label(
                        pin.status if pin else None, pin.expires_at if pin else None, now
                    ),
                    pin_expires_at=pin.expires_at if pin else None,
                    registered_portal_email=g.registered_portal_email,
                    email=g.email,
                    phones=tuple(g.phones),
                    preferred_language=g.preferred_language,
                    locked=g.verification_locked_at is not None,
                    letter_number=pin.letter_number
                    if pin and pin.status == PinStatus.HELD
                    else None,
                    sis_request=requests.get(link.id),
                )
            )
        failures = tuple(
            uow.pins.redemption_failures_since(student.student_number, now - REDEMPTION_WINDOW)
        )
        locked = len(failures) >= MAX_FAILED_REDEMPTIONS
        contacts = tuple(
            ContactDetail(c.name, c.phone, c.relationship)
            for c in uow.people.emergency_contacts(student.id)
        )
        assert school is not None
        return StudentView(
            student=student,
            school_code=school.code,
            school_name=school.name,
            guardians=tuple(guardians),
            emergency_contacts=contacts,
            redemption_locked=locked,
            redemption_failures=failures,
            status_from_sis=school.status_from_sis,
        )


def find_guardian_link(
    ctx: AppContext, session: StaffSession, student_number: str, guardian_name: str
) -> int:
    """The guardian link of ``guardian_name`` (any part of the name, accents and case
    ignored) for the student with ID ``student_number``, within the staff member's scope:
    what ``--guardian-link STUDENT_ID:NAME`` means. Ambiguity names the candidates."""
    number = (student_number or "").strip()
    hits = [s for s in find_students(ctx, session, number) if s.student_number == number]
    if not hits:
        raise NotFound("lookup.student_number_not_found", number=number)
    view = student_view(ctx, session, hits[0].student_id)
    wanted = fold(guardian_name or "")
    if not wanted:
        raise ValidationError("lookup.guardian_name_missing")
    exact = [g for g in view.guardians if fold(g.name) == wanted]
    found = exact or [g for g in view.guardians if wanted in fold(g.name)]
    if len(found) == 1:
        return found[0].link_id
    listed = "; ".join(f"{g.name} (link {g.link_id})" for g in view.guardians) or "none"
    if not found:
        raise NotFound(
            "lookup.guardian_name_not_found", number=number, name=guardian_name, listed=listed
        )
    raise ValidationError(
        "lookup.guardian_name_ambiguous", number=number, name=guardian_name, listed=listed
    )
