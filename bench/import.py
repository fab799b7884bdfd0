"""SIS import speed on a district-sized OneRoster export (issue 6).

Generates a OneRoster 1.1 set of 100,000 students and about 180,000 guardians with
``bench/gen_oneroster.py`` (student PINs included), then times, through the service as
the GUI and CLI call it, on SQLite and on PostgreSQL:

1. the first import into an empty database (read + check + compare + write),
2. a re-import of the same files (nothing changes),
3. a re-import after a year-end roll-over (every student one grade up, ~5% of
   guardians with a new phone), which rewrites most student rows.

Target: under 60 s for each on this machine.

    python bench/import.py [--students N] [--postgres URL] [--sqlite-only] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from bench.gen_oneroster import generate
from ppdesk import bootstrap
from ppdesk.domain.roles import Role
from ppdesk.services import sis_import
from ppdesk.services.auth import PasswordAuthenticator, hash_password

PASSWORD = "benchmark password"
NEXT_GRADE = {"TK": "KG", "KG": "01", **{f"{n:02d}": f"{n + 1:02d}" for n in range(1, 12)}}


def _memory_keyring() -> None:
    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


def _roll_over(src: Path, dst: Path) -> None:
    """A copy of the set with every student a grade up and some guardians' phones new."""
    dst.mkdir(parents=True, exist_ok=True)
    for path in src.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        if path.name == "users.csv":
            head = rows[0]
            role, grades, phone = head.index("role"), head.index("grades"), head.index("phone")
            for n, row in enumerate(rows[1:]):
                if row[role] == "student":
                    row[grades] = NEXT_GRADE.get(row[grades], row[grades])
                elif row[role] in ("parent", "guardian") and n % 20 == 0:
                    row[phone] = f"(818) 555-{n % 10000:04d}"
        with (dst / path.name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)


def _timed(ctx, session, source: Path, label: str) -> float:
    marks: dict[str, float] = {}

    def progress(stage: str) -> None:
        marks[stage] = time.perf_counter()

    started, cpu = time.perf_counter(), time.process_time()
    result = sis_import.apply_import(ctx, session, source, progress=progress)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    read = marks["comparing"] - marks["reading"]
    compare = marks["writing"] - marks["comparing"]
    write = marks["done"] - marks["writing"]
    c = result.counts
    print(
        f"  {label:22} {total:6.1f} s  (read {read:4.1f} + compare {compare:4.1f} + "
        f"write {write:4.1f}; {cpu:5.1f} s CPU)  students +{c.students_added} "
        f"~{c.students_updated}, guardians +{c.guardians_added} ~{c.guardians_updated}, "
        f"links +{c.links_added}, changes {c.total:,}"
    )
    return total


def run(url: str, label: str, sets: list[tuple[str, Path]]) -> None:
    print(f"== {label}")
    rt = bootstrap.open_app(database=url, create_keys=True)
    ctx = rt.ctx
    with ctx.uow() as uow:
        sid = uow.staff.add(
            username="district_admin",
            display_name="District Admin",
            email=None,
            password_hash=hash_password(PASSWORD),
        )
        uow.grants.add(
            staff_id=sid,
            role=Role.DISTRICT_ADMIN,
            school_id=None,
            local_district=None,
            granted_by_id=None,
            granted_at=uow.now(),
            reason="benchmark",
        )
        uow.commit()
    session = PasswordAuthenticator(ctx).login("district_admin", PASSWORD)
    worst = max(_timed(ctx, session, source, name) for name, source in sets)
    print(f"  slowest {worst:.1f} s: {'within' if worst < 60 else 'OVER'} the 60 s target")
    rt.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PPDESK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
    )
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--keep", type=Path, help="reuse (or keep) the generated set here")
    args = parser.parse_args()
    _memory_keyring()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = tmp
        base = args.keep or Path(tmp) / "set"
        first, rolled = base / "first", base / "rolled"
        if not (first / "users.csv").exists():
            t = time.perf_counter()
            counts = generate(first, args.students, 1.8, 7, student_pins=True)
            _roll_over(first, rolled)
            print(f"generated {counts} in {time.perf_counter() - t:.1f} s")
        sets = [("first import", first), ("same again", first), ("year-end roll-over", rolled)]
        if not args.postgres_only:
            run(f"sqlite:///{tmp}/bench.sqlite3", "SQLite", sets)
        if not args.sqlite_only:
            from tests.support.db import PgDatabases

            dbs = PgDatabases(args.postgres)
            url = dbs.new(migrated=False)
            try:
                run(url, "PostgreSQL", sets)
            finally:
                dbs.drop_all()


if __name__ == "__main__":
    main()
