"""The fonts ppdesk ships, registered with Qt so the desk shows every supported script.

The letters draw names with these files (``ppdesk/adapters/letters/fonts.py``); the desk must
show the same names on a machine that has no Korean, Chinese, Armenian, Arabic, Hebrew,
Devanagari or Thai font (Hangul was empty boxes). Registered once at start-up (about 30 ms);
Qt then falls back to them for any character the interface font lacks.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase

logger = logging.getLogger(__name__)

_registered: list[str] = []


def fonts_dir() -> Path:
    """``resources/fonts``: beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / "resources" / "fonts"


def register_shipped_fonts() -> list[str]:
    """Add every shipped font file to Qt's font database (once); returns the families."""
    if _registered:
        return list(_registered)
    families: set[str] = set()
    for path in sorted(fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            logger.warning("Could not register font %s", path.name)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    _registered.extend(sorted(families))
    return list(_registered)
