"""The import's compact hold of the database (issue 16, point 3), on both engines: what
``load_state`` reads into its compact tables is exactly what the database holds, and
comparing students a batch of full rows at a time plans the same changes as all at once;
emergency contacts are held as a digest per student and read only where they differ."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ppdesk.adapters.db.models import EmergencyContact, Guardian, GuardianLink, Student
from ppdesk.adapters.db.repos.sis import SqlSisRepository
from ppdesk.services import sis_import, sis_plan
from ppdesk.services.sis_state import (
    GuardianKeys,
    LinkState,
    LinkTable,
    StudentKeys,
    contacts_digest,
)
from tests.fixtures.sis.helpers import copy_set, set_cell
from tests.integration.test_import import ONEROSTER_11, all_, apply, importer, student


def _state(app: Any) -> Any:
    with app.uow(readonly=True) as uow:
        state = uow.sis.load_state(uow.now())
        uow.rollback()
    return state


def test_the_compact_state_holds_what_the_database_holds(app, runtime) -> None:
    admin = importer(app)
    apply(app, admin, ONEROSTER_11)
    state = _state(app)
    assert isinstance(state.students, StudentKeys) and isinstance(state.guardians, GuardianKeys)
    assert isinstance(state.links, LinkTable)
    students = all_(runtime, select(Student))
    assert {n: (k.id, k.school_id, k.active) for n, k in state.students.items()} == {
        s.student_number: (s.id, s.school_id, s.active) for s in students
    }
    assert sorted(k.pin_ciphertext is not None for k in state.students.values()) == sorted(
        s.student_pin_ciphertext is not None for s in students
    )
    guardians = all_(runtime, select(Guardian).where(Guardian.sis_source_id.is_not(None)))
    assert {n: (k.id, k.source_id, k.active) for n, k in state.guardians.items()} == {
        g.sis_source_id: (g.id, g.sis_source_id, g.active) for g in guardians
    }
    links = all_(runtime, select(GuardianLink))
    assert sorted(state.links) == sorted(
        LinkState(k.id, k.student_id, k.guardian_id, k.relationship,
                  k.verified_legal_guardian, k.active)
        for k in links
    )  # fmt: skip
    assert len(state.links) == len(links) == 5


def test_students_compared_a_batch_at_a_time_plan_the_same(
    app, runtime, tmp_path, monkeypatch
) -> None:
    admin = importer(app)
    apply(app, admin, ONEROSTER_11)
    folder = copy_set(tmp_path)
    for sid, grade in (("s-1", "04"), ("s-2", "01"), ("s-3", "08"), ("s-4", "KG")):
        set_cell(folder / "users.csv", sid, "grades", grade)
    set_cell(folder / "users.csv", "s-2", "givenName", "Benito")
    whole = sis_import.preview_import(app, admin, folder)
    monkeypatch.setattr(sis_plan, "ROW_BATCH", 1)
    one_by_one = sis_import.preview_import(app, admin, folder)
    assert list(one_by_one.changes) == list(whole.changes)
    assert whole.counts.students_updated == 4
    assert [c.key for c in whole.changes if c.kind == "student"] == [
        "000123456", "000123457", "000765432", "000765433"
    ]  # fmt: skip
    applied = apply(app, admin, folder)
    assert list(applied.plan.changes) == list(whole.changes)
    assert (student(runtime, "000123457").first_name, student(runtime, "000765433").grade) == (
        "Benito",
        "K",
    )
    assert apply(app, admin, folder).plan.changes == ()


def test_contacts_are_held_as_digests_and_read_only_where_they_differ(
    app, runtime, tmp_path, monkeypatch
) -> None:
    admin = importer(app)
    apply(app, admin, ONEROSTER_11)
    state = _state(app)
    contacts = all_(runtime, select(EmergencyContact))
    assert len(contacts) == 2
    # No row held: a digest of each student's contacts, equal to that of its rows.
    assert state.contacts == {}
    assert state.contact_digests == {
        c.student_id: contacts_digest([(c.name, c.phone, c.relationship)]) for c in contacts
    }
    asked: list[list[int]] = []
    real = SqlSisRepository._contact_rows

    def contact_rows(self: SqlSisRepository, student_ids: Any) -> Any:
        asked.append(sorted(student_ids))
        return real(self, student_ids)

    monkeypatch.setattr(SqlSisRepository, "_contact_rows", contact_rows)
    assert sis_import.preview_import(app, admin, ONEROSTER_11).changes == []
    assert asked == []  # the same contacts: no row read
    folder = copy_set(tmp_path)
    set_cell(folder / "emergency_contacts.csv", "s-1", "phone", "(213) 555-0199")
    plan = sis_import.preview_import(app, admin, folder)
    rosa = next(c for c in contacts if c.name == "Rosa Martinez")
    assert asked == [[rosa.student_id]]  # only the student whose contacts differ
    assert plan.counts.contacts_updated == 1 and plan.counts.total == 1
    assert [(c.kind, c.action, c.fields) for c in plan.changes] == [
        ("emergency_contact", "update", ("phone",))
    ]


def test_the_digest_of_several_contacts_is_the_same_on_both_engines(app, runtime, tmp_path) -> None:
    # On PostgreSQL the database computes each student's digest (repos.sis.load_state);
    # on SQLite it is made from the rows here. Several contacts, entered in another
    # order than their digests sort in, and a blank relationship.
    admin = importer(app)
    folder = copy_set(tmp_path)
    with (folder / "emergency_contacts.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("s-1,Zoë Ángel,(213) 555-0131,\r\ns-1,Al Bo,(213) 555-0132,Uncle\r\n")
    apply(app, admin, folder)
    contacts = all_(runtime, select(EmergencyContact))
    assert len(contacts) == 4
    by_student: dict[int, list[Any]] = {}
    for c in contacts:
        by_student.setdefault(c.student_id, []).append((c.name, c.phone, c.relationship))
    assert max(map(len, by_student.values())) == 3
    assert _state(app).contact_digests == {
        student: contacts_digest(rows) for student, rows in by_student.items()
    }
    assert apply(app, admin, folder).plan.changes == ()
