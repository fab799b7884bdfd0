"""Connecting as the person: the database checks the password (SCRAM, or the directory
through pg_hba) and ``ppdesk_api.session_start()`` records the login.

A workstation without a database credential of its own (settings ``sign_in =
"database"``) first reads ``ppdesk_api.desk_info()`` over that connection: the checks it
cannot make before sign-in (schema revision, the ``db person-logins`` switch) are made
there, and what it needs of the database (its id, its PIN keys' fingerprint) is handed to
``on_connected``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db import schema
from ppdesk.domain.errors import (
    AuthenticationFailed,
    DatabaseUnavailable,
    NotAvailable,
    SchemaError,
)

if TYPE_CHECKING:
    from ppdesk.adapters.db.person_uow import PersonUnitOfWorkFactory

# Connection errors that mean "this person, with this password, may not sign in".
_REFUSALS = (
    "authentication failed",
    "no password supplied",
    "not permitted to log in",
    "no pg_hba.conf entry",
    "does not exist",
    # Kerberos (pg_hba ``gss``) without a ticket of the person's: MIT krb5's wording, as
    # libpq's "GSSAPI continuation error" reports it. Other GSSAPI failures (the server's
    # principal unknown, the KDC unreachable) stay "database unreachable": they are IT's.
    "no kerberos credentials available",
)


# ``desk_info()`` or its schema missing, or not executable: a database whose rules predate it.
_NO_DESK_INFO = ("42883", "3F000", "42501")


@dataclass(frozen=True)
class DeskInfo:
    """``ppdesk_api.desk_info()``: what the desk needs of the database at sign-in."""

    schema_revision: str | None
    database_id: str
    key_fingerprint: str | None  # None: no PIN keys claimed yet (``ppdesk keys init``)
    person_logins: bool


def desk_info(conn: Connection) -> DeskInfo:
    """The database's facts, read as the person; ``SchemaError`` when the schema is not the
    current one (the start-up policy's message) or the function is missing."""
    try:
        row = conn.execute(
            text(
                "SELECT schema_revision, database_id, key_fingerprint, person_logins "
                "FROM ppdesk_api.desk_info()"
            )
        ).one()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) in _NO_DESK_INFO:
            raise SchemaError("schema.no_desk_info") from None
        raise
    info = DeskInfo(row[0], str(row[1] or ""), row[2], bool(row[3]))
    schema.require_current(schema.state_of(info.schema_revision, other_tables=True))
    if not info.person_logins:
        raise NotAvailable("auth.person_logins_off")
    return info


class PgPersonConnector:
    def __init__(
        self, url: str | URL, *, on_connected: Callable[[DeskInfo], Any] | None = None
    ) -> None:
        """``on_connected``: a workstation with no connection of its own (``sign_in =
        "database"``); it receives ``desk_info()`` once the person is signed in."""
        self.url = make_url(url) if isinstance(url, str) else url
        self.on_connected = on_connected

    def connect(self, username: str, password: str) -> PersonUnitOfWorkFactory:
        """Connect as the person, start their session (``session_start`` records the login)
        and return the units of work on that connection: the desk's work after sign-in."""
        from ppdesk.adapters.db.person_uow import (
            Countersigner,
            PersonUnitOfWorkFactory,
            countersign_available,
            person_engine,
        )

        engine = person_engine(self.url, username, password or None)
        info: DeskInfo | None = None
        try:
            with engine.connect() as conn:
                if self.on_connected is not None:
                    info = desk_info(conn)  # before the login is recorded
                    conn.rollback()
                countersigner = Countersigner(countersign_available(conn))
                conn.rollback()
                # A refusal (no active staff account for this login) comes back as a result
                # with its audit row: commit that row first, then refuse the sign-in.
                refused = conn.execute(
                    text("SELECT refusal FROM ppdesk_api.session_start()")
                ).scalar_one()
                # The login's row, countersigned once the desk has its keys (countersign_with).
                countersigner.pending.update(countersigner.rows_to_sign(conn))
                conn.commit()
            if refused is not None:
                raise AuthenticationFailed("auth.wrong_password")
            if self.on_connected is not None and info is not None:
                self.on_connected(info)
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            message = str(exc.orig or exc).lower()
            if any(r in message for r in _REFUSALS):
                raise AuthenticationFailed("auth.wrong_password") from None
            raise DatabaseUnavailable(
                "database.unreachable", database=db_engine.describe(self.url)
            ) from None
        except BaseException:
            engine.dispose()
            raise
        return PersonUnitOfWorkFactory(engine, username, countersigner)
