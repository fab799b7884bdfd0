"""Paragraph layout for the letters: markup, line breaking, drawing.

Lines break at spaces, and also between Chinese characters (which have no spaces), with
the usual rule that closing punctuation never starts a line and opening punctuation never
ends one. A web address, an e-mail address, a PIN or an ID never breaks: one a little wider
than the whole line is drawn condensed (down to ``CONDENSE_MIN``) on a line of its own. Any
other word longer than the line is broken between characters as a last resort. A bracketed
group in a right-to-left paragraph, or one holding right-to-left words, is kept on one line
when it fits on one.

Right-to-left words (Arabic, Persian, Hebrew) are joined and put in visual order word by
word, and each line's words are reordered once the line is complete (``shaping.reorder``);
a ``Style`` with ``rtl`` lays a whole paragraph out right to left and aligns it right.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from ppdesk.adapters.letters.fonts import Run, run_width, split_runs
from ppdesk.adapters.letters.shaping import (
    MIRRORED,
    actual_text_operator,
    direction,
    has_rtl,
    reorder,
    resolve_brackets,
    word_pieces,
)
from ppdesk.adapters.letters.templates import substitute

Span = tuple[str, bool]  # (text, bold)

_NO_START = set("，。、：；！？）」』】〕》〉’”％,.:;!?)]}%·・ー〜～")
_NO_END = set("（「『【〔《〈‘“([{")


@dataclass(frozen=True)
class Style:
    """Size, line height and colour of a paragraph; ``bold`` makes all of it bold."""

    size: float
    leading: float
    color: Color
    bold: bool = False
    rtl: bool = False

    def scaled(self, factor: float, floor: float = 0.0) -> Style:
        """This style ``factor`` times as large, but never smaller than ``floor`` points
        (a style already smaller is raised to it)."""
        if self.size * factor < floor:
            factor = floor / self.size
        return Style(self.size * factor, self.leading * factor, self.color, self.bold, self.rtl)

    def direction(self, rtl: bool) -> Style:
        """This style laid out right to left (``rtl``) or left to right."""
        return Style(self.size, self.leading, self.color, self.bold, rtl)


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float


@dataclass(frozen=True)
class Paragraph:
    """Laid-out lines; ``height`` is lines x leading."""

    lines: tuple[Line, ...]
    style: Style
    width: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.leading

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in line.runs) for line in self.lines)


def spans(template_text: str, values: Mapping[str, str]) -> list[Span]:
    """Apply ``**bold**`` markup of the template, then fill placeholders.

    Markup is read from the template only, so a name containing '**' prints as typed.
    """
    parts = template_text.split("**")
    return [(substitute(part, values), index % 2 == 1) for index, part in enumerate(parts) if part]


def _breakable_cjk(char: str) -> bool:
    cp = ord(char)
    return (
        0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF
    ) and not 0x3130 <= cp <= 0x318F


# A web address or e-mail address a little wider than its line is drawn this much narrower
# at the least rather than broken (a bilingual column is 243 pt; the district's portal
# address in bold 10 pt is 240 pt, 219 pt fit beside a step's badge: 91 %).
CONDENSE_MIN = 0.8
_TOKEN = re.compile(
    r"[(\[]?(?:https?://\S+|www\.\S+|[^\s@]+@[^\s@]+\.[^\s@]+|"
    r"(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)[)\].,;:!?\u060c]*"
)


def is_token(text: str) -> bool:
    """A web address, e-mail address, PIN or ID ("K7Q-M4X-9PZ"): never broken across lines."""
    return _TOKEN.fullmatch(text) is not None


def _atoms(items: Sequence[Span]) -> list[list[tuple[str, bool]] | None]:
    """Unbreakable pieces of text, with ``None`` standing for a space between them."""
    atoms: list[list[tuple[str, bool]] | None] = []
    current: list[tuple[str, bool]] = []
    previous = ""
    for text, bold in items:
        for char in text:
            if char in " \t\n":
                if current:
                    atoms.append(current)
                    current = []
                if atoms and atoms[-1] is not None:
                    atoms.append(None)
                previous = " "
                continue
            cjk_boundary = _breakable_cjk(char) or (previous and _breakable_cjk(previous))
            if current and cjk_boundary and char not in _NO_START and previous not in _NO_END:
                atoms.append(current)
                current = []
            current.append((char, bold))
            previous = char
    if current:
        atoms.append(current)
    if atoms and atoms[-1] is None:
        atoms.pop()
    return atoms


def _runs_of(chars: Sequence[tuple[str, bool]], base_bold: bool) -> list[Run]:
    runs: list[Run] = []
    start = 0
    for index in range(1, len(chars) + 1):
        if index == len(chars) or chars[index][1] != chars[start][1]:
            text = "".join(c for c, _ in chars[start:index])
            runs.extend(split_runs(text, chars[start][1] or base_bold))
            start = index
    return runs


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs drawn the same way into one (one text operator each)."""
    merged: list[Run] = []
    group: list[Run] = []
    for run in runs:
        if group and (
            run.font != group[0].font
            or run.fake_bold != group[0].fake_bold
            or run.condensed != group[0].condensed
            or run.actual is not None
            or group[0].actual is not None
        ):
            merged.append(_joined(group))
            group = []
        group.append(run)
    if group:
        merged.append(_joined(group))
    return tuple(merged)


