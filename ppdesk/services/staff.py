"""Staff accounts and role grants."""

from __future__ import annotations

from dataclasses import dataclass

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import NotFound, PermissionDenied, ValidationError
from ppdesk.domain.roles import Permission, Role, permission_to_grant
from ppdesk.domain.text import EMAIL_MAX, NAME_MAX, NOTE_MAX, SHORT_MAX, clean_text
from ppdesk.services.access import audit, require, service
from ppdesk.services.auth import hash_password
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import GrantRecord, SchoolRecord, StaffRecord, UnitOfWork


@dataclass(frozen=True)
class GrantInfo:
    grant_id: int
    role: Role
    school_code: str | None
    local_district: str | None

    @property
    def scope(self) -> str:
        if self.school_code:
            return self.school_code
        if self.local_district:
            return f"district {self.local_district}"
        return "all schools"


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    display_name: str
    email: str | None
    active: bool
    locked: bool
    grants: tuple[GrantInfo, ...]


def _username(value: str) -> str:
    name = clean_text(value, field="username", max_len=SHORT_MAX, required=True)
    assert name is not None
    name = name.lower()
    if not all(c.isalnum() or c in "._-@" for c in name):
        raise ValidationError("staff.username_chars", field="username")
    return name


def _school(uow: UnitOfWork, code: str | None) -> SchoolRecord | None:
    if code is None:
        return None
    school = uow.schools.get_by_code(code)
    if school is None:
        raise NotFound("school.code_not_found", code=code)
    return school


def _create(
    uow: UnitOfWork,
    username: str,
    display_name: str,
    email: str | None,
    password: str | None,
    school_id: int | None = None,
) -> int:
    username = _username(username)
    display = clean_text(display_name, field="display name", max_len=NAME_MAX, required=True)
    mail = clean_text(email, field="email", max_len=EMAIL_MAX)
    if uow.staff.get_by_username(username) is not None:
        raise ValidationError("staff.username_taken", username=username, field="username")
    pw_hash = hash_password(password) if password is not None else None
    return uow.staff.add(
        username=username,
        display_name=display or username,
        email=mail,
        password_hash=pw_hash,
        school_id=school_id,
    )


def add_first_principal(
    ctx: AppContext,
    *,
    username: str,
    display_name: str,
    password: str,
    school_code: str,
    school_name: str | None = None,
    role: Role = Role.PRINCIPAL,
    local_district: str | None = None,
) -> StaffInfo:
    """Create the first account of a new database: a principal of ``school_code`` (the
    school is created if new), or with ``role=DISTRICT_ADMIN`` a district administrator of
    ``local_district`` (and the school, when a code is given). Refused once staff exist."""
    if role not in (Role.PRINCIPAL, Role.DISTRICT_ADMIN):
        raise ValidationError("staff.first_role")
    with ctx.uow() as uow:
        if uow.staff.count() > 0:
            raise PermissionDenied("staff.already_set_up")
        district = clean_text(local_district, field="local district", max_len=40)
        code = clean_text(
            school_code, field="school code", max_len=40, required=role is Role.PRINCIPAL
        )
        if role is Role.DISTRICT_ADMIN and not district:
            raise ValidationError("grant.local_district_required", field="local_district")
        school = uow.schools.get_by_code(code) if code else None
        if code and school is None:
            name = clean_text(school_name, field="school name", max_len=NAME_MAX, required=True)
            uow.schools.add(code=code, name=name, local_district=district)
            school = uow.schools.get_by_code(code)
        staff_id = _create(uow, username, display_name, None, password)
        now = uow.now()
        uow.grants.add(
            staff_id=staff_id,
            role=role,
            school_id=school.id if school is not None and role is Role.PRINCIPAL else None,
            local_district=district if role is Role.DISTRICT_ADMIN else None,
            granted_by_id=None,
            granted_at=now,
            reason=f"first {'principal' if role is Role.PRINCIPAL else 'district admin'} "
            "of a new database",
        )
        uow.audit.append(
            AuditEntry(
                "staff_first_principal",
                target_type="staff",
                target_id=str(staff_id),
                school_id=school.id if school is not None else None,
                details={"role": role.value},
            ),
            actor=_username(username),
            actor_staff_id=staff_id,
            workstation=ctx.workstation,
        )
        uow.commit()
    return get_staff_info(ctx, staff_id)


