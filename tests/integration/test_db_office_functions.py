"""The office's writes and the audit heads as ``ppdesk_api`` functions (issue 19 point 2;
``ppdesk.adapters.db.pg_security_office``).

PostgreSQL only: these tests check PostgreSQL's own enforcement (``SECURITY DEFINER``
functions checking the role matrix, row-level security), which SQLite has no counterpart
of. Each staff member connects as their own login role with psql (a real second process).

For each function: the role the matrix allows succeeds and writes exactly one audit row
(the service's action, target and details, ``session_user`` as the actor); an office clerk,
a teacher and a principal of another school get the refusal result, a WARNING, exactly one
denied audit row and no change; a clerk's psql cannot write the tables or views directly.
``ppdesk audit verify`` is intact after all of it.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from ppdesk.adapters.db.person_uow import refusal_error
from ppdesk.adapters.db.pg_security import REFUSALS
from ppdesk.adapters.db.pg_security_desk import DESK_REFUSALS
from ppdesk.adapters.db.pg_security_office import OFFICE_REFUSALS, SHARED_REFUSALS
from ppdesk.domain.errors import PermissionDenied
from tests.integration.test_db_desk_functions import _done, _last_seq, _new_rows, _refused, _state
from tests.support.pg_roles import district_database, refusal

pytestmark = pytest.mark.postgres


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def test_codes_are_in_the_one_catalogue() -> None:
    assert set(OFFICE_REFUSALS) <= set(REFUSALS)
    assert set(SHARED_REFUSALS) <= set(REFUSALS)
    assert not set(OFFICE_REFUSALS) & set(DESK_REFUSALS)
    for code, entry in OFFICE_REFUSALS.items():
        assert REFUSALS[code] == entry, code  # not defined twice
    # The codes the desk adapter turns into the desk's errors.
    assert isinstance(refusal_error("not_profile_editor"), PermissionDenied)
    assert isinstance(refusal_error("not_staff_manager"), PermissionDenied)


def _profile_call(school: int, name: str = "Maple Grove Elementary", expiry: int = 21) -> str:
    return (
        f"SELECT * FROM ppdesk_api.update_school_profile({school}, '{name}', "
        "E'1 Elm St\\nSpringfield', '555-0100', 'Dr. Reyes', 'https://portal.example', "
        f"{expiry}, false, 14)"
    )


def test_add_staff_and_profile_as_the_principal(district: dict) -> None:
    db = district["db"]
    principal = district["names"]["principal"]
    maple = district["maple"]
    new = db.login_name("new_clerk")

    seq = _last_seq(db)
    proc = db.psql(
        principal,
        f"SELECT * FROM ppdesk_api.add_staff('{new}', ' New Clerk ', 'nc@example.org', {maple})",
    )
    assert refusal(proc) is None, proc.stderr
    staff_id = int(proc.stdout.strip().split("|")[0])
    rows = _new_rows(db, seq)
    assert rows == [(principal, "staff_add", "success", "staff", str(staff_id), maple, "{}")]
    assert db.admin(
        "SELECT username, display_name, email, password_hash, active FROM staff WHERE id = %s",
        staff_id,
    ) == [(new, "New Clerk", "nc@example.org", None, True)]
    # The login role follows through the login-admin function, with its own row.
    seq = _last_seq(db)
    proc = db.psql(principal, f"SELECT * FROM ppdesk_api.create_login('{new}', NULL)")
    assert refusal(proc) is None, proc.stderr
    assert [r[:5] for r in _new_rows(db, seq)] == [
        (principal, "login_create", "success", "staff", str(staff_id))
    ]
    assert db.admin("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", new) == [(True,)]

    # update_school_profile: the fields that changed, as the service names them.
    out, details = _done(
        db, principal, _profile_call(maple), "school_profile_update", ("school", "1001"), maple
    )
    assert out == ["1001", ""]
    assert details == {
        "bulk_letters_enabled": False,
        "fields": ["address", "phone", "principal_name", "portal_url", "bulk_letters_enabled",
                   "outreach_days"],
        "outreach_days": 14,
    }  # fmt: skip
    assert db.admin(
        "SELECT name, address, phone, principal_name, portal_url, pin_expiry_days, "
        "bulk_letters_enabled, outreach_days FROM school WHERE id = %s",
        maple,
    ) == [
        (
            "Maple Grove Elementary",
            "1 Elm St\nSpringfield",
            "555-0100",
            "Dr. Reyes",
            "https://portal.example",
            21,
            False,
            14,
        )
    ]
    _out, details = _done(
        db, principal, _profile_call(maple, "Maple School", 30), "school_profile_update",
        ("school", "1001"), maple,
    )  # fmt: skip
    assert details == {"expiry_days": 30, "fields": ["name", "pin_expiry_days"]}
    db.assert_audit_intact()


def test_refused_as_clerk_teacher_and_other_principal(district: dict) -> None:
    db = district["db"]
    names = district["names"]
    maple, oak = district["maple"], district["oak"]
    taken = names["office"]
    for who in ("office", "teacher", "oak_principal"):
        actor = names[who]
        details = _refused(
            db, actor,
            f"SELECT * FROM ppdesk_api.add_staff('{db.prefix}_x_{who}', 'X', NULL, {maple})",
            "staff_add", "not_staff_manager", maple,
        )  # fmt: skip
        assert details == {"permission": "manage_staff", "reason": "not_staff_manager"}
        details = _refused(
            db, actor, _profile_call(maple, "Hacked"), "school_profile_update",
            "not_profile_editor", maple,
        )  # fmt: skip
        assert details == {"permission": "manage_staff", "reason": "not_profile_editor"}
    # A principal: only at their own school, and only a proper account.
    principal = names["principal"]
    _refused(
        db, principal, f"SELECT * FROM ppdesk_api.add_staff('{db.prefix}_y', 'Y', NULL, {oak})",
        "staff_add", "not_staff_manager", oak,
    )  # fmt: skip
    _refused(
        db, principal, f"SELECT * FROM ppdesk_api.add_staff('{db.prefix}_y', 'Y', NULL, NULL)",
        "staff_add", "not_staff_manager", None,
    )  # fmt: skip
    for bad in ("'Upper'", "'has space'", "''", "NULL"):
        _refused(
            db, principal, f"SELECT * FROM ppdesk_api.add_staff({bad}, 'Y', NULL, {maple})",
            "staff_add", "invalid_username", maple,
        )  # fmt: skip
    _refused(
        db, principal,
        f"SELECT * FROM ppdesk_api.add_staff('{db.prefix}_y', E'two\\nlines', NULL, {maple})",
        "staff_add", "invalid_staff_fields", maple,
    )  # fmt: skip
    _refused(
        db, principal, f"SELECT * FROM ppdesk_api.add_staff('{taken}', 'Y', NULL, {maple})",
        "staff_add", "username_taken", maple,
    )  # fmt: skip
    _refused(
        db, principal, _profile_call(maple, ""), "school_profile_update", "invalid_profile", maple
    )
    _refused(
        db, principal, _profile_call(maple, "Maple", 91), "school_profile_update",
        "invalid_profile", maple,
    )  # fmt: skip
    _refused(
        db, principal, _profile_call(oak, "Oak"), "school_profile_update", "not_profile_editor",
        oak,
    )  # fmt: skip
    db.assert_audit_intact()


def test_a_clerk_cannot_write_staff_or_schools_with_psql(district: dict) -> None:
    db = district["db"]
    clerk = district["names"]["office"]
    maple = district["maple"]
    before, seq = _state(db), _last_seq(db)
    for sql in (
        "INSERT INTO public.staff (username, display_name) VALUES ('evil', 'Evil')",
        "INSERT INTO ppdesk_api.staff (username, display_name) VALUES ('evil', 'Evil')",
        f"UPDATE public.school SET name = 'Evil' WHERE id = {maple}",
        f"UPDATE ppdesk_api.school SET name = 'Evil' WHERE id = {maple}",
        "SELECT * FROM public.audit_chain_head",
        "SELECT ppdesk_private.line_ok('x', 1, true)",
        "CREATE FUNCTION ppdesk_api.add_staff(text) RETURNS int LANGUAGE sql AS 'SELECT 1'",
    ):
        proc = db.psql(clerk, sql)
        assert proc.returncode != 0, (sql, proc.stdout)
        assert "permission denied" in proc.stderr or "must be owner" in proc.stderr, proc.stderr
    assert _state(db) == before
    assert _last_seq(db) == seq


def test_audit_heads_are_those_of_the_callers_schools(district: dict) -> None:
    db = district["db"]
    names = district["names"]
    maple, oak = district["maple"], district["oak"]
    heads = {
        int(c): (s, h)
        for c, s, h in db.admin("SELECT chain, last_seq, last_hash FROM audit_chain_head")
    }
    assert maple in heads and oak in heads

    def seen(who: str) -> dict[int, tuple[str, str]]:
        proc = db.psql(
            names[who], "SELECT chain, last_seq, last_hash FROM ppdesk_api.audit_heads()"
        )
        assert proc.returncode == 0, proc.stderr
        out = {}
        for line in proc.stdout.strip().splitlines():
            chain, last_seq, last_hash = line.split("|")
            out[int(chain)] = (last_seq, last_hash)
        return out

    # The principal: the district row (its head withheld) and Maple's chain, not Oak's.
    assert seen("principal") == {0: ("", ""), maple: (str(heads[maple][0]), heads[maple][1])}
    assert seen("oak_principal") == {0: ("", ""), oak: (str(heads[oak][0]), heads[oak][1])}
    # No audit permission: only where the schools' chains start.
    assert seen("office") == {0: ("", "")}
    assert seen("teacher") == {0: ("", "")}
    # A read: no audit row.
    seq = _last_seq(db)
    seen("principal")
    assert _last_seq(db) == seq


def test_db_roles_check_reports_an_office_function_weakened(district: dict) -> None:
    from ppdesk import bootstrap

    db = district["db"]
    assert bootstrap.db_roles(db.url, check=True).problems == ()
    sig = "update_school_profile(integer, text, text, text, text, text, integer, boolean, integer)"
    db.admin(f"ALTER FUNCTION ppdesk_api.{sig} SECURITY INVOKER")
    db.admin("GRANT EXECUTE ON FUNCTION ppdesk_api.add_staff(text, text, text, integer) TO PUBLIC")
    db.admin("DROP FUNCTION ppdesk_api.audit_heads()")
    problems = bootstrap.db_roles(db.url, check=True).problems
    assert f"function ppdesk_api.{sig} is not SECURITY DEFINER" in problems
    assert (
        "function ppdesk_api.add_staff(text, text, text, integer) is executable beyond the "
        "staff role" in problems
    )
    assert "function ppdesk_api.audit_heads() is missing" in problems
    bootstrap.db_roles(db.url, apply=True)
    assert bootstrap.db_roles(db.url, check=True).problems == ()


def test_a_refused_caller_locks_nothing(district: dict) -> None:
    """The permission is checked before the school row is locked: a clerk who calls the
    profile function inside a transaction they keep open holds no lock on it."""
    db = district["db"]
    clerk = district["names"]["office"]
    maple = district["maple"]
    u = make_url(db.url)
    with psycopg.connect(f"host={u.host} port={u.port or 5432} dbname={db.name} user={clerk}") as c:
        got = c.execute(_profile_call(maple, "X").replace("SELECT *", "SELECT refusal")).fetchone()
        assert got == ("not_profile_editor",)
        db.admin("SELECT 1 FROM school WHERE id = %s FOR UPDATE NOWAIT", maple)
        c.rollback()
