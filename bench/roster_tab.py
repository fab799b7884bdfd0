"""How the roster tab behaves at district scale (issue 8, issue 21 point 3), beside a bare
baseline run side by side on the same database.

A synthetic district is built once per engine (``bench/_district.py``: ``--students``
students in 60 schools of one local district, about 1.8 guardians each), with a principal
granted the whole local district: the roster tab's widest scope. Then, each in a fresh
process (offscreen Qt for the tab), ``--runs`` times (median and worst):

* the tab: open (create the tab -> first page shown, then -> counts and filter choices
  shown), each keystroke of a search typed letter by letter (key -> its first rows shown,
  and -> its count shown; the 150 ms pause the tab waits for the next key is driven
  directly, not counted), the same keys typed on without waiting for the counts (each
  key -> its first rows shown, the earlier keys' counts still running; then the last
  key's count), clearing the search, sort by first name descending, scroll to the middle
  row, then on by a page (found from the page before it: keyset paging); ``gui block``:
  the longest the GUI thread was busy at once during all that (handlers plus one
  event-loop pass); RSS after opening and the process's peak; the most rows the model held;
* the baseline: plain SQL through the same driver, no ppdesk: the count and the first
  page of the same rows (open), the count and first page for each search prefix, the
  first page in first-name order, the middle page and the page after it (by OFFSET).

Targets (issue 21): open under 2 s, each keystroke under 100 ms, sort under 500 ms, memory
under 300 MB at 900,000 rows.

    python bench/roster_tab.py [--students 500000] [--runs 3] [--postgres URL] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout: `python bench/roster_tab.py`

SEARCH = "garci"  # typed letter by letter: g, ga, gar, garc, garci
PAGE_SQL_COLUMNS = (
    "s.id, s.student_number, s.last_name, s.first_name, s.grade, s.homeroom,"
    " g.first_name, g.last_name, l.relationship, l.verified_legal_guardian,"
    " g.registered_portal_email, g.cell_phone, g.preferred_language, sc.code"
)


def _memory_keyring() -> None:
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


def _rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field)) / 1024


# -- building --------------------------------------------------------------------------


def build(url: str, students: int) -> float:
    from bench._district import PASSWORD, build_district
    from ppdesk import bootstrap
    from ppdesk.domain.roles import Role
    from ppdesk.services.auth import hash_password

    t0 = time.perf_counter()
    rt = bootstrap.open_app(database=url, create_keys=True)
    try:
        build_district(rt.ctx, students=students, log=lambda line: print(line, flush=True))
        with rt.ctx.uow() as uow:
            staff_id = uow.staff.add(
                username="principal",
                display_name="District Principal",
                email=None,
                password_hash=hash_password(PASSWORD),
            )
            uow.grants.add(
                staff_id=staff_id,
                role=Role.PRINCIPAL,
                school_id=None,
                local_district="Central",
                granted_by_id=None,
                granted_at=uow.now(),
                reason="bench",
            )
            uow.commit()
        if rt.engine.dialect.name == "postgresql":
            with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            with rt.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
    finally:
        rt.close()
    return time.perf_counter() - t0


# -- the tab (child process) -----------------------------------------------------------


def child_tab(url: str) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from bench._district import PASSWORD
    from ppdesk import bootstrap
    from ppdesk.gui.desk import Desk
    from ppdesk.gui.errors import ErrorPresenter
    from ppdesk.gui.office.roster import RosterTab
    from ppdesk.gui.tasks import TaskRunner
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.desk import desk_profile

    app = QApplication.instance() or QApplication([])
    rt = bootstrap.open_app(database=url)
    presenter = ErrorPresenter()
    runner = TaskRunner(presenter)
    session = PasswordAuthenticator(rt.ctx).login("principal", PASSWORD)
    desk = Desk(rt, runner, presenter, session, desk_profile(rt.ctx, session))
    rss_before = _rss_mb()
    block: list[Any] = [0.0, ""]
    step = [""]

    def busy(fn: Any) -> Any:  # run a GUI-thread handler, keeping the longest one
        start = time.perf_counter()
        out = fn()
        took = time.perf_counter() - start
        if took > block[0]:
            block[:] = [took, step[0]]
        return out

    def wait(cond: Any) -> None:
        while not cond():
            busy(app.processEvents)
            time.sleep(0.001)
        busy(app.processEvents)  # the rows painted

    out: dict[str, Any] = {}
    step[0] = "open"
    start = time.perf_counter()
    tab = busy(lambda: RosterTab(desk))
    tab.resize(1200, 700)
    busy(tab.show)
    wait(lambda: tab.rows_shown)
    out["open_rows"] = time.perf_counter() - start
    wait(lambda: tab.loaded)
    out["open"] = time.perf_counter() - start
    out["rows"] = tab.model.rowCount()
    out["rss_open"] = _rss_mb()
    keys, counted = [], []
    for n in range(1, len(SEARCH) + 1):
        step[0] = f"key {SEARCH[:n]}"
        busy(lambda n=n: tab.searchEdit.setText(SEARCH[:n]))
        start = time.perf_counter()
        busy(tab.apply_filters)  # what the pause timer calls
        wait(lambda: tab.rows_shown)
        keys.append(time.perf_counter() - start)
        wait(lambda: tab.loaded)
        counted.append(time.perf_counter() - start)
    out["keys"] = keys
    out["keys_counted"] = counted
    out["found"] = tab.model.rowCount()
    out["held_search"] = tab.model.held_rows
    # Typed on without waiting for the counts: each key's rows as soon as they come,
    # the earlier keys' counts still running or waiting (the count of the last key ends it).
    step[0] = "clear"
    busy(tab.searchEdit.clear)
    busy(tab.apply_filters)
    wait(lambda: tab.loaded)
    typed = []
    for n in range(1, len(SEARCH) + 1):
        step[0] = f"typed {SEARCH[:n]}"
        busy(lambda n=n: tab.searchEdit.setText(SEARCH[:n]))
        start = time.perf_counter()
        busy(tab.apply_filters)
        wait(lambda: tab.rows_shown)
        typed.append(time.perf_counter() - start)
    start = time.perf_counter()
    wait(lambda: tab.loaded)
    out["typed"], out["typed_counted"] = typed, time.perf_counter() - start
    step[0] = "clear"
    busy(tab.searchEdit.clear)
    start = time.perf_counter()
    busy(tab.apply_filters)
    wait(lambda: tab.rows_shown)
    out["clear_rows"] = time.perf_counter() - start
    wait(lambda: tab.loaded)
    out["clear"] = time.perf_counter() - start
    step[0] = "sort"
    start = time.perf_counter()
    busy(lambda: tab.table.sortByColumn(tab.model.COL_FIRST, Qt.SortOrder.DescendingOrder))
    wait(lambda: tab.loaded)
    out["sort"] = time.perf_counter() - start
    middle = out["rows"] // 2
    step[0] = "scroll"
    start = time.perf_counter()
    busy(lambda: tab.table.scrollTo(tab.model.index(middle, 0)))
    wait(lambda: tab.model.is_loaded(middle))
    out["scroll"] = time.perf_counter() - start
    # Then on by a page (the page after the one holding the middle row): found from the
    # last row of the page before it (keyset), not by walking every row before it.
    below = (middle // 200 + 1) * 200
    step[0] = "scroll on"
    start = time.perf_counter()
    busy(lambda: tab.table.scrollTo(tab.model.index(below, 0)))
    wait(lambda: tab.model.is_loaded(below))
    out["scroll_on"] = time.perf_counter() - start
    out["block"], out["block_at"] = block
    out["held_peak"] = tab.model.peak_rows
    out["rss_peak"] = _rss_mb("VmHWM")
    out["rss_before"] = rss_before
    runner.wait_done()
    rt.close()
    return out


# -- the baseline (child process) ------------------------------------------------------


def child_baseline(url: str) -> dict[str, Any]:
    from sqlalchemy import create_engine, text

    rss_before = _rss_mb()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url)
    base = (
        " FROM student s JOIN school sc ON sc.id = s.school_id"
        " LEFT JOIN guardian_link l ON l.student_id = s.id AND l.active = :yes"
        " LEFT JOIN guardian g ON g.id = l.guardian_id"
        " WHERE s.active = :yes"
    )
    search_cols = (
        "s.student_number", "s.last_name", "s.first_name", "s.grade", "s.homeroom",
        "g.first_name", "g.last_name", "l.relationship", "g.registered_portal_email",
        "g.cell_phone", "sc.code",
    )  # fmt: skip
    out: dict[str, Any] = {}
    with engine.connect() as conn:

        def page(where: str, order: str, offset: int = 0, **params: Any) -> list[Any]:
            sql = (
                f"SELECT {PAGE_SQL_COLUMNS}{base}{where} ORDER BY {order} LIMIT 200 OFFSET {offset}"
            )
            return list(conn.execute(text(sql), {"yes": True, **params}))

        def count(where: str, **params: Any) -> int:
            return int(
                conn.execute(
                    text(f"SELECT count(*){base}{where}"), {"yes": True, **params}
                ).scalar()
                or 0
            )

        start = time.perf_counter()
        page("", "lower(s.last_name), s.id, l.id")
        out["open_rows"] = time.perf_counter() - start
        total = count("")
        out["open"] = time.perf_counter() - start
        out["rows"] = total
        keys, counted = [], []
        for n in range(1, len(SEARCH) + 1):
            where = " AND (" + " OR ".join(f"lower({c}) LIKE :p" for c in search_cols) + ")"
            start = time.perf_counter()
            page(where, "lower(s.last_name), s.id, l.id", p=f"%{SEARCH[:n]}%")
            keys.append(time.perf_counter() - start)
            out["found"] = count(where, p=f"%{SEARCH[:n]}%")
            counted.append(time.perf_counter() - start)
        out["keys"], out["keys_counted"] = keys, counted
        start = time.perf_counter()
        page("", "lower(s.last_name), s.id, l.id")
        out["clear_rows"] = time.perf_counter() - start
        count("")
        out["clear"] = time.perf_counter() - start
        start = time.perf_counter()
        page("", "lower(s.first_name) DESC, s.id, l.id")
        out["sort"] = time.perf_counter() - start
        start = time.perf_counter()
        page("", "lower(s.first_name) DESC, s.id, l.id", offset=total // 2)
        out["scroll"] = time.perf_counter() - start
        start = time.perf_counter()
        page("", "lower(s.first_name) DESC, s.id, l.id", offset=(total // 2 // 200 + 1) * 200)
        out["scroll_on"] = time.perf_counter() - start
    out["block"], out["block_at"] = 0.0, ""
    out["held_peak"] = 200
    out["rss_open"] = _rss_mb()
    out["rss_peak"] = _rss_mb("VmHWM")
    out["rss_before"] = rss_before
    engine.dispose()
    return out


# -- the parent ------------------------------------------------------------------------


def _child(kind: str, url: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, url],
        capture_output=True,
        text=True,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.0f} {max(values) * 1000:8.0f}"


def report(label: str, url: str, runs: int) -> None:
    tabs = [_child("tab", url) for _ in range(runs)]
    bares = [_child("baseline", url) for _ in range(runs)]
    t, b = tabs[0], bares[0]
    print(
        f"\n== {label}: {t['rows']:,} roster rows (baseline counts {b['rows']:,}); "
        f"search '{SEARCH}' finds {t['found']:,} (baseline {b['found']:,}); {runs} runs =="
    )
    print(f"{'':34}{'ppdesk median/worst ms':>24}{'bare SQL median/worst ms':>28}   ratio")

    def line(name: str, pick: Any) -> None:
        a = [pick(r) for r in tabs]
        z = [pick(r) for r in bares]
        ratio = statistics.median(a) / max(statistics.median(z), 1e-6)
        print(f"  {name:<32}{_ms(a):>24}{_ms(z):>28}   {ratio:5.1f}x")

    line("open -> first page shown", lambda r: r["open_rows"])
    line("open -> page and counts shown", lambda r: r["open"])
    for n in range(len(SEARCH)):
        line(f"key '{SEARCH[: n + 1]}' -> rows shown", lambda r, n=n: r["keys"][n])
        line(f"key '{SEARCH[: n + 1]}' -> count shown", lambda r, n=n: r["keys_counted"][n])
    for n in range(len(SEARCH)):
        line(
            f"typed on '{SEARCH[: n + 1]}' -> rows shown",
            lambda r, n=n: r["typed"][n] if "typed" in r else r["keys"][n],
        )
    line(
        "  then its count shown",
        lambda r: r["typed_counted"] if "typed" in r else r["keys_counted"][-1],
    )
    line("search cleared -> rows shown", lambda r: r["clear_rows"])
    line("search cleared -> count shown", lambda r: r["clear"])
    line("sort first name desc", lambda r: r["sort"])
    line("scroll to the middle row", lambda r: r["scroll"])
    line("then on by a page", lambda r: r.get("scroll_on", 0.0))
    blocks = [r["block"] * 1000 for r in tabs]
    at = ", ".join(sorted({r["block_at"] for r in tabs}))
    print(
        f"  {'longest GUI-thread block':<32}{statistics.median(blocks):8.0f} {max(blocks):8.0f}"
        f" ms   (during: {at})"
    )
    for name, key in (("RSS after opening", "rss_open"), ("peak RSS", "rss_peak")):
        a = statistics.median(r[key] for r in tabs)
        z = statistics.median(r[key] for r in bares)
        print(f"  {name:<32}{a:15.0f} MB{z:25.0f} MB   {a / z:5.1f}x")
    grown = [r["rss_open"] - r["rss_before"] for r in tabs]
    print(
        f"  {'RSS the tab added (after login)':<32}{statistics.median(grown):15.0f} MB"
        f"   (before the tab: {statistics.median(r['rss_before'] for r in tabs):.0f} MB,"
        " Qt and ppdesk loaded)"
    )
    print(f"  most rows the model held: {max(r['held_peak'] for r in tabs):,}")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _memory_keyring()
        kind, url = sys.argv[2], sys.argv[3]
        result = child_tab(url) if kind == "tab" else child_baseline(url)
        print(json.dumps(result), flush=True)
        os._exit(0)  # skip interpreter teardown: PySide6 may crash in it after the work
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PPDESK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
    )
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument(
        "--keep",
        metavar="NAME",
        help="keep the databases (NAME.sqlite3 here, database NAME on the server) and reuse "
        "them when they exist: build once, measure again later",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ppdesk-bench-") as tmp:
        os.environ["PPDESK_DATA_DIR"] = os.environ["PPDESK_CONFIG_DIR"] = tmp
        _memory_keyring()
        if not args.postgres_only:
            path = Path(f"{args.keep}.sqlite3").resolve() if args.keep else Path(tmp, "b.sqlite3")
            url = f"sqlite:///{path.as_posix()}"
            if not path.exists():
                print(f"building {args.students:,} students on SQLite ...", flush=True)
                print(f"built in {build(url, args.students):.0f} s", flush=True)
            report("SQLite", url, args.runs)
        if not args.sqlite_only:
            _postgres(args, tmp)
    return 0


def _postgres(args: argparse.Namespace, tmp: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    from tests.support.db import PgDatabases

    if not args.keep:
        dbs = PgDatabases(args.postgres)
        url = dbs.new(migrated=False)
        try:
            print(f"building {args.students:,} students on PostgreSQL ...", flush=True)
            print(f"built in {build(url, args.students):.0f} s", flush=True)
            report("PostgreSQL", url, args.runs)
        finally:
            dbs.drop_all()
        return
    base = make_url(args.postgres)
    url = base.set(database=args.keep).render_as_string(hide_password=False)
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (args.keep,))
        if exists.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{args.keep}"')
            fresh = True
        else:
            fresh = False
    if fresh:
        print(f"building {args.students:,} students on PostgreSQL ...", flush=True)
        print(f"built in {build(url, args.students):.0f} s", flush=True)
    report("PostgreSQL", url, args.runs)


if __name__ == "__main__":
    raise SystemExit(main())
