"""Find a student and parent search: by ID, name (prefix, anywhere, accents), phone, email; scoped."""

from __future__ import annotations

import pytest

from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import lookup
from ppdesk.services import staff as staff_service
from tests.support.family import make_family
from tests.support.seed import add_school, add_staff, login, staff_with_role


@pytest.fixture
def office(app):
    return staff_with_role(app, Role.OFFICE_STAFF)


def test_find_by_student_id_keeps_leading_zeros(app, office) -> None:
    fam = make_family(app, student_number="00012345")
    make_family(app, student_number="00012399", first="Ana")
    assert [s.student_number for s in lookup.find_students(app, office, "00012345")] == ["00012345"]
    assert {s.student_number for s in lookup.find_students(app, office, "000123")} == {
        "00012345",
        "00012399",
    }
    assert lookup.find_students(app, office, "12345") == []
    assert fam.student_id


@pytest.mark.parametrize(
    "query", ["jose", "JOSÉ", "Jose\u0301", "nun", "núñez", "nunez jo", "ose nu", "unez"]
)
def test_find_by_name_prefix_anywhere_accent_and_case_insensitive(app, office, query: str) -> None:
    fam = make_family(app)
    make_family(app, first="Zoë", last="Smith")
    hits = lookup.find_students(app, office, query)
    assert [h.student_id for h in hits] == [fam.student_id], query


@pytest.mark.parametrize(
    "query",
    [
        "val mor",
        "Morales, Val",
        "morales val",
        "MORALES,VAL",
        "mor val",
        "valentina morales",
        "va mo",
    ],
)
def test_find_by_name_parts_in_any_order_with_or_without_a_comma(app, office, query: str) -> None:
    """Issue 17 §5: every word starts a part of the name, in any order."""
    val = make_family(app, first="Valentina", last="Morales")
    make_family(app, first="Duval", last="Amoros")  # "val", "mor" inside words: no start
    make_family(app, first="Valeria", last="Santos")
    hits = lookup.find_students(app, office, query)
    assert [h.student_id for h in hits] == [val.student_id], query


def test_non_latin_names(app, office) -> None:
    fam = make_family(app, first="小明", last="王")
    kim = make_family(app, first="민준", last="김")
    assert [h.student_id for h in lookup.find_students(app, office, "王")] == [fam.student_id]
    assert [h.student_id for h in lookup.find_students(app, office, "민준")] == [kim.student_id]


@pytest.mark.parametrize(
    "query",
    ["María", "maria nu", "(213) 555-0142", "213.555.0142", "2135550142", "555-0142", "0142"],
)
def test_parent_search_by_name_and_phone(app, office, query: str) -> None:
    fam = make_family(app)
    hits = lookup.parent_search(app, office, query)
    assert fam.guardian_ids[0] in {h.guardian_id for h in hits}, query
    hit = next(h for h in hits if h.guardian_id == fam.guardian_ids[0])
    assert hit.student_number == fam.student_number and hit.verified_legal_guardian
    assert hit.pin_status == "none"


def test_parent_search_by_email(app, office) -> None:
    fam = make_family(app)
    with app.uow(readonly=True) as uow:
        email = uow.people.guardian(fam.guardian_ids[0]).email
    hits = lookup.parent_search(app, office, email.upper())
    assert [h.guardian_id for h in hits] == [fam.guardian_ids[0]]


def test_scope_other_school_is_invisible(app) -> None:
    add_school(app, "2002", "Cedar Middle School")
    other = staff_with_role(app, Role.OFFICE_STAFF, school_code="2002")
    fam = make_family(app)
    assert lookup.find_students(app, other, fam.student_number) == []
    assert lookup.parent_search(app, other, "María") == []
    with pytest.raises(PermissionDenied):
        lookup.student_view(app, other, fam.student_id)


