"""The desk's letter tasks as ``ppdesk_api`` functions (issue 19;
``ppdesk.adapters.db.pg_security_letters``).

PostgreSQL only, like ``test_db_desk_functions`` (whose helpers these tests use): the
database's own enforcement, tried with psql as each role (a real second process) and with
concurrent connections of their own.

- ``issue_letter_pin``: a district office's verifier issues the PIN of a letter queued for
  the school (no disclosure); refused to the clerk, another school's principal, and a
  principal without a district verification; N concurrent issues give one PIN.
- ``print_school_letter``: the school's own principal prints the queued letter (the
  ciphertext, one print disclosure, the letter closed, one row); refused to the clerk, the
  teacher, another school's principal and the district verifier (not the school's staff);
  N concurrent prints of one letter give one success.
- ``school_letter_pin`` then ``finish_school_letter``: the same print in two steps (the
  desk draws the letter between them), the letter open until the second.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ppdesk.domain.roles import Role
from tests.integration.test_db_desk_functions import (
    _last_seq,
    _letter_row,
    _new_rows,
    _race,
    _refused,
    _state,
    _successes,
)
from tests.support.pg_roles import RolesDatabase, district_database, refusal

pytestmark = pytest.mark.postgres


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def _verifier(district: dict, who: str = "ld_verifier") -> str:
    """A parent access admin of Maple's local district (a district office), with a login."""
    from tests.support.seed import add_staff

    db, ctx = district["db"], district["ctx"]
    name = db.login_name(who)
    add_staff(ctx, name, Role.PARENT_ACCESS_ADMIN, school_code=None,
              local_district="Central")  # fmt: skip
    db.admin("SELECT ppdesk_api.create_login(%s, NULL)", name)
    return name


def _verified_by(district: dict, staff: str) -> int:
    """A new Maple family whose first link ``staff`` just verified (passed, in person)."""
    from tests.support.family import make_family
    from tests.support.flows import verify
    from tests.support.seed import login

    ctx = district["ctx"]
    link = make_family(ctx).link_ids[0]
    assert verify(ctx, login(ctx, staff), link).passed
    return link


def _one_row(db: RolesDatabase, actor: str, sql: str) -> tuple[list[str], tuple]:
    """``sql`` as ``actor`` acts (no refusal) and leaves exactly one audit row, theirs."""
    seq = _last_seq(db)
    proc = db.psql(actor, sql)
    assert refusal(proc) is None, (sql, proc.stdout, proc.stderr)
    rows = _new_rows(db, seq)
    assert len(rows) == 1 and rows[0][0] == actor, rows
    details = rows[0][6]
    assert details == json.dumps(json.loads(details), sort_keys=True, separators=(",", ":"))
    return proc.stdout.strip().split("|"), rows[0]


