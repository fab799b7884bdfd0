"""Every refusal by a ``ppdesk_api`` function is in the audit trail (issue 19; section 1 of
docs/district-setup.md says how and why).

A staff member connects with psql as their own PostgreSQL login role (a real second process,
autocommit as psql is by default) and makes each call the function must refuse. After each:
the call was refused (its ``refusal`` result and the WARNING name the reason), exactly one
audit row was appended, naming the actor (``session_user``), the attempted action, outcome
``denied`` and the reason code, on the chain of the school concerned; nothing else in the
database changed; no PIN or password is in the row. ``ppdesk audit verify`` is intact after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from ppdesk.cli.main import main
from tests.support.pg_roles import RolesDatabase, district_database, refusal

SECRET = "Tr0ub4dor and 3"  # a password typed where a verifier belongs: never recorded


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def _state(db: RolesDatabase) -> dict[str, object]:
    """Everything in the database a refusal must leave alone: every table but the audit
    trail and its chain heads (read as the administrator, past row-level security), and
    ppdesk's cluster roles with their login and password state."""
    tables = [
        t
        for (t,) in db.admin(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename NOT IN ('audit_event', 'audit_chain_head') ORDER BY tablename"
        )
    ]
    out: dict[str, object] = {
        t: db.admin(
            f"SELECT md5(coalesce(string_agg(x::text, '\n' ORDER BY x::text), '')) FROM public.\"{t}\" x"
        )[0][0]
        for t in tables
    }
    out["roles"] = db.admin(
        "SELECT rolname, rolcanlogin, rolpassword FROM pg_authid WHERE rolname LIKE %s "
        "OR rolname = 'mallory' ORDER BY rolname",
        db.prefix + "%",
    )
    return out


def _last_seq(db: RolesDatabase) -> int:
    return int(db.admin("SELECT coalesce(max(seq), 0) FROM audit_event")[0][0])


def _refused_once(
    db: RolesDatabase, actor: str, sql: str, action: str, reason: str, school: int | None
) -> dict:
    """Run ``sql`` as ``actor`` with psql; check the refusal, its one audit row and that
    nothing else changed. Returns the row's details."""
    before, seq = _state(db), _last_seq(db)
    proc = db.psql(actor, sql)
    assert refusal(proc) == reason, (sql, proc.stdout, proc.stderr)
    rows = db.admin(
        "SELECT seq, actor, action, outcome, school_id, details, row_hash FROM audit_event "
        "WHERE seq > %s ORDER BY seq",
        seq,
    )
    assert len(rows) == 1, (sql, rows)
    new_seq, who, did, outcome, school_id, details, row_hash = rows[0]
    assert (who, did, outcome, school_id) == (actor, action, "denied", school), (sql, rows[0])
    parsed = json.loads(details)
    assert parsed["reason"] == reason
    assert f"audit row {new_seq}." in proc.stderr  # the WARNING names the row
    # On the chain of the school concerned (the district's when none): its head moved to it.
    head = db.admin(
        "SELECT last_seq, last_hash FROM audit_chain_head WHERE chain = %s", school or 0
    )
    assert head == [(new_seq, row_hash)]
    assert SECRET not in details
    assert _state(db) == before, sql
    return parsed


