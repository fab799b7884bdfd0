"""Lookup latency on a district-sized database (issues 3 and 21).

Builds 500,000 students and about 900,000 guardians (with one past PIN per
guardian-student link) on SQLite and on PostgreSQL, then
prints p50/p95 latency of Find a student by student ID, by name prefix and by name
substring (and parent search by phone, by name prefix and by name substring, and opening a
student's page), measured
through the service layer as the GUI calls it, for a district administrator (every school)
and an office manager (one school). Beside each name lookup, in the same run and with the
same search terms, the best bare SQL statement for the same answer (one statement through
the driver, on the same database: the index that answers it, the 50 rows with the school
code, or the guardian, the student and the link's latest PIN), and the ratio. Targets: p95
under 10 ms, and within 3x of the bare query (issue 21).

    python bench/lookup.py [--students N] [--queries Q] [--postgres URL] [--sqlite-only]
                           [--postgres-only] [--keep DIR]

``--keep DIR`` keeps the built databases (``DIR/bench-N.sqlite3`` and the PostgreSQL
database ``ppdesk_bench_lookup_N``) and measures them again on the next run with the same
``--keep`` instead of building them (a 500,000-student build takes 20-40 minutes on a
loaded machine): the same data measured with two versions of ppdesk, for example.

It closes with one line per lookup: p50 and p95 of ppdesk and of the bare statement and
their ratios, on each engine, for one school and for the district.
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


_STUDENT = (
    "SELECT s.id, s.student_number, s.first_name, s.last_name, s.grade, s.homeroom, "
    "s.dob, c.code FROM student s JOIN school c ON c.id = s.school_id WHERE s.active"
)
_PARENT = (
    "SELECT l.id, g.id, g.first_name, g.last_name, g.email, s.id, s.student_number, "
    "s.first_name, s.last_name, p.status, p.expires_at FROM guardian_link l "
    "JOIN guardian g ON g.id = l.guardian_id JOIN student s ON s.id = l.student_id "
    "LEFT JOIN parent_pin p ON p.id = (SELECT max(x.id) FROM parent_pin x "
    "WHERE x.link_id = l.id) WHERE l.active AND g.active"
)


SHIFT = 1 << 32  # the school-keyed FTS5 tables' rowid: school_id * SHIFT + id (0017)


def bare_sql(kind: str, postgres: bool, one_school: bool) -> str:
    """The best single statement for a name lookup's answer (named parameters :t, :hi,
    :pat, :fts, :school, :slo, :shi): the index each engine has for it, 50 rows."""
    c = ' COLLATE "C"' if postgres else ""
    school_s = " AND s.school_id = :school" if one_school else ""
    if kind == "name prefix":
        return (
            f"{_STUDENT}{school_s} AND s.search_last{c} >= :t AND s.search_last{c} < :hi "
            f"ORDER BY s.search_last{c} LIMIT 50"
        )
    if kind == "name substring":
        if postgres:
            return f"{_STUDENT}{school_s} AND s.search_name LIKE :pat LIMIT 50"
        if one_school:  # the school's rowid range of the school-keyed FTS5 table (0017)
            return (
                f"{_STUDENT} AND s.id IN (SELECT rowid % {SHIFT} FROM student_school_fts "
                "WHERE student_school_fts MATCH :fts AND rowid BETWEEN :slo AND :shi) LIMIT 50"
            )
        return (
            f"{_STUDENT} AND s.id IN (SELECT rowid FROM student_fts "
            "WHERE student_fts MATCH :fts) LIMIT 50"
        )
    if one_school:  # the link's school and its copy of the guardian's names (0007)
        if kind == "parent name":
            return (
                f"{_PARENT} AND l.school_id = :school AND l.guardian_search_last{c} >= :t "
                f"AND l.guardian_search_last{c} < :hi ORDER BY l.guardian_search_last{c} LIMIT 50"
            )
        if postgres:
            return (
                f"{_PARENT} AND l.school_id = :school AND l.guardian_search_name LIKE :pat LIMIT 50"
            )
        return (
            f"{_PARENT} AND l.id IN (SELECT rowid % {SHIFT} FROM guardian_link_school_fts "
            "WHERE guardian_link_school_fts MATCH :fts AND rowid BETWEEN :slo AND :shi) LIMIT 50"
        )
    if kind == "parent name":
        return (
            f"{_PARENT} AND g.search_last{c} >= :t AND g.search_last{c} < :hi "
            f"ORDER BY g.search_last{c} LIMIT 50"
        )
    if postgres:
        return f"{_PARENT} AND g.search_name LIKE :pat LIMIT 50"
    return f"{_PARENT} AND g.id IN (SELECT rowid FROM guardian_fts WHERE guardian_fts MATCH :fts) LIMIT 50"


def bare_runner(rt: bootstrap.Runtime, kind: str, one_school: bool, school_id: int):
    """A function running the bare statement for a search term on one driver connection."""
    import re

    from ppdesk.domain.text import fold

    postgres = rt.engine.dialect.name == "postgresql"
    sql = bare_sql(kind, postgres, one_school)
    if postgres:
        sql = re.sub(r":(\w+)", r"%(\1)s", sql)
    raw = rt.engine.raw_connection()
    cur = raw.cursor()

    def go(term: str) -> None:
        t = fold(term)
        params = {
            "t": t,
            "hi": t + "\uffff",
            "pat": f"%{t}%",
            "fts": '"' + t + '"',
            "school": school_id,
            "slo": school_id * SHIFT,
            "shi": school_id * SHIFT + SHIFT - 1,
        }
        cur.execute(sql, params)
        cur.fetchall()
        raw.commit()

    return go, raw


def built(rt: bootstrap.Runtime) -> dict | None:
    """What build_district returned, read back from a database a run with ``--keep``
    built (None: nothing built there yet)."""
    from sqlalchemy import text

    with rt.engine.connect() as conn:
        schools = conn.execute(
            text("SELECT id FROM school WHERE name LIKE 'Bench School %' ORDER BY id")
        ).scalars()
        school_ids = list(schools)
        if not school_ids:
            return None
        rows = conn.execute(
            text("SELECT student_number, first_name, last_name FROM student ORDER BY id")
        ).all()
        guardians = conn.execute(text("SELECT count(*) FROM guardian")).scalar_one()
    return {
        "numbers": [r[0] for r in rows],
        "names": [(r[1], r[2]) for r in rows],
        "school_ids": school_ids,
        "guardians": guardians,
    }


def run(url: str, label: str, students: int, queries: int) -> list[tuple]:
    rt = bootstrap.open_app(database=url, create_keys=True)
    data = built(rt)
    if data is not None:
        print(
            f"\n== {label}: {len(data['numbers']):,} students, {data['guardians']:,} "
            "guardians, built by an earlier run (--keep) ==",
            flush=True,
        )
    else:
        print(f"\n== {label}: building {students:,} students ==", flush=True)
        data = build_district(rt.ctx, students=students)
        pins = add_pin_history(rt)
        print(
            f"built in {data['build_s']:.0f} s ({data['guardians']:,} guardians, "
            f"{pins:,} past PINs)",
            flush=True,
        )
    # Measure the steady state, not the minutes after a bulk load: on PostgreSQL run what
    # autovacuum would soon do anyway (VACUUM ANALYZE also merges the trigram indexes'
    # pending lists), on SQLite ANALYZE.
    if rt.engine.dialect.name == "postgresql":
        with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with rt.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    figures = measure(rt, data, label, queries)
    rt.close()
    return figures


def measure(rt: bootstrap.Runtime, data: dict, label: str, queries: int) -> list[tuple]:
    """Every lookup through the service beside its bare statement (``data``: what
    build_district returned: names, numbers, school_ids). Returns (engine, user, lookup,
    p50, p95, bare p50, bare p95) each (the bare ones None without a bare statement)."""
    rng = random.Random(1)
    figures: list[tuple] = []
    for username in ("district_admin", "office_staff"):
        session = PasswordAuthenticator(rt.ctx).login(username, PASSWORD)
        find, parents = lookup.find_students, lookup.parent_search
        one_school = username == "office_staff"

        def first_school_student() -> int:
            return 1 + rng.randrange(0, len(data["numbers"]), len(data["school_ids"]))

        prefix = lambda: rng.choice(data["names"])[1][: rng.randint(3, 5)]  # noqa: E731
        inside = lambda: (lambda n: n[1:5] if len(n) > 5 else n)(rng.choice(data["names"])[1])  # noqa: E731
        cases = [
            ("student ID", find, lambda: rng.choice(data["numbers"])),
            ("name prefix", find, prefix),
            ("name substring", find, inside),
            ("parent phone", parents, lambda: f"555{rng.randint(1000, 9999)}"[-7:]),
            ("parent name", parents, prefix),
            ("parent substring", parents, inside),
            # build_district puts student i + 1 at school i % schools: the first school's
            # students, in both users' scope.
            ("open student", lookup.student_view, first_school_student),
        ]
        for kind, search, make in cases:
            terms = [make() for _ in range(queries)]
            bare = None
            if "name" in kind or "substring" in kind:
                bare, raw = bare_runner(rt, kind, one_school, data["school_ids"][0])
            search(rt.ctx, session, terms[0])  # warm up
            if bare:
                bare(terms[0])
            times, bare_times = [], []
            for q in terms:  # interleaved, so both see the same machine load
                t = time.perf_counter()
                search(rt.ctx, session, q)
                times.append((time.perf_counter() - t) * 1000)
                if bare:
                    t = time.perf_counter()
                    bare(q)
                    bare_times.append((time.perf_counter() - t) * 1000)
            p50, p95 = statistics.median(times), _pct(times, 95)
            b50 = b95 = None
            if bare:
                raw.close()
                b50, b95 = statistics.median(bare_times), _pct(bare_times, 95)
            figures.append((label, username, kind, p50, p95, b50, b95))
            print(_line(figures[-1]), flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})", flush=True)
    return figures


def _line(figure: tuple) -> str:
    label, username, kind, p50, p95, b50, b95 = figure
    line = f"{label:10} {username:15} {kind:16} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms"
    if b95 is not None:
        line += (
            f"   | bare SQL p50 {b50:6.2f} ms   p95 {b95:6.2f} ms"
            f"   ratio p50 {p50 / b50:4.1f}x   p95 {p95 / b95:4.1f}x"
        )
    return line


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
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="keep the databases; reuse them if built")
    args = parser.parse_args()
    _memory_keyring()
    figures: list[tuple] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = tmp
        if not args.postgres_only:
            folder = Path(args.keep) if args.keep else Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{folder.as_posix()}/bench-{args.students}.sqlite3"
            figures += run(url, "SQLite", args.students, args.queries)
        if not args.sqlite_only:
            from tests.support.db import PgDatabases

            dbs = PgDatabases(args.postgres)
            if args.keep:
                name = f"ppdesk_bench_lookup_{args.students}"
                if not dbs.exists(name):
                    dbs.create(name)
                url = dbs.app_url_for(name)
            else:
                url = dbs.new(migrated=False)
            try:
                figures += run(url, "PostgreSQL", args.students, args.queries)
            finally:
                dbs.drop_all()
    print("\n== every lookup, side by side (ppdesk | bare SQL | ratio) ==")
    for figure in sorted(figures, key=lambda f: (f[1], f[2], f[0])):
        print(_line(figure))
    print(f"load average {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})", flush=True)


if __name__ == "__main__":
    main()
