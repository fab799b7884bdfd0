"""Parent search on the in-memory unit of work: how a typed term is read (email, phone,
name), which schools each role searches, the teacher's refusal, and the PIN state each hit
shows (the latest PIN of the link, by the PIN rule at the service's clock).

tests/integration/test_lookup.py keeps the SQL matching itself (indexes, folding in the
database, the substring search, the limit) on both databases.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import lookup
from ppdesk.services.context import AppContext
from ppdesk.services.ports import SchoolRecord, StaffRecord
from ppdesk.services.records import LinkRow
from tests.support.memory_rules import NOW, session_of
from tests.support.memory_uow import MemoryDatabase


def family(db: MemoryDatabase, school: SchoolRecord, **guardian: object) -> LinkRow:
    link = db.add_family(school)
    t = db.tables
    t.guardians[link.guardian_id] = replace(t.guardians[link.guardian_id], **guardian)
    return link


def member(db: MemoryDatabase, role: Role, school: SchoolRecord | None = None) -> StaffRecord:
    who = db.add_staff(f"{role.value}-{school.code if school else 'district'}")
    db.grant(who, role, school=school)
    return who


def found(ctx: AppContext, who: StaffRecord, term: str) -> list[int]:
    return [hit.link_id for hit in lookup.parent_search(ctx, session_of(who), term)]


def test_a_term_is_read_as_an_email_a_phone_or_a_name(db: MemoryDatabase, ctx: AppContext) -> None:
    school = db.add_school("101")
    office = member(db, Role.OFFICE_STAFF, school)
    ruiz = family(
        db,
        school,
        first_name="María",
        last_name="Ruiz Núñez",
        email="Maria.Ruiz@Example.org",
        cell_phone="(213) 555-0100",
    )
    kim = family(
        db, school, first_name="Ji-woo", last_name="Kim", email="kim@example.org", cell_phone=None
    )
    kim_phone = "1 (818) 555-0123"  # a work phone typed with the country code
    db.tables.guardians[kim.guardian_id] = replace(
        db.tables.guardians[kim.guardian_id], work_phone=kim_phone
    )

    cases = {
        "maria.ruiz@example.ORG": [ruiz.id],  # email: case-folded, whole or a prefix
        "maria.ruiz@": [ruiz.id],
        "@example.org": [],  # an email is matched from its start
        "213-555-0100": [ruiz.id],  # phone: any punctuation
        "+1 213 555 0100": [ruiz.id],  # 11 digits with a leading 1: the country code
        "0100": [ruiz.id],  # the last four digits or more
        "818 555 0123": [kim.id],
        "5550": [],  # digits in the middle of a number are not its end
        "Ruiz": [ruiz.id],  # name: by last name first
        "maria ruiz": [ruiz.id],  # then first name first
        "MARÍA": [ruiz.id],  # accents and case folded
        "nunez": [ruiz.id],  # the second last name, anywhere in the name (3+ letters)
        "ji-woo k": [kim.id],
        "ki": [kim.id],
        "Ruiz 2": [],  # one digit among letters: a name, and no guardian has it
    }
    assert {term: found(ctx, office, term) for term in cases} == cases
    assert found(ctx, office, "   ") == []


def test_each_role_searches_the_guardians_of_its_schools_only(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    north = db.add_school("101", local_district="North")
    south = db.add_school("201", local_district="South")
    here = family(db, north, last_name="Garcia")
    there = family(db, south, last_name="Garcia")
    # The same guardian with a child at each school: one hit per child, in scope.
    sibling = db.add_family(south)
    db.tables.links[sibling.id] = replace(sibling, guardian_id=here.guardian_id)

    office = member(db, Role.OFFICE_STAFF, north)
    principal = member(db, Role.PRINCIPAL, south)
    district = member(db, Role.DISTRICT_ADMIN)
    local = db.add_staff("north-admin")
    db.grant(local, Role.DISTRICT_ADMIN, local_district="North")

    assert found(ctx, office, "garcia") == [here.id]
    assert sorted(found(ctx, principal, "garcia")) == sorted([there.id, sibling.id])
    assert sorted(found(ctx, district, "garcia")) == sorted([here.id, there.id, sibling.id])
    assert found(ctx, local, "garcia") == [here.id]


def test_a_teacher_may_not_search_parents(db: MemoryDatabase, ctx: AppContext) -> None:
    school = db.add_school("101")
    teacher = member(db, Role.TEACHER, school)
    family(db, school, last_name="Garcia")
    with pytest.raises(PermissionDenied) as refused:
        lookup.parent_search(ctx, session_of(teacher), "garcia")
    assert refused.value.code == "lookup.parent_search_teacher"


def test_inactive_links_and_guardians_are_not_found(db: MemoryDatabase, ctx: AppContext) -> None:
    school = db.add_school("101")
    office = member(db, Role.OFFICE_STAFF, school)
    unlinked = family(db, school, last_name="Garcia")
    gone = family(db, school, last_name="Garcia")
    kept = family(db, school, last_name="Garcia")
    t = db.tables
    t.links[unlinked.id] = replace(unlinked, active=False)
    t.guardians[gone.guardian_id] = replace(t.guardians[gone.guardian_id], active=False)
    assert found(ctx, office, "garcia") == [kept.id]


def test_each_hit_shows_the_state_of_its_latest_pin_now(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = db.add_school("101")
    office = member(db, Role.OFFICE_STAFF, school)
    none = family(db, school, last_name="Adams")
    live = family(db, school, last_name="Baker")
    db.add_pin(live, status="revoked", expires_at=NOW + timedelta(days=9))
    db.add_pin(live, status="active", expires_at=NOW + timedelta(days=9))
    lapsed = family(db, school, last_name="Chen")
    db.add_pin(lapsed, status="active", expires_at=NOW)  # expired, not swept yet
    held = family(db, school, last_name="Diaz")
    db.add_pin(held, status="held", expires_at=NOW + timedelta(days=9))
    redeemed = family(db, school, last_name="Evans")
    db.add_pin(redeemed, status="redeemed", expires_at=NOW - timedelta(days=1))

    states = {
        hit.link_id: hit.pin_status
        for term in ("adams", "baker", "chen", "diaz", "evans")
        for hit in lookup.parent_search(ctx, session_of(office), term)
    }
    assert states == {
        none.id: "none",
        live.id: "active",
        lapsed.id: "expired",
        held.id: "held",
        redeemed.id: "redeemed",
    }
    db.now = NOW + timedelta(days=9)  # the same rows, later: the live PIN has expired
    [later] = lookup.parent_search(ctx, session_of(office), "baker")
    assert later.pin_status == "expired"
