"""Authorisation: who may do what, for which school, checked in every service call.

Grants are read from the database on every call, so a revocation applies to the very next
act (no restart). A refusal raises ``PermissionDenied``; the ``@service`` decorator records
every audited refusal in its own transaction after the act's transaction has rolled back.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Concatenate, ParamSpec, TypeVar

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import DatabaseBusy, DomainError, PermissionDenied, StepUpRequired
from ppdesk.domain.messages import Param
from ppdesk.domain.roles import Permission, Role, permission_denied_code, role_allows
from ppdesk.services.context import STEP_UP_WINDOW, AppContext, StaffSession
from ppdesk.services.ports import GrantRecord, SchoolRecord, UnitOfWork

P = ParamSpec("P")
T = TypeVar("T")


def audit(uow: UnitOfWork, ctx: AppContext, session: StaffSession | None, entry: AuditEntry) -> int:
    """Append one audit row in the caller's transaction."""
    return uow.audit.append(
        entry,
        actor=session.username if session else "-",
        actor_staff_id=session.staff_id if session else None,
        workstation=session.workstation if session else ctx.workstation,
    )


def _grant_covers(grant: GrantRecord, school: SchoolRecord | None) -> bool:
    if grant.school_id is None and grant.local_district is None:
        return True  # district-wide
    if school is None:
        return False
    if grant.school_id is not None:
        return grant.school_id == school.id
    return grant.local_district == school.local_district


def grants_for(uow: UnitOfWork, session: StaffSession) -> Sequence[GrantRecord]:
    """The session's active grants; none once the account is deactivated or locked."""
    return uow.grants.usable_for(session.staff_id)


def roles_at(uow: UnitOfWork, session: StaffSession, school: SchoolRecord | None) -> set[Role]:
    return {g.role for g in grants_for(uow, session) if _grant_covers(g, school)}


def allowed(
    uow: UnitOfWork, session: StaffSession, permission: Permission, school: SchoolRecord | None
) -> bool:
    return grants_allow(grants_for(uow, session), permission, school)


def grants_allow(
    grants: Iterable[GrantRecord], permission: Permission, school: SchoolRecord | None
) -> bool:
    """``allowed``, for grants already read (``grants_for``): many schools checked at once."""
    return any(role_allows(g.role, permission) for g in grants if _grant_covers(g, school))


def holds_at_school(
    uow: UnitOfWork, session: StaffSession, permission: Permission, school: SchoolRecord | None
) -> bool:
    """True if a grant *for this very school* (not a local-district or district-wide one)
    allows ``permission``: the school's own staff, as against a district office's."""
    if school is None:
        return False
    return any(
        g.school_id == school.id and role_allows(g.role, permission)
        for g in grants_for(uow, session)
    )


def schools_with(
    uow: UnitOfWork, session: StaffSession, permission: Permission
) -> list[SchoolRecord]:
    """The schools where the staff member holds ``permission`` (their scope)."""
    grants = [g for g in grants_for(uow, session) if role_allows(g.role, permission)]
    if not grants:
        return []
    return [s for s in uow.schools.list_all() if any(_grant_covers(g, s) for g in grants)]


class AuditedDenial(PermissionDenied):
    """A refusal that the ``@service`` wrapper writes to the audit trail."""

    def __init__(self, code: str, entry: AuditEntry, /, **params: Param) -> None:
        super().__init__(code, audit_entry=entry, **params)


def require(
    uow: UnitOfWork,
    session: StaffSession,
    permission: Permission,
    school: SchoolRecord | None,
    *,
    action: str,
    target_type: str | None = None,
    target_id: str | None = None,
) -> None:
    """Raise (and later audit) unless the staff member holds ``permission`` at ``school``."""
    if allowed(uow, session, permission, school):
        return
    raise AuditedDenial(
        permission_denied_code(permission),
        AuditEntry(
            action=action,
            outcome=Outcome.DENIED,
            target_type=target_type,
            target_id=target_id,
            school_id=school.id if school else None,
            details={"permission": permission.value},
        ),
    )


def require_recent_login(ctx: AppContext, session: StaffSession, *, action: str) -> None:
    """Step-up: revealing, printing or exporting PINs needs a recent password entry."""
    if ctx.clock() - session.authenticated_at > STEP_UP_WINDOW:
        raise StepUpRequired("auth.step_up")


BUSY_ATTEMPTS = 3
BUSY_BACKOFF_S = (0.05, 0.2)  # before the second and the third attempt


def retries_when_busy(fn: Callable[P, T]) -> Callable[P, T]:
    """Run the whole act again when the database refused it as transient (SECURITY.md 7).

    A serialization failure or deadlock (PostgreSQL) or a write lock held too long
    (SQLite) rolls the transaction back (``DatabaseBusy``); the act is then simply run
    again, at most ``BUSY_ATTEMPTS`` times, with a short randomised pause. Only for acts
    that are safe to repeat from the start: everything they write is in their
    transactions, and PIN issue carries its request id. After the last attempt the user
    is told that nothing was saved.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(BUSY_ATTEMPTS):
            try:
                return fn(*args, **kwargs)
            except DatabaseBusy:
                if attempt == BUSY_ATTEMPTS - 1:
                    raise DatabaseBusy("database.busy") from None
                pause = BUSY_BACKOFF_S[min(attempt, len(BUSY_BACKOFF_S) - 1)]
                time.sleep(pause * (0.5 + random.random()))  # noqa: S311 - jitter only
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def service(
    fn: Callable[Concatenate[AppContext, StaffSession, P], T],
) -> Callable[Concatenate[AppContext, StaffSession, P], T]:
    """Wrap a service function ``fn(ctx, session, ...)``: an audited refusal (a
    ``DomainError`` carrying ``audit_entry``) is recorded in its own transaction after the
    act's transaction has rolled back, as the same staff member.

    By contract a service takes the context and the staff session as its first two
    positional parameters; the wrapper receives them by position, it never searches the
    arguments for them.
    """

    @functools.wraps(fn)
    def wrapper(ctx: AppContext, session: StaffSession, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return fn(ctx, session, *args, **kwargs)
        except DomainError as exc:
            if exc.audit_entry is not None:
                with ctx.uow() as uow:
                    audit(uow, ctx, session, exc.audit_entry)
                    uow.commit()
            raise

    return wrapper
