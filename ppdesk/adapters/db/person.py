"""Connecting as the person: the database checks the password (SCRAM, or the directory
through pg_hba) and ``ppdesk_api.session_start()`` records the login."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from ppdesk.adapters.db import engine as db_engine
from ppdesk.domain.errors import AuthenticationFailed, DatabaseUnavailable

if TYPE_CHECKING:
    from ppdesk.adapters.db.person_uow import PersonUnitOfWorkFactory

# Connection errors that mean "this person, with this password, may not sign in".
_REFUSALS = (
    "authentication failed",
    "no password supplied",
    "not permitted to log in",
    "no pg_hba.conf entry",
    "does not exist",
)


class PgPersonConnector:
    def __init__(self, url: str | URL) -> None:
        self.url = make_url(url) if isinstance(url, str) else url

    def connect(self, username: str, password: str) -> PersonUnitOfWorkFactory:
        """Connect as the person, start their session (``session_start`` records the login)
        and return the units of work on that connection: the desk's work after sign-in."""
        from ppdesk.adapters.db.person_uow import PersonUnitOfWorkFactory, person_engine

        engine = person_engine(self.url, username, password or None)
        try:
            with engine.connect() as conn:
                # A refusal (no active staff account for this login) comes back as a result
                # with its audit row: commit that row first, then refuse the sign-in.
                refused = conn.execute(
                    text("SELECT refusal FROM ppdesk_api.session_start()")
                ).scalar_one()
                conn.commit()
            if refused is not None:
                raise AuthenticationFailed("auth.wrong_password")
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
        return PersonUnitOfWorkFactory(engine, username)
