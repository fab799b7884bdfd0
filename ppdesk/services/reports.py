"""Reports for the office (issue 5): portal adoption, the outreach list, the "New Emergency
Contact Report" (reference guide section VIII) and the audit-trail export.

Each report is a data function (what the GUI shows or charts) and an export function that
writes it as .xlsx or .pdf (chosen by the file name) and audits the export. The first three
need ``READ_REPORTS`` at the school; the audit trail needs ``READ_AUDIT``. Like the roster,
a file appears only after its audit row is committed, and a cancel leaves nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ppdesk.domain.audit import AuditEntry, AuditRecord, Outcome
from ppdesk.domain.reports import (
    AdoptionReport,
    AdoptionRow,
    CancelCheck,
    Column,
    EmergencyContactChange,
    ExportSummary,
    OutreachRow,
    ProgressCallback,
    grade_rank,
)
from ppdesk.domain.roles import Permission
from ppdesk.services.access import audit, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import (
    Selection,
    audit_target,
    clean_selection,
    describe_schools,
    files_port,
    output_path,
    pending_path,
    publish,
    scope_schools,
    selection_details,
)
from ppdesk.services.pins import sweep_expired
from ppdesk.services.ports import SchoolRecord, UnitOfWork
from ppdesk.services.report_tables import (
    ADOPTION_COLUMNS,
    ALL_GRADES,
    ALL_HOMEROOMS,
    AUDIT_COLUMNS,
    CONTACT_COLUMNS,
    OUTREACH_COLUMNS,
    adoption_table,
    contact_line,
    outreach_line,
)

EXPORT_ACTION = "report_export"
VIEW_ACTION = "report_view"
AUDIT_EXPORT_ACTION = "audit_export"
SUFFIXES = (".xlsx", ".pdf")

TITLES = {
    "adoption": "Parent Portal Adoption by Grade and Homeroom",
    "outreach": "Parent Portal Outreach List",
    "emergency_contacts": "New Emergency Contact Report",
    "audit": "Audit Trail",
}


# -- time helpers ------------------------------------------------------------------------
def start_of_day(day: date) -> datetime:
    """Local midnight at the start of ``day``, as an aware datetime."""
    return datetime.combine(day, time()).astimezone()


def as_instant(value: date | datetime, *, end_of_day: bool = False) -> datetime:
    """A date as the start of that local day (or of the next, for an inclusive end)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    return start_of_day(value + timedelta(days=1) if end_of_day else value)


# -- data for the screen -----------------------------------------------------------------
def _scope(
    uow: UnitOfWork, session: StaffSession, selection: Selection, action: str
) -> list[SchoolRecord]:
    return scope_schools(
        uow, session, Permission.READ_REPORTS, selection.school_code, action=action
    )


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
    """Guardians to contact: no PIN yet, or a PIN issued but never redeemed."""
    selection = clean_selection(school_code, grade, homeroom)
    sweep_expired(ctx)
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, VIEW_ACTION)
        return list(
            uow.roster.outreach(
                [s.id for s in schools], grade=selection.grade, homeroom=selection.homeroom
            )
        )


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
    """Emergency contacts added or changed since ``since`` (a date: from its local start)."""
    selection = clean_selection(school_code, grade, homeroom)
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, VIEW_ACTION)
        changes: list[EmergencyContactChange] = uow.roster.emergency_contacts_changed(
            [s.id for s in schools],
            as_instant(since),
            grade=selection.grade,
            homeroom=selection.homeroom,
        )
        return changes


# -- exporting ---------------------------------------------------------------------------
def _meta_lines(
    session: StaffSession, schools: Sequence[SchoolRecord], now: datetime, *extra: str
) -> list[str]:
    return [
        f"School: {describe_schools(schools)}",
        *extra,
        f"Run by: {session.display_name} ({session.username}) on {session.workstation}",
        f"Run at: {now.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC",
        "Confidential: student and family information (FERPA). Keep it on a school computer.",
    ]


