"""The SIS decides who is the verified parent and legal guardian (guide section III).

- ``school.sis_fed_since``: when the first applied SIS import (OneRoster or ppdesk's
  template) carried this school. From then on the verified parent and legal guardian
  status comes from the import files: the desk no longer records it, it records a request.
  NULL: no import has carried the school, and the desk records the status itself.
  Schools imported before this migration are recognised by their guardians, whom only an
  import creates with an SIS id (``guardian.sis_source_id``).
- ``sis_status_request``: a request that the office update the SIS (REF-6363.1 section
  III), with the staff member, the guardian link, the documents seen and when; closed by
  the import that carries the status (``closed_import_seq`` is that import's ``sis_import``
  audit row) or that ends the link. At most one open request per link.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN = "closed_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.add_column(sa.Column("sis_fed_since", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE school SET sis_fed_since = CURRENT_TIMESTAMP WHERE id IN ("
        "SELECT s.school_id FROM student s "
        "JOIN guardian_link l ON l.student_id = s.id "
        "JOIN guardian g ON g.id = l.guardian_id "
        "WHERE g.sis_source_id IS NOT NULL)"
    )
    op.create_table(
        "sis_status_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("guardian_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("documents", sa.String(2000), nullable=False),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("closed_import_seq", sa.Integer(), nullable=True),
        sa.Column("closed_import_file", sa.String(255), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["guardian_link.id"],
            name=op.f("fk_sis_status_request_link_id_guardian_link"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_sis_status_request_student_id_student")
        ),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["guardian.id"],
            name=op.f("fk_sis_status_request_guardian_id_guardian"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["staff.id"],
            name=op.f("fk_sis_status_request_requested_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sis_status_request")),
    )
    op.create_index(
        "ix_sis_status_request_student_id", "sis_status_request", ["student_id"], unique=False
    )
    op.create_index(
        "uq_sis_status_request_one_open",
        "sis_status_request",
        ["link_id"],
        unique=True,
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("uq_sis_status_request_one_open", table_name="sis_status_request")
    op.drop_index("ix_sis_status_request_student_id", table_name="sis_status_request")
    op.drop_table("sis_status_request")
    # Not a batch operation: on SQLite that copies the table, and dropping the old school
    # table fails on the foreign keys of a database with students. SQLite (3.35+) and
    # PostgreSQL both drop a plain column in place.
    op.execute("ALTER TABLE school DROP COLUMN sis_fed_since")
