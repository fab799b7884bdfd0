"""The roster tab's per-student search rows (migration 0019, PostgreSQL): whatever writes the
students, guardians and links, ``roster_search`` holds exactly what a fresh computation
from those tables gives, one statement or many rows at a time, and two transactions
changing one student's guardians at once leave both changes in it. On SQLite the FTS5
trigram tables of migration 0021 (one entry per student and per link) are held to the
same: the same writes, each followed by a comparison with a fresh computation.

The rows the tab finds through it are checked against a plain Python reading of the whole
roster in tests/integration/test_roster_search_index.py (both engines)."""

from __future__ import annotations

import importlib
import threading
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from ppdesk.services import roster
from ppdesk.services.roster import RosterView
from tests.support.db import _admin_conninfo
from tests.support.family import make_family
from tests.support.roster_data import RosterSchool, build_school

MIGRATION = importlib.import_module(
    "ppdesk.adapters.db.migrations.versions.0019_roster_search_table"
)
COLUMNS = "student_id, school_id, active, student_number, last_name, first_name, grade, words"
STORED = f"SELECT {COLUMNS} FROM roster_search ORDER BY student_id"
FRESH = f"SELECT {MIGRATION._VALUES} FROM student s ORDER BY s.id"
SQLITE = importlib.import_module("ppdesk.adapters.db.migrations.versions.0021_roster_search_sqlite")
# SQLite: every entry of both FTS5 tables, and the entries a fresh computation gives.
SQLITE_STORED = (
    "SELECT 's', rowid, words FROM roster_student_fts UNION ALL "
    "SELECT 'l', rowid, words FROM roster_link_fts ORDER BY 1, 2"
)
SQLITE_FRESH = (
    f"SELECT 's', r.id, {SQLITE.STUDENT_TEXT} FROM student r UNION ALL "
    f"SELECT 'l', {SQLITE.LINK_KEY}, {SQLITE.LINK_TEXT} FROM guardian_link r "
    "JOIN guardian g ON g.id = r.guardian_id ORDER BY 1, 2"
)


def _rows(ctx: Any, sql: str) -> list[tuple[Any, ...]]:
    with ctx.uow(readonly=True) as uow:
        return [tuple(r) for r in uow.session.execute(text(sql))]


def _write(ctx: Any, *statements: str, **params: Any) -> None:
    """The statements in one transaction, as any program might write them."""
    with ctx.uow() as uow:
        for sql in statements:
            uow.session.execute(text(sql), params)
        uow.commit()


def _sqlite(ctx: Any) -> bool:
    with ctx.uow(readonly=True) as uow:
        return bool(uow.session.get_bind().dialect.name == "sqlite")


def _in_step(ctx: Any) -> list[tuple[Any, ...]]:
    if _sqlite(ctx):
        stored = _rows(ctx, SQLITE_STORED)
        assert stored == _rows(ctx, SQLITE_FRESH)
        with ctx.uow() as uow:  # and each trigram index agrees with its table's entries
            for fts in (SQLITE.STUDENT_FTS, SQLITE.LINK_FTS):
                uow.session.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"))
        return [r for r in stored if r[0] == "s"]
    stored = _rows(ctx, STORED)
    assert stored == _rows(ctx, FRESH)
    return stored


def _words(ctx: Any, student: int) -> str:
    if _sqlite(ctx):
        # The student's entry and its active links' entries (of active guardians): what
        # the search finds the student by (the link entries of roster_link_fts).
        own = _rows(ctx, f"SELECT words FROM roster_student_fts WHERE rowid = {student}")
        links = _rows(
            ctx,
            "SELECT f.words FROM roster_link_fts f JOIN guardian_link l "
            f"ON f.rowid = l.student_id * {SQLITE.STUDENT_SHIFT} + l.id "
            f"JOIN guardian g ON g.id = l.guardian_id WHERE l.student_id = {student} "
            "AND l.active AND g.active ORDER BY l.id",
        )
        return " ".join(str(r[0]) for r in own + links)
    return str(_rows(ctx, f"SELECT words FROM roster_search WHERE student_id = {student}")[0][0])


