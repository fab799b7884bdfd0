"""Reports for the office: portal adoption, the outreach list, the "New Emergency
Contact Report" (reference guide section VIII) and the audit-trail export.

Each report is a data function (what the GUI shows or charts) and an export function that
writes it as .xlsx or .pdf (chosen by the file name) and audits the export. The first three
need ``READ_OFFICE_REPORTS`` at the school (adoption, emergency contacts: no PIN in them) or
``READ_REPORTS`` (the outreach list); the audit trail (``audit_export``, re-exported here)
needs ``READ_AUDIT``. Like the roster,
a file appears only after its audit row is committed, and a cancel leaves nothing.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.reports import (
    DEFAULT_OUTREACH_DAYS,
    AdoptionReport,
    AdoptionRow,
    CancelCheck,
    EmergencyContactChange,
    ExportSummary,
    OutreachRow,
    ProgressCallback,
    grade_rank,
    outreach_reason,
)
from ppdesk.domain.roles import Permission
from ppdesk.services.access import service
from ppdesk.services.audit_export import export_audit_trail
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import (
    REPORT_EXPORT_ACTION,
    Selection,
    as_instant,
    clean_selection,
    export_report,
    finish_export,
    local_time,
    meta_lines,
    output_path,
    report_entry,
    resolve_selection,
    school_zone,
    scope_schools,
    selection_details,
    write_table,
)
from ppdesk.services.pins import sweep_expired
from ppdesk.services.ports import SchoolRecord, UnitOfWork
from ppdesk.services.report_tables import (
    ADOPTION_COLUMNS,
    ALL_GRADES,
    ALL_HOMEROOMS,
    CALL_SHEET_COLUMNS,
    CONTACT_COLUMNS,
    OUTREACH_COLUMNS,
    adoption_table,
    call_sheet_line,
    contact_line,
    outreach_line,
)

__all__ = [
    "adoption_report",
    "emergency_contact_changes",
    "export_adoption",
    "export_audit_trail",
    "export_emergency_contacts",
    "export_outreach",
    "outreach_list",
]

EXPORT_ACTION = REPORT_EXPORT_ACTION
VIEW_ACTION = "report_view"
SUFFIXES = (".xlsx", ".pdf")

TITLES = {
    "adoption": "Parent Portal Adoption by Grade and Homeroom",
    "outreach": "Parent Portal Outreach List",
    "emergency_contacts": "New Emergency Contact Report",
}


# -- data for the screen -----------------------------------------------------------------
def _scope(
    uow: UnitOfWork,
    session: StaffSession,
    selection: Selection,
    action: str,
    permission: Permission = Permission.READ_OFFICE_REPORTS,
) -> list[SchoolRecord]:
    # Adoption and new emergency contacts show no PIN: office staff run them too. The
    # outreach list (PIN status per guardian) asks for READ_REPORTS.
    return scope_schools(uow, session, permission, selection.school_code, action=action)


def _total(rows: Iterable[AdoptionRow], school: str | None, grade: str | None) -> AdoptionRow:
    rows = list(rows)

    def add(name: str) -> int:
        return sum(getattr(r, name) for r in rows)

    return AdoptionRow(
        school_code=school,
        grade=grade,
        homeroom=None,
        students=add("students"),
        students_connected=add("students_connected"),
        guardians=add("guardians"),
        guardians_verified=add("guardians_verified"),
        pins_issued=add("pins_issued"),
        pins_active=add("pins_active"),
        pins_redeemed=add("pins_redeemed"),
        pins_expired=add("pins_expired"),
        pins_revoked=add("pins_revoked"),
    )


def _adoption(
    ctx: AppContext, session: StaffSession, selection: Selection, action: str
) -> tuple[AdoptionReport, list[SchoolRecord]]:
    sweep_expired(ctx)  # so "expired" counts every PIN past its date
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, action)
        selection = resolve_selection(uow, schools, selection)
        rows = uow.roster.adoption(
            [s.id for s in schools], grade=selection.grade, homeroom=selection.homeroom
        )
        now = uow.now()
    rows.sort(key=lambda r: (r.school_code or "", grade_rank(r.grade), r.homeroom or ""))
    groups = dict.fromkeys((r.school_code, r.grade) for r in rows)
    grades = [_total((r for r in rows if (r.school_code, r.grade) == key), *key) for key in groups]
    return AdoptionReport(tuple(rows), tuple(grades), _total(rows, None, None), now), schools


@service
def adoption_report(
    ctx: AppContext,
    session: StaffSession,
    *,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
) -> AdoptionReport:
    """Portal adoption per homeroom, per grade and in total (see ``AdoptionRow``), for a
    chart or a table: principal, assistant principal or district administrator."""
    return _adoption(ctx, session, clean_selection(school_code, grade, homeroom), VIEW_ACTION)[0]


@service
def outreach_list(
    ctx: AppContext,
    session: StaffSession,
    *,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
) -> list[OutreachRow]:
    """Guardians to contact: no PIN yet, or a PIN issued but never redeemed. A bulk letter
    held (not handed over) longer than the school's outreach days is flagged for a call."""
    selection = clean_selection(school_code, grade, homeroom)
    sweep_expired(ctx)
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, VIEW_ACTION, Permission.READ_REPORTS)
        selection = resolve_selection(uow, schools, selection)
        found = uow.roster.outreach(
            [s.id for s in schools], grade=selection.grade, homeroom=selection.homeroom
        )
        return list(_held_reasons(found, schools, uow.now()))


