"""Checks of the search tables that triggers keep (tests only)."""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy import text

from ppdesk.adapters.db.repos.people import SCHOOL_SHIFT


def school_fts_agrees(rt: Any) -> None:
    """SQLite: each school-keyed FTS5 table (0017) holds exactly one entry per row, under
    school_id * 2^32 + id, with the row's current name; its trigram index agrees. Then the
    roster search's tables (0021)."""
    if rt.engine.dialect.name != "sqlite":
        return
    with rt.engine.connect() as conn:
        for table, name in (("student", "search_name"), ("guardian_link", "guardian_search_name")):
            rows = conn.execute(
                text(f"SELECT school_id, id, {name} FROM {table} WHERE {name} IS NOT NULL")
            ).all()
            indexed = set(conn.execute(text(f"SELECT rowid, search_name FROM {table}_school_fts")))
            assert indexed == {(sid * SCHOOL_SHIFT + rid, n) for sid, rid, n in rows}, table
            conn.exec_driver_sql(
                f"INSERT INTO {table}_school_fts({table}_school_fts) VALUES ('integrity-check')"
            )
    roster_fts_agrees(rt)


def roster_fts_agrees(rt: Any) -> None:
    """SQLite: the roster search's FTS5 tables (0021) hold exactly one entry per student and
    per link, under its id, with the texts a fresh computation gives; their indexes agree."""
    if rt.engine.dialect.name != "sqlite":
        return
    migration = importlib.import_module(
        "ppdesk.adapters.db.migrations.versions.0021_roster_search_sqlite"
    )
    with rt.engine.connect() as conn:
        for fts, fresh in (
            (migration.STUDENT_FTS, f"SELECT r.id, {migration.STUDENT_TEXT} FROM student r"),
            (
                migration.LINK_FTS,
                f"SELECT {migration.LINK_KEY}, {migration.LINK_TEXT} FROM guardian_link r "
                "JOIN guardian g ON g.id = r.guardian_id",
            ),
        ):
            stored = set(conn.execute(text(f"SELECT rowid, words FROM {fts}")))
            expected = set(conn.execute(text(fresh)))
            assert stored == expected and expected, fts
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
