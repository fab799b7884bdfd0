"""Changes to how a family is reached, for the emergency contact report (guide section VIII).

``contact_change``: one row per change an SIS import made to a guardian's home, work or
cell phone, contact preference or text opt-in, and per emergency contact it removed (the
contact's own row is deleted, so its name and phone are kept here). New and changed
emergency contacts are found by their own ``updated_at`` as before.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("guardian_id", sa.Integer(), sa.ForeignKey("guardian.id"), nullable=True),
        sa.Column("student_id", sa.Integer(), sa.ForeignKey("student.id"), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("contact_name", sa.String(201), nullable=False),
        sa.Column("relationship", sa.String(60), nullable=True),
        sa.Column("old_value", sa.String(60), nullable=True),
        sa.Column("new_value", sa.String(60), nullable=True),
    )
    op.create_index("ix_contact_change_occurred_at", "contact_change", ["occurred_at"])
    op.create_index("ix_contact_change_guardian_id", "contact_change", ["guardian_id"])
    op.create_index("ix_contact_change_student_id", "contact_change", ["student_id"])


def downgrade() -> None:
    op.drop_table("contact_change")
