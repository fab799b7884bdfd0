"""Fonts for the letters: which file draws which script, and per-character fallback.

reportlab draws a string in one font and has no fallback of its own, but a guardian's name
can be in any script and an English letter may name a student "김민준". So every string is
split into runs, each drawn in the font that covers it: Hangul in Nanum Gothic, Han and
CJK punctuation in Droid Sans Fallback, Armenian, Arabic (and Persian), Hebrew, Devanagari
and Thai in their Noto Sans, everything else in Noto Sans. All are TrueType outlines, which
reportlab embeds as subsets. Joining, right-to-left order and Indic shaping: ``shaping.py``.
A character no shipped font has (an emoji, say) is reported by ``missing_glyphs`` and left
out of the page by ``printable_with_fonts``.
"""

from __future__ import annotations

import functools
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ppdesk.adapters.letters.shaping import SHAPED_FAMILIES, shape


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


@dataclass(frozen=True)
class Family:
    """One typeface: its regular file and its bold file (None: bold is simulated)."""

    key: str
    regular: str
    bold: str | None


FAMILIES: dict[str, Family] = {
    "latin": Family("latin", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "armenian": Family("armenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"),
    "hangul": Family("hangul", "NanumGothic.ttf", "NanumGothicBold.ttf"),
    "han": Family("han", "DroidSansFallbackFull.ttf", None),
    "arabic": Family("arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "hebrew": Family("hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    "devanagari": Family(
        "devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"
    ),
    "thai": Family("thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
}
MONO_FILE = "NotoSansMono-Bold.ttf"
MONO_FONT = "PPD-NotoSansMono-Bold"
LATIN_FONT = "PPD-NotoSans-Regular"
LATIN_BOLD_FONT = "PPD-NotoSans-Bold"

# After its own script's family, a character tries the others in this order.
_FALLBACK_ORDER = ("latin", "armenian", "hangul", "han", "arabic", "hebrew", "devanagari", "thai")
# Script ranges (first, last code point) -> family.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "hebrew"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0xA8E0, 0xA8FF, "devanagari"),
    (0x0E00, 0x0E7F, "thai"),
)

_lock = threading.RLock()
_registered: dict[str, TTFont] = {}
# The folder the fonts are read from: the first one ``register_all`` or ``register_core``
# was given (``resources/fonts`` by default); a font registered later comes from it too.
_folder: list[Path] = []


def _font_name(file_name: str) -> str:
    return "PPD-" + file_name.rsplit(".", 1)[0]


_FILES: dict[str, str] = {
    _font_name(name): name
    for name in [
        *(f.regular for f in FAMILIES.values()),
        *(f.bold for f in FAMILIES.values() if f.bold),
        MONO_FILE,
    ]
}


def _fonts_dir(fonts_dir: Path | None) -> Path:
    with _lock:
        if (
            not _folder
        ):  # the first folder asked for is the one (as when every font was read at once)
            _folder.append(fonts_dir or resources_dir() / "fonts")
        return _folder[0]


def _register(file_name: str, fonts_dir: Path) -> str:
    name = _font_name(file_name)
    with _lock:
        if name not in _registered:
            font = TTFont(name, str(fonts_dir / file_name))
            pdfmetrics.registerFont(font)
            _registered[name] = font
    return name


def _font(font_name: str) -> TTFont:
    """The registered font, registered now if no letter has needed it yet."""
    font = _registered.get(font_name)
    if font is None:
        _register(_FILES[font_name], _fonts_dir(None))
        font = _registered[font_name]
    return font


def register_core(fonts_dir: Path | None = None) -> None:
    """Register the fonts every letter draws in (Noto Sans regular and bold, Noto Sans
    Mono), once per process; thread-safe. The other scripts' fonts are read when a
    character first needs one (``covers``): reading a TrueType file's tables takes
    reportlab 30-500 ms of pure Python each (Droid Sans Fallback, for Han, the most), and
    most letters need none of them."""
    folder = _fonts_dir(fonts_dir)
    latin = FAMILIES["latin"]
    _register(latin.regular, folder)
    if latin.bold:
        _register(latin.bold, folder)
    _register(MONO_FILE, folder)


def register_all(fonts_dir: Path | None = None) -> None:
    """Register every letter font with reportlab (once per process; thread-safe)."""
    folder = _fonts_dir(fonts_dir)
    for family in FAMILIES.values():
        _register(family.regular, folder)
        if family.bold:
            _register(family.bold, folder)
    _register(MONO_FILE, folder)


def covers(font_name: str, char: str) -> bool:
    """True if the font has a glyph for ``char`` (registering the font if need be)."""
    return ord(char) in _font(font_name).face.charToGlyph


def script_family(char: str) -> str | None:
    """The family a character belongs to by script, or None for common characters."""
    cp = ord(char)
    if 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xAC00 <= cp <= 0xD7AF:
        return "hangul"
    if 0x0530 <= cp <= 0x058F or 0xFB13 <= cp <= 0xFB17:
        return "armenian"
    if (
        0x2E80 <= cp <= 0x2FDF
        or 0x3000 <= cp <= 0x303F
        or 0x3040 <= cp <= 0x30FF
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x2FA1F
    ):
        return "han"
    for first, last, family in _RANGES:
        if first <= cp <= last:
            return family
    if cp < 0x80:
        # Latin letters always use Noto Sans, even inside Korean or Chinese text.
        return "latin" if char.isalpha() else None
    if unicodedata.category(char).startswith(("Z", "P", "N", "S", "M", "Cf")):
        return None
    return "latin"


@dataclass(frozen=True)
class Run:
    """A piece of text drawn in one font. ``fake_bold``: stroke the glyphs to embolden.

    A run shaped by HarfBuzz has ``text`` as a reportlab ``ShapedStr``, its width per point
    of type size in ``width_per_pt`` and the characters as typed in ``actual``.
    ``condensed`` below 1 draws the glyphs that much narrower (a web address or e-mail
    address a little wider than its line, which is never broken; see ``typeset.layout``).
    """

    font: str
    text: str
    fake_bold: bool = False
    actual: str | None = None
    width_per_pt: float | None = None
    condensed: float = 1.0


def _font_for(family_key: str, bold: bool) -> tuple[str, bool]:
    family = FAMILIES[family_key]
    if bold and family.bold:
        return _font_name(family.bold), False
    return _font_name(family.regular), bold


@functools.lru_cache(maxsize=8192)
def _choose(char: str, bold: bool, previous: tuple[str, bool] | None) -> tuple[str, bool]:
    own = script_family(char)
    if own is None and previous is not None and covers(previous[0], char):
        # Spaces, digits and punctuation stay in the surrounding run's font.
        return previous
    order = ((own,) if own else ()) + _FALLBACK_ORDER
    for key in order:
        font, fake = _font_for(key, bold)
        if covers(font, char):
            return font, fake
    # No font has it: draw it in Noto Sans, which shows its "missing glyph" box.
    return _font_for("latin", bold)


def split_runs(text: str, bold: bool = False) -> list[Run]:
    """Split ``text`` into runs, each in a font that has every one of its glyphs."""
    return [_shaped(run) for run in _split(text, bold)]


def _split(text: str, bold: bool) -> list[Run]:
    runs: list[Run] = []
    current: tuple[str, bool] | None = None
    buffer: list[str] = []
    for char in text:
        choice = _choose(char, bold, current)
        if choice != current and buffer:
            assert current is not None
            runs.append(Run(current[0], "".join(buffer), current[1]))
            buffer = []
        current = choice
        buffer.append(char)
    if buffer and current is not None:
        runs.append(Run(current[0], "".join(buffer), current[1]))
    return runs


_SHAPED_FONTS = frozenset(
    _font_name(name)
    for key in SHAPED_FAMILIES
    for name in (FAMILIES[key].regular, FAMILIES[key].bold)
    if name
)


def _shaped(run: Run) -> Run:
    """Devanagari and Thai runs as HarfBuzz shapes them (see ``shaping.py``)."""
    if run.font not in _SHAPED_FONTS or run.text.isspace():
        return run
    found = shape(run.text, run.font)
    if found is None:
        return run
    return Run(run.font, found.text, run.fake_bold, run.text, found.width_per_pt)


def missing_glyphs(text: str, bold: bool = False) -> set[str]:
    """Characters of ``text`` that no letter font can draw (tofu if printed)."""
    return {
        run_char
        for run in _split(text, bold)
        for run_char in run.text
        if not covers(run.font, run_char) and not run_char.isspace()
    }


def run_width(run: Run, size: float) -> float:
    """Width of one run in points at ``size``."""
    if run.width_per_pt is not None:
        return run.width_per_pt * size * run.condensed
    return float(pdfmetrics.stringWidth(run.text, run.font, size)) * run.condensed


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` drawn with fallback fonts."""
    return sum(run_width(run, size) for run in split_runs(text, bold))


_covered: set[str] = set()


_latin_covered: set[str] = set()


def _all_covered() -> set[str]:
    """Every character some shipped font draws (built once; registers every font)."""
    if not _covered:
        with _lock:
            if not _covered:
                register_all()
                chars = {chr(cp) for font in _registered.values() for cp in font.face.charToGlyph}
                _covered.update(chars)
    return _covered


def _latin() -> set[str]:
    """Every character Noto Sans draws (a subset of ``_all_covered``)."""
    if not _latin_covered:
        with _lock:
            if not _latin_covered:
                face = _font(_font_name(FAMILIES["latin"].regular)).face
                _latin_covered.update(chr(cp) for cp in face.charToGlyph)
    return _latin_covered


def printable_with_fonts(text: str) -> str:
    """``text`` without the characters no shipped font can draw (they would print as boxes).

    Joiners and variation selectors that only made sense next to those characters go too.
    """
    if _latin().issuperset(text) or _all_covered().issuperset(text):
        return text  # the usual case, checked at C speed (Noto Sans alone, most often)
    missing = missing_glyphs(text)
    if not missing:
        return text
    kept = "".join(c for c in text if c not in missing and c not in "\u200d\ufe0f\ufe0e")
    return " ".join(kept.split())


def printed_name(name: str, student_id: str) -> str:
    """A name as a letter prints it: without characters no font has, and if nothing
    readable is left, the Student ID in its place ("ID 0001234567") so the page can still
    be matched to its family. The letter plan warns about each such letter beforehand."""
    kept = printable_with_fonts(name)
    if kept is name or any(unicodedata.category(c).startswith("L") for c in kept):
        return kept
    return f"ID {student_id}" if student_id else kept


def font_files() -> list[Path]:
    """Every font file the letters use (for packaging checks and tests)."""
    folder = resources_dir() / "fonts"
    names = [f.regular for f in FAMILIES.values()] + [f.bold for f in FAMILIES.values() if f.bold]
    return [folder / n for n in [*names, MONO_FILE]]
