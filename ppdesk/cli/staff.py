"""``ppdesk staff add|grant|revoke|list|unlock|deactivate|reactivate|set-password``."""

from __future__ import annotations

import click

from ppdesk.cli.common import (
    friendly_errors,
    login,
    prompt_secret,
    read_password,
    state,
    user_option,
)
from ppdesk.domain.roles import Role
from ppdesk.services import staff as staff_service

ROLE_CHOICE = click.Choice([r.value for r in Role])


@click.group("staff")
def group() -> None:
    """Staff accounts and roles."""


def _print(info: staff_service.StaffInfo) -> None:
    flags = []
    if not info.active:
        flags.append("inactive")
    if info.locked:
        flags.append("locked")
    roles = ", ".join(f"{g.role.value}@{g.scope}" for g in info.grants) or "no roles"
    extra = f" [{', '.join(flags)}]" if flags else ""
    click.echo(f"{info.username:24} {info.display_name:28} {roles}{extra}")


@group.command("add")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="Full name shown in the app.")
@click.option("--school", "school_code", help="School code (not for --first-district-admin).")
@click.option("--email", help="The staff member's email address (optional).")
@click.option(
    "--first-principal", is_flag=True, help="Create the first principal of a new database."
)
@click.option("--school-name", help="With --first-principal: creates the school if it is new.")
@click.option(
    "--login",
    "database_login",
    flag_value="password",
    help="Also create their own PostgreSQL login role with this password (shared database).",
)
@click.option(
    "--directory",
    "database_login",
    flag_value="directory",
    help="Also create their own PostgreSQL login role, authenticated by the district "
    "directory through pg_hba (LDAP or Kerberos); no password is set or read.",
)
@click.option(
    "--first-district-admin",
    is_flag=True,
    help="Create the first account of a new database as a district administrator (no school "
    "needed: the first import brings them).",
)
@click.option(
    "--district",
    "local_district",
    help="With --first-district-admin (required there): the local district administered.",
)
@user_option
@friendly_errors
def add(
    username: str,
    display_name: str,
    school_code: str | None,
    email: str | None,
    first_principal: bool,
    school_name: str | None,
    database_login: str | None,
    first_district_admin: bool,
    local_district: str | None,
    user: str | None,
) -> None:
    """Add a staff account. The new account's password is read like yours (prompt or
    PPDESK_NEW_PASSWORD); with --directory there is none."""
    first = first_principal or first_district_admin
    if first_principal and first_district_admin:
        raise click.UsageError("Give --first-principal or --first-district-admin, not both.")
    if first_district_admin and school_code:
        raise click.UsageError("A district administrator has no --school; use --district.")
    if local_district and not first_district_admin:
        raise click.UsageError("--district goes with --first-district-admin.")
    if first_district_admin and not local_district:
        raise click.UsageError("--first-district-admin needs --district (the local district).")
    if not first_district_admin and not school_code:
        raise click.UsageError("Missing option '--school'.")
    rt = state().runtime()
    if database_login == "directory" and not first:
        new_password = None
    else:
        new_password = read_password(f"New password for {username}", env="PPDESK_NEW_PASSWORD")
    if first_district_admin:
        assert new_password is not None
        info = staff_service.add_first_principal(
            rt.ctx,
            username=username,
            display_name=display_name,
            password=new_password,
            school_code="",
            role=Role.DISTRICT_ADMIN,
            local_district=local_district,
        )
    elif first_principal:
        assert new_password is not None and school_code is not None
        info = staff_service.add_first_principal(
            rt.ctx,
            username=username,
            display_name=display_name,
            password=new_password,
            school_code=school_code,
            school_name=school_name,
        )
    else:
        assert school_code is not None
        session = login(user)
        info = staff_service.add_staff(
            rt.ctx,
            session,
            username=username,
            display_name=display_name,
            password=new_password,
            school_code=school_code,
            email=email,
            database_login=database_login,
        )
    _print(info)


def _role_command(name: str, fn: object, help_text: str) -> None:
    @group.command(name, help=help_text)
    @click.argument("username")
    @click.argument("role", type=ROLE_CHOICE)
    @click.option("--school", "school_code", help="School code the role applies to.")
    @click.option(
        "--district",
        "local_district",
        help="Local district (district admins; a parent access admin without --school).",
    )
    @click.option("--reason", help="Why (kept in the audit trail).")
    @user_option
    @friendly_errors
    def command(
        username: str,
        role: str,
        school_code: str | None,
        local_district: str | None,
        reason: str | None,
        user: str | None,
    ) -> None:
        session = login(user)
        info = fn(  # type: ignore[operator]
            state().runtime().ctx,
            session,
            username=username,
            role=Role(role),
            school_code=school_code,
            local_district=local_district,
            reason=reason,
        )
        _print(info)


_role_command("grant", staff_service.grant_role, "Grant ROLE to USERNAME at a school.")
_role_command("revoke", staff_service.revoke_role, "Revoke ROLE from USERNAME at a school.")


@group.command("list")
@user_option
@friendly_errors
def list_(user: str | None) -> None:
    """List staff accounts and their roles."""
    session = login(user)
    for info in staff_service.list_staff(state().runtime().ctx, session):
        _print(info)


def _status_command(
    name: str, help_text: str, *, active: bool | None = None, unlock: bool = False
) -> None:
    """``staff NAME USERNAME [--reason]``: one change of the account's status."""

    @group.command(name, help=help_text)
    @click.argument("username")
    @click.option("--reason", help="Why (kept in the audit trail).")
    @user_option
    @friendly_errors
    def command(username: str, reason: str | None, user: str | None) -> None:
        session = login(user)
        info = staff_service.set_staff_status(
            state().runtime().ctx,
            session,
            username=username,
            active=active,
            unlock=unlock,
            reason=reason,
        )
        _print(info)


_status_command("unlock", "Unlock an account locked after failed logins.", unlock=True)
_status_command(
    "deactivate",
    "Deactivate an account (it can no longer log in; its history stays).",
    active=False,
)
_status_command(
    "reactivate",
    "Reactivate a deactivated account (its own database login, if it has one, may log in again).",
    active=True,
)


@group.command("set-password")
@click.argument("username")
@click.option("--reason", help="Why (kept in the audit trail).")
@user_option
@friendly_errors
def set_password(username: str, reason: str | None, user: str | None) -> None:
    """Set a staff member's password (e.g. an account created by an SIS import). The new
    password comes from PPDESK_NEW_PASSWORD or a prompt."""

    session = login(user)
    new_password = prompt_secret(
        f"New password for {username}", "PPDESK_NEW_PASSWORD", confirm=True
    )
    _print(
        staff_service.set_staff_status(
            state().runtime().ctx, session, username=username, password=new_password, reason=reason
        )
    )
