"""What a bare ``ppdesk`` (and ``make run``) does.

It opens the configured database (the SQLite file by default) and starts the desk GUI; an
empty database gets the first-run dialog (its first account), or, on a developer's machine
(``make run`` sets ``PPDESK_DEV_DEMO=1``), the demo school. On a machine without a display
it says so and runs the headless demo instead (only on a database with the demo school or
made by ``make run``).
"""

from __future__ import annotations

import os
import sys

import click

from ppdesk.cli.exit_codes import EX_CONFIG


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have one for a desktop user


def run_default(database: str | None) -> None:
    from ppdesk.services.first_run import dev_demo_enabled

    if has_display():
        from ppdesk.gui.app import main as gui_main

        sys.exit(gui_main(database=database, demo_if_empty=dev_demo_enabled()))

    from ppdesk import bootstrap
    from ppdesk.cli.demo_cmd import print_demo
    from ppdesk.services import demo

    rt = bootstrap.open_app(database=database)
    try:
        click.echo(f"database: {rt.description}")
        password = None
        if demo.database_is_empty(rt.ctx) and not dev_demo_enabled():
            click.echo(
                "The database is empty. Start ppdesk on a display to create its first "
                "account, or run `ppdesk staff add --first-principal` (see `ppdesk staff add "
                "--help`); `ppdesk demo` fills it with a synthetic demo school instead.",
                err=True,
            )
            sys.exit(EX_CONFIG)
        if demo.database_is_empty(rt.ctx):
            click.echo("The database is empty: creating the demo school (synthetic data).")
            bootstrap.provision_keys_if_new(rt)
            created = demo.create_demo(rt.ctx)
            print_demo(created)
            password = created.password
        click.echo(
            "No display found (no DISPLAY or WAYLAND_DISPLAY): running the headless demo instead of the GUI."
        )
        from ppdesk.cli.headless import headless_demo

        headless_demo(rt, password)
    finally:
        rt.close()
