"""The shared database enforces the role matrix itself (issue 19, SECURITY.md 14).

With ``ppdesk db roles --apply`` done, a staff member who connects with psql as their own
PostgreSQL login role (a real second process) is refused at every step an attacker would
try; a principal sees only their school's rows and reaches a PIN only through the function
that records the disclosure, whose audit row keeps the chain verifiable.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ppdesk import bootstrap
from ppdesk.domain.errors import SchemaError
from ppdesk.domain.pin import parse_pin
from ppdesk.services import audit_trail
from ppdesk.services.pins import aad as pin_aad
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.pg_roles import RolesDatabase, district_database, refusal


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def _refused(proc, *needles: str) -> None:
    assert proc.returncode != 0, f"accepted: {proc.stdout!r}"
    err = proc.stderr.lower()
    assert any(n.lower() in err for n in needles), proc.stderr


@pytest.mark.postgres
def test_office_staff_with_psql_is_refused_at_every_step(district: dict) -> None:
    db, office = district["db"], district["names"]["office"]
    oak_link = district["oak_family"].link_ids[0]
    maple_link = district["maple_family"].link_ids[0]
    denied = "permission denied"
    steps = {
        "read PIN ciphertexts": ("SELECT ciphertext FROM parent_pin", denied),
        "read PIN hashes": ("SELECT pin_hash FROM public.parent_pin", denied),
        "read password hashes": ("SELECT password_hash FROM staff", denied),
        "read the audit trail": ("SELECT * FROM audit_event", denied),
        "grant itself principal": (
            "INSERT INTO role_grant (staff_id, role, school_id, granted_at) "
            "VALUES (1, 'principal', 1, now())",
            denied,
        ),
        "rewrite audit rows": ("UPDATE audit_event SET outcome = 'success'", denied),
        "delete audit rows": ("DELETE FROM audit_event", denied),
        "truncate the trail": ("TRUNCATE audit_event", denied),
        "rewind the chain head": ("UPDATE audit_chain_head SET last_seq = 0", denied),
        "disable the audit triggers": (
            "ALTER TABLE audit_event DISABLE TRIGGER ALL",
            "must be owner",
        ),
        "drop the append-only function": (
            "DROP FUNCTION ppdesk_audit_append_only()",
            "must be owner",
        ),
        "drop an api function": (
            "DROP FUNCTION ppdesk_api.disclose_pin(integer, text)",
            "must be owner",
        ),
        "create a table": ("CREATE TABLE public.loot (x text)", denied),
        "create a temporary table": ("CREATE TEMP TABLE loot (x text)", denied),
        "create a function in the api schema": (
            "CREATE FUNCTION ppdesk_api.x() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            denied,
        ),
        "become the owner": (f'SET ROLE "{db.prefix}_owner"', denied),
        "disable row-level security": (
            "ALTER TABLE student DISABLE ROW LEVEL SECURITY",
            "must be owner",
        ),
        "ciphertext through the view": (
            "SELECT ciphertext FROM ppdesk_api.parent_pin",
            "does not exist",
        ),
        "password hash through the view": (
            "SELECT password_hash FROM ppdesk_api.staff",
            "does not exist",
        ),
        "write an audit row itself": (
            "SELECT ppdesk_private.audit_append('x', 'success', NULL, NULL, NULL, '{}')",
            denied,
        ),
    }
    # The ppdesk_api functions say no with a result (and a WARNING) instead of an error, so
    # that their audit row of the refusal is kept (tests/integration/test_db_refusals_audited).
    refusals = {
        "reveal a PIN of another school": (
            f"SELECT * FROM ppdesk_api.disclose_pin({oak_link}, 'screen')",
            "no_permission",
        ),
        "reveal a PIN of its own school": (
            f"SELECT * FROM ppdesk_api.disclose_pin({maple_link}, 'screen')",
            "no_permission",
        ),
        "issue a PIN": (
            f"SELECT * FROM ppdesk_api.issue_pin({maple_link}, 'r1', 'h', 'screen')",
            "no_permission",
        ),
        "grant itself a role": (
            "SELECT * FROM ppdesk_api.grant_role((SELECT ppdesk_api.my_staff_id()), "
            f"'principal', {district['maple']})",
            "grant_out_of_scope",
        ),
        "make another login": (
            "SELECT * FROM ppdesk_api.create_login('mallory', NULL)",
            "not_staff_manager",
        ),
        "reset the admin's password": (
            "SELECT * FROM ppdesk_api.set_login_password('postgres', NULL)",
            "not_staff_manager",
        ),
    }
    accepted = []
    for label, (sql, needle) in steps.items():
        proc = db.psql(office, sql)
        if proc.returncode == 0 or needle.lower() not in proc.stderr.lower():
            accepted.append(f"{label}: rc={proc.returncode} {proc.stdout!r} {proc.stderr!r}")
    for label, (sql, code) in refusals.items():
        proc = db.psql(office, sql)
        if proc.returncode != 0 or refusal(proc) != code:
            accepted.append(f"{label}: rc={proc.returncode} {proc.stdout!r} {proc.stderr!r}")
    assert not accepted, "\n".join(accepted)
    assert db.admin("SELECT count(*) FROM pg_roles WHERE rolname = 'mallory'") == [(0,)]
    # What the office may do: look students up at its own school, and nothing else.
    students = db.psql(office, "SELECT DISTINCT school_id FROM ppdesk_api.student")
    assert students.returncode == 0, students.stderr
    assert students.stdout.split() == [str(district["maple"])]
    pins = db.psql(office, "SELECT count(*) FROM ppdesk_api.parent_pin")
    assert pins.stdout.strip() == "1"  # its school's PIN status, never another's
    audit = db.psql(
        office,
        "SELECT count(*) FROM ppdesk_api.audit_event WHERE school_id IS NOT NULL "
        "AND actor <> session_user",
    )
    assert audit.stdout.strip() == "0"  # office staff do not read the audit trail
    own = db.psql(
        office,
        "SELECT count(*) FROM ppdesk_api.audit_event WHERE actor = session_user "
        "AND outcome = 'denied'",
    )
    assert own.stdout.strip() == str(len(refusals))  # only their own refusals


@pytest.mark.postgres
def test_a_principal_reads_only_their_school_and_discloses_through_the_function(
    district: dict,
) -> None:
    db, ctx = district["db"], district["ctx"]
    principal = district["names"]["principal"]
    maple, oak = district["maple"], district["oak"]
    link = district["maple_family"].link_ids[0]
    for view in ("student", "audit_event"):
        proc = db.psql(
            principal,
            f"SELECT DISTINCT school_id FROM ppdesk_api.{view} WHERE school_id IS NOT NULL",
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split() == [str(maple)], view
    everything = db.admin("SELECT DISTINCT school_id FROM audit_event WHERE school_id IS NOT NULL")
    assert {r[0] for r in everything} == {maple, oak}  # the other school's rows exist
    guardians = db.psql(principal, "SELECT count(*) FROM ppdesk_api.guardian")
    assert guardians.stdout.strip() == "4"  # the two guardians of each of two Maple students
    proc = db.psql(
        principal,
        f"SELECT pin_id, encode(ciphertext, 'hex'), key_id FROM ppdesk_api.disclose_pin({link}, 'screen')",
    )
    assert proc.returncode == 0, proc.stderr
    pin_id, blob, key_id = proc.stdout.strip().split("|")
    clear = ctx.keys.decrypt(key_id, bytes.fromhex(blob), pin_aad(int(pin_id), link))
    assert parse_pin(clear).display == district["maple_pin"].display
    rows = db.admin(
        "SELECT actor, action, school_id, details FROM audit_event ORDER BY seq DESC LIMIT 1"
    )
    assert rows[0][:3] == (principal, "pin_reveal", maple)
    assert clear not in rows[0][3]
    assert db.admin("SELECT count(*) FROM pin_disclosure WHERE pin_id = %s", int(pin_id))[0][0] == 2
    # The other school's PIN: refused; an unverified guardian: no PIN.
    oak_link = district["oak_family"].link_ids[0]
    proc = db.psql(principal, f"SELECT * FROM ppdesk_api.disclose_pin({oak_link}, 'screen')")
    assert refusal(proc) == "no_permission"
    assert "only a principal" in proc.stderr.lower()
    unverified = district["maple_family"].link_ids[1]
    proc = db.psql(
        principal, f"SELECT * FROM ppdesk_api.issue_pin({unverified}, 'r2', 'h2', 'screen')"
    )
    assert refusal(proc) == "not_verified_legal_guardian"
    assert "not recorded as a verified parent" in proc.stderr
    # The SQL-written audit rows extend the same chain the verifier checks.
    report = audit_trail.check_chain(ctx)
    assert report.intact, report.describe()


@pytest.mark.postgres
def test_issue_through_the_function_then_store_the_ciphertext(district: dict) -> None:
    db, ctx = district["db"], district["ctx"]
    principal = district["names"]["principal"]
    link = district["maple_family"].link_ids[0]
    verify(ctx, district["principal"], link)
    sql = (
        f"SELECT pin_id FROM ppdesk_api.issue_pin({link}, 'req-sql-1', repeat('a', 64), "
        "'screen', true, 'lost letter')"
    )
    proc = db.psql(principal, sql)
    assert proc.returncode == 0, proc.stderr
    new_id = int(proc.stdout.strip())
    states = db.admin("SELECT id, status FROM parent_pin WHERE link_id = %s ORDER BY id", link)
    assert states[-1] == (new_id, "active")
    assert [s for _, s in states[:-1]] == ["revoked"]
    # Only its issuer stores the ciphertext, once.
    oak = district["names"]["oak_principal"]
    proc = db.psql(oak, f"SELECT ppdesk_api.set_pin_ciphertext({new_id}, 'k', '\\x00')")
    assert refusal(proc) == "not_issuer_or_stored"
    assert "only the staff member" in proc.stderr.lower()
    ok = db.psql(principal, f"SELECT ppdesk_api.set_pin_ciphertext({new_id}, 'k', '\\x00')")
    assert refusal(ok) is None and ok.stdout.strip() == ""  # no refusal: stored
    proc = db.psql(principal, f"SELECT ppdesk_api.set_pin_ciphertext({new_id}, 'k', '\\x01')")
    assert refusal(proc) == "not_issuer_or_stored"
    stored = db.admin("SELECT encode(ciphertext, 'hex') FROM parent_pin WHERE id = %s", new_id)
    assert stored == [("00",)]
    assert audit_trail.check_chain(ctx).intact


@pytest.mark.postgres
def test_grants_through_the_function_follow_the_matrix(district: dict) -> None:
    db = district["db"]
    principal = district["names"]["principal"]
    office_id = db.admin("SELECT id FROM staff WHERE username = %s", district["names"]["office"])[
        0
    ][0]
    maple, oak = district["maple"], district["oak"]
    for role, school in (("principal", maple), ("parent_access_admin", oak)):
        proc = db.psql(
            principal, f"SELECT * FROM ppdesk_api.grant_role({office_id}, '{role}', {school})"
        )
        assert refusal(proc) == "grant_out_of_scope"
        assert "may not grant" in proc.stderr
    ok = db.psql(
        principal,
        f"SELECT grant_id FROM ppdesk_api.grant_role({office_id}, 'parent_access_admin', {maple})",
    )
    assert refusal(ok) is None
    grant = db.admin(
        "SELECT role, school_id, granted_by_id FROM role_grant WHERE id = %s",
        int(ok.stdout.strip()),
    )
    assert grant[0][:2] == ("parent_access_admin", maple)
    last = db.admin("SELECT actor, action FROM audit_event ORDER BY seq DESC LIMIT 1")
    assert last[0] == (principal, "role_grant")
    assert audit_trail.check_chain(district["ctx"]).intact


def test_roles_need_postgresql(tmp_path) -> None:
    with pytest.raises(SchemaError, match="only on a shared PostgreSQL"):
        bootstrap.db_roles(f"sqlite:///{tmp_path / 'one.sqlite3'}")


@pytest.mark.postgres
def test_db_roles_prints_the_sql_without_changing_anything(pg_databases) -> None:
    from click.testing import CliRunner

    from ppdesk.cli.main import main

    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new())
    try:
        result = CliRunner().invoke(main, ["--database", db.url, "db", "roles"])
        assert result.exit_code == 0, result.output
        assert "CREATE POLICY ppdesk_scope ON public.parent_pin" in result.output
        assert f'GRANT CONNECT ON DATABASE "{db.name}" TO "{db.prefix}_staff"' in result.output
        assert db.admin("SELECT count(*) FROM pg_namespace WHERE nspname = 'ppdesk_api'") == [(0,)]
        assert db.admin("SELECT count(*) FROM pg_roles WHERE rolname LIKE %s", db.prefix + "%") == [
            (0,)
        ]
    finally:
        db.close()


@pytest.mark.postgres
def test_a_teacher_sees_only_their_homeroom(district: dict) -> None:
    db, teacher = district["db"], district["names"]["teacher"]
    proc = db.psql(teacher, "SELECT id FROM ppdesk_api.student")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(district["homeroom_family"].student_id)]
    all_maple = db.admin("SELECT count(*) FROM student WHERE school_id = %s", district["maple"])
    assert all_maple[0][0] == 2  # the school has another student the teacher does not see
    links = db.psql(teacher, "SELECT DISTINCT student_id FROM ppdesk_api.guardian_link")
    assert links.stdout.split() == [str(district["homeroom_family"].student_id)]
    _refused(db.psql(teacher, "SELECT * FROM student"), "permission denied")


@pytest.mark.postgres
def test_db_roles_check_reports_what_an_administrator_weakened(district: dict) -> None:
    from click.testing import CliRunner

    from ppdesk.cli.main import main

    db = district["db"]
    runner = CliRunner()
    ok = runner.invoke(main, ["--database", db.url, "db", "roles", "--check"])
    assert ok.exit_code == 0, ok.output
    assert "rules:    in place" in ok.output
    for sql in (
        "ALTER TABLE parent_pin DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE audit_event NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY ppdesk_scope ON student",
        "ALTER FUNCTION ppdesk_api.disclose_pin(integer, text) SECURITY INVOKER",
        "DROP FUNCTION ppdesk_api.grant_role(integer, text, integer, text, text)",
        f'GRANT SELECT ON staff TO "{db.prefix}_staff"',
        "GRANT CREATE ON SCHEMA public TO PUBLIC",
    ):
        db.admin(sql)
    bad = runner.invoke(main, ["--database", db.url, "db", "roles", "--check"])
    assert bad.exit_code == 1
    for expected in (
        "row-level security is disabled on parent_pin",
        "row-level security on audit_event is not forced on the owner",
        "policy ppdesk_scope on student is missing",
        "ppdesk_api.disclose_pin(integer, text) is not SECURITY DEFINER",
        "ppdesk_api.grant_role(integer, text, integer, text, text) is missing",
        "the staff role has privileges on table staff",
        "PUBLIC may create objects in schema public",
    ):
        assert expected in bad.output, bad.output
    # Applying again puts everything back.
    again = runner.invoke(main, ["--database", db.url, "db", "roles", "--apply"])
    assert again.exit_code == 0, again.output
    assert "problem:" not in again.output
    assert runner.invoke(main, ["--database", db.url, "db", "roles", "--check"]).exit_code == 0


@pytest.mark.postgres
def test_db_upgrade_applies_the_rules_again(pg_databases) -> None:
    from sqlalchemy import create_engine

    from ppdesk.adapters.db import pg_security, schema

    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new(migrated=False))
    try:
        engine = create_engine(db.url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            schema.upgrade(engine, "0004")
            pg_security.apply(engine, pg_security.names_for(engine))
        finally:
            engine.dispose()
        cols = "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        view = cols + "'ppdesk_api' AND table_name = 'parent_pin'"
        assert ("letter_number",) not in db.admin(view)  # a column of migration 0005
        info = bootstrap.db_upgrade(db.url)
        assert "up to date" in info.state
        assert ("letter_number",) in db.admin(view)
        check = bootstrap.db_roles(db.url, check=True)
        assert check.problems == ()
    finally:
        db.close()


@pytest.mark.postgres
def test_concurrent_issues_through_the_function_give_one_pin_and_a_linear_chain(
    district: dict,
) -> None:
    import threading

    import psycopg
    from sqlalchemy.engine import make_url

    db, ctx = district["db"], district["ctx"]
    principal = district["names"]["principal"]
    family = make_family(ctx)
    link = family.link_ids[0]
    verify(ctx, district["principal"], link)
    u = make_url(db.url)
    conninfo = f"host={u.host} port={u.port or 5432} dbname={db.name} user={principal}"
    n = 8
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def attempt(i: int) -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            barrier.wait()
            pin_id, refused = conn.execute(
                "SELECT pin_id, refusal FROM ppdesk_api.issue_pin(%s, %s, %s, 'screen')",
                (link, f"race-{i}", f"{i:064d}"),
            ).fetchone()
            outcomes.append("issued" if pin_id and refused is None else f"refused: {refused}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["issued"] + ["refused: already_active"] * (n - 1)
    active = db.admin(
        "SELECT count(*) FROM parent_pin WHERE link_id = %s AND status = 'active'", link
    )
    assert active == [(1,)]
    issued = db.admin(
        "SELECT count(*) FROM audit_event WHERE action = 'pin_issue' AND target_id = %s "
        "AND outcome = 'success'",
        str(link),
    )
    assert issued == [(1,)]
    refused = db.admin(
        "SELECT count(*) FROM audit_event WHERE action = 'pin_issue' AND target_id = %s "
        "AND outcome = 'denied' AND details LIKE %s",
        str(link),
        '%"reason":"already_active"%',
    )
    assert refused == [(n - 1,)]
    report = audit_trail.check_chain(ctx)
    assert report.intact, report.describe()


@pytest.mark.postgres
def test_a_workstation_role_in_the_owner_group_still_connects_and_imports(district: dict) -> None:
    db = district["db"]
    desk = db.login_name("desk")
    db.admin(f'CREATE ROLE "{desk}" LOGIN IN ROLE "{db.prefix}_owner"')
    proc = db.psql(desk, "CREATE TEMP TABLE staging (x int); SELECT count(*) FROM student")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["3"]  # not a staff login: row-level security does not scope it


@pytest.mark.postgres
def test_db_status_and_audit_verify_report_a_disabled_policy(district: dict) -> None:
    from click.testing import CliRunner

    from ppdesk.cli.main import main

    db = district["db"]
    runner = CliRunner()
    ok = runner.invoke(main, ["--database", db.url, "db", "status"])
    assert ok.exit_code == 0, ok.output
    db.admin("ALTER TABLE parent_pin DISABLE ROW LEVEL SECURITY")
    for command in (["db", "status"], ["audit", "verify"]):
        bad = runner.invoke(main, ["--database", db.url, *command])
        assert bad.exit_code == 1, (command, bad.output)
        assert "row-level security is disabled on parent_pin" in bad.output, bad.output


@pytest.mark.postgres
def test_a_district_verifier_with_psql_gets_no_counter_letter(district: dict) -> None:
    """Issue 15 point 4: after a verification by a district office the database itself
    refuses to show, print or export the PIN; reading it by phone needs a video check."""
    from ppdesk.domain.roles import Role
    from ppdesk.domain.verification import VerificationMode
    from tests.support.seed import add_staff, login

    db, ctx = district["db"], district["ctx"]
    name = db.login_name("ld_verifier")
    # A local district office's verifier (Maple is in Central), with a directory login.
    add_staff(ctx, name, Role.PARENT_ACCESS_ADMIN, school_code=None, local_district="Central")
    db.admin("SELECT ppdesk_api.create_login(%s, NULL)", name)
    link = district["maple_family"].link_ids[0]
    verifier = login(ctx, name)
    assert verify(ctx, verifier, link).passed
    for channel in ("screen", "print", "export"):
        proc = db.psql(name, f"SELECT * FROM ppdesk_api.disclose_pin({link}, '{channel}')")
        assert refusal(proc) == "district_route"
        assert "district office" in proc.stderr
        proc = db.psql(
            name,
            f"SELECT * FROM ppdesk_api.issue_pin({link}, 'r-{channel}', 'h', '{channel}', true)",
        )
        assert refusal(proc) == "district_route"
    proc = db.psql(name, f"SELECT * FROM ppdesk_api.disclose_pin({link}, 'phone')")
    assert refusal(proc) == "phone_needs_video"
    assert verify(ctx, verifier, link, VerificationMode.VIDEO).passed
    proc = db.psql(name, f"SELECT pin_id FROM ppdesk_api.disclose_pin({link}, 'phone')")
    assert refusal(proc) is None and proc.stdout.strip()
