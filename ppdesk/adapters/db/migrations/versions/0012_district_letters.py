"""Where a verification was done, and the letters a school prints for a district verifier.

``verification.office``: ``school`` (the student's school verified) or ``district`` (a
verifier of a local district office, the Office of Parent and Community Services or the
hotline, whose only grant covering the school is a local-district or district-wide one).
Rows of earlier revisions are NULL and read as ``school``.

``school_letter``: the PIN letter of a district verification, waiting for the student's
school to print it (the counter letter is the school's: reference guide section XII). One
open letter per guardian-student link; closed when printed, or when its PIN ended.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("verification") as batch:
        batch.add_column(sa.Column("office", sa.String(16), nullable=True))
    op.create_table(
        "school_letter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("guardian_link.id"), nullable=False),
        sa.Column("school_id", sa.Integer(), sa.ForeignKey("school.id"), nullable=False),
        sa.Column("pin_id", sa.Integer(), sa.ForeignKey("parent_pin.id"), nullable=False),
        sa.Column(
            "verification_id", sa.Integer(), sa.ForeignKey("verification.id"), nullable=False
        ),
        sa.Column("queued_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
    )
    op.create_index("ix_school_letter_school_id", "school_letter", ["school_id"])
    op.create_index(
        "uq_school_letter_one_open",
        "school_letter",
        ["link_id"],
        unique=True,
        postgresql_where=sa.text("closed_at IS NULL"),
        sqlite_where=sa.text("closed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("school_letter")
    # Not a batch operation: on SQLite that copies the table, and dropping the old table
    # fails on the foreign keys of PINs and disclosures. SQLite (3.35+) and PostgreSQL both
    # drop a plain column in place.
    op.execute("ALTER TABLE verification DROP COLUMN office")
