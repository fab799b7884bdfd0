"""SIS import, applied to a real database (SQLite and PostgreSQL): what lands, what changes.

Helpers here are shared by the other test_import_* modules.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import (
    AuditEvent,
    Base,
    EmergencyContact,
    Guardian,
    GuardianLink,
    GuardianPhone,
    RoleGrant,
    School,
    Staff,
    Student,
)
from ppdesk.domain.roles import Role
from ppdesk.services import audit_trail, lookup, sis_import
from ppdesk.services.sis_write import student_pin_aad
from tests.fixtures.sis.helpers import FIXTURES, copy_set, set_cell
from tests.support.search_tables import school_fts_agrees
from tests.support.seed import add_staff, login

ONEROSTER_11 = FIXTURES / "oneroster_1_1"
ONEROSTER_12 = FIXTURES / "oneroster_1_2"


# ------------------------------------------------------------------------- helpers


def importer(ctx: Any, username: str = "importer") -> Any:
    """A district administrator for every school (district-wide grant)."""
    add_staff(ctx, username, Role.DISTRICT_ADMIN, school_code=None, local_district=None)
    return login(ctx, username)


def counts(rt: Any) -> dict[str, int]:
    """Rows in every table, the audit trail included."""
    with rt.engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in Base.metadata.sorted_tables
        }


def dump(rt: Any, *, audit: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but the audit trail), to compare before and after."""
    skip = set() if audit else {"audit_event", "audit_chain_head"}
    out = {}
    with rt.engine.connect() as conn:
        for t in Base.metadata.sorted_tables:
            if t.name not in skip:
                out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key))]
    return out


def one(rt: Any, stmt: Any) -> Any:
    with Session(rt.engine) as s:
        return s.scalars(stmt).one()


def all_(rt: Any, stmt: Any) -> list[Any]:
    with Session(rt.engine) as s:
        return list(s.scalars(stmt))


def student(rt: Any, number: str) -> Student:
    return one(rt, select(Student).where(Student.student_number == number))


def guardian(rt: Any, source_id: str) -> Guardian:
    return one(rt, select(Guardian).where(Guardian.sis_source_id == source_id))


def link(rt: Any, number: str, source_id: str) -> GuardianLink:
    return one(
        rt,
        select(GuardianLink)
        .join(Student, Student.id == GuardianLink.student_id)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .where(Student.student_number == number, Guardian.sis_source_id == source_id),
    )


def audit_rows(rt: Any, action: str) -> list[AuditEvent]:
    return all_(rt, select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(c, "") for c in header])


USERS = [
    "sourcedId",
    "status",
    "role",
    "orgSourcedIds",
    "username",
    "givenName",
    "familyName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "metadata.ppdesk.verifiedLegalGuardian",
    "metadata.ppdesk.relationship",
    "metadata.ppdesk.address",
    "metadata.ppdesk.studentPin",
]

#: The guardians of the family set: source id -> (first name, verified, relationship).
FAMILY = {"g-1": ("María", "true", "Mother"), "g-2": ("Carlos", "false", "Father")}


