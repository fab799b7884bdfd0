"""Cell-safety rules for every spreadsheet ppdesk writes (OWASP ASVS 1.2.10).

The approach, decided once for all exports:

* A text value is written **as text, unchanged**: the reader of the roster must see exactly
  the name the SIS holds, so no apostrophe or space is ever prepended (OWASP's CSV advice
  changes the data; in .xlsx it is not needed). What keeps it from being a formula is the
  cell's *type*: the xlsx adapter always stores text as a string cell (openpyxl data type
  ``'s'``, written as ``t="inlineStr"``), never as ``<f>``. A string cell is never evaluated
  by Excel or LibreOffice when the file is opened.
* A value that *would* start a formula if somebody re-typed it (``=``, ``+``, ``-``, ``@``,
  TAB, CR, their full-width and small forms) additionally gets the cell style
  ``quotePrefix`` (what Excel sets when a user types ``'=1+1``), so editing the cell and
  pressing Enter still keeps it text. :func:`looks_like_formula` says which values those are.
* Characters that XML 1.0 (and so Excel) forbids are removed: C0 controls other than TAB,
  LF and CR, plus DEL and the C1 controls (the same set ``ppdesk.domain.text`` refuses at
  import), lone surrogates and the non-characters U+FFFE/U+FFFF. openpyxl raises
  ``IllegalCharacterError`` for some of them and writes an unreadable file for others.
* Excel holds at most 32,767 characters in a cell; a longer value is cut and ends with
  :data:`TRUNCATION_MARK` so the cut is visible, instead of openpyxl's silent cut.

:func:`safe_cell_text` returns the cleaned text and how many characters it removed, so an
export can tell the user "N characters were cleaned".
"""

from __future__ import annotations

import re

from ppdesk.domain.text import strip_control_chars

# Excel's limit for the text of one cell.
CELL_TEXT_MAX = 32_767
TRUNCATION_MARK = "…[truncated]"

# Characters that make Excel, LibreOffice or a CSV consumer start a formula (or DDE) when
# the text is typed or imported: ASCII, full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20, which
# Japanese and Chinese input methods produce and Excel accepts) and small forms
# (U+FE66, U+FE62, U+FE63, U+FE6B).
FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠﹦﹢﹣﹫")

# Lone surrogates cannot be encoded as UTF-8; U+FFFE/U+FFFF are not XML characters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def safe_cell_text(value: str) -> tuple[str, int]:
    """Return ``value`` made safe for one spreadsheet cell, and how many characters were removed.

    Removes control characters that Excel forbids (see the module docstring) and cuts text
    longer than :data:`CELL_TEXT_MAX`, ending it with :data:`TRUNCATION_MARK`. Everything
    else, including a leading ``=`` or ``+``, is kept as it is: the writer stores the result
    as a string cell, which is what keeps it from being a formula.
    """
    if value.isprintable():
        # Fast path for the usual name or e-mail: nothing printable needs removing.
        cleaned, removed = value, 0
    else:
        cleaned, removed = strip_control_chars(value)
        cleaned, more = _NOT_XML.subn("", cleaned)
        removed += more
    if len(cleaned) > CELL_TEXT_MAX:
        keep = CELL_TEXT_MAX - len(TRUNCATION_MARK)
        removed += len(cleaned) - keep
        cleaned = cleaned[:keep] + TRUNCATION_MARK
    return cleaned, removed


def looks_like_formula(value: str) -> bool:
    """True if ``value`` would start a formula were it typed into a cell.

    Leading spaces are ignored, so ``" =1+1"`` counts too; such values get the
    ``quotePrefix`` style on top of the string cell type.
    """
    stripped = value.lstrip(" ")
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS
