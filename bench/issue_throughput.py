"""PIN issuance throughput with N workstations on PostgreSQL (issue 21, point 1).

N worker processes (each its own connection and its own staff login, like N desks) issue
PINs for different, already verified guardians through the service layer
(``pins.issue_pin``), released together. Printed for N = 1, 4, 8, 16:

- PINs/s with the desks at N different schools (each school's audit chain is its own),
  and for the largest N also with all desks at one school (one chain: the desks queue on
  its head, as every desk of the district did on the one head before migration 0010);
- beside it, in the same run, a bare baseline: N processes each doing single-row INSERTs
  into a table with a unique key, one commit each;
- ``issue_pin`` p50/p95 per N;
- how many sampled issuer sessions (inside a transaction) were waiting for a lock, and on
  which (``pg_stat_activity``/``pg_locks``, every 20 ms): before migration 0010 almost all
  of them waited on the one chain head;
- the statements and commits one ``issue_pin`` sends (counted with a SQLAlchemy event
  listener; the audit trigger's own statements run inside the server and are not counted).

    python bench/issue_throughput.py [--postgres URL] [--pins 30] [--students 40000]

The figures depend on the machine and on what else runs on it: say which with any figure.
SQLite has one writer at a time by design (one workstation); it is not measured here.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from bench._district import PASSWORD, build_district
from ppdesk import bootstrap

NS = (1, 4, 8, 16)


def _memory_keyring() -> None:
    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def _add_issuers(rt: bootstrap.Runtime, schools: int, per_first_school: int) -> dict[str, int]:
    """A parent access administrator at each of the first ``schools`` schools (``paa_<s>_0``),
    and ``per_first_school`` of them at the first school (``paa_0_<k>``)."""
    from ppdesk.domain.roles import Role
    from ppdesk.services.auth import hash_password

    pw = hash_password(PASSWORD)
    out: dict[str, int] = {}
    with rt.ctx.uow() as uow:
        now = uow.now()
        school_ids = sorted(s.id for s in uow.schools.list_all())
        wanted = [(s, 0) for s in range(schools)] + [(0, k) for k in range(1, per_first_school)]
        for s, k in wanted:
            name = f"paa_{s}_{k}"
            sid = uow.staff.add(username=name, display_name=name, email=None, password_hash=pw)
            uow.grants.add(
                staff_id=sid,
                role=Role.PARENT_ACCESS_ADMIN,
                school_id=school_ids[s],
                local_district=None,
                granted_by_id=None,
                granted_at=now,
                reason="bench",
            )
            out[name] = sid
        uow.commit()
    return out


def _links_by_school(rt: bootstrap.Runtime) -> dict[int, list[int]]:
    """Verified legal guardians' links, by school index (0 = the first school)."""
    from sqlalchemy import select

    from ppdesk.adapters.db.models import GuardianLink, Student

    with rt.ctx.uow(readonly=True) as uow:
        school_ids = sorted(s.id for s in uow.schools.list_all())
        index = {sid: i for i, sid in enumerate(school_ids)}
        rows = uow.session.execute(  # type: ignore[attr-defined]
            select(GuardianLink.id, Student.school_id)
            .join(Student, Student.id == GuardianLink.student_id)
            .where(GuardianLink.verified_legal_guardian.is_(True))
            .order_by(GuardianLink.id)
        ).all()
    out: dict[int, list[int]] = {}
    for link_id, school_id in rows:
        out.setdefault(index[school_id], []).append(int(link_id))
    return out


def _verify(rt: bootstrap.Runtime, pairs: list[tuple[int, int]]) -> None:
    """A passed in-person verification of each (link, staff) just now (set-up, not timed:
    the identity checklist is another service)."""
    from sqlalchemy import insert, select

    from ppdesk.adapters.db.models import GuardianLink, Verification

    with rt.ctx.uow() as uow:
        now = uow.now()
        s = uow.session  # type: ignore[attr-defined]
        guardian = dict(
            s.execute(
                select(GuardianLink.id, GuardianLink.guardian_id).where(
                    GuardianLink.id.in_([lk for lk, _ in pairs])
                )
            ).all()
        )
        s.execute(
            insert(Verification),
            [
                {
                    "link_id": lk,
                    "guardian_id": guardian[lk],
                    "staff_id": staff,
                    "mode": "in_person",
                    "started_at": now,
                    "completed_at": now,
                    "outcome": "passed",
                    "question_results": "{}",
                    "id_type": "california_id",
                }
                for lk, staff in pairs
            ],
        )
        uow.commit()