def test_a_moved_or_revoked_grant_applies_to_the_next_search(app) -> None:
    """The searches read the grants on every call: a clerk moved to another school sees
    that school's students on the next search, and none once the last grant is revoked
    (the same session object, no sign-in again)."""
    admin = staff_with_role(app, Role.DISTRICT_ADMIN)  # local district "Central"
    add_school(app, "2002", "Cedar Middle School")  # also Central
    add_staff(app, "clerk", Role.OFFICE_STAFF)  # at 1001
    clerk = login(app, "clerk")
    here, there = make_family(app), make_family(app, school_code="2002")

    def found() -> tuple[set[int], set[int]]:
        students = {s.student_id for s in lookup.find_students(app, clerk, "nunez")}
        parents = {h.student_id for h in lookup.parent_search(app, clerk, "María")}
        return students, parents

    assert found() == ({here.student_id}, {here.student_id})
    staff_service.grant_role(
        app, admin, username="clerk", role=Role.OFFICE_STAFF, school_code="2002"
    )
    staff_service.revoke_role(
        app, admin, username="clerk", role=Role.OFFICE_STAFF, school_code="1001"
    )
    assert found() == ({there.student_id}, {there.student_id})
    staff_service.revoke_role(
        app, admin, username="clerk", role=Role.OFFICE_STAFF, school_code="2002"
    )
    with pytest.raises(PermissionDenied):
        lookup.find_students(app, clerk, "nunez")
    with pytest.raises(PermissionDenied):
        lookup.parent_search(app, clerk, "María")


def test_teacher_sees_only_own_homeroom(app) -> None:
    teacher_id = add_staff(app, "ms_park", Role.TEACHER)
    teacher = login(app, "ms_park")
    mine = make_family(app, homeroom_teacher_id=teacher_id)
    other = make_family(app, first="Ana")
    assert [h.student_id for h in lookup.find_students(app, teacher, "nunez")] == [mine.student_id]
    assert lookup.student_view(app, teacher, mine.student_id).student_number == mine.student_number
    with pytest.raises(PermissionDenied):
        lookup.student_view(app, teacher, other.student_id)


def test_student_view_shows_guardians_and_contacts(app, office) -> None:
    fam = make_family(app)
    view = lookup.student_view(app, office, fam.student_id)
    assert view.name == "José Núñez" and view.grade == "4"
    assert [g.verified_legal_guardian for g in view.guardians] == [True, False]
    assert view.emergency_contacts[0].name == "Ana Torres"


def test_after_the_demo_ordinary_inserts_get_fresh_ids(runtime) -> None:
    from ppdesk.services import demo

    demo.create_demo(runtime.ctx, students=20, seed=2, password="demo passphrase 1")
    with runtime.ctx.uow() as uow:
        school_id = uow.schools.add(code="9999", name="Another School")
        uow.commit()
    from sqlalchemy import insert

    from ppdesk.adapters.db.models import Guardian

    with runtime.engine.begin() as conn:  # an ordinary insert, id from the sequence
        conn.execute(
            insert(Guardian).values(
                first_name="A", last_name="B", search_name="a b", search_last="b a"
            )
        )
    assert school_id


def test_parent_search_applies_the_school_scope_before_the_result_limit(app, office) -> None:
    # Sixty guardians "Garcia ..." at another school come first in name order; the office's
    # own family ("Garcias") sorts after them. The result limit (50) must not hide it.
    add_school(app, "2002", "Cedar Middle School")
    for _ in range(30):
        make_family(app, school_code="2002", last="Garcia")
    mine = make_family(app, last="Garcias")
    hits = lookup.parent_search(app, office, "Garcia")
    assert sorted(h.guardian_id for h in hits) == sorted(mine.guardian_ids)
    assert {h.student_id for h in hits} == {mine.student_id}


def test_a_local_district_grant_sees_its_district_only(app) -> None:
    admin = staff_with_role(app, Role.DISTRICT_ADMIN)  # local district "Central"
    add_school(app, "2002", "Cedar Middle School")  # also Central
    add_school(app, "3003", "Harbor High School", local_district="South")
    central = [make_family(app), make_family(app, school_code="2002")]
    south = make_family(app, school_code="3003")
    found = {s.student_id for s in lookup.find_students(app, admin, "nunez")}
    assert found == {f.student_id for f in central}
    assert lookup.find_students(app, admin, south.student_number) == []
    # Once South has no school left to hide, nothing is filtered out by mistake either.
    with app.uow() as uow:
        uow.schools.update(uow.schools.get_by_code("3003").id, local_district="Central")
        uow.commit()
    found = {s.student_id for s in lookup.find_students(app, admin, "nunez")}
    assert found == {f.student_id for f in [*central, south]}
