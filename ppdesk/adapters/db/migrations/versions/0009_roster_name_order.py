"""Name-order indexes for the roster tab on PostgreSQL: students by last and first name.

The roster tab pages through a whole local district (hundreds of thousands of rows) sorted
by the student's last name, or first name, lower-cased and compared by code point. With an
index on exactly that order the database walks it and stops after a page instead of sorting
every row: the first page of the tab, and of a search that matches many rows, comes at once.
They compare with the "C" collation (the locale's would ignore spaces and punctuation,
unlike the screen's sort). PostgreSQL only: a district database is PostgreSQL, and SQLite's
schema reflection (the models-match-migrations check) cannot read expression indexes.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_student_roster_last_c": ("last_name", "first_name"),
    "ix_student_roster_first_c": ("first_name", "last_name"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (a, b) in INDEXES.items():
        op.execute(
            f'CREATE INDEX {name} ON student (lower({a}) COLLATE "C", lower({b}) COLLATE "C", id)'
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
