"""The identity-verification checklist (reference guide sections III and IV).

``start_verification`` checks the preconditions (role, verified parent and legal guardian,
not locked) and opens a verification; ``complete_verification`` matches the answers and the
photo-ID check against the record, stores the result per check (never the answers), and
locks the guardian after repeated failures. Only a passed, recent verification by the same
staff member unlocks that guardian's PIN (see ``ppdesk.services.pins``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import (
    DomainError,
    GuardianLocked,
    GuardianNotEligible,
    NotFound,
    RecordIncomplete,
)
from ppdesk.domain.roles import Permission
from ppdesk.domain.verification import (
    FAILURE_WINDOW,
    MAX_FAILED_VERIFICATIONS,
    ExpectedAnswers,
    PhotoIdCheck,
    SecurityAnswers,
    VerificationMode,
    evaluate,
    is_guardian_locked,
    missing_record_codes,
    missing_record_data,
)
from ppdesk.services.access import (
    AuditedDenial,
    allowed,
    audit,
    holds_at_school,
    require,
    service,
)
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import SchoolRecord, UnitOfWork
from ppdesk.services.records import (
    FailedVerificationRow,
    GuardianRow,
    LinkRow,
    StudentRow,
    VerificationRow,
)


@dataclass(frozen=True)
class VerificationStarted:
    """What the wizard needs after starting a checklist: the verification's id and the
    names it shows on every page (the student and guardian rows stay in the service)."""

    verification_id: int
    link_id: int
    guardian_name: str
    student_name: str
    student_number: str
    mode: VerificationMode
    # "school", or "district": the verifier serves a district office (local district, Office
    # of Parent and Community Services, hotline) and the letter goes by the school's route.
    office: str = "school"


@dataclass(frozen=True)
class VerificationOutcome:
    verification_id: int
    passed: bool
    mode: VerificationMode
    question_results: dict[str, bool]
    reasons: tuple[str, ...]
    guardian_locked: bool


def _load_link(uow: UnitOfWork, link_id: int) -> tuple[LinkRow, StudentRow, GuardianRow]:
    link = uow.people.link(link_id)
    if link is None or not link.active:
        raise NotFound("guardian.not_linked")
    student = uow.people.student(link.student_id)
    guardian = uow.people.guardian(link.guardian_id)
    if student is None or guardian is None:
        raise NotFound("guardian.not_linked")
    return link, student, guardian


def _refuse(
    action: str, error: DomainError, link_id: int, school_id: int, **details: object
) -> DomainError:
    """``error``, carrying the audit row that ``@service`` writes after the rollback."""
    return error.with_audit(
        AuditEntry(
            action,
            Outcome.DENIED,
            "guardian_link",
            str(link_id),
            school_id,
            {"reason": type(error).__name__, **details},
        )
    )


@service
def start_verification(
    ctx: AppContext, session: StaffSession, link_id: int, mode: VerificationMode
) -> VerificationStarted:
    """Open a verification for one guardian of one student, if the checklist may start."""
    mode = VerificationMode(mode)
    with ctx.uow() as uow:
        link, student, guardian = _load_link(uow, link_id)
        school = uow.schools.get(student.school_id)
        require(
            uow,
            session,
            Permission.VERIFY_IDENTITY,
            school,
            action="verification_start",
            target_type="guardian_link",
            target_id=str(link_id),
        )
        if not link.verified_legal_guardian:
            raise _refuse(
                "verification_start",
                GuardianNotEligible("guardian.not_verified_parent"),
                link_id,
                student.school_id,
            )
        if guardian.verification_locked_at is not None:
            raise _refuse(
                "verification_start",
                GuardianLocked("verification.guardian_locked", failures=MAX_FAILED_VERIFICATIONS),
                link_id,
                student.school_id,
            )
        missing = missing_record_data(_expected(uow, student))
        if missing:
            # Refused before any verification row exists: nothing counts towards the lock.
            raise _refuse(
                "verification_start",
                RecordIncomplete(
                    "verification.record_incomplete", missing=missing_record_codes(missing)
                ),
                link_id,
                student.school_id,
                missing=list(missing),
            )
        now = uow.now()
        # Where the verifier works from: the school's own staff, or a district office whose
        # grant covers the school only through its local district (or the whole district).
        office = (
            "school"
            if holds_at_school(uow, session, Permission.VERIFY_IDENTITY, school)
            else "district"
        )
        vid = uow.pins.add_verification(
            link_id=link.id,
            guardian_id=guardian.id,
            staff_id=session.staff_id,
            mode=mode.value,
            started_at=now,
            office=office,
        )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "verification_start",
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {"verification_id": vid, "mode": mode.value, "office": office},
            ),
        )
        uow.commit()
    return VerificationStarted(
        vid, link.id, guardian.full_name, student.full_name, student.student_number, mode, office
    )


def _expected(uow: UnitOfWork, student: StudentRow) -> ExpectedAnswers:
    contacts = tuple((c.name, c.phone or "") for c in uow.people.emergency_contacts(student.id))
    phones: list[str] = [student.phone] if student.phone else []
    for _link, g in uow.people.links_of_student(student.id):
        phones.extend(g.phones)  # a household phone given by the parent counts
    return ExpectedAnswers(
        dob=student.dob,
        first_name=student.first_name,
        last_name=student.last_name,
        grade=student.grade,
        address_line=student.address or "",
        zip_code=student.zip_code,
        phones=tuple(phones),
        emergency_contacts=contacts,
    )


@service
def complete_verification(
    ctx: AppContext,
    session: StaffSession,
    verification_id: int,
    answers: SecurityAnswers,
    photo_id: PhotoIdCheck,
    *,
    today: date | None = None,
) -> VerificationOutcome:
    """Match the recorded answers and the photo-ID check; store and audit the result."""
    with ctx.uow() as uow:
        v = uow.pins.verification(verification_id)
        if v is None:
            raise NotFound("verification.not_found")
        if v.staff_id != session.staff_id:
            raise AuditedDenial(
                "verification.not_yours",
                AuditEntry("verification", Outcome.DENIED, "verification", str(v.id)),
            )
        if v.outcome != "in_progress":
            # A retry after the connection dropped right after COMMIT: the same staff
            # member gets the outcome already recorded instead of an error.
            return _recorded_outcome(v, uow)
        link, student, guardian = _load_link(uow, v.link_id)
        school = uow.schools.get(student.school_id)
        require(
            uow,
            session,
            Permission.VERIFY_IDENTITY,
            school,
            action="verification",
            target_type="guardian_link",
            target_id=str(link.id),
        )
        if guardian.verification_locked_at is not None:
            raise GuardianLocked("verification.guardian_locked", failures=MAX_FAILED_VERIFICATIONS)
        now = uow.now()
        mode = VerificationMode(v.mode)
        result = evaluate(answers, _expected(uow, student), photo_id, mode, today or now.date())
        questions = {q.value: ok for q, ok in result.questions.items()}
        uow.pins.complete_verification(
            v.id,
            outcome="passed" if result.passed else "failed",
            completed_at=now,
            question_results=json.dumps(questions, sort_keys=True),
            id_type=photo_id.id_type.value if photo_id.id_type else None,
            id_failures=json.dumps(list(result.photo_id_failures)),
        )
        locked = False
        if not result.passed:
            unlocked_at = (
                guardian.verification_unlocked_at if guardian.verification_unlocked_at else None
            )
            times = [
                t for t in uow.pins.failed_verification_times(guardian.id, now - FAILURE_WINDOW)
            ]
            if is_guardian_locked(times, now, unlocked_at=unlocked_at):
                uow.people.lock_guardian(guardian.id, now)
                locked = True
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "verification",
                Outcome.SUCCESS if result.passed else Outcome.FAILED,
                "guardian_link",
                str(link.id),
                student.school_id,
                {
                    "verification_id": v.id,
                    "mode": mode.value,
                    "office": v.office,
                    "questions": questions,
                    "photo_id_ok": not result.photo_id_failures,
                    "guardian_locked": locked,
                },
            ),
        )
        uow.commit()
    return VerificationOutcome(v.id, result.passed, mode, questions, result.reasons, locked)


def _recorded_outcome(v: VerificationRow, uow: UnitOfWork) -> VerificationOutcome:
    from ppdesk.domain.matching import Question

    questions = json.loads(v.question_results or "{}")
    reasons = [
        f"{Question(q).label}: does not match the record." for q, ok in questions.items() if not ok
    ]
    reasons += json.loads(v.id_failures or "[]")
    guardian = uow.people.guardian(v.guardian_id)
    return VerificationOutcome(
        v.id,
        v.outcome == "passed",
        VerificationMode(v.mode),
        questions,
        tuple(reasons),
        bool(guardian and guardian.verification_locked_at is not None),
    )


@dataclass(frozen=True)
class FailedAttempt:
    """One failed checklist run, as the lock review shows it (never the answers): the
    ``FailedVerificationRow`` with its raw results reduced to the failed checks' names."""

    at: datetime
    school_code: str
    student_number: str
    staff_name: str
    mode: str
    failed_checks: tuple[str, ...]


