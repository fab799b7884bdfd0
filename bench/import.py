"""SIS import speed and memory on a district-sized OneRoster export (issues 6 and 16).

Generates a OneRoster 1.1 set of 100,000 students and about 180,000 guardians with
``bench/gen_oneroster.py`` (student PINs included), then, for each engine in a process of
its own (so that its peak RSS is the import's), times through the service as the GUI and
CLI call it:

1. the first import into an empty database (read + check + compare + write),
2. a re-import of the same files (nothing changes),
3. a re-import after a year-end roll-over (every student one grade up, ~5% of
   guardians with a new phone), which rewrites most student rows.

Side by side, the bare baseline: on PostgreSQL a ``COPY`` of the same users.csv into a
table of text columns; on SQLite an ``executemany`` of its rows into such a table. It
prints the ratios the issue sets targets for (first import / baseline: within 8x;
no-change re-import / first import: under 25%) and each process's peak RSS (target: under
300 MB).

    python bench/import.py [--students N] [--postgres URL] [--sqlite-only] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
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


def _timed(ctx, session, source: Path, label: str) -> tuple[float, float]:
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
    return total, cpu


def _peak_mb() -> int:
    """This process's own peak RSS (MB). On Linux VmHWM: ru_maxrss survives exec, so a
    child would report this script's parent's peak (generating a 100k set takes ~500 MB)."""
    try:
        with open("/proc/self/status") as status:
            return (
                next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024
            )
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _baseline(url: str, users: Path) -> float:
    """Seconds for a bare load of users.csv: COPY (PostgreSQL) or executemany (SQLite)."""
    with users.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f'"c{i}" text' for i in range(len(header)))
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///") + ".baseline")
        started = time.perf_counter()
        conn.execute(f"CREATE TABLE users_copy ({columns})")
        marks = ", ".join("?" * len(header))
        with users.open(newline="", encoding="utf-8-sig") as handle:
            rows = csv.reader(handle)
            next(rows)
            conn.executemany(f"INSERT INTO users_copy VALUES ({marks})", rows)
        conn.commit()
        took = time.perf_counter() - started
        conn.close()
        return took
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        started = time.perf_counter()
        conn.execute(f"CREATE TABLE users_copy ({columns})")
        with (
            conn.cursor().copy("COPY users_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            users.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        conn.commit()
        took = time.perf_counter() - started
        conn.execute("DROP TABLE users_copy")
        conn.commit()
    return took


def run(url: str, label: str, sets: list[tuple[str, Path]]) -> dict[str, float]:
    """All three imports in this process; returns seconds and peak RSS (MB) after each."""
    print(f"== {label}", flush=True)
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
    out: dict[str, float] = {"start_mb": _peak_mb()}
    for name, source in sets:
        out[name], out[f"{name} cpu"] = _timed(ctx, session, source, name)
        out[f"{name} peak_mb"] = _peak_mb()  # never decreases: the peak so far
        print(f"  {'':24} peak RSS so far {out[f'{name} peak_mb']} MB", flush=True)
    rt.close()
    out["baseline"] = _baseline(url, sets[0][1] / "users.csv")
    return out


def _report(label: str, out: dict[str, float]) -> None:
    first, again, base = out["first import"], out["same again"], out["baseline"]
    first_cpu, again_cpu = out["first import cpu"], out["same again cpu"]
    kind = "COPY" if label == "PostgreSQL" else "executemany"
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"== {label}: side by side (load average {load})")
    print(f"  {'bare ' + kind + ' of users.csv':31}{base:6.1f} s")
    print(f"  first import                   {first:6.1f} s = {first / base:5.1f}x the bare load"
          f" (target: within 8x); {first_cpu:.1f} s CPU in this process")  # fmt: skip
    print(f"  no-change re-import            {again:6.1f} s = {again / base:5.1f}x the bare load,"
          f" {again / first:5.2f} of a first import (target: under 0.25); by this"
          f" process's CPU {again_cpu:.1f} s = {again_cpu / first_cpu:.2f}")  # fmt: skip
    print(f"  roll-over re-import            {out['year-end roll-over']:6.1f} s")
    print(f"  peak RSS: {int(out['first import peak_mb'])} MB after the first import, "
          f"{int(out['year-end roll-over peak_mb'])} MB overall (target: under 300 MB)")  # fmt: skip


def _child(args: argparse.Namespace, url: str, label: str, base: Path) -> None:
    command = [sys.executable, __file__, "--child", label, "--url", url, "--keep", str(base)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    lines = done.stdout.splitlines()
    print("\n".join(lines[:-1]), flush=True)
    _report(label, json.loads(lines[-1]))


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
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _memory_keyring()
    if args.child:
        base = args.keep
        sets = [("first import", base / "first"), ("same again", base / "first"),
                ("year-end roll-over", base / "rolled")]  # fmt: skip
        print(json.dumps(run(args.url, args.child, sets)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = tmp
        base = args.keep or Path(tmp) / "set"
        first, rolled = base / "first", base / "rolled"
        if not (first / "users.csv").exists():
            t = time.perf_counter()
            counts = generate(first, args.students, 1.8, 7, student_pins=True)
            print(f"generated {counts} in {time.perf_counter() - t:.1f} s")
        if not (rolled / "users.csv").exists():
            _roll_over(first, rolled)
        if not args.postgres_only:
            _child(args, f"sqlite:///{tmp}/bench.sqlite3", "SQLite", base)
        if not args.sqlite_only:
            from tests.support.db import PgDatabases

            dbs = PgDatabases(args.postgres)
            url = dbs.new(migrated=False)
            try:
                _child(args, url, "PostgreSQL", base)
            finally:
                dbs.drop_all()


if __name__ == "__main__":
    main()
