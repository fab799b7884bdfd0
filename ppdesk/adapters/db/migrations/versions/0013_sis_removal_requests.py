"""SIS update requests of two kinds: record the verified status, or remove it.

``sis_status_request.kind``: ``verify`` (every earlier row) or ``remove``: a principal or
assistant principal removed a guardian's verified status at a school the SIS feeds (a court
order, a custody change). The removal holds at the desk; the office removes the status in
the SIS; until an import carries the guardian as not verified, imports do not verify that
guardian again, and that import closes the request.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "sis_status_request",
        sa.Column("kind", sa.String(16), nullable=False, server_default=sa.text("'verify'")),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE sis_status_request DROP COLUMN kind")
