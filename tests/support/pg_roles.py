"""Database-enforcement tests: a database with ppdesk's roles applied, person login roles,
and psql run as one of them (a real second process, as an attacker would use)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
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

    def held_pin(self, link: int, letter: str) -> int:
        """A held PIN of ``link`` as a bulk letter run leaves it (written as the administrator)."""
        return int(
            self.admin(
                "INSERT INTO parent_pin (link_id, student_id, guardian_id, request_id, pin_hash, "
                "status, issued_at, issued_by_id, expires_at, letter_number) "
                "SELECT l.id, l.student_id, l.guardian_id, %s, md5(%s) || md5(%s), 'held', now(), "
                "(SELECT min(id) FROM staff), now() + interval '60 days', %s "
                "FROM guardian_link l WHERE l.id = %s RETURNING id",
                f"bulk-{letter}",
                letter,
                letter,
                letter,
                link,
            )[0][0]
        )

    def assert_audit_intact(self) -> None:
        """``ppdesk audit verify`` (the CLI, as an administrator) reports the trail intact."""
        from click.testing import CliRunner

        from ppdesk.cli.main import main

        result = CliRunner().invoke(main, ["--database", self.url, "audit", "verify"])
        assert result.exit_code == 0, result.output
        assert "intact" in result.output

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


def refusal(proc: subprocess.CompletedProcess[str]) -> str | None:
    """The reason code of a ``ppdesk_api`` function's refusal as psql showed it: the call
    succeeded (the refusal and its audit row are committed) and the WARNING on standard
    error names the code. None when psql shows no refusal."""
    assert proc.returncode == 0, proc.stderr
    marker = "DETAIL:  ppdesk refusal "
    found = [line for line in proc.stderr.splitlines() if line.startswith(marker)]
    if not found:
        return None
    assert len(found) == 1, proc.stderr
    code = found[0][len(marker) :].split(",")[0]
    assert code in proc.stdout, (code, proc.stdout)  # the result says it too
    return code


@contextmanager
def district_database(pg_databases: PgDatabases) -> Iterator[dict]:
    """Two schools (Maple 1001, Oak Ridge 2002), an office clerk, two principals and a
    teacher with their own directory-style login roles, a PIN issued at each school, and
    ``db roles --apply`` done."""
    from ppdesk import bootstrap
    from ppdesk.domain.roles import Role
    from tests.support.family import make_family
    from tests.support.flows import verify_and_issue
    from tests.support.seed import add_school, add_staff, login

    db = RolesDatabase(pg_databases, pg_databases.new())
    rt = bootstrap.open_app(database=db.url, create_keys=True)
    try:
        ctx = rt.ctx
        maple = add_school(ctx)
        oak = add_school(ctx, code="2002", name="Oak Ridge Middle", local_district="East")
        names = {
            who: db.login_name(who) for who in ("office", "principal", "oak_principal", "teacher")
        }
        add_staff(ctx, names["office"], Role.OFFICE_STAFF)
        add_staff(ctx, names["principal"], Role.PRINCIPAL)
        add_staff(ctx, names["oak_principal"], Role.PRINCIPAL, school_code="2002")
        teacher_id = add_staff(ctx, names["teacher"], Role.TEACHER)
        maple_family = make_family(ctx)
        homeroom_family = make_family(ctx, homeroom_teacher_id=teacher_id)
        oak_family = make_family(ctx, school_code="2002")
        principal = login(ctx, names["principal"])
        oak_principal = login(ctx, names["oak_principal"])
        maple_pin = verify_and_issue(ctx, principal, maple_family.link_ids[0])
        verify_and_issue(ctx, oak_principal, oak_family.link_ids[0])
        result = bootstrap.db_roles(db.url, apply=True)
        assert result.roles == (
            f"{db.prefix}_owner",
            f"{db.prefix}_staff",
            f"{db.prefix}_login_admin",
        )
        for name in names.values():  # the administrator makes directory-style logins
            db.admin("SELECT ppdesk_api.create_login(%s, NULL)", name)
        yield {
            "db": db,
            "ctx": ctx,
            "names": names,
            "maple": maple,
            "oak": oak,
            "maple_family": maple_family,
            "homeroom_family": homeroom_family,
            "oak_family": oak_family,
            "maple_pin": maple_pin,
            "principal": principal,
        }
    finally:
        rt.close()
        db.close()
