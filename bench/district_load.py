"""District load test: N workstations at once through PgBouncer (transaction pooling).

Builds a synthetic district on PostgreSQL, starts a PgBouncer on loopback in transaction
pooling mode in front of it, and for each N runs N workstation processes for a bounded
time. Each workstation is a principal of one school (spread over the district's schools)
logged in once, as a desk is, doing the counter mix at a counter's pace (a pause of
``--think`` seconds on average between actions): find a student by name (prefix or
substring), parent search by name, open a student, and now and then the whole counter
flow for a guardian: verify (checklist and photo ID), issue the PIN, print the letter.
Meanwhile one more principal exports the school's roster again and again. Every action goes
through the service layer, as the desk calls it.

Per N it prints p50/p95 per operation (wall time, and the workstation process's own CPU
time: the rest is waiting for the database, a lock or a share of the machine's cores), the number of errors (with the first message of
each kind), the greatest number of server connections to the database seen
(pg_stat_activity, sampled every 0.2 s) and of PgBouncer clients. The same mix at N=1 is
the baseline: ``--n 1,10,50`` prints it first.

    python bench/district_load.py [--n 10,50,100,200] [--seconds 30] [--think 1.0]
        [--students 20000] [--pool-size 20] [--postgres URL]

Needs the Debian package pgbouncer. Run as root, PgBouncer runs as the postgres user.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
import psycopg
from sqlalchemy.engine import make_url

from bench._district import build_district
from ppdesk import bootstrap
from ppdesk.domain.roles import Role
from ppdesk.services import letters, lookup, pins, roster
from ppdesk.services.auth import PasswordAuthenticator
from tests.support.cluster import _as_postgres, _wait, free_port, scratch_folder
from tests.support.db import PgDatabases
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.memory_keyring import MemoryKeyring
from tests.support.seed import PASSWORD, add_staff

SCHOOLS = 60
FAMILIES = 4  # counter flows a workstation may run in one round (a fresh family each)


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def start_pgbouncer(server_url: str, pool_size: int) -> tuple[subprocess.Popen, int, Path]:
    exe = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    server = make_url(server_url)
    folder = scratch_folder()
    port = free_port()
    user = server.username or "postgres"
    (folder / "users.txt").write_text(f'"{user}" ""\n', encoding="utf-8")
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={server.host or '127.0.0.1'} port={server.port or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir = {folder}\n"
        f"pool_mode = transaction\ndefault_pool_size = {pool_size}\nmax_client_conn = 2000\n"
        f"auth_type = trust\nauth_file = {folder}/users.txt\nadmin_users = {user}\n"
        "ignore_startup_parameters = options,extra_float_digits\n"
        f"logfile = {folder}/pgbouncer.log\npidfile = {folder}/pgbouncer.pid\n",
        encoding="utf-8",
    )
    if os.geteuid() == 0:  # pgbouncer refuses to run as root
        shutil.chown(folder, "postgres")
    proc = subprocess.Popen(
        _as_postgres([exe, str(folder / "pgbouncer.ini")]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with psycopg.connect(
                f"host=127.0.0.1 port={port} dbname=pgbouncer user={user}", autocommit=True
            ) as conn:
                conn.execute("SHOW VERSION")
            return True
        except psycopg.Error:
            return False

    _wait(answers, "pgbouncer")
    return proc, port, folder


def _timed(results: dict, errors: dict, op: str, fn: Any) -> Any:
    """Run ``fn``; note its wall time and the workstation process's own CPU time (ms)."""
    t, c = time.perf_counter(), time.process_time()
    try:
        out = fn()
    except Exception as exc:  # counted and reported, never hidden
        errors.setdefault(op, []).append(f"{type(exc).__name__}: {str(exc)[:160]}")
        return None
    wall, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
    results.setdefault(op, []).append((wall, cpu))
    return out


