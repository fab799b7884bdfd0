"""``ppdesk roster export`` and ``ppdesk report ...`` from the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ppdesk.cli.main import main
from ppdesk.services.context import AppContext
from tests.support.roster_data import PARK, audit_rows, build_school
from tests.support.seed import PASSWORD


@pytest.fixture
def cli(app: AppContext, db_url: str, monkeypatch: pytest.MonkeyPatch):
    build_school(app)
    monkeypatch.setenv("PPDESK_PASSWORD", PASSWORD)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, ["--database", db_url, *args], catch_exceptions=False)

    return run


def test_roster_export_command(cli, app: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    result = cli(
        "roster", "export", "--out", str(out), "--grade", "4", "--homeroom", PARK,
        "-u", "principal_1001",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "5 rows" in result.output and "CONFIDENTIAL" in result.output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.max_row == 6
    assert audit_rows(app, "roster_export")[-1].outcome == "success"


def test_roster_export_refused_for_office_staff(cli, app: AppContext, tmp_path: Path) -> None:
    from ppdesk.domain.roles import Role
    from tests.support.seed import add_staff

    add_staff(app, "front_desk", Role.OFFICE_STAFF)
    out = tmp_path / "roster.xlsx"
    result = cli("roster", "export", "--out", str(out), "-u", "front_desk")
    assert result.exit_code == 2 and "principal" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("adoption",),
        ("outreach", "--grade", "4"),
        ("emergency-contacts", "--since", "2020-01-01"),
        ("audit", "--since", "2020-01-01"),
    ],
)
def test_report_commands(cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    for suffix in (".xlsx", ".pdf"):
        out = tmp_path / f"report{suffix}"
        result = cli("report", *args, "--out", str(out), "-u", "principal_1001")
        assert result.exit_code == 0, result.output
        assert out.exists() and "Wrote" in result.output


def test_report_bad_date_is_a_plain_error(cli, tmp_path: Path) -> None:
    result = cli(
        "report", "emergency-contacts", "--since", "03/04/2031", "--out",
        str(tmp_path / "e.xlsx"), "-u", "principal_1001",
    )  # fmt: skip
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
