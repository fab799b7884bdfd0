"""Sign-in checked by the shared database itself.

With personal database logins switched on (``ppdesk db person-logins on``), the password a
staff member types is checked by PostgreSQL: their own login role's SCRAM password, or the
district directory through pg_hba (LDAP), or their Kerberos ticket (pg_hba ``gss``: nothing
typed, the password is empty). ppdesk keeps no password of theirs. The database
function ``ppdesk_api.session_start()`` records the login in the audit trail with the
person as the actor, and refuses (and records) a login whose staff account is not active.
Lockout after repeated failures is the directory's (or PostgreSQL's authentication) policy,
not a counter in ppdesk.

A connection PostgreSQL refuses (wrong password, ``NOLOGIN``, no pg_hba line) is recorded
here over the workstation's own connection; on a workstation without one (settings
``sign_in = "database"``) there is nothing to record it over: the server's log
(``log_connections``, its failed authentication lines) and the directory keep it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import AuthenticationFailed
from ppdesk.services.access import audit
from ppdesk.services.auth import PasswordAuthenticator
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import PersonConnector, PersonUnitOfWorkFactory


class DatabaseAuthenticator:
    """The ``Authenticator`` of a shared database with personal logins."""

    def __init__(self, ctx: AppContext, connector: PersonConnector) -> None:
        self.ctx = ctx
        self.connector = connector

    def login(self, username: str, password: str) -> StaffSession:
        """Sign in by connecting as the person; from then on ``ctx.uow`` is that connection
        (every unit of work runs as the person, under the database's rules). The staff row
        is read, and a refused sign-in recorded, over the workstation's connection."""
        username = (username or "").strip().lower()
        if not self.ctx.workstation_connection:
            return self._login_as_person(username, password)
        workstation = self.ctx.workstation_uow or self.ctx.uow
        with workstation(readonly=True) as uow:
            staff = uow.staff.get_by_username(username) if username else None
        target = str(staff.id) if staff else None
        usable = staff is not None and staff.active and staff.locked_at is None
        try:
            if not usable:
                raise AuthenticationFailed("auth.wrong_password")
            factory = self.connector.connect(username, password)
        except AuthenticationFailed:
            reason = "refused by the database" if usable else "no active account"
            with workstation() as uow:
                audit(
                    uow,
                    self.ctx,
                    None,
                    AuditEntry(
                        "login",
                        Outcome.FAILED,
                        "staff",
                        target,
                        details={"method": "database", "reason": reason},
                    ),
                )
                uow.commit()
            raise AuthenticationFailed("auth.wrong_password") from None
        assert staff is not None
        return self._session(staff, factory)

    def _login_as_person(self, username: str, password: str) -> StaffSession:
        """No workstation connection (``sign_in = "database"``): connect as the person, then
        read their own staff account through the ``ppdesk_api.staff`` view. A refused
        connection is recorded by the server and the directory, not here (see above)."""
        if not username:
            raise AuthenticationFailed("auth.wrong_password")
        factory = self.connector.connect(username, password)
        try:
            with factory(readonly=True) as uow:
                staff = uow.staff.get_by_username(username)  # the login role: session_user
        except BaseException:
            factory.dispose()
            raise
        if staff is None or not staff.active or staff.locked_at is not None:
            factory.dispose()  # session_start refused (and recorded) it already
            raise AuthenticationFailed("auth.wrong_password")
        return self._session(staff, factory)

    def _session(self, staff: Any, factory: PersonUnitOfWorkFactory) -> StaffSession:
        self.ctx.use_person_connection(factory)
        # The rows the database's functions append as the person carry no signature (the
        # database has no audit key): the desk countersigns them after each commit with the
        # keys it holds (docs/audit.md), the sign-in's row at once.
        ctx = self.ctx
        factory.countersign_with(lambda: ctx.keys.audit_mac if ctx.keys is not None else None)
        return StaffSession(
            staff_id=staff.id,
            username=staff.username,
            display_name=staff.display_name,
            workstation=self.ctx.workstation,
            authenticated_at=self.ctx.clock(),
        )

    def reauthenticate(self, session: StaffSession, password: str) -> StaffSession:
        fresh = self.login(session.username, password)
        return replace(session, authenticated_at=fresh.authenticated_at)


def authenticator_for(ctx: AppContext) -> DatabaseAuthenticator | PasswordAuthenticator:
    """How this workstation signs people in: through the database when personal logins are
    on (bootstrap wires ``ctx.person_connector``), else ppdesk's own passwords."""
    connector = ctx.person_connector
    if connector is not None:
        return DatabaseAuthenticator(ctx, connector)
    return PasswordAuthenticator(ctx)
