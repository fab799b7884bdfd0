"""How fast the roster tab opens and filters (issue 8): offscreen Qt, in one process.

For each school size a demo database is made once in a temporary directory, then, over
``--runs`` runs (median and worst):

* open: create the roster tab until its rows are in the table (the background
  ``roster_rows`` call included);
* grade filter: choose a grade in the combo box until the proxy is updated;
* search: type a search term (a common last-name fragment) until the proxy is updated;
* clear: empty the search box again (the whole roster comes back).

Targets: open < 1.5 s, each filter < 0.3 s (no visible lag).

    python bench/roster_tab.py [--runs 5] [--students 1500 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout: `python bench/roster_tab.py`

PASSWORD = "bench desk password"
OPEN_TARGET_S = 1.5
FILTER_TARGET_S = 0.3


def make_database(root: Path, students: int) -> str:
    from ppdesk import bootstrap
    from ppdesk.services.demo import create_demo

    url = f"sqlite:///{(root / f'bench-{students}.sqlite3').as_posix()}"
    rt = bootstrap.open_app(database=url)
    try:
        create_demo(rt.ctx, students=students, seed=1, password=PASSWORD)
    finally:
        rt.close()
    return url


def measure(url: str, runs: int) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

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
    figures: dict[str, list[float]] = {"open": [], "grade": [], "search": [], "clear": []}
    rows = 0
    try:
        for _ in range(runs + 1):  # the first run warms caches and is not counted
            start = time.perf_counter()
            tab = RosterTab(desk)
            tab.resize(1200, 700)
            tab.show()
            while not tab.loaded:
                app.processEvents()
                time.sleep(0.001)
            app.processEvents()  # the rows painted
            opened = time.perf_counter() - start
            rows = tab.model.rowCount()
            start = time.perf_counter()
            tab.gradeCombo.setCurrentIndex(3)
            app.processEvents()
            grade = time.perf_counter() - start
            tab.gradeCombo.setCurrentIndex(0)
            app.processEvents()
            term = tab.model.record(rows // 2).guardian_name.split()[-1][:4]
            start = time.perf_counter()
            tab.searchEdit.setText(term)
            app.processEvents()
            search = time.perf_counter() - start
            start = time.perf_counter()
            tab.searchEdit.clear()
            app.processEvents()
            clear = time.perf_counter() - start
            tab.close()
            tab.deleteLater()
            app.processEvents()
            if _ == 0:
                continue
            for key, value in (("open", opened), ("grade", grade), ("search", search),
                               ("clear", clear)):  # fmt: skip
                figures[key].append(value)
    finally:
        runner.wait_done()
        rt.close()
    figures["rows"] = [float(rows)]
    return figures


def _line(label: str, values: list[float], target: float) -> str:
    verdict = "ok" if max(values) < target else f"OVER {target} s"
    return (
        f"  {label:<34} median {statistics.median(values) * 1000:7.1f} ms   "
        f"worst {max(values) * 1000:7.1f} ms   {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--students", type=int, nargs="+", default=[1500, 5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ppdesk-bench-") as tmp:
        root = Path(tmp)
        os.environ.update(
            PPDESK_CONFIG_DIR=str(root / "config"),
            PPDESK_DATA_DIR=str(root / "data"),
            # No keyring in a bench: the single-workstation key file is used instead.
            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        )
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        for students in args.students:
            url = make_database(root, students)
            f = measure(url, args.runs)
            print(
                f"roster tab, demo school of {students:,} students "
                f"({int(f['rows'][0]):,} roster rows), {args.runs} runs"
            )
            print(_line("open (create tab -> rows shown)", f["open"], OPEN_TARGET_S))
            print(_line("grade filter", f["grade"], FILTER_TARGET_S))
            print(_line("search term typed", f["search"], FILTER_TARGET_S))
            print(_line("search cleared (all rows back)", f["clear"], FILTER_TARGET_S))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
