"""Nothing a parent must read on a letter is under 9 pt (issue 18, point 4).

Every letter of every shipped language (one language and bilingual, counter and bulk, with
a 128-character name too) is rendered and read back with pypdf: for each text-showing
operator, its size on the page is taken from the PDF's own content stream (``Tf`` times the
text matrix times the current transformation matrix, into every form XObject), not from the
renderer. pypdf's own text extraction (its visitor gives the same three factors) says the
same on sample pages and names the text; it is too slow for the whole sweep. Sign-out sheets
are staff pages and are rendered apart, so every page here is a letter page.

Integration tier: the whole renderer (templates, shaping, every shipped font) end to end,
read back by pypdf, about 80 letters in all.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from ppdesk.adapters.letters import (
    LetterData,
    LetterOptions,
    SchoolLetterhead,
    load_templates,
    render_letters,
)

READABLE = 9.0
SCHOOL = SchoolLetterhead(
    name="Dr. Maya Angelou Community Senior High School of Science, Technology and the Arts",
    address_lines=("12345 South Very Long Boulevard Name, Building C, Room 101", "Los Angeles"),
    phone="(213) 555-0142",
    principal="Dr. Adaeze Okafor",
)
LONG = ("Guadalupe Esperanza Maximiliana " * 5)[:128].strip()
LANGUAGES = sorted(load_templates())


@dataclass(frozen=True)
class TextRun:
    page: int
    size: float
    text: str


def text_runs(path: Path) -> list[TextRun]:
    """Every non-blank text run of the PDF with its size on the page, in points."""
    runs: list[TextRun] = []
    for number, page in enumerate(PdfReader(path).pages, 1):

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            number: int = number,
        ) -> None:
            if not text.strip():
                return
            # The text's vertical unit vector through the text matrix, then the CTM.
            x = tm[2] * cm[0] + tm[3] * cm[2]
            y = tm[2] * cm[1] + tm[3] * cm[3]
            runs.append(TextRun(number, size * math.hypot(x, y), text.strip()))

        page.extract_text(visitor_text=visit)
    return runs


Matrix = list[float]
IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


def _times(a: Matrix, b: Matrix) -> Matrix:
    """The PDF matrix product a x b."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


# One token of a content stream after any blanks and comments: a literal string (the
# renderer escapes every parenthesis and backslash in it), a hex string, the start or end
# of an array or dictionary, a name, a number, or an operator.
_TOKEN = re.compile(
    rb"""(?:\s|%[^\r\n]*)*
    (?:(?P<string>\((?:[^\\()]|\\.)*\))
    |(?P<open><<|\[)
    |(?P<close>>>|\])
    |(?P<hex><[0-9A-Fa-f\s]*>)
    |(?P<name>/[^\s/\[\]()<>{}%]*)
    |(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
    |(?P<operator>[A-Za-z'"*][A-Za-z0-9'"*]*)
    |(?P<end>\Z))""",
    re.VERBOSE | re.DOTALL,
)
Operation = tuple[list[Any], bytes]


def read_operations(data: bytes) -> list[Operation]:
    """(operands, operator) of a decoded content stream: numbers as floats, names as text
    with their slash (as pypdf gives them), strings, arrays and dictionaries kept only as
    placeholders (no operator here reads them). Anything else is an error, never skipped.
    Several times faster than pypdf's ``ContentStream``, which it must agree with
    (test_the_content_stream_reader_agrees_with_pypdf_text_extraction)."""
    operations: list[Operation] = []
    stack: list[list[Any]] = [[]]
    at = 0
    for token in _TOKEN.finditer(data):
        if token.start() != at:  # a byte no token reads
            raise ValueError(f"unreadable content stream at byte {at}: {data[at : at + 20]!r}")
        at = token.end()
        kind = token.lastgroup
        if kind == "operator":
            assert len(stack) == 1, "an operator inside an array or dictionary"
            operations.append((stack[0], token.group(kind)))
            stack[0] = []
        elif kind == "number":
            stack[-1].append(float(token.group(kind)))
        elif kind == "name":
            stack[-1].append(token.group(kind).decode("latin-1"))
        elif kind == "open":
            stack.append([])
        elif kind == "close":
            inner = stack.pop()
            stack[-1].append(inner)
        elif kind == "end":
            break
        else:
            stack[-1].append(token.group(kind))  # a string: its bytes, unread
    if at != len(data) or stack != [[]]:
        raise ValueError(f"unreadable content stream at byte {at}")
    return operations


