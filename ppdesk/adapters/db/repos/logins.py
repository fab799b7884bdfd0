"""Staff members' own PostgreSQL login roles, through the ``ppdesk_api`` login functions.

The functions (see ``adapters.db.pg_security``) are the only holders of CREATEROLE and touch
only plain members of the staff group. A password never reaches the server in clear: the
client turns it into a SCRAM-SHA-256 verifier first (libpq's ``PQencryptPasswordConn``), so
it cannot appear in a server log or ``pg_stat_activity``.

A function that refuses records the refusal in the audit trail and returns its reason code
(docs/district-setup.md, section 1); here it becomes the domain error, carrying the audit
entry that ``@service`` writes after the act's transaction has rolled back (which also
takes the function's own row with it), so the refusal is recorded exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import DomainError, NotFound, PermissionDenied


def refusal_error(code: str, action: str, username: str) -> DomainError:
    """The domain error for a ``ppdesk_api`` login function's refusal ``code``."""
    entry = AuditEntry(action, Outcome.DENIED, "staff", None, None, {"reason": code})
    if code == "not_staff_manager":
        return PermissionDenied("permission.manage_staff", audit_entry=entry)
    if code == "no_staff_account":
        return NotFound("staff.username_not_found", audit_entry=entry, username=username)
    return PermissionDenied("database.refused", audit_entry=entry, reason=code)


class SqlLoginRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def supported(self) -> bool:
        """A PostgreSQL database on which ``ppdesk db roles --apply`` was run."""
        if self.s.get_bind().dialect.name != "postgresql":
            return False
        found = self.s.execute(
            text("SELECT to_regprocedure('ppdesk_api.create_login(text, text)') IS NOT NULL")
        ).scalar_one()
        return bool(found)

    def _verifier(self, username: str, password: str) -> str:
        pgconn = self.s.connection().connection.driver_connection.pgconn  # type: ignore[union-attr]
        raw: bytes = pgconn.encrypt_password(
            password.encode("utf-8"), username.encode("utf-8"), b"scram-sha-256"
        )
        return raw.decode("ascii")

    def session_role(self) -> str:
        """The database role this connection signed in as (the actor of the functions'
        audit rows)."""
        return str(self.s.execute(text("SELECT session_user")).scalar_one())

    def exists(self, username: str) -> bool:
        return bool(
            self.s.execute(
                text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :u)"), {"u": username}
            ).scalar_one()
        )

    def can_login(self, username: str) -> bool:
        return bool(
            self.s.execute(
                text(
                    "SELECT coalesce((SELECT rolcanlogin FROM pg_roles WHERE rolname = :u), false)"
                ),
                {"u": username},
            ).scalar_one()
        )

    def create(self, username: str, password: str | None) -> None:
        """A login role for ``username``: SCRAM with ``password``, or (None) a directory
        login that pg_hba authenticates through LDAP or Kerberos."""
        verifier = self._verifier(username, password) if password is not None else None
        self._call("create_login(:u, :v)", "login_create", username, {"v": verifier})

    def set_password(self, username: str, password: str | None) -> None:
        verifier = self._verifier(username, password) if password is not None else None
        self._call("set_login_password(:u, :v)", "login_password_set", username, {"v": verifier})

    def disable(self, username: str) -> None:
        self._call("disable_login(:u)", "login_disable", username, {})

    def enable(self, username: str) -> None:
        """The login role may log in again (its staff account was reactivated)."""
        self._call("enable_login(:u)", "login_enable", username, {})

    def _call(self, call: str, action: str, username: str, more: dict[str, str | None]) -> None:
        code = self.s.execute(
            text(f"SELECT refusal FROM ppdesk_api.{call}"), {"u": username, **more}
        ).scalar_one()
        if code is not None:
            raise refusal_error(str(code), action, username)

    def staff_logins(self, staff_group: str) -> Sequence[tuple[str, bool]]:
        """(role name, may log in) of every member of the staff group."""
        rows = self.s.execute(
            text(
                "SELECT u.rolname, u.rolcanlogin FROM pg_auth_members m "
                "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                "WHERE g.rolname = :g ORDER BY u.rolname"
            ),
            {"g": staff_group},
        )
        return [(str(r[0]), bool(r[1])) for r in rows]

    # ``ppdesk db person-logins on|off`` also tells every workstation how to sign people in.
    def person_logins_on(self) -> bool:
        value = self.s.execute(
            text("SELECT value FROM ppdesk_meta WHERE key = 'person_logins'")
        ).scalar()
        return value == "on"

    def set_person_logins(self, on: bool) -> None:
        self.s.execute(text("DELETE FROM ppdesk_meta WHERE key = 'person_logins'"))
        self.s.execute(
            text("INSERT INTO ppdesk_meta (key, value) VALUES ('person_logins', :v)"),
            {"v": "on" if on else "off"},
        )
