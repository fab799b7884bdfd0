"""PIN expiry per school, in the database (SECURITY.md 36: "the school's expiry setting").

It was a workstation setting, so two workstations of one school could give PINs
different lifetimes, and anyone at a workstation could change it. Now the school profile
holds it, a principal or district administrator changes it, and the change is audited.
NULL means the default (21 days, NIST SP 800-63B's limit for a code sent by post).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.add_column(sa.Column("pin_expiry_days", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_school_pin_expiry_days"), "pin_expiry_days BETWEEN 1 AND 90"
        )


def downgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.drop_constraint(op.f("ck_school_pin_expiry_days"), type_="check")
        batch.drop_column("pin_expiry_days")