def _verify_intact(db: RolesDatabase) -> None:
    result = CliRunner().invoke(main, ["--database", db.url, "audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


@pytest.mark.postgres
def test_each_refusal_of_an_office_clerk_leaves_one_audit_row(district: dict) -> None:
    db = district["db"]
    office = district["names"]["office"]
    principal = district["names"]["principal"]
    maple = district["maple"]
    maple_link = district["maple_family"].link_ids[0]
    oak_link = district["oak_family"].link_ids[0]
    pin_id = db.admin("SELECT id FROM parent_pin WHERE link_id = %s", maple_link)[0][0]
    grant_id = db.admin(
        "SELECT g.id FROM role_grant g JOIN staff s ON s.id = g.staff_id WHERE s.username = %s",
        principal,
    )[0][0]
    scram = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy"
    calls = [
        # (sql, action, reason, school of the audit row)
        (f"SELECT * FROM ppdesk_api.disclose_pin({maple_link}, 'screen')",
         "pin_reveal", "no_permission", maple),
        # A link the clerk cannot see: the refusal goes to the district's chain.
        (f"SELECT * FROM ppdesk_api.disclose_pin({oak_link}, 'screen')",
         "pin_reveal", "no_permission", None),
        (f"SELECT * FROM ppdesk_api.disclose_pin({maple_link}, '{SECRET}')",
         "pin_reveal", "invalid_channel", maple),
        (f"SELECT * FROM ppdesk_api.issue_pin({maple_link}, 'r-1', repeat('a', 64), 'print')",
         "pin_issue", "no_permission", maple),
        (f"SELECT * FROM ppdesk_api.issue_pin({maple_link}, 'r-2', 'h', 'screen', true)",
         "pin_reissue", "no_permission", maple),
        (f"SELECT * FROM ppdesk_api.set_pin_ciphertext({pin_id}, 'k', '\\x00')",
         "pin_store", "not_issuer_or_stored", maple),
        ("SELECT * FROM ppdesk_api.grant_role((SELECT ppdesk_api.my_staff_id()), "
         f"'principal', {maple})", "role_grant", "grant_out_of_scope", maple),
        ("SELECT * FROM ppdesk_api.grant_role(1, 'district_admin', NULL)",
         "role_grant", "district_wide_role", None),
        (f"SELECT * FROM ppdesk_api.revoke_role({grant_id}, 'take it')",
         "role_revoke", "grant_out_of_scope", maple),
        ("SELECT * FROM ppdesk_api.create_login('mallory', NULL)",
         "login_create", "not_staff_manager", None),
        (f"SELECT * FROM ppdesk_api.set_login_password('{principal}', '{scram}')",
         "login_password_set", "not_staff_manager", None),
        (f"SELECT * FROM ppdesk_api.disable_login('{principal}')",
         "login_disable", "not_staff_manager", None),
        (f"SELECT * FROM ppdesk_api.enable_login('{principal}')",
         "login_enable", "not_staff_manager", None),
    ]  # fmt: skip
    for sql, action, reason, school in calls:
        details = _refused_once(db, office, sql, action, reason, school)
        assert "channel" not in details or details["channel"] in ("screen", "print"), details
    # A login role of the staff group with no ppdesk account: its refusal is recorded too.
    ghost = db.login_name("ghost")
    db.admin(f'CREATE ROLE "{ghost}" LOGIN IN ROLE "{db.prefix}_staff"')
    details = _refused_once(
        db, ghost, "SELECT * FROM ppdesk_api.session_start()", "login", "no_active_account", None
    )
    assert details == {"method": "database", "reason": "no_active_account"}
    _verify_intact(db)


@pytest.mark.postgres
def test_each_refusal_of_a_principal_leaves_one_audit_row(district: dict) -> None:
    db = district["db"]
    names = district["names"]
    principal, office = names["principal"], names["office"]
    maple, oak = district["maple"], district["oak"]
    maple_link = district["maple_family"].link_ids[0]
    unverified = district["maple_family"].link_ids[1]
    homeroom_link = district["homeroom_family"].link_ids[0]
    oak_link = district["oak_family"].link_ids[0]
    office_id, me = (
        db.admin("SELECT id FROM staff WHERE username = %s", who)[0][0]
        for who in (office, principal)
    )
    oak_grant = db.admin(
        "SELECT g.id FROM role_grant g JOIN staff s ON s.id = g.staff_id WHERE s.username = %s",
        names["oak_principal"],
    )[0][0]
    oak_pin = db.admin("SELECT id FROM parent_pin WHERE link_id = %s", oak_link)[0][0]
    office_password = db.admin("SELECT rolpassword FROM pg_authid WHERE rolname = %s", office)
    calls = [
        # No verification of this guardian by the principal in the last 30 minutes.
        (f"SELECT * FROM ppdesk_api.disclose_pin({homeroom_link}, 'screen')",
         "pin_reveal", "no_recent_verification", maple),
        # Verified in person (fixture): not enough to read the PIN out by phone.
        (f"SELECT * FROM ppdesk_api.disclose_pin({maple_link}, 'phone')",
         "pin_reveal", "phone_needs_video", maple),
        (f"SELECT * FROM ppdesk_api.disclose_pin({oak_link}, 'screen')",
         "pin_reveal", "no_permission", None),
        (f"SELECT * FROM ppdesk_api.issue_pin({unverified}, 'r-3', 'h', 'screen')",
         "pin_issue", "not_verified_legal_guardian", maple),
        (f"SELECT * FROM ppdesk_api.issue_pin({maple_link}, 'r-4', 'h', 'screen')",
         "pin_issue", "already_active", maple),
        (f"SELECT * FROM ppdesk_api.issue_pin({oak_link}, 'r-5', 'h', 'screen')",
         "pin_issue", "no_permission", None),
        (f"SELECT * FROM ppdesk_api.set_pin_ciphertext({oak_pin}, 'k', '\\x00')",
         "pin_store", "not_issuer_or_stored", None),
        (f"SELECT * FROM ppdesk_api.grant_role({office_id}, 'principal', {maple})",
         "role_grant", "grant_out_of_scope", maple),
        (f"SELECT * FROM ppdesk_api.grant_role({office_id}, 'parent_access_admin', {oak})",
         "role_grant", "grant_out_of_scope", oak),
        (f"SELECT * FROM ppdesk_api.grant_role({me}, 'parent_access_admin', {maple})",
         "role_grant", "own_roles", maple),
        (f"SELECT * FROM ppdesk_api.grant_role({office_id}, 'root', {maple})",
         "role_grant", "unknown_role", maple),
        (f"SELECT * FROM ppdesk_api.grant_role({office_id}, 'parent_access_admin', NULL)",
         "role_grant", "district_wide_role", None),
        (f"SELECT * FROM ppdesk_api.revoke_role({oak_grant})",
         "role_revoke", "grant_out_of_scope", oak),
        ("SELECT * FROM ppdesk_api.revoke_role(987654)",
         "role_revoke", "no_such_grant", None),
        ("SELECT * FROM ppdesk_api.create_login('no.such.person', NULL)",
         "login_create", "no_staff_account", None),
        ("SELECT * FROM ppdesk_api.create_login('Robert''); DROP TABLE staff; --', NULL)",
         "login_create", "invalid_login_name", None),
        (f"SELECT * FROM ppdesk_api.set_login_password('{office}', '{SECRET}')",
         "login_password_set", "not_a_verifier", None),
        ("SELECT * FROM ppdesk_api.disable_login('postgres')",
         "login_disable", "no_staff_account", None),
        ("SELECT * FROM ppdesk_api.enable_login('postgres')",
         "login_enable", "no_staff_account", None),
    ]  # fmt: skip
    for sql, action, reason, school in calls:
        details = _refused_once(db, principal, sql, action, reason, school)
        assert set(details) <= {"channel", "permission", "reason", "role", "grant_id",
                                "directory"}, details  # fmt: skip
    assert db.admin("SELECT rolpassword FROM pg_authid WHERE rolname = %s", office) == (
        office_password
    )

    # Each principal reads the refusals about their school; a person also reads their own.
    def denied(who: str, where: str) -> int:
        proc = db.psql(
            who, f"SELECT count(*) FROM ppdesk_api.audit_event WHERE outcome = 'denied' {where}"
        )
        assert proc.returncode == 0, proc.stderr
        return int(proc.stdout)

    assert denied(principal, "") == len(calls)
    about_oak = [c for c in calls if c[3] == oak]
    assert len(about_oak) == 2
    assert denied(names["oak_principal"], f"AND school_id = {oak}") == len(about_oak)
    assert denied(names["oak_principal"], f"AND school_id = {maple}") == 0
    everything = db.admin("SELECT string_agg(concat_ws('|', actor, details), ' ') FROM audit_event")
    assert SECRET not in everything[0][0]
    _verify_intact(db)


@pytest.mark.postgres
def test_a_refusal_inside_a_transaction_the_caller_rolls_back_is_gone(district: dict) -> None:
    """The documented limit: the refusal is a result, so its audit row is committed by
    whoever commits the caller's transaction. psql's autocommit (above) keeps it; a caller
    that wraps the call in its own transaction and rolls back removes it, as it removes
    anything else it did."""
    db = district["db"]
    office = district["names"]["office"]
    link = district["maple_family"].link_ids[0]
    seq = _last_seq(db)
    proc = db.psql(
        office,
        f"BEGIN; SELECT refusal FROM ppdesk_api.disclose_pin({link}, 'screen'); ROLLBACK;",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["no_permission"]
    assert _last_seq(db) == seq
    proc = db.psql(
        office,
        f"BEGIN; SELECT refusal FROM ppdesk_api.disclose_pin({link}, 'screen'); COMMIT;",
    )
    assert proc.stdout.split() == ["no_permission"]
    assert db.admin("SELECT actor, outcome FROM audit_event WHERE seq > %s", seq) == [
        (office, "denied")
    ]
    _verify_intact(db)


@pytest.mark.postgres
def test_db_roles_apply_replaces_functions_that_raised(pg_databases) -> None:
    """A database where an older ``db roles --apply`` made the functions that raised (other
    result types, which CREATE OR REPLACE cannot change) gets the ones that return their
    refusal, and the raising helpers are gone."""
    from ppdesk import bootstrap
    from ppdesk.adapters.db import pg_security

    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new())
    try:
        bootstrap.db_roles(db.url, apply=True)
        for sig in pg_security._RESULT_CHANGED:  # the older result types, as stand-ins
            db.admin(f"DROP FUNCTION ppdesk_api.{sig}")
            db.admin(f"CREATE FUNCTION ppdesk_api.{sig} RETURNS integer LANGUAGE sql AS 'SELECT 1'")
        for sig in pg_security._PRIVATE_GONE:
            db.admin(f"CREATE FUNCTION ppdesk_private.{sig} RETURNS void LANGUAGE sql AS ''")
        result = bootstrap.db_roles(db.url, apply=True)
        assert result.problems == ()
        for sig in pg_security._RESULT_CHANGED:
            names = db.admin(
                "SELECT proargnames FROM pg_proc WHERE oid = to_regprocedure(%s)",
                f"ppdesk_api.{sig}",
            )
            assert "refusal" in names[0][0], sig
        for sig in pg_security._PRIVATE_GONE:
            gone = db.admin("SELECT to_regprocedure(%s)", f"ppdesk_private.{sig}")
            assert gone == [(None,)], sig
        # Applying again changes nothing more (the functions are kept, not dropped again).
        oids = db.admin("SELECT to_regprocedure('ppdesk_api.session_start()')::oid")
        bootstrap.db_roles(db.url, apply=True)
        assert db.admin("SELECT to_regprocedure('ppdesk_api.session_start()')::oid") == oids
    finally:
        db.close()
