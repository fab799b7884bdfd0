"""Rules that read the roster repository, on the in-memory unit of work: a bulk letter run
chooses a class as staff type it (a grade as people say it, a homeroom by its name or its
teacher's, among the school's active students only), and removing a verified status says
that the portal link must go when the guardian had redeemed a PIN.

The roster's stream, counts and reports stay on both databases in tests/integration
(test_roster_export, test_roster_pages, test_reports); the matching rule itself is
``domain.selection`` (tests/unit/test_matching.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import custody, letter_selection
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import SchoolRecord
from ppdesk.services.records import LinkRow
from tests.support.memory_rules import NOW
from tests.support.memory_uow import MemoryDatabase

LATER = NOW + timedelta(days=9)


def pupil(
    db: MemoryDatabase,
    school: SchoolRecord,
    grade: str,
    homeroom: str | None,
    teacher: str | None = None,
    *,
    active: bool = True,
) -> LinkRow:
    link = db.add_family(school)
    teacher_id = None
    if teacher is not None:
        known = [s for s in db.tables.staff.values() if s.display_name == teacher]
        teacher_id = (known or [db.add_staff(teacher.lower(), display_name=teacher)])[0].id
    t = db.tables
    t.students[link.student_id] = replace(
        t.students[link.student_id],
        grade=grade,
        homeroom=homeroom,
        homeroom_teacher_id=teacher_id,
        active=active,
    )
    return link


def chosen(
    db: MemoryDatabase, school: SchoolRecord, grade: str | None, homeroom: str | None
) -> set[int]:
    with db(readonly=True) as uow:
        sel = letter_selection.select_letters(
            uow,
            school,
            grade=grade,
            homeroom=homeroom,
            unregistered_only=False,
            language="en",
            available=["en"],
            lock=False,
        )
    return {c.link.id for c in sel.chosen}


def refusal(
    db: MemoryDatabase, school: SchoolRecord, grade: str | None, homeroom: str | None
) -> str:
    with pytest.raises(ValidationError) as refused:
        chosen(db, school, grade, homeroom)
    return refused.value.code


def test_a_letter_run_takes_the_class_as_staff_type_it(db: MemoryDatabase) -> None:
    school = db.add_school("101")
    third_a = pupil(db, school, "3", "12", "Ms. Kowalski")
    third_b = pupil(db, school, "3", "14", "Mr. Nguyen")
    fourth = pupil(db, school, "4", "21", "Mr. Nguyen")  # one teacher, two rooms
    kinder = pupil(db, school, "K", "K1")

    cases = {
        (None, None): {third_a.id, third_b.id, fourth.id, kinder.id},
        ("3rd", None): {third_a.id, third_b.id},  # as people say it
        ("third", None): {third_a.id, third_b.id},
        ("k", None): {kinder.id},
        (None, "12"): {third_a.id},  # the room's name
        (None, "kowalski"): {third_a.id},  # or part of its teacher's, any case
        ("3", "nguyen"): {third_b.id},  # the teacher's room in that grade
        ("4", "Nguyen"): {fourth.id},
    }
    assert {typed: chosen(db, school, *typed) for typed in cases} == cases


def test_a_class_the_school_does_not_have_is_refused_not_an_empty_run(
    db: MemoryDatabase,
) -> None:
    school, other = db.add_school("101"), db.add_school("102")
    pupil(db, school, "3", "12", "Ms. Kowalski")
    pupil(db, school, "3", "14", "Mr. Nguyen")
    pupil(db, school, "5", "30", "Ms. Ortiz", active=False)  # gone: not a class any more
    pupil(db, other, "6", "40", "Mr. Park")  # another school's class

    assert refusal(db, school, "5th", None) == "selection.grade_empty"
    assert refusal(db, school, "6", None) == "selection.grade_empty"
    assert refusal(db, school, None, "ortiz") == "selection.homeroom_unknown"
    assert refusal(db, school, None, "park") == "selection.homeroom_unknown"
    assert refusal(db, school, "3", "1") == "selection.homeroom_ambiguous"  # 12 or 14
    assert refusal(db, school, "3", "30") == "selection.homeroom_unknown"  # not in grade 3


def test_removing_a_status_says_the_portal_link_goes_when_a_pin_was_redeemed(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = db.add_school("101")
    principal = db.add_staff("principal")
    db.grant(principal, Role.PRINCIPAL, school=school)
    session = StaffSession(principal.id, "principal", "Principal", "desk-1", NOW)
    linked = db.add_family(school)
    db.add_pin(linked, status="redeemed", expires_at=LATER)
    fresh = db.add_family(school)
    live = db.add_pin(fresh, status="active", expires_at=LATER)

    on_portal = custody.remove_legal_guardian_status(ctx, session, linked.id, reason="court order")
    not_yet = custody.remove_legal_guardian_status(ctx, session, fresh.id, reason="court order")

    assert (on_portal.portal_link_to_remove, on_portal.revoked_pin_id) == (True, None)
    assert "portal" in on_portal.message.casefold()
    assert (not_yet.portal_link_to_remove, not_yet.revoked_pin_id) == (False, live.id)
    assert db.tables.pins[live.id].status == "revoked"
    for link in (linked, fresh):
        row = db.tables.links[link.id]
        assert (row.verified_legal_guardian, row.verified_by, row.verified_source) == (
            False,
            "principal",
            "staff",
        )
    details = [row.entry.details for row in db.tables.audit]
    assert [d["portal_link_to_remove"] for d in details] == [True, False]
