"""What a bare ``ppdesk`` (and ``make run``) does.

It opens the configured database (the SQLite file by default), creates the demo school when
the database is empty, then starts the desk GUI, or, on a machine without a display, says
so and runs the headless demo instead.
"""

from __future__ import annotations

import os
import sys

import click


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have one for a desktop user


def run_default(database: str | None) -> None:
    if has_display():
        from ppdesk.gui.app import main as gui_main

        sys.exit(gui_main(database=database, demo_if_empty=True))

    from ppdesk import bootstrap
    from ppdesk.cli.demo_cmd import print_demo
    from ppdesk.services import demo

    rt = bootstrap.open_app(database=database)
    try:
        click.echo(f"database: {rt.description}")
        password = None
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