@dataclass(frozen=True)
class GuardianLockReview:
    guardian_id: int
    guardian_name: str
    locked: bool
    locked_at: datetime | None
    attempts: tuple[FailedAttempt, ...]


def _guardian_school(
    uow: UnitOfWork, session: StaffSession, guardian_id: int, *, action: str
) -> SchoolRecord:
    """A school where the guardian has a linked student and the staff member may unlock.

    The lock belongs to the guardian, whichever school the failures happened at: a
    principal or assistant principal of any of the guardian's schools may review and lift
    it. Raises (audited) when the staff member holds that role at none of them.
    """
    school_ids = sorted(
        {
            student.school_id
            for link in _links_of_guardian(uow, guardian_id)
            if link.active and (student := uow.people.student(link.student_id)) is not None
        }
    )
    schools = [school for sid in school_ids if (school := uow.schools.get(sid)) is not None]
    for school in schools:
        if allowed(uow, session, Permission.UNLOCK_GUARDIAN, school):
            return school
    require(
        uow,
        session,
        Permission.UNLOCK_GUARDIAN,
        schools[0] if schools else None,
        action=action,
        target_type="guardian",
        target_id=str(guardian_id),
    )
    raise AssertionError("unreachable")  # pragma: no cover - require raised


def _failed_checks(row: FailedVerificationRow) -> tuple[str, ...]:
    from ppdesk.domain.matching import Question

    questions = json.loads(row.question_results or "{}")
    failed = [Question(q).label for q in Question if questions.get(q.value) is False]
    if json.loads(row.id_failures or "[]"):
        failed.append("Photo ID")
    return tuple(failed)