def _joined(group: list[Run]) -> Run:
    if len(group) == 1:
        return group[0]
    first = group[0]
    return Run(
        first.font, "".join(r.text for r in group), first.fake_bold, condensed=first.condensed
    )


_SPACES: dict[tuple[str, bool], Run] = {}


def _space(font: str, fake_bold: bool) -> Run:
    """The (shared) space run in ``font``."""
    found = _SPACES.get((font, fake_bold))
    if found is None:
        found = _SPACES[(font, fake_bold)] = Run(font, " ", fake_bold)
    return found


Piece = tuple[list[Run], float, str]  # runs, width, direction
_SENTENCE_END = frozenset(".,:;!?")
_ATOM_CACHE: dict[tuple[str, str, bool, float, bool], tuple[list[Piece], float]] = {}
_ATOM_CACHE_MAX = 50_000


def _measure(
    atom: list[tuple[str, bool]], base_bold: bool, size: float, rtl: bool = False
) -> tuple[list[Piece], float]:
    """Pieces and width of one atom; template words repeat on every page, so remember them.

    An atom is one piece, except a right-to-left word with punctuation around it in a
    left-to-right paragraph (see ``shaping.word_pieces``).
    """
    text = "".join(c for c, _ in atom)
    key = (text, "".join("1" if b else "0" for _, b in atom), base_bold, size, rtl)
    found = _ATOM_CACHE.get(key)
    if found is None:
        pieces: list[Piece] = []
        shaped = has_rtl(text)
        if shaped:
            words = word_pieces(text, rtl)
        elif rtl and len(text) > 1 and text[-1] in _SENTENCE_END:
            # "Student." in a right-to-left paragraph: if the left-to-right words end there,
            # the period ends the right-to-left sentence and stands on their left ('P', see
            # shaping.reorder); inside "Dr. Okafor" it stays.
            words = [(text[:-1], direction(text[:-1])), (text[-1], "P")]
        else:
            words = [(text, "")]
        start = 0
        for word, kind in words:
            # A right-to-left word takes its first character's weight (a name is never
            # half bold): its visual form changes the characters.
            if not kind:
                chars = atom
            elif shaped:
                chars = [(c, atom[0][1]) for c in word]
            else:  # a piece of the typed word: keep each character's weight
                chars = atom[start : start + len(word)]
            start += len(word)
            runs = _runs_of(chars, base_bold)
            pieces.append((runs, sum(run_width(r, size) for r in runs), kind or direction(text)))
        found = (pieces, sum(p[1] for p in pieces))
        if len(_ATOM_CACHE) >= _ATOM_CACHE_MAX:
            _ATOM_CACHE.clear()
        _ATOM_CACHE[key] = found
    return found


def _condensed(pieces: list[Piece], factor: float) -> list[Piece]:
    return [
        ([replace(run, condensed=factor) for run in runs], width * factor, kind)
        for runs, width, kind in pieces
    ]


def _group_end(atoms: list[list[tuple[str, bool]] | None], start: int) -> int | None:
    """Index of the atom that closes the bracket opened by atom ``start`` (or None)."""
    depth = 0
    for index in range(start, min(len(atoms), start + 40)):
        atom = atoms[index]
        if atom is None:
            continue
        for char, _ in atom:
            if char in _OPEN_BRACKETS:
                depth += 1
            elif char in _CLOSE_BRACKETS:
                depth -= 1
                if depth == 0:
                    return index
    return None


_OPEN_BRACKETS = frozenset("([")
_CLOSE_BRACKETS = frozenset(")]")