def family_set(
    folder: Path,
    *,
    guardians: dict[str, tuple[str, str, str]] | None = None,
    students: tuple[str, ...] = ("s-1", "s-2"),
    manifest: str = "bulk",
    deleted: tuple[str, ...] = (),
) -> Path:
    """A small OneRoster 1.1 set for school 1001 (the ``app`` fixture's school).

    Student s-1 is José Núñez with exactly the record the verification answers of
    ``tests.support.family.right_answers`` expect, so a PIN can be issued for him.
    """
    guardians = FAMILY if guardians is None else guardians
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(
        folder / "manifest.csv",
        ["propertyName", "value"],
        [{"propertyName": "oneroster.version", "value": "1.1"}]
        + [
            {"propertyName": f"file.{f}", "value": manifest}
            for f in ("orgs", "users", "demographics", "classes", "enrollments")
        ],
    )
    write_csv(
        folder / "orgs.csv",
        ["sourcedId", "name", "type", "identifier", "parentSourcedId"],
        [
            {"sourcedId": "ld", "name": "Central", "type": "local"},
            {
                "sourcedId": "sch",
                "name": "Maple Grove Elementary",
                "type": "school",
                "identifier": "1001",
                "parentSourcedId": "ld",
            },
        ],
    )
    users = [
        {
            "sourcedId": "t-1",
            "role": "teacher",
            "orgSourcedIds": "sch",
            "username": "GPark",
            "givenName": "Grace",
            "familyName": "Park",
            "identifier": "T1",
            "email": "gpark@example.org",
        }
    ]
    kids = {
        "s-1": ("José", "Núñez", "00001234", "04", "2015-03-04", "1234 Maple Street, Apt 5"),
        "s-2": ("Lucía", "Núñez", "00001235", "KG", "2019-06-30", "1234 Maple Street, Apt 5"),
        "s-3": (
            "Omar",
            "Haddad",
            "00002001",
            "07",
            "2012-11-02",
            "77 Oak Road, Los Angeles, CA 90012",
        ),
    }
    for sid in students:
        first, last, number, grade, _dob, address = kids[sid]
        users.append(
            {
                "sourcedId": sid,
                "status": "tobedeleted" if sid in deleted else "active",
                "role": "student",
                "orgSourcedIds": "sch",
                "username": f"u{number}",
                "givenName": first,
                "familyName": last,
                "identifier": number,
                "phone": "(213) 555-0142",
                "agentSourcedIds": ",".join(guardians) if sid != "s-3" else "",
                "grades": grade,
                "metadata.ppdesk.address": address,
                "metadata.ppdesk.studentPin": f"77{number[-4:]}",
            }
        )
    for gid, (first, verified, relationship) in guardians.items():
        users.append(
            {
                "sourcedId": gid,
                "status": "tobedeleted" if gid in deleted else "active",
                "role": "parent",
                "orgSourcedIds": "sch",
                "username": f"p{gid}",
                "givenName": first,
                "familyName": "Núñez",
                "email": f"{gid}@example.net",
                "sms": "(323) 555-0111",
                "phone": "(213) 555-0142",
                "agentSourcedIds": ",".join(s for s in students if s != "s-3"),
                "metadata.ppdesk.verifiedLegalGuardian": verified,
                "metadata.ppdesk.relationship": relationship,
            }
        )
    write_csv(folder / "users.csv", USERS, users)
    write_csv(
        folder / "demographics.csv",
        ["sourcedId", "birthDate"],
        [{"sourcedId": sid, "birthDate": kids[sid][4]} for sid in students],
    )
    write_csv(
        folder / "classes.csv",
        ["sourcedId", "title", "classType", "schoolSourcedId"],
        [
            {
                "sourcedId": "hr",
                "title": "Room 12",
                "classType": "homeroom",
                "schoolSourcedId": "sch",
            }
        ],
    )
    write_csv(
        folder / "enrollments.csv",
        ["sourcedId", "classSourcedId", "userSourcedId", "role", "primary"],
        [
            {
                "sourcedId": "e-t",
                "classSourcedId": "hr",
                "userSourcedId": "t-1",
                "role": "teacher",
                "primary": "true",
            }
        ]
        + [
            {
                "sourcedId": f"e-{sid}",
                "classSourcedId": "hr",
                "userSourcedId": sid,
                "role": "student",
            }
            for sid in students
        ],
    )
    write_csv(
        folder / "emergency_contacts.csv",
        ["studentSourcedId", "name", "phone", "relationship"],
        [
            {
                "studentSourcedId": sid,
                "name": "Ana Torres",
                "phone": "818-555-0199",
                "relationship": "Aunt",
            }
            for sid in students
        ],
    )
    return folder


@pytest.fixture
def admin(app: Any) -> Any:
    return importer(app)


def apply(ctx: Any, session: Any, path: Path, **kw: Any) -> sis_import.ImportResult:
    return sis_import.apply_import(ctx, session, path, **kw)


# --------------------------------------------------------------------------- tests


