"""Each staff member's own PostgreSQL login role, made through the database's login
functions (issue 19, point 1): ``staff add --login|--directory``, ``set-password``,
``deactivate``, ``reactivate`` and ``db person-logins``. SQLite keeps ppdesk's own login and says so."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from ppdesk import bootstrap
from ppdesk.cli.main import main
from tests.support.pg_roles import RolesDatabase, refusal

PW = "principal passphrase 1"
NEW = "a new long passphrase 7"


def _cli(url: str):
    runner = CliRunner()

    def run(*args: str, password: str | None = None, new_password: str | None = None):
        env = {"PPDESK_PASSWORD": password, "PPDESK_NEW_PASSWORD": new_password}
        return runner.invoke(
            main,
            ["--database", url, *args],
            env={k: v for k, v in env.items() if v is not None},
            catch_exceptions=False,
        )

    return run


@pytest.fixture
def shared(pg_databases) -> Iterator[RolesDatabase]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new())
    try:
        yield db
    finally:
        db.close()


def _first_principal(cli, name: str) -> None:
    r = cli(
        "staff", "add", name, "--name", "Pat Principal", "--school", "1234",
        "--school-name", "Maple", "--first-principal", new_password=PW,
    )  # fmt: skip
    assert r.exit_code == 0, r.output


@pytest.mark.postgres
def test_staff_logins_are_made_reset_and_disabled_through_the_database(
    shared: RolesDatabase,
) -> None:
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    bob = shared.login_name("bob")
    carl = shared.login_name("carl")
    dana = shared.login_name("dana")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)

    r = cli("staff", "add", bob, "--name", "Bob Office", "--school", "1234", "--login",
            "--user", pat, password=PW, new_password=NEW)  # fmt: skip
    assert r.exit_code == 0, r.output
    r = cli("staff", "add", carl, "--name", "Carl Office", "--school", "1234", "--directory",
            "--user", pat, password=PW)  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = dict(
        (name, (login, pw))
        for name, login, pw in shared.admin(
            "SELECT rolname, rolcanlogin, rolpassword FROM pg_authid WHERE rolname = ANY(%s)",
            [bob, carl],
        )
    )
    assert rows[bob][0] and rows[bob][1].startswith("SCRAM-SHA-256$")
    assert NEW not in rows[bob][1]
    assert rows[carl] == (True, None)  # a directory login: pg_hba authenticates it
    member = shared.admin(
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = %s AND u.rolname = ANY(%s)",
        f"{shared.prefix}_staff",
        [bob, carl],
    )
    assert member == [(2,)]
    assert shared.admin("SELECT password_hash FROM staff WHERE username = %s", carl) == [(None,)]

    before = rows[bob][1]
    r = cli("staff", "set-password", bob, "--user", pat, password=PW, new_password="other pass 99")
    assert r.exit_code == 0, r.output
    after = shared.admin("SELECT rolpassword FROM pg_authid WHERE rolname = %s", bob)[0][0]
    assert after != before and after.startswith("SCRAM-SHA-256$")

    r = cli("staff", "deactivate", bob, "--user", pat, password=PW)
    assert r.exit_code == 0, r.output
    assert shared.admin("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", bob) == [(False,)]
    proc = shared.psql(bob, "SELECT 1")
    assert proc.returncode != 0 and "not permitted to log in" in proc.stderr

    # An account added without a login gets a directory login from `db person-logins on`.
    r = cli("staff", "add", dana, "--name", "Dana", "--school", "1234", "--user", pat,
            password=PW, new_password=NEW)  # fmt: skip
    assert r.exit_code == 0, r.output
    r = cli("db", "person-logins", "on")
    assert r.exit_code == 0, r.output
    assert "created: 2 login role(s)" in r.output  # pat and dana (bob is deactivated)
    assert f"{dana}" in r.output and f"{bob}" in r.output
    ok = shared.psql(dana, "SELECT ppdesk_api.session_start()")
    assert refusal(ok) is None
    r = cli("db", "person-logins", "off")
    assert "disabled: 3 login role(s)" in r.output  # pat, carl, dana
    r = cli("audit", "verify")
    assert r.exit_code == 0 and "intact" in r.output, r.output
    actions = [a for (a,) in shared.admin("SELECT action FROM audit_event ORDER BY seq")]
    assert actions.count("login_create") == 4 and actions.count("login_disable") >= 4
    assert "login_password_set" in actions


@pytest.mark.postgres
def test_a_staff_login_cannot_make_logins_for_itself(shared: RolesDatabase) -> None:
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)
    shared.admin("SELECT ppdesk_api.create_login(%s, NULL)", pat)
    # A principal connected as themself manages staff, but never outside the staff group.
    # Even when a staff account is named after one (made by someone who manages staff).
    targets = ("postgres", f"{shared.prefix}_owner", f"{shared.prefix}_login_admin")
    for target in targets:
        shared.admin(
            "INSERT INTO staff (username, display_name, active, failed_logins) "
            "VALUES (%s, 'Mallory', true, 0)",
            target,
        )
    for target in targets:
        for call in (
            f"ppdesk_api.set_login_password('{target}', NULL)",
            f"ppdesk_api.create_login('{target}', NULL)",
            f"ppdesk_api.disable_login('{target}')",
            f"ppdesk_api.enable_login('{target}')",
        ):
            proc = shared.psql(pat, f"SELECT {call}")
            assert refusal(proc) == "not_plain_staff_login", call
            assert "not a plain ppdesk staff login" in proc.stderr, proc.stderr
    assert shared.admin("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'postgres'") == [(True,)]
    assert shared.admin(
        "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s) ORDER BY rolname",
        list(targets[1:]),
    ) == [(f"{shared.prefix}_login_admin", False), (f"{shared.prefix}_owner", False)]
    # A password in clear is refused: only a SCRAM verifier made by the client is accepted.
    before = shared.admin("SELECT rolpassword FROM pg_authid WHERE rolname = %s", pat)
    proc = shared.psql(pat, f"SELECT ppdesk_api.set_login_password('{pat}', 'plain password')")
    assert refusal(proc) == "not_a_verifier"
    assert "scram-sha-256 verifier" in proc.stderr.lower()
    assert shared.admin("SELECT rolpassword FROM pg_authid WHERE rolname = %s", pat) == before
    # Each refusal is in the audit trail, and the password given in clear is in no row.
    denied = shared.admin(
        "SELECT actor, action, details FROM audit_event WHERE outcome = 'denied' ORDER BY seq"
    )
    assert len(denied) == 4 * len(targets) + 1
    assert {row[0] for row in denied} == {pat}
    assert denied[-1][1:] == ("login_password_set", '{"directory":false,"reason":"not_a_verifier"}')
    every = shared.admin("SELECT string_agg(concat_ws('|', actor, details), ' ') FROM audit_event")
    assert "plain password" not in every[0][0]


def test_sqlite_keeps_the_programs_own_login(tmp_path) -> None:
    cli = _cli(f"sqlite:///{(tmp_path / 'one.sqlite3').as_posix()}")
    _first_principal(cli, "pat")
    r = cli("staff", "add", "bob", "--name", "Bob", "--school", "1234", "--login", "--user",
            "pat", password=PW, new_password=NEW)  # fmt: skip
    assert r.exit_code == 2
    assert "shared PostgreSQL" in r.output
    r = cli("db", "person-logins", "status")
    assert r.exit_code == 2 and "only on a shared PostgreSQL" in r.output


@pytest.mark.postgres
def test_with_person_logins_on_the_database_checks_the_password(shared: RolesDatabase) -> None:
    """The desk and the CLI sign people in by connecting as them. This server trusts
    127.0.0.1, so any password passes here; the slow test with its own cluster shows the
    database refusing a wrong directory or SCRAM password."""
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    gone = shared.login_name("gone")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)
    r = cli("staff", "add", gone, "--name", "Gone", "--school", "1234", "--directory",
            "--user", pat, password=PW)  # fmt: skip
    assert r.exit_code == 0, r.output
    assert cli("staff", "list", "--user", pat, password="not pat's").exit_code == 2  # own login
    assert cli("db", "person-logins", "on").exit_code == 0
    r = cli("staff", "list", "--user", pat, password="the database decides")
    assert r.exit_code == 0, r.output  # trusted by this server's pg_hba, not by ppdesk
    last = shared.admin("SELECT actor, action, workstation FROM audit_event WHERE action = "
                        "'login' ORDER BY seq DESC LIMIT 1")  # fmt: skip
    assert last[0][:2] == (pat, "login") and last[0][2].startswith("db:")
    assert cli("staff", "deactivate", gone, "--user", pat, password="x").exit_code == 0
    r = cli("staff", "list", "--user", gone, password="x")
    assert r.exit_code == 2 and "Wrong user name or password" in r.output
    assert cli("db", "person-logins", "off").exit_code == 0
    assert cli("staff", "list", "--user", pat, password="not pat's").exit_code == 2
    assert cli("staff", "list", "--user", pat, password=PW).exit_code == 0


@pytest.mark.postgres
def test_a_refusal_on_the_desks_connection_is_recorded_once_by_the_desk(
    shared: RolesDatabase,
) -> None:
    """Through the desk (CLI) the login function's refusal rolls back with the act (the
    staff row it would have added included); the service records the refusal in its own
    transaction, so the trail has exactly one row for it."""
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)
    seq = shared.admin("SELECT max(seq) FROM audit_event")[0][0]
    r = cli("staff", "add", "postgres", "--name", "Mallory", "--school", "1234", "--directory",
            "--user", pat, password=PW)  # fmt: skip
    assert r.exit_code != 0
    assert "The shared database refused this (not_plain_staff_login)" in r.output, r.output
    assert shared.admin("SELECT count(*) FROM staff WHERE username = 'postgres'") == [(0,)]
    rows = shared.admin(
        "SELECT actor, action, outcome, details FROM audit_event WHERE seq > %s ORDER BY seq",
        seq,
    )
    denied = [row for row in rows if row[2] == "denied"]
    assert denied == [(pat, "login_create", "denied", '{"reason":"not_plain_staff_login"}')]
    r = cli("audit", "verify")
    assert r.exit_code == 0 and "intact" in r.output, r.output


def _rows_after(db: RolesDatabase, seq: int) -> list[tuple]:
    return db.admin(
        "SELECT actor, action, outcome, target_id, details FROM audit_event WHERE seq > %s "
        "ORDER BY seq",
        seq,
    )


def _last_seq(db: RolesDatabase) -> int:
    return int(db.admin("SELECT coalesce(max(seq), 0) FROM audit_event")[0][0])


def _can_login(db: RolesDatabase, role: str) -> bool:
    return bool(db.admin("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", role)[0][0])


@pytest.mark.postgres
def test_reactivating_an_account_lets_its_login_role_log_in_again(shared: RolesDatabase) -> None:
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    bob = shared.login_name("bob")
    dana = shared.login_name("dana")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)
    shared.admin("SELECT ppdesk_api.create_login(%s, NULL)", pat)
    r = cli("staff", "add", bob, "--name", "Bob Office", "--school", "1234", "--directory",
            "--user", pat, password=PW)  # fmt: skip
    assert r.exit_code == 0, r.output
    r = cli("staff", "add", dana, "--name", "Dana", "--school", "1234", "--user", pat,
            password=PW, new_password=NEW)  # fmt: skip
    assert r.exit_code == 0, r.output
    bob_id = str(shared.admin("SELECT id FROM staff WHERE username = %s", bob)[0][0])
    assert cli("staff", "deactivate", bob, "--user", pat, password=PW).exit_code == 0
    assert not _can_login(shared, bob)

    # With psql a principal cannot let a deactivated person's login in again without
    # reactivating the account; nor enable a login for an account that has none.
    for name, reason in ((bob, "no_active_account"), (dana, "no_login_role")):
        seq = _last_seq(shared)
        proc = shared.psql(pat, f"SELECT * FROM ppdesk_api.enable_login('{name}')")
        assert refusal(proc) == reason
        rows = _rows_after(shared, seq)
        assert [row[:3] for row in rows] == [(pat, "login_enable", "denied")], rows
        assert json.loads(rows[0][4]) == {"reason": reason}
    assert not _can_login(shared, bob)
    assert shared.admin("SELECT count(*) FROM pg_roles WHERE rolname = %s", dana) == [(0,)]

    seq = _last_seq(shared)
    r = cli("staff", "reactivate", bob, "--reason", "back from leave", "--user", pat,
            password=PW)  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "inactive" not in r.output
    assert _can_login(shared, bob)
    assert refusal(shared.psql(bob, "SELECT * FROM ppdesk_api.session_start()")) is None
    actions = [(row[1], row[2], row[3]) for row in _rows_after(shared, seq)]
    assert ("login_enable", "success", bob_id) in actions
    assert ("staff_update", "success", bob_id) in actions

    # Reactivating an account that was never deactivated leaves its login alone.
    r = cli("staff", "reactivate", dana, "--user", pat, password=PW)
    assert r.exit_code == 0, r.output
    assert shared.admin("SELECT count(*) FROM pg_roles WHERE rolname = %s", dana) == [(0,)]
    r = cli("audit", "verify")
    assert r.exit_code == 0 and "intact" in r.output, r.output


@pytest.mark.postgres
def test_a_refused_reactivation_rolls_back_and_is_recorded_once(shared: RolesDatabase) -> None:
    """A staff account named like a login role outside the staff group: reactivating it
    through the desk is refused by the database, the account stays inactive, the role stays
    NOLOGIN, and the trail has exactly one denied row."""
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    mallory = shared.login_name("mallory")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)
    shared.admin(f'CREATE ROLE "{mallory}" NOLOGIN')
    shared.admin(
        "INSERT INTO staff (username, display_name, active, failed_logins) "
        "VALUES (%s, 'Mallory', false, 0)",
        mallory,
    )
    seq = _last_seq(shared)
    r = cli("staff", "reactivate", mallory, "--user", pat, password=PW)
    assert r.exit_code != 0
    assert "The shared database refused this (not_plain_staff_login)" in r.output, r.output
    assert not _can_login(shared, mallory)
    assert shared.admin("SELECT active FROM staff WHERE username = %s", mallory) == [(False,)]
    denied = [row for row in _rows_after(shared, seq) if row[2] == "denied"]
    assert [(row[0], row[1], json.loads(row[4])) for row in denied] == [
        (pat, "login_enable", {"reason": "not_plain_staff_login"})
    ]
    r = cli("audit", "verify")
    assert r.exit_code == 0 and "intact" in r.output, r.output


@pytest.mark.postgres
def test_a_refusal_in_db_person_logins_leaves_exactly_one_audit_row(
    shared: RolesDatabase,
) -> None:
    """``db person-logins off`` meets an active staff account named like a login role that
    is not a plain staff login: the command stops and keeps nothing it did (every other
    login still may log in, the switch stays on), but the refusal is in the trail, once."""
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    mallory = shared.login_name("mallory")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)
    assert cli("db", "person-logins", "on").exit_code == 0
    assert _can_login(shared, pat)
    shared.admin(f'CREATE ROLE "{mallory}" LOGIN')
    shared.admin(
        "INSERT INTO staff (username, display_name, active, failed_logins) "
        "VALUES (%s, 'Mallory', true, 0)",
        mallory,
    )
    mallory_id = str(shared.admin("SELECT id FROM staff WHERE username = %s", mallory)[0][0])
    seq = _last_seq(shared)
    r = cli("db", "person-logins", "off")
    assert r.exit_code != 0
    assert "not_plain_staff_login" in r.output, r.output
    assert _can_login(shared, pat) and _can_login(shared, mallory)
    assert shared.admin("SELECT value FROM ppdesk_meta WHERE key = 'person_logins'") == [("on",)]
    admin_role = shared.admin("SELECT session_user")[0][0]
    assert _rows_after(shared, seq) == [
        (admin_role, "login_disable", "denied", mallory_id, '{"reason":"not_plain_staff_login"}')
    ]
    r = cli("audit", "verify")
    assert r.exit_code == 0 and "intact" in r.output, r.output


@pytest.mark.postgres
def test_person_logins_on_leaves_a_role_of_the_same_name_alone(shared: RolesDatabase) -> None:
    """Roles are the server's, shared by its databases: an account whose name is already a
    role outside this database's staff group (another database's staff, a DBA's role) is
    not adopted; ``on`` says so and exits 1, instead of counting it silently as done."""
    cli = _cli(shared.url)
    pat = shared.login_name("pat")
    _first_principal(cli, pat)
    bootstrap.db_roles(shared.url, apply=True)
    shared.admin(f'CREATE ROLE "{pat}" LOGIN')  # someone else's role of that name
    r = cli("db", "person-logins", "on")
    assert r.exit_code == 1, r.output
    assert f"problem: {pat}: a PostgreSQL role of that name already exists" in r.output
    assert "created: 0 login role(s)" in r.output
    staff = f"{shared.prefix}_staff"
    assert shared.admin("SELECT pg_has_role(%s, %s, 'MEMBER')", pat, staff) == [(False,)]
