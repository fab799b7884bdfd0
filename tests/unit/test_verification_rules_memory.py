"""The verification checklist's rules on the in-memory unit of work: who may run it, what
must hold before it starts, how answers are judged and stored, and the lock after repeated
failures (reference guide sections III and IV). The database tests
(tests/integration/test_verification.py) keep the same service on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from ppdesk.domain.audit import Outcome
from ppdesk.domain.errors import (
    GuardianLocked,
    GuardianNotEligible,
    NotFound,
    PermissionDenied,
    RecordIncomplete,
)
from ppdesk.domain.roles import Role
from ppdesk.domain.verification import IdType, PhotoIdCheck, SecurityAnswers, VerificationMode
from ppdesk.services import verification
from ppdesk.services.context import AppContext
from ppdesk.services.ports import SchoolRecord, StaffRecord
from ppdesk.services.records import LinkRow
from tests.support.memory_rules import NOW, session_of
from tests.support.memory_uow import MemoryDatabase

IN_PERSON = VerificationMode.IN_PERSON

# DESIGN.md "Roles", row "run the verification checklist"; a district administrator manages
# the district and does not verify parents. Written out, not read from domain.roles.
MAY_VERIFY = {
    Role.PRINCIPAL: True,
    Role.ASSISTANT_PRINCIPAL: True,
    Role.PARENT_ACCESS_ADMIN: True,
    Role.OFFICE_STAFF: False,
    Role.TEACHER: False,
    Role.DISTRICT_ADMIN: False,
}


def right_answers(**changes: str) -> SecurityAnswers:
    """The answers for MemoryDatabase.add_family's record, as a guardian might say them."""
    values = {
        "dob": "3/4/2015",
        "student_name": "ana ruiz",
        "grade": "3rd",
        "address": "1 Main Street",
        "phone": "(213) 555-0100",
        "emergency_contact_name": "rosa ruiz",
        "emergency_contact_phone": "213 555 0199",
    }
    return SecurityAnswers(**(values | changes))


GOOD_ID = PhotoIdCheck(
    id_type=IdType.CALIFORNIA_ID, name_matches=True, expires_on=date(2031, 1, 1),
    seen_on_screen=True,
)  # fmt: skip


@pytest.fixture
def school(db: MemoryDatabase) -> SchoolRecord:
    return db.add_school("101", local_district="North")


@pytest.fixture
def paa(db: MemoryDatabase, school: SchoolRecord) -> StaffRecord:
    member = db.add_staff("paa")
    db.grant(member, Role.PARENT_ACCESS_ADMIN, school=school)
    return member


def run(
    ctx: AppContext, member: StaffRecord, link: LinkRow, answers: SecurityAnswers
) -> verification.VerificationOutcome:
    started = verification.start_verification(ctx, session_of(member), link.id, IN_PERSON)
    return verification.complete_verification(
        ctx, session_of(member), started.verification_id, answers, GOOD_ID
    )


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_the_checklist_follows_the_role_matrix(
    db: MemoryDatabase, ctx: AppContext, school: SchoolRecord, role: Role
) -> None:
    assert set(MAY_VERIFY) == set(Role)  # a new role must get its cell here
    link = db.add_family(school)
    actor = db.add_staff("actor")
    if role is Role.DISTRICT_ADMIN:
        db.grant(actor, role)  # district-wide: still no checklist
    else:
        db.grant(actor, role, school=school)

    if MAY_VERIFY[role]:
        outcome = run(ctx, actor, link, right_answers())
        assert outcome.passed and not outcome.reasons
        assert [(r.entry.action, r.entry.outcome) for r in db.tables.audit] == [
            ("verification_start", Outcome.SUCCESS),
            ("verification", Outcome.SUCCESS),
        ]
        return
    with pytest.raises(PermissionDenied):
        verification.start_verification(ctx, session_of(actor), link.id, IN_PERSON)
    [denial] = db.tables.audit
    assert (denial.entry.action, denial.entry.outcome) == ("verification_start", Outcome.DENIED)
    assert denial.entry.details == {"permission": "verify_identity"}
    assert db.tables.verifications == {}


def test_only_a_verified_parent_and_legal_guardian_may_be_verified(
    db: MemoryDatabase, ctx: AppContext, school: SchoolRecord, paa: StaffRecord
) -> None:
    link = db.add_family(school, verified=False)
    with pytest.raises(GuardianNotEligible):
        verification.start_verification(ctx, session_of(paa), link.id, IN_PERSON)
    [denial] = db.tables.audit
    assert denial.entry.outcome == Outcome.DENIED
    assert denial.entry.details == {"reason": "GuardianNotEligible"}
    assert db.tables.verifications == {}


