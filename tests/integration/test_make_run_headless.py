"""``make run`` on a machine without a display: demo school, then letters and roster. An
installed ppdesk (no ``PPDESK_DEV_DEMO``, which only the Makefile sets) never makes demo
data: on an empty database it says how to create the first account (issue 22)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from pypdf import PdfReader

from ppdesk.cli.main import main


def test_bare_ppdesk_without_display_runs_the_headless_demo(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PPDESK_DEV_DEMO", "1")  # what `make run` sets
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = CliRunner().invoke(main, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "creating the demo school" in result.output and "No display found" in result.output
    folder = Path(
        result.output.split("Demo output folder (confidential PINs, synthetic data): ")[1].strip()
    )
    pdf = next(folder.glob("*.pdf"))
    assert len(PdfReader(pdf).pages) > 20
    roster = openpyxl.load_workbook(next(folder.glob("*.xlsx")), read_only=True)
    assert sum(1 for _ in roster.worksheets[0].iter_rows()) > 1000
    again = CliRunner().invoke(main, [], catch_exceptions=False)
    assert "already holds data" in again.output


def test_an_installed_ppdesk_makes_no_demo_data(monkeypatch, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from sqlalchemy import create_engine, func, select

    from ppdesk.adapters.db.models import Staff, Student

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("PPDESK_DEV_DEMO", None)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    database = tmp_path / "data" / "ppdesk.sqlite3"
    proc = subprocess.run(
        [sys.executable, "-m", "ppdesk", "--database", f"sqlite:///{database.as_posix()}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 78, (proc.returncode, proc.stdout, proc.stderr)
    assert "first account" in proc.stderr and "--first-principal" in proc.stderr
    assert "demo" not in proc.stdout.lower()
    engine = create_engine(f"sqlite:///{database.as_posix()}")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Staff)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(Student)).scalar_one() == 0
    engine.dispose()
