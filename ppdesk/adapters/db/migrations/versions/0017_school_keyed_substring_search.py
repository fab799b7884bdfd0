"""School-keyed substring search on SQLite: FTS5 trigram tables whose rowid names the school.

A one-school name search on SQLite ended with a substring step ("anywhere in the name")
that read the school's whole range of the ``(school_id, search_name)`` index and matched
each name with LIKE: 8,000 students or 15,000 guardian links of a school at district scale,
13x the prefix query it followed. SQLite's FTS5 has no second key, but it seeks a rowid
range in each term's list. So two FTS5 trigram tables (``tokenize='trigram'``, SQLite 3.34
or later) hold the folded names under a rowid that puts the school first:

* ``student_school_fts``: ``school_id * 2^32 + student.id``, ``student.search_name``;
* ``guardian_link_school_fts``: ``school_id * 2^32 + guardian_link.id``, the link's copy of
  its guardian's ``search_name`` (``guardian_search_name``, migration 0007).

A school's names are the rowids from ``school_id * 2^32`` to ``school_id * 2^32 + 2^32 - 1``:
``MATCH '"arci"' AND rowid BETWEEN ...`` reads only that school's part of the index
(``SqlPeopleRepository._school_substring``). Triggers keep them whatever writes the rows (the
SIS import, the desk, the demo, a bulk load, a hand-written UPDATE): an insert, an update
of the name or the school (a guardian's rename reaches the link through 0007's trigger),
a delete. Each trigger re-reads the row, so the order in which SQLite fires 0007's
triggers and these does not matter. Ordinary FTS5 tables (they keep their own copy of the
name): a row is removed by its rowid alone.

PostgreSQL has the school-keyed trigram GIN indexes of migration 0007: nothing to add.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

SCHOOL_SHIFT = 4294967296  # 2^32: ids stay below it
# table -> (FTS5 table, name column)
TABLES = {
    "student": ("student_school_fts", "search_name"),
    "guardian_link": ("guardian_link_school_fts", "guardian_search_name"),
}


def _key(row: str) -> str:
    return f"{row}.school_id * {SCHOOL_SHIFT} + {row}.id"


def sync_sql(table: str, row_id: str) -> str:
    """Statements putting the current row ``row_id`` (an SQL expression) in its FTS table."""
    fts, name = TABLES[table]
    return (
        f"DELETE FROM {fts} WHERE rowid = (SELECT {_key('r')} FROM {table} r "
        f"WHERE r.id = {row_id}); "
        f"INSERT INTO {fts}(rowid, search_name) SELECT {_key('r')}, r.{name} FROM {table} r "
        f"WHERE r.id = {row_id} AND r.school_id IS NOT NULL AND r.{name} IS NOT NULL; "
    )


def fill_sql(table: str, where: str = "") -> str:
    fts, name = TABLES[table]
    return (
        f"INSERT INTO {fts}(rowid, search_name) SELECT {_key('r')}, r.{name} FROM {table} r "
        f"WHERE r.school_id IS NOT NULL AND r.{name} IS NOT NULL{where}"
    )


def triggers(table: str) -> list[str]:
    fts, name = TABLES[table]
    old_key = f"OLD.school_id * {SCHOOL_SHIFT} + OLD.id"
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {sync_sql(table, 'NEW.id')}END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, school_id, {name} ON {table} "
        f"WHEN NEW.id IS NOT OLD.id OR NEW.school_id IS NOT OLD.school_id "
        f"OR NEW.{name} IS NOT OLD.{name} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = {old_key}; {sync_sql(table, 'NEW.id')}END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = {old_key}; END",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    for table, (fts, _) in TABLES.items():
        op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(search_name, tokenize='trigram')")
        op.execute(fill_sql(table))
        for sql in triggers(table):
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    for fts, _ in TABLES.values():
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
