"""Test set-up helpers: schools and staff created straight through the repositories."""

from __future__ import annotations

from datetime import UTC, datetime

from ppdesk.domain.roles import Role
from ppdesk.services.auth import PasswordAuthenticator, hash_password
from ppdesk.services.context import AppContext, StaffSession

PASSWORD = "correct horse battery"


def add_school(
    ctx: AppContext,
    code: str = "1001",
    name: str = "Maple Grove Elementary",
    local_district: str = "Central",
) -> int:
    with ctx.uow() as uow:
        existing = uow.schools.get_by_code(code)
        if existing:
            return existing.id
        school_id = uow.schools.add(
            code=code,
            name=name,
            address="100 Maple Ave, Los Angeles, CA 90012",
            phone="(213) 555-0100",
            principal_name="Dr. Rosa Alvarez",
            local_district=local_district,
            portal_url="https://portal.example.org/parentaccess",
        )
        uow.commit()
        return school_id


_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    # argon2 is deliberately slow; hash each test password once per process.
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


def add_staff(
    ctx: AppContext,
    username: str,
    role: Role | None,
    *,
    school_code: str | None = "1001",
    local_district: str | None = None,
    password: str = PASSWORD,
) -> int:
    with ctx.uow() as uow:
        staff_id = uow.staff.add(
            username=username,
            display_name=username.replace("_", " ").title(),
            email=None,
            password_hash=_hash(password),
        )
        if role is not None:
            school = uow.schools.get_by_code(school_code) if school_code else None
            uow.grants.add(
                staff_id=staff_id,
                role=role,
                school_id=school.id if school else None,
                local_district=local_district,
                granted_by_id=None,
                granted_at=datetime.now(UTC),
                reason="test set-up",
            )
        uow.commit()
        return staff_id


def login(ctx: AppContext, username: str, password: str = PASSWORD) -> StaffSession:
    return PasswordAuthenticator(ctx).login(username, password)


def staff_with_role(ctx: AppContext, role: Role, school_code: str = "1001") -> StaffSession:
    username = f"{role.value}_{school_code}"
    if role is Role.DISTRICT_ADMIN:
        add_staff(ctx, username, role, school_code=None, local_district="Central")
    else:
        add_staff(ctx, username, role, school_code=school_code)
    return login(ctx, username)
