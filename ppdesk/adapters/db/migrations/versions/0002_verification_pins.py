"""Verification, Parent Portal PINs, disclosures, redemption attempts, search indexes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "verification",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("guardian_link.id"), nullable=False),
        sa.Column("guardian_id", sa.Integer(), sa.ForeignKey("guardian.id"), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("completed_at", TS),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("question_results", sa.Text()),
        sa.Column("id_type", sa.String(32)),
        sa.Column("id_failures", sa.Text()),
    )
    op.create_index("ix_verification_link_id", "verification", ["link_id"])
    op.create_index("ix_verification_guardian_id", "verification", ["guardian_id"])

    op.create_table(
        "parent_pin",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("guardian_link.id"), nullable=False),
        sa.Column("student_id", sa.Integer(), sa.ForeignKey("student.id"), nullable=False),
        sa.Column("guardian_id", sa.Integer(), sa.ForeignKey("guardian.id"), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False, unique=True),
        sa.Column("pin_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("ciphertext", sa.LargeBinary()),
        sa.Column("key_id", sa.String(60)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("issued_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("verification_id", sa.Integer(), sa.ForeignKey("verification.id")),
        sa.Column("bulk_run", sa.String(64)),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("ended_at", TS),
        sa.Column("ended_by_id", sa.Integer(), sa.ForeignKey("staff.id")),
        sa.Column("end_reason", sa.String(2000)),
    )
    op.create_index("ix_parent_pin_student_id", "parent_pin", ["student_id"])
    op.create_index("ix_parent_pin_guardian_id", "parent_pin", ["guardian_id"])
    op.create_index("ix_parent_pin_status_expires", "parent_pin", ["status", "expires_at"])
    op.create_index(
        "uq_parent_pin_one_active",
        "parent_pin",
        ["link_id"],
        unique=True,
        postgresql_where=sa.text("status = 'active'"),
        sqlite_where=sa.text("status = 'active'"),
    )

    op.create_table(
        "pin_disclosure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pin_id", sa.Integer(), sa.ForeignKey("parent_pin.id"), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("verification_id", sa.Integer(), sa.ForeignKey("verification.id")),
        sa.Column("batch", sa.String(64)),
    )
    op.create_index("ix_pin_disclosure_pin_id", "pin_disclosure", ["pin_id"])

    op.create_table(
        "redemption_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("student_number", sa.String(40), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("cleared", sa.Boolean(), nullable=False, server_default=sa.text("false")),
    )
    op.create_index(
        "ix_redemption_attempt_student_at", "redemption_attempt", ["student_number", "at"]
    )
    _search_indexes()


def _search_indexes() -> None:
    """Substring search: trigram GIN indexes on PostgreSQL, FTS5 trigram tables on SQLite."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in ("student", "guardian"):
            op.execute(
                f"CREATE INDEX ix_{table}_search_trgm ON {table} "
                "USING gin (search_name gin_trgm_ops)"
            )
        # Prefix ranges must use the index whatever the database collation is.
        op.execute('CREATE INDEX ix_student_number_c ON student (student_number COLLATE "C")')
        op.execute('CREATE INDEX ix_student_search_name_c ON student (search_name COLLATE "C")')
        op.execute('CREATE INDEX ix_student_search_last_c ON student (search_last COLLATE "C")')
        op.execute('CREATE INDEX ix_guardian_search_name_c ON guardian (search_name COLLATE "C")')
        op.execute('CREATE INDEX ix_guardian_search_last_c ON guardian (search_last COLLATE "C")')
        return
    op.execute("CREATE INDEX ix_student_school_last ON student (school_id, search_last)")
    op.execute("CREATE INDEX ix_student_school_name ON student (school_id, search_name)")
    for table in ("student", "guardian"):
        op.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_name, content='{table}', "
            "content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {table}_fts(rowid, search_name) VALUES (new.id, new.search_name); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, search_name) "
            f"VALUES ('delete', old.id, old.search_name); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF search_name ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, search_name) "
            f"VALUES ('delete', old.id, old.search_name); "
            f"INSERT INTO {table}_fts(rowid, search_name) VALUES (new.id, new.search_name); END"
        )
        op.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in (
            "ix_student_school_last_c",
            "ix_student_school_name_c",
            "ix_student_number_c",
            "ix_student_search_trgm",
            "ix_guardian_search_trgm",
            "ix_student_search_name_c",
            "ix_student_search_last_c",
            "ix_guardian_search_name_c",
            "ix_guardian_search_last_c",
        ):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_student_school_last")
        op.execute("DROP INDEX IF EXISTS ix_student_school_name")
        for table in ("student", "guardian"):
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    op.drop_table("redemption_attempt")
    op.drop_table("pin_disclosure")
    op.drop_table("parent_pin")
    op.drop_table("verification")
