"""Single use in the database, and an audit chain the database guards.

- ``redemption_guard``: one row per student ID, locked ``FOR UPDATE`` by every portal
  redemption of that student, so concurrent redemptions (and the failure count that
  locks redemption) are evaluated one after another, never side by side.
- ``audit_event.row_mac``: an HMAC of the row's hash with the audit key, which is kept
  with the PIN keys outside the database; recomputing the chain without the key shows.
- ``audit_chain_head.mac_from_seq``: rows from this sequence on must carry a MAC (the
  rows written before this migration have none).
- Triggers: an audit row may only be appended at the end of the chain (next sequence,
  linked to the last row), and the chain head may only move forward to the last row; it
  cannot be deleted or rewound. ``ppdesk db status`` and ``ppdesk audit verify`` report
  these triggers when they are missing or disabled (``schema_guards.check``).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

GENESIS = "0" * 64  # the prev_hash of the first row (ppdesk.domain.audit.GENESIS_HASH)

# On PostgreSQL the triggers never read audit_event: row-level security (``ppdesk db
# roles``) may hide rows from whoever appends. The chain head is the reference instead: a
# row is accepted only as the head's next one, and accepting it moves the head (inside the
# trigger, pg_trigger_depth() > 1). Any other change of the head is refused, except an
# UPDATE that changes nothing (the appenders still write the head they computed).
PG_FUNCTIONS = (
    """
    CREATE FUNCTION ppdesk_audit_append_at_end() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    DECLARE
        h record;
    BEGIN
        SELECT last_seq, last_hash INTO h FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        IF NOT FOUND OR NEW.seq <> h.last_seq + 1 OR NEW.prev_hash <> h.last_hash THEN
            RAISE EXCEPTION 'audit_event is append-only: a row may only follow the last one'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.row_hash
            WHERE id = 1;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION ppdesk_audit_head_forward() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id
           AND NEW.mac_from_seq IS NOT DISTINCT FROM OLD.mac_from_seq
           AND ((NEW.last_seq = OLD.last_seq AND NEW.last_hash = OLD.last_hash)
                OR (pg_trigger_depth() > 1 AND NEW.last_seq = OLD.last_seq + 1)) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain_head is protected: it only moves with an appended row'
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
)

PG_TRIGGERS = (
    "CREATE TRIGGER audit_event_append_at_end BEFORE INSERT ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION ppdesk_audit_append_at_end()",
    "CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head "
    "FOR EACH ROW EXECUTE FUNCTION ppdesk_audit_head_forward()",
    "CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head "
    "FOR EACH STATEMENT EXECUTE FUNCTION ppdesk_audit_head_forward()",
)

SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER audit_event_append_at_end BEFORE INSERT ON audit_event
    WHEN NEW.seq <> COALESCE((SELECT max(seq) FROM audit_event), 0) + 1
      OR NEW.prev_hash <> COALESCE(
           (SELECT row_hash FROM audit_event ORDER BY seq DESC LIMIT 1), '{GENESIS}')
    BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: a row may only follow the last one');
    END
    """,
    """
    CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain_head
    WHEN NEW.id <> OLD.id OR NEW.last_seq < OLD.last_seq
      OR NEW.mac_from_seq IS NOT OLD.mac_from_seq
      OR NEW.last_seq <> COALESCE((SELECT max(seq) FROM audit_event), 0)
      OR NEW.last_hash <> COALESCE(
           (SELECT row_hash FROM audit_event WHERE seq = NEW.last_seq), OLD.last_hash)
    BEGIN SELECT RAISE(ABORT, 'audit_chain_head is protected: it only moves to the last row');
    END
    """,
    """
    CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head
    BEGIN SELECT RAISE(ABORT, 'audit_chain_head is protected: DELETE refused'); END
    """,
)


def upgrade() -> None:
    op.create_table(
        "redemption_guard",
        sa.Column("student_number", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("student_number", name=op.f("pk_redemption_guard")),
    )
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("row_mac", sa.String(length=64), nullable=True))
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.add_column(sa.Column("mac_from_seq", sa.Integer(), nullable=True))
    op.execute("UPDATE audit_chain_head SET mac_from_seq = last_seq + 1")
    if op.get_bind().dialect.name == "postgresql":
        for sql in (*PG_FUNCTIONS, *PG_TRIGGERS):
            op.execute(sql)
    else:
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_no_truncate ON audit_chain_head")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_forward ON audit_chain_head")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_at_end ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS ppdesk_audit_head_forward()")
        op.execute("DROP FUNCTION IF EXISTS ppdesk_audit_append_at_end()")
    else:
        for name in ("audit_chain_head_no_delete", "audit_chain_head_forward"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_at_end")
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.drop_column("mac_from_seq")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("row_mac")
    op.drop_table("redemption_guard")
