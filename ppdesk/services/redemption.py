"""Redemption: what the portal does when a parent adds a student (reference guide V).

Student ID + date of birth + PIN + the parent's email. Student ID and DOB only locate the
record; the PIN carries the security (NIST SP 800-63A). A wrong check symbol is a typo and
is not counted; any other mismatch counts against that student ID, and 10 failures in 24
hours lock redemption for it until staff clear the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import DomainError, NotFound, RedemptionLocked, ValidationError
from ppdesk.domain.pin import (
    MAX_FAILED_REDEMPTIONS,
    REDEMPTION_WINDOW,
    PinChecksumError,
    PinStatus,
    effective_status,
    parse_pin,
)
from ppdesk.domain.roles import Permission
from ppdesk.domain.text import EMAIL_MAX, ID_MAX, clean_text
from ppdesk.services.access import audit, require, retries_when_busy, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.pins import keys_of, sweep_expired


class RedemptionFailed(DomainError):
    """The details do not match (never says which one)."""


class PinNotActivated(RedemptionFailed):
    """A bulk letter's PIN, not handed over at the school office yet (counted as a failure,
    like a wrong PIN, so held letters cannot be tried by brute force either)."""


@dataclass(frozen=True)
class Redeemed:
    """What a successful portal redemption tells the caller: whose link it made."""

    student_number: str
    student_name: str
    guardian_name: str


@dataclass(frozen=True)
class PinCheck:
    """A PIN's state without redeeming it (no student fields: the caller named the
    student)."""

    valid: bool
    status: str
    guardian_name: str | None
    expires_at: datetime | None


def _email(value: str) -> str:
    email = clean_text(value, field="email", max_len=EMAIL_MAX, required=True)
    assert email is not None
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email:
        raise ValidationError("redemption.email_invalid", field="email")
    return email


@retries_when_busy
def redeem(
    ctx: AppContext, *, student_number: str, dob: date, pin_text: str, email: str
) -> Redeemed:
    """Link a parent's portal account to a student with a PIN (single use)."""
    number = clean_text(student_number, field="student ID", max_len=ID_MAX, required=True)
    assert number is not None
    email = _email(email)
    try:
        pin = parse_pin(pin_text)
    except PinChecksumError:
        with ctx.uow() as uow:
            uow.pins.add_attempt(number, uow.now(), "mistyped")
            uow.commit()
        raise
    keys = keys_of(ctx)
    sweep_expired(ctx)
    failed: str | None = None
    with ctx.uow() as uow:
        # Redemptions of one student ID run one at a time (a row lock in the database), so
        # N concurrent requests never count fewer than N failures nor redeem a PIN twice.
        uow.pins.lock_redemption(number)
        now = uow.now()
        if (
            uow.pins.failed_attempts_since(number, now - REDEMPTION_WINDOW)
            >= MAX_FAILED_REDEMPTIONS
        ):
            raise RedemptionLocked("redemption.locked")
        uow.pins.expire_due(now)
        student = uow.people.student_by_number(number)
        row = uow.pins.by_hash(keys.lookup_hash(pin.canonical))
        if student is None or student.dob != dob or row is None or row.student_id != student.id:
            row = None
        # The PIN ends only if it is still active (one conditional UPDATE): a revoke or
        # another redemption that got there first leaves nothing to redeem.
        redeemed = (
            row is not None
            and row.status == PinStatus.ACTIVE
            and uow.pins.end(
                row.id,
                status=PinStatus.REDEEMED,
                at=now,
                by_id=None,
                reason="redeemed on the portal",
                from_statuses=(PinStatus.ACTIVE,),
            )
        )
        if not redeemed or row is None or student is None:
            # Only a held PIN that matches student and DOB is told apart from a mismatch.
            held = row is not None and row.status == PinStatus.HELD
            uow.pins.add_attempt(number, now, "failed")
            uow.audit.append(
                AuditEntry(
                    "pin_redeem",
                    Outcome.FAILED,
                    "student",
                    number,
                    student.school_id if held and student else None,
                    {"reason": "held", "pin_id": row.id} if held and row else None,
                ),
                actor="portal",
                actor_staff_id=None,
                workstation=ctx.workstation,
            )
            failed = PinStatus.HELD.value if held else "no_match"
        else:
            guardian = uow.people.guardian(row.guardian_id)
            assert guardian is not None
            uow.people.set_registered_email(guardian.id, email)
            uow.pins.add_attempt(number, now, "success")
            uow.audit.append(
                AuditEntry(
                    "pin_redeem",
                    Outcome.SUCCESS,
                    "guardian_link",
                    str(row.link_id),
                    student.school_id,
                    {"pin_id": row.id},
                ),
                actor="portal",
                actor_staff_id=None,
                workstation=ctx.workstation,
            )
        uow.commit()
    if failed == PinStatus.HELD:
        raise PinNotActivated("redemption.not_activated")
    if failed:
        raise RedemptionFailed("redemption.no_match")
    assert student is not None and guardian is not None  # the redeemed branch found both
    return Redeemed(number, student.full_name, guardian.full_name)


@service
def check_pin(
    ctx: AppContext, session: StaffSession, *, student_number: str, pin_text: str
) -> PinCheck:
    """Staff check whether a PIN a parent holds is valid for this student, without using it."""
    pin = parse_pin(pin_text)  # a typo is reported as such
    keys = keys_of(ctx)
    with ctx.uow() as uow:
        student = uow.people.student_by_number(student_number.strip())
        if student is None:
            raise NotFound("student.number_not_found")
        require(
            uow,
            session,
            Permission.MANAGE_PIN,
            uow.schools.get(student.school_id),
            action="pin_check",
            target_type="student",
            target_id=student.student_number,
        )
        now = uow.now()
        row = uow.pins.by_hash(keys.lookup_hash(pin.canonical))
        result: PinCheck
        if row is None or row.student_id != student.id:
            result = PinCheck(False, "not a PIN of this student", None, None)
        else:
            status = effective_status(row.status, row.expires_at, now)
            guardian = uow.people.guardian(row.guardian_id)
            result = PinCheck(
                status is PinStatus.ACTIVE,
                status,
                guardian.full_name if guardian else None,
                row.expires_at,
            )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "pin_check",
                Outcome.SUCCESS,
                "student",
                student.student_number,
                student.school_id,
                {"valid": result.valid},
            ),
        )
        uow.commit()
        return result


@service
def clear_redemption_lock(ctx: AppContext, session: StaffSession, *, student_number: str) -> int:
    """Clear the redemption lockout of a student; returns how many failures were cleared."""
    with ctx.uow() as uow:
        student = uow.people.student_by_number(student_number.strip())
        if student is None:
            raise NotFound("student.number_not_found")
        require(
            uow,
            session,
            Permission.MANAGE_PIN,
            uow.schools.get(student.school_id),
            action="redemption_unlock",
            target_type="student",
            target_id=student.student_number,
        )
        cleared: int = uow.pins.clear_attempts(student.student_number)
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "redemption_unlock",
                Outcome.SUCCESS,
                "student",
                student.student_number,
                student.school_id,
                {"cleared": cleared},
            ),
        )
        uow.commit()
        return cleared
