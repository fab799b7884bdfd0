"""Text rules shared by every way data comes in (forms, CLI, SIS import).

SQLite does not enforce VARCHAR lengths and PostgreSQL rejects NUL bytes with a raw
DataError, so the application checks both itself: the same bad input gets the same
clear answer on either database.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, overload

from ppdesk.domain.errors import ValidationError

# Field limits (characters). The database columns use the same numbers.
NAME_MAX = 100
EMAIL_MAX = 254
PHONE_MAX = 40
ADDRESS_MAX = 300
ID_MAX = 40
SHORT_MAX = 60
NOTE_MAX = 2000

# C0 controls except TAB/LF/CR, plus DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_chars(value: str) -> bool:
    """True if ``value`` holds a NUL or another control character (TAB/LF/CR allowed)."""
    return _CONTROL.search(value) is not None


def strip_control_chars(value: str) -> tuple[str, int]:
    """Remove control characters; return the cleaned text and how many were removed."""
    cleaned, count = _CONTROL.subn("", value)
    return cleaned, count


@overload
def clean_text(
    value: str | None, *, field: str, max_len: int, required: Literal[True], multiline: bool = ...
) -> str: ...
@overload
def clean_text(
    value: str | None, *, field: str, max_len: int, required: bool = ..., multiline: bool = ...
) -> str | None: ...
def clean_text(
    value: str | None,
    *,
    field: str,
    max_len: int,
    required: bool = False,
    multiline: bool = False,
) -> str | None:
    """Validate one text field and return it stripped and NFC-normalised.

    Raises ``ValidationError`` naming ``field`` when the value is too long, holds a NUL or
    other control character, holds a line break where one is not allowed, or is missing
    while required.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError("text.not_text", label=field, field=field)
    if "\x00" in value:
        raise ValidationError("text.nul_byte", label=field, field=field)
    if has_control_chars(value):
        raise ValidationError("text.control_character", label=field, field=field)
    if not multiline and ("\n" in value or "\r" in value):
        raise ValidationError("text.single_line", label=field, field=field)
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > max_len:
        raise ValidationError(
            "text.too_long", label=field, length=len(value), maximum=max_len, field=field
        )
    if not value:
        if required:
            raise ValidationError("text.required", label=field, field=field)
        return None
    return value


def fold(value: str) -> str:
    """Case- and accent-insensitive form for matching and search keys.

    "José", "JOSE" and "Jose\u0301" all fold to "jose". Non-Latin scripts are kept
    (Hangul, Han, Armenian letters are only case-folded).
    """
    decomposed = unicodedata.normalize("NFKD", value)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())


def digits_only(value: str) -> str:
    """Keep only the ASCII digits of a phone number or ID typed with any punctuation."""
    return "".join(c for c in value if c in "0123456789")