def _held_reasons(
    rows: Iterable[OutreachRow], schools: Any, now: datetime
) -> Iterator[OutreachRow]:
    """The outreach reason of each held letter, by its age and its school's outreach days."""
    days = {s.code: s.outreach_days or DEFAULT_OUTREACH_DAYS for s in schools}
    for row in rows:
        if row.pin_status == PinStatus.HELD and row.pin_issued is not None:
            age = (now - row.pin_issued).days
            reason = outreach_reason(
                row.verified_legal_guardian,
                PinStatus.HELD,
                held_days=age,
                outreach_days=days.get(row.school_code, DEFAULT_OUTREACH_DAYS),
            )
            yield dataclasses.replace(row, reason=reason)
        else:
            yield row


@service
def emergency_contact_changes(
    ctx: AppContext,
    session: StaffSession,
    *,
    since: date | datetime,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
) -> list[EmergencyContactChange]:
    """Emergency contacts added or changed since ``since`` (a date: from its start in the
    school's time zone)."""
    selection = clean_selection(school_code, grade, homeroom)
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, VIEW_ACTION)
        selection = resolve_selection(uow, schools, selection)
        changes: list[EmergencyContactChange] = uow.roster.emergency_contacts_changed(
            [s.id for s in schools],
            as_instant(since, school_zone(ctx)),
            grade=selection.grade,
            homeroom=selection.homeroom,
        )
        return changes


# -- exporting ---------------------------------------------------------------------------
def _selection_lines(selection: Selection) -> list[str]:
    return [
        f"Grade: {selection.grade or ALL_GRADES}",
        f"Homeroom: {selection.homeroom or ALL_HOMEROOMS}",
    ]


def _report_entry(
    kind: str, schools: Sequence[SchoolRecord], selection: Selection, target: Path
) -> Callable[[int], AuditEntry]:
    return report_entry(kind, schools, target, selection_details(schools, selection))


@service
def export_adoption(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
) -> ExportSummary:
    """Write the adoption report (.xlsx or .pdf) and audit the export."""
    selection = clean_selection(school_code, grade, homeroom)
    target = output_path(out_path, SUFFIXES)
    report, schools = _adoption(ctx, session, selection, EXPORT_ACTION)
    return export_report(
        ctx,
        session,
        target,
        report="adoption",
        title=TITLES["adoption"],
        columns=ADOPTION_COLUMNS,
        rows=adoption_table(report),
        schools=schools,
        now=report.generated_at,
        notes=[
            *_selection_lines(selection),
            "Percentages: verified of all guardians; issued and redeemed of verified guardians; "
            "expired of those issued a PIN.",
        ],
        details=selection_details(schools, selection),
    )


@service
def export_outreach(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ExportSummary:
    """Write the outreach list (.xlsx or .pdf), streamed, and audit the export."""
    selection = clean_selection(school_code, grade, homeroom)
    target = output_path(out_path, SUFFIXES)
    sweep_expired(ctx)
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, EXPORT_ACTION, Permission.READ_REPORTS)
        selection = resolve_selection(uow, schools, selection)
        now, zone = uow.now(), school_zone(ctx)
        found = uow.roster.outreach(
            [s.id for s in schools], grade=selection.grade, homeroom=selection.homeroom
        )
        paper = target.suffix.lower() == ".pdf"
        try:
            result, pending = write_table(
                ctx,
                target,
                TITLES["outreach"],
                CALL_SHEET_COLUMNS if paper else OUTREACH_COLUMNS,
                (
                    call_sheet_line(r) if paper else outreach_line(r, zone)
                    for r in _held_reasons(found, schools, now)
                ),
                meta_lines(session, schools, now, *_selection_lines(selection), zone=zone),
                progress,
                is_cancelled,
            )
        finally:
            found.close()
    return finish_export(
        ctx, session, result, pending, target, _report_entry("outreach", schools, selection, target)
    )


@service
def export_emergency_contacts(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    since: date | datetime,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
) -> ExportSummary:
    """Write the New Emergency Contact Report (.xlsx or .pdf) and audit the export."""
    selection = clean_selection(school_code, grade, homeroom)
    target = output_path(out_path, SUFFIXES)
    start = as_instant(since, school_zone(ctx))
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, EXPORT_ACTION)
        selection = resolve_selection(uow, schools, selection)
        now = uow.now()
        changes = uow.roster.emergency_contacts_changed(
            [s.id for s in schools], start, grade=selection.grade, homeroom=selection.homeroom
        )
    since_line = f"Changed since: {local_time(start, school_zone(ctx))}"
    return export_report(
        ctx,
        session,
        target,
        report="emergency_contacts",
        title=TITLES["emergency_contacts"],
        columns=CONTACT_COLUMNS,
        rows=[contact_line(c) for c in changes],
        schools=schools,
        now=now,
        notes=[since_line, *_selection_lines(selection)],
        details=selection_details(schools, selection)
        | {"since": start.astimezone(UTC).isoformat()},
    )
