"""``ppdesk db status|upgrade``."""

from __future__ import annotations

import click

from ppdesk import bootstrap
from ppdesk.cli.common import friendly_errors, state


@click.group("db")
def group() -> None:
    """Database schema: status and upgrade."""


@group.command("status")
@friendly_errors
def status() -> None:
    """Show which database is used and whether its schema matches this program."""
    info = bootstrap.db_status(state().database)
    click.echo(f"database: {info.description}")
    click.echo(f"schema:   {info.state}")


@group.command("upgrade")
@friendly_errors
def upgrade() -> None:
    """Upgrade the database schema to this program's version (administrators)."""
    info = bootstrap.db_upgrade(state().database)
    click.echo(f"database: {info.description}")
    click.echo(f"schema:   {info.state}")
