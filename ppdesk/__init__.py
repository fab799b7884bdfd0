"""ppdesk: the front-office desk tool for Parent Portal PINs."""

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _version() -> str:
    try:
        return version("ppdesk")
    except PackageNotFoundError:  # a frozen bundle carries its version in a file
        bundled = (
            Path(getattr(sys, "_MEIPASS", Path(__file__).parent)) / "ppdesk" / "ppdesk_version.txt"
        )
        if bundled.exists():
            return bundled.read_text(encoding="utf-8").strip()
        return "0+unknown"


__version__ = _version()
