"""Reading and checking the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from ppdesk.domain.audit import (
    KEY_RECOVERY_ACTION,
    AuditEntry,
    AuditRecord,
    AuditScope,
    ChainReport,
    Checkpoint,
    Outcome,
    key_recovery_seq,
    verify_chain,
)
from ppdesk.domain.errors import SecretsUnavailable, ValidationError
from ppdesk.domain.roles import Permission, permission_denied_code
from ppdesk.services.access import AuditedDenial, audit, schools_with, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import scope_schools
from ppdesk.services.ports import SchoolRecord, UnitOfWork


def _require_audit_reader(uow: UnitOfWork, session: StaffSession, action: str) -> None:
    if not schools_with(uow, session, Permission.READ_AUDIT):
        raise AuditedDenial(
            permission_denied_code(Permission.READ_AUDIT),
            AuditEntry(action, Outcome.DENIED, details={"permission": Permission.READ_AUDIT.value}),
        )


def check_chain(ctx: AppContext, *, checkpoint: str | None = None) -> ChainReport:
    """Walk the whole chain; no login needed (it reveals nothing but a verdict).

    With this workstation's keys each row's signature is checked too; with ``checkpoint``
    (the text ``make_checkpoint`` wrote) the chain must still hold that head: nothing at or
    before it changed and nothing was cut. A checkpoint needs the keys to be checked.
    """
    mac = ctx.keys.audit_mac if ctx.keys is not None else None
    cp = None
    if checkpoint is not None:
        cp = _parse_checkpoint(ctx, checkpoint)
    with ctx.uow(readonly=True) as uow:
        # All chains, or (a person's own connection) the chains they may read whole.
        chains = uow.audit.verifiable_chains()
        # After a key recovery the old keys are lost: signatures start again at its row.
        rekeyed_at = key_recovery_seq(uow.audit.query(action=KEY_RECOVERY_ACTION), mac)
        report = verify_chain(
            uow.audit.iter_records(),
            state=uow.audit.chain_state(),
            mac=mac,
            checkpoint=cp,
            chains=chains,
            rekeyed_at=rekeyed_at,
        )
        if chains is not None:
            codes = sorted(s.code for s in uow.schools.list_all() if s.id in chains)
            report = replace(report, scope=tuple(codes))
        return report


def _parse_checkpoint(ctx: AppContext, text: str) -> Checkpoint:
    if ctx.keys is None:
        raise SecretsUnavailable(
            "audit.checkpoint_no_key", problem=ctx.keys_problem or "no PIN keys"
        )
    try:
        cp = Checkpoint.parse(text, ctx.keys.audit_mac)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if cp.database_id != ctx.database_id:
        raise ValidationError("audit.checkpoint_other_database")
    return cp


def make_checkpoint(ctx: AppContext) -> str:
    """Every chain's head now, signed with the audit key: one line of JSON for the district to
    keep outside the database (a file, or standard output for a log collector). Refused
    when the chain does not verify: a checkpoint vouches only for an intact chain."""
    if ctx.keys is None:
        raise SecretsUnavailable(
            "audit.checkpoint_no_key", problem=ctx.keys_problem or "no PIN keys"
        )
    report = check_chain(ctx)
    if not report.intact:
        raise ValidationError("audit.chain_not_intact", state=report.describe())
    with ctx.uow(readonly=True) as uow:
        state = uow.audit.chain_state()
        at = uow.now()
    cp = Checkpoint.of(ctx.database_id, state.heads, at.isoformat(), state.mac_from_seq)
    return cp.signed(ctx.keys.audit_mac)


@service
def verify_audit_trail(ctx: AppContext, session: StaffSession) -> ChainReport:
    """Check the chain as a staff member and record that the check was run. Over a
    person's own connection only the chains they may read whole are checked (their
    schools'); the report and the row name them."""
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
                details={"rows": report.rows, "first_bad_seq": report.first_bad_seq}
                | ({"chains": list(report.scope)} if report.scope is not None else {}),
            ),
        )
        uow.commit()
    return report


def audit_scope(
    uow: UnitOfWork, session: StaffSession, school_code: str | None, *, action: str
) -> tuple[list[SchoolRecord], AuditScope]:
    """The schools whose audit rows the reader may see (all where they hold
    ``READ_AUDIT``, or the one named), and the matching row scope (an audited refusal
    without the permission).

    A row about a school in scope is included. A row about no school (a login, a staff
    change) is included when its actor holds a role at one of those schools, or, for rows
    with no staff actor, only when the reader's scope is every school. The Audit tab, its
    export, the report export and the CLI all read through this one scope.
    """
    schools = scope_schools(uow, session, Permission.READ_AUDIT, school_code, action=action)
    ids = {s.id for s in schools}
    every_school = school_code is None and len(ids) == len(uow.schools.list_all())
    districts = {s.local_district for s in schools}
    staff_in_scope = set()
    for grant in uow.grants.active_all():
        if grant.school_id in ids or (
            grant.school_id is None
            and (grant.local_district is None or grant.local_district in districts)
        ):
            staff_in_scope.add(grant.staff_id)
    return schools, AuditScope(frozenset(ids), frozenset(staff_in_scope), every_school)


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
    school_code: str | None = None,
    limit: int | None = 5000,
) -> Sequence[AuditRecord]:
    """Audit rows filtered by time, staff member, action or target (oldest first), limited
    to the reader's schools (``audit_scope``)."""
    with ctx.uow(readonly=True) as uow:
        _schools, scope = audit_scope(uow, session, school_code, action="audit_read")
        return uow.audit.query(
            since=since,
            until=until,
            actor=actor,
            action=action,
            target_id=target_id,
            limit=limit,
            scope=scope,
        )
