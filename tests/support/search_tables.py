"""Checks of the search tables that triggers keep (tests only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from ppdesk.adapters.db.repos.people import SCHOOL_SHIFT


def school_fts_agrees(rt: Any) -> None:
    """SQLite: each school-keyed FTS5 table (0017) holds exactly one entry per row, under
    school_id * 2^32 + id, with the row's current name; its trigram index agrees."""
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
