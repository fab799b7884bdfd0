"""The scripted steps of ``ppdesk selftest`` (service calls only, like any face)."""

from __future__ import annotations

from pathlib import Path

from ppdesk.domain.pin import PinStatus
from ppdesk.domain.verification import IdType, PhotoIdCheck, SecurityAnswers, VerificationMode
from ppdesk.services import lookup, pins, verification
from ppdesk.services.auth import PasswordAuthenticator
from ppdesk.services.context import AppContext, StaffSession


def scripted_pin(ctx: AppContext, password: str) -> tuple[int, StaffSession]:
    """Verify the first verified guardian of the demo school with the record's own answers
    and issue the PIN, as a parent access administrator would at the counter."""
    paa = PasswordAuthenticator(ctx).login("parent_access_admin", password)
    for hit in lookup.find_students(ctx, paa, "a"):
        view = lookup.student_view(ctx, paa, hit.student_id)
        guardian = next(
            (
                g
                for g in view.guardians
                if g.verified_legal_guardian and g.pin_status != PinStatus.ACTIVE
            ),
            None,
        )
        if guardian is None or not view.emergency_contacts:
            continue
        contact = view.emergency_contacts[0]
        answers = SecurityAnswers(
            dob=view.dob.isoformat(),
            student_name=f"{view.first_name} {view.last_name}",
            grade=view.grade,
            address=view.address or "",
            phone=view.phone or "",
            emergency_contact_name=contact.name,
            emergency_contact_phone=contact.phone or "",
        )
        started = verification.start_verification(
            ctx, paa, guardian.link_id, VerificationMode.IN_PERSON
        )
        photo = PhotoIdCheck(IdType.CALIFORNIA_ID, True, None, False, no_expiry_date=True)
        outcome = verification.complete_verification(
            ctx, paa, started.verification_id, answers, photo
        )
        if not outcome.passed:
            raise RuntimeError("scripted verification failed: " + "; ".join(outcome.reasons))
        pins.issue_pin(ctx, paa, guardian.link_id)
        return guardian.link_id, paa
    raise RuntimeError("no verified guardian found in the demo school")


def roster_export(ctx: AppContext, password: str, out: Path) -> int:
    from ppdesk.services import roster

    principal = PasswordAuthenticator(ctx).login("principal", password)
    summary = roster.export_roster(ctx, principal, out)
    return int(getattr(summary, "rows", 0))
