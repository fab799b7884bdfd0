"""SQLAlchemy 2.0 models: the tables of ppdesk.

Text columns carry the same limits as ``ppdesk.domain.text`` so both engines agree; the
application validates before anything reaches the database (SQLite ignores VARCHAR sizes).
Alembic migrations (``migrations/versions``) are the source of truth for the schema; these
models must stay in step with them, which ``tests/integration/test_migrations.py`` checks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from ppdesk.adapters.db.pin_sql import OUTSTANDING_WHERE
from ppdesk.domain import text as limits

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class (``__table__`` is typed as any ``FromClause``)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


UTC_NOW = text("CURRENT_TIMESTAMP")


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time: ``TIMESTAMP WITH TIME ZONE``, read back as an aware UTC datetime on
    every engine.

    PostgreSQL keeps the zone; SQLite has none and stores the text of the UTC wall time, so
    a value is turned into UTC before it is written and marked UTC when it is read. A naive
    value written is taken as UTC (the application's times are UTC). The column's DDL is
    that of ``DateTime(timezone=True)``: no migration, and Alembic compares the same type.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


class Meta(Base):
    """Key/value facts about this database (its id, used to name its keys)."""

    __tablename__ = "ppdesk_meta"
    key: Mapped[str] = mapped_column(String(limits.SHORT_MAX), primary_key=True)
    value: Mapped[str] = mapped_column(String(limits.NOTE_MAX))


class School(Base):
    __tablename__ = "school"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.ID_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    address: Mapped[str | None] = mapped_column(String(limits.ADDRESS_MAX))
    phone: Mapped[str | None] = mapped_column(String(limits.PHONE_MAX))
    principal_name: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))
    local_district: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX), index=True)
    portal_url: Mapped[str | None] = mapped_column(String(limits.ADDRESS_MAX))
    # Days a new PIN stays valid; NULL: the default (domain.settings.DEFAULT_PIN_EXPIRY_DAYS).
    pin_expiry_days: Mapped[int | None] = mapped_column(Integer)
    # Bulk letters (held PINs) may be switched off; they are never live unverified.
    bulk_letters_enabled: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=text("true")
    )
    # Held letters older than this many days are listed for a call; NULL: the default.
    outreach_days: Mapped[int | None] = mapped_column(Integer)
    # When an SIS import first carried the school (0008): from then on the verified parent
    # and legal guardian status comes from the SIS and the desk records a request instead.
    sis_fed_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # 0014: a district administrator switched the school back to desk recording; imports
    # then leave its verified statuses alone and do not mark it SIS-fed again.
    status_local_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=UTC_NOW)

    __table_args__ = (
        CheckConstraint("pin_expiry_days BETWEEN 1 AND 90", name="pin_expiry_days"),
        CheckConstraint("outreach_days BETWEEN 1 AND 90", name="outreach_days"),
    )


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(limits.SHORT_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sis_source_id: Mapped[str | None] = mapped_column(String(limits.ID_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=UTC_NOW)


class RoleGrant(Base):
    """One role for one staff member at one school (or a whole local district)."""

    __tablename__ = "role_grant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    role: Mapped[str] = mapped_column(String(limits.SHORT_MAX))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    local_district: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reason: Mapped[str | None] = mapped_column(String(limits.NOTE_MAX))


class Student(Base):
    """The student table (ORM). Only the adapters see it; the services get a frozen
    ``records.StudentRow`` (or a narrower record) that outlives the session."""

    __tablename__ = "student"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    student_number: Mapped[str] = mapped_column(String(limits.ID_MAX), unique=True)
    first_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    last_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    # Folded "first last" (lower case, accents removed) for search.
    search_name: Mapped[str] = mapped_column(String(2 * limits.NAME_MAX + 1))
    # Folded "last first", so a prefix search finds either name.
    search_last: Mapped[str] = mapped_column(String(2 * limits.NAME_MAX + 1))
    dob: Mapped[date] = mapped_column(Date)
    grade: Mapped[str] = mapped_column(String(4))
    homeroom: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))
    homeroom_teacher_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    address: Mapped[str | None] = mapped_column(String(limits.ADDRESS_MAX))
    zip_code: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(limits.PHONE_MAX))
    student_email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    # The student's own (MyMail reset) PIN: a secret, kept as AES-GCM ciphertext.
    student_pin_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    student_pin_key_id: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    home_language: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=UTC_NOW)

    __table_args__ = (
        Index("ix_student_school_grade_homeroom", "school_id", "grade", "homeroom"),
        Index("ix_student_search_name", "search_name"),
        Index("ix_student_search_last", "search_last"),
    )


class Guardian(Base):
    __tablename__ = "guardian"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sis_source_id: Mapped[str | None] = mapped_column(String(limits.ID_MAX), unique=True)
    first_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    last_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    search_name: Mapped[str] = mapped_column(String(2 * limits.NAME_MAX + 1), index=True)
    search_last: Mapped[str] = mapped_column(String(2 * limits.NAME_MAX + 1), index=True)
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    email_folded: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX), index=True)
    home_phone: Mapped[str | None] = mapped_column(String(limits.PHONE_MAX))
    work_phone: Mapped[str | None] = mapped_column(String(limits.PHONE_MAX))
    cell_phone: Mapped[str | None] = mapped_column(String(limits.PHONE_MAX))
    preferred_language: Mapped[str | None] = mapped_column(String(16))
    contact_preference: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    text_opt_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    registered_portal_email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    # Set after three failed verifications in 24 hours; a principal or AP clears it.
    verification_locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verification_unlocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=UTC_NOW)


class GuardianPhone(Base):
    """One phone number of a guardian, as digits, for search with any punctuation.

    ``digits_rev`` is the digits reversed, so "the last 4 or 7 digits" is an index range.
    """

    __tablename__ = "guardian_phone"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    digits: Mapped[str] = mapped_column(String(limits.PHONE_MAX), index=True)
    digits_rev: Mapped[str] = mapped_column(String(limits.PHONE_MAX), index=True)


class GuardianLink(Base):
    """The student-guardian link and the "verified parent and legal guardian" flag."""

    __tablename__ = "guardian_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"))
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id"), index=True)
    relationship: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    verified_legal_guardian: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    verified_by: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verified_source: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    # Copies for the school-scoped name search, kept by database triggers (migration 0007):
    # the school of the student and the guardian's folded names. Never written by ppdesk.
    school_id: Mapped[int | None] = mapped_column(Integer)
    guardian_search_name: Mapped[str | None] = mapped_column(String(2 * limits.NAME_MAX + 1))
    guardian_search_last: Mapped[str | None] = mapped_column(String(2 * limits.NAME_MAX + 1))

    __table_args__ = (UniqueConstraint("student_id", "guardian_id"),)


class EmergencyContact(Base):
    __tablename__ = "emergency_contact"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    phone: Mapped[str | None] = mapped_column(String(limits.PHONE_MAX))
    relationship: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=UTC_NOW)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=UTC_NOW, index=True)


class ContactChange(Base):
    """A change to how a family is reached, written by the SIS import (guide section VIII).

    The emergency contact report lists these beside new and changed emergency contacts:
    a guardian's changed home, work or cell phone, contact preference or text opt-in
    (``guardian_id``), and a removed emergency contact (``student_id``; the contact's row
    is gone, so its name and phone are kept here).
    """

    __tablename__ = "contact_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardian.id"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    contact_name: Mapped[str] = mapped_column(String(2 * limits.NAME_MAX + 1))
    relationship: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    old_value: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    new_value: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))


class AuditEvent(Base):
    """Append-only, hash-chained audit trail. Triggers refuse UPDATE, DELETE, TRUNCATE."""

    __tablename__ = "audit_event"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(limits.SHORT_MAX))
    actor_staff_id: Mapped[int | None] = mapped_column(Integer, index=True)
    workstation: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    action: Mapped[str] = mapped_column(String(limits.SHORT_MAX), index=True)
    target_type: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    target_id: Mapped[str | None] = mapped_column(String(limits.ID_MAX))
    school_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # HMAC-SHA256 of row_hash with the audit key (kept with the PIN keys, not here).
    row_mac: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """One row per audit chain: a school's (``chain`` = its id) or the district's (0). The
    last sequence number and hash of that chain; locking it serialises appends to that chain
    only (migration 0010, docs/audit.md). ``id`` is ``chain + 1``."""

    __tablename__ = "audit_chain_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    # Rows from this sequence on must carry a MAC (migration 0006; earlier rows have none).
    mac_from_seq: Mapped[int | None] = mapped_column(Integer)
    chain: Mapped[int] = mapped_column(Integer, server_default="0", index=True, unique=True)
    # On the district's head: the rows before fork_seq are the one chain of migrations
    # before 0010, ending with fork_hash, where every school's chain starts.
    fork_seq: Mapped[int | None] = mapped_column(Integer)
    fork_hash: Mapped[str | None] = mapped_column(String(64))


# --- Verification, PINs and redemption (migration 0002) ---------------------------------


class Verification(Base):
    """One run of the identity checklist. Stores results per check, never the answers."""

    __tablename__ = "verification"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("guardian_link.id"), index=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    mode: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str] = mapped_column(String(16))  # in_progress, passed, failed
    question_results: Mapped[str | None] = mapped_column(Text)  # JSON {question: bool}
    id_type: Mapped[str | None] = mapped_column(String(32))
    id_failures: Mapped[str | None] = mapped_column(Text)  # JSON list of reasons
    # 0012: "school", or "district" (a verifier whose only grant covering the school is a
    # local-district or district-wide one); NULL on older rows means "school".
    office: Mapped[str | None] = mapped_column(String(16))


class ParentPin(Base):
    """A Parent Portal PIN: keyed hash (redemption, uniqueness) and, while active, an
    AES-GCM ciphertext bound to this row. Never the PIN in clear."""

    __tablename__ = "parent_pin"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("guardian_link.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id"), index=True)
    request_id: Mapped[str] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    key_id: Mapped[str | None] = mapped_column(String(limits.SHORT_MAX))
    status: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    verification_id: Mapped[int | None] = mapped_column(ForeignKey("verification.id"))
    bulk_run: Mapped[str | None] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    end_reason: Mapped[str | None] = mapped_column(String(limits.NOTE_MAX))
    # Bulk letters (0005): the printed letter number of a held PIN, and its hand-over.
    letter_number: Mapped[str | None] = mapped_column(String(16), unique=True)
    handed_over_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handed_over_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    __table_args__ = (
        # At most one outstanding (active or held) PIN per guardian-student link.
        Index(
            "uq_parent_pin_one_active",
            "link_id",
            unique=True,
            postgresql_where=text(OUTSTANDING_WHERE),
            sqlite_where=text(OUTSTANDING_WHERE),
        ),
        Index("ix_parent_pin_status_expires", "status", "expires_at"),
        # A link's latest PIN (max id) in one probe: parent search, student view (0003).
        Index("ix_parent_pin_link_id", "link_id", "id"),
    )


class PinDisclosure(Base):
    """Each time a PIN left the system: shown on screen, read by phone, printed, exported."""

    __tablename__ = "pin_disclosure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pin_id: Mapped[int] = mapped_column(ForeignKey("parent_pin.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    channel: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    verification_id: Mapped[int | None] = mapped_column(ForeignKey("verification.id"))
    batch: Mapped[str | None] = mapped_column(String(64))


class SchoolLetter(Base):
    """The PIN letter of a district verification, waiting for the student's school to print
    it (migration 0012). Closed when printed ("printed") or when its PIN ended first
    ("pin_ended")."""

    __tablename__ = "school_letter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("guardian_link.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    pin_id: Mapped[int] = mapped_column(ForeignKey("parent_pin.id"))
    verification_id: Mapped[int] = mapped_column(ForeignKey("verification.id"))
    queued_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    __table_args__ = (
        Index(
            "uq_school_letter_one_open",
            "link_id",
            unique=True,
            postgresql_where=text("closed_at IS NULL"),
            sqlite_where=text("closed_at IS NULL"),
        ),
    )


class RedemptionGuard(Base):
    """One row per student ID, locked by each redemption of that student: concurrent
    redemptions and the failure count are evaluated one at a time (migration 0006)."""

    __tablename__ = "redemption_guard"
    student_number: Mapped[str] = mapped_column(String(limits.ID_MAX), primary_key=True)


class RedemptionAttempt(Base):
    """A portal "Add Student" attempt, for the per-student lockout (never the PIN)."""

    __tablename__ = "redemption_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_number: Mapped[str] = mapped_column(String(limits.ID_MAX))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    outcome: Mapped[str] = mapped_column(String(16))  # success, failed, mistyped
    cleared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    __table_args__ = (Index("ix_redemption_attempt_student_at", "student_number", "at"),)


class SisStatusRequest(Base):
    """A request that the office record a verified parent and legal guardian in the SIS
    (migration 0008): the desk of an SIS-fed school does not set the
    status itself. Closed by the import that carries the status, or that ends the link."""

    __tablename__ = "sis_status_request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("guardian_link.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    documents: Mapped[str] = mapped_column(String(limits.NOTE_MAX))
    note: Mapped[str | None] = mapped_column(String(limits.NOTE_MAX))
    # 0013: "verify" (record the status in the SIS) or "remove" (remove it there: a custody
    # change at the desk, which imports respect until the SIS carries it).
    kind: Mapped[str] = mapped_column(String(16), server_default=text("'verify'"))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # sis_verified, sis_unverified, link_ended, withdrawn
    outcome: Mapped[str | None] = mapped_column(String(16))
    # The closing import's ``sis_import`` audit row and file name.
    closed_import_seq: Mapped[int | None] = mapped_column(Integer)
    closed_import_file: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (
        Index(
            "uq_sis_status_request_one_open",
            "link_id",
            unique=True,
            postgresql_where=text("closed_at IS NULL"),
            sqlite_where=text("closed_at IS NULL"),
        ),
    )
