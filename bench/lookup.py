"""Lookup latency on a district-sized database (issue 3).

Builds 500,000 students and about 900,000 guardians on SQLite and on PostgreSQL, then
prints p50/p95 latency of Find a student by student ID, by name prefix and by name
substring (and parent search by phone), measured through the service layer as the GUI
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


def run(url: str, label: str, students: int, queries: int) -> None:
    print(f"\n== {label}: building {students:,} students ==")
    rt = bootstrap.open_app(database=url, create_keys=True)
    data = build_district(rt.ctx, students=students)
    print(f"built in {data['build_s']:.0f} s ({data['guardians']:,} guardians)")
    if rt.engine.dialect.name == "postgresql":
        with rt.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with rt.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    rng = random.Random(1)
    for username in ("district_admin", "office_staff"):
        session = PasswordAuthenticator(rt.ctx).login(username, PASSWORD)
        cases = {
            "student ID": lambda: rng.choice(data["numbers"]),
            "name prefix": lambda: rng.choice(data["names"])[1][: rng.randint(3, 5)],
            "name substring": lambda: (lambda n: n[1:5] if len(n) > 5 else n)(
                rng.choice(data["names"])[1]
            ),
        }
        for kind, make in cases.items():
            lookup.find_students(rt.ctx, session, make())  # warm up
            times = []
            for _ in range(queries):
                q = make()
                t = time.perf_counter()
                lookup.find_students(rt.ctx, session, q)
                times.append((time.perf_counter() - t) * 1000)
            print(
                f"{label:10} {username:15} {kind:15} p50 {statistics.median(times):6.2f} ms   p95 {_pct(times, 95):6.2f} ms"
            )
        times = []
        for _ in range(queries):
            q = f"555{rng.randint(1000, 9999)}"[-7:]
            t = time.perf_counter()
            lookup.parent_search(rt.ctx, session, q)
            times.append((time.perf_counter() - t) * 1000)
        print(
            f"{label:10} {username:15} {'parent phone':15} p50 {statistics.median(times):6.2f} ms   p95 {_pct(times, 95):6.2f} ms"
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
