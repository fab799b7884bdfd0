"""Issue 15 point 5 on both engines: the verification lock belongs to the guardian. Three
failures at school B lock the guardian at school A too; a principal or assistant principal
of either school (not only the guardian's lowest-id school) may review the failed attempts
and unlock, audited; staff of a school without the guardian's children may not."""

from __future__ import annotations

import json

import pytest

from ppdesk.domain.errors import GuardianLocked, PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.domain.verification import VerificationMode
from ppdesk.services import verification
from tests.support.family import right_answers
from tests.support.flows import verify
from tests.support.seed import add_school, staff_with_role
from tests.support.two_schools import guardian_at_two_schools


@pytest.fixture
def locked(app):
    fam = guardian_at_two_schools(app)
    paa_b = staff_with_role(app, Role.PARENT_ACCESS_ADMIN, "1002")
    for _ in range(3):
        outcome = verify(
            app, paa_b, fam.link_b, answers=right_answers(student_name="lucia nunez", grade="9")
        )
        assert not outcome.passed
    assert outcome.guardian_locked
    return fam


def test_point5_failures_at_school_b_lock_the_guardian_at_school_a(app, locked) -> None:
    paa_a = staff_with_role(app, Role.PARENT_ACCESS_ADMIN, "1001")
    with pytest.raises(GuardianLocked):
        verification.start_verification(app, paa_a, locked.link_a, VerificationMode.IN_PERSON)


@pytest.mark.parametrize(
    ("role", "school"),
    [
        (Role.ASSISTANT_PRINCIPAL, "1002"),  # not the guardian's lowest-id school
        (Role.PRINCIPAL, "1002"),
        (Role.ASSISTANT_PRINCIPAL, "1001"),
    ],
)
def test_point5_any_principal_or_ap_of_the_guardians_schools_reviews_and_unlocks(
    app, locked, role: Role, school: str
) -> None:
    staff = staff_with_role(app, role, school)
    review = verification.review_guardian_lock(app, staff, locked.guardian_id)
    assert review.locked and len(review.attempts) == 3
    assert {a.school_code for a in review.attempts} == {"1002"}
    assert all(a.failed_checks == ("Student's grade level",) for a in review.attempts)
    assert all(a.staff_name == "Parent Access Admin 1002" for a in review.attempts)
    verification.unlock_guardian(app, staff, locked.guardian_id, "spoke with the mother")
    with app.uow(readonly=True) as uow:
        assert uow.people.guardian(locked.guardian_id).verification_locked_at is None
        row = list(uow.audit.query(action="guardian_unlock"))[-1]
        school_id = uow.schools.get_by_code(school).id
    assert row.outcome == "success" and row.school_id == school_id
    assert json.loads(row.details)["reason"] == "spoke with the mother"
    paa_a = staff_with_role(app, Role.PARENT_ACCESS_ADMIN, "1001")
    assert verify(app, paa_a, locked.link_a).passed
    # After the unlock the review starts afresh.
    assert verification.review_guardian_lock(app, staff, locked.guardian_id).attempts == ()


@pytest.mark.parametrize(
    ("role", "school"),
    [
        (Role.PRINCIPAL, "1003"),  # a school without the guardian's children
        (Role.PARENT_ACCESS_ADMIN, "1001"),
        (Role.OFFICE_STAFF, "1001"),
    ],
)
def test_point5_others_may_neither_review_nor_unlock(app, locked, role: Role, school: str) -> None:
    add_school(app, "1003", "Oak Park High")
    staff = staff_with_role(app, role, school)
    with pytest.raises(PermissionDenied):
        verification.review_guardian_lock(app, staff, locked.guardian_id)
    with pytest.raises(PermissionDenied):
        verification.unlock_guardian(app, staff, locked.guardian_id, "no")
    with app.uow(readonly=True) as uow:
        assert uow.people.guardian(locked.guardian_id).verification_locked_at is not None
        denied = [r.action for r in uow.audit.query() if r.outcome == "denied"]
    assert "guardian_lock_review" in denied and "guardian_unlock" in denied
