"""Name-order indexes for the roster tab on SQLite: students by last and first name.

Migration 0009 gave PostgreSQL these indexes; SQLite sorted every row of the roster for
each page instead (at 89,958 rows: 2.7-3.3 s a page on a loaded machine). Here the names
are indexed with SQLite's ``NOCASE`` collation, which folds the 26 ASCII capitals before
comparing by code point: the order of SQLite's own ``lower()`` (ASCII only), which the tab
sorted by, and a plain column index (SQLite's schema reflection, used by the
models-match-migrations check, skips expression indexes with a warning). The tab's query
(``SqlRosterRepository._ci``, with the link-by-link join of ``_roster_rows``) walks the
students in this order and stops after a page: 0.02 s instead of 2.7 s at 89,958 rows on
the same loaded machine. SQLite only: PostgreSQL has its own since 0009.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_student_roster_last_c": ("last_name", "first_name"),
    "ix_student_roster_first_c": ("first_name", "last_name"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, (a, b) in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON student ({a} COLLATE NOCASE, {b} COLLATE NOCASE, id)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
