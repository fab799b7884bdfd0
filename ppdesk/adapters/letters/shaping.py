"""Complex scripts for reportlab: Arabic joining, right-to-left order, Indic and Thai shaping.

reportlab draws one glyph per character, left to right. That is right for Latin, Cyrillic,
Armenian, Hangul and Han, and wrong for three kinds of script a Los Angeles family's name
may be written in:

* **Arabic and Persian** letters join (a letter has up to four shapes) and run right to
  left. A word is *reshaped* with ``arabic-reshaper`` (each letter becomes its contextual
  presentation form, lam-alef becomes one ligature) and put in visual order with
  ``python-bidi``. Noto Sans Arabic has every presentation form, so the PDF's text layer
  still holds real characters: ``pdftotext`` gives the name back (in presentation forms;
  NFKC folds them to the letters typed).
* **Hebrew** only runs right to left: ``python-bidi`` orders it.
* **Devanagari and Thai** need reordering and conjuncts that only a shaping engine knows:
  HarfBuzz (``uharfbuzz``) shapes the word and reportlab draws the shaped glyphs. Conjunct
  glyphs have no character of their own, so the run is wrapped in an ``/ActualText`` span
  that gives text extraction (and screen readers, and search) the text as typed.

The line order is done by the typesetter (``typeset.py``): words are the unit; a run of
right-to-left words inside a left-to-right line is reversed, and in a right-to-left
paragraph the whole line is reversed except runs of left-to-right words and numbers.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True}
)

# Right-to-left letters: Hebrew, Arabic (with Syriac/Thaana/N'Ko in the same block range),
# and their presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
# Scripts that HarfBuzz shapes for us (Devanagari, Thai).
SHAPED_FAMILIES = frozenset({"devanagari", "thai"})


def has_rtl(text: str) -> bool:
    """True if ``text`` holds a right-to-left letter."""
    return _RTL.search(text) is not None


def direction(word: str) -> str:
    """'R' for a word with right-to-left letters, 'L' with other letters, 'N' otherwise.

    'N' words (numbers, punctuation, symbols) follow the words around them.
    """
    if has_rtl(word):
        return "R"
    for char in word:
        if unicodedata.category(char).startswith("L"):
            return "L"
    return "N"


@functools.lru_cache(maxsize=8192)
def visual_word(word: str) -> str:
    """One word (no spaces) of right-to-left text as drawn left to right.

    Arabic letters take their joined forms; the order is reversed, digits inside keep their
    order, and brackets are mirrored.
    """
    if _ARABIC.search(word):
        word = _RESHAPER.reshape(word)
    # Zero-width (non-)joiners have done their work (the forms are chosen); a font would
    # draw them as a box or a bar.
    return str(get_display(word, base_dir="R")).replace("\u200c", "").replace("\u200d", "")


def _char_class(char: str) -> str:
    """'R' for a right-to-left letter, mark or punctuation ("،"), 'L' for another letter,
    'N' for digits (Persian and Arabic digits too: numbers read left to right), spaces and
    other punctuation."""
    category = unicodedata.category(char)
    if _RTL.match(char) and category[0] in "LMP":
        return "R"
    return "L" if category[0] == "L" else "N"


def word_pieces(word: str, rtl_paragraph: bool) -> list[tuple[str, str]]:
    """A word as (visual text, direction) pieces for the line reordering.

    Each stretch of right-to-left letters (with the punctuation between them) is one 'R'
    piece in visual form; the rest are 'L' or 'N' pieces as typed. Punctuation at the edge
    of a right-to-left stretch ("رضایی," or "0142،") belongs to the paragraph: in a
    left-to-right paragraph it stays where it was typed, in a right-to-left one it joins
    the right-to-left stretch. Numbers always keep their own order.
    """
    runs: list[list[str]] = []  # [class, text]
    for char in word:
        kind = _char_class(char)
        if runs and runs[-1][0] == kind:
            runs[-1][1] += char
        else:
            runs.append([kind, char])
    for index, (kind, text) in enumerate(runs):
        if kind != "N":
            continue
        before = runs[index - 1][0] if index > 0 else None
        after = runs[index + 1][0] if index + 1 < len(runs) else None
        between = before == "R" and after == "R"
        edge = rtl_paragraph and "R" in (before, after) and not any(c.isdigit() for c in text)
        if between or edge:
            runs[index][0] = "R"
    pieces: list[tuple[str, str]] = []
    for kind, text in runs:
        if pieces and kind == "R" and pieces[-1][1] == "R*":
            pieces[-1] = (pieces[-1][0] + text, "R*")
        elif kind == "N" and not rtl_paragraph:
            # Brackets are pieces of their own ('O', 'C'): whether they belong to the
            # right-to-left text is decided on the whole line (``resolve_brackets``).
            pieces.extend(_bracket_pieces(text))
        else:
            pieces.append((text, "R*" if kind == "R" else kind))
    return [(visual_word(t), "R") if k == "R*" else (t, k) for t, k in pieces]


_OPENING = "([{\u00ab\u2039"
_CLOSING = ")]}\u00bb\u203a"
MIRRORED = {
    **dict(zip(_OPENING, _CLOSING, strict=True)),
    **dict(zip(_CLOSING, _OPENING, strict=True)),
}


def _bracket_pieces(text: str) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    for char in text:
        kind = "O" if char in _OPENING else "C" if char in _CLOSING else "N"
        if kind == "N" and pieces and pieces[-1][1] == "N":
            pieces[-1] = (pieces[-1][0] + char, "N")
        else:
            pieces.append((char, kind))
    return pieces


def resolve_brackets(directions: list[str]) -> list[str]:
    """A left-to-right line's bracket pieces ('O' opening, 'C' closing) as 'R' or 'N'.

    The bracket-pair rule of the Unicode bidirectional algorithm (UAX #9, N0) for a
    left-to-right paragraph: a pair that holds right-to-left words and no left-to-right
    ones, right after right-to-left text, belongs to that text ('R': it is reversed with it
    and drawn mirrored, so "محمد (علی)" keeps "علی" inside its brackets); any other pair,
    and an unpaired bracket, follows the words around it ('N').
    """
    if "O" not in directions and "C" not in directions:
        return directions
    resolved = ["N" if kind in ("O", "C") else kind for kind in directions]
    stack: list[int] = []
    for index, kind in enumerate(directions):
        if kind == "O":
            stack.append(index)
        elif kind == "C" and stack:
            opening = stack.pop()
            inside = directions[opening + 1 : index]
            if "R" not in inside or "L" in inside:
                continue
            before = next((k for k in reversed(resolved[:opening]) if k in ("L", "R")), "L")
            if before == "R":
                resolved[opening] = resolved[index] = "R"
    return resolved


@dataclass(frozen=True)
class Shaped:
    """A word shaped by HarfBuzz: the glyph string reportlab draws and its width per 1 pt."""

    text: ShapedStr
    width_per_pt: float


@functools.lru_cache(maxsize=8192)
def shape(text: str, font: str) -> Shaped | None:
    """HarfBuzz's glyphs for ``text`` in the registered TrueType ``font``.

    None when shaping changes nothing (the plain characters are right as they are).
    """
    shaped = shapeStr(text, font, 1000.0)
    if not isinstance(shaped, ShapedStr):
        return None
    width = sum(data.x_advance for data in shaped.__shapeData__) / 1000.0
    return Shaped(shaped, width)


def actual_text_operator(text: str) -> str:
    """PDF marked-content operator that gives the following glyphs the text ``text``."""
    return "/Span <</ActualText <FEFF" + text.encode("utf-16-be").hex().upper() + ">>> BDC"


def _resolve_ends(directions: list[str], rtl_paragraph: bool) -> list[str]:
    if "P" not in directions:
        return directions
    resolved = list(directions)
    for index, kind in enumerate(directions):
        if kind != "P":
            continue
        following = next((k for k in directions[index + 1 :] if k != "S"), None)
        inside = following in ("L", "N", "P")
        resolved[index] = "R" if rtl_paragraph and not inside else "N"
    return resolved


def reorder(directions: list[str], rtl_paragraph: bool) -> list[int]:
    """Visual order (indexes) of one line's items, given each item's direction.

    Items are words ('R', 'L', 'N') and spaces ('S'). In a left-to-right paragraph each
    stretch of right-to-left words (with the numbers, punctuation and spaces between them)
    is reversed. In a right-to-left paragraph the whole line is reversed, then each stretch
    of left-to-right words and numbers is put back in reading order, so a phone number, a
    URL or "Student ID 12345" reads as typed. 'P' is punctuation at the end of a word
    ("Student."): inside a left-to-right stretch it is part of it, at the stretch's end in a
    right-to-left paragraph it belongs to the right-to-left text.
    """
    directions = _resolve_ends(directions, rtl_paragraph)
    order = list(range(len(directions)))
    if rtl_paragraph:
        order.reverse()
        keep = {"L", "N"}
    else:
        keep = {"R"}
        if "R" not in directions:
            return order
    result: list[int] = []
    index = 0
    while index < len(order):
        if directions[order[index]] not in keep:
            result.append(order[index])
            index += 1
            continue
        # A stretch: from here to the last 'keep' word reachable through spaces and,
        # for right-to-left stretches, numbers and punctuation.
        end = index
        probe = index
        passable = {"S", "N"} if not rtl_paragraph else {"S"}
        while probe < len(order):
            kind = directions[order[probe]]
            if kind in keep:
                end = probe
            elif kind not in passable:
                break
            probe += 1
        result.extend(reversed(order[index : end + 1]))
        index = end + 1
    return result
