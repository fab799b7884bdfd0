"""Roles and the permission matrix (DESIGN.md "Roles", reference guide sections IV and IX).

The matrix is data: one frozenset of permissions per role. Services ask
``role_allows(role, permission)`` for the roles a staff member holds *for the school in
question*, loaded fresh from the database on every call, so a grant or a revocation applies
to the very next act without a restart (ASVS 8.3.2).
"""

from __future__ import annotations

from enum import StrEnum

from ppdesk.domain.messages import CATALOGUE


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
    # Switch a school between the SIS deciding the verified status and desk recording.
    SET_STATUS_SOURCE = "set_status_source"


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
            _P.SET_STATUS_SOURCE,
        }
    ),
}


def permission_denied_code(permission: Permission) -> str:
    """The error code of the refusal of ``permission`` (catalogue: ``permission.<value>``)."""
    return f"permission.{permission.value}"


# The English refusal of each permission, rendered from the catalogue.
PERMISSION_DENIED_MESSAGES: dict[Permission, str] = {
    p: CATALOGUE[permission_denied_code(p)] for p in Permission
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
