"""Value rules the readers add to ``ppdesk.domain.sis`` so every value fits its column.

The domain rules follow the import format (docs/import.md); these narrow a few of them
to what ppdesk stores: a staff login is at most 60 characters and compared in lower case
(``ppdesk staff`` and the login do the same), a language at most 16 characters, a local
district name at most 60. A longer value is reported on its row by the reader, instead
of failing on PostgreSQL (or being stored anyway by SQLite) when the import is applied.
"""

from __future__ import annotations

from ppdesk.domain import sis
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.text import NAME_MAX, SHORT_MAX

LANGUAGE_MAX = 16  # student.home_language, guardian.preferred_language


def clean_login(value: str | None, *, field: str, required: bool = True) -> str | None:
    """A staff user name: no spaces, at most 60 characters, in lower case."""
    text = sis.clean_username(value, field=field, required=required)
    if text is None:
        return None
    if len(text) > SHORT_MAX:
        raise ValidationError(
            "sis.username_too_long", label=field, length=len(text), maximum=SHORT_MAX, field=field
        )
    return text.lower()


def clean_language(value: str | None, *, field: str) -> str | None:
    """A language code or name (es, es-MX, Spanish); longer than 16 is left out."""
    text = sis.clean_short(value, field=field)
    if text is not None and len(text) > LANGUAGE_MAX:
        raise sis.OptionalValueError(
            "sis.language_too_long",
            label=field,
            value=sis.show(text),
            maximum=LANGUAGE_MAX,
            field=field,
        )
    return text


def clean_district(value: str | None, *, field: str) -> str | None:
    """A local district's name, at most 60 characters."""
    return sis.clean_short(value, field=field)


def check_staff_name(first: str | None, last: str | None) -> str | None:
    """An error message when "first last" does not fit a staff member's display name."""
    if first is None or last is None:
        return None
    length = len(first) + 1 + len(last)
    if length > NAME_MAX:
        return (
            f"first and last name together are {length} characters, longer than the "
            f"limit of {NAME_MAX} for a staff member's name."
        )
    return None
