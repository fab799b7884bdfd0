"""The renderer fed batch by batch (``open_letters``): what a bulk run's render step uses.
PDFs read back with pypdf."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppdesk.adapters.letters import LetterOptions, open_letters, render_letters
from ppdesk.domain.errors import ValidationError
from tests.unit.test_letters_render import SCHOOL, letter


def texts(path: Path) -> list[str]:
    return [unicodedata.normalize("NFC", p.extract_text() or "") for p in PdfReader(path).pages]


def rooms() -> list[list]:
    return [
        [letter(first="Ana", student_id="0000000001", pin="K7Q-M4X-9PZ", homeroom="Rm 3")],
        [
            letter(first="Bo", student_id="0000000002", pin="C3D-4EF-6GH", homeroom="Rm 12"),
            letter(first="Cy", student_id="0000000003", pin="J7K-8MN-9PQ", homeroom="Rm 12"),
        ],
    ]


def test_batches_fed_one_homeroom_at_a_time_make_the_same_pages_as_one_call(
    tmp_path: Path,
) -> None:
    options = LetterOptions(sign_out_sheets=True)
    seen: list[tuple[int, int | None]] = []
    with open_letters(
        tmp_path / "fed.pdf",
        school=SCHOOL,
        options=options,
        total=3,
        progress=lambda d, t: seen.append((d, t)),
    ) as writer:
        for batch in rooms():
            assert writer.add(batch) is True
        assert not (tmp_path / "fed.pdf").exists()  # written when the block ends
    assert writer.result.letters == 3 and writer.result.pages == 5  # 2 sheets + 3 letters
    assert seen == [(1, 3), (2, 3), (3, 3)]
    whole = render_letters(
        tmp_path / "whole.pdf", [x for b in rooms() for x in b], school=SCHOOL, options=options
    )
    assert (whole.letters, whole.pages) == (3, 5)
    assert texts(tmp_path / "fed.pdf") == texts(tmp_path / "whole.pdf")


def test_a_cancelled_writer_stops_drawing_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "cancel.pdf"
    out.write_bytes(b"an older file")
    done: list[int] = []
    with open_letters(
        out,
        school=SCHOOL,
        options=LetterOptions(),
        progress=lambda d, t: done.append(d),
        is_cancelled=lambda: len(done) >= 2,
    ) as writer:
        first, second = rooms()
        assert writer.add(first) is True
        assert writer.add(second) is False  # cancelled before its second letter
        assert writer.cancelled
    assert writer.result.cancelled and (writer.result.pages, writer.result.letters) == (0, 0)
    assert done == [1, 2]
    assert out.read_bytes() == b"an older file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cancel.pdf"]


def test_an_error_in_the_block_leaves_nothing_and_an_empty_file_is_refused(
    tmp_path: Path,
) -> None:
    out = tmp_path / "jam.pdf"
    options = LetterOptions()
    with pytest.raises(KeyError), open_letters(out, school=SCHOOL, options=options) as writer:
        writer.add(rooms()[0])
        raise KeyError("the caller failed between two batches")
    with pytest.raises(ValidationError), open_letters(out, school=SCHOOL, options=options) as w:
        w.add([])
    assert list(tmp_path.iterdir()) == []