def test_issue_letter_pin_and_print_school_letter_as_the_matrix_allows(district: dict) -> None:
    db = district["db"]
    names = district["names"]
    maple = district["maple"]
    verifier = _verifier(district)
    link = _verified_by(district, verifier)
    issue = (
        f"SELECT pin_id, refusal FROM ppdesk_api.issue_letter_pin({link}, 'q-1', repeat('e', 64))"
    )
    # Refused: the clerk and Oak's principal by the matrix (Oak's does not see the link:
    # district chain), Maple's principal for want of a district office's verification.
    _refused(db, names["office"], issue, "pin_issue", "no_permission", maple)
    _refused(db, names["oak_principal"], issue, "pin_issue", "no_permission", None)
    _refused(db, names["principal"], issue, "pin_issue", "no_recent_verification", maple)
    (pin_id, _none), row = _one_row(db, verifier, issue)
    assert row[1:6] == ("pin_issue", "success", "guardian_link", str(link), maple)
    assert json.loads(row[6]) == {
        "channel": None,
        "pin_id": int(pin_id),
        "replaced_pin_id": None,
        "request_id": "q-1",
        "route": "school_letter",
        "verification_id": db.admin("SELECT max(id) FROM verification WHERE link_id = %s", link)[0][
            0
        ],
    }
    assert db.admin("SELECT count(*) FROM pin_disclosure WHERE pin_id = %s", int(pin_id)) == [
        (0,)
    ]  # nobody was shown it
    # Once: a second issue finds the PIN; a reissue ends it (revoked, with the reason).
    _refused(db, verifier, issue.replace("q-1", "q-2"), "pin_issue", "already_active", maple)
    reissue = issue.replace("q-1", "q-3").replace("'e', 64))", "'g', 64), true, 'lost')")
    (new_pin, _none), row = _one_row(db, verifier, reissue)
    assert row[1] == "pin_reissue" and json.loads(row[6])["replaced_pin_id"] == int(pin_id)
    assert db.admin("SELECT status, end_reason FROM parent_pin WHERE id = %s", int(pin_id)) == [
        ("revoked", "lost")
    ]
    # The verifier stores the ciphertext (the workstation made it) and queues the letter.
    proc = db.psql(
        verifier, f"SELECT refusal FROM ppdesk_api.set_pin_ciphertext({new_pin}, 'k1', '\\xc0ffee')"
    )
    assert refusal(proc) is None
    (letter_id, _none), _row = _one_row(
        db,
        verifier,
        f"SELECT letter_id, refusal FROM ppdesk_api.queue_school_letter({link}, {new_pin})",
    )
    show = f"SELECT pin_id, encode(ciphertext, 'hex'), refusal FROM ppdesk_api.print_school_letter({letter_id})"
    # Refused: the clerk, the teacher (does not see it), Oak's principal, and the district
    # verifier (not the school's own staff).
    _refused(db, names["office"], show, "letter_print", "no_permission", maple)
    _refused(db, names["teacher"], show, "letter_print", "no_permission", None)
    _refused(db, names["oak_principal"], show, "letter_print", "no_permission", None)
    _refused(db, verifier, show, "letter_print", "not_schools_staff", maple)
    got, row = _one_row(db, names["principal"], show)
    assert got == [new_pin, "c0ffee", ""]
    assert row[1:6] == ("letter_print", "success", "guardian_link", str(link), maple)
    details = json.loads(row[6])
    assert details["district_verification"] is True and details["channel"] == "print"
    assert details["school_letter_id"] == int(letter_id)
    assert db.admin(
        "SELECT outcome, closed_by_id = (SELECT id FROM staff WHERE username = %s) "
        "FROM school_letter WHERE id = %s",
        names["principal"],
        int(letter_id),
    ) == [("printed", True)]
    assert db.admin(
        "SELECT d.channel, d.verification_id = l.verification_id FROM pin_disclosure d "
        "JOIN school_letter l ON l.pin_id = d.pin_id WHERE l.id = %s",
        int(letter_id),
    ) == [("print", True)]
    # Printed once: again is refused (letter_closed), nothing disclosed.
    _refused(db, names["principal"], show, "letter_print", "letter_closed", maple)
    db.assert_audit_intact()


def test_the_clerk_cannot_do_with_sql_what_the_functions_refuse(district: dict) -> None:
    """psql as the office clerk: no direct write of a letter or a PIN, no ciphertext read."""
    db = district["db"]
    office = district["names"]["office"]
    pin_id = district["maple_pin"].pin_id
    letter = _letter_row(db, district["maple_family"].link_ids[0], pin_id, office)
    before = _state(db)
    for sql in (
        f"UPDATE ppdesk_api.school_letter SET outcome = 'printed' WHERE id = {letter}",
        f"UPDATE public.school_letter SET closed_at = now() WHERE id = {letter}",
        "SELECT ciphertext FROM public.parent_pin",
        "SELECT ciphertext FROM ppdesk_api.parent_pin",
        "INSERT INTO public.pin_disclosure (pin_id, staff_id, channel, at) "
        f"VALUES ({pin_id}, 1, 'print', now())",
        f"UPDATE public.parent_pin SET status = 'held' WHERE id = {pin_id}",
    ):
        proc = db.psql(office, sql)
        assert proc.returncode != 0, (sql, proc.stdout)
        assert "permission denied" in proc.stderr or "does not exist" in proc.stderr, proc.stderr
    assert _state(db) == before
    db.assert_audit_intact()


