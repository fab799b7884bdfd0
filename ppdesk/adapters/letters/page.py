"""Page geometry, colours and the small drawing helpers shared by letters and sheets."""

from __future__ import annotations

import unicodedata

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, LETTER

from ppdesk.adapters.letters.typeset import Style
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.text import strip_control_chars

PAGE_SIZES = {"letter": LETTER, "a4": A4}

NAVY = Color(0.106, 0.227, 0.369)
INK = Color(0.09, 0.10, 0.12)
GREY = Color(0.36, 0.39, 0.44)
TINT = Color(0.925, 0.945, 0.973)
LINE = Color(0.78, 0.82, 0.87)
WHITE = Color(1, 1, 1)

BODY = Style(10, 14, INK)
SMALL = Style(8.5, 11.5, GREY)
LABEL = Style(8, 10, GREY)
HEADING = Style(12.5, 17, NAVY, bold=True)
SUBHEAD = Style(10.5, 14, NAVY, bold=True)
SUBJECT = Style(15, 20, NAVY, bold=True)

MARGIN_X = 54.0  # 0.75 in
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 36.0


def page_size(name: str) -> tuple[float, float]:
    """Width and height in points of 'letter' or 'a4'."""
    try:
        width, height = PAGE_SIZES[name.strip().lower()]
        return float(width), float(height)
    except KeyError:
        raise ValidationError(
            f"Paper size '{name}' is not known: use 'letter' or 'a4'.", field="page_size"
        ) from None


def clean(value: object) -> str:
    """Text as it may be printed: no control characters, NFC, single spaces."""
    text, _ = strip_control_chars("" if value is None else str(value))
    return " ".join(unicodedata.normalize("NFC", text).split())


def _east_asian(text: str) -> bool:
    return bool(text) and all(
        0x1100 <= ord(c) <= 0x11FF
        or 0xAC00 <= ord(c) <= 0xD7AF
        or 0x3400 <= ord(c) <= 0x9FFF
        or 0xF900 <= ord(c) <= 0xFAFF
        for c in text
    )


def full_name(first: str, last: str) -> str:
    """'José Núñez'; Chinese and Korean names family name first and unspaced: '王小明'."""
    first, last = clean(first), clean(last)
    if _east_asian(first) and _east_asian(last):
        return last + first
    return " ".join(part for part in (first, last) if part)