def _issuer(url: str, username: str, links: list[int], barrier: Any, queue: Any) -> None:
    from ppdesk.services import pins
    from ppdesk.services.auth import PasswordAuthenticator

    rt = bootstrap.open_app(database=url)
    try:
        session = PasswordAuthenticator(rt.ctx).login(username, PASSWORD)
        pins.issue_pin(rt.ctx, session, links[0])  # warm up (connection, caches)
        barrier.wait()
        lat = []
        t0 = time.perf_counter()
        for link in links[1:]:
            t = time.perf_counter()
            pins.issue_pin(rt.ctx, session, link)
            lat.append((time.perf_counter() - t) * 1000)
        queue.put((t0, time.perf_counter(), lat, None))
    except BaseException as exc:  # reported by the parent
        barrier.abort()
        queue.put((0.0, 0.0, [], repr(exc)))
    finally:
        rt.close()


def _bare(url: str, worker: str, count: int, barrier: Any, queue: Any) -> None:
    import psycopg

    from ppdesk.adapters.db.engine import normalise_url

    u = normalise_url(url)
    try:
        _bare_run(psycopg, u, worker, count, barrier, queue)
    except BaseException as exc:  # reported by the parent
        barrier.abort()
        queue.put((0.0, 0.0, [], repr(exc)))


def _bare_run(psycopg: Any, u: Any, worker: str, count: int, barrier: Any, queue: Any) -> None:
    with psycopg.connect(
        host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database,
        autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute("SELECT 1")
        barrier.wait()
        t0 = time.perf_counter()
        for i in range(count):
            conn.execute(
                "INSERT INTO bench_bare (k, v) VALUES (%s, %s)", (f"{worker}-{i}", "x" * 64)
            )
        queue.put((t0, time.perf_counter(), [], None))


def _run(
    target: Any, args_for: list[tuple[Any, ...]], on_start: Any = None
) -> tuple[float, float, list[float]]:
    """Start one process per argument tuple, released together (after their logins and
    warm-up); ``on_start`` is entered at the release and left when all have ended."""
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(len(args_for) + 1)
    queue = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, barrier, queue)) for a in args_for]
    for p in procs:
        p.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        on_start = None  # a worker failed; its error is reported below
    if on_start is not None:
        on_start.__enter__()
    try:
        results = [queue.get() for _ in procs]
    finally:
        if on_start is not None:
            on_start.__exit__(None, None, None)
    for p in procs:
        p.join()
    errors = [r[3] for r in results if r[3]]
    if errors:
        raise SystemExit(f"a worker failed: {errors[0]}")
    start = min(r[0] for r in results)
    end = max(r[1] for r in results)
    return start, end, [x for r in results for x in r[2]]


