"""Plain values shared by the report writers (xlsx and PDF).

Services build these from query results; the writers only read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal

ColumnKind = Literal["text", "integer", "number", "percent", "date", "datetime"]

# progress(done, total): rows written so far, and the total when the caller knew it.
ProgressCallback = Callable[[int, int | None], None]
# is_cancelled(): polled between chunks of rows; True stops the export and removes the file.
CancelCheck = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a report table.

    ``kind`` decides how a value is written: ``text`` as a string cell (every value goes
    through the cell-safety rules), ``integer``/``number`` as numbers, ``percent`` as a
    fraction (0.25) shown as ``25.0%``, ``date``/``datetime`` as real date cells. ``None`` is
    always an empty cell. ``width`` is in characters (xlsx) and is used as a relative weight
    in the PDF; ``None`` picks a width from the title.
    """

    title: str
    kind: ColumnKind = "text"
    width: float | None = None


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export did.

    ``rows`` counts data rows written (without the header); on cancel, the rows written
    before the cancel was seen (the file itself is removed). ``cleaned_characters`` counts
    characters removed by the cell-safety rules (control characters, over-long text).
    """

    rows: int
    cleaned_characters: int
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class ExportMeta:
    """Who exported what, for the "About this export" sheet.

    ``exported_at`` must be timezone-aware (UTC from the database); the sheet shows it in UTC
    and in ``local_timezone`` (``None``: this computer's zone). ``grade``/``homeroom`` ``None``
    mean "all".
    """

    exported_by: str
    exported_at: datetime
    school: str
    grade: str | None = None
    homeroom: str | None = None
    workstation: str | None = None
    local_timezone: tzinfo | None = None


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One student-guardian link of the Student/Parent PIN roster.

    ``pin_status`` is ``active``, ``redeemed``, ``revoked``, ``expired`` or ``None`` (never
    issued). ``parent_pin`` is the PIN as it is shown to staff (already formatted); the writer
    prints it only while the status is ``active`` and the expiry has not passed, otherwise the
    status word. ``pin_expires`` is a date, or an aware datetime (shown as the local date).
    The PIN fields are left out of ``repr`` so a logged row never shows a PIN.
    """

    student_id: str
    student_last_name: str
    student_first_name: str
    grade: str
    homeroom_teacher: str | None
    student_email: str | None
    student_pin: str | None = field(repr=False)
    guardian_name: str
    relationship: str | None
    verified_legal_guardian: bool
    pin_status: str | None
    parent_pin: str | None = field(repr=False)
    pin_expires: date | datetime | None
    registered_portal_email: str | None
    guardian_phone: str | None
    preferred_language: str | None