def pypdf_operations(stream: Any, reader: PdfReader) -> list[Operation]:
    """The same from pypdf's own content stream parser (the reference)."""
    return [(list(operands), op) for operands, op in ContentStream(stream, reader).operations]


def shown_sizes(path: Path, *, use_pypdf: bool = False) -> list[tuple[int, float, str]]:
    """(page, size in points, font resource) of every text-showing operator (Tj, TJ, ', "),
    from the content streams: q/Q, cm, BT, Tm and Tf are followed, and each form placed
    with Do is read with its /Matrix. Blank runs count too (stricter, not looser)."""
    reader = PdfReader(path)
    found: list[tuple[int, float, str]] = []
    # A form placed on many pages (the letterhead, the steps) is parsed once: its operators
    # do not depend on where it is placed, only the matrix it is walked with does.
    parsed: dict[int, list[Operation]] = {}

    def parse(stream: Any) -> list[Operation]:
        if use_pypdf:
            return pypdf_operations(stream, reader)
        return read_operations(stream.get_data())

    def operations(stream: Any) -> list[Operation]:
        ref = getattr(stream, "indirect_reference", None)
        if ref is None:
            return parse(stream)
        if ref.idnum not in parsed:
            parsed[ref.idnum] = parse(stream)
        return parsed[ref.idnum]

    def walk(stream: Any, resources: Any, ctm: Matrix, page: int) -> None:
        saved: list[Matrix] = []
        tm, size, font = IDENTITY, 0.0, ""
        for operands, op in operations(stream):
            if op == b"q":
                saved.append(ctm)
            elif op == b"Q":
                ctm = saved.pop()
            elif op == b"cm":
                ctm = _times([float(v) for v in operands], ctm)
            elif op == b"BT":
                tm = IDENTITY
            elif op == b"Tm":
                tm = [float(v) for v in operands]
            elif op == b"Tf":
                font, size = str(operands[0]), float(operands[1])
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                m = _times(tm, ctm)
                found.append((page, size * math.hypot(m[2], m[3]), font))
            elif op == b"Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject["/Subtype"] == "/Form":
                    matrix = [float(v) for v in xobject.get("/Matrix", IDENTITY)]
                    inner = xobject.get("/Resources", resources)
                    walk(xobject, inner, _times(matrix, ctm), page)

    for number, page in enumerate(reader.pages, 1):
        walk(page.get_contents(), page["/Resources"], IDENTITY, number)
    return found


def _letter(language: str, *, guardian: str, first: str, bulk: bool) -> LetterData:
    return LetterData(
        guardian_name=guardian,
        student_first=first,
        student_last="Villanueva de la Cruz",
        student_id="0009579364",
        pin_display="K7Q-M4X-9PZ",
        pin_expires=date(2025, 12, 22),
        language=language,
        letter_date=date(2025, 12, 1),
        homeroom="12",
        grade="3",
        letter_number="L-7KQM-4X9P" if bulk else None,
    )


def test_the_size_reader_measures_what_is_printed(tmp_path: Path) -> None:
    # The reader must see text inside the reused forms (letterhead, steps) and at its
    # real size, or the test below could not fail.
    out = tmp_path / "en.pdf"
    render_letters(
        out,
        [_letter("en", guardian="Ana Díaz", first="José", bulk=False)],
        school=SchoolLetterhead("Ramona Heights", ("1 Example Ave",), "(213) 555-0142", "Dr. A"),
        options=LetterOptions(),
    )
    runs = text_runs(out)

    def size_of(fragment: str) -> float:
        return next(r.size for r in runs if fragment in r.text)

    assert size_of("Ramona Heights") == pytest.approx(17)  # letterhead form
    assert size_of("K7Q-M4X-9PZ") == pytest.approx(26)  # the PIN, drawn per page
    assert size_of("Two steps to get started") == pytest.approx(12.5)  # the steps form
    assert size_of("LOS ANGELES UNIFIED") == pytest.approx(READABLE)


