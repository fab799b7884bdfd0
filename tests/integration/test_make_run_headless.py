"""``make run`` on a machine without a display: demo school, then letters and roster."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from pypdf import PdfReader

from ppdesk.cli.main import main


def test_bare_ppdesk_without_display_runs_the_headless_demo(monkeypatch, tmp_path: Path) -> None:
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
