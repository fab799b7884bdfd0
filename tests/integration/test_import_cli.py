"""``ppdesk import``: oneroster, template and write-template, end to end on a real database."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from ppdesk.cli.main import main
from ppdesk.domain.roles import Role
from tests.fixtures.sis.helpers import copy_set, set_cell
from tests.integration.test_import import ONEROSTER_11, counts, student
from tests.integration.test_import_template import GUARDIANS, SCHOOLS, STAFF, STUDENTS
from tests.support.seed import PASSWORD, add_staff, staff_with_role


@pytest.fixture
def cli(app, db_url):
    add_staff(app, "importer", Role.DISTRICT_ADMIN, school_code=None, local_district=None)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(
            main,
            ["--database", db_url, "import", *args],
            env={"PPDESK_PASSWORD": PASSWORD},
            catch_exceptions=False,
        )

    return run


def test_dry_run_then_import_then_nothing_to_do(cli, runtime) -> None:
    before = counts(runtime)
    r = cli("oneroster", str(ONEROSTER_11), "--dry-run", "--user", "importer")
    assert r.exit_code == 0, r.output
    assert "nothing written" in r.output and "students added" in r.output
    assert "add        student           000123456" in r.output
    assert counts(runtime)["student"] == before["student"] == 0
    r = cli("oneroster", str(ONEROSTER_11), "--user", "importer")
    assert r.exit_code == 0, r.output
    assert "Imported oneroster_1_1 (oneroster-1.1, complete export, 2 school(s))" in r.output
    assert "audit trail" in r.output
    assert student(runtime, "000123456").first_name == "Ana"
    r = cli("oneroster", str(ONEROSTER_11), "--user", "importer")
    assert r.exit_code == 0 and "No changes" in r.output


def test_errors_are_listed_with_their_place_and_exit_code_2(cli, runtime, tmp_path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-2", "familyName", "Lo\x00pez")
    set_cell(folder / "demographics.csv", "s-2", "birthDate", "3/4/15")
    before = counts(runtime)
    for extra in ((), ("--dry-run",)):
        r = cli("oneroster", str(folder), "--user", "importer", *extra)
        assert r.exit_code == 2
        assert "users.csv, line 12, column familyName: error:" in r.output
        assert "demographics.csv, line 3, column birthDate: error:" in r.output
    after = counts(runtime)
    assert after.pop("audit_event") == before.pop("audit_event") + 2  # the two logins only
    assert after == before


def test_refused_without_the_right(cli, app, runtime) -> None:
    staff_with_role(app, Role.OFFICE_STAFF)
    r = cli("oneroster", str(ONEROSTER_11), "--user", "office_staff_1001")
    assert r.exit_code == 2
    assert "Only a principal or a district administrator can import SIS data." in r.output


def test_write_template_fill_and_import(cli, runtime, tmp_path) -> None:
    path = tmp_path / "roster.xlsx"
    r = cli("write-template", str(path))
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(path)
    for name, rows in (
        ("Schools", SCHOOLS),
        ("Staff", STAFF),
        ("Students", STUDENTS),
        ("Guardians", GUARDIANS),
    ):
        for row in rows:
            book[name].append(row)
    book.save(path)
    assert cli("write-template", str(path)).exit_code == 2  # never overwritten by accident
    r = cli("template", str(path), "--dry-run", "--user", "importer")
    assert r.exit_code == 0 and "students added" in r.output, r.output
    r = cli("template", str(path), "--user", "importer")
    assert r.exit_code == 0, r.output
    assert student(runtime, "000123").grade == "K"
