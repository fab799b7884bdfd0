"""Lookup latency on a district-sized database (issue 3).

Builds 500,000 students and about 900,000 guardians (with one past PIN per
guardian-student link) on SQLite and on PostgreSQL, then
prints p50/p95 latency of Find a student by student ID, by name prefix and by name
substring (and parent search by phone and by name), measured through the service layer as the GUI
calls it. Target: p95 under 20 ms for each on both engines.

    python bench/lookup.py [--students N] [--queries Q] [--postgres URL] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from bench._district import PASSWORD, build_district
from ppdesk import bootstrap
from ppdesk.services import lookup
from ppdesk.services.auth import PasswordAuthenticator


def _memory_keyring() -> None:
    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def add_pin_history(rt: bootstrap.Runtime) -> int:
    """One ended Parent Portal PIN per guardian-student link (60% redeemed, 20% expired,
    20% revoked), as a district has after a few years: lookups that show a link's PIN
    status must stay fast however long parent_pin grows."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import DateTime, Integer, String, case, cast, func, insert, literal, select

    from ppdesk.adapters.db.models import GuardianLink, ParentPin

    link = GuardianLink.__table__
    issued = datetime.now(UTC) - timedelta(days=400)
    status = case(
        (link.c.id % 10 < 6, "redeemed"), (link.c.id % 10 < 8, "expired"), else_="revoked"
    )
    rows = select(
        link.c.id,
        link.c.student_id,
        link.c.guardian_id,
        literal("bench-", String) + cast(link.c.id, String),
        literal("bench-hash-", String) + cast(link.c.id, String),
        status,
        literal(issued, DateTime(timezone=True)),
        literal(1, Integer),
        literal(issued + timedelta(days=21), DateTime(timezone=True)),
    )
    columns = [
        "link_id", "student_id", "guardian_id", "request_id", "pin_hash", "status",
        "issued_at", "issued_by_id", "expires_at",
    ]  # fmt: skip
    with rt.engine.begin() as conn:
        conn.execute(insert(ParentPin).from_select(columns, rows))
        return int(conn.scalar(select(func.count()).select_from(ParentPin)) or 0)


def run(url: str, label: str, students: int, queries: int) -> None:
    print(f"\n== {label}: building {students:,} students ==")
    rt = bootstrap.open_app(database=url, create_keys=True)
    data = build_district(rt.ctx, students=students)
    pins = add_pin_history(rt)
    print(f"built in {data['build_s']:.0f} s ({data['guardians']:,} guardians, {pins:,} past PINs)")
    # Measure the steady state, not the minutes after a bulk load: on PostgreSQL run what
    # autovacuum would soon do anyway (VACUUM ANALYZE also merges the trigram indexes'
    # pending lists), on SQLite ANALYZE.
    if rt.engine.dialect.name == "postgresql":
        with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with rt.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    rng = random.Random(1)
    for username in ("district_admin", "office_staff"):
        session = PasswordAuthenticator(rt.ctx).login(username, PASSWORD)
        find, parents = lookup.find_students, lookup.parent_search
        cases = [
            ("student ID", find, lambda: rng.choice(data["numbers"])),
            ("name prefix", find, lambda: rng.choice(data["names"])[1][: rng.randint(3, 5)]),
            (
                "name substring",
                find,
                lambda: (lambda n: n[1:5] if len(n) > 5 else n)(rng.choice(data["names"])[1]),
            ),
            ("parent phone", parents, lambda: f"555{rng.randint(1000, 9999)}"[-7:]),
            ("parent name", parents, lambda: rng.choice(data["names"])[1][: rng.randint(3, 5)]),
        ]
        for kind, search, make in cases:
            search(rt.ctx, session, make())  # warm up
            times = []
            for _ in range(queries):
                q = make()
                t = time.perf_counter()
                search(rt.ctx, session, q)
                times.append((time.perf_counter() - t) * 1000)
            print(
                f"{label:10} {username:15} {kind:15} p50 {statistics.median(times):6.2f} ms   p95 {_pct(times, 95):6.2f} ms"
            )
    rt.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PPDESK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
    )
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    _memory_keyring()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = tmp
        run(f"sqlite:///{tmp}/bench.sqlite3", "SQLite", args.students, args.queries)
        if not args.sqlite_only:
            from tests.support.db import PgDatabases

            dbs = PgDatabases(args.postgres)
            url = dbs.new(migrated=False)
            try:
                run(url, "PostgreSQL", args.students, args.queries)
            finally:
                dbs.drop_all()


if __name__ == "__main__":
    main()
