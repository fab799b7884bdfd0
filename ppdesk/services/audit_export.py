"""Export of the audit trail to a spreadsheet, as the Audit tab shows it (audited).

``ppdesk.services.reports.export_audit_trail`` exports a period (and a school); this export
follows every filter of the tab: period, staff member, action and target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ppdesk.domain.audit import AuditEntry
from ppdesk.services.access import audit, service
from ppdesk.services.audit_trail import _require_audit_reader, read_audit_trail
from ppdesk.services.context import AppContext, StaffSession


@dataclass(frozen=True)
class _Column:
    # Duck-typed like the report writer's Column: services do not import adapters.
    title: str
    kind: str = "text"
    width: float | None = None


AUDIT_COLUMNS = (
    _Column("Seq", "integer", 8),
    _Column("When (UTC)", "datetime", 20),
    _Column("Staff", "text", 16),
    _Column("Workstation", "text", 16),
    _Column("Action", "text", 22),
    _Column("Outcome", "text", 10),
    _Column("Target type", "text", 12),
    _Column("Target", "text", 14),
    _Column("Details", "text", 60),
)


@service
def export_audit_view(
    ctx: AppContext,
    session: StaffSession,
    path: str | Path,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    target_id: str | None = None,
    limit: int | None = None,
) -> int:
    """Write the filtered trail to ``path`` (.xlsx); returns the number of rows written."""
    filters = {
        "since": since,
        "until": until,
        "actor": actor,
        "action": action,
        "target_id": target_id,
    }
    records = read_audit_trail(ctx, session, limit=limit, **filters)  # type: ignore[arg-type]
    rows = [
        (
            r.seq,
            r.occurred_at,
            r.actor,
            r.workstation,
            r.action,
            r.outcome,
            r.target_type or "",
            r.target_id or "",
            r.details,
        )
        for r in records
    ]
    meta = [f"Exported by {session.username} on {ctx.workstation}."]
    meta += [f"Filter {k}: {v}" for k, v in filters.items() if v is not None]
    result = ctx.extras["files"].xlsx.write_table_xlsx(
        path, "Audit trail", AUDIT_COLUMNS, rows, meta
    )
    with ctx.uow() as uow:
        _require_audit_reader(uow, session, "audit_export")
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "audit_export",
                details={
                    "rows": result.rows,
                    **{k: str(v) for k, v in filters.items() if v is not None},
                },
            ),
        )
        uow.commit()
    return int(result.rows)


__all__ = ["AUDIT_COLUMNS", "export_audit_view"]