def test_clean_oneroster_1_1_lands_exactly(app, runtime, admin) -> None:
    result = apply(app, admin, ONEROSTER_11)
    c = result.counts
    assert (c.schools_added, c.students_added, c.guardians_added, c.links_added) == (2, 4, 4, 5)
    assert (c.staff_added, c.roles_granted, c.contacts_added) == (3, 4, 2)
    assert result.plan.problems == ()

    ana = student(runtime, "000123456")  # leading zeros kept
    school = one(runtime, select(School).where(School.id == ana.school_id))
    assert (school.code, school.name, school.local_district) == (
        "1234",
        "Maple Street Elementary",
        "Local District Central",
    )
    assert school.address == "100 Maple Street\nLos Angeles, CA 90001"
    assert (ana.first_name, ana.last_name, ana.dob, ana.grade) == (
        "Ana",
        "Lopez",
        date(2015, 3, 4),
        "3",
    )
    assert ana.address == "12 Elm Street, Apt 4\nLos Angeles, CA 90001"
    assert ana.zip_code == "90001"
    assert (ana.phone, ana.student_email, ana.home_language) == (
        "(213) 555-0111",
        "ana.lopez@students.example.org",
        "Spanish",
    )
    assert (ana.search_name, ana.search_last) == ("ana lopez", "lopez ana")
    assert ana.active
    # The student's own PIN is stored encrypted, bound to its row.
    assert b"4829" not in ana.student_pin_ciphertext
    assert (
        app.keys.decrypt(
            ana.student_pin_key_id, ana.student_pin_ciphertext, student_pin_aad(ana.id)
        )
        == "4829"
    )
    teacher = one(runtime, select(Staff).where(Staff.id == ana.homeroom_teacher_id))
    assert (teacher.username, teacher.display_name, teacher.password_hash) == (
        "mrivera",
        "Marisol Rivera",
        None,
    )
    assert ana.homeroom == "Marisol Rivera"
    chloe = student(runtime, "000765432")
    assert (chloe.first_name, chloe.last_name, chloe.dob) == ("Chloé", "Nguyễn", date(2012, 2, 29))
    assert chloe.search_name == "chloe nguyen"
    assert student(runtime, "000765433").grade == "TK"

    maria = guardian(runtime, "p-1")
    assert (maria.first_name, maria.last_name, maria.email) == (
        "María",
        "López",
        "maria.lopez@example.net",
    )
    assert (maria.home_phone, maria.cell_phone, maria.work_phone) == (
        "213-555-0120",
        "213-555-0121",
        "213-555-0122",
    )
    assert maria.search_name == "maria lopez" and maria.email_folded == "maria.lopez@example.net"
    phones = sorted(
        (p.kind, p.digits, p.digits_rev)
        for p in all_(runtime, select(GuardianPhone).where(GuardianPhone.guardian_id == maria.id))
    )
    assert phones == [
        ("cell", "2135550121", "1210555312"),
        ("home", "2135550120", "0210555312"),
        ("work", "2135550122", "2210555312"),
    ]
    mother = link(runtime, "000123456", "p-1")
    assert (mother.relationship, mother.verified_legal_guardian, mother.verified_source) == (
        "Mother",
        True,
        "sis",
    )
    assert mother.verified_by == "importer"
    assert link(runtime, "000123457", "p-1").verified_legal_guardian
    assert not link(runtime, "000123456", "p-2").verified_legal_guardian
    relative = link(runtime, "000765433", "p-4")
    assert (relative.relationship, relative.verified_legal_guardian) == ("Relative", False)

    contacts = all_(runtime, select(EmergencyContact).where(EmergencyContact.student_id == ana.id))
    assert [(x.name, x.phone, x.relationship) for x in contacts] == [
        ("Rosa Martinez", "(213) 555-0130", "Aunt")
    ]

    grants = {
        (g.role, g.granted_by_id, g.revoked_at)
        for g in all_(runtime, select(RoleGrant).where(RoleGrant.staff_id == teacher.id))
    }
    assert grants == {("teacher", admin.staff_id, None)}
    kchen = one(runtime, select(Staff).where(Staff.username == "kchen"))
    codes = {
        one(runtime, select(School.code).where(School.id == g.school_id))
        for g in all_(runtime, select(RoleGrant).where(RoleGrant.staff_id == kchen.id))
    }
    assert codes == {"0567", "1234"}
    ogrant = one(runtime, select(Staff).where(Staff.username == "ogrant"))
    assert [
        g.role for g in all_(runtime, select(RoleGrant).where(RoleGrant.staff_id == ogrant.id))
    ] == ["office_staff"]

    [event] = audit_rows(runtime, "sis_import")
    assert (
        event.seq == result.audit_seq and event.actor == "importer" and event.outcome == "success"
    )
    assert (
        '"students_added_count":4' in event.details
        and '"source_kind":"oneroster-1.1"' in event.details
    )
    assert len(audit_rows(runtime, "role_grant")) == 4
    assert len(audit_rows(runtime, "staff_add")) == 3
    assert audit_trail.check_chain(app).intact


def test_imported_students_and_guardians_are_found(app, runtime, admin) -> None:
    apply(app, admin, ONEROSTER_11)
    hits = lookup.find_students(app, admin, "nguy")  # a substring: the search index
    assert [h.student_number for h in hits] == ["000765432"]
    hits = lookup.find_students(app, admin, "000123456")
    assert [h.student_number for h in hits] == ["000123456"]


