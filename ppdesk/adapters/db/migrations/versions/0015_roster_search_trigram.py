"""Trigram indexes for the roster tab's search on PostgreSQL.

The roster tab searches each word in eleven columns of a row joined from four tables; no
index covered them, so a word found in a few rows of a 900,000-row local district read
every row (0.4 to 11 s a keystroke). Each table's searched text is now one lower-cased
expression with a trigram GIN index:

* ``student``: student number, last and first name, grade and homeroom;
* ``guardian``: first and last name, portal e-mail, the phone shown (cell, home, work)
  and the preferred-language code;
* ``guardian_link``: the relationship.

Plain expressions of the row, not columns kept by triggers: nothing to keep in step, no
write pays for them. The fields are joined by a space, which no search word holds (words
are split on white space), so a word is in the expression exactly when it is in one of the
fields. The roster repository (``SqlRosterRepository._candidates``) writes the same
expressions, which is how the planner knows to use these indexes: change both together.
PostgreSQL only, like migration 0009.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

STUDENT_TEXT = (
    "lower(coalesce(student_number, '') || ' ' || coalesce(last_name, '') || ' ' || "
    "coalesce(first_name, '') || ' ' || coalesce(grade, '') || ' ' || coalesce(homeroom, ''))"
)
GUARDIAN_TEXT = (
    "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || "
    "coalesce(registered_portal_email, '') || ' ' || "
    "coalesce(nullif(cell_phone, ''), nullif(home_phone, ''), work_phone, '') || ' ' || "
    "coalesce(btrim(preferred_language), ''))"
)
RELATIONSHIP_TEXT = "lower(coalesce(relationship, ''))"

INDEXES = {
    "ix_student_roster_trgm": ("student", STUDENT_TEXT),
    "ix_guardian_roster_trgm": ("guardian", GUARDIAN_TEXT),
    "ix_guardian_link_roster_trgm": ("guardian_link", RELATIONSHIP_TEXT),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, expression) in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (({expression}) gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