def test_a_record_without_an_emergency_contact_stops_the_checklist_before_it_counts(
    db: MemoryDatabase, ctx: AppContext, school: SchoolRecord, paa: StaffRecord
) -> None:
    link = db.add_family(school, contact=False)
    for _ in range(4):  # more than the lock's three: none of them counts
        with pytest.raises(RecordIncomplete):
            verification.start_verification(ctx, session_of(paa), link.id, IN_PERSON)
    assert db.tables.verifications == {}
    assert db.tables.audit[-1].entry.details == {
        "reason": "RecordIncomplete",
        "missing": ["emergency_contact"],
    }
    assert db.tables.guardians[link.guardian_id].verification_locked_at is None


def test_answers_are_judged_and_stored_as_results_never_as_answers(
    db: MemoryDatabase, ctx: AppContext, school: SchoolRecord, paa: StaffRecord
) -> None:
    link = db.add_family(school)
    outcome = run(ctx, paa, link, right_answers(grade="5th", address="9 Oak Avenue"))

    assert not outcome.passed and not outcome.guardian_locked
    assert {q for q, ok in outcome.question_results.items() if not ok} == {"grade", "address_phone"}
    [row] = db.tables.verifications.values()
    assert row.outcome == "failed" and row.completed_at == NOW
    assert json.loads(row.question_results or "{}") == outcome.question_results
    stored = repr(row) + repr([r.entry for r in db.tables.audit])
    assert "Oak" not in stored and "5th" not in stored  # results, never the answers


def test_three_failures_within_24_hours_lock_the_guardian(
    db: MemoryDatabase, ctx: AppContext, school: SchoolRecord, paa: StaffRecord
) -> None:
    link = db.add_family(school)
    wrong = right_answers(dob="1/1/2001")
    locked = []
    for _ in range(3):
        locked.append(run(ctx, paa, link, wrong).guardian_locked)
        db.now += timedelta(hours=11, minutes=59)  # the third is 23 h 58 min after the first
    assert locked == [False, False, True]
    assert db.tables.guardians[link.guardian_id].verification_locked_at is not None
    with pytest.raises(GuardianLocked):  # even the right answers now wait for an unlock
        verification.start_verification(ctx, session_of(paa), link.id, IN_PERSON)
    assert db.tables.audit[-1].entry.details == {"reason": "GuardianLocked"}


def test_failures_more_than_24_hours_apart_do_not_lock(
    db: MemoryDatabase, ctx: AppContext, school: SchoolRecord, paa: StaffRecord
) -> None:
    link = db.add_family(school)
    wrong = right_answers(dob="1/1/2001")
    for _ in range(3):
        assert not run(ctx, paa, link, wrong).guardian_locked
        db.now += timedelta(hours=12, minutes=1)  # the third is 24 h 2 min after the first
    assert run(ctx, paa, link, right_answers()).passed


def test_a_verification_is_completed_only_by_who_started_it_and_only_once(
    db: MemoryDatabase, ctx: AppContext, school: SchoolRecord, paa: StaffRecord
) -> None:
    link = db.add_family(school)
    colleague = db.add_staff("colleague")
    db.grant(colleague, Role.PRINCIPAL, school=school)
    started = verification.start_verification(ctx, session_of(paa), link.id, IN_PERSON)

    with pytest.raises(PermissionDenied):
        verification.complete_verification(
            ctx, session_of(colleague), started.verification_id, right_answers(), GOOD_ID
        )
    assert db.tables.audit[-1].entry.outcome == Outcome.DENIED
    assert db.tables.verifications[started.verification_id].outcome == "in_progress"

    first = verification.complete_verification(
        ctx, session_of(paa), started.verification_id, right_answers(), GOOD_ID
    )
    audited = len(db.tables.audit)
    again = verification.complete_verification(  # a retry after a dropped connection
        ctx, session_of(paa), started.verification_id, right_answers(dob="1/1/2001"), GOOD_ID
    )
    assert first.passed and again.passed  # the recorded outcome, not a new judgement
    assert len(db.tables.audit) == audited
    with pytest.raises(NotFound):
        verification.complete_verification(ctx, session_of(paa), 999_999, right_answers(), GOOD_ID)
