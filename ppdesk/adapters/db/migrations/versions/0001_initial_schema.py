"""Initial schema: schools, students, guardians, links, staff, roles, audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 20:26:42.104575
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.create_table(
        "audit_event",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("actor_staff_id", sa.Integer(), nullable=True),
        sa.Column("workstation", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_type", sa.String(length=60), nullable=True),
        sa.Column("target_id", sa.String(length=40), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("row_hash", name=op.f("uq_audit_event_row_hash")),
    )
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"], unique=False)
    op.create_index(
        op.f("ix_audit_event_actor_staff_id"), "audit_event", ["actor_staff_id"], unique=False
    )
    op.create_index(
        op.f("ix_audit_event_occurred_at"), "audit_event", ["occurred_at"], unique=False
    )
    op.create_table(
        "guardian",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sis_source_id", sa.String(length=40), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("search_name", sa.String(length=201), nullable=False),
        sa.Column("search_last", sa.String(length=201), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("email_folded", sa.String(length=254), nullable=True),
        sa.Column("home_phone", sa.String(length=40), nullable=True),
        sa.Column("work_phone", sa.String(length=40), nullable=True),
        sa.Column("cell_phone", sa.String(length=40), nullable=True),
        sa.Column("preferred_language", sa.String(length=16), nullable=True),
        sa.Column("contact_preference", sa.String(length=60), nullable=True),
        sa.Column("text_opt_in", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("registered_portal_email", sa.String(length=254), nullable=True),
        sa.Column("verification_locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verification_unlocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardian")),
        sa.UniqueConstraint("sis_source_id", name=op.f("uq_guardian_sis_source_id")),
    )
    op.create_index(op.f("ix_guardian_email_folded"), "guardian", ["email_folded"], unique=False)
    op.create_index(op.f("ix_guardian_search_name"), "guardian", ["search_name"], unique=False)
    op.create_index(op.f("ix_guardian_search_last"), "guardian", ["search_last"], unique=False)
    op.create_table(
        "ppdesk_meta",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_ppdesk_meta")),
    )
    op.create_table(
        "school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("principal_name", sa.String(length=100), nullable=True),
        sa.Column("local_district", sa.String(length=60), nullable=True),
        sa.Column("portal_url", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school")),
        sa.UniqueConstraint("code", name=op.f("uq_school_code")),
    )
    op.create_index(op.f("ix_school_local_district"), "school", ["local_district"], unique=False)
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sis_source_id", sa.String(length=40), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("sis_source_id", name=op.f("uq_staff_sis_source_id")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_username")),
    )
    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("local_district", sa.String(length=60), nullable=True),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["staff.id"], name=op.f("fk_role_grant_granted_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["staff.id"], name=op.f("fk_role_grant_revoked_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_role_grant_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_role_grant_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
    )
    op.create_index(op.f("ix_role_grant_staff_id"), "role_grant", ["staff_id"], unique=False)
    op.create_table(
        "student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("student_number", sa.String(length=40), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("search_name", sa.String(length=201), nullable=False),
        sa.Column("search_last", sa.String(length=201), nullable=False),
        sa.Column("dob", sa.Date(), nullable=False),
        sa.Column("grade", sa.String(length=4), nullable=False),
        sa.Column("homeroom", sa.String(length=100), nullable=True),
        sa.Column("homeroom_teacher_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("zip_code", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("student_email", sa.String(length=254), nullable=True),
        sa.Column("student_pin_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("student_pin_key_id", sa.String(length=60), nullable=True),
        sa.Column("home_language", sa.String(length=16), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["homeroom_teacher_id"], ["staff.id"], name=op.f("fk_student_homeroom_teacher_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_student_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student")),
        sa.UniqueConstraint("student_number", name=op.f("uq_student_student_number")),
    )
    op.create_index(
        "ix_student_school_grade_homeroom",
        "student",
        ["school_id", "grade", "homeroom"],
        unique=False,
    )
    op.create_index("ix_student_search_name", "student", ["search_name"], unique=False)
    op.create_index("ix_student_search_last", "student", ["search_last"], unique=False)
    op.create_table(
        "emergency_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("relationship", sa.String(length=60), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_emergency_contact_student_id_student")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_contact")),
    )
    op.create_index(
        op.f("ix_emergency_contact_student_id"), "emergency_contact", ["student_id"], unique=False
    )
    op.create_index(
        op.f("ix_emergency_contact_updated_at"), "emergency_contact", ["updated_at"], unique=False
    )
    op.create_table(
        "guardian_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("guardian_id", sa.Integer(), nullable=False),
        sa.Column("relationship", sa.String(length=60), nullable=True),
        sa.Column(
            "verified_legal_guardian", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("verified_by", sa.String(length=60), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_source", sa.String(length=60), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.ForeignKeyConstraint(
            ["guardian_id"], ["guardian.id"], name=op.f("fk_guardian_link_guardian_id_guardian")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_guardian_link_student_id_student")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardian_link")),
        sa.UniqueConstraint("student_id", "guardian_id", name=op.f("uq_guardian_link_student_id")),
    )
    op.create_index(
        op.f("ix_guardian_link_guardian_id"), "guardian_link", ["guardian_id"], unique=False
    )
    op.create_table(
        "guardian_phone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guardian_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("digits", sa.String(length=40), nullable=False),
        sa.Column("digits_rev", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["guardian_id"], ["guardian.id"], name=op.f("fk_guardian_phone_guardian_id_guardian")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardian_phone")),
    )
    op.create_index(op.f("ix_guardian_phone_guardian_id"), "guardian_phone", ["guardian_id"])
    op.create_index(op.f("ix_guardian_phone_digits"), "guardian_phone", ["digits"])
    op.create_index(op.f("ix_guardian_phone_digits_rev"), "guardian_phone", ["digits_rev"])
    _audit_append_only()
    _seed()


def downgrade() -> None:
    op.drop_table("guardian_phone")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS ppdesk_audit_append_only()")
    op.drop_index(op.f("ix_guardian_link_guardian_id"), table_name="guardian_link")
    op.drop_table("guardian_link")
    op.drop_index(op.f("ix_emergency_contact_updated_at"), table_name="emergency_contact")
    op.drop_index(op.f("ix_emergency_contact_student_id"), table_name="emergency_contact")
    op.drop_table("emergency_contact")
    op.drop_index("ix_student_search_last", table_name="student")
    op.drop_index("ix_student_search_name", table_name="student")
    op.drop_index("ix_student_school_grade_homeroom", table_name="student")
    op.drop_table("student")
    op.drop_index(op.f("ix_role_grant_staff_id"), table_name="role_grant")
    op.drop_table("role_grant")
    op.drop_table("staff")
    op.drop_index(op.f("ix_school_local_district"), table_name="school")
    op.drop_table("school")
    op.drop_table("ppdesk_meta")
    op.drop_index(op.f("ix_guardian_search_last"), table_name="guardian")
    op.drop_index(op.f("ix_guardian_search_name"), table_name="guardian")
    op.drop_index(op.f("ix_guardian_email_folded"), table_name="guardian")
    op.drop_table("guardian")
    op.drop_index(op.f("ix_audit_event_occurred_at"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_actor_staff_id"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_action"), table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_table("audit_chain_head")


def _audit_append_only() -> None:
    """The database itself refuses UPDATE, DELETE and TRUNCATE on the audit trail."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION ppdesk_audit_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION ppdesk_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION ppdesk_audit_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: {verb} refused'); END"
            )


def _seed() -> None:
    import uuid

    op.execute(
        sa.text(
            "INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, :h)"
        ).bindparams(h="0" * 64)
    )
    op.execute(
        sa.text("INSERT INTO ppdesk_meta (key, value) VALUES ('database_id', :v)").bindparams(
            v=str(uuid.uuid4())
        )
    )
