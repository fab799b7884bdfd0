"""An index on parent_pin (link_id, id): a link's latest PIN in one index probe.

Parent search, the student view and the PIN services ask for the latest PIN of a few links.
Without this index each of those questions read the whole parent_pin table, which a
district that has issued PINs for a few years fills with a row per link and more.

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


def downgrade() -> None:
    op.drop_index("ix_parent_pin_link_id", table_name="parent_pin")
