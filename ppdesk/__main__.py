"""Entry point: ``ppdesk`` and ``python -m ppdesk``.

A bare ``ppdesk`` on a machine with a display shows the login dialog first and opens the
database behind it (start-up stays well under 1.5 s); everything else goes to the CLI.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        # Answer without loading the application (no click, SQLAlchemy or Qt import).
        from ppdesk import __version__

        print(f"ppdesk, version {__version__}")
        return
    if len(sys.argv) == 1:
        from ppdesk.cli.run import has_display

        if has_display():
            from ppdesk.gui.app import main as gui_main
            from ppdesk.services.first_run import dev_demo_enabled

            sys.exit(gui_main(demo_if_empty=dev_demo_enabled()))
    from ppdesk.cli.main import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