def _selection_lines(selection: Selection) -> list[str]:
    return [
        f"Grade: {selection.grade or ALL_GRADES}",
        f"Homeroom: {selection.homeroom or ALL_HOMEROOMS}",
    ]


def _write_file(
    ctx: AppContext,
    target: Path,
    kind: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    meta_lines: Sequence[str],
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> tuple[Any, Path]:
    """Write the table to a hidden pending file beside ``target``; return (result, pending)."""
    files = files_port(ctx)
    pending = pending_path(target)
    title = TITLES[kind]
    if target.suffix.lower() == ".pdf":
        result = files.reports_pdf.write_table_pdf(
            pending, title, columns, rows, meta_lines, is_cancelled=is_cancelled
        )
    else:
        result = files.xlsx.write_table_xlsx(
            pending, title, columns, rows, meta_lines, progress=progress, is_cancelled=is_cancelled
        )
    return result, pending


def _finish(
    ctx: AppContext,
    session: StaffSession,
    result: Any,
    pending: Path,
    target: Path,
    audit_entry: Callable[[int], AuditEntry],
) -> ExportSummary:
    """Audit the export (``audit_entry(rows)``), then publish the file; a cancel records
    nothing and leaves no file."""
    try:
        if result.cancelled:
            return ExportSummary(None, result.rows, result.cleaned_characters, cancelled=True)
        with ctx.uow() as uow:
            audit(uow, ctx, session, audit_entry(result.rows))
            uow.commit()
        publish(pending, target)
    finally:
        pending.unlink(missing_ok=True)
    return ExportSummary(str(target), result.rows, result.cleaned_characters)


def _report_entry(
    kind: str, schools: Sequence[SchoolRecord], selection: Selection, target: Path, **more: Any
) -> Callable[[int], AuditEntry]:
    target_type, target_id, school_id = audit_target(schools)

    def entry(rows: int) -> AuditEntry:
        details = selection_details(schools, selection) | more
        details |= {"report": kind, "rows": rows, "format": target.suffix.lower()[1:]}
        details["file"] = target.name
        return AuditEntry(
            EXPORT_ACTION, Outcome.SUCCESS, target_type, target_id, school_id, details
        )

    return entry


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
    lines = _meta_lines(
        session,
        schools,
        report.generated_at,
        *_selection_lines(selection),
        "Percentages: verified of all guardians; issued and redeemed of verified guardians; "
        "expired of those issued a PIN.",
    )
    result, pending = _write_file(
        ctx, target, "adoption", ADOPTION_COLUMNS, adoption_table(report), lines
    )
    return _finish(
        ctx, session, result, pending, target, _report_entry("adoption", schools, selection, target)
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
        schools = _scope(uow, session, selection, EXPORT_ACTION)
        now = uow.now()
        found = uow.roster.outreach(
            [s.id for s in schools], grade=selection.grade, homeroom=selection.homeroom
        )
        try:
            result, pending = _write_file(
                ctx,
                target,
                "outreach",
                OUTREACH_COLUMNS,
                (outreach_line(r) for r in found),
                _meta_lines(session, schools, now, *_selection_lines(selection)),
                progress,
                is_cancelled,
            )
        finally:
            found.close()
    return _finish(
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
    start = as_instant(since)
    with ctx.uow(readonly=True) as uow:
        schools = _scope(uow, session, selection, EXPORT_ACTION)
        now = uow.now()
        changes = uow.roster.emergency_contacts_changed(
            [s.id for s in schools], start, grade=selection.grade, homeroom=selection.homeroom
        )
    since_line = (
        f"Changed since: {start:%Y-%m-%d %H:%M %Z} ({start.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"
    )
    lines = _meta_lines(session, schools, now, since_line, *_selection_lines(selection))
    result, pending = _write_file(
        ctx,
        target,
        "emergency_contacts",
        CONTACT_COLUMNS,
        [contact_line(c) for c in changes],
        lines,
    )
    entry = _report_entry(
        "emergency_contacts", schools, selection, target, since=start.astimezone(UTC).isoformat()
    )
    return _finish(ctx, session, result, pending, target, entry)


# -- the audit trail ---------------------------------------------------------------------
def _audit_scope(
    uow: UnitOfWork, session: StaffSession, school_code: str | None
) -> tuple[list[SchoolRecord], Callable[[AuditRecord], bool]]:
    """The schools whose audit rows the reader may export, and a row filter.

    A row about a school in scope is included. A row about no school (a login, a staff
    change) is included when its actor holds a role at one of those schools, or, for
    rows with no actor, only when the reader's scope is every school.
    """
    schools = scope_schools(
        uow, session, Permission.READ_AUDIT, school_code, action=AUDIT_EXPORT_ACTION
    )
    ids = {s.id for s in schools}
    every_school = school_code is None and len(ids) == len(uow.schools.list_all())
    by_id = {s.id: s for s in schools}
    staff_in_scope = set()
    for grant in uow.grants.active_all():
        if grant.school_id in ids or (
            grant.school_id is None
            and (
                grant.local_district is None
                or any(s.local_district == grant.local_district for s in by_id.values())
            )
        ):
            staff_in_scope.add(grant.staff_id)

    def visible(rec: AuditRecord) -> bool:
        if rec.school_id is not None:
            return rec.school_id in ids
        if rec.actor_staff_id is not None:
            return rec.actor_staff_id in staff_in_scope
        return every_school

    return schools, visible


@service
def export_audit_trail(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    since: date | datetime,
    until: date | datetime | None = None,
    school_code: str | None = None,
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ExportSummary:
    """Write the audit trail from ``since`` up to ``until`` (.xlsx or .pdf) and audit it.

    Dates are local days, both included; datetimes are instants (``until`` excluded).
    Principal or assistant principal (``READ_AUDIT``); rows are limited to their schools.
    """
    selection = clean_selection(school_code, None, None)
    target = output_path(out_path, SUFFIXES)
    start = as_instant(since)
    end = as_instant(until, end_of_day=True) if until is not None else None
    with ctx.uow(readonly=True) as uow:
        schools, visible = _audit_scope(uow, session, selection.school_code)
        codes = {s.id: s.code for s in uow.schools.list_all()}
        now = uow.now()
        records = [r for r in uow.audit.query(since=start, until=end) if visible(r)]
    rows = [
        (
            r.seq,
            r.occurred_at,
            r.actor,
            r.workstation,
            r.action,
            r.outcome,
            r.target_type,
            r.target_id,
            codes.get(r.school_id) if r.school_id is not None else None,
            r.details,
        )
        for r in records
    ]
    period = f"From: {start:%Y-%m-%d %H:%M %Z}" + (
        f"; until (not included): {end:%Y-%m-%d %H:%M %Z}" if end else "; until now"
    )
    target_type, target_id, school_id = audit_target(schools)

    def entry(count: int) -> AuditEntry:
        details = selection_details(schools, selection) | {
            "since": start.astimezone(UTC).isoformat(),
            "until": end.astimezone(UTC).isoformat() if end else None,
            "rows": count,
            "first_seq": records[0].seq if records else None,
            "last_seq": records[-1].seq if records else None,
            "format": target.suffix.lower()[1:],
            "file": target.name,
        }
        return AuditEntry(
            AUDIT_EXPORT_ACTION, Outcome.SUCCESS, target_type, target_id, school_id, details
        )

    result, pending = _write_file(
        ctx,
        target,
        "audit",
        AUDIT_COLUMNS,
        rows,
        _meta_lines(session, schools, now, period),
        progress,
        is_cancelled,
    )
    return _finish(ctx, session, result, pending, target, entry)
