"""The suite's PostgreSQL tests of PINs, redemption, lookup and the audit chain, run once
through a real PgBouncer in transaction pooling mode (issue 19, point 7): ppdesk uses no
server-side prepared statements and no session state, so any transaction may land on any
server connection.

Slow (a second pytest run): runs when PPDESK_RUN_SLOW=1 and PostgreSQL is configured, as in
CI. Needs the Debian package pgbouncer (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.support.cluster import _as_postgres, _wait, free_port, scratch_folder
from tests.support.db import PG_APP_ENV, PG_ENV

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(
        os.environ.get("PPDESK_RUN_SLOW") != "1", reason="set PPDESK_RUN_SLOW=1 (PgBouncer run)"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
THROUGH_PGBOUNCER = [
    "tests/integration/test_pins.py",
    "tests/integration/test_pin_lifecycle.py",
    "tests/integration/test_redemption.py",
    "tests/integration/test_audit_chain.py",
    "tests/integration/test_lookup.py",
]


def _answers(port: int) -> bool:
    try:
        with psycopg.connect(
            f"host=127.0.0.1 port={port} dbname=pgbouncer user=postgres", autocommit=True
        ) as conn:
            conn.execute("SHOW VERSION")
        return True
    except psycopg.Error:
        return False


def test_the_postgresql_tests_pass_through_pgbouncer_transaction_pooling() -> None:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV}")
    exe = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(exe).exists():
        pytest.fail("pgbouncer is needed (apt-get install pgbouncer)")
    server = make_url(base)
    folder = scratch_folder()
    port = free_port()
    user = server.username or "postgres"
    (folder / "users.txt").write_text(f'"{user}" ""\n', encoding="utf-8")
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={server.host or '127.0.0.1'} port={server.port or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir = {folder}\n"
        "pool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 200\n"
        f"auth_type = trust\nauth_file = {folder}/users.txt\nadmin_users = {user}\n"
        "ignore_startup_parameters = options,extra_float_digits\n"
        f"logfile = {folder}/pgbouncer.log\npidfile = {folder}/pgbouncer.pid\n",
        encoding="utf-8",
    )
    if os.geteuid() == 0:  # pgbouncer refuses to run as root: it runs as postgres
        shutil.chown(folder, "postgres")
    proc = subprocess.Popen(
        _as_postgres([exe, str(folder / "pgbouncer.ini")]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: _answers(port), "pgbouncer")
        app = server.set(port=port).render_as_string(hide_password=False)
        env = {**os.environ, PG_APP_ENV: app, "PPDESK_REQUIRE_POSTGRES": "1"}
        env.pop("PPDESK_RUN_SLOW", None)
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
             "-k", "postgres", *THROUGH_PGBOUNCER],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
        assert " passed" in run.stdout and " skipped" not in run.stdout, run.stdout[-2000:]
        with psycopg.connect(
            f"host=127.0.0.1 port={port} dbname=pgbouncer user={user}", autocommit=True
        ) as conn:
            cur = conn.execute("SHOW TOTALS")
            totals = {str(r[0]): r[1] for r in cur.fetchall()}
        xacts = int(totals.get("total_xact_count", totals.get("xact_count", 0)))
        assert xacts > 500, totals  # the tests' transactions went through it
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