@service
def add_staff(
    ctx: AppContext,
    session: StaffSession,
    *,
    username: str,
    display_name: str,
    password: str | None,
    school_code: str,
    email: str | None = None,
    database_login: str | None = None,
) -> StaffInfo:
    """Create a staff account for a school (roles are granted separately).

    ``database_login`` (shared PostgreSQL with ``ppdesk db roles`` applied): ``"password"``
    also creates the person's own PostgreSQL login role with this password (SCRAM);
    ``"directory"`` creates one without a password, for pg_hba to authenticate through the
    district directory (LDAP, Kerberos). The database function records its own audit row.
    """
    if database_login not in (None, "password", "directory"):
        raise ValidationError("staff.database_login_kind")
    if database_login == "password" and password is None:
        raise ValidationError("staff.password_login_needs_password")
    if database_login is None and ctx.person_connector is not None:
        # With personal logins people sign in as their own login role: a new account gets
        # one at once (SCRAM with the first password, else a directory login).
        database_login = "password" if password is not None else "directory"
    with ctx.uow() as uow:
        school = _school(uow, school_code)
        require(uow, session, Permission.MANAGE_STAFF, school, action="staff_add")
        staff_id = _create(
            uow,
            username,
            display_name,
            email,
            None if database_login == "directory" else password,
            school.id if school else None,
        )
        if database_login is not None:
            _require_logins(uow)
            uow.logins.create(
                _username(username), password if database_login == "password" else None
            )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "staff_add",
                target_type="staff",
                target_id=str(staff_id),
                school_id=school.id if school else None,
            ),
        )
        uow.commit()
    return get_staff_info(ctx, staff_id)


def _grant_scope(
    uow: UnitOfWork, role: Role, school_code: str | None, local_district: str | None
) -> tuple[SchoolRecord | None, str | None]:
    school = _school(uow, school_code)
    # A parent access admin may also serve a local district's office or
    # the district's (Office of Parent and Community Services, the hotline): no school.
    district_level = (Role.DISTRICT_ADMIN, Role.PARENT_ACCESS_ADMIN)
    if role not in district_level and school is None:
        raise ValidationError("grant.school_needed", field="school")
    if role is Role.DISTRICT_ADMIN and school is not None:
        raise ValidationError("grant.district_admin_not_school", field="school")
    district = clean_text(local_district, field="local district", max_len=SHORT_MAX)
    return school, district


def _a_school_of(uow: UnitOfWork, district: str) -> SchoolRecord:
    every = uow.schools.local_districts()
    ids = sorted(i for i, d in every.items() if d == district)
    school = uow.schools.get(ids[0]) if ids else None
    if school is None:
        raise NotFound("grant.district_has_no_school", district=district)
    return school


def _role_change(
    uow: UnitOfWork,
    session: StaffSession,
    *,
    action: str,
    username: str,
    role: Role,
    school_code: str | None,
    local_district: str | None,
) -> tuple[SchoolRecord | None, str | None, StaffRecord, list[GrantRecord]]:
    """What grant and revoke both check: the scope, the right to change this role there,
    the staff member, and their active grants of this role in this scope."""
    school, district = _grant_scope(uow, role, school_code, local_district)
    target = uow.staff.get_by_username(username.strip().lower())
    permission, where = permission_to_grant(role), school
    if school is None and role is Role.PARENT_ACCESS_ADMIN:
        # A district-level verifier is granted by a district administrator of that local
        # district (checked at one of its schools), or of the whole district.
        permission = Permission.GRANT_ANY_ROLE
        where = _a_school_of(uow, district) if district else None
    require(
        uow,
        session,
        permission,
        where,
        action=action,
        target_type="staff",
        target_id=str(target.id) if target else username,
    )
    if target is None:
        raise NotFound("staff.username_not_found", username=username)
    school_id = school.id if school else None
    same = [
        g
        for g in uow.grants.active_for(target.id)
        if g.role is role and g.school_id == school_id and g.local_district == district
    ]
    return school, district, target, same


@service
def grant_role(
    ctx: AppContext,
    session: StaffSession,
    *,
    username: str,
    role: Role,
    school_code: str | None = None,
    local_district: str | None = None,
    reason: str | None = None,
) -> StaffInfo:
    """Grant ``role`` to a staff member at a school (or a local district for admins)."""
    reason = clean_text(reason, field="reason", max_len=NOTE_MAX)
    with ctx.uow() as uow:
        school, district, target, same = _role_change(
            uow,
            session,
            action="role_grant",
            username=username,
            role=role,
            school_code=school_code,
            local_district=local_district,
        )
        if same:
            raise ValidationError("grant.already_held", username=target.username, field="role")
        uow.grants.add(
            staff_id=target.id,
            role=role,
            school_id=school.id if school else None,
            local_district=district,
            granted_by_id=session.staff_id,
            granted_at=uow.now(),
            reason=reason,
        )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "role_grant",
                target_type="staff",
                target_id=str(target.id),
                school_id=school.id if school else None,
                details={"role": role.value, "local_district": district, "reason": reason},
            ),
        )
        uow.commit()
    return get_staff_info(ctx, target.id)


@service
def revoke_role(
    ctx: AppContext,
    session: StaffSession,
    *,
    username: str,
    role: Role,
    school_code: str | None = None,
    local_district: str | None = None,
    reason: str | None = None,
) -> StaffInfo:
    """Revoke a role; it stops working on the grantee's very next act."""
    reason = clean_text(reason, field="reason", max_len=NOTE_MAX)
    with ctx.uow() as uow:
        school, district, target, matches = _role_change(
            uow,
            session,
            action="role_revoke",
            username=username,
            role=role,
            school_code=school_code,
            local_district=local_district,
        )
        if not matches:
            raise NotFound("grant.not_held", username=target.username)
        now = uow.now()
        for g in matches:
            uow.grants.revoke(g.id, revoked_by_id=session.staff_id, revoked_at=now, reason=reason)
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "role_revoke",
                target_type="staff",
                target_id=str(target.id),
                school_id=school.id if school else None,
                details={"role": role.value, "local_district": district, "reason": reason},
            ),
        )
        uow.commit()
    return get_staff_info(ctx, target.id)


