"""The SIS import's own rules, on the in-memory unit of work and the real file readers: who
may import which schools (as they are and as the files would make them), that a preview
compares with what the database holds and writes nothing, and that an import waits for no
other: while one runs, applying is refused and a preview still answers.

The writes themselves, the plan against a full database and the import lock on
PostgreSQL stay on both databases in tests/integration (test_import*.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from ppdesk.bootstrap import AdapterFiles
from ppdesk.domain.audit import Outcome
from ppdesk.domain.errors import Conflict, PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import sis_import
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import SchoolRecord
from tests.fixtures.sis.helpers import FIXTURES
from tests.support.memory_rules import NOW, memory_context
from tests.support.memory_uow import MemoryDatabase

FILES = FIXTURES / "oneroster_1_1"  # schools 1234 and 0567 of "Local District Central"
CENTRAL = "Local District Central"


@pytest.fixture
def ctx(db: MemoryDatabase) -> AppContext:
    return dataclasses.replace(memory_context(db), files=AdapterFiles())


def member(db: MemoryDatabase, role: Role, **where: object) -> StaffSession:
    who = db.add_staff(f"member{len(db.tables.staff)}")
    db.grant(who, role, **where)  # type: ignore[arg-type]
    return StaffSession(who.id, who.username, who.display_name, "desk-1", NOW)


def maple(db: MemoryDatabase) -> SchoolRecord:
    """School 1234 as the files describe it."""
    school = db.add_school("1234", local_district=CENTRAL)
    school = replace(
        school,
        name="Maple Street Elementary",
        address="100 Maple Street\nLos Angeles, CA 90001",
        phone="(213) 555-0100",
        principal_name="Dana Whitfield",
        portal_url="https://parentportal.example.org",
    )
    db.tables.schools[school.id] = school
    return school


def test_a_preview_compares_with_the_database_and_writes_nothing(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = maple(db)
    link = db.add_family(school)  # a student the files hold, in another grade
    student = db.tables.students[link.student_id]
    db.tables.students[student.id] = replace(student, student_number="000123456", grade="2")
    admin = member(db, Role.DISTRICT_ADMIN)

    plan = sis_import.preview_import(ctx, admin, FILES)

    counts = plan.counts
    assert (counts.schools_added, counts.schools_updated) == (1, 0)  # 0567 new, 1234 as is
    assert (counts.students_added, counts.students_updated) == (3, 1)
    [(key, fields)] = [
        (c.key, c.fields) for c in plan.changes if (c.kind, c.action) == ("student", "update")
    ]
    assert key == "000123456" and "grade" in fields  # the seeded row is the one compared
    assert db.commits == 0 and db.tables.audit == []  # a preview leaves no trace
    assert db.tables.students[student.id].grade == "2"


def test_while_an_import_runs_another_is_refused_and_a_preview_still_answers(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    admin = member(db, Role.DISTRICT_ADMIN)
    db.import_running = True
    with pytest.raises(Conflict) as refused:
        sis_import.apply_import(ctx, admin, FILES)
    assert refused.value.code == "sis.import_running"
    assert db.commits == 0 and db.tables.schools == {}
    assert sis_import.preview_import(ctx, admin, FILES).counts.schools_added == 2


def test_each_school_of_the_files_needs_the_import_permission(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = maple(db)
    principal = member(db, Role.PRINCIPAL, school=school)  # 1234 only; the files add 0567
    central = member(db, Role.DISTRICT_ADMIN, local_district=CENTRAL)
    north = member(db, Role.DISTRICT_ADMIN, local_district="Local District North")
    office = member(db, Role.OFFICE_STAFF, school=school)

    def refused(session: StaffSession) -> tuple[str, str | None]:
        with pytest.raises(PermissionDenied) as denial:
            sis_import.preview_import(ctx, session, FILES)
        entry = db.tables.audit[-1].entry
        assert (entry.action, entry.outcome, entry.details["dry_run"]) == (
            "sis_import",
            Outcome.DENIED,
            True,
        )
        return denial.value.code, entry.target_id

    # A new school is judged by where the files put it: Central's administrator may.
    assert sis_import.preview_import(ctx, central, FILES).counts.schools_added == 1
    assert refused(principal) == ("permission.import_sis_school", "0567")
    assert refused(north) == ("permission.import_sis_school", "0567")
    assert refused(office) == ("permission.import_sis", None)  # before reading the files
    assert len(db.tables.audit) == 3 and db.commits == 3  # the refusals, audited


def test_moving_a_school_to_another_local_district_needs_both_districts(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = maple(db)
    db.tables.schools[school.id] = replace(school, local_district="Local District North")
    central = member(db, Role.DISTRICT_ADMIN, local_district=CENTRAL)
    with pytest.raises(PermissionDenied):  # Central's administrator: not the school's side
        sis_import.preview_import(ctx, central, FILES)
    assert db.tables.audit[-1].entry.target_id == "1234"
    both = member(db, Role.DISTRICT_ADMIN, local_district="Local District North")
    db.grant(db.tables.staff[both.staff_id], Role.DISTRICT_ADMIN, local_district=CENTRAL)
    with pytest.raises(PermissionDenied):
        sis_import.preview_import(ctx, member(db, Role.PRINCIPAL, school=school), FILES)
    plan = sis_import.preview_import(ctx, both, FILES)
    assert plan.counts.schools_updated == 1
    assert dict(plan.local_districts)["1234"] == CENTRAL
