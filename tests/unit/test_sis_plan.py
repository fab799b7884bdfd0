"""The import plan (pure): what a snapshot changes against given database rows."""

from __future__ import annotations

from datetime import date

import pytest

from ppdesk.domain.sis import (
    SisEmergencyContact,
    SisGuardian,
    SisLink,
    SisSchool,
    SisSnapshot,
    SisStaff,
    SisStudent,
)
from ppdesk.services.sis_plan import plan_import, zip_of
from ppdesk.services.sis_state import (
    ContactState,
    DbState,
    GuardianState,
    LinkState,
    SchoolState,
    StaffState,
    StudentKey,
    StudentState,
)

SCHOOL = SisSchool("1001", "Maple")
ANA = SisStudent("007", "1001", "Ana", "Lopez", date(2015, 3, 4), "3", "park")
PARK = SisStaff("park", "Grace", "Park", None, "1001", "teacher")
MARIA = SisGuardian("g-1", "María", "López")


def snapshot(**kw: object) -> SisSnapshot:
    base: dict[str, object] = {
        "schools": (SCHOOL,),
        "students": (ANA,),
        "guardians": (MARIA,),
        "links": (SisLink("007", "g-1", "Mother", True),),
        "emergency_contacts": (),
        "staff": (PARK,),
        "problems": (),
        "source_kind": "oneroster-1.1",
        "full": True,
    }
    return SisSnapshot(**(base | kw))  # type: ignore[arg-type]


def state() -> DbState:
    s = DbState()
    s.schools["1001"] = SchoolState(1, "1001", "Maple", "1 Main St", None, None, None, None)
    s.staff["park"] = StaffState(5, "park", "Grace Park", None, True)
    s.grants.add((5, "teacher", 1))
    s.add_student(StudentState(
        10, "007", 1, "Ana", "Lopez", date(2015, 3, 4), "3", "Grace Park", 5,
        None, None, None, None, None, None, None, True,
    ))  # fmt: skip
    s.add_student(StudentState(
        11, "008", 1, "Ben", "Lopez", date(2016, 1, 1), "2", None, None,
        None, None, None, None, None, None, None, True,
    ))  # fmt: skip
    s.add_guardian(GuardianState(20, "g-1", "María", "López", None, None, None, None, None, True))
    s.links = [
        LinkState(30, 10, 20, "Mother", True, True),
        LinkState(31, 11, 20, "Mother", True, True),
    ]
    s.active_pin_links = {31}
    return s


@pytest.mark.parametrize(
    ("address", "zip_code"),
    [
        ("100 Maple Ave, Los Angeles, CA 90012", "90012"),
        ("12 Elm St\nLos Angeles, CA 90001-1234", "90001"),
        ("1234 Maple Street, Apt 5", None),
        ("PO Box 12345", None),
        ("Route 9, PO BOX 12345-6789  \n", None),
        ("4500 Wilshire Boulevard, Suite 1200, Los Angeles, CA 90010-1234 \t", "90010"),
        ("Unit 123456", None),
        ("Apt 5-90012", None),
        (None, None),
    ],
)
def test_zip_of(address: str | None, zip_code: str | None) -> None:
    assert zip_of(address) == zip_code


def test_full_import_deactivates_the_missing_student_and_revokes_its_pins() -> None:
    plan = plan_import(snapshot(), state(), pin_of=lambda row: None)
    assert plan.deactivate_students == [11]
    assert plan.deactivate_links == [31]
    assert plan.revoke == {31: "student no longer in the SIS"}
    assert plan.deactivate_guardians == []  # María still has Ana
    assert plan.school_updates == []  # a blank SIS value keeps the school's address
    assert dict(plan.counts) == {"student_deactivate": 1, "link_deactivate": 1, "pin_revoke": 1}


def test_a_delta_changes_only_what_it_names() -> None:
    delta = snapshot(full=False, students=(), guardians=(), links=(), staff=())
    assert plan_import(delta, state(), pin_of=lambda row: None).changes == []
    gone = snapshot(full=False, students=(), guardians=(), links=(), deleted_student_ids=("008",))
    assert plan_import(gone, state(), pin_of=lambda row: None).deactivate_students == [11]


def test_a_delta_without_homerooms_keeps_the_homeroom_teacher() -> None:
    anon = SisStudent("007", "1001", "Ana", "Lopez", date(2015, 3, 4), "3")
    plan = plan_import(
        snapshot(full=False, students=(anon,), staff=()), state(), pin_of=lambda row: None
    )
    assert plan.student_updates == []
    full = plan_import(snapshot(students=(anon,)), state(), pin_of=lambda row: None)
    assert [
        set(c.fields) for c in full.changes if c.kind == "student" and c.action == "update"
    ] == [{"homeroom", "homeroom_teacher"}]


def test_the_student_pin_is_compared_decrypted() -> None:
    with_pin = SisStudent(
        "007", "1001", "Ana", "Lopez", date(2015, 3, 4), "3", "park", student_pin="4829"
    )
    seen: list[int] = []

    def pin_of(row: StudentKey) -> str | None:
        seen.append(row.id)
        return "4829"

    plan = plan_import(snapshot(students=(with_pin,)), state(), pin_of=pin_of)
    assert seen == [10] and plan.student_updates == []
    plan = plan_import(snapshot(students=(with_pin,)), state(), pin_of=lambda row: "1111")
    assert next(c.fields for c in plan.changes if c.kind == "student") == ("student_pin",)


def test_emergency_contacts_are_matched_exactly_then_by_name() -> None:
    s = state()
    s.contacts[10] = [
        ContactState(40, 10, "Rosa Martinez", "213-555-0130", "Aunt"),
        ContactState(41, 10, "José Pérez", "213-555-0131", "Uncle"),
        ContactState(42, 10, "Old Friend", "213-555-0132", None),
    ]
    contacts = (
        SisEmergencyContact("007", "Rosa Martinez", "213-555-0130", "Aunt"),
        SisEmergencyContact("007", "JOSE PEREZ", "818-555-0000", "Uncle"),
        SisEmergencyContact("007", "New Neighbour", "213-555-0199", "Neighbour"),
    )
    plan = plan_import(snapshot(emergency_contacts=contacts), s, pin_of=lambda row: None)
    assert [i for i, _ in plan.contact_updates] == [41]
    assert [c.name for c in plan.new_contacts] == ["New Neighbour"]
    assert plan.remove_contacts == [42]