class _LockSampler:
    """Samples the issuers' sessions (pg_stat_activity) on a connection of its own while a
    round runs: how many are waiting for a lock, and on what (pg_locks)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stop = threading.Event()
        self.sessions = 0
        self.waiting = 0
        self.on: Counter[str] = Counter()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _LockSampler:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        import psycopg

        from ppdesk.adapters.db.engine import normalise_url

        u = normalise_url(self.url)
        with psycopg.connect(
            host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database,
            autocommit=True,
        ) as conn:  # fmt: skip
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT a.wait_event_type = 'Lock', "
                    "(SELECT l.locktype || ' ' || coalesce(l.relation::regclass::text, '') "
                    " FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) "
                    "FROM pg_stat_activity a WHERE a.datname = current_database() "
                    "AND a.application_name = 'ppdesk' AND a.pid <> pg_backend_pid() "
                    "AND a.xact_start IS NOT NULL"
                ).fetchall()
                self.sessions += len(rows)
                for waiting, what in rows:
                    if waiting:
                        self.waiting += 1
                        self.on[what or "?"] += 1
                self.stop.wait(0.02)

    def describe(self) -> str:
        if not self.sessions:
            return "no session sampled"
        share = 100 * self.waiting / self.sessions
        top = ", ".join(f"{what} {n}" for what, n in self.on.most_common(2))
        return f"{self.waiting}/{self.sessions} ({share:.0f}%)" + (f" [{top}]" if top else "")


def _statements_per_pin(
    rt: bootstrap.Runtime, username: str, link: int
) -> tuple[int, int, Counter[str]]:
    from sqlalchemy import event

    from ppdesk.services import pins
    from ppdesk.services.auth import PasswordAuthenticator

    session = PasswordAuthenticator(rt.ctx).login(username, PASSWORD)
    stmts: list[str] = []
    commits = [0]

    def on_stmt(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        stmts.append(" ".join(statement.split()[:3]))

    def on_commit(_c: Any) -> None:
        commits[0] += 1

    event.listen(rt.engine, "before_cursor_execute", on_stmt)
    event.listen(rt.engine, "commit", on_commit)
    try:
        pins.issue_pin(rt.ctx, session, link)
    finally:
        event.remove(rt.engine, "before_cursor_execute", on_stmt)
        event.remove(rt.engine, "commit", on_commit)
    return len(stmts), commits[0], Counter(stmts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PPDESK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
    )
    parser.add_argument("--pins", type=int, default=30, help="PINs per worker and round")
    parser.add_argument("--students", type=int, default=40_000)
    args = parser.parse_args()
    _memory_keyring()
    from tests.support.db import PgDatabases

    top = max(NS)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = tmp
        dbs = PgDatabases(args.postgres)
        url = dbs.new()
        try:
            rt = bootstrap.open_app(database=url, create_keys=True)
            build_district(rt.ctx, students=args.students, log=lambda *_a: None)
            staff = _add_issuers(rt, top, top)
            links = _links_by_school(rt)
            with rt.engine.begin() as conn:
                conn.exec_driver_sql(
                    "CREATE TABLE bench_bare (id bigserial PRIMARY KEY, k text UNIQUE, v text)"
                )
            with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
            used: dict[int, int] = {}

            def take(school: int, n: int) -> list[int]:
                start = used.get(school, 0)
                chosen = links[school][start : start + n]
                if len(chosen) < n:
                    raise SystemExit(f"not enough guardians at school {school}: raise --students")
                used[school] = start + n
                return chosen

            first = take(0, 2)  # the first opens the school's chain; count the second
            _verify(rt, [(lk, staff["paa_0_0"]) for lk in first])
            _statements_per_pin(rt, "paa_0_0", first[0])
            n_stmts, n_commits, kinds = _statements_per_pin(rt, "paa_0_0", first[1])
            print(
                f"one issue_pin: {n_stmts} statements, {n_commits} commit(s) from the client "
                "(SQLAlchemy event count)"
            )
            for kind, n in kinds.most_common():
                print(f"    {n} x {kind}")
            rt.engine.dispose()
            print(
                f"\nPostgreSQL, {args.students:,} students, {args.pins} PINs per worker; "
                f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}"
            )
            print(
                f"{'N':>3} {'desks at':<12} {'PINs/s':>8} {'bare INSERT/s':>14} "
                f"{'ratio':>6} {'vs N=1':>7} {'p50 ms':>7} {'p95 ms':>7}   "
                "sessions in a transaction waiting for a lock (samples) [on what]"
            )
            one = None
            rounds = [(n, False) for n in NS] + [(top, True)]
            for n, same_school in rounds:
                work = []
                pairs = []
                for w in range(n):
                    school, name = (0, f"paa_0_{w}") if same_school else (w, f"paa_{w}_0")
                    chosen = take(school, args.pins + 1)
                    pairs += [(lk, staff[name]) for lk in chosen]
                    work.append((url, name, chosen))
                _verify(rt, pairs)
                rt.engine.dispose()
                b0, b1, _ = _run(
                    _bare, [(url, f"{n}{same_school}-{w}", args.pins) for w in range(n)]
                )
                bare = n * args.pins / (b1 - b0)
                sampler = _LockSampler(url)
                t0, t1, lat = _run(_issuer, work, sampler)
                rate = n * args.pins / (t1 - t0)
                if n == 1 and not same_school:
                    one = rate
                where = "one school" if same_school else f"{n} schools"
                print(
                    f"{n:>3} {where:<12} {rate:>8.1f} {bare:>14.1f} {rate / bare:>6.3f} "
                    f"{rate / (one or rate):>6.1f}x {statistics.median(lat):>7.1f} "
                    f"{_pct(lat, 95):>7.1f}   {sampler.describe()}",
                    flush=True,
                )
            from ppdesk.services.audit_trail import check_chain

            report = check_chain(rt.ctx)
            print(f"\naudit trail afterwards: {report.describe()}")
            rt.close()
        finally:
            dbs.drop_all()


if __name__ == "__main__":
    main()