def test_oneroster_1_2_lands_exactly(app, runtime, admin) -> None:
    result = apply(app, admin, ONEROSTER_12)
    assert result.plan.source_kind == "oneroster-1.2"
    c = result.counts
    assert (c.students_added, c.guardians_added, c.links_added, c.staff_added) == (4, 3, 4, 2)
    # A teacher who is also a parent: a staff account, and a guardian of her own child.
    rivera = guardian(runtime, "t-1")
    assert (rivera.first_name, rivera.last_name) == ("Marisol", "Rivera")
    assert link(runtime, "000765432", "t-1").verified_legal_guardian
    staff = one(runtime, select(Staff).where(Staff.username == "mrivera"))
    school_ids = {
        g.school_id for g in all_(runtime, select(RoleGrant).where(RoleGrant.staff_id == staff.id))
    }
    assert school_ids == {one(runtime, select(School.id).where(School.code == "1234"))}
    assert student(runtime, "000123457").homeroom_teacher_id == staff.id
    assert student(runtime, "000765433").grade == "TK"
    assert not link(runtime, "000765433", "p-4").verified_legal_guardian


def test_second_import_of_the_same_set_changes_nothing(app, runtime, admin) -> None:
    apply(app, admin, ONEROSTER_11)
    before = dump(runtime)
    again = apply(app, admin, ONEROSTER_11)
    assert again.counts.total == 0 and again.plan.changes == ()
    assert dump(runtime) == before  # not a single value, not even a timestamp, moved
    assert len(audit_rows(runtime, "sis_import")) == 2  # the re-import itself is recorded
    assert '"students_updated_count":0' in audit_rows(runtime, "sis_import")[-1].details


def test_changed_values_update_the_record(app, runtime, admin, tmp_path) -> None:
    apply(app, admin, ONEROSTER_11)
    before = student(runtime, "000123456")
    other = student(runtime, "000765432")
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "s-1", "familyName", "López-Ruiz")
    set_cell(users, "s-1", "grades", "04")
    set_cell(users, "s-1", "metadata.ppdesk.studentPin", "5930")
    set_cell(users, "p-1", "sms", "(213) 555-0199")
    set_cell(users, "p-2", "metadata.ppdesk.relationship", "Stepfather")
    result = apply(app, admin, folder)
    c = result.counts
    assert (c.students_updated, c.guardians_updated, c.links_updated) == (1, 1, 1)
    assert c.total == 3
    [change] = [x for x in result.plan.changes if x.kind == "student"]
    assert change.key == "000123456"
    assert set(change.fields) == {"last_name", "grade", "student_pin"}
    after = student(runtime, "000123456")
    assert (after.last_name, after.grade) == ("López-Ruiz", "4")
    assert (after.search_name, after.search_last) == ("ana lopez-ruiz", "lopez-ruiz ana")
    assert (
        app.keys.decrypt(
            after.student_pin_key_id, after.student_pin_ciphertext, student_pin_aad(after.id)
        )
        == "5930"
    )
    assert after.updated_at != before.updated_at
    assert student(runtime, "000765432").updated_at == other.updated_at
    maria = guardian(runtime, "p-1")
    assert maria.cell_phone == "(213) 555-0199"
    digits = {
        p.digits
        for p in all_(runtime, select(GuardianPhone).where(GuardianPhone.guardian_id == maria.id))
    }
    assert digits == {"2135550199", "2135550120", "2135550122"}
    assert link(runtime, "000123456", "p-2").relationship == "Stepfather"
    assert lookup.find_students(app, admin, "ruiz")[0].student_number == "000123456"


def test_removed_student_becomes_inactive_never_deleted(app, runtime, admin, tmp_path) -> None:
    apply(app, admin, family_set(tmp_path / "a"))
    result = apply(app, admin, family_set(tmp_path / "b", students=("s-1",)))
    assert result.counts.students_deactivated == 1
    assert result.counts.links_deactivated == 2  # both parents' links to Lucía
    lucia = student(runtime, "00001235")
    assert not lucia.active
    assert not link(runtime, "00001235", "g-1").active
    # The parents still have José: they stay active.
    assert guardian(runtime, "g-1").active and link(runtime, "00001234", "g-1").active
    # Coming back reactivates the same records.
    back = apply(app, admin, family_set(tmp_path / "c"))
    assert (back.counts.students_reactivated, back.counts.links_reactivated) == (1, 2)
    assert student(runtime, "00001235").id == lucia.id and student(runtime, "00001235").active


