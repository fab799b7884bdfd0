"""School-scoped name search (issue 21, point 2; migrations 0007 and 0017).

Each guardian link carries its student's school and its guardian's folded names, copied by
database triggers, so one index answers "a guardian named like X at school S". These tests
check, on both engines, that the one-school searches return exactly the guardians and
students a plain reading of the tables says they should (before and after the rows change
under the copies), and on PostgreSQL that the planner answers a one-school search from the
new school-keyed indexes, on SQLite from the school-keyed FTS5 tables (whose contents
must equal the rows they index, after any write).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text

from bench._district import PASSWORD, build_district
from ppdesk.domain.roles import Role
from ppdesk.domain.text import fold
from ppdesk.services import lookup, sis_import
from ppdesk.services.auth import PasswordAuthenticator
from tests.fixtures.sis.helpers import copy_set, set_cell
from tests.support.search_tables import school_fts_agrees
from tests.support.seed import add_staff, login


def _tables(rt: Any) -> dict[str, list[Any]]:
    with rt.engine.connect() as conn:
        return {
            "guardian": list(
                conn.execute(text("SELECT id, search_name, search_last, active FROM guardian"))
            ),
            "link": list(
                conn.execute(text("SELECT id, student_id, guardian_id, active FROM guardian_link"))
            ),
            "student": list(
                conn.execute(
                    text("SELECT id, school_id, search_name, search_last, active FROM student")
                )
            ),
        }


def _expected_parents(
    t: dict[str, list[Any]], term: str, school_ids: set[int] | None
) -> set[tuple[int, int]]:
    """(guardian id, student id) of parent search by name, read from the tables in Python:
    a name that starts with the term (last or first name first), or has it anywhere (3+
    letters), among active links of active guardians at the schools."""
    guardians = {g.id: g for g in t["guardian"]}
    school_of = {s.id: s.school_id for s in t["student"]}
    out = set()
    for link in t["link"]:
        g = guardians[link.guardian_id]
        if not (link.active and g.active):
            continue
        if school_ids is not None and school_of[link.student_id] not in school_ids:
            continue
        if (
            g.search_last.startswith(term)
            or g.search_name.startswith(term)
            or (len(term) >= 3 and term in g.search_name)
        ):
            out.add((g.id, link.student_id))
    return out


def _expected_students(t: dict[str, list[Any]], term: str, school_ids: set[int]) -> set[int]:
    return {
        s.id
        for s in t["student"]
        if s.active
        and s.school_id in school_ids
        and (
            s.search_last.startswith(term)
            or s.search_name.startswith(term)
            or (len(term) >= 3 and term in s.search_name)
        )
    }


def _copies_agree(rt: Any) -> None:
    """Every link's copies equal what the join says (the triggers' invariant)."""
    with rt.engine.connect() as conn:
        wrong = conn.execute(
            text(
                "SELECT count(*) FROM guardian_link l JOIN student s ON s.id = l.student_id "
                "JOIN guardian g ON g.id = l.guardian_id WHERE l.school_id IS NULL "
                "OR l.school_id <> s.school_id OR l.guardian_search_name IS NULL "
                "OR l.guardian_search_name <> g.search_name "
                "OR l.guardian_search_last <> g.search_last"
            )
        ).scalar_one()
    assert wrong == 0
    school_fts_agrees(rt)


@pytest.fixture
def district(runtime: Any) -> dict[str, Any]:
    data = build_district(runtime.ctx, students=1200, schools=6, log=lambda *_: None)
    return data


def _terms(data: dict[str, Any]) -> list[str]:
    lasts = sorted({last for _, last in data["names"]})
    firsts = sorted({first for first, _ in data["names"]})
    terms = set()
    for name in lasts[::3] + firsts[::5]:
        f = fold(name)
        terms.update({f[:3], f[:5], f[1:4], f[2:6], f[-3:]})
    return sorted(t for t in terms if t.strip())


def _check_searches(rt: Any, data: dict[str, Any]) -> int:
    """One-school and district-wide parent and student searches against the tables; returns
    how many one-school searches were compared (those with 1 to 49 answers)."""
    office = PasswordAuthenticator(rt.ctx).login("office_staff", PASSWORD)
    admin = PasswordAuthenticator(rt.ctx).login("district_admin", PASSWORD)
    school = {data["school_ids"][0]}
    t = _tables(rt)
    compared = 0
    for term in _terms(data):
        want = _expected_parents(t, term, school)
        if not 0 < len(want) < lookup.MAX_RESULTS:
            continue
        compared += 1
        got = lookup.parent_search(rt.ctx, office, term)
        assert {(h.guardian_id, h.student_id) for h in got} == want, term
        assert len(got) == len(want), term
        students = _expected_students(t, term, school)
        if len(students) < lookup.MAX_RESULTS:
            assert {s.student_id for s in lookup.find_students(rt.ctx, office, term)} == students
        everywhere = _expected_parents(t, term, None)
        if len(everywhere) < lookup.MAX_RESULTS:
            # The district-wide path (guardian's own columns) agrees with the school copies.
            wide = lookup.parent_search(rt.ctx, admin, term)
            assert {(h.guardian_id, h.student_id) for h in wide} == everywhere, term
    return compared


def test_one_school_name_search_returns_what_the_tables_say(runtime, district) -> None:
    _copies_agree(runtime)
    assert _check_searches(runtime, district) >= 20


def test_a_few_schools_search_returns_what_the_tables_say(runtime, district) -> None:
    """A scope of several schools (SQLite: one rowid range of the FTS5 tables a school)."""
    schools = set(district["school_ids"][1:4])
    t = _tables(runtime)
    compared = 0
    for term in _terms(district):
        want = _expected_parents(t, term, schools)
        students = _expected_students(t, term, schools)
        if not (0 < len(want) < lookup.MAX_RESULTS and len(students) < lookup.MAX_RESULTS):
            continue
        compared += 1
        with runtime.ctx.uow(readonly=True) as uow:
            got = uow.people.search_guardians_by_name(term, sorted(schools), lookup.MAX_RESULTS)
            found = uow.people.search_students_by_name(
                term, sorted(schools), None, lookup.MAX_RESULTS
            )
        assert {(h.guardian.id, h.student.id) for h in got} == want, term
        assert len(got) == len(want), term
        assert {h.student.id for h in found} == students, term
    assert compared >= 20


def test_the_copies_follow_renames_moves_new_links_and_deactivations(runtime, district) -> None:
    s1, s2 = district["school_ids"][:2]
    with runtime.engine.begin() as conn:
        # A guardian renamed by hand (as an import does), a student moved to another school,
        # a link made inactive, and a new guardian linked through an ordinary insert.
        gid = conn.execute(
            text(
                "SELECT l.guardian_id FROM guardian_link l JOIN student s ON s.id = l.student_id "
                "WHERE s.school_id = :s ORDER BY l.id LIMIT 1"
            ),
            {"s": s1},
        ).scalar_one()
        conn.execute(
            text(
                "UPDATE guardian SET first_name = 'Quennell', last_name = 'Zabriskie', "
                "search_name = 'quennell zabriskie', search_last = 'zabriskie quennell' "
                "WHERE id = :g"
            ),
            {"g": gid},
        )
        moved = conn.execute(
            text("SELECT id FROM student WHERE school_id = :s ORDER BY id LIMIT 1 OFFSET 5"),
            {"s": s2},
        ).scalar_one()
        conn.execute(
            text("UPDATE student SET school_id = :s WHERE id = :id"), {"s": s1, "id": moved}
        )
        conn.execute(
            text(
                "UPDATE guardian_link SET active = false WHERE id = (SELECT min(l.id) FROM "
                "guardian_link l JOIN student s ON s.id = l.student_id WHERE s.school_id = :s "
                "AND l.guardian_id <> :g)"
            ),
            {"s": s1, "g": gid},
        )
    with runtime.ctx.uow() as uow:
        new_gid = uow.people.max_id("guardian") + 1
        uow.people.bulk_insert(
            "guardian",
            [
                {
                    "id": new_gid,
                    "first_name": "Ysolde",
                    "last_name": "Varnavska",
                    "search_name": "ysolde varnavska",
                    "search_last": "varnavska ysolde",
                }
            ],
        )
        uow.people.bulk_insert(
            "guardian_link",
            [{"student_id": moved, "guardian_id": new_gid, "relationship": "Parent"}],
        )
        uow.commit()
    _copies_agree(runtime)
    office = PasswordAuthenticator(runtime.ctx).login("office_staff", PASSWORD)
    for term in ("zabris", "abris", "quennell"):
        assert {h.guardian_id for h in lookup.parent_search(runtime.ctx, office, term)} == {gid}
    for term in ("varnav", "arnav"):
        hits = lookup.parent_search(runtime.ctx, office, term)
        assert [(h.guardian_id, h.student_id) for h in hits] == [(new_gid, moved)]
    assert _check_searches(runtime, district) >= 20


def test_one_school_search_after_an_sis_import_changes_names(app, runtime, tmp_path) -> None:
    """An SIS import renames a student and a guardian and moves a student to the other
    school: the one-school searches (substring steps included) find the new names at the
    new school only, on both engines."""
    add_staff(app, "importer", Role.DISTRICT_ADMIN, school_code=None, local_district=None)
    admin = login(app, "importer")
    folder = copy_set(tmp_path)
    sis_import.apply_import(app, admin, folder)
    add_staff(app, "maple_office", Role.OFFICE_STAFF, school_code="1234")
    add_staff(app, "oak_office", Role.OFFICE_STAFF, school_code="0567")
    maple, oak = login(app, "maple_office"), login(app, "oak_office")

    def parents(session: Any, term: str) -> set[str]:
        return {h.guardian_name for h in lookup.parent_search(app, session, term)}

    def students(session: Any, term: str) -> set[str]:
        return {h.student_number for h in lookup.find_students(app, session, term)}

    assert students(maple, "ope") == {"000123456", "000123457"}  # Ana and Ben Lopez
    assert parents(maple, "orge") == {"Jorge Lopez"}
    assert students(oak, "guye") == {"000765432"}
    _copies_agree(runtime)
    users = folder / "users.csv"
    set_cell(users, "s-1", "familyName", "Quintanilla")  # Ana Lopez
    set_cell(users, "p-2", "givenName", "Evaristo")  # Jorge Lopez
    set_cell(users, "s-3", "orgSourcedIds", "sch-1")  # Chloé Nguyễn moves to Maple
    sis_import.apply_import(app, admin, folder)
    _copies_agree(runtime)
    assert students(maple, "ope") == {"000123457"}
    assert students(maple, "intanil") == {"000123456"}
    assert students(oak, "intanil") == set()
    assert parents(maple, "orge") == set()
    assert parents(maple, "arist") == {"Evaristo Lopez"}
    assert parents(oak, "arist") == set()
    assert students(maple, "guye") == {"000765432"}
    assert students(oak, "guye") == set()
    # Hoa Nguyễn's link follows her grandchild's school.
    assert parents(maple, "guye") == {"Hoa Nguyễn"}
    assert parents(oak, "guye") == set()


def test_sqlite_answers_a_one_school_substring_from_the_school_keyed_fts(tmp_path) -> None:
    """SQLite only (its own database: PostgreSQL's plan is the test below)."""
    from ppdesk import bootstrap

    rt = bootstrap.open_app(
        database=f"sqlite:///{tmp_path.as_posix()}/plan.sqlite3", create_keys=True
    )
    try:
        data = build_district(rt.ctx, students=1200, schools=6, log=lambda *_: None)
        office = PasswordAuthenticator(rt.ctx).login("office_staff", PASSWORD)
        last = fold(data["names"][0][1])
        with _statements(rt) as parent:
            lookup.parent_search(rt.ctx, office, last[1:5])
        with _statements(rt) as student:
            lookup.find_students(rt.ctx, office, last[1:5])
        plans = "\n".join(_sqlite_plans(rt, parent + student))
    finally:
        rt.close()
    assert "guardian_link_school_fts VIRTUAL TABLE" in plans, plans
    assert "student_school_fts VIRTUAL TABLE" in plans, plans
    # The hits are read by primary key: not the school's whole range of an index keyed by
    # school (a prefix step's range has a name bound), nor the district-wide FTS tables.
    for line in plans.splitlines():
        assert not line.endswith("(school_id=?)"), plans
    assert "SCAN guardian_fts" not in plans and "SCAN student_fts" not in plans, plans


def _sqlite_plans(rt: Any, statements: list[tuple[str, Any]]) -> list[str]:
    with rt.engine.connect() as conn:
        return [
            "\n".join(
                str(row[3])
                for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            )
            for statement, params in statements
        ]


@contextmanager
def _statements(rt: Any) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(rt.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(rt.engine, "before_cursor_execute", record)


def _plans(rt: Any, statements: list[tuple[str, Any]]) -> list[str]:
    out = []
    with rt.engine.connect() as conn:
        for statement, params in statements:
            rows = conn.exec_driver_sql("EXPLAIN " + statement, params).scalars().all()
            out.append("\n".join(rows))
        conn.rollback()
    return out


def test_postgres_answers_a_one_school_search_from_the_school_keyed_indexes(runtime) -> None:
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("the plan of a PostgreSQL query (SQLite: the results tests above)")
    data = build_district(runtime.ctx, students=12_000, schools=60, log=lambda *_: None)
    with runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    office = PasswordAuthenticator(runtime.ctx).login("office_staff", PASSWORD)
    # The district's most common last name: a substring of it no name starts with (the
    # prefix steps find nothing, the substring step runs), and its prefix.
    counts: dict[str, int] = {}
    for _, name in data["names"]:
        counts[name] = counts.get(name, 0) + 1
    last = fold(max(counts, key=lambda n: (counts[n], n)))
    with _statements(runtime) as substring:
        lookup.parent_search(runtime.ctx, office, last[1:5])
    with _statements(runtime) as prefix:
        lookup.parent_search(runtime.ctx, office, last[:3])
    with _statements(runtime) as student_substring:
        lookup.find_students(runtime.ctx, office, last[1:5])
    sub_plans = "\n".join(_plans(runtime, substring))
    assert "ix_guardian_link_school_trgm" in sub_plans, sub_plans
    # The old plan walked the district-wide trigram index of guardian names.
    assert "ix_guardian_search_trgm" not in sub_plans, sub_plans
    prefix_plans = "\n".join(_plans(runtime, prefix))
    assert "ix_guardian_link_school_last_c" in prefix_plans, prefix_plans
    student_plans = "\n".join(_plans(runtime, student_substring))
    assert "ix_student_school_trgm" in student_plans, student_plans
