"""One audit chain per school, so audit appends do not serialise the district.

Until now every audited write locked the one ``audit_chain_head`` row until it committed:
PIN issuance did not grow with workstations. From this migration on:

- ``audit_chain_head`` holds one row per chain: ``chain`` is a school's id, or 0 for the
  district's chain (rows about no school: logins, staff changes, district-wide exports).
  An append locks only its chain's head; the row ``id`` is ``chain + 1``.
- The rows before this migration stay one district-wide chain, which the district's chain
  continues. ``fork_seq``/``fork_hash`` (on the district's head, never changed) record where
  it ends: every school's chain starts from ``fork_hash``.
- ``audit_event.seq`` still orders all rows. On PostgreSQL it comes from the sequence
  ``audit_event_seq``, drawn after the chain's head is locked (so it grows along each
  chain); a rolled-back append leaves a gap. On SQLite (one writer at a time) it stays
  the next number.
- Triggers: a row may only be appended at the end of its own chain, and appending it moves
  that chain's head (the trigger does it; the appender no longer writes the head). A head
  may only move forward with an appended row, a new chain's head may only be created empty
  at the fork, and no head can be deleted.

``downgrade`` restores the single head at the last row (older rows verify as before; rows
appended per school since then do not form one chain).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

PG_FUNCTIONS = (
    """
    CREATE OR REPLACE FUNCTION ppdesk_audit_append_at_end() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    DECLARE
        h record;
        c integer := coalesce(NEW.school_id, 0);
    BEGIN
        SELECT last_seq, last_hash INTO h FROM audit_chain_head WHERE chain = c FOR UPDATE;
        IF NOT FOUND OR NEW.seq <= h.last_seq OR NEW.prev_hash <> h.last_hash THEN
            RAISE EXCEPTION 'audit_event is append-only: a row may only follow the last one'
                ' of its chain' USING ERRCODE = 'insufficient_privilege';
        END IF;
        UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.row_hash
            WHERE chain = c;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION ppdesk_audit_head_forward() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.chain = OLD.chain
           AND NEW.mac_from_seq IS NOT DISTINCT FROM OLD.mac_from_seq
           AND NEW.fork_seq IS NOT DISTINCT FROM OLD.fork_seq
           AND NEW.fork_hash IS NOT DISTINCT FROM OLD.fork_hash
           AND ((NEW.last_seq = OLD.last_seq AND NEW.last_hash = OLD.last_hash)
                OR (pg_trigger_depth() > 1 AND NEW.last_seq > OLD.last_seq)) THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'INSERT' AND NEW.chain > 0 AND NEW.id = NEW.chain + 1
           AND NEW.mac_from_seq IS NULL AND NEW.fork_seq IS NULL AND NEW.fork_hash IS NULL
           AND EXISTS (SELECT 1 FROM audit_chain_head z WHERE z.chain = 0
                       AND NEW.last_seq = z.fork_seq - 1 AND NEW.last_hash = z.fork_hash) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain_head is protected: it only moves with an appended row'
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
)

PG_TRIGGERS = (
    "CREATE TRIGGER audit_chain_head_new_chain BEFORE INSERT ON audit_chain_head "
    "FOR EACH ROW EXECUTE FUNCTION ppdesk_audit_head_forward()",
)

SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER audit_event_append_at_end BEFORE INSERT ON audit_event
    WHEN NEW.seq <> COALESCE((SELECT max(seq) FROM audit_event), 0) + 1
      OR NEW.prev_hash IS NOT (SELECT last_hash FROM audit_chain_head
                               WHERE chain = COALESCE(NEW.school_id, 0))
    BEGIN SELECT RAISE(ABORT,
        'audit_event is append-only: a row may only follow the last one of its chain');
    END
    """,
    """
    CREATE TRIGGER audit_event_moves_head AFTER INSERT ON audit_event
    BEGIN
        UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.row_hash
        WHERE chain = COALESCE(NEW.school_id, 0);
    END
    """,
    """
    CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain_head
    WHEN NEW.id <> OLD.id OR NEW.chain <> OLD.chain
      OR NEW.mac_from_seq IS NOT OLD.mac_from_seq
      OR NEW.fork_seq IS NOT OLD.fork_seq OR NEW.fork_hash IS NOT OLD.fork_hash
      OR ((NEW.last_seq <> OLD.last_seq OR NEW.last_hash <> OLD.last_hash)
          AND (NEW.last_seq <= OLD.last_seq
               OR NOT EXISTS (SELECT 1 FROM audit_event e
                   WHERE e.seq = NEW.last_seq AND e.row_hash = NEW.last_hash
                     AND COALESCE(e.school_id, 0) = NEW.chain
                     AND e.seq = (SELECT max(seq) FROM audit_event))))
    BEGIN SELECT RAISE(ABORT, 'audit_chain_head is protected: it only moves to the last row');
    END
    """,
    """
    CREATE TRIGGER audit_chain_head_new_chain BEFORE INSERT ON audit_chain_head
    WHEN NEW.chain IS NULL OR NEW.chain <= 0 OR NEW.id IS NOT NEW.chain + 1
      OR NEW.mac_from_seq IS NOT NULL OR NEW.fork_seq IS NOT NULL
      OR NEW.fork_hash IS NOT NULL
      OR NOT EXISTS (SELECT 1 FROM audit_chain_head z WHERE z.chain = 0
                     AND NEW.last_seq = z.fork_seq - 1 AND NEW.last_hash = z.fork_hash)
    BEGIN SELECT RAISE(ABORT, 'audit_chain_head is protected: a new chain starts at the fork');
    END
    """,
)

# The triggers of migration 0006 that this one replaces (SQLite: by name).
SQLITE_OLD_TRIGGERS = ("audit_event_append_at_end", "audit_chain_head_forward")


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_forward ON audit_chain_head")
    else:
        for name in SQLITE_OLD_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.add_column(
        "audit_chain_head",
        sa.Column("chain", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("audit_chain_head", sa.Column("fork_seq", sa.Integer(), nullable=True))
    op.add_column("audit_chain_head", sa.Column("fork_hash", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE audit_chain_head SET chain = 0, fork_seq = last_seq + 1, fork_hash = last_hash"
    )
    op.create_index(op.f("ix_audit_chain_head_chain"), "audit_chain_head", ["chain"], unique=True)
    if postgres:
        # Owned by the table's owner (``ppdesk db roles`` may have given the tables to the
        # owner role; an administrator runs the migration).
        op.execute("CREATE SEQUENCE audit_event_seq")
        op.execute(
            "DO $$ BEGIN EXECUTE format('ALTER SEQUENCE audit_event_seq OWNER TO %I', "
            "(SELECT pg_get_userbyid(relowner) FROM pg_class "
            "WHERE oid = 'audit_event'::regclass)); END $$"
        )
        op.execute("ALTER SEQUENCE audit_event_seq OWNED BY audit_event.seq")
        op.execute(
            "SELECT setval('audit_event_seq', max(seq)) FROM audit_event HAVING count(*) > 0"
        )
        for sql in PG_FUNCTIONS:
            op.execute(sql)
        for sql in PG_TRIGGERS:
            op.execute(sql)
        op.execute(
            "CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head "
            "FOR EACH ROW EXECUTE FUNCTION ppdesk_audit_head_forward()"
        )
    else:
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)


def _migration_0006() -> Any:
    path = Path(__file__).with_name("0006_single_use_and_keyed_audit.py")
    spec = importlib.util.spec_from_file_location("ppdesk_migration_0006", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def downgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_new_chain ON audit_chain_head")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_forward ON audit_chain_head")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_no_truncate ON audit_chain_head")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_at_end ON audit_event")
    else:
        for name in (
            "audit_chain_head_new_chain",
            "audit_chain_head_forward",
            "audit_chain_head_no_delete",
            "audit_event_moves_head",
            "audit_event_append_at_end",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    # One head again, at the last row.
    op.execute("DELETE FROM audit_chain_head WHERE chain <> 0")
    op.execute(
        "UPDATE audit_chain_head SET "
        "last_seq = COALESCE((SELECT max(seq) FROM audit_event), 0), "
        f"last_hash = COALESCE((SELECT row_hash FROM audit_event ORDER BY seq DESC LIMIT 1), '{GENESIS}')"
    )
    op.drop_index(op.f("ix_audit_chain_head_chain"), table_name="audit_chain_head")
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.drop_column("fork_hash")
        batch.drop_column("fork_seq")
        batch.drop_column("chain")
    if postgres:
        op.execute("DROP SEQUENCE IF EXISTS audit_event_seq")
    # Migration 0006's triggers and functions, as it made them.
    m0006 = _migration_0006()
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS ppdesk_audit_head_forward()")
        op.execute("DROP FUNCTION IF EXISTS ppdesk_audit_append_at_end()")
        for sql in (*m0006.PG_FUNCTIONS, *m0006.PG_TRIGGERS):
            op.execute(sql)
    else:
        for sql in m0006.SQLITE_TRIGGERS:
            op.execute(sql)
