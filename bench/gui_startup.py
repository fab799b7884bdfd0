"""How fast the desk starts: cold start to the login dialog, and login to a usable window.

Each run is a fresh Python process (offscreen Qt) on a demo database made once in a temporary
directory. Three figures, median and worst of ``--runs`` runs:

* cold start to the login dialog with ``python -m ppdesk.gui`` (the dialog comes first, the
  database opens behind it);
* login to a usable main window: from pressing Log in to the main window on screen with the
  search field focused (the database had opened while the user typed);
* for comparison, cold start to the login dialog through today's ``python -m ppdesk``, which
  opens the database (and imports its libraries) before showing the dialog.

    python bench/gui_startup.py [--runs 5] [--students 1500]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout: `python bench/gui_startup.py`

PASSWORD = "bench desk password"
TARGET_S = 1.5


def _emit(name: str) -> None:
    print(f"{name} {time.monotonic():.6f}", flush=True)


def child_gui(url: str) -> None:
    """The ``python -m ppdesk.gui`` start, with marks at the dialog and the usable window."""
    from PySide6.QtCore import QTimer

    from ppdesk.gui.app import DeskApp, ensure_application

    app = ensure_application()
    desk = DeskApp(database=url)
    state = {"runtime": False}

    def _maybe_log_in() -> None:
        # A person types for seconds; wait until the background opening and preloading are
        # done, as they would be by the time Log in is pressed.
        if not state["runtime"] or desk.runner.busy:
            QTimer.singleShot(20, _maybe_log_in)
            return
        ui = desk.login.ui
        ui.userEdit.setText("principal")
        ui.passwordEdit.setText(PASSWORD)
        _emit("login_pressed")
        ui.loginButton.click()

    def _on_runtime(_rt: object) -> None:
        state["runtime"] = True
        _maybe_log_in()

    def _on_desk(window: object) -> None:
        def _usable() -> None:
            assert window.find_page.ui.queryEdit.hasFocus()  # type: ignore[attr-defined]
            _emit("desk_usable")
            app.quit()

        QTimer.singleShot(0, _usable)

    desk.login_shown.connect(lambda: QTimer.singleShot(0, lambda: _emit("login_shown")))
    desk.runtime_ready.connect(_on_runtime)
    desk.desk_ready.connect(_on_desk)
    desk.start()
    app.exec()
    desk.shutdown()


def child_cli(url: str) -> None:
    """Today's ``python -m ppdesk``: the database opens before the login dialog."""
    sys.argv = ["ppdesk", "--database", url]
    import ppdesk.cli.run as run
    from ppdesk.gui import app as gui_app

    original = gui_app.DeskApp.start

    def start(self: gui_app.DeskApp) -> None:
        original(self)
        from PySide6.QtCore import QTimer

        def _shown() -> None:
            _emit("login_shown")
            gui_app.QApplication.quit()

        QTimer.singleShot(0, _shown)

    gui_app.DeskApp.start = start  # type: ignore[method-assign]
    run.has_display = lambda: True  # offscreen counts as a display here
    from ppdesk.__main__ import main

    with contextlib.suppress(SystemExit):  # run_default ends with sys.exit(run_gui(rt))
        main()


def make_database(root: Path, students: int) -> str:
    from ppdesk import bootstrap
    from ppdesk.services.demo import create_demo

    url = f"sqlite:///{(root / 'bench.sqlite3').as_posix()}"
    rt = bootstrap.open_app(database=url)
    try:
        create_demo(rt.ctx, students=students, seed=1, password=PASSWORD)
    finally:
        rt.close()
    return url


def run_child(kind: str, url: str, env: dict[str, str]) -> dict[str, float]:
    start = time.monotonic()
    out = subprocess.run(
        [sys.executable, __file__, f"--child-{kind}", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    marks = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("login_shown", "login_pressed", "desk_usable"):
            marks[parts[0]] = float(parts[1])
    if "login_shown" not in marks:
        raise RuntimeError(f"{kind} run failed:\n{out.stdout}\n{out.stderr}")
    result = {"cold_start": marks["login_shown"] - start}
    if "desk_usable" in marks:
        result["login"] = marks["desk_usable"] - marks["login_pressed"]
    return result


def _line(label: str, values: list[float], target: float | None) -> str:
    verdict = ""
    if target is not None:
        verdict = "  ok" if max(values) < target else f"  OVER {target} s"
    return (
        f"{label:<58} median {statistics.median(values):5.2f} s   worst {max(values):5.2f} s"
        f"{verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--students", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ppdesk-bench-") as tmp:
        root = Path(tmp)
        env = dict(os.environ)
        env.update(
            PPDESK_CONFIG_DIR=str(root / "config"),
            PPDESK_DATA_DIR=str(root / "data"),
            # No keyring in a bench: the single-workstation key file is used instead.
            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=str(ROOT),
        )
        os.environ.update({k: env[k] for k in ("PPDESK_CONFIG_DIR", "PPDESK_DATA_DIR")})
        os.environ["PYTHON_KEYRING_BACKEND"] = env["PYTHON_KEYRING_BACKEND"]
        url = make_database(root, args.students)
        run_child("gui", url, env)  # warm the OS file cache once, as after a first start
        gui = [run_child("gui", url, env) for _ in range(args.runs)]
        cli = [run_child("cli", url, env) for _ in range(args.runs)]
    print(f"ppdesk desk start-up, {args.runs} runs, demo school of {args.students} students")
    print(_line("cold start to the login dialog (python -m ppdesk.gui)",
                [r["cold_start"] for r in gui], TARGET_S))  # fmt: skip
    print(_line("login to a usable main window", [r["login"] for r in gui], TARGET_S))
    print(_line("for comparison: cold start via today's python -m ppdesk",
                [r["cold_start"] for r in cli], None))  # fmt: skip
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child-gui":
        child_gui(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--child-cli":
        child_cli(sys.argv[2])
    else:
        raise SystemExit(main())