def test_students_of_other_schools_are_left_alone(app, runtime, admin, tmp_path) -> None:
    apply(app, admin, ONEROSTER_11)  # schools 1234 and 0567
    result = apply(app, admin, family_set(tmp_path / "a"))  # school 1001 only
    assert result.counts.students_deactivated == 0
    assert student(runtime, "000123456").active


def test_delta_upserts_and_deactivates_what_it_marks_deleted(app, runtime, admin, tmp_path) -> None:
    apply(app, admin, family_set(tmp_path / "a", students=("s-1", "s-2", "s-3")))
    delta = family_set(tmp_path / "b", students=("s-2",), manifest="delta", deleted=("s-2",))
    result = apply(app, admin, delta)
    assert result.plan.full is False
    assert result.counts.students_deactivated == 1
    assert not student(runtime, "00001235").active
    assert student(runtime, "00001234").active and student(runtime, "00002001").active


def test_homeroom_teacher_without_an_account_gets_one_without_a_password(
    app, runtime, admin, tmp_path
) -> None:
    apply(app, admin, family_set(tmp_path / "a"))
    park = one(runtime, select(Staff).where(Staff.username == "gpark"))  # lower case, like logins
    assert park.password_hash is None and park.active
    assert student(runtime, "00001234").homeroom_teacher_id == park.id
    [grant] = all_(runtime, select(RoleGrant).where(RoleGrant.staff_id == park.id))
    assert (grant.role, grant.granted_by_id) == ("teacher", admin.staff_id)


def test_a_revoked_teacher_role_is_not_granted_again(app, runtime, admin, tmp_path) -> None:
    from ppdesk.services import staff as staff_service

    apply(app, admin, family_set(tmp_path / "a"))
    staff_service.revoke_role(
        app,
        admin,
        username="gpark",
        role=Role.TEACHER,
        school_code="1001",
        local_district=None,
        reason="left",
    )
    result = apply(app, admin, family_set(tmp_path / "b"))
    assert result.counts.roles_granted == 0
    park = one(runtime, select(Staff).where(Staff.username == "gpark"))
    assert all(
        g.revoked_at is not None
        for g in all_(runtime, select(RoleGrant).where(RoleGrant.staff_id == park.id))
    )


def test_emergency_contacts_move_only_when_they_change(app, runtime, admin, tmp_path) -> None:
    apply(app, admin, ONEROSTER_11)
    ana = student(runtime, "000123456")
    [rosa] = all_(runtime, select(EmergencyContact).where(EmergencyContact.student_id == ana.id))
    folder = copy_set(tmp_path)
    with (folder / "emergency_contacts.csv").open("a", encoding="utf-8") as handle:
        handle.write("s-1,Tío Pepe,(213) 555-0177,Uncle\n")
    set_cell(folder / "emergency_contacts.csv", "s-3", "phone", "213.555.0141")
    result = apply(app, admin, folder)
    assert (result.counts.contacts_added, result.counts.contacts_updated) == (1, 1)
    contacts = all_(
        runtime,
        select(EmergencyContact)
        .where(EmergencyContact.student_id == ana.id)
        .order_by(EmergencyContact.id),
    )
    assert contacts[0].id == rosa.id and contacts[0].updated_at == rosa.updated_at
    assert (contacts[1].name, contacts[1].phone) == ("Tío Pepe", "(213) 555-0177")
    chloe = student(runtime, "000765432")
    [lan] = all_(runtime, select(EmergencyContact).where(EmergencyContact.student_id == chloe.id))
    assert lan.phone == "213.555.0141" and lan.updated_at > rosa.updated_at
    # A set without emergency_contacts.csv leaves every contact alone.
    (folder / "emergency_contacts.csv").unlink()
    assert apply(app, admin, folder).counts.contacts_removed == 0


def test_dry_run_writes_nothing_and_tells_what_would_change(app, runtime, admin, tmp_path) -> None:
    before = dump(runtime, audit=True)
    plan = sis_import.preview_import(app, admin, ONEROSTER_11)
    assert dump(runtime, audit=True) == before  # no row anywhere, no audit row either
    assert plan.ok and plan.counts.students_added == 4
    assert ("student", "add", "000123456", ()) in plan.changes
    result = apply(app, admin, ONEROSTER_11)
    assert result.counts == plan.counts
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-1", "metadata.ppdesk.verifiedLegalGuardian", "false")
    before = dump(runtime, audit=True)
    plan = sis_import.preview_import(app, admin, folder)
    assert dump(runtime, audit=True) == before
    assert plan.counts.links_updated == 2
    assert {x.fields for x in plan.changes if x.kind == "link"} == {("verified_legal_guardian",)}


