"""Held bulk PINs: a bulk letter's PIN does not link until it is handed over.

``parent_pin.status`` gains ``held``; a held PIN has a ``letter_number`` (unique, printed on
the letter as text and barcode) and, once a staff member has verified the guardian at the
counter, ``handed_over_at``/``handed_over_by_id`` (the verification is ``verification_id``).
At most one outstanding (active or held) PIN per guardian-student link: the partial unique
index now covers both states. The school gains ``bulk_letters_enabled`` (default on) and
``outreach_days`` (held letters older than this are listed for a call; NULL: the default).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OUTSTANDING = "status IN ('active', 'held')"
ACTIVE = "status = 'active'"


def _one_outstanding(where: str) -> None:
    op.create_index(
        "uq_parent_pin_one_active",
        "parent_pin",
        ["link_id"],
        unique=True,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


def upgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.add_column(
            sa.Column(
                "bulk_letters_enabled", sa.Boolean(), server_default=sa.text("true"), nullable=False
            )
        )
        batch.add_column(sa.Column("outreach_days", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_school_outreach_days"), "outreach_days BETWEEN 1 AND 90"
        )
    op.drop_index("uq_parent_pin_one_active", table_name="parent_pin")
    with op.batch_alter_table("parent_pin") as batch:
        batch.add_column(sa.Column("letter_number", sa.String(16), nullable=True))
        batch.add_column(sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("handed_over_by_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint(op.f("uq_parent_pin_letter_number"), ["letter_number"])
        batch.create_foreign_key(
            op.f("fk_parent_pin_handed_over_by_id_staff"), "staff", ["handed_over_by_id"], ["id"]
        )
    _one_outstanding(OUTSTANDING)


def downgrade() -> None:
    # A held PIN has never been handed over; without the held state it must not link.
    op.execute(
        "UPDATE parent_pin SET status = 'revoked', ciphertext = NULL, "
        "end_reason = 'held letter: schema downgraded' WHERE status = 'held'"
    )
    op.drop_index("uq_parent_pin_one_active", table_name="parent_pin")
    with op.batch_alter_table("parent_pin") as batch:
        batch.drop_constraint(op.f("fk_parent_pin_handed_over_by_id_staff"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_parent_pin_letter_number"), type_="unique")
        batch.drop_column("handed_over_by_id")
        batch.drop_column("handed_over_at")
        batch.drop_column("letter_number")
    _one_outstanding(ACTIVE)
    with op.batch_alter_table("school") as batch:
        batch.drop_constraint(op.f("ck_school_outreach_days"), type_="check")
        batch.drop_column("outreach_days")
        batch.drop_column("bulk_letters_enabled")