def test_concurrent_prints_of_one_queued_letter_give_one_success(district: dict) -> None:
    db = district["db"]
    principal = district["names"]["principal"]
    verifier = _verifier(district)
    link = _verified_by(district, verifier)
    conn_calls = f"SELECT pin_id FROM ppdesk_api.issue_letter_pin({link}, 'c-1', repeat('f', 64))"
    (pin_id,) = db.psql(verifier, conn_calls).stdout.split()
    assert refusal(db.psql(verifier, f"SELECT refusal FROM ppdesk_api.set_pin_ciphertext({pin_id}, 'k', '\\x01')")) is None  # fmt: skip
    (letter_id,) = db.psql(
        verifier, f"SELECT letter_id FROM ppdesk_api.queue_school_letter({link}, {pin_id})"
    ).stdout.split()
    n = 10
    results = _race(
        db,
        [(principal, "SELECT pin_id, refusal FROM ppdesk_api.print_school_letter(%s)",
          (int(letter_id),))] * n,
    )  # fmt: skip
    assert sorted((r[0] is not None, r[1]) for r in results) == [(False, "letter_closed")] * (
        n - 1
    ) + [(True, None)]
    assert _successes(db, "letter_print", link) == 1
    assert db.admin("SELECT count(*) FROM pin_disclosure WHERE pin_id = %s", int(pin_id)) == [(1,)]
    db.assert_audit_intact()


def test_concurrent_letter_pin_issues_give_one_pin(district: dict) -> None:
    db = district["db"]
    verifier = _verifier(district)
    link = _verified_by(district, verifier)
    n = 8
    results = _race(
        db,
        [
            (verifier, "SELECT pin_id, refusal FROM ppdesk_api.issue_letter_pin(%s, %s, %s)",
             (link, f"race-{i}", f"{i:064d}"))
            for i in range(n)
        ],
    )  # fmt: skip
    assert sorted((r[0] is not None, r[1]) for r in results) == [(False, "already_active")] * (
        n - 1
    ) + [(True, None)]
    assert db.admin(
        "SELECT count(*) FROM parent_pin WHERE link_id = %s AND status = 'active'", link
    ) == [(1,)]
    assert _successes(db, "pin_issue", link) == 1
    db.assert_audit_intact()


def test_db_roles_check_reports_a_letter_function_weakened(district: dict) -> None:
    from ppdesk import bootstrap
    from ppdesk.adapters.db import pg_security, pg_security_letters

    assert set(pg_security_letters.LETTER_REFUSALS) <= set(pg_security.REFUSALS)
    assert set(pg_security.REFUSALS) >= pg_security_letters.SHARED_REFUSALS
    db = district["db"]
    assert bootstrap.db_roles(db.url, check=True).problems == ()
    db.admin("ALTER FUNCTION ppdesk_api.print_school_letter(integer) SECURITY INVOKER")
    db.admin(
        "GRANT EXECUTE ON FUNCTION "
        "ppdesk_api.issue_letter_pin(integer, text, text, boolean, text) TO PUBLIC"
    )
    problems = bootstrap.db_roles(db.url, check=True).problems
    assert "function ppdesk_api.print_school_letter(integer) is not SECURITY DEFINER" in problems
    assert (
        "function ppdesk_api.issue_letter_pin(integer, text, text, boolean, text) "
        "is executable beyond the staff role"
    ) in problems
    bootstrap.db_roles(db.url, apply=True)
    assert bootstrap.db_roles(db.url, check=True).problems == ()


def _bulk_sql(run: str, link: int, school: int, tag: str, *, count: int = 1) -> str:
    """One psql transaction of a bulk run of one letter: issue, store, record."""
    details = json.dumps(
        {"held_pin_count": 1, "letter_count": 1, "new_pin_count": count, "run_id": run},
        sort_keys=True,
        separators=(",", ":"),
    )
    return (
        "DO $$ DECLARE p integer; BEGIN SELECT pin_id INTO p FROM ppdesk_api.issue_held_pin("
        f"'{run}', {link}, 'req-{tag}', repeat('{tag.lower()}', 64), 'L-{tag * 4}-{tag * 4}'); "
        "PERFORM ppdesk_api.set_held_pin_ciphertext(p, 'k', '\\x02'); "
        f"PERFORM ppdesk_api.record_bulk_letters('{run}', {school}, ARRAY[p], '{details}'); "
        "END $$"
    )


