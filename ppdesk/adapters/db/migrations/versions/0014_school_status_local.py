"""A district administrator may switch a school back to recording the verified status at
the desk.

``school.status_local_since``: set when a district administrator switched an SIS-fed school
back to desk recording (audited). While it is set, imports neither mark the school SIS-fed
again nor change the verified status of its existing guardian links; cleared when the
administrator hands the status back to the SIS.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("school", sa.Column("status_local_since", sa.DateTime(timezone=True)))


def downgrade() -> None:
    # Not a batch operation: on SQLite that copies the table, and dropping the old school
    # table fails on the foreign keys of a database with students. SQLite (3.35+) and
    # PostgreSQL both drop a plain column in place.
    op.execute("ALTER TABLE school DROP COLUMN status_local_since")