def _gone(ctx: Any, student: int) -> bool:
    if _sqlite(ctx):
        return not _rows(ctx, f"SELECT 1 FROM roster_student_fts WHERE rowid = {student}")
    return not _rows(ctx, f"SELECT 1 FROM roster_search WHERE student_id = {student}")


@pytest.fixture
def school(app: Any) -> RosterSchool:
    return build_school(app)


def test_the_rows_follow_every_write(school: RosterSchool, runtime: Any) -> None:
    ctx = school.ctx
    if runtime.engine.dialect.name != "postgresql":
        with runtime.engine.connect() as conn:
            names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        assert not {n for n in names if "roster_search" in n}
        assert {SQLITE.STUDENT_FTS, SQLITE.LINK_FTS, *SQLITE.TRIGGER_NAMES} <= names
    rows = _in_step(ctx)
    assert len(rows) == len(_rows(ctx, "SELECT id FROM student"))
    a, b = school.families["A"], school.families["B"]
    g1, g2 = a.guardian_ids[:2]
    # A guardian's searched columns, one at a time and several guardians in one statement.
    _write(ctx, "UPDATE guardian SET first_name = 'Zebedee' WHERE id = :g", g=g1)
    assert "zebedee" in _words(ctx, a.student_id)
    _write(ctx, "UPDATE guardian SET cell_phone = '', home_phone = '(213) 555-7777' WHERE id = :g",
           g=g1)  # fmt: skip
    assert "(213) 555-7777" in _words(ctx, a.student_id)
    _write(ctx, "UPDATE guardian SET registered_portal_email = 'Zeb@Example.org', "
           "preferred_language = ' TLH ' WHERE id IN (:g, :h)", g=g1, h=b.guardian_ids[0])  # fmt: skip
    assert "zeb@example.org" in _words(ctx, b.student_id)
    _in_step(ctx)
    # Deactivating a guardian or a link takes its text out; reactivating puts it back.
    _write(ctx, "UPDATE guardian SET active = false WHERE id = :g", g=g1)
    assert "zebedee" not in _words(ctx, a.student_id)
    _write(ctx, "UPDATE guardian SET active = true WHERE id = :g", g=g1)
    _write(ctx, "UPDATE guardian_link SET active = false WHERE guardian_id = :g", g=g2)
    _in_step(ctx)
    _write(ctx, "UPDATE guardian_link SET active = true, relationship = 'Godmother' "
           "WHERE guardian_id = :g", g=g2)  # fmt: skip
    assert "godmother" in _words(ctx, a.student_id)
    # A link moved to another student leaves one and reaches the other; a deleted link too.
    _write(ctx, "UPDATE guardian_link SET student_id = :s WHERE guardian_id = :g",
           s=b.student_id, g=g1)  # fmt: skip
    assert "zebedee" not in _words(ctx, a.student_id)
    assert "zebedee" in _words(ctx, b.student_id)
    _in_step(ctx)
    # The student's own columns, school and active; a write that changes none of them.
    other = _rows(ctx, "SELECT id FROM school WHERE code <> '1001' ORDER BY id")
    _write(ctx, "UPDATE student SET last_name = 'Quimby', grade = 'K', homeroom = 'Rm 99', "
           "active = false WHERE id = :s", s=a.student_id)  # fmt: skip
    _write(ctx, "UPDATE student SET school_id = :x WHERE id = :s", x=other[0][0], s=a.student_id)
    _write(ctx, "UPDATE student SET updated_at = updated_at WHERE id = :s", s=a.student_id)
    assert "quimby" in _words(ctx, a.student_id)
    _in_step(ctx)
    # A new family (the desk's and the import's inserts), then many rows in one statement.
    added = make_family(ctx, first="Odile", last="Vantongeren", guardians=2)
    assert "vantongeren" in _words(ctx, added.student_id)
    _write(ctx, "DELETE FROM guardian_link WHERE guardian_id = :g", g=added.guardian_ids[1])
    assert "carlos" not in _words(ctx, added.student_id)
    assert "maría" in _words(ctx, added.student_id)
    _write(ctx, "UPDATE guardian SET last_name = last_name || 'x'")
    _write(ctx, "UPDATE guardian_link SET relationship = upper(relationship)")
    _in_step(ctx)
    # A student deleted (its links first) leaves no row.
    _write(ctx, "DELETE FROM emergency_contact WHERE student_id = :s",
           "DELETE FROM guardian_link WHERE student_id = :s",
           "DELETE FROM student WHERE id = :s", s=added.student_id)  # fmt: skip
    assert _gone(ctx, added.student_id)
    _in_step(ctx)
    # The search finds what the rows now hold: the renamed family, not the old name.
    view = RosterView(search="vantongerenx")
    assert roster.roster_page(ctx, school.principal, view).rows == []
    _write(ctx, "UPDATE guardian SET first_name = 'Philippa' WHERE id = :g", g=b.guardian_ids[0])
    everything = roster.roster_rows(ctx, school.principal, school_code=None)
    expected = sorted(
        (r.student_key, r.link_id) for r in everything if "philippa" in r.guardian_name.casefold()
    )
    found = roster.roster_page(ctx, school.principal, RosterView(search="philippa")).rows
    assert expected and sorted((r.student_key, r.link_id) for r in found) == expected
    _in_step(ctx)