def _big(n: int) -> Iterator[str]:
    yield from (f"{i:05d}" for i in range(n))


def test_bulk_load_paths_give_the_same_result(app, runtime, admin, tmp_path, monkeypatch) -> None:
    """The drop-index / COPY paths (used from thousands of rows on) on a small set."""
    from ppdesk.adapters.db.repos import sis as repo

    monkeypatch.setattr(repo, "BULK_MIN", 1)
    monkeypatch.setattr(repo, "COPY_MIN", 1)
    with runtime.engine.connect() as conn:
        indexes_before = _index_names(conn)
    apply(app, admin, ONEROSTER_11)
    with runtime.engine.connect() as conn:
        assert _index_names(conn) == indexes_before
        _search_copies_agree(conn)
    assert [h.student_number for h in lookup.find_students(app, admin, "nguy")] == ["000765432"]
    assert lookup.parent_search(app, admin, "555-0121")[0].guardian_name == "María López"
    assert apply(app, admin, ONEROSTER_11).counts.total == 0
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "s-3", "grades", "08")
    set_cell(folder / "users.csv", "p-3", "phone", "213-555-0777")
    result = apply(app, admin, folder)
    assert (result.counts.students_updated, result.counts.guardians_updated) == (1, 1)
    assert student(runtime, "000765432").grade == "8"
    assert audit_trail.check_chain(app).intact
    school_fts_agrees(runtime)  # SQLite: the school-keyed FTS5 tables filled in one go
    with runtime.engine.connect() as conn:
        _search_copies_agree(conn)
    add_staff(app, "oak_office", Role.OFFICE_STAFF, school_code="0567")
    oak = login(app, "oak_office")
    assert [h.student_number for h in lookup.find_students(app, oak, "guye")] == ["000765432"]


def _search_copies_agree(conn: Any) -> None:
    """PostgreSQL: what the triggers a bulk load turns off would have written, it wrote (the
    roster search rows, migration 0019; a link's copies of its school and guardian's names,
    migration 0007), and every trigger is on again."""
    import importlib

    from sqlalchemy import text

    if conn.dialect.name != "postgresql":
        return
    search = importlib.import_module(
        "ppdesk.adapters.db.migrations.versions.0019_roster_search_table"
    )
    stored = f"SELECT {search._COLUMNS} FROM roster_search ORDER BY student_id"
    fresh = f"SELECT {search._VALUES} FROM student s ORDER BY s.id"
    rows = list(conn.execute(text(stored)))
    assert rows and rows == list(conn.execute(text(fresh)))
    links = (
        "SELECT l.id, l.school_id, l.guardian_search_name, l.guardian_search_last{} "
        "FROM guardian_link l JOIN student s ON s.id = l.student_id "
        "JOIN guardian g ON g.id = l.guardian_id ORDER BY l.id"
    )
    copied = list(conn.execute(text(links.format(""))))
    assert copied and copied == [
        (r[0], *r[4:])
        for r in conn.execute(text(links.format(", s.school_id, g.search_name, g.search_last")))
    ]
    off = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'"
    assert list(conn.execute(text(off))) == []


def _index_names(conn: Any) -> set[str]:
    if conn.dialect.name == "postgresql":
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')"
    from sqlalchemy import text

    return {r[0] for r in conn.execute(text(sql))}


def test_a_second_import_at_the_same_time_is_refused_cleanly(app, runtime, admin) -> None:
    from sqlalchemy import text

    from ppdesk.adapters.db.repos import sis as repo
    from ppdesk.domain.errors import Conflict

    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("SQLite queues writers itself (BEGIN IMMEDIATE)")
    with runtime.engine.connect() as other:  # another workstation in the middle of an import
        other.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": repo.IMPORT_LOCK})
        before = counts(runtime)
        with pytest.raises(Conflict, match="Another SIS import"):
            apply(app, admin, ONEROSTER_11)
        assert counts(runtime) == before
        assert sis_import.preview_import(app, admin, ONEROSTER_11).ok  # a dry run may look
        other.rollback()
    assert apply(app, admin, ONEROSTER_11).counts.students_added == 4
