"""Roles and the permission matrix (DESIGN.md "Roles", reference guide sections IV and IX).

The matrix is data: one frozenset of permissions per role. Services ask
``role_allows(role, permission)`` for the roles a staff member holds *for the school in
question*, loaded fresh from the database on every call, so a grant or a revocation applies
to the very next act without a restart (ASVS 8.3.2).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PRINCIPAL = "principal"
    ASSISTANT_PRINCIPAL = "assistant_principal"
    PARENT_ACCESS_ADMIN = "parent_access_admin"
    OFFICE_STAFF = "office_staff"
    TEACHER = "teacher"
    DISTRICT_ADMIN = "district_admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PRINCIPAL: "Principal",
    Role.ASSISTANT_PRINCIPAL: "Assistant principal",
    Role.PARENT_ACCESS_ADMIN: "Parent access account administrator",
    Role.OFFICE_STAFF: "Office staff",
    Role.TEACHER: "Teacher",
    Role.DISTRICT_ADMIN: "District administrator",
}


class Permission(StrEnum):
    LOOKUP = "lookup"  # find a student, parent search, read-only student view
    LOOKUP_ALL_STUDENTS = "lookup_all_students"  # every student of the school, not own homeroom
    VERIFY_IDENTITY = "verify_identity"  # run the verification checklist
    MANAGE_PIN = "manage_pin"  # issue, reissue, revoke, reveal for one guardian
    BULK_LETTERS = "bulk_letters"  # letters for a class, grade or school
    EXPORT_ROSTER = "export_roster"
    RECORD_LEGAL_GUARDIAN = "record_legal_guardian"
    UNLOCK_GUARDIAN = "unlock_guardian"
    GRANT_PARENT_ACCESS_ADMIN = "grant_parent_access_admin"
    GRANT_ANY_ROLE = "grant_any_role"
    READ_AUDIT = "read_audit"
    IMPORT_SIS = "import_sis"
    MANAGE_STAFF = "manage_staff"
    MANAGE_KEYS = "manage_keys"
    READ_REPORTS = "read_reports"  # reports that show PIN status (the outreach list)
    # Reports that show no PIN: portal adoption, new emergency contacts (section VIII names
    # office managers and administrative assistants; section IX gives designated staff
    # the Reporting tab).
    READ_OFFICE_REPORTS = "read_office_reports"


_P = Permission

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PRINCIPAL: frozenset(
        {
            _P.LOOKUP,
            _P.LOOKUP_ALL_STUDENTS,
            _P.VERIFY_IDENTITY,
            _P.MANAGE_PIN,
            _P.BULK_LETTERS,
            _P.EXPORT_ROSTER,
            _P.RECORD_LEGAL_GUARDIAN,
            _P.UNLOCK_GUARDIAN,
            _P.GRANT_PARENT_ACCESS_ADMIN,
            _P.READ_AUDIT,
            _P.IMPORT_SIS,
            _P.MANAGE_STAFF,
            _P.MANAGE_KEYS,
            _P.READ_REPORTS,
            _P.READ_OFFICE_REPORTS,
        }
    ),
    Role.ASSISTANT_PRINCIPAL: frozenset(
        {
            _P.LOOKUP,
            _P.LOOKUP_ALL_STUDENTS,
            _P.VERIFY_IDENTITY,
            _P.MANAGE_PIN,
            _P.BULK_LETTERS,
            _P.EXPORT_ROSTER,
            _P.RECORD_LEGAL_GUARDIAN,
            _P.UNLOCK_GUARDIAN,
            _P.READ_AUDIT,
            _P.READ_REPORTS,
            _P.READ_OFFICE_REPORTS,
        }
    ),
    Role.PARENT_ACCESS_ADMIN: frozenset(
        {
            _P.LOOKUP,
            _P.LOOKUP_ALL_STUDENTS,
            _P.VERIFY_IDENTITY,
            _P.MANAGE_PIN,
            _P.READ_OFFICE_REPORTS,
        }
    ),
    Role.OFFICE_STAFF: frozenset({_P.LOOKUP, _P.LOOKUP_ALL_STUDENTS, _P.READ_OFFICE_REPORTS}),
    Role.TEACHER: frozenset({_P.LOOKUP}),
    Role.DISTRICT_ADMIN: frozenset(
        {
            _P.LOOKUP,
            _P.LOOKUP_ALL_STUDENTS,
            _P.GRANT_PARENT_ACCESS_ADMIN,
            _P.GRANT_ANY_ROLE,
            _P.READ_AUDIT,
            _P.IMPORT_SIS,
            _P.MANAGE_STAFF,
            _P.MANAGE_KEYS,
            _P.READ_REPORTS,
            _P.READ_OFFICE_REPORTS,
        }
    ),
}

PERMISSION_DENIED_MESSAGES: dict[Permission, str] = {
    _P.LOOKUP: "Your role does not allow looking up students here.",
    _P.LOOKUP_ALL_STUDENTS: "Your role only shows the students of your own homeroom.",
    _P.VERIFY_IDENTITY: (
        "Only a principal, an assistant principal or a parent access account administrator "
        "can verify a parent's identity."
    ),
    _P.MANAGE_PIN: (
        "Only a principal, an assistant principal or a parent access account administrator "
        "can issue, reissue, revoke or reveal a Parent Portal PIN."
    ),
    _P.BULK_LETTERS: "Only a principal or an assistant principal can print letters in bulk.",
    _P.EXPORT_ROSTER: (
        "Only a principal or an assistant principal can export the Student/Parent PIN roster."
    ),
    _P.RECORD_LEGAL_GUARDIAN: (
        "Only a principal or an assistant principal can record a verified parent and legal "
        "guardian."
    ),
    _P.UNLOCK_GUARDIAN: "Only a principal or an assistant principal can unlock a guardian.",
    _P.GRANT_PARENT_ACCESS_ADMIN: (
        "Only a principal or a district administrator can grant or revoke the parent access "
        "account administrator role."
    ),
    _P.GRANT_ANY_ROLE: "Only a district administrator can grant or revoke this role.",
    _P.READ_AUDIT: "Only a principal or an assistant principal can read the audit trail.",
    _P.IMPORT_SIS: "Only a principal or a district administrator can import SIS data.",
    _P.MANAGE_STAFF: "Only a principal or a district administrator can manage staff accounts.",
    _P.MANAGE_KEYS: "Only a principal or a district administrator can export or import PIN keys.",
    _P.READ_REPORTS: "Only a principal or an assistant principal can run these reports.",
    _P.READ_OFFICE_REPORTS: (
        "Only school office staff, parent access account administrators, principals and "
        "assistant principals can run these reports."
    ),
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def permission_to_grant(role: Role) -> Permission:
    """Which permission lets a staff member grant or revoke ``role``."""
    if role is Role.PARENT_ACCESS_ADMIN:
        return Permission.GRANT_PARENT_ACCESS_ADMIN
    if role in (Role.OFFICE_STAFF, Role.TEACHER):
        # Giving a colleague read-only desk access is part of managing staff accounts.
        return Permission.MANAGE_STAFF
    return Permission.GRANT_ANY_ROLE
