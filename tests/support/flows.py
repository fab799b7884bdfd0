"""Service-level flows shared by tests: verify a guardian, then issue."""

from __future__ import annotations

from ppdesk.domain.verification import VerificationMode
from ppdesk.services import pins, verification
from ppdesk.services.context import AppContext, StaffSession
from tests.support.family import good_id, right_answers


def verify(
    ctx: AppContext,
    session: StaffSession,
    link_id: int,
    mode: VerificationMode = VerificationMode.IN_PERSON,
    answers=None,
    photo=None,
):
    started = verification.start_verification(ctx, session, link_id, mode)
    return verification.complete_verification(
        ctx, session, started.verification_id, answers or right_answers(), photo or good_id()
    )


def verify_and_issue(ctx: AppContext, session: StaffSession, link_id: int, **kw):
    outcome = verify(ctx, session, link_id)
    assert outcome.passed, outcome.reasons
    return pins.issue_pin(ctx, session, link_id, **kw)
