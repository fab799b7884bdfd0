"""The report tables: their columns, and one table row per report record.

Kept apart from ``reports`` so the GUI can show the same columns the files have.
"""

from __future__ import annotations

import json
from datetime import date, datetime, tzinfo
from typing import Any

from ppdesk.domain.letters import use_by_day
from ppdesk.domain.reports import (
    AdoptionReport,
    AdoptionRow,
    Column,
    EmergencyContactChange,
    OutreachRow,
    language_name,
)

NO_HOMEROOM = "(no homeroom)"
ALL_HOMEROOMS = "All homerooms"
ALL_GRADES = "All grades"


def local_date(value: datetime | None, zone: tzinfo) -> date | None:
    """An aware instant as a calendar date in the school's time ``zone``."""
    return value.astimezone(zone).date() if value is not None else None


ADOPTION_COLUMNS = (
    Column("School", width=8),
    Column("Grade", width=7),
    Column("Homeroom", width=24),
    Column("Students", "integer", 9),
    Column("Students Connected", "integer", 11),
    Column("% Students Connected", "percent", 11),
    Column("Guardians", "integer", 10),
    Column("Verified Legal Guardians", "integer", 11),
    Column("% Verified", "percent", 9),
    Column("PINs Issued", "integer", 9),
    Column("% Issued (of Verified)", "percent", 11),
    Column("Redeemed", "integer", 10),
    Column("% Redeemed (of Verified)", "percent", 11),
    Column("Active, Not Redeemed", "integer", 11),
    Column("Expired Unused", "integer", 9),
    Column("% Expired (of Issued)", "percent", 11),
    Column("Revoked", "integer", 9),
)


def adoption_table(report: AdoptionReport) -> list[tuple[Any, ...]]:
    """Homeroom rows, each grade followed by its subtotal, then the total."""

    def line(r: AdoptionRow, homeroom: str, grade: str | None = None) -> tuple[Any, ...]:
        return (
            r.school_code or "All",
            grade if grade is not None else r.grade,
            homeroom,
            r.students,
            r.students_connected,
            r.students_connected_rate,
            r.guardians,
            r.guardians_verified,
            r.verified_rate,
            r.pins_issued,
            r.issued_rate,
            r.pins_redeemed,
            r.redeemed_rate,
            r.pins_active,
            r.pins_expired,
            r.expired_rate,
            r.pins_revoked,
        )

    out = []
    for subtotal in report.grades:
        key = (subtotal.school_code, subtotal.grade)
        for r in report.homerooms:
            if (r.school_code, r.grade) == key:
                out.append(line(r, r.homeroom or NO_HOMEROOM))
        out.append(line(subtotal, ALL_HOMEROOMS))
    out.append(line(report.total, ALL_HOMEROOMS, ALL_GRADES))
    return out


OUTREACH_COLUMNS = (
    Column("School", width=8),
    Column("Student ID", width=12),
    Column("Student Name", width=24),
    Column("Grade", width=7),
    Column("Homeroom", width=20),
    Column("Guardian Name", width=24),
    Column("Relationship", width=13),
    Column("Verified Legal Guardian", width=10),
    Column("PIN Status", width=11),
    Column("PIN Issued", "date", 12),
    Column("Use PIN By", "date", 12),
    Column("Phone", width=16),
    Column("Preferred Language", width=12),
    Column("Email", width=28),
    Column("Why", width=40),
)


def outreach_line(r: OutreachRow, zone: tzinfo) -> tuple[Any, ...]:
    """One row of the outreach spreadsheet; dates in the school's time ``zone``."""
    return (
        r.school_code,
        r.student_id,
        r.student_name,
        r.grade,
        r.homeroom,
        r.guardian_name,
        r.relationship,
        "Yes" if r.verified_legal_guardian else "No",
        (r.pin_status or "not issued").capitalize(),
        local_date(r.pin_issued, zone),
        use_by_day(r.pin_expires, zone) if r.pin_expires is not None else None,
        r.phone,
        language_name(r.preferred_language),
        r.email,
        r.reason,
    )


# The outreach list on paper is a call sheet: one family per row, what the caller needs,
# and boxes to tick (landscape; the spreadsheet keeps every column).
CALL_SHEET_COLUMNS = (
    Column("Student", width=20),
    Column("Student ID", width=10),
    Column("Grade", width=5),
    Column("Homeroom", width=14),
    Column("Guardian", width=20),
    Column("Relationship", width=10),
    Column("Phone", width=14),
    Column("Language", width=9),
    Column("Why", width=24),
    Column("Called", "checkbox", 5),
    Column("Left message", "checkbox", 6),
    Column("Reached", "checkbox", 6),
)


def call_sheet_line(r: OutreachRow) -> tuple[Any, ...]:
    return (
        r.student_name,
        r.student_id,
        r.grade,
        r.homeroom,
        r.guardian_name,
        r.relationship,
        r.phone,
        language_name(r.preferred_language),
        r.reason,
        None,
        None,
        None,
    )


CONTACT_COLUMNS = (
    Column("School", width=8),
    Column("Student ID", width=12),
    Column("Student Name", width=24),
    Column("Grade", width=7),
    Column("Homeroom", width=20),
    Column("Emergency Contact", width=24),
    Column("Relationship", width=14),
    Column("Phone", width=16),
    Column("Change", width=16),
    Column("Was", width=16),
    Column("Changed At (UTC)", "datetime", 20),
)


def contact_line(c: EmergencyContactChange) -> tuple[Any, ...]:
    return (
        c.school_code,
        c.student_id,
        c.student_name,
        c.grade,
        c.homeroom,
        c.contact_name,
        c.relationship,
        c.phone,
        c.change,
        c.was,
        c.changed_at,
    )


AUDIT_COLUMNS = (
    Column("Seq", "integer", 8),
    Column("Time (UTC)", "datetime", 20),
    Column("Staff", width=16),
    Column("Workstation", width=16),
    Column("Action", width=18),
    Column("Outcome", width=9),
    Column("Target Type", width=13),
    Column("Target", width=12),
    Column("School", width=8),
    Column("Details", width=60),
)


def readable_details(details: str | None) -> str | None:
    """An audit row's JSON details as a person reads them on paper.

    '{"report": "adoption", "rows": 6}' becomes 'report: adoption · rows: 6'; lists are
    joined with commas and nested objects shown the same way in brackets. Text that is not
    a JSON object is returned as it is.
    """
    if not details:
        return details
    try:
        value = json.loads(details)
    except ValueError:
        return details
    if not isinstance(value, dict):
        return details
    return _readable(value)


def _readable(value: Any, nested: bool = False) -> str:
    if isinstance(value, dict):
        text = " · ".join(f"{k.replace('_', ' ')}: {_readable(v, True)}" for k, v in value.items())
        return f"({text})" if nested else text
    if isinstance(value, list):
        return ", ".join(_readable(v, True) for v in value) or "none"
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
