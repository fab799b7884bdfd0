"""Who may find and view which student, on the in-memory unit of work: the lookup scope of
each role (DESIGN.md "Roles", row "find a student, parent search, read-only student view":
every role, a teacher only their own homeroom), by school, local district or district-wide,
and the portal lock the student view shows. tests/integration/test_lookup.py keeps the
search itself (SQL matching) on both databases.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from ppdesk.domain.audit import Outcome
from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import lookup
from ppdesk.services.context import AppContext
from ppdesk.services.lookup import Scope
from ppdesk.services.ports import StaffRecord
from ppdesk.services.records import LinkRow
from tests.support.memory_rules import NOW, session_of
from tests.support.memory_uow import MemoryDatabase


def scope_of(db: MemoryDatabase, member: StaffRecord) -> Scope:
    with db(readonly=True) as uow:
        return lookup.lookup_scope(uow, session_of(member))


def homeroom_of(db: MemoryDatabase, link: LinkRow, teacher: StaffRecord | None) -> None:
    student = db.tables.students[link.student_id]
    db.tables.students[student.id] = replace(
        student, homeroom_teacher_id=teacher.id if teacher else None
    )


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_the_lookup_scope_of_each_role_at_a_school(db: MemoryDatabase, role: Role) -> None:
    school = db.add_school("101", local_district="North")
    db.add_school("102", local_district="North")
    member = db.add_staff("member")
    db.grant(member, role, school=school)
    expected = {
        Role.PRINCIPAL: Scope([school.id], None),
        Role.ASSISTANT_PRINCIPAL: Scope([school.id], None),
        Role.PARENT_ACCESS_ADMIN: Scope([school.id], None),
        Role.OFFICE_STAFF: Scope([school.id], None),
        Role.TEACHER: Scope([school.id], member.id),  # own homeroom only
        Role.DISTRICT_ADMIN: Scope([school.id], None),
    }
    assert set(expected) == set(Role)  # a new role must get its cell here
    assert scope_of(db, member) == expected[role]


def test_district_and_local_district_grants_and_no_grant(db: MemoryDatabase) -> None:
    north_a = db.add_school("101", local_district="North")
    north_b = db.add_school("102", local_district="North")
    db.add_school("201", local_district="South")
    everywhere = db.add_staff("everywhere")
    db.grant(everywhere, Role.DISTRICT_ADMIN)
    north = db.add_staff("north")
    db.grant(north, Role.DISTRICT_ADMIN, local_district="North")
    both = db.add_staff("both")
    db.grant(both, Role.OFFICE_STAFF, local_district="North")
    db.grant(both, Role.OFFICE_STAFF, local_district="South")
    nobody = db.add_staff("nobody")
    gone = db.add_staff("gone", active=False)
    db.grant(gone, Role.PRINCIPAL, school=north_a)

    assert scope_of(db, everywhere) == Scope(None, None)
    assert scope_of(db, north) == Scope(sorted([north_a.id, north_b.id]), None)
    assert scope_of(db, both) == Scope(None, None)  # every school: no filter
    for member in (nobody, gone):
        with pytest.raises(PermissionDenied):
            scope_of(db, member)


def test_a_teacher_views_only_their_homeroom_and_the_refusal_is_audited(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = db.add_school("101")
    teacher = db.add_staff("teacher")
    db.grant(teacher, Role.TEACHER, school=school)
    office = db.add_staff("office")
    db.grant(office, Role.OFFICE_STAFF, school=school)
    mine, other = db.add_family(school), db.add_family(school)
    homeroom_of(db, mine, teacher)
    homeroom_of(db, other, None)

    assert lookup.student_view(ctx, session_of(teacher), mine.student_id).student_id == (
        mine.student_id
    )
    with pytest.raises(PermissionDenied):
        lookup.student_view(ctx, session_of(teacher), other.student_id)
    [denial] = db.tables.audit
    assert (denial.entry.action, denial.entry.outcome) == ("student_view", Outcome.DENIED)
    assert denial.entry.details == {"permission": "lookup_all_students"}
    assert denial.entry.target_id == db.tables.students[other.student_id].student_number
    for link in (mine, other):  # office staff: every student of the school
        view = lookup.student_view(ctx, session_of(office), link.student_id)
        assert [g.link_id for g in view.guardians] == [link.id]


def test_nobody_views_a_student_of_another_school(db: MemoryDatabase, ctx: AppContext) -> None:
    here, there = db.add_school("101"), db.add_school("201")
    principal = db.add_staff("principal")
    db.grant(principal, Role.PRINCIPAL, school=here)
    link = db.add_family(there)
    with pytest.raises(PermissionDenied):
        lookup.student_view(ctx, session_of(principal), link.student_id)
    assert db.tables.audit[-1].entry.school_id == there.id


def test_the_view_shows_the_portal_lock_after_ten_failures_within_24_hours(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = db.add_school("101")
    office = db.add_staff("office")
    db.grant(office, Role.OFFICE_STAFF, school=school)
    link = db.add_family(school)
    number = db.tables.students[link.student_id].student_number
    with db() as uow:
        uow.pins.add_attempt(number, NOW - timedelta(hours=25), "failed")  # outside the window
        for minutes in range(9):
            uow.pins.add_attempt(number, NOW - timedelta(minutes=minutes), "failed")
        uow.pins.add_attempt(number, NOW, "typo")  # a typo is not a failure
        uow.commit()

    view = lookup.student_view(ctx, session_of(office), link.student_id)
    assert len(view.redemption_failures) == 9 and not view.redemption_locked
    with db() as uow:
        uow.pins.add_attempt(number, NOW - timedelta(hours=23), "failed")
        uow.commit()
    view = lookup.student_view(ctx, session_of(office), link.student_id)
    assert len(view.redemption_failures) == 10 and view.redemption_locked
    assert list(view.redemption_failures) == sorted(view.redemption_failures, reverse=True)