@service
def set_staff_status(
    ctx: AppContext,
    session: StaffSession,
    *,
    username: str,
    active: bool | None = None,
    unlock: bool = False,
    password: str | None = None,
    reason: str | None = None,
) -> StaffInfo:
    """Deactivate or reactivate an account, unlock it, or set a new password."""
    reason = clean_text(reason, field="reason", max_len=NOTE_MAX)
    with ctx.uow() as uow:
        target = uow.staff.get_by_username(username.strip().lower())
        target_schools = _staff_schools(uow, target.id) if target else []
        from ppdesk.services.access import schools_with

        # An account with no school role yet (new, or imported) may be managed by anyone who
        # manages staff somewhere; otherwise by someone who manages staff at one of its schools.
        if target_schools:
            permitted = any(_allowed_manage(uow, session, s) for s in target_schools)
        else:
            permitted = bool(schools_with(uow, session, Permission.MANAGE_STAFF))
        if not permitted:
            require(
                uow,
                session,
                Permission.MANAGE_STAFF,
                target_schools[0] if target_schools else None,
                action="staff_update",
                target_type="staff",
                target_id=username,
            )
        if target is None:
            raise NotFound("staff.username_not_found", username=username)
        fields: dict[str, object] = {}
        if active is not None:
            fields["active"] = active
        if unlock:
            fields.update(locked_at=None, failed_logins=0)
        if password is not None:
            fields["password_hash"] = hash_password(password)
        if not fields:
            raise ValidationError("staff.nothing_to_change")
        uow.staff.update(target.id, **fields)
        _follow_login(uow, target, active, password)
        details = {k: v for k, v in fields.items() if k != "password_hash"}
        if password is not None:
            details["password_changed"] = True
        details["reason"] = reason
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "staff_update", target_type="staff", target_id=str(target.id), details=details
            ),
        )
        uow.commit()
    return get_staff_info(ctx, target.id)


def _follow_login(
    uow: UnitOfWork, target: StaffRecord, active: bool | None, password: str | None
) -> None:
    """The person's own database login (when there is one) follows the account: disabled
    on deactivation, enabled again when an inactive account is reactivated, and given the
    new password. Each through the database's login functions, which record their own row."""
    if not uow.logins.supported() or not uow.logins.exists(target.username):
        return
    can_login = uow.logins.can_login(target.username)
    if active is True and not target.active and not can_login:
        uow.logins.enable(target.username)
        can_login = True
    if active is False and can_login:
        uow.logins.disable(target.username)
    elif password is not None and can_login:
        uow.logins.set_password(target.username, password)


def _require_logins(uow: UnitOfWork) -> None:
    if not uow.logins.supported():
        raise ValidationError("staff.person_logins_need_postgres")


def _staff_schools(uow: UnitOfWork, staff_id: int) -> list[SchoolRecord]:
    schools: list[SchoolRecord] = []
    for g in uow.grants.active_for(staff_id):
        if g.school_id is not None:
            s = uow.schools.get(g.school_id)
            if s is not None:
                schools.append(s)
    return schools


def _allowed_manage(uow: UnitOfWork, session: StaffSession, school: SchoolRecord | None) -> bool:
    from ppdesk.services.access import allowed

    return allowed(uow, session, Permission.MANAGE_STAFF, school)


def get_staff_info(ctx: AppContext, staff_id: int) -> StaffInfo:
    with ctx.uow(readonly=True) as uow:
        return _info(uow, staff_id)


def _info(uow: UnitOfWork, staff_id: int) -> StaffInfo:
    staff = uow.staff.get(staff_id)
    if staff is None:
        raise NotFound("staff.not_found")
    grants = []
    for g in uow.grants.active_for(staff_id):
        school = uow.schools.get(g.school_id) if g.school_id else None
        grants.append(GrantInfo(g.id, g.role, school.code if school else None, g.local_district))
    return StaffInfo(
        id=staff.id,
        username=staff.username,
        display_name=staff.display_name,
        email=staff.email,
        active=staff.active,
        locked=staff.locked_at is not None,
        grants=tuple(grants),
    )


@service
def list_staff(ctx: AppContext, session: StaffSession) -> list[StaffInfo]:
    """Staff members visible to someone who manages staff (all, for now: one district)."""
    with ctx.uow(readonly=True) as uow:
        from ppdesk.services.access import schools_with

        if not schools_with(uow, session, Permission.MANAGE_STAFF) and not schools_with(
            uow, session, Permission.GRANT_PARENT_ACCESS_ADMIN
        ):
            require(uow, session, Permission.MANAGE_STAFF, None, action="staff_list")
        return [_info(uow, s.id) for s in uow.staff.list_all()]


def my_roles(ctx: AppContext, session: StaffSession) -> StaffInfo:
    """The logged-in staff member's own account and current grants."""
    return get_staff_info(ctx, session.staff_id)
