"""Engines for the two supported databases.

SQLite (one workstation): foreign keys on, WAL, a busy timeout, and write transactions
opened with ``BEGIN IMMEDIATE`` so two writers queue instead of failing half-way.
PostgreSQL (shared): psycopg 3, pre-ping (a restarted server is invisible to the user),
connect/lock/statement timeouts so nothing hangs the desk.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ppdesk.domain.errors import ConfigurationError, DatabaseMissing

CONNECT_TIMEOUT_S = 5
LOCK_TIMEOUT_MS = 5000
STATEMENT_TIMEOUT_MS = 120_000
SQLITE_BUSY_TIMEOUT_MS = 15_000


SUPPORTED = "use sqlite:///PATH/TO/FILE.sqlite3 or postgresql://USER@HOST/DATABASE"


def parse_url(url: str | URL) -> URL:
    """``url`` as a SQLAlchemy URL, or ``ConfigurationError`` naming what is accepted."""
    if not isinstance(url, str):
        return url
    try:
        return make_url(url)
    except ArgumentError:
        raise ConfigurationError(
            "config.url_invalid", url=without_credentials(url)[:80], supported=SUPPORTED
        ) from None


def without_credentials(text: str) -> str:
    """``text`` (a database URL, maybe malformed) with any ``user:password@`` masked."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    authority = rest.split("/", 1)[0]
    if "@" in authority:
        rest = "***@" + rest[authority.rfind("@") + 1 :]
    return scheme + sep + rest


def normalise_url(url: str | URL, password: str | None = None) -> URL:
    """Accept ``postgresql://``, ``postgres://`` or ``sqlite:///`` and pick our drivers."""
    u = parse_url(url)
    backend = u.get_backend_name()
    if backend in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
        if password is not None and u.password is None:
            u = u.set(password=password)
    elif backend == "sqlite":
        u = u.set(drivername="sqlite+pysqlite")
    else:
        raise ConfigurationError("config.backend_unsupported", backend=backend, supported=SUPPORTED)
    return u


def is_sqlite(url: str | URL) -> bool:
    u = parse_url(url)
    return u.get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    u = parse_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def create_engine(
    url: str | URL, *, password: str | None = None, create: bool = True, **kwargs: Any
) -> Engine:
    """Create an engine with ppdesk's settings for the database ``url`` names. A SQLite
    file is created (private) unless ``create`` is false; then a missing file is
    ``DatabaseMissing``."""
    u = normalise_url(url, password)
    if u.get_backend_name() == "sqlite":
        return _sqlite_engine(u, create=create, **kwargs)
    return _postgres_engine(u, **kwargs)


def create_private_sqlite_file(path: Path) -> None:
    """A new SQLite database holds student data: its folder is created 0700 and the file
    0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _sqlite_engine(u: URL, *, create: bool = True, **kwargs: Any) -> Engine:
    path = sqlite_path(u)
    if path is not None:
        if not path.exists() and not create:
            raise DatabaseMissing("database.sqlite_missing", path=str(path))
        create_private_sqlite_file(path)
    engine = sa_create_engine(
        u,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if path is not None:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get("ppdesk_no_transaction"):
            return  # reads without a transaction (``SqlUnitOfWorkFactory``): autocommit
        if options.get("ppdesk_readonly"):
            # A read's BEGIN straight to the driver: through the engine it costs a
            # counter lookup more Python time than the search statement.
            conn.connection.driver_connection.execute("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


# The desk holds at most one idle connection (a district's 2,000 workstations must fit the
# server, or PgBouncer in front of it); background jobs may open a few more for their run.
POOL_SIZE = 1
MAX_OVERFLOW = 10
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def is_local_host(host: str | None) -> bool:
    """A Unix socket or the loopback interface: nothing crosses a network."""
    h = (host or "").strip().lower()
    return h in LOCAL_HOSTS or h.startswith("/") or h.startswith("127.")


def session_defaults() -> dict[str, str]:
    """The settings every desk session runs with (read at call time: tests shorten them)."""
    return {
        "lock_timeout": f"{LOCK_TIMEOUT_MS}ms",
        "statement_timeout": f"{STATEMENT_TIMEOUT_MS}ms",
        "idle_in_transaction_session_timeout": "300000ms",
        "timezone": "UTC",
    }


def postgres_connect_args(u: URL) -> dict[str, Any]:
    """libpq/psycopg options for one PostgreSQL URL.

    - TLS with certificate and host name verification (``verify-full``) for any host that is
      not this machine, unless the URL names its own ``sslmode`` (an IT decision, visible in
      the settings file);
    - ``prepare_threshold=None``: no server-side prepared statements, so a transaction-pooling
      PgBouncer may hand each transaction to another server connection;
    - ``gssencmode=disable`` unless the URL names its own: Kerberos (pg_hba ``gss``)
      authenticates inside that TLS connection, the same with every libpq (psycopg's binary
      wheel compiles ``disable`` in, a system libpq ``prefer``), and psycopg does not warn
      on each Kerberos connection that the default was relied on.
    """
    options = " ".join(f"-c {k}={v}" for k, v in session_defaults().items())
    # Behind PgBouncer, ``ignore_startup_parameters = options`` drops ``options``; the same
    # timeouts are then the database's defaults (``ppdesk db roles --apply`` sets them).
    args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "ppdesk",
        "prepare_threshold": None,
        "options": options,
    }
    if "sslmode" not in u.query and not is_local_host(u.host):
        args["sslmode"] = "verify-full"
    if "gssencmode" not in u.query:
        args["gssencmode"] = "disable"
    return args


def _postgres_engine(u: URL, **kwargs: Any) -> Engine:
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", MAX_OVERFLOW)
    return sa_create_engine(
        u,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args=postgres_connect_args(u),
        **kwargs,
    )


def describe(url: str | URL) -> str:
    """A human description of a database, never including its password."""
    u = parse_url(url)
    if u.get_backend_name() == "sqlite":
        return f"SQLite file {u.database}"
    host = u.host or "localhost"
    port = f":{u.port}" if u.port else ""
    user = f"{u.username}@" if u.username else ""
    return f"PostgreSQL {user}{host}{port}/{u.database}"