def workstation(
    number: int,
    url: str,
    username: str,
    link_ids: list[int],
    terms: list[str],
    think: float,
    ready: Any,
    go: Any,
    seconds: float,
    out: Any,
) -> None:
    results: dict[str, list[tuple[float, float]]] = {}
    errors: dict[str, list[str]] = {}
    try:
        rt = bootstrap.open_app(database=url)
        ctx = rt.ctx
        session = PasswordAuthenticator(ctx).login(username, PASSWORD)
    except Exception as exc:
        out.put((number, {}, {"start": [f"{type(exc).__name__}: {str(exc)[:160]}"]}))
        ready.release()
        return
    rng = random.Random(number)
    tmp = Path(tempfile.mkdtemp(prefix="ppdesk-load-"))
    ready.release()
    go.wait()
    deadline = time.monotonic() + seconds
    flows = list(link_ids)
    printed = 0

    def timed(op: str, fn: Any, *a: Any) -> Any:
        return _timed(results, errors, op, lambda: fn(ctx, session, *a))

    while time.monotonic() < deadline:
        time.sleep(rng.expovariate(1 / think))
        r = rng.random()
        term = rng.choice(terms)
        if r < 0.30:
            timed("find (prefix)", lookup.find_students, term[:4])
        elif r < 0.45:
            timed("find (substring)", lookup.find_students, term[1:5])
        elif r < 0.65:
            timed("parent search", lookup.parent_search, term[:4])
        elif r < 0.88 or not flows:
            hits = timed("find (prefix)", lookup.find_students, term[:3])
            if hits:
                timed("open student", lookup.student_view, hits[0].student_id)
        else:
            link = flows.pop()
            outcome = timed("verify", verify, link)
            issued = None
            if outcome is not None and outcome.passed:
                issued = timed("issue PIN", pins.issue_pin, link)
            if issued is not None:
                # A process's first letter also imports the renderer and reads its fonts.
                op = "print letter" if printed else "print letter (1st of desk)"
                printed += timed(op, letters.single_letter, link, tmp / f"{link}.pdf") is not None
    rt.close()
    shutil.rmtree(tmp, ignore_errors=True)
    out.put((number, results, errors))


def exporter(
    url: str, username: str, school: str, ready: Any, go: Any, seconds: float, out: Any
) -> None:
    results: dict[str, list[tuple[float, float]]] = {}
    errors: dict[str, list[str]] = {}
    rt = bootstrap.open_app(database=url)
    session = PasswordAuthenticator(rt.ctx).login(username, PASSWORD)
    tmp = Path(tempfile.mkdtemp(prefix="ppdesk-load-"))
    ready.release()
    go.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _timed(
            results,
            errors,
            "roster export (principal)",
            lambda: roster.export_roster(rt.ctx, session, tmp / "roster.xlsx", school_code=school),
        )
    rt.close()
    shutil.rmtree(tmp, ignore_errors=True)
    out.put((-1, results, errors))


def sample_connections(server_url: str, database: str, port: int, stop: threading.Event) -> dict:
    seen = {"server": 0, "clients": 0, "samples": 0, "lock_samples": 0, "lock_max": 0}
    with (
        psycopg.connect(server_url, autocommit=True) as srv,
        psycopg.connect(
            f"host=127.0.0.1 port={port} dbname=pgbouncer user=postgres",
            autocommit=True,
            cursor_factory=psycopg.ClientCursor,  # the admin console speaks simple queries
        ) as bnc,
    ):  # fmt: skip
        while not stop.is_set():
            n = srv.execute(
                "SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock') "
                "FROM pg_stat_activity WHERE datname = %s",
                (database,),
            ).fetchone()
            seen["server"] = max(seen["server"], int(n[0]) if n else 0)
            waiting = int(n[1]) if n else 0
            seen["samples"] += 1
            seen["lock_samples"] += waiting > 0
            seen["lock_max"] = max(seen["lock_max"], waiting)
            cols = None
            clients = 0
            cur = bnc.execute("SHOW POOLS")
            cols = [d.name for d in cur.description or ()]
            for row in cur.fetchall():
                r = dict(zip(cols, row, strict=False))
                if r.get("database") == database:
                    clients += int(r.get("cl_active", 0)) + int(r.get("cl_waiting", 0))
            seen["clients"] = max(seen["clients"], clients)
            stop.wait(0.2)
    return seen


