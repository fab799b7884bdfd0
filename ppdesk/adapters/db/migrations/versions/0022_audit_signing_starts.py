"""Where the audit trail's signatures start: set once, when the database's keys are made.

``audit_chain_head.mac_from_seq`` (the district's head) says from which row on every row
must carry a MAC. A new database got 1, but on PostgreSQL its first rows (``db upgrade``,
the first principal, their first login) are written before ``ppdesk keys init`` makes the
keys that sign them, so ``ppdesk audit verify`` on a database set up in the README's order
said "broken at sequence 1: the row carries no signature".

From this migration on ``keys init`` moves the boundary to the row it appends (the first
signed row) in the same transaction. The protection triggers allow exactly that change: on
the district's head only, forward only, past every row already written (it never excuses a
row written after it), and only while no row of the trail carries a MAC at all. Once one
row is signed the boundary is fixed, as before. An owner who switches the triggers off can
move it as they could rewrite any row; the signed checkpoint records it (docs/audit.md), so
``audit verify --checkpoint`` catches a boundary moved after the checkpoint.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# The one new change the triggers allow, as a condition on OLD and NEW (both engines).
_BOUNDARY_MOVE = """
    NEW.id = OLD.id AND NEW.chain = 0 AND OLD.chain = 0
    AND NEW.last_seq = OLD.last_seq AND NEW.last_hash = OLD.last_hash
    AND NEW.fork_seq {same} OLD.fork_seq AND NEW.fork_hash {same} OLD.fork_hash
    AND NEW.mac_from_seq > COALESCE(OLD.mac_from_seq, 1)
    AND NEW.mac_from_seq > COALESCE((SELECT max(seq) FROM audit_event), 0)
    AND NOT EXISTS (SELECT 1 FROM audit_event WHERE row_mac IS NOT NULL)
"""

PG_HEAD_FORWARD = f"""
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
    IF TG_OP = 'UPDATE' AND {_BOUNDARY_MOVE.format(same="IS NOT DISTINCT FROM")} THEN
        RETURN NEW;  -- keys init: signatures start at the row it appends
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
"""


def _sqlite_head_forward(boundary_move: bool) -> str:
    allowed = f"AND NOT ({_BOUNDARY_MOVE.format(same='IS')})" if boundary_move else ""
    return f"""
    CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain_head
    WHEN NEW.id <> OLD.id OR NEW.chain <> OLD.chain
      OR (NEW.mac_from_seq IS NOT OLD.mac_from_seq {allowed})
      OR NEW.fork_seq IS NOT OLD.fork_seq OR NEW.fork_hash IS NOT OLD.fork_hash
      OR ((NEW.last_seq <> OLD.last_seq OR NEW.last_hash <> OLD.last_hash)
          AND (NEW.last_seq <= OLD.last_seq
               OR NOT EXISTS (SELECT 1 FROM audit_event e
                   WHERE e.seq = NEW.last_seq AND e.row_hash = NEW.last_hash
                     AND COALESCE(e.school_id, 0) = NEW.chain
                     AND e.seq = (SELECT max(seq) FROM audit_event))))
    BEGIN SELECT RAISE(ABORT, 'audit_chain_head is protected: it only moves to the last row');
    END
    """


def _migration_0010_function() -> str:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).with_name("0010_audit_chain_per_school.py")
    spec = importlib.util.spec_from_file_location("ppdesk_migration_0010", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.PG_FUNCTIONS[1])


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_HEAD_FORWARD)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_forward")
        op.execute(_sqlite_head_forward(True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_migration_0010_function())
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_forward")
        op.execute(_sqlite_head_forward(False))
