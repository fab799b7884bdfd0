"""Entry point: ``ppdesk`` and ``python -m ppdesk``."""

from __future__ import annotations


def main() -> None:
    from ppdesk.cli.main import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