def test_bulk_letter_functions_as_the_matrix_allows_and_only_with_the_run_recorded(
    district: dict,
) -> None:
    db = district["db"]
    names = district["names"]
    maple = district["maple"]
    link = district["homeroom_family"].link_ids[0]
    other = district["maple_family"].link_ids[0]
    run = "letters-00000000000000a1"
    # Refused by the matrix: the clerk, the teacher (their homeroom's link; another link
    # unseen), Oak's principal (unseen: district chain). One denied row each, no change.
    issue = (
        f"SELECT refusal FROM ppdesk_api.issue_held_pin('{run}', {{link}}, 'r-x', "
        "repeat('a', 64), 'L-AAAA-AAAA')"
    )
    _refused(
        db, names["office"], issue.format(link=link), "letters_bulk", "no_bulk_permission", maple
    )
    _refused(
        db, names["teacher"], issue.format(link=link), "letters_bulk", "no_bulk_permission", maple
    )
    _refused(
        db, names["teacher"], issue.format(link=other), "letters_bulk", "no_bulk_permission", None
    )
    _refused(
        db,
        names["oak_principal"],
        issue.format(link=link),
        "letters_bulk",
        "no_bulk_permission",
        None,
    )
    record = f"SELECT refusal FROM ppdesk_api.record_bulk_letters('{run}', {maple}, ARRAY[]::integer[], '{{}}')"
    _refused(db, names["office"], record, "letters_bulk", "no_bulk_permission", maple)
    _refused(db, names["oak_principal"], record, "letters_bulk", "no_bulk_permission", maple)
    shown = f"SELECT refusal FROM ppdesk_api.held_letter_pins(ARRAY[{link}])"
    _refused(db, names["office"], shown, "letters_bulk", "no_bulk_permission", maple)
    # The principal issues a held PIN without recording the run: the commit is refused,
    # nothing is left (no PIN, no row).
    before, seq = _state(db), _last_seq(db)
    proc = db.psql(names["principal"], issue.format(link=link))
    assert proc.returncode != 0 and "record_bulk_letters" in proc.stderr, proc.stderr
    assert _state(db) == before and _new_rows(db, seq) == []
    # With the run recorded: the held PIN, one disclosure, pin_bulk_issue and letters_bulk.
    proc = db.psql(names["principal"], _bulk_sql(run, link, maple, "B"))
    assert proc.returncode == 0 and refusal(proc) is None, proc.stderr
    (pin_id, status, number, batch) = db.admin(
        "SELECT p.id, p.status, p.letter_number, d.batch FROM parent_pin p "
        "JOIN pin_disclosure d ON d.pin_id = p.id WHERE p.bulk_run = %s",
        run,
    )[0]
    assert (status, number, batch) == ("held", "L-BBBB-BBBB", run)
    rows = _new_rows(db, seq)
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        (names["principal"], "pin_bulk_issue", "success", "school", "1001", maple),
        (names["principal"], "letters_bulk", "success", "school", "1001", maple),
    ]
    assert json.loads(rows[0][6]) == {
        "channel": "print", "new_pin_count": 1, "run_id": run, "state": "held",
    }  # fmt: skip
    # A record that does not match its run: refused, one denied row.
    wrong = (
        f"SELECT refusal FROM ppdesk_api.record_bulk_letters('{run}', {maple}, "
        f'ARRAY[{pin_id}], \'{{"held_pin_count":1,"new_pin_count":1,"run_id":"{run}"}}\')'
    )
    _refused(db, names["principal"], wrong, "letters_bulk", "run_mismatch", maple)  # again
    other_run = wrong.replace(run, "letters-00000000000000a2")
    _refused(db, names["principal"], other_run, "letters_bulk", "run_mismatch", maple)  # count
    other_pin = district["maple_pin"].pin_id
    not_held = wrong.replace(f"ARRAY[{pin_id}]", f"ARRAY[{other_pin}]")
    _refused(db, names["principal"], not_held, "letters_bulk", "not_held_letter", maple)
    db.assert_audit_intact()


