"""Issue 15 point 8 on both engines: the student view carries the failed portal link
attempts of the last 24 hours (typos and cleared ones left out), so the desk can show them
beside "Check a PIN" and "Clear the redemption lock"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from ppdesk.adapters.db.models import RedemptionAttempt
from ppdesk.domain import pin as pin_domain
from ppdesk.domain.roles import Role
from ppdesk.services import lookup, redemption
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.seed import staff_with_role


def _fail(app, fam, pin_text: str) -> None:
    with pytest.raises((redemption.RedemptionFailed, pin_domain.PinChecksumError)):
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text=pin_text,
            email="m@example.org",
        )


def test_point8_student_view_lists_the_failures_of_the_last_24_hours(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    office = staff_with_role(app, Role.OFFICE_STAFF)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    for _ in range(4):
        _fail(app, fam, pin_domain.generate_pin().display)
    canonical = pin_domain.parse_pin(issued.display).canonical
    typo = canonical[:-1] + next(c for c in pin_domain.ALPHABET if c != canonical[-1])
    _fail(app, fam, typo)  # a typo is not a failure
    with runtime.engine.begin() as conn:  # one failure from two days ago
        first = conn.execute(
            select(func.min(RedemptionAttempt.id)).where(RedemptionAttempt.outcome == "failed")
        ).scalar_one()
        conn.execute(
            update(RedemptionAttempt)
            .where(RedemptionAttempt.id == first)
            .values(at=datetime.now(UTC) - timedelta(days=2))
        )
    view = lookup.student_view(app, office, fam.student_id)  # office staff see them too
    assert len(view.redemption_failures) == 3 and not view.redemption_locked
    assert list(view.redemption_failures) == sorted(view.redemption_failures, reverse=True)
    assert all(t.tzinfo is not None for t in view.redemption_failures)
    # Checking the right PIN does not use it and counts nothing.
    check = redemption.check_pin(
        app, paa, student_number=fam.student_number, pin_text=issued.display
    )
    assert check.valid and check.status == "active"
    assert len(lookup.student_view(app, paa, fam.student_id).redemption_failures) == 3
    assert redemption.clear_redemption_lock(app, paa, student_number=fam.student_number) == 4
    assert lookup.student_view(app, paa, fam.student_id).redemption_failures == ()
