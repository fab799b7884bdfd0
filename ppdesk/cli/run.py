"""What a bare ``ppdesk`` does: the desk GUI, or a headless demo without a display."""

from __future__ import annotations

import click


def run_default(database: str | None) -> None:
    from ppdesk import bootstrap

    rt = bootstrap.open_app(database=database)
    click.echo(f"database: {rt.description} ({rt.schema_state.describe()})")
    click.echo("The desk GUI is not built yet; use the subcommands (ppdesk --help).")
    rt.close()