def test_concurrent_bulk_runs_give_one_held_pin_per_guardian(district: dict) -> None:
    """8 principals' connections each issue, store and record a held PIN for the same
    guardian at once: one held PIN, one run recorded; the others fail on the one
    outstanding PIN per link and keep nothing."""
    import threading

    import psycopg
    from sqlalchemy.engine import make_url

    db = district["db"]
    principal = district["names"]["principal"]
    maple = district["maple"]
    link = district["homeroom_family"].link_ids[0]
    u = make_url(db.url)
    n = 8
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i: int) -> None:
        r = f"letters-{i:016x}"
        with psycopg.connect(f"host={u.host} port={u.port or 5432} dbname={db.name} "
                             f"user={principal}") as conn:  # fmt: skip
            barrier.wait()
            try:
                (pin_id,) = conn.execute(
                    "SELECT pin_id FROM ppdesk_api.issue_held_pin(%s, %s, %s, %s, %s)",
                    (r, link, f"cc-{i}", f"{i:064x}", f"L-{i:04d}-{i:04d}"),
                ).fetchone()
                conn.execute(
                    "SELECT ppdesk_api.set_held_pin_ciphertext(%s, 'k', '\\x03')", (pin_id,)
                )
                details = json.dumps({"held_pin_count": 1, "new_pin_count": 1, "run_id": r},
                                     sort_keys=True, separators=(",", ":"))  # fmt: skip
                (refused,) = conn.execute(
                    "SELECT refusal FROM ppdesk_api.record_bulk_letters(%s, %s, %s, %s)",
                    (r, maple, [pin_id], details),
                ).fetchone()
                conn.commit()
                outcomes.append(refused or "recorded")
            except psycopg.errors.UniqueViolation:
                conn.rollback()
                outcomes.append("already_held")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already_held"] * (n - 1) + ["recorded"], outcomes
    assert db.admin(
        "SELECT count(*) FROM parent_pin WHERE link_id = %s AND status = 'held'", link
    ) == [(1,)]
    assert db.admin(
        "SELECT count(*) FROM audit_event WHERE action = 'letters_bulk' AND outcome = 'success'"
    ) == [(1,)]
    assert db.admin("SELECT count(*) FROM pin_disclosure WHERE batch IS NOT NULL") == [(1,)]
    db.assert_audit_intact()


def test_export_roster_pins_as_the_matrix_allows(district: dict) -> None:
    db = district["db"]
    names = district["names"]
    maple = district["maple"]
    pin_id = district["maple_pin"].pin_id
    student = district["maple_family"].student_id
    batch = "roster-" + "ab" * 16
    sql = (
        "SELECT kind, id, encode(ciphertext, 'hex') <> '', refusal FROM "
        f"ppdesk_api.export_roster_pins('{batch}', ARRAY[{pin_id}], ARRAY[{student}])"
    )
    _refused(db, names["office"], sql, "roster_export", "no_export_permission", maple)
    _refused(db, names["teacher"], sql, "roster_export", "no_export_permission", None)
    _refused(db, names["oak_principal"], sql, "roster_export", "no_export_permission", None)
    bad = sql.replace(batch, "roster-x")
    _refused(db, names["principal"], bad, "roster_export", "invalid_run", maple)
    got, row = _one_row(db, names["principal"], sql)
    assert got[:4] == ["parent", str(pin_id), "t", ""], got
    assert row[1:6] == ("roster_export", "success", "school", "1001", maple)
    assert json.loads(row[6]) == {
        "batch": batch, "channel": "export", "pin_count": 1, "student_pin_count": 0,
    }  # fmt: skip
    assert db.admin(
        "SELECT channel, batch, staff_id = (SELECT id FROM staff WHERE username = %s) "
        "FROM pin_disclosure WHERE pin_id = %s AND channel = 'export'",
        names["principal"],
        pin_id,
    ) == [("export", batch, True)]
    db.assert_audit_intact()


