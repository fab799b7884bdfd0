"""Databases for tests: a fresh SQLite file, or a fresh PostgreSQL database per test.

PostgreSQL databases are cloned from a migrated template (CREATE DATABASE ... TEMPLATE),
which is much faster than running the migrations for every test.
"""

from __future__ import annotations

import os
import uuid

import psycopg
from sqlalchemy.engine import make_url

PG_ENV = "PPDESK_TEST_POSTGRES_URL"
# Optional: where the tests' programs connect (e.g. a PgBouncer in front of PG_ENV's server);
# databases are still created, migrated and dropped on PG_ENV directly.
PG_APP_ENV = "PPDESK_TEST_POSTGRES_APP_URL"


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _admin_conninfo(url: str) -> str:
    u = make_url(url)
    parts = [f"dbname={u.database or 'postgres'}"]
    if u.host:
        parts.append(f"host={u.host}")
    if u.port:
        parts.append(f"port={u.port}")
    if u.username:
        parts.append(f"user={u.username}")
    if u.password:
        parts.append(f"password={u.password}")
    return " ".join(parts)


class PgDatabases:
    """Creates and drops per-test databases on the server PPDESK_TEST_POSTGRES_URL names."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.prefix = f"ppdt_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template: str | None = None
        self.created: list[str] = []

    def _exec(self, sql: str) -> None:
        with psycopg.connect(_admin_conninfo(self.base_url), autocommit=True) as conn:
            conn.execute(sql)

    def url_for(self, name: str) -> str:
        return make_url(self.base_url).set(database=name).render_as_string(hide_password=False)

    def ensure_template(self) -> str:
        if self.template is None:
            from ppdesk.adapters.db import engine as db_engine
            from ppdesk.adapters.db import schema

            name = f"{self.prefix}_tpl"
            self._exec(f'CREATE DATABASE "{name}"')
            engine = db_engine.create_engine(self.url_for(name))
            try:
                schema.upgrade(engine)
            finally:
                engine.dispose()
            self.template = name
        return self.template

    def app_url_for(self, name: str) -> str:
        app = os.environ.get(PG_APP_ENV)
        base = make_url(app) if app else make_url(self.base_url)
        return base.set(database=name).render_as_string(hide_password=False)

    def new(self, *, migrated: bool = True) -> str:
        name = f"{self.prefix}_{len(self.created)}"
        if migrated:
            self._exec(f'CREATE DATABASE "{name}" TEMPLATE "{self.ensure_template()}"')
        else:
            self._exec(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.app_url_for(name)

    def exists(self, name: str) -> bool:
        with psycopg.connect(_admin_conninfo(self.base_url), autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return found.fetchone() is not None

    def create(self, name: str) -> None:
        """An empty database of this name that ``drop_all`` leaves alone (a benchmark's
        kept data)."""
        self._exec(f'CREATE DATABASE "{name}"')

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        for name in [*self.created, self.template]:
            if name:
                self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
