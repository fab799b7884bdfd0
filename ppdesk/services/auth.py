"""Staff authentication behind one small interface.

``Authenticator`` is what the GUI and CLI call. ``PasswordAuthenticator`` checks argon2id
hashes kept in the staff table and locks an account after repeated failures. A later
deployment may log staff in as their own PostgreSQL roles; it only needs another class with
the same two methods.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import AccountLocked, AuthenticationFailed, ValidationError
from ppdesk.services.access import audit
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import UnitOfWork

MAX_FAILED_LOGINS = 5
PASSWORD_MIN = 12
PASSWORD_MAX = 256

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so the answer takes the same time.
_DUMMY_HASH = _hasher.hash("ppdesk-timing-equaliser")


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _hasher.hash(password)


def check_password_policy(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise ValidationError("password.too_short", minimum=PASSWORD_MIN, field="password")
    if len(password) > PASSWORD_MAX:
        raise ValidationError("password.too_long", maximum=PASSWORD_MAX, field="password")
    if "\x00" in password:
        raise ValidationError("password.nul_byte", field="password")


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


class Authenticator(Protocol):
    def login(self, username: str, password: str) -> StaffSession: ...
    def reauthenticate(self, session: StaffSession, password: str) -> StaffSession: ...


class PasswordAuthenticator:
    """Passwords checked against argon2id hashes in the staff table."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def login(self, username: str, password: str) -> StaffSession:
        username = (username or "").strip().lower()
        # The slow password check runs outside the write transaction (on SQLite that
        # holds the database's write lock); the account's state is re-checked under a row
        # lock when the outcome is recorded.
        with self.ctx.uow(readonly=True) as uow:
            staff = uow.staff.get_by_username(username) if username else None
        ok = _verify(staff.password_hash if staff else None, password)
        with self.ctx.uow() as uow:
            if staff is None:
                audit(
                    uow,
                    self.ctx,
                    None,
                    AuditEntry(
                        "login", Outcome.FAILED, "staff", None, details={"reason": "unknown user"}
                    ),
                )
                uow.commit()
                raise AuthenticationFailed("auth.wrong_password")
            target_id = str(staff.id)
            if staff.locked_at is not None or not staff.active:
                reason = "account locked" if staff.locked_at else "account inactive"
                audit(
                    uow,
                    self.ctx,
                    None,
                    AuditEntry(
                        "login", Outcome.DENIED, "staff", target_id, details={"reason": reason}
                    ),
                )
                uow.commit()
                if staff.locked_at is not None:
                    raise AccountLocked("auth.account_locked")
                raise AuthenticationFailed("auth.wrong_password")
            if not ok:
                counted = uow.staff.record_failed_login(
                    staff.id, limit=MAX_FAILED_LOGINS, now=uow.now()
                )
                if counted is None:  # locked by a concurrent failure since it was read
                    self._locked(uow, target_id)
                failures, locked = counted
                details: dict[str, object] = {"failures": failures}
                if locked:
                    details["locked"] = True
                audit(
                    uow,
                    self.ctx,
                    None,
                    AuditEntry("login", Outcome.FAILED, "staff", target_id, details=details),
                )
                uow.commit()
                raise AuthenticationFailed("auth.wrong_password")
            now = uow.now()
            fields: dict[str, object] = {"last_login_at": now}
            if _hasher.check_needs_rehash(staff.password_hash or ""):
                fields["password_hash"] = _hasher.hash(password)
            if not uow.staff.record_login(staff.id, **fields):
                self._locked(uow, target_id)
            session = StaffSession(
                staff_id=staff.id,
                username=staff.username,
                display_name=staff.display_name,
                workstation=self.ctx.workstation,
                authenticated_at=self.ctx.clock(),
            )
            audit(uow, self.ctx, session, AuditEntry("login", Outcome.SUCCESS, "staff", target_id))
            uow.commit()
            return session

    def _locked(self, uow: UnitOfWork, target_id: str) -> NoReturn:
        """Refuse a login whose account a concurrent attempt locked after it was read."""
        uow.rollback()
        audit(
            uow,
            self.ctx,
            None,
            AuditEntry(
                "login", Outcome.DENIED, "staff", target_id, details={"reason": "account locked"}
            ),
        )
        uow.commit()
        raise AccountLocked("auth.account_locked")

    def reauthenticate(self, session: StaffSession, password: str) -> StaffSession:
        """Step-up or unlock of an idle screen: the same user types the password again."""
        fresh = self.login(session.username, password)
        return replace(session, authenticated_at=fresh.authenticated_at)