def test_a_queued_letter_is_printed_in_two_steps_school_letter_pin_then_finish(
    district: dict,
) -> None:
    """The desk's print over a personal login (the drawing between the two, outside any
    transaction): ``school_letter_pin`` hands out the ciphertext with its print disclosure
    and the letter's row but leaves the letter open; ``finish_school_letter`` closes it as
    printed, once, with no second row, only for a caller who read its PIN for printing and
    only while that PIN is active."""
    db = district["db"]
    names = district["names"]
    maple = district["maple"]
    principal = names["principal"]
    verifier = _verifier(district)

    def queued(request: str, digit: str) -> tuple[int, str, str, str]:
        link = _verified_by(district, verifier)
        issued = db.psql(
            verifier,
            f"SELECT pin_id FROM ppdesk_api.issue_letter_pin({link}, '{request}', "
            f"repeat('{digit}', 64))",
        )
        assert refusal(issued) is None, issued.stderr
        (pin_id,) = issued.stdout.split()
        stored = f"SELECT refusal FROM ppdesk_api.set_pin_ciphertext({pin_id}, 'k1', '\\xc0ffee')"
        assert refusal(db.psql(verifier, stored)) is None
        (letter_id,) = db.psql(
            verifier, f"SELECT letter_id FROM ppdesk_api.queue_school_letter({link}, {pin_id})"
        ).stdout.split()
        read = (
            "SELECT pin_id, encode(ciphertext, 'hex'), refusal "
            f"FROM ppdesk_api.school_letter_pin({letter_id})"
        )
        finish = f"SELECT refusal FROM ppdesk_api.finish_school_letter({letter_id})"
        return link, pin_id, read, finish

    link, pin_id, read, finish = queued("two-1", "d")
    # Nobody closes it as printed without having read its PIN for printing.
    _refused(db, principal, finish, "letter_print", "letter_not_printed", maple)
    _refused(db, names["office"], finish, "letter_print", "no_permission", maple)
    _refused(db, verifier, finish, "letter_print", "not_schools_staff", maple)
    _refused(db, verifier, read, "letter_print", "not_schools_staff", maple)
    _refused(db, names["office"], read, "letter_print", "no_permission", maple)
    got, row = _one_row(db, principal, read)
    assert got == [pin_id, "c0ffee", ""]
    assert row[1:6] == ("letter_print", "success", "guardian_link", str(link), maple)
    assert json.loads(row[6])["district_verification"] is True
    letter_state = "SELECT closed_at IS NULL, outcome FROM school_letter WHERE pin_id = %s"
    assert db.admin(letter_state, int(pin_id)) == [(True, None)]  # still open
    seq = _last_seq(db)
    proc = db.psql(principal, finish)
    assert refusal(proc) is None, proc.stderr
    assert _new_rows(db, seq) == []  # the act's row is the read's
    assert db.admin(
        "SELECT outcome, closed_by_id = (SELECT id FROM staff WHERE username = %s) "
        "FROM school_letter WHERE pin_id = %s",
        principal,
        int(pin_id),
    ) == [("printed", True)]
    _refused(db, principal, finish, "letter_print", "letter_closed", maple)
    _refused(db, principal, read, "letter_print", "letter_closed", maple)
    assert db.admin("SELECT count(*) FROM pin_disclosure WHERE pin_id = %s", int(pin_id)) == [(1,)]

    # Read, then the PIN revoked before the print is done: not closed as printed.
    link, pin_id, read, finish = queued("two-2", "e")
    _one_row(db, principal, read)
    revoke = f"SELECT refusal FROM ppdesk_api.revoke_pin({link}, 'custody order')"
    assert refusal(db.psql(principal, revoke)) is None
    _refused(db, principal, finish, "letter_print", "no_active_pin", maple)
    assert db.admin(letter_state, int(pin_id)) == [(True, None)]
    db.assert_audit_intact()
