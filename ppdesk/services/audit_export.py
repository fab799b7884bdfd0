"""The audit-trail export (issue 5): a principal's or assistant principal's copy of the
trail for a range of days, as .xlsx or .pdf, limited to their schools, and itself audited.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime

from ppdesk.domain.audit import AuditEntry, AuditRecord, Outcome
from ppdesk.domain.reports import CancelCheck, ExportSummary, ProgressCallback
from ppdesk.domain.roles import Permission
from ppdesk.services.access import service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import (
    as_instant,
    audit_target,
    clean_selection,
    finish_export,
    meta_lines,
    output_path,
    school_zone,
    scope_schools,
    selection_details,
    write_table,
)
from ppdesk.services.ports import SchoolRecord, UnitOfWork
from ppdesk.services.report_tables import AUDIT_COLUMNS, readable_details

AUDIT_EXPORT_ACTION = "audit_export"
SUFFIXES = (".xlsx", ".pdf")


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
    paper = target.suffix.lower() == ".pdf"
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
            # On paper the details read as words; the spreadsheet keeps the JSON.
            readable_details(r.details) if paper else r.details,
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

    result, pending = write_table(
        ctx,
        target,
        "Audit Trail",
        AUDIT_COLUMNS,
        rows,
        meta_lines(session, schools, now, period, zone=school_zone(ctx)),
        progress,
        is_cancelled,
    )
    return finish_export(ctx, session, result, pending, target, entry)