def test_the_content_stream_reader_agrees_with_pypdf_text_extraction(tmp_path: Path) -> None:
    out = tmp_path / "sample.pdf"
    letters = [
        _letter(code, guardian=LONG, first="José", bulk=True) for code in ("es", "fa", "zh", "en")
    ]
    render_letters(out, letters, school=SCHOOL, options=LetterOptions(bilingual=True))
    shown = shown_sizes(out)
    assert shown == shown_sizes(out, use_pypdf=True)  # the fast reader reads what pypdf reads
    walked: dict[int, set[float]] = defaultdict(set)
    for page, size, _ in shown:
        walked[page].add(round(size, 2))
    extracted: dict[int, set[float]] = defaultdict(set)
    for run in text_runs(out):
        extracted[run.page].add(round(run.size, 2))
    assert len(walked) == 7 and walked == extracted


@pytest.mark.parametrize("bilingual", [False, True], ids=["one-language", "bilingual"])
@pytest.mark.parametrize("bulk", [False, True], ids=["counter", "bulk"])
def test_no_text_on_any_letter_is_under_9_pt(tmp_path: Path, bilingual: bool, bulk: bool) -> None:
    letters = [
        _letter(code, guardian=guardian, first=first, bulk=bulk)
        for code in LANGUAGES
        for guardian, first in (("María Elena Núñez", "José"), (LONG, LONG[:64]))
    ]
    out = tmp_path / "letters.pdf"
    result = render_letters(out, letters, school=SCHOOL, options=LetterOptions(bilingual=bilingual))
    shown = shown_sizes(out)
    assert len(PdfReader(out).pages) == result.pages >= len(letters)
    assert {page for page, _, _ in shown} == set(range(1, result.pages + 1))  # every page
    small = [(page, round(size, 2), font) for page, size, font in shown if size < READABLE - 0.01]
    assert not small, small[:10]


def test_a_bilingual_letter_flows_onto_a_second_page_with_the_pin_once(tmp_path: Path) -> None:
    out = tmp_path / "bi.pdf"
    letters = [
        _letter(code, guardian="María Elena Núñez", first="José", bulk=True)
        for code in ("es", "fa", "ar")
    ]
    result = render_letters(out, letters, school=SCHOOL, options=LetterOptions(bilingual=True))
    assert result.letters == 3 and result.sign_out_pages == 0
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert result.pages == len(pages) == 6
    for first, second in zip(pages[::2], pages[1::2], strict=True):
        # The PIN box (PIN, Student ID) and the staff corner are on the first page only.
        assert "K7Q-M4X-9PZ" in first and "K7Q-M4X-9PZ" not in second
        assert "L-7KQM-4X9P" in first and "L-7KQM-4X9P" not in second
        # The second page names the school and the student, and the letter ends on it.
        assert "Dr. Maya Angelou" in second and "Okafor" in second
        assert "1/2" in first and "2/2" in second
    # The English text stands beside the home language's.
    assert "Dos pasos para comenzar" in pages[0] and "Two steps to get started" in pages[0]


def test_a_one_language_letter_stays_on_one_page(tmp_path: Path) -> None:
    out = tmp_path / "one.pdf"
    letters = [
        _letter(code, guardian="María Elena Núñez", first="José", bulk=True) for code in LANGUAGES
    ]
    result = render_letters(
        out,
        letters,
        school=SchoolLetterhead("Ramona Heights", ("1 Ave",), "1", "Dr. A"),
        options=LetterOptions(),
    )
    assert result.pages == result.letters == len(LANGUAGES)


def test_a_128_character_name_is_cut_in_the_pin_box_and_whole_in_the_letter(
    tmp_path: Path,
) -> None:
    first, last = LONG[:64].strip(), LONG[64:].strip()
    item = LetterData(
        guardian_name=LONG,
        student_first=first,
        student_last=last,
        student_id="0009579364",
        pin_display="K7Q-M4X-9PZ",
        pin_expires=date(2025, 12, 22),
        language="en",
        letter_date=date(2025, 12, 1),
    )
    out = tmp_path / "long.pdf"
    render_letters(out, [item], school=SCHOOL, options=LetterOptions())
    runs = text_runs(out)
    flat = "".join("".join(r.text for r in runs).split())
    # The greeting and the introduction print both names whole (they wrap) ...
    assert "".join(LONG.split()) in flat
    assert "".join(f"{first} {last}".split()) in flat
    # ... and the PIN box shows the student's name on two lines, cut with "…", at 14 pt
    # (90 % of it at the least, with the rest of the page), not shrunk to fit.
    cut = [r for r in runs if r.text.endswith("…")]
    assert cut and all(r.size >= 14 * 0.9 - 0.01 for r in cut)
    assert min(r.size for r in runs) >= READABLE - 0.01
