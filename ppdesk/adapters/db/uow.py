"""Unit of work over a SQLAlchemy session: one transaction, rolled back unless committed."""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ppdesk.adapters.db import clock
from ppdesk.adapters.db.repos.audit import AuditSigner, SqlAuditRepository
from ppdesk.adapters.db.repos.keys import SqlKeysRepository
from ppdesk.adapters.db.repos.logins import SqlLoginRepository
from ppdesk.adapters.db.repos.people import SqlPeopleRepository
from ppdesk.adapters.db.repos.pins import SqlPinRepository
from ppdesk.adapters.db.repos.roster import SqlRosterRepository
from ppdesk.adapters.db.repos.school_letters import SqlSchoolLetterRepository
from ppdesk.adapters.db.repos.sis import SqlSisRepository
from ppdesk.adapters.db.repos.staff import (
    SqlGrantRepository,
    SqlSchoolRepository,
    SqlStaffRepository,
)
from ppdesk.adapters.db.repos.status_requests import SqlStatusRequestRepository
from ppdesk.domain.errors import DatabaseBusy, DatabaseUnavailable

# A read without a transaction (``transaction=False``): the engine's "begin" listener
# (SQLite) sends no BEGIN for it; PostgreSQL reads in autocommit.
NO_TRANSACTION = {"ppdesk_readonly": True, "ppdesk_no_transaction": True}
NO_TRANSACTION_PG = {**NO_TRANSACTION, "isolation_level": "AUTOCOMMIT"}

# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available (lock_timeout).
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def _is_disconnect(exc: BaseException) -> bool:
    """Connection lost or refused, as opposed to a lock timeout or a bad statement."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return any(
        word in text
        for word in (
            "connection",
            "server closed",
            "could not connect",
            "terminating",
            "timeout expired",
        )
    )


def _is_transient(exc: BaseException) -> bool:
    """A refusal that running the same transaction again may well get past."""
    if not isinstance(exc, DBAPIError) or exc.connection_invalidated:
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    # SQLite: another connection held the write lock for the whole busy timeout.
    return isinstance(exc, OperationalError) and "database is locked" in str(orig).lower()


class SqlUnitOfWork:
    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        readonly: bool = False,
        audit_signer: AuditSigner | None = None,
        transaction: bool = True,
    ) -> None:
        self._factory = factory
        self._readonly = readonly
        self._transaction = transaction
        self._audit_signer = audit_signer
        self.session: Session | None = None

    def __enter__(self) -> Self:
        self.session = self._factory()
        if not self._transaction:
            # Reads without a transaction: PostgreSQL in autocommit (no BEGIN and ROLLBACK
            # round trips; at READ COMMITTED each statement reads its own snapshot in a
            # transaction too), SQLite without BEGIN (each read its own).
            pg = self.session.get_bind().dialect.name == "postgresql"
            self.session.connection(execution_options=NO_TRANSACTION_PG if pg else NO_TRANSACTION)
        elif self._readonly:
            self.session.connection(execution_options={"ppdesk_readonly": True})
        self.staff = SqlStaffRepository(self.session)
        self.grants = SqlGrantRepository(self.session)
        self.schools = SqlSchoolRepository(self.session)
        self.audit = SqlAuditRepository(self.session, self._audit_signer)
        self.people = SqlPeopleRepository(self.session)
        self.pins = SqlPinRepository(self.session)
        self.roster = SqlRosterRepository(self.session)
        self.sis = SqlSisRepository(self.session)
        self.keys = SqlKeysRepository(self.session)
        self.logins = SqlLoginRepository(self.session)
        self.status_requests = SqlStatusRequestRepository(self.session)
        self.school_letters = SqlSchoolLetterRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.session is not None
        try:
            # A read leaves nothing to roll back in the session: closing it ends the
            # database transaction (the pool rolls the connection back) without first
            # expiring what it loaded, which costs a lookup more than its query.
            if not self._readonly:
                self.session.rollback()
        except (OperationalError, InterfaceError):
            pass  # the connection is gone; there is nothing left to roll back
        finally:
            self.session.close()
            self.session = None
        if exc is not None and _is_transient(exc):
            raise DatabaseBusy("database.changed_elsewhere") from exc
        if isinstance(exc, OperationalError | InterfaceError) and _is_disconnect(exc):
            raise DatabaseUnavailable("database.no_answer") from exc

    def commit(self) -> None:
        """Commit; a connection lost during the COMMIT leaves the outcome unknown (the
        server may have committed before the answer was lost), and the message says so
        (SECURITY.md 9)."""
        assert self.session is not None
        try:
            self.session.commit()
        except (OperationalError, InterfaceError) as exc:
            if not _is_disconnect(exc):
                raise
            raise DatabaseUnavailable("database.lost_while_saving") from exc

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()

    def now(self) -> datetime:
        assert self.session is not None
        return clock.db_now(self.session)


class SqlUnitOfWorkFactory:
    """Callable that opens a unit of work on one engine."""

    def __init__(self, engine: Engine, audit_signer: AuditSigner | None = None) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        # Returns the audit key's MAC function when this workstation has the keys; audit
        # rows are signed with it (see ppdesk.domain.audit).
        self.audit_signer = audit_signer

    def __call__(self, *, readonly: bool = False, transaction: bool = True) -> SqlUnitOfWork:
        if not transaction and not readonly:
            raise ValueError("a unit of work without a transaction only reads")
        return SqlUnitOfWork(
            self._sessions,
            readonly=readonly,
            audit_signer=self.audit_signer,
            transaction=transaction,
        )

    def release_idle(self) -> None:
        """Close the idle pooled connection (a later unit of work opens one again): after a
        sign-in with a personal login the desk keeps only the person's connection."""
        self.engine.dispose()