def one_round(
    args: Any,
    n: int,
    rnd: int,
    server_db_url: str,
    app_url: str,
    port: int,
    rt: Any,
    terms: list[str],
) -> None:
    ctx = rt.ctx
    # Set-up (not timed): a principal per workstation, fresh families for its counter flows.
    users, flows = [], []
    for w in range(n):
        code = f"{1000 + w % SCHOOLS}"
        name = f"desk_{rnd}_{w}"
        add_staff(ctx, name, Role.PRINCIPAL, school_code=code)
        users.append(name)
        flows.append(
            [
                make_family(
                    ctx, school_code=code, guardians=1, student_number=f"9{rnd}{w:03d}{k:03d}"
                ).link_ids[0]
                for k in range(FAMILIES)
            ]
        )
    add_staff(ctx, f"export_{rnd}", Role.PRINCIPAL, school_code="1000")
    fork = mp.get_context("fork")
    ready, go, out = fork.Semaphore(0), fork.Event(), fork.Queue()
    procs = [
        fork.Process(
            target=workstation,
            args=(w, app_url, users[w], flows[w], terms, args.think, ready, go, args.seconds, out),
        )
        for w in range(n)
    ]
    procs.append(
        fork.Process(
            target=exporter, args=(app_url, f"export_{rnd}", "1000", ready, go, args.seconds, out)
        )
    )
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    stop = threading.Event()
    seen: dict = {}
    database = make_url(server_db_url).database
    sampler = threading.Thread(
        target=lambda: seen.update(sample_connections(args.postgres, database, port, stop))
    )
    sampler.start()
    go.set()
    results: dict[str, list[tuple[float, float]]] = {}
    errors: dict[str, list[str]] = {}
    for _ in procs:
        _, r, e = out.get()
        for k, v in r.items():
            results.setdefault(k, []).extend(v)
        for k, v in e.items():
            errors.setdefault(k, []).extend(v)
    for p in procs:
        p.join()
    stop.set()
    sampler.join()
    print(
        f"\n== N = {n} workstations + 1 principal exporting, {args.seconds:.0f} s, "
        f"think {args.think} s; server connections max {seen.get('server')}, "
        f"PgBouncer clients max {seen.get('clients')} (pool size {args.pool_size}); "
        f"a session waiting on a lock in {seen.get('lock_samples')} of {seen.get('samples')} "
        f"samples (at most {seen.get('lock_max')} at once); load average "
        f"{os.getloadavg()[0]:.1f} =="
    )
    for op in sorted(set(results) | set(errors)):
        times = [wall for wall, _ in results.get(op, [])]
        cpus = [cpu for _, cpu in results.get(op, [])]
        line = f"  {op:27} n {len(times):5}"
        if times:
            line += f"   p50 {statistics.median(times):8.1f} ms   p95 {_pct(times, 95):8.1f} ms"
            line += f"   client CPU p50 {statistics.median(cpus):6.1f} p95 {_pct(cpus, 95):6.1f}"
        line += f"   errors {len(errors.get(op, []))}"
        print(line)
    for op, messages in sorted(errors.items()):
        print(f"  first error of {op}: {messages[0]}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", default="10,50,100,200", help="workstation counts, comma separated")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between actions (s)")
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--pool-size", type=int, default=20, help="PgBouncer default_pool_size")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PPDESK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
    )
    args = parser.parse_args()
    counts = [int(x) for x in args.n.split(",") if x.strip()]
    keyring.set_keyring(MemoryKeyring())  # the PIN keys; inherited by the forked workstations
    tmp = tempfile.mkdtemp()
    os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = tmp
    dbs = PgDatabases(args.postgres)
    url = dbs.new()
    bouncer, port, folder = start_pgbouncer(args.postgres, args.pool_size)
    try:
        rt = bootstrap.open_app(database=url, create_keys=True)
        data = build_district(rt.ctx, students=args.students, schools=SCHOOLS, log=lambda *_: None)
        with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        terms = sorted({last for _, last in data["names"]})
        app_url = make_url(url).set(port=port).render_as_string(hide_password=False)
        print(
            f"district: {args.students:,} students, {data['guardians']:,} guardians, {SCHOOLS} "
            f"schools; PgBouncer on 127.0.0.1:{port} (transaction pooling); "
            f"server max_connections {_max_connections(args.postgres)}; "
            f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        for rnd, n in enumerate(counts):
            one_round(args, n, rnd, url, app_url, port, rt, terms)
        rt.close()
    except Exception:
        traceback.print_exc()
        raise
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
        dbs.drop_all()


def _max_connections(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SHOW max_connections").fetchone()
    return str(row[0]) if row else "?"


if __name__ == "__main__":
    main()