@service
def review_guardian_lock(
    ctx: AppContext, session: StaffSession, guardian_id: int
) -> GuardianLockReview:
    """The guardian's failed verifications since the last unlock, at every school, for a
    principal or assistant principal of any school where the guardian has a student."""
    with ctx.uow(readonly=True) as uow:
        guardian = uow.people.guardian(guardian_id)
        if guardian is None:
            raise NotFound("guardian.not_found")
        _guardian_school(uow, session, guardian_id, action="guardian_lock_review")
        since = guardian.verification_unlocked_at if guardian.verification_unlocked_at else None
        attempts = tuple(
            FailedAttempt(
                row.completed_at,
                row.school_code,
                row.student_number,
                row.staff_name,
                row.mode,
                _failed_checks(row),
            )
            for row in uow.pins.failed_verifications(guardian_id, since)
        )
        return GuardianLockReview(
            guardian.id,
            guardian.full_name,
            guardian.verification_locked_at is not None,
            guardian.verification_locked_at,
            attempts,
        )


@service
def unlock_guardian(
    ctx: AppContext, session: StaffSession, guardian_id: int, reason: str | None = None
) -> None:
    """Clear a verification lock: a principal or assistant principal of any school where
    the guardian has a linked student (the lock is the guardian's, not a school's)."""
    with ctx.uow() as uow:
        guardian = uow.people.guardian(guardian_id)
        if guardian is None:
            raise NotFound("guardian.not_found")
        school = _guardian_school(uow, session, guardian_id, action="guardian_unlock")
        now = uow.now()
        uow.people.unlock_guardian(guardian_id, now)
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "guardian_unlock",
                Outcome.SUCCESS,
                "guardian",
                str(guardian_id),
                school.id,
                {"reason": reason, "was_locked": guardian.verification_locked_at is not None},
            ),
        )
        uow.commit()


def _links_of_guardian(uow: UnitOfWork, guardian_id: int) -> list[LinkRow]:
    return list(uow.people.links_of_guardian(guardian_id))
