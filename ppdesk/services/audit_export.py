"""The audit-trail export: a principal's or assistant principal's copy of the
trail for a range of days, as .xlsx or .pdf, limited to their schools, and itself audited.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.reports import CancelCheck, ExportSummary, ProgressCallback
from ppdesk.services.access import service
from ppdesk.services.audit_trail import audit_scope
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import (
    as_instant,
    audit_target,
    clean_selection,
    finish_export,
    meta_lines,
    output_path,
    school_zone,
    selection_details,
    write_table,
)
from ppdesk.services.report_tables import AUDIT_COLUMNS, readable_details

AUDIT_EXPORT_ACTION = "audit_export"
SUFFIXES = (".xlsx", ".pdf")


@service
def export_audit_trail(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    since: date | datetime,
    until: date | datetime | None = None,
    school_code: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    target_id: str | None = None,
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ExportSummary:
    """Write the audit trail from ``since`` up to ``until`` (.xlsx or .pdf) and audit it.

    Dates are days in the school's time zone, both included; datetimes are instants
    (``until`` excluded).
    Principal or assistant principal (``READ_AUDIT``); rows are limited to their schools
    (``audit_trail.audit_scope``, the same scope as the Audit tab), and optionally to one
    staff member, action or target (the Audit tab's filters). The one audit exporter: the
    Audit tab, ``ppdesk report audit`` and the Reporting tab all call it.
    """
    filters = {"actor": actor, "action": action, "target_id": target_id}
    selection = clean_selection(school_code, None, None)
    target = output_path(out_path, SUFFIXES)
    paper = target.suffix.lower() == ".pdf"
    zone = school_zone(ctx)
    start = as_instant(since, zone)
    end = as_instant(until, zone, end_of_day=True) if until is not None else None
    with ctx.uow(readonly=True) as uow:
        schools, scope = audit_scope(
            uow, session, selection.school_code, action=AUDIT_EXPORT_ACTION
        )
        codes = {s.id: s.code for s in uow.schools.list_all()}
        now = uow.now()
        records = uow.audit.query(
            since=start, until=end, actor=actor, action=action, target_id=target_id, scope=scope
        )
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
            **{k: v for k, v in filters.items() if v is not None},
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
