"""``python -m ppdesk.gui [--database URL]``: the desk, login dialog first."""

from __future__ import annotations

import argparse
import sys

from ppdesk.gui.app import main


def cli() -> int:
    parser = argparse.ArgumentParser(prog="python -m ppdesk.gui", description=__doc__)
    parser.add_argument("--database", help="database URL (default: settings, then SQLite)")
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="fill an empty database with the synthetic demo school (as `make run` does)",
    )
    args, rest = parser.parse_known_args()
    return main([sys.argv[0], *rest], database=args.database, demo_if_empty=args.demo_if_empty)


if __name__ == "__main__":
    raise SystemExit(cli())
