"""Database-enforcement tests: a database with ppdesk's roles applied, person login roles,
and psql run as one of them (a real second process, as an attacker would use)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field

import psycopg
from sqlalchemy.engine import make_url

from tests.support.db import PgDatabases, _admin_conninfo


@dataclass
class RolesDatabase:
    """One throwaway database and every cluster role made for it; ``close`` drops both."""

    pg: PgDatabases
    url: str
    logins: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(make_url(self.url).database)

    @property
    def prefix(self) -> str:
        return self.name

    def admin(self, sql: str, *params: object) -> list[tuple]:
        with psycopg.connect(_admin_conninfo(self.url), autocommit=True) as conn:
            cur = conn.execute(sql, params or None)
            return cur.fetchall() if cur.description else []

    def login_name(self, who: str) -> str:
        name = f"{self.prefix}_{who}"
        self.logins.append(name)
        return name

    def psql(self, user: str, sql: str) -> subprocess.CompletedProcess[str]:
        """Run ``sql`` with psql as ``user``; a failure leaves returncode != 0."""
        u = make_url(self.url)
        exe = shutil.which("psql")
        assert exe, "psql is needed (Debian package postgresql-client)"
        return subprocess.run(
            [
                exe,
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                "-Atq",
                "-h",
                str(u.host or "127.0.0.1"),
                "-p",
                str(u.port or 5432),
                "-U",
                user,
                "-d",
                self.name,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "10", "LC_ALL": "C"},
        )

    def close(self) -> None:
        self.pg.drop(self.url)
        roles = [
            *self.logins,
            f"{self.prefix}_owner",
            f"{self.prefix}_staff",
            f"{self.prefix}_login_admin",
        ]
        with psycopg.connect(_admin_conninfo(self.pg.base_url), autocommit=True) as conn:
            for role in roles:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
