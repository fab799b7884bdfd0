"""The desk countersigns the audit rows the database's functions appended (PostgreSQL).

Rows appended inside the database (``ppdesk_private.audit_append``, workstation ``db:...``)
cannot be signed there: the audit key is never in the database. After a person's desk act
commits, the desk, which holds the key, computes each of its rows' MAC and hands it to
``ppdesk_api.countersign_audit`` (``pg_security_office``), which sets ``row_mac`` once.

The append-only trigger keeps refusing every UPDATE and DELETE but exactly that one: a row
appended by the database (``db:`` workstation) whose ``row_mac`` goes from NULL to 64 hex
digits, every other column unchanged (the hash is over the row's fields, not over its MAC:
the MAC is over the hash), by the login that appended it (``actor = session_user``), while
``countersign_audit`` marks that row as the one it is signing (a transaction-local setting).
An owner of the database can set that setting too, as they can switch the trigger off: what
stops a forged or rewritten row is that its MAC needs the key (docs/audit.md).

SQLite has no personal logins and no countersign: nothing changes there.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# The setting countersign_audit sets to the row's sequence while it signs it.
MARKER = "ppdesk.countersign"

APPEND_ONLY = f"""
CREATE OR REPLACE FUNCTION ppdesk_audit_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.row_mac IS NULL AND NEW.row_mac ~ '^[0-9a-f]{{64}}$'
           AND OLD.workstation LIKE 'db:%' AND OLD.actor = session_user
           AND current_setting('{MARKER}', true) = OLD.seq::text
           AND to_jsonb(NEW) - 'row_mac' = to_jsonb(OLD) - 'row_mac' THEN
            RETURN NEW;  -- the countersign of a row this login appended
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""

# Migration 0001's function, as it was.
OLD_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION ppdesk_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(APPEND_ONLY)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(OLD_APPEND_ONLY)
    op.execute("ALTER FUNCTION ppdesk_audit_append_only() RESET search_path")
