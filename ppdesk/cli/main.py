"""``ppdesk`` command: the GUI when run bare, subcommands for administrators."""

from __future__ import annotations

import click

from ppdesk import __version__, bootstrap
from ppdesk.cli.common import CliState


@click.group(invoke_without_command=True)
@click.option(
    "--database",
    envvar="PPDESK_DATABASE_URL",
    help="Database URL (sqlite:///FILE or postgresql://user@host/db). "
    "Default: settings, then the SQLite file in your data directory.",
)
@click.version_option(__version__, prog_name="ppdesk")
@click.pass_context
def main(ctx: click.Context, database: str | None) -> None:
    """ppdesk: verify parents, issue Parent Portal PINs, print letters, export the roster."""
    if ctx.invoked_subcommand != "selftest":  # the self-test must not touch the user's data
        bootstrap.setup_logging()
    ctx.obj = CliState(database)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from ppdesk.cli.run import run_default

        run_default(database)


def register() -> None:
    from ppdesk.cli import audit, db, staff

    for module in (db, staff, audit):
        main.add_command(module.group)
    for name in ("demo_cmd", "pins", "letters_cmd", "roster_cmd", "import_cmd", "keys", "selftest"):
        try:
            module = __import__(f"ppdesk.cli.{name}", fromlist=["commands"])
        except ModuleNotFoundError as exc:
            if exc.name != f"ppdesk.cli.{name}":
                raise
            continue
        for command in module.commands:
            main.add_command(command)


register()
