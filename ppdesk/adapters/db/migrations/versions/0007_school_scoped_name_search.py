"""School-scoped name search: "a guardian or student named like X within school S".

A guardian belongs to a school only through a link to a student of that school, so no
index on ``guardian`` can answer a one-school parent-name search: PostgreSQL walked every
district-wide trigram match of the name and then kept the few of the school. Each
``guardian_link`` now carries the school of its student and the folded names of its
guardian (``school_id``, ``guardian_search_name``, ``guardian_search_last``), kept by
triggers whatever writes the rows (the import, the demo, a bulk load, a hand-written
UPDATE), and indexes keyed by school first:

* PostgreSQL: a GIN index on ``(school_id, guardian_search_name gin_trgm_ops)`` (the
  ``btree_gin`` extension lets the integer share the GIN index), and the same for
  ``student (school_id, search_name)``, for substrings; btree indexes on ``(school_id,
  guardian_search_last / guardian_search_name COLLATE "C")`` for prefixes.
* SQLite: btree indexes on ``(school_id, guardian_search_last / guardian_search_name)``;
  a one-school substring search reads the school's range of the name index.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PG_FUNCTIONS = (
    # The link's copy, set before the row is written (no second write of the row).
    """
    CREATE FUNCTION ppdesk_guardian_link_search_copy() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        NEW.school_id := (SELECT s.school_id FROM student s WHERE s.id = NEW.student_id);
        SELECT g.search_name, g.search_last
            INTO NEW.guardian_search_name, NEW.guardian_search_last
            FROM guardian g WHERE g.id = NEW.guardian_id;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION ppdesk_guardian_search_follow() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        UPDATE guardian_link SET guardian_search_name = NEW.search_name,
                                 guardian_search_last = NEW.search_last
            WHERE guardian_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION ppdesk_student_school_follow() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        UPDATE guardian_link SET school_id = NEW.school_id WHERE student_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
)

PG_TRIGGERS = (
    "CREATE TRIGGER guardian_link_search_copy BEFORE INSERT OR UPDATE OF student_id, "
    "guardian_id, school_id, guardian_search_name, guardian_search_last ON guardian_link "
    "FOR EACH ROW EXECUTE FUNCTION ppdesk_guardian_link_search_copy()",
    "CREATE TRIGGER guardian_search_follow AFTER UPDATE OF search_name, search_last "
    "ON guardian FOR EACH ROW WHEN (NEW.search_name IS DISTINCT FROM OLD.search_name "
    "OR NEW.search_last IS DISTINCT FROM OLD.search_last) "
    "EXECUTE FUNCTION ppdesk_guardian_search_follow()",
    "CREATE TRIGGER student_school_follow AFTER UPDATE OF school_id ON student "
    "FOR EACH ROW WHEN (NEW.school_id IS DISTINCT FROM OLD.school_id) "
    "EXECUTE FUNCTION ppdesk_student_school_follow()",
)

PG_INDEXES = (
    "CREATE INDEX ix_guardian_link_school_trgm ON guardian_link "
    "USING gin (school_id, guardian_search_name gin_trgm_ops)",
    "CREATE INDEX ix_guardian_link_school_last_c ON guardian_link "
    '(school_id, guardian_search_last COLLATE "C")',
    "CREATE INDEX ix_guardian_link_school_name_c ON guardian_link "
    '(school_id, guardian_search_name COLLATE "C")',
    "CREATE INDEX ix_student_school_trgm ON student "
    "USING gin (school_id, search_name gin_trgm_ops)",
)

_COPY = (
    "UPDATE guardian_link SET "
    "school_id = (SELECT s.school_id FROM student s WHERE s.id = guardian_link.student_id), "
    "guardian_search_name = (SELECT g.search_name FROM guardian g "
    "WHERE g.id = guardian_link.guardian_id), "
    "guardian_search_last = (SELECT g.search_last FROM guardian g "
    "WHERE g.id = guardian_link.guardian_id)"
)

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER guardian_link_search_ai AFTER INSERT ON guardian_link BEGIN "
    f"{_COPY} WHERE id = NEW.id; END",
    f"CREATE TRIGGER guardian_link_search_au AFTER UPDATE OF student_id, guardian_id, "
    f"school_id, guardian_search_name, guardian_search_last ON guardian_link BEGIN "
    f"{_COPY} WHERE id = NEW.id; END",
    "CREATE TRIGGER guardian_search_follow AFTER UPDATE OF search_name, search_last "
    "ON guardian WHEN NEW.search_name IS NOT OLD.search_name "
    "OR NEW.search_last IS NOT OLD.search_last BEGIN "
    "UPDATE guardian_link SET guardian_search_name = NEW.search_name, "
    "guardian_search_last = NEW.search_last WHERE guardian_id = NEW.id; END",
    "CREATE TRIGGER student_school_follow AFTER UPDATE OF school_id ON student "
    "WHEN NEW.school_id IS NOT OLD.school_id BEGIN "
    "UPDATE guardian_link SET school_id = NEW.school_id WHERE student_id = NEW.id; END",
)

SQLITE_INDEXES = (
    "CREATE INDEX ix_guardian_link_school_last ON guardian_link (school_id, guardian_search_last)",
    "CREATE INDEX ix_guardian_link_school_name ON guardian_link (school_id, guardian_search_name)",
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("guardian_link") as batch:
        batch.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("guardian_search_name", sa.String(length=201), nullable=True))
        batch.add_column(sa.Column("guardian_search_last", sa.String(length=201), nullable=True))
    # Existing rows first (one pass), then the triggers keep every new or changed row.
    if postgres:
        op.execute(
            "UPDATE guardian_link l SET school_id = s.school_id, "
            "guardian_search_name = g.search_name, guardian_search_last = g.search_last "
            "FROM student s, guardian g WHERE s.id = l.student_id AND g.id = l.guardian_id"
        )
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        for sql in (*PG_FUNCTIONS, *PG_TRIGGERS, *PG_INDEXES):
            op.execute(sql)
    else:
        op.execute(_COPY)
        for sql in (*SQLITE_TRIGGERS, *SQLITE_INDEXES):
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in (
            "ix_guardian_link_school_trgm",
            "ix_guardian_link_school_last_c",
            "ix_guardian_link_school_name_c",
            "ix_student_school_trgm",
        ):
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute("DROP TRIGGER IF EXISTS guardian_link_search_copy ON guardian_link")
        op.execute("DROP TRIGGER IF EXISTS guardian_search_follow ON guardian")
        op.execute("DROP TRIGGER IF EXISTS student_school_follow ON student")
        for name in (
            "ppdesk_guardian_link_search_copy",
            "ppdesk_guardian_search_follow",
            "ppdesk_student_school_follow",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in (
            "guardian_link_search_ai",
            "guardian_link_search_au",
            "guardian_search_follow",
            "student_school_follow",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for name in ("ix_guardian_link_school_last", "ix_guardian_link_school_name"):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table("guardian_link") as batch:
        batch.drop_column("guardian_search_last")
        batch.drop_column("guardian_search_name")
        batch.drop_column("school_id")
