"""Lookup indexes: a link's latest PIN, and a school's students by name on PostgreSQL.

* parent_pin (link_id, id): parent search, the student view, the roster and the PIN
  services ask for the latest PIN of some links. Without this index each of those questions
  read the whole parent_pin table, which a district that has issued PINs for a few years
  fills with a row per link and more.
* PostgreSQL only, student (school_id, search_last / search_name COLLATE "C"): Find a
  student by name prefix for the staff of one school walks their school's range directly
  instead of the district's (SQLite has had (school_id, name) indexes since 0002).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_parent_pin_link_id", "parent_pin", ["link_id", "id"])
    if op.get_bind().dialect.name == "postgresql":
        for column in ("search_last", "search_name"):
            name = f"ix_student_school_{column.removeprefix('search_')}_c"
            op.execute(f'CREATE INDEX {name} ON student (school_id, {column} COLLATE "C")')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_student_school_last_c")
        op.execute("DROP INDEX IF EXISTS ix_student_school_name_c")
    op.drop_index("ix_parent_pin_link_id", table_name="parent_pin")
