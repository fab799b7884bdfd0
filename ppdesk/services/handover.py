"""Hand-over of a bulk letter at the counter (reference guide section IV).

A bulk run prints letters whose PINs are *held*: printed and stored, but they do not link.
At the counter, staff find the letter by its number (typed, or scanned from the barcode in
the letter's staff corner), run the verification checklist for that guardian and student,
and, once it has passed, ``hand_over`` makes the same PIN live: no new PIN, no reprint. A
guardian with several children shows the photo ID once (the desk carries the ID check over)
and answers the student questions for each child; each letter becomes live only after its
own child's checklist passed. A failed checklist leaves the letter held, and repeated
failures lock the guardian as for any verification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import Conflict, NotFound, PinUnavailable, ValidationError
from ppdesk.domain.letter_number import parse_letter_number
from ppdesk.domain.pin import PinStatus, effective_status
from ppdesk.domain.roles import Permission
from ppdesk.services.access import allowed, audit, retries_when_busy, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.pins import denied, load_managed, passed_verification, sweep_expired
from ppdesk.services.ports import UnitOfWork
from ppdesk.services.records import PinRow


@dataclass(frozen=True)
class HeldLetter:
    """A bulk letter found by its number: whose it is and what state its PIN is in. Carries
    the ids the desk opens (student, guardian, link) with the names it shows before opening."""

    letter_number: str
    link_id: int
    student_id: int
    student_number: str
    student_name: str
    guardian_id: int
    guardian_name: str
    status: str  # held, active (handed over), redeemed, revoked, expired
    expires_at: datetime


@dataclass(frozen=True)
class HandedOver:
    """A hand-over done: the letter's PIN is live. ``still_held`` lists the same
    guardian's other letters (other children) that are still waiting."""

    pin_id: int
    link_id: int
    letter_number: str
    verification_id: int
    mode: str
    id_type: str | None
    expires_at: datetime
    still_held: tuple[HeldLetter, ...]


def _letter(uow: UnitOfWork, row: PinRow, now: datetime) -> HeldLetter:
    student = uow.people.student(row.student_id)
    guardian = uow.people.guardian(row.guardian_id)
    assert student is not None and guardian is not None and row.letter_number is not None
    return HeldLetter(
        letter_number=row.letter_number,
        link_id=row.link_id,
        student_id=student.id,
        student_number=student.student_number,
        student_name=student.full_name,
        guardian_id=guardian.id,
        guardian_name=guardian.full_name,
        status=effective_status(row.status, row.expires_at, now),
        expires_at=row.expires_at,
    )


@service
def find_letter(ctx: AppContext, session: StaffSession, text: str) -> HeldLetter | None:
    """The bulk letter whose number is ``text`` (typed or scanned), or ``None`` if the text
    is not a letter number. ``NotFound`` for a well-formed number that names no letter (or
    one of a school where the staff member may not run the checklist)."""
    number = parse_letter_number(text)
    if number is None:
        return None
    with ctx.uow(readonly=True) as uow:
        row = uow.pins.by_letter_number(number)
        student = uow.people.student(row.student_id) if row is not None else None
        if row is None or student is None or not _may_verify(uow, session, student.school_id):
            raise NotFound("handover.letter_not_found", letter=number)
        return _letter(uow, row, uow.now())


def _may_verify(uow: UnitOfWork, session: StaffSession, school_id: int) -> bool:
    return bool(allowed(uow, session, Permission.VERIFY_IDENTITY, uow.schools.get(school_id)))


@service
def held_letters(ctx: AppContext, session: StaffSession, guardian_id: int) -> list[HeldLetter]:
    """The guardian's letters still waiting to be handed over (one per child)."""
    with ctx.uow(readonly=True) as uow:
        now = uow.now()
        found = []
        for row in uow.pins.held_of_guardian(guardian_id):
            student = uow.people.student(row.student_id)
            if student is None or not _may_verify(uow, session, student.school_id):
                continue
            letter = _letter(uow, row, now)
            if letter.status == PinStatus.HELD:
                found.append(letter)
        return found


@service
@retries_when_busy
def hand_over(ctx: AppContext, session: StaffSession, link_id: int) -> HandedOver:
    """Make the held PIN of ``link_id`` live after a passed checklist (same PIN, no reprint).

    Needs the MANAGE_PIN role and a passed verification of this guardian for this student
    by this staff member within ``VERIFICATION_VALID_FOR`` (in person or on video). Records
    who, when, how and which photo ID in the ``pin_handover`` audit row (with the
    verification id).
    """
    sweep_expired(ctx)
    with ctx.uow() as uow:
        link, student = load_managed(uow, session, link_id, action="pin_handover")
        now = uow.now()
        v = passed_verification(
            uow, session, link, now, "screen", "pin_handover", student.school_id
        )
        uow.pins.expire_due(now)
        row = uow.pins.held_for_link(link.id, lock=True)
        if row is None:
            latest = uow.pins.latest_for_link(link.id)
            state = effective_status(latest.status, latest.expires_at, now) if latest else None
            if state is PinStatus.ACTIVE and latest is not None and latest.letter_number:
                error = PinUnavailable("handover.already_live")
            elif state:
                error = PinUnavailable(
                    "handover.no_held_letter_state", state=(f"pin.state.{state}",)
                )
            else:
                error = PinUnavailable("handover.no_held_letter")
            raise denied(error, "pin_handover", link, student.school_id)
        if row.letter_number is None:
            raise ValidationError("handover.no_letter_number")
        if not uow.pins.activate(row.id, at=now, by_id=session.staff_id, verification_id=v.id):
            raise Conflict("handover.changed_elsewhere")
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "pin_handover",
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {
                    "pin_id": row.id,
                    "letter_number": row.letter_number,
                    "verification_id": v.id,
                    "mode": v.mode,
                    "id_type": v.id_type,
                },
            ),
        )
        others = tuple(
            _letter(uow, r, now)
            for r in uow.pins.held_of_guardian(link.guardian_id)
            if r.id != row.id
        )
        uow.commit()
    return HandedOver(
        pin_id=row.id,
        link_id=link.id,
        letter_number=row.letter_number,
        verification_id=v.id,
        mode=v.mode,
        id_type=v.id_type,
        expires_at=row.expires_at,
        still_held=tuple(o for o in others if o.status == PinStatus.HELD),
    )
