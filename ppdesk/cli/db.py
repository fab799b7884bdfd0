"""``ppdesk db status|upgrade|roles|person-logins``."""

from __future__ import annotations

import sys

import click

from ppdesk import bootstrap
from ppdesk.cli import exit_codes
from ppdesk.cli.common import friendly_errors, state


@click.group("db")
def group() -> None:
    """Database schema: status, upgrade, and the rules the database enforces."""


@group.command("status")
@friendly_errors
def status() -> None:
    """Show which database is used, whether its schema matches this program, and whether
    its protective triggers are in place.

    Exit code: 0 up to date or empty, 1 a protective trigger is missing or disabled, 4 needs
    `ppdesk db upgrade`, 5 newer than this program (or not ppdesk's), 66 no SQLite file at
    that path (nothing is created), 69 the database cannot be reached."""
    info = bootstrap.db_status(state().database)
    click.echo(f"database: {info.description}")
    click.echo(f"schema:   {info.state}")
    if info.status == "outdated":
        sys.exit(exit_codes.DB_NEEDS_UPGRADE)
    if info.status in ("newer", "foreign"):
        sys.exit(exit_codes.DB_NEWER)
    if info.protections:
        for problem in info.protections:
            click.echo(f"protection missing: {problem}")
        sys.exit(exit_codes.FAILED)
    if info.status == "current":
        click.echo("triggers: in place")


@group.command("upgrade")
@friendly_errors
def upgrade() -> None:
    """Upgrade the database schema to this program's version (administrators)."""
    info = bootstrap.db_upgrade(state().database)
    click.echo(f"database: {info.description}")
    click.echo(f"schema:   {info.state}")


@group.command("roles")
@click.option("--apply", "apply_", is_flag=True, help="Apply them (an administrator).")
@click.option(
    "--check",
    is_flag=True,
    help="Report what differs in the database (disabled row-level security, missing or "
    "weakened functions, staff table privileges); exit status 1 if anything does.",
)
@click.option(
    "--prefix",
    default=None,
    help="Role name prefix (default: the database name): <prefix>_owner, _staff, _login_admin.",
)
@friendly_errors
def roles(apply_: bool, check: bool, prefix: str | None) -> None:
    """Print (or apply) the roles, grants, row-level security, views and functions that make
    the shared PostgreSQL database enforce the role matrix itself."""
    result = bootstrap.db_roles(state().database, prefix=prefix, apply=apply_, check=check)
    owner, staff, login_admin = result.roles
    if check or apply_:
        for problem in result.problems:
            click.echo(f"problem: {problem}", err=True)
    if check and not apply_:
        click.echo(f"database: {result.description}")
        click.echo(f"rules:    {'in place' if not result.problems else 'NOT in place'}")
        if result.problems:
            sys.exit(1)
        return
    if not apply_:
        for sql in result.statements:
            click.echo(sql.rstrip() + ";\n")
        return
    click.echo(f"database: {result.description}")
    click.echo(f"applied:  {len(result.statements)} statements")
    click.echo(f"owner role:       {owner} (NOLOGIN; owns the schema)")
    click.echo(f"staff group role: {staff} (every person's login role is a member)")
    click.echo(f"login admin role: {login_admin} (NOLOGIN; owns the login functions)")


@group.command("person-logins")
@click.argument("mode", type=click.Choice(["on", "off", "status"]), default="status")
@friendly_errors
def person_logins(mode: str) -> None:
    """Each staff member's own PostgreSQL login role. `on` gives every active account
    without one a directory login (pg_hba authenticates it with LDAP or Kerberos; no
    password is stored anywhere); `off` disables every staff login; `status` lists them."""
    result = bootstrap.db_person_logins(state().database, mode=mode)
    click.echo(f"database: {result.description}")
    verb = {"on": "created", "off": "disabled", "status": ""}[mode]
    if verb:
        click.echo(f"{verb}: {len(result.changed)} login role(s)")
    for name in result.skipped:
        click.echo(f"skipped: {name} (a login role name is lower-case letters, digits, . _ -)")
    click.echo(f"staff login roles ({result.staff_group}):")
    for name, can_login in result.logins:
        click.echo(f"  {name:32} {'can log in' if can_login else 'disabled'}")
    for name in result.taken:
        click.echo(
            f"problem: {name}: a PostgreSQL role of that name already exists and is not a "
            f"member of {result.staff_group} (another database's staff, or an administrator's "
            "role; roles are shared by every database of the server): left alone, so this "
            "account cannot sign in. Rename the account, or grant that role "
            f"{result.staff_group} yourself if it is this person.",
            err=True,
        )
    if result.taken:
        sys.exit(1)