def layout(items: Sequence[Span] | str, style: Style, width: float) -> Paragraph:
    """Break ``items`` (spans, or plain text) into lines no wider than ``width``."""
    if isinstance(items, str):
        items = [(items, False)]
    size = style.size
    rtl = style.rtl
    lines: list[Line] = []
    # The line being filled: its runs, and per word or space where its runs start and its
    # direction ('S': space), for the right-to-left reordering.
    line_runs: list[Run] = []
    starts: list[int] = []
    kinds: list[str] = []
    x = 0.0
    pending_space = False

    def finish() -> None:
        nonlocal line_runs, starts, kinds, x
        if line_runs:
            runs = line_runs
            if rtl or "R" in kinds:
                bounds = [*starts, len(runs)]
                resolved = kinds if rtl else resolve_brackets(kinds)
                order = reorder(resolved, rtl)
                runs = []
                for i in order:
                    item = line_runs[bounds[i] : bounds[i + 1]]
                    if resolved[i] == "R" and kinds[i] in ("O", "C"):
                        # A bracket of right-to-left text: drawn mirrored ("(" as ")").
                        item = [replace(r, text=MIRRORED.get(r.text, r.text)) for r in item]
                    runs.extend(item)
            lines.append(Line(_merge(runs), x))
        line_runs, starts, kinds, x = [], [], [], 0.0

    atoms = _atoms(items)
    keep_until = -1  # the last atom of a bracketed group that must not be broken
    for number, atom in enumerate(atoms):
        if atom is None:
            pending_space = True
            continue
        pieces, atom_width = _measure(atom, style.bold, size, rtl)
        if atom_width > width and is_token("".join(c for c, _ in atom)):
            factor = width / atom_width
            if factor >= CONDENSE_MIN:
                pieces, atom_width = _condensed(pieces, factor), width
        space_width = 0.0
        if pending_space and line_runs:
            first = pieces[0][0][0]
            space = _space(first.font, first.fake_bold)
            space_width = run_width(space, size)
        pending_space = False
        group_width = atom_width
        if number > keep_until and atom[0][0] in _OPEN_BRACKETS and line_runs:
            end = _group_end(atoms, number)
            if end is not None and end > number:
                group = [a for a in atoms[number : end + 1] if a is not None]
                if rtl or any(has_rtl("".join(c for c, _ in a)) for a in group):
                    group_width = sum(_measure(a, style.bold, size, rtl)[1] for a in group)
                    group_width += space_width * (len(group) - 1)
                    if group_width <= width:
                        keep_until = end
                    else:
                        group_width = atom_width
        if line_runs and x + space_width + group_width > width:
            finish()
            space_width = 0.0
        if space_width:
            starts.append(len(line_runs))
            kinds.append("S")
            line_runs.append(space)
            x += space_width
        if atom_width > width and not line_runs:
            # Longer than a whole line: break it between characters.
            for run in (r for piece in pieces for r in piece[0]):
                for char in run.actual or run.text:
                    piece = Run(run.font, char, run.fake_bold)
                    char_width = run_width(piece, size)
                    if line_runs and x + char_width > width:
                        finish()
                    starts.append(len(line_runs))
                    kinds.append(pieces[0][2])
                    line_runs.append(piece)
                    x += char_width
            continue
        for piece_runs, piece_width, kind in pieces:
            starts.append(len(line_runs))
            kinds.append(kind)
            line_runs.extend(piece_runs)
            x += piece_width
    finish()
    return Paragraph(tuple(lines), style, width)


def draw_line(canv: Canvas, line: Line, x: float, baseline: float, style: Style) -> None:
    """Draw one line with its baseline at ``baseline``."""
    text = canv.beginText(x, baseline)
    faking = False
    scaled = 1.0
    for run in line.runs:
        text.setFont(run.font, style.size)
        if run.fake_bold != faking:
            text.setTextRenderMode(2 if run.fake_bold else 0)
            faking = run.fake_bold
        if run.condensed != scaled:
            text.setHorizScale(run.condensed * 100)
            scaled = run.condensed
        if run.actual is not None:
            # Shaped glyphs: tell text extraction what they say.
            text._code.append(actual_text_operator(run.actual))
            text.textOut(run.text)
            text._code.append("EMC")
        else:
            text.textOut(run.text)
    if faking:
        text.setTextRenderMode(0)
    if scaled != 1.0:  # horizontal scaling is graphics state that outlives the text object
        text.setHorizScale(100)
    canv.drawText(text)


def draw_paragraph(
    canv: Canvas, para: Paragraph, x: float, top: float, *, align: str | None = None
) -> float:
    """Draw ``para`` with its top at ``top``; returns the y below it.

    ``align`` defaults to the paragraph's direction: left, or right for right to left.
    """
    style = para.style
    if align is None:
        align = "right" if style.rtl else "left"
    canv.setFillColor(style.color)
    if any(r.fake_bold for line in para.lines for r in line.runs):
        canv.setStrokeColor(style.color)
        canv.setLineWidth(style.size * 0.035)
    # Baseline sits so that ascenders and descenders share the extra leading.
    baseline = top - style.leading + (style.leading - style.size) / 2 + style.size * 0.24
    for line in para.lines:
        offset = 0.0
        if align == "right":
            offset = para.width - line.width
        elif align == "center":
            offset = (para.width - line.width) / 2
        draw_line(canv, line, x + offset, baseline, style)
        baseline -= style.leading
    return top - para.height
