"""The command line, end to end on a real database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from ppdesk.cli.main import main
from ppdesk.services.auth import MAX_FAILED_LOGINS

PW = "principal passphrase 1"


@pytest.fixture
def cli(db_url, monkeypatch):
    runner = CliRunner()

    def run(
        *args: str,
        password: str | None = None,
        new_password: str | None = None,
        input: str | None = None,
    ):
        env = {}
        if password is not None:
            env["PPDESK_PASSWORD"] = password
        if new_password is not None:
            env["PPDESK_NEW_PASSWORD"] = new_password
        return runner.invoke(
            main, ["--database", db_url, *args], env=env, input=input, catch_exceptions=False
        )

    return run


def test_staff_lifecycle_and_audit_verify(cli) -> None:
    r = cli(
        "staff",
        "add",
        "pat",
        "--name",
        "Pat Principal",
        "--school",
        "1234",
        "--school-name",
        "Maple",
        "--first-principal",
        new_password=PW,
    )
    assert r.exit_code == 0, r.output
    r = cli(
        "staff",
        "add",
        "pat2",
        "--name",
        "Eve",
        "--school",
        "1234",
        "--first-principal",
        new_password=PW,
    )
    assert r.exit_code == 2 and "already has staff" in r.output
    r = cli(
        "staff",
        "add",
        "olive",
        "--name",
        "Olive Office",
        "--school",
        "1234",
        "-u",
        "pat",
        password=PW,
        new_password="office passphrase 1",
    )
    assert r.exit_code == 0, r.output
    assert (
        cli(
            "staff",
            "grant",
            "olive",
            "parent_access_admin",
            "--school",
            "1234",
            "-u",
            "pat",
            password=PW,
        ).exit_code
        == 0
    )
    r = cli("staff", "list", "-u", "pat", password=PW)
    assert "olive" in r.output and "parent_access_admin@1234" in r.output
    r = cli("staff", "grant", "olive", "principal", "--school", "1234", "-u", "pat", password=PW)
    assert r.exit_code == 2 and "district administrator" in r.output
    assert (
        cli(
            "staff",
            "revoke",
            "olive",
            "parent_access_admin",
            "--school",
            "1234",
            "-u",
            "pat",
            password=PW,
        ).exit_code
        == 0
    )
    r = cli("staff", "list", "-u", "pat", password="wrong password!")
    assert r.exit_code == 2 and "Wrong user name or password" in r.output
    r = cli(
        "staff",
        "set-password",
        "olive",
        "-u",
        "pat",
        password=PW,
        new_password="a new office phrase",
    )
    assert r.exit_code == 0, r.output
    assert (
        cli("staff", "list", "-u", "olive", password="a new office phrase").exit_code == 2
    )  # no role: refused, but logged in
    r = cli("staff", "deactivate", "olive", "--reason", "left", "-u", "pat", password=PW)
    assert r.exit_code == 0 and "[inactive]" in r.output, r.output
    r = cli("staff", "list", "-u", "olive", password="a new office phrase")
    assert r.exit_code == 2 and "Wrong user name or password" in r.output
    r = cli("staff", "reactivate", "olive", "--reason", "back", "-u", "pat", password=PW)
    assert r.exit_code == 0 and "olive" in r.output and "[inactive]" not in r.output, r.output
    r = cli("staff", "list", "-u", "olive", password="a new office phrase")
    assert r.exit_code == 2 and "Wrong user name or password" not in r.output
    for _ in range(MAX_FAILED_LOGINS):
        cli("staff", "list", "-u", "olive", password="not olive's phrase")
    r = cli("staff", "list", "-u", "pat", password=PW)
    assert "[locked]" in r.output, r.output
    r = cli("staff", "unlock", "olive", "-u", "pat", password=PW)
    assert r.exit_code == 0 and "[locked]" not in r.output, r.output
    r = cli("audit", "verify")
    assert r.exit_code == 0 and r.output.startswith("intact")


def test_password_from_stdin_never_echoed(cli) -> None:
    cli(
        "staff",
        "add",
        "pat",
        "--name",
        "Pat",
        "--school",
        "1",
        "--school-name",
        "S",
        "--first-principal",
        new_password=PW,
    )
    r = cli("staff", "list", "-u", "pat", input=PW + "\n")
    assert r.exit_code == 0 and PW not in r.output


def test_audit_verify_reports_tampering(cli, runtime) -> None:
    cli(
        "staff",
        "add",
        "pat",
        "--name",
        "Pat",
        "--school",
        "1",
        "--school-name",
        "S",
        "--first-principal",
        new_password=PW,
    )
    with runtime.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
            conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 1"))
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 1"))
    r = cli("audit", "verify")
    assert r.exit_code == 1 and "broken at sequence 1" in r.output


def test_db_status_and_demo_and_link(cli) -> None:
    r = cli("demo", "--students", "40", "--seed", "3", "--password", "demo passphrase 1")
    assert r.exit_code == 0, r.output
    assert "40 students" in r.output and "demo passphrase 1" not in r.output
    r = cli("db", "status")
    assert r.exit_code == 0 and "up to date" in r.output
    r = cli("demo", "--students", "40")
    assert r.exit_code == 2 and "empty database" in r.output
    r = cli(
        "link",
        "--student-id",
        "00000001",
        "--dob",
        "03/04/2015",
        "--pin",
        "AAA-AAA-AAA",
        "--email",
        "p@example.org",
    )
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = cli(
        "link",
        "--student-id",
        "00000001",
        "--dob",
        "2015-03-04",
        "--pin",
        "AAA-AAA-AAA",
        "--email",
        "p@example.org",
    )
    assert r.exit_code == 2 and "error:" in r.output and "Traceback" not in r.output
