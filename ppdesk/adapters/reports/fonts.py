"""Fonts for PDF reports: one TrueType family with wide coverage, plus glyph fallbacks.

reportlab's built-in Helvetica covers Latin-1 only: "Nguyễn", "Зоя" or "王小明" would print
as boxes. So reports use a TrueType font, embedded as a subset. The font is chosen, in
order, from the path the caller gives (the app passes ``resources/fonts`` once the letters
work ships Noto Sans there), the project's ``resources/fonts/NotoSans-Regular.ttf``, then
common system fonts (Debian ``fonts-dejavu-core``: DejaVu Sans; Windows: Segoe UI, Arial;
macOS: Arial Unicode). Only if none exists does it fall back to Helvetica, with a
``FontWarning`` note in :class:`ReportFonts`.

A single font never covers every script, so characters missing from the main font are
drawn from the first *fallback* font that has them (by default Debian
``fonts-droid-fallback``, which covers Chinese, Japanese and Korean). Complex-script shaping
(Arabic joining, right-to-left order) is beyond reportlab without HarfBuzz: such names print
with the right letters, unjoined.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_PROJECT_FONTS = Path(__file__).resolve().parents[3] / "resources" / "fonts"

REGULAR_CANDIDATES: tuple[Path, ...] = (
    _PROJECT_FONTS / "NotoSans-Regular.ttf",
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/droid/NotoSans-Regular.ttf"),
    Path("C:/Windows/Fonts/segoeui.ttf"),
    Path("C:/Windows/Fonts/arial.ttf"),
    Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"),
    Path("/Library/Fonts/Arial Unicode.ttf"),
)
FALLBACK_CANDIDATES: tuple[Path, ...] = (
    _PROJECT_FONTS / "NotoSansCJK-Regular.ttc",
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("C:/Windows/Fonts/msyh.ttc"),
)
# Bold faces sit beside the regular ones under these names.
_BOLD_NAMES = {
    "NotoSans-Regular.ttf": "NotoSans-Bold.ttf",
    "DejaVuSans.ttf": "DejaVuSans-Bold.ttf",
    "segoeui.ttf": "segoeuib.ttf",
    "arial.ttf": "arialbd.ttf",
}


# path -> (registered name, code points it has); filled once per process.
_REGISTERED: dict[str, tuple[str, frozenset[int]]] = {}
_LOCK = threading.Lock()


@dataclass
class ReportFonts:
    """Registered font names for one report, and the glyph coverage used for fallbacks."""

    regular: str
    bold: str
    fallbacks: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    coverage: frozenset[int] | None = None  # None: Helvetica (Latin-1)
    note: str = ""

    def markup(self, text: str) -> str:
        """``text`` escaped for a reportlab Paragraph, each run in a font that has its glyphs."""
        coverage = self.coverage
        if coverage is None:
            # Helvetica: WinAnsi only; anything else would be a wrong glyph, so show "?".
            text = text.encode("cp1252", "replace").decode("cp1252")
            return escape(text).replace("\n", "<br/>")
        if not self.fallbacks or all(ord(c) in coverage or c == "\n" for c in text):
            return escape(text).replace("\n", "<br/>")
        parts: list[str] = []
        run: list[str] = []
        run_font: str | None = None
        for char in text:
            font = None if ord(char) in coverage or char == "\n" else self._fallback_for(char)
            if font != run_font and run:
                parts.append(_run(run, run_font))
                run = []
            run_font = font
            run.append(char)
        if run:
            parts.append(_run(run, run_font))
        return "".join(parts)

    def _fallback_for(self, char: str) -> str | None:
        for name, covered in self.fallbacks:
            if ord(char) in covered:
                return name
        return None


def _run(chars: list[str], font: str | None) -> str:
    text = escape("".join(chars)).replace("\n", "<br/>")
    return text if font is None else f'<font name="{font}">{text}</font>'


def load_fonts(
    font_path: str | os.PathLike[str] | None = None,
    bold_font_path: str | os.PathLike[str] | None = None,
    fallback_font_paths: Sequence[str | os.PathLike[str]] | None = None,
) -> ReportFonts:
    """Register the report fonts (see the module docstring for the search order).

    A ``font_path`` that is given but missing is an error (``FileNotFoundError``): a
    configured font that silently falls back would hide a packaging mistake.
    """
    regular_path: Path | None
    if font_path is not None:
        regular_path = Path(font_path)
        if not regular_path.is_file():
            raise FileNotFoundError(f"Report font not found: {regular_path}")
    else:
        regular_path = next((p for p in REGULAR_CANDIDATES if p.is_file()), None)
    if regular_path is None:
        return ReportFonts(
            "Helvetica",
            "Helvetica-Bold",
            note="No TrueType font found: only Latin-1 characters can be shown.",
        )
    regular, coverage = _register(regular_path)
    bold_path = Path(bold_font_path) if bold_font_path else _bold_beside(regular_path)
    bold = _register(bold_path)[0] if bold_path and bold_path.is_file() else regular
    paths = (
        [Path(p) for p in fallback_font_paths]
        if fallback_font_paths is not None
        else [p for p in FALLBACK_CANDIDATES if p.is_file()]
    )
    fallbacks = [_register(path) for path in paths if path.resolve() != regular_path.resolve()]
    return ReportFonts(regular, bold, fallbacks, coverage)


def _bold_beside(regular: Path) -> Path | None:
    name = _BOLD_NAMES.get(regular.name)
    return regular.with_name(name) if name else None


def _register(path: Path) -> tuple[str, frozenset[int]]:
    # One registered name per file: reportlab's registry is process-wide, and registering
    # the same name for two different files would silently keep the first.
    key = str(path.resolve())
    with _LOCK:  # exports run on worker threads
        if key not in _REGISTERED:
            name = f"ppdesk-{path.stem}-{zlib.crc32(key.encode()):08x}"
            font = TTFont(name, key, subfontIndex=0)
            pdfmetrics.registerFont(font)
            _REGISTERED[key] = (name, frozenset(font.face.charToGlyph))
        return _REGISTERED[key]
