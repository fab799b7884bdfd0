"""``ppdesk selftest``: prove an installed bundle works, without a display and without
touching the user's data, database or keyring."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import click


def _check(name: str, fn: Callable[[], str]) -> bool:
    start = time.perf_counter()
    try:
        detail = fn()
    except Exception as exc:
        click.echo(f"FAIL {name}: {type(exc).__name__}: {exc}")
        return False
    click.echo(f"ok   {name}: {detail} ({time.perf_counter() - start:.2f} s)")
    return True


@click.command("selftest")
def selftest() -> None:
    """Create a temporary database and run every part once: migrations, demo school, a PIN
    through a scripted verification, a letter, a roster export, the main window."""
    with tempfile.TemporaryDirectory(prefix="ppdesk-selftest-") as tmp:
        ok = run_selftest(Path(tmp))
    click.echo("ok" if ok else "FAILED")
    sys.exit(0 if ok else 1)


def run_selftest(tmp: Path) -> bool:
    from ppdesk import __version__, bootstrap

    os.environ["PPDESK_DATA_DIR"] = str(tmp / "data")
    os.environ["PPDESK_CONFIG_DIR"] = str(tmp / "config")
    os.environ.pop("PPDESK_DATABASE_URL", None)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    bootstrap.isolate_from_user_keyring()
    bootstrap.setup_logging()  # into the temporary data directory
    state: dict[str, object] = {}
    password = secrets.token_urlsafe(16)
    click.echo(f"ppdesk {__version__} self-test in {tmp}")

    def database() -> str:
        rt = bootstrap.open_app(database=f"sqlite:///{(tmp / 'selftest.sqlite3').as_posix()}")
        state["rt"] = rt
        return f"{rt.description}, {rt.schema_state.head if hasattr(rt.schema_state, 'head') else ''}".strip(
            ", "
        )

    def demo_school() -> str:
        from ppdesk.services import demo

        result = demo.create_demo(state["rt"].ctx, students=60, seed=7, password=password)  # type: ignore[attr-defined]
        return f"{result.students} students, {result.guardians} guardians"

    def pin() -> str:
        from ppdesk.cli.selftest_flow import scripted_pin

        link_id, session = scripted_pin(state["rt"].ctx, password)  # type: ignore[attr-defined]
        state["link_id"], state["paa"] = link_id, session
        return "verification passed, PIN issued"

    def letter() -> str:
        from ppdesk.services import letters

        out = tmp / "letter.pdf"
        letters.single_letter(state["rt"].ctx, state["paa"], state["link_id"], out)  # type: ignore[attr-defined]
        return f"{out.name}, {out.stat().st_size:,} bytes"

    def roster() -> str:
        from ppdesk.cli.selftest_flow import roster_export

        out = tmp / "roster.xlsx"
        rows = roster_export(state["rt"].ctx, password, out)  # type: ignore[attr-defined]
        return f"{out.name}, {rows} rows"

    def window() -> str:
        from ppdesk.gui.selftest_window import open_and_close_main_window

        return f"opened and closed '{open_and_close_main_window(state['rt'], state['paa'])}'"

    ok = True
    for name, fn in (
        ("database and migrations", database),
        ("demo school", demo_school),
        ("PIN through a scripted verification", pin),
        ("PIN letter", letter),
        ("roster export", roster),
        ("main window (offscreen)", window),
    ):
        ok = _check(name, fn) and ok
        if not ok and name in ("database and migrations", "demo school"):
            break
    rt = state.get("rt")
    if rt is not None:
        rt.close()  # type: ignore[attr-defined]
    return ok


commands = [selftest]
