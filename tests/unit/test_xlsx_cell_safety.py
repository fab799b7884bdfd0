"""Pure cell-safety rules (ppdesk.domain.spreadsheet)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ppdesk.domain.spreadsheet import (
    CELL_TEXT_MAX,
    TRUNCATION_MARK,
    looks_like_formula,
    safe_cell_text,
)

# What XML 1.0 (and so an .xlsx) cannot hold, plus DEL/C1 which ppdesk refuses at import.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://x","y")',
        "+1-555",
        "-5",
        "@SUM(A1)",
        "\tX",
        "\rX",
        "＝1+1",
        "＋1",
        "－1",
        "＠A",
        " =1+1",
    ],
)
def test_formula_like_text_is_kept_as_is_and_flagged(value: str) -> None:
    assert safe_cell_text(value) == (value, 0)
    assert looks_like_formula(value)


@pytest.mark.parametrize("value", ["Maria", "000123", "O'Neil", "a=b", "", "   ", "#N/A"])
def test_ordinary_text_is_not_flagged(value: str) -> None:
    assert not looks_like_formula(value)


@pytest.mark.parametrize(
    ("value", "expected", "removed"),
    [
        ("Ana\x01", "Ana", 1),
        ("\x0bBo\x1fb", "Bob", 2),
        ("Zo\x00e\x7f\x85", "Zoe", 3),
        ("lone \ud800 surrogate", "lone  surrogate", 1),
        ("x\ufffey\uffff", "xy", 2),
        ("tab\tlf\ncr\r", "tab\tlf\ncr\r", 0),
        ("王小明 Zoë 👩‍👧", "王小明 Zoë 👩‍👧", 0),
    ],
)
def test_forbidden_characters_are_removed_and_counted(
    value: str, expected: str, removed: int
) -> None:
    assert safe_cell_text(value) == (expected, removed)


def test_overlong_text_is_cut_with_a_visible_mark() -> None:
    text, removed = safe_cell_text("a" * 40_000)
    assert len(text) == CELL_TEXT_MAX
    assert text.endswith(TRUNCATION_MARK)
    assert removed == 40_000 - (CELL_TEXT_MAX - len(TRUNCATION_MARK))
    assert safe_cell_text("b" * CELL_TEXT_MAX) == ("b" * CELL_TEXT_MAX, 0)


@given(st.text(max_size=200))
def test_result_never_holds_a_forbidden_character(value: str) -> None:
    text, removed = safe_cell_text(value)
    assert FORBIDDEN.search(text) is None
    assert len(text) + removed == len(value)
    # Only forbidden characters go: what stays is the original minus them, in order.
    assert text == FORBIDDEN.sub("", value)
