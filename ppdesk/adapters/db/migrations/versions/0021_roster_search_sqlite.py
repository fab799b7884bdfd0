"""The roster tab's search on SQLite: FTS5 trigram tables of the texts it searches.

On SQLite the roster tab's search had no index: it walked the students in the tab's order
(migration 0018) and matched every row with LIKE until a page was found, so a word whose
matches are rare in that order ("garc") read most of the roster before its first rows
(2.5-5 s at 89,958 rows; tens of seconds at 900,087), and every count read all of it.
PostgreSQL finds a word's candidate students in ``roster_search`` (migration 0019). Here
two FTS5 trigram tables (``tokenize='trigram'``, as migration 0017) hold the same texts as
migration 0015's three trigram indexes, one row per row they come from:

* ``roster_student_fts``: rowid ``student.id``, the student's text (number, last and first
  name, grade, homeroom), ``SqlRosterRepository.STUDENT_TEXT``;
* ``roster_link_fts``: rowid ``student_id * 2^32 + guardian_link.id`` (the student is the
  rowid's high part, so a word's students are read from the index alone, no probe of the
  links), the link's guardian's text (first and last name, portal e-mail, the phone shown,
  preferred-language code) and the link's relationship, ``GUARDIAN_TEXT`` and
  ``RELATIONSHIP_TEXT``, whatever the link's and the guardian's ``active`` (a superset).

Lower case and joined by spaces (a search word holds none): a word is in a text when it is
in one of its fields, so the students found are a superset of the rows the word matches (the
tab's query still applies every word to every row). Keyed per row, not per student, so a
write touches one entry: an SIS import's links are each one insert, not a rewrite of their
student's text. Triggers keep them whatever writes the rows (the SIS import, the desk, the
demo, a hand-written UPDATE): a student or link inserted, deleted or changed in a searched
column, a guardian changed in a searched column (each of its links' entries). Each trigger
re-reads the rows, so the order in which SQLite fires other triggers does not matter. The
SIS import's bulk load drops the insert triggers and fills the new rows' entries in one
statement (``SqlSisRepository._sqlite_bulk``). Ordinary FTS5 tables (they keep their own
copy of the text): an entry is removed by its rowid alone.

PostgreSQL has ``roster_search`` (0019): nothing to add there.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

STUDENT_FTS = "roster_student_fts"
LINK_FTS = "roster_link_fts"
STUDENT_SHIFT = 4294967296  # 2^32: a link entry's rowid is student_id * 2^32 + link id
LINK_KEY = f"r.student_id * {STUDENT_SHIFT} + r.id"

# The texts of migration 0015 (SqlRosterRepository.STUDENT_TEXT, GUARDIAN_TEXT,
# RELATIONSHIP_TEXT) in SQLite's SQL, of the rows aliased r (student or link) and g.
STUDENT_TEXT = (
    "lower(coalesce(r.student_number, '') || ' ' || coalesce(r.last_name, '') || ' ' || "
    "coalesce(r.first_name, '') || ' ' || coalesce(r.grade, '') || ' ' || "
    "coalesce(r.homeroom, ''))"
)
LINK_TEXT = (
    "lower(coalesce(g.first_name, '') || ' ' || coalesce(g.last_name, '') || ' ' || "
    "coalesce(g.registered_portal_email, '') || ' ' || "
    "coalesce(nullif(g.cell_phone, ''), nullif(g.home_phone, ''), g.work_phone, '') || ' ' || "
    "coalesce(trim(g.preferred_language), '') || ' ' || coalesce(r.relationship, ''))"
)
STUDENT_COLUMNS = ("id", "student_number", "last_name", "first_name", "grade", "homeroom")
LINK_COLUMNS = ("id", "student_id", "guardian_id", "relationship")
GUARDIAN_COLUMNS = (
    "first_name",
    "last_name",
    "registered_portal_email",
    "cell_phone",
    "home_phone",
    "work_phone",
    "preferred_language",
)


def fill_sql(fts: str) -> str:
    """The entries of every row (add ``AND r.id BETWEEN ...`` for some of them)."""
    if fts == STUDENT_FTS:
        return f"INSERT INTO {fts}(rowid, words) SELECT r.id, {STUDENT_TEXT} FROM student r WHERE 1 = 1"
    return (
        f"INSERT INTO {fts}(rowid, words) SELECT {LINK_KEY}, {LINK_TEXT} FROM guardian_link r "
        "JOIN guardian g ON g.id = r.guardian_id WHERE 1 = 1"
    )


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _put(fts: str, where: str) -> str:
    return f"{fill_sql(fts)} AND {where}; "


def triggers() -> list[str]:
    s, k = STUDENT_FTS, LINK_FTS
    old_key = f"OLD.student_id * {STUDENT_SHIFT} + OLD.id"
    return [
        f"CREATE TRIGGER {s}_ai AFTER INSERT ON student BEGIN {_put(s, 'r.id = NEW.id')}END",
        f"CREATE TRIGGER {s}_au AFTER UPDATE OF {', '.join(STUDENT_COLUMNS)} ON student "
        f"WHEN {_changed(STUDENT_COLUMNS)} BEGIN DELETE FROM {s} WHERE rowid = OLD.id; "
        f"{_put(s, 'r.id = NEW.id')}END",
        f"CREATE TRIGGER {s}_ad AFTER DELETE ON student BEGIN "
        f"DELETE FROM {s} WHERE rowid = OLD.id; END",
        f"CREATE TRIGGER {k}_ai AFTER INSERT ON guardian_link BEGIN {_put(k, 'r.id = NEW.id')}END",
        f"CREATE TRIGGER {k}_au AFTER UPDATE OF {', '.join(LINK_COLUMNS)} ON guardian_link "
        f"WHEN {_changed(LINK_COLUMNS)} BEGIN DELETE FROM {k} WHERE rowid = {old_key}; "
        f"{_put(k, 'r.id = NEW.id')}END",
        f"CREATE TRIGGER {k}_ad AFTER DELETE ON guardian_link BEGIN "
        f"DELETE FROM {k} WHERE rowid = {old_key}; END",
        f"CREATE TRIGGER {k}_guardian_au AFTER UPDATE OF {', '.join(GUARDIAN_COLUMNS)} "
        f"ON guardian WHEN {_changed(GUARDIAN_COLUMNS)} BEGIN "
        f"DELETE FROM {k} WHERE rowid IN (SELECT {LINK_KEY} FROM guardian_link r "
        "WHERE r.guardian_id = NEW.id); "
        f"{_put(k, 'r.guardian_id = NEW.id')}END",
    ]


TRIGGER_NAMES = (
    *(f"{STUDENT_FTS}_{x}" for x in ("ai", "au", "ad")),
    *(f"{LINK_FTS}_{x}" for x in ("ai", "au", "ad", "guardian_au")),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for fts in (STUDENT_FTS, LINK_FTS):
        op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(words, tokenize='trigram')")
        op.execute(fill_sql(fts))
    for sql in triggers():
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for fts in (STUDENT_FTS, LINK_FTS):
        op.execute(f"DROP TABLE IF EXISTS {fts}")
