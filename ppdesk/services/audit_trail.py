"""Reading and checking the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ppdesk.domain.audit import AuditEntry, AuditRecord, ChainReport, Outcome, verify_chain
from ppdesk.domain.roles import PERMISSION_DENIED_MESSAGES, Permission
from ppdesk.services.access import AuditedDenial, audit, schools_with, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import UnitOfWork


def _require_audit_reader(uow: UnitOfWork, session: StaffSession, action: str) -> None:
    if not schools_with(uow, session, Permission.READ_AUDIT):
        raise AuditedDenial(
            PERMISSION_DENIED_MESSAGES[Permission.READ_AUDIT],
            AuditEntry(action, Outcome.DENIED, details={"permission": Permission.READ_AUDIT.value}),
        )


def check_chain(ctx: AppContext) -> ChainReport:
    """Walk the whole chain; no login needed (it reveals nothing but a verdict)."""
    with ctx.uow(readonly=True) as uow:
        head_seq, head_hash = uow.audit.head()
        return verify_chain(uow.audit.iter_records(), head_seq=head_seq, head_hash=head_hash)


@service
def verify_audit_trail(ctx: AppContext, session: StaffSession) -> ChainReport:
    """Check the chain as a staff member and record that the check was run."""
    report = check_chain(ctx)
    with ctx.uow() as uow:
        _require_audit_reader(uow, session, "audit_verify")
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "audit_verify",
                Outcome.SUCCESS if report.intact else Outcome.FAILED,
                details={"rows": report.rows, "first_bad_seq": report.first_bad_seq},
            ),
        )
        uow.commit()
    return report


@service
def read_audit_trail(
    ctx: AppContext,
    session: StaffSession,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    target_id: str | None = None,
    limit: int | None = 5000,
) -> Sequence[AuditRecord]:
    """Audit rows filtered by time, staff member, action or target (oldest first)."""
    with ctx.uow(readonly=True) as uow:
        _require_audit_reader(uow, session, "audit_read")
        return uow.audit.query(
            since=since, until=until, actor=actor, action=action, target_id=target_id, limit=limit
        )
