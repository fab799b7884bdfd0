"""One counter letter at a time: what a "print letter" costs one workstation.

Builds a small synthetic district on PostgreSQL (or SQLite), signs in one principal,
verifies and issues a PIN for ``--letters`` guardians, then prints their letters one after
another through the service layer (``letters.single_letter``, as the desk does), timing each:
wall time and the process's CPU time. The first letter of a process is shown apart (the
renderer's import and its fonts are loaded then); with ``--profile FILE`` one later letter is
run under cProfile and the top functions are printed.

    python bench/print_letter.py [--letters 15] [--students 2000] [--profile FILE]
        [--postgres URL | --sqlite]

Figures on a shared machine move with the load: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from bench._district import build_district
from ppdesk import bootstrap
from ppdesk.domain.roles import Role
from ppdesk.services import letters, pins
from ppdesk.services.auth import PasswordAuthenticator
from tests.support.db import PgDatabases
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.memory_keyring import MemoryKeyring
from tests.support.seed import PASSWORD, add_staff


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=15)
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--profile", help="write one later letter's cProfile stats here")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PPDESK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
    )
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    tmp = Path(tempfile.mkdtemp(prefix="ppdesk-print-"))
    os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = str(tmp)
    dbs = None if args.sqlite else PgDatabases(args.postgres)
    url = f"sqlite:///{tmp / 'bench.sqlite3'}" if dbs is None else dbs.new()
    try:
        rt = bootstrap.open_app(database=url, create_keys=True)
        build_district(rt.ctx, students=args.students, schools=60, log=lambda *_: None)
        add_staff(rt.ctx, "printer", Role.PRINCIPAL, school_code="1001")
        rt.close()
        rt = bootstrap.open_app(database=url)
        ctx = rt.ctx
        session = PasswordAuthenticator(ctx).login("printer", PASSWORD)
        links = [
            make_family(ctx, school_code="1001", guardians=1, student_number=f"99{k:04d}").link_ids[
                0
            ]
            for k in range(args.letters + (1 if args.profile else 0))
        ]
        for link in links:
            assert verify(ctx, session, link).passed
            pins.issue_pin(ctx, session, link)
        c = time.process_time()
        t = time.perf_counter()
        from ppdesk.adapters import letters as _renderer  # noqa: F401  (imported once a process)

        imported = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
        wall, cpu = [], []
        for link in links[: args.letters]:
            c = time.process_time()
            t = time.perf_counter()
            letters.single_letter(ctx, session, link, tmp / f"{link}.pdf")
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        engine = "SQLite" if dbs is None else "PostgreSQL"
        print(f"print letter, one workstation, {engine}, {args.students:,} students")
        print(f"  renderer import: wall {imported[0]:.0f} ms, CPU {imported[1]:.0f} ms")
        print(f"  first letter: wall {wall[0]:.0f} ms, CPU {cpu[0]:.0f} ms")
        if len(wall) > 1:
            rest = wall[1:]
            print(
                f"  next {len(rest)}: wall p50 {statistics.median(rest):.0f} ms, max "
                f"{max(rest):.0f} ms; CPU p50 {statistics.median(cpu[1:]):.0f} ms"
            )
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            letters.single_letter(ctx, session, links[-1], tmp / "profiled.pdf")
            prof.disable()
            prof.dump_stats(args.profile)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        rt.close()
    finally:
        if dbs is not None:
            dbs.drop_all()


if __name__ == "__main__":
    main()
