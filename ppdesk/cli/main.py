"""``ppdesk`` command: the GUI when run bare, subcommands for administrators."""

from __future__ import annotations

import click

from ppdesk import __version__, bootstrap
from ppdesk.cli.common import CliState

ENVIRONMENT = (
    ("PPDESK_DATABASE_URL", "the database URL (same as --database)"),
    ("PPDESK_USER", "your staff user name (same as --user)"),
    ("PPDESK_PASSWORD", "your password, for scripts (otherwise a prompt or standard input)"),
    ("PPDESK_NEW_PASSWORD", "the new account's password for `staff add` / `staff set-password`"),
    ("PPDESK_KEYS_PASSPHRASE", "the key file passphrase for `keys export` / `keys import`"),
    ("PPDESK_CONFIG_DIR", "where settings.toml lives (default: the user config folder)"),
    ("PPDESK_DATA_DIR", "where the SQLite file, logs and key file live (default: user data)"),
)


def _epilog() -> str:
    from ppdesk.cli.exit_codes import describe

    env = "\n".join(f"  {name:<24}{text}" for name, text in ENVIRONMENT)
    return f"\b\nEnvironment variables:\n{env}\n\n\b\nExit codes:\n{describe()}"


@click.group(invoke_without_command=True, epilog=_epilog())
@click.option(
    "--database",
    envvar="PPDESK_DATABASE_URL",
    help="Database URL (sqlite:///FILE or postgresql://user@host/db). "
    "Default: settings, then the SQLite file in your data directory.",
)
@click.version_option(__version__, prog_name="ppdesk")
@click.pass_context
def main(ctx: click.Context, database: str | None) -> None:
    """ppdesk: verify parents, issue Parent Portal PINs, print letters, export the roster.

    A bare `ppdesk` (no command) opens the desk: the login window (on an empty database,
    the first-run set-up). The commands below are for administrators and scripts."""
    if ctx.invoked_subcommand != "selftest":  # the self-test must not touch the user's data
        bootstrap.setup_logging()
    ctx.obj = CliState(database)
    ctx.call_on_close(ctx.obj.close)
    _warn_unknown_settings()
    if ctx.invoked_subcommand is None:
        from ppdesk.cli.common import friendly_errors
        from ppdesk.cli.run import run_default

        friendly_errors(run_default)(database)


def _warn_unknown_settings() -> None:
    """A misspelt key in settings.toml would otherwise be ignored without a word."""
    path, unknown = bootstrap.unknown_settings()
    for key in unknown:
        click.echo(
            f"warning: settings file {path}: unknown setting {key!r} ignored "
            "(see README, 'Settings').",
            err=True,
        )


def register() -> None:
    """Add every command group; each module is named here, so a missing one fails at import."""
    from ppdesk.cli import (
        audit,
        db,
        demo_cmd,
        import_cmd,
        keys,
        letters_cmd,
        pins,
        roster_cmd,
        school_letters_cmd,
        selftest,
        staff,
    )

    for module in (db, staff, audit):
        main.add_command(module.group)
    for commands in (
        demo_cmd.commands,
        pins.commands,
        letters_cmd.commands,
        school_letters_cmd.commands,
        roster_cmd.commands,
        import_cmd.commands,
        keys.commands,
        selftest.commands,
    ):
        for command in commands:
            main.add_command(command)


register()