@pytest.mark.postgres
def test_two_writers_of_one_students_guardians_both_count(pg_databases: Any) -> None:
    """One transaction adds a guardian to a student and has not committed; a second adds
    another and must wait for the first (it would otherwise write a text without the
    first's guardian, computed before that commit). Real connections, no timing: the
    second is seen waiting on a lock in pg_stat_activity before the first commits."""
    from ppdesk import bootstrap
    from tests.support.seed import add_school

    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    url = pg_databases.new()
    rt = bootstrap.open_app(database=url, create_keys=True)
    try:
        add_school(rt.ctx)
        student = make_family(rt.ctx, guardians=1).student_id
        _concurrent_writers(_admin_conninfo(url), student)
        words = _words(rt.ctx, student)
        assert "firstwriter" in words and "secondwriter" in words
        _in_step(rt.ctx)
    finally:
        rt.close()
        pg_databases.drop(url)


def _concurrent_writers(info: str, student: int) -> None:
    add = (
        "WITH g AS (INSERT INTO guardian (first_name, last_name, search_name, search_last) "
        "VALUES (%(first)s, 'Writer', %(first)s, %(first)s) RETURNING id) "
        "INSERT INTO guardian_link (student_id, guardian_id, relationship) "
        "SELECT %(student)s, id, 'Parent' FROM g"
    )
    with psycopg.connect(info) as first, psycopg.connect(info) as second:
        second_pid = second.info.backend_pid
        first.execute(add, {"first": "Firstwriter", "student": student})
        failed: list[BaseException] = []

        def run_second() -> None:
            try:
                second.execute(add, {"first": "Secondwriter", "student": student})
                second.commit()
            except BaseException as exc:  # reported below
                failed.append(exc)

        thread = threading.Thread(target=run_second)
        thread.start()
        with psycopg.connect(info, autocommit=True) as watch:
            waiting = False
            while not waiting and thread.is_alive():
                row = watch.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (second_pid,)
                ).fetchone()
                waiting = row is not None and row[0] == "Lock"
        first.commit()
        thread.join()
    assert waiting, "the second writer never waited for the first"
    assert not failed, failed


def test_the_bulk_load_fills_sqlite_entries_as_the_triggers_do() -> None:
    # The SIS import's bulk load drops the insert triggers and fills the new rows' entries
    # with the repository's copy of the migration's statements: they must stay the same.
    from ppdesk.adapters.db.repos.roster import SQLITE_FTS_FILLS

    assert {
        "student": (f"{SQLITE.STUDENT_FTS}_ai", SQLITE.fill_sql(SQLITE.STUDENT_FTS)),
        "guardian_link": (f"{SQLITE.LINK_FTS}_ai", SQLITE.fill_sql(SQLITE.LINK_FTS)),
    } == SQLITE_FTS_FILLS
    assert set(SQLITE.TRIGGER_NAMES) >= {name for name, _ in SQLITE_FTS_FILLS.values()}
