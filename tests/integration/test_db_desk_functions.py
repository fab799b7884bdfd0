"""The desk's other writes as ``ppdesk_api`` functions (issue 19 point 2;
``ppdesk.adapters.db.pg_security_desk``).

PostgreSQL only: these tests check PostgreSQL's own enforcement (row-level security,
``SECURITY DEFINER`` functions checking the role matrix, row locks), which SQLite has no
counterpart of. A staff member connects as their own login role with psql (a real second
process) or, for the races, with their own psycopg connections in threads.

For each function: the role the matrix allows succeeds and writes exactly one audit row
(the service's action, target and details, ``session_user`` as the actor); a role the
matrix refuses and a principal of another school get the refusal result, a WARNING, exactly
one denied audit row and no change. Concurrent hand-overs of one held letter give one
success; a revoke racing a hand-over or a redemption leaves the state both sides were told.
``ppdesk audit verify`` is intact after all of it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from ppdesk.domain.roles import Role
from tests.support.pg_roles import RolesDatabase, district_database, refusal

pytestmark = pytest.mark.postgres


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def _state(db: RolesDatabase) -> dict[str, object]:
    """Every table but the audit trail and its chain heads, read past row-level security."""
    tables = [
        t
        for (t,) in db.admin(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename NOT IN ('audit_event', 'audit_chain_head') ORDER BY tablename"
        )
    ]
    return {
        t: db.admin(
            "SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) "
            f'FROM public."{t}" x'
        )[0][0]
        for t in tables
    }


def _last_seq(db: RolesDatabase) -> int:
    return int(db.admin("SELECT coalesce(max(seq), 0) FROM audit_event")[0][0])


def _new_rows(db: RolesDatabase, seq: int) -> list[tuple]:
    return db.admin(
        "SELECT actor, action, outcome, target_type, target_id, school_id, details "
        "FROM audit_event WHERE seq > %s ORDER BY seq",
        seq,
    )


def _refused(
    db: RolesDatabase, actor: str, sql: str, action: str, reason: str, school: int | None
) -> dict:
    """``sql`` as ``actor`` is refused with ``reason``: one denied row, nothing else."""
    before, seq = _state(db), _last_seq(db)
    proc = db.psql(actor, sql)
    assert refusal(proc) == reason, (sql, proc.stdout, proc.stderr)
    assert "WARNING:" in proc.stderr
    rows = _new_rows(db, seq)
    assert len(rows) == 1, (sql, rows)
    who, did, outcome, _tt, _tid, school_id, details = rows[0]
    assert (who, did, outcome, school_id) == (actor, action, "denied", school), (sql, rows[0])
    parsed = json.loads(details)
    assert parsed["reason"] == reason
    assert _state(db) == before, sql
    return parsed


def _done(
    db: RolesDatabase, actor: str, sql: str, action: str, target: tuple[str, str], school: int
) -> tuple[list[str], dict]:
    """``sql`` as ``actor`` succeeds (no refusal): exactly one audit row, theirs, success
    (or ``failed`` for a letter found with its PIN ended). Returns psql's result fields and
    the row's details."""
    seq = _last_seq(db)
    proc = db.psql(actor, sql)
    assert refusal(proc) is None, (sql, proc.stdout, proc.stderr)
    rows = _new_rows(db, seq)
    assert len(rows) == 1, (sql, rows)
    who, did, outcome, target_type, target_id, school_id, details = rows[0]
    assert (who, did, target_type, target_id, school_id) == (actor, action, *target, school)
    assert outcome == ("failed" if action == "letter_print" else "success")
    # Canonical details (sorted keys, no spaces), as the desk writes them.
    parsed = json.loads(details)
    assert details == json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return proc.stdout.strip().split("|"), parsed


def _pin_status(db: RolesDatabase, pin_id: int) -> str:
    return str(db.admin("SELECT status FROM parent_pin WHERE id = %s", pin_id)[0][0])


def test_each_function_as_the_role_the_matrix_allows(district: dict) -> None:
    from tests.support.family import make_family
    from tests.support.flows import verify
    from tests.support.seed import add_staff, login

    db, ctx = district["db"], district["ctx"]
    principal = district["names"]["principal"]
    session = district["principal"]
    maple = district["maple"]
    maple_link, unverified = district["maple_family"].link_ids[:2]
    pin_id = district["maple_pin"].pin_id
    gl = ("guardian_link", str(maple_link))

    # revoke_pin: the active PIN ends, with the service's row.
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.revoke_pin({maple_link}, ' lost letter ')",
        "pin_revoke", gl, maple,
    )  # fmt: skip
    assert out == [str(pin_id), ""]
    assert details == {"pin_id": pin_id, "reason": "lost letter", "was": "active"}
    assert db.admin(
        "SELECT status, ciphertext, ended_by_id = (SELECT id FROM staff WHERE username = %s), "
        "end_reason FROM parent_pin WHERE id = %s",
        principal,
        pin_id,
    ) == [("revoked", None, True, "lost letter")]

    # hand_over_pin: a held letter goes live after the principal's own verification.
    family = make_family(ctx)
    link = family.link_ids[0]
    held = db.held_pin(link, "HX-0001")
    ver = verify(ctx, session, link)
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.hand_over_pin({link})",
        "pin_handover", ("guardian_link", str(link)), maple,
    )  # fmt: skip
    assert out == [str(held), "HX-0001", str(ver.verification_id), ""]
    assert details == {
        "id_type": details["id_type"],
        "letter_number": "HX-0001",
        "mode": "in_person",
        "pin_id": held,
        "verification_id": ver.verification_id,
    }
    assert details["id_type"]
    assert _pin_status(db, held) == "active"

    # set_legal_guardian: record, then remove (which revokes the PIN just handed over).
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.set_legal_guardian({unverified}, true, 'court')",
        "legal_guardian_set", ("guardian_link", str(unverified)), maple,
    )  # fmt: skip
    assert details == {"reason": "court", "revoked_pin_id": None, "verified": True}
    assert db.admin(
        "SELECT verified_legal_guardian, verified_by, verified_source FROM guardian_link "
        "WHERE id = %s",
        unverified,
    ) == [(True, principal, "staff")]
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.set_legal_guardian({link}, false, 'order')",
        "legal_guardian_set", ("guardian_link", str(link)), maple,
    )  # fmt: skip
    assert details == {"reason": "order", "revoked_pin_id": held, "verified": False}
    assert _pin_status(db, held) == "revoked"

    # remove_legal_guardian at a school the SIS feeds: a removal request too.
    db.admin("UPDATE school SET sis_fed_since = now() WHERE id = %s", maple)
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.remove_legal_guardian({unverified}, 'custody')",
        REMOVE, ("guardian_link", str(unverified)), maple,
    )  # fmt: skip
    request = db.admin(
        "SELECT id, kind, note FROM sis_status_request WHERE link_id = %s AND closed_at IS NULL",
        unverified,
    )
    assert [r[1:] for r in request] == [("remove", "custody")]
    assert details == {
        "portal_link_to_remove": False,
        "reason": "custody",
        "revoked_pin_id": None,
        "sis_request_id": request[0][0],
    }

    # request_sis_update and withdraw_sis_request (the removal request is superseded by
    # nothing here: withdraw it first, then ask for the status to be recorded).
    _done(
        db, principal, f"SELECT * FROM ppdesk_api.withdraw_sis_request({unverified}, 'error')",
        "sis_status_request_withdrawn", ("guardian_link", str(unverified)), maple,
    )  # fmt: skip
    out, details = _done(
        db, principal,
        "SELECT * FROM ppdesk_api.request_sis_update("
        f"{unverified}, ARRAY['photo_id', 'birth_certificate', 'photo_id'], NULL)",
        "sis_status_request", ("guardian_link", str(unverified)), maple,
    )  # fmt: skip
    rid = int(out[0])
    assert details == {"documents": ["photo_id", "birth_certificate"], "request_id": rid}
    assert db.admin("SELECT kind, documents, note FROM sis_status_request WHERE id = %s", rid) == [
        ("verify", "Photo ID of the parent or guardian; Birth certificate naming the parent", None)
    ]
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.withdraw_sis_request({unverified}, 'error')",
        "sis_status_request_withdrawn", ("guardian_link", str(unverified)), maple,
    )  # fmt: skip
    assert details == {"reason": "error", "request_id": rid}
    assert db.admin("SELECT outcome FROM sis_status_request WHERE id = %s", rid) == [("withdrawn",)]

    # unlock_guardian: the lock is the guardian's; audited at the first school allowed.
    guardian = family.guardian_ids[0]
    db.admin("UPDATE guardian SET verification_locked_at = now() WHERE id = %s", guardian)
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.unlock_guardian({guardian}, 'ID seen')",
        "guardian_unlock", ("guardian", str(guardian)), maple,
    )  # fmt: skip
    assert details == {"reason": "ID seen", "was_locked": True}
    assert db.admin(
        "SELECT verification_locked_at IS NULL, verification_unlocked_at IS NOT NULL "
        "FROM guardian WHERE id = %s",
        guardian,
    ) == [(True, True)]

    # queue_school_letter: a local district office's verifier, after a passed check there,
    # queues the letter of the guardian's active PIN for the school to print.
    verifier = db.login_name("ld_verifier")
    add_staff(ctx, verifier, Role.PARENT_ACCESS_ADMIN, school_code=None, local_district="Central")
    db.admin("SELECT ppdesk_api.create_login(%s, NULL)", verifier)
    db.admin("UPDATE school SET sis_fed_since = NULL WHERE id = %s", maple)
    letter_family = make_family(ctx)
    qlink = letter_family.link_ids[0]
    assert verify(ctx, login(ctx, verifier), qlink).passed
    office = db.admin(
        "SELECT office FROM verification WHERE link_id = %s ORDER BY id DESC LIMIT 1", qlink
    )
    assert office == [("district",)]
    qpin = _issued_as_admin(db, qlink, verifier)
    out, details = _done(
        db, verifier, f"SELECT * FROM ppdesk_api.queue_school_letter({qlink}, {qpin})",
        "letter_queue", ("guardian_link", str(qlink)), maple,
    )  # fmt: skip
    letter_id = int(out[0])
    assert details == {
        "issued": False,
        "mode": "in_person",
        "pin_id": qpin,
        "replaced_letter_id": None,
        "school_letter_id": letter_id,
        "verification_id": details["verification_id"],
    }
    # The same letter waits: returned as it is, no row.
    seq = _last_seq(db)
    proc = db.psql(
        verifier, f"SELECT letter_id FROM ppdesk_api.queue_school_letter({qlink}, {qpin})"
    )
    assert refusal(proc) is None and proc.stdout.strip() == str(letter_id)
    assert _new_rows(db, seq) == []

    # close_school_letter: the PIN was revoked meanwhile; the school's principal closes it.
    _done(
        db, principal, f"SELECT * FROM ppdesk_api.revoke_pin({qlink}, 'parent asked')",
        "pin_revoke", ("guardian_link", str(qlink)), maple,
    )  # fmt: skip
    out, details = _done(
        db, principal, f"SELECT * FROM ppdesk_api.close_school_letter({letter_id})",
        "letter_print", ("guardian_link", str(qlink)), maple,
    )  # fmt: skip
    assert details == {
        "pin_id": qpin,
        "reason": "pin ended",
        "school_letter_id": letter_id,
        "was": "revoked",
    }
    assert db.admin("SELECT outcome FROM school_letter WHERE id = %s", letter_id) == [
        ("pin_ended",)
    ]
    db.assert_audit_intact()


REMOVE = "legal_guardian_removed"


def _issued_as_admin(db: RolesDatabase, link: int, staff: str) -> int:
    """An active PIN of ``link`` issued earlier by ``staff`` (written as the administrator)."""
    return int(
        db.admin(
            "INSERT INTO parent_pin (link_id, student_id, guardian_id, request_id, pin_hash, "
            "status, issued_at, issued_by_id, expires_at) "
            "SELECT l.id, l.student_id, l.guardian_id, %s, md5(%s) || md5('x'), 'active', "
            "now() - interval '1 minute', (SELECT id FROM staff WHERE username = %s), "
            "now() + interval '60 days' FROM guardian_link l WHERE l.id = %s RETURNING id",
            f"admin-{link}",
            str(link),
            staff,
            link,
        )[0][0]
    )


def _letter_row(db: RolesDatabase, link: int, pin_id: int, staff: str) -> int:
    """A letter waiting at the student's school (as queue_school_letter leaves it)."""
    return int(
        db.admin(
            "INSERT INTO school_letter (link_id, school_id, pin_id, verification_id, "
            "queued_by_id, queued_at) SELECT l.id, s.school_id, %s, "
            "coalesce((SELECT max(id) FROM verification WHERE link_id = l.id), "
            "(SELECT max(id) FROM verification)), "
            "(SELECT id FROM staff WHERE username = %s), now() "
            "FROM guardian_link l JOIN student s ON s.id = l.student_id WHERE l.id = %s "
            "RETURNING id",
            pin_id,
            staff,
            link,
        )[0][0]
    )


def test_each_function_refuses_other_roles_and_schools_with_one_audit_row(district: dict) -> None:
    db = district["db"]
    names = district["names"]
    office, teacher, oak_principal = names["office"], names["teacher"], names["oak_principal"]
    maple = district["maple"]
    maple_link = district["maple_family"].link_ids[0]
    homeroom_link = district["homeroom_family"].link_ids[0]
    guardian = district["maple_family"].guardian_ids[0]
    pin_id = district["maple_pin"].pin_id
    letter = _letter_row(db, maple_link, pin_id, names["principal"])
    docs = "ARRAY['photo_id']"
    # (function call, action, matrix refusal) for each function.
    calls = [
        ("revoke_pin({link}, 'lost')", "pin_revoke", "no_permission"),
        ("hand_over_pin({link})", "pin_handover", "no_permission"),
        ("set_legal_guardian({link}, false, 'order')", "legal_guardian_set", "not_recorder"),
        ("remove_legal_guardian({link}, 'order')", REMOVE, "not_recorder"),
        (f"request_sis_update({{link}}, {docs}, NULL)", "sis_status_request", "not_recorder"),
        ("withdraw_sis_request({link}, 'error')", "sis_status_request_withdrawn",
         "not_recorder"),
        (f"queue_school_letter({{link}}, {pin_id})", "letter_queue", "no_permission"),
    ]  # fmt: skip
    refused = 0
    for call, action, reason in calls:
        sql = "SELECT * FROM ppdesk_api." + call
        # The office clerk sees Maple's students: refused by the matrix, on Maple's chain.
        _refused(db, office, sql.format(link=maple_link), action, reason, maple)
        # The teacher: their homeroom's link by the matrix, another link unseen.
        _refused(db, teacher, sql.format(link=homeroom_link), action, reason, maple)
        _refused(db, teacher, sql.format(link=maple_link), action, reason, None)
        # Oak's principal: a link of a school outside their grants, unseen (district chain).
        details = _refused(db, oak_principal, sql.format(link=maple_link), action, reason, None)
        assert "permission" in details
        refused += 4
    unlock = f"SELECT * FROM ppdesk_api.unlock_guardian({guardian}, 'ok')"
    _refused(db, office, unlock, "guardian_unlock", "not_unlocker", maple)
    _refused(db, oak_principal, unlock, "guardian_unlock", "not_unlocker", None)
    close = f"SELECT * FROM ppdesk_api.close_school_letter({letter})"
    _refused(db, office, close, "letter_print", "no_permission", maple)
    _refused(db, oak_principal, close, "letter_print", "no_permission", None)
    refused += 4
    # Nothing an allowed call would have changed did change (each _refused compared all).
    assert db.admin("SELECT status FROM parent_pin WHERE id = %s", pin_id) == [("active",)]
    assert db.admin(
        "SELECT count(*) FROM audit_event WHERE outcome = 'denied' AND actor IN (%s, %s, %s)",
        office,
        teacher,
        oak_principal,
    ) == [(refused,)]
    db.assert_audit_intact()


def test_the_principal_is_refused_what_the_services_refuse(district: dict) -> None:
    from ppdesk.domain.roles import Role
    from tests.support.flows import verify
    from tests.support.seed import add_staff, login

    db, ctx = district["db"], district["ctx"]
    principal = district["names"]["principal"]
    maple = district["maple"]
    maple_link, unverified = district["maple_family"].link_ids[:2]
    homeroom_link = district["homeroom_family"].link_ids[0]
    pin_id = district["maple_pin"].pin_id
    letter = _letter_row(db, maple_link, pin_id, principal)
    api = "SELECT * FROM ppdesk_api."
    calls = [
        (f"revoke_pin({unverified}, 'lost')", "pin_revoke", "no_pin_to_revoke"),
        (f"revoke_pin({maple_link}, '  ')", "pin_revoke", "invalid_text"),
        (f"revoke_pin({maple_link}, E'a\\nb')", "pin_revoke", "invalid_text"),
        (f"revoke_pin({maple_link}, repeat('x', 2001))", "pin_revoke", "invalid_text"),
        ("revoke_pin(987654, 'lost')", "pin_revoke", "no_permission"),
        (f"hand_over_pin({homeroom_link})", "pin_handover", "no_recent_verification"),
        (f"hand_over_pin({maple_link})", "pin_handover", "no_held_letter"),
        (f"remove_legal_guardian({unverified}, 'order')", REMOVE, "not_verified_status"),
        (f"request_sis_update({unverified}, ARRAY['photo_id'], NULL)", "sis_status_request",
         "no_sis_import"),
        (f"withdraw_sis_request({unverified}, 'error')", "sis_status_request_withdrawn",
         "no_open_request"),
        (f"queue_school_letter({maple_link}, {pin_id})", "letter_queue",
         "not_district_verification"),
        (f"close_school_letter({letter})", "letter_print", "pin_still_active"),
        ("unlock_guardian(987654, 'ok')", "guardian_unlock", "not_unlocker"),
    ]  # fmt: skip
    for call, action, reason in calls:
        school = None if "987654" in call else maple
        _refused(db, principal, api + call, action, reason, school)
    db.admin("UPDATE school SET sis_fed_since = now() WHERE id = %s", maple)
    sis_fed = [
        (f"set_legal_guardian({unverified}, true, 'court')", "legal_guardian_set",
         "status_from_sis"),
        (f"request_sis_update({unverified}, ARRAY['passport'], NULL)", "sis_status_request",
         "invalid_documents"),
        (f"request_sis_update({unverified}, ARRAY['other'], NULL)", "sis_status_request",
         "invalid_documents"),
        (f"request_sis_update({unverified}, ARRAY[]::text[], 'n')", "sis_status_request",
         "invalid_documents"),
        (f"request_sis_update({maple_link}, ARRAY['photo_id'], NULL)", "sis_status_request",
         "already_verified"),
    ]  # fmt: skip
    for call, action, reason in sis_fed:
        _refused(db, principal, api + call, action, reason, maple)
    seq = _last_seq(db)
    proc = db.psql(principal, api + f"request_sis_update({unverified}, ARRAY['other'], 'deed')")
    assert refusal(proc) is None
    assert len(_new_rows(db, seq)) == 1
    _refused(
        db, principal, api + f"request_sis_update({unverified}, ARRAY['photo_id'], NULL)",
        "sis_status_request", "already_requested", maple,
    )  # fmt: skip
    # A local district office's verifier is not the school's own staff: the school closes
    # (or prints) the letters queued for it.
    verifier = db.login_name("ld_verifier")
    add_staff(ctx, verifier, Role.PARENT_ACCESS_ADMIN, school_code=None, local_district="Central")
    db.admin("SELECT ppdesk_api.create_login(%s, NULL)", verifier)
    _refused(
        db, verifier, api + f"close_school_letter({letter})", "letter_print",
        "not_schools_staff", maple,
    )  # fmt: skip
    assert verify(ctx, login(ctx, verifier), homeroom_link).passed
    _refused(
        db, verifier, api + f"queue_school_letter({homeroom_link}, {pin_id})", "letter_queue",
        "pin_not_active", maple,
    )  # fmt: skip
    db.assert_audit_intact()


def _race(
    db: RolesDatabase, calls: list[tuple[str | None, str, tuple]]
) -> list[tuple[object, ...]]:
    """Run each (login or None for the administrator, sql, params) on its own connection,
    all released at once; returns each call's first row (or the rowcount of an UPDATE)."""
    u = make_url(db.url)
    base = f"host={u.host} port={u.port or 5432} dbname={db.name}"
    barrier = threading.Barrier(len(calls))
    results: list[tuple[object, ...]] = [()] * len(calls)
    errors: list[BaseException] = []

    def attempt(i: int) -> None:
        who, sql, params = calls[i]
        try:
            with psycopg.connect(f"{base} user={who or 'postgres'}", autocommit=True) as conn:
                barrier.wait()
                cur = conn.execute(sql, params)
                results[i] = cur.fetchone() if cur.description else (cur.rowcount,)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def _setup_held(district: dict, letter: str) -> tuple[int, int]:
    from tests.support.family import make_family
    from tests.support.flows import verify

    db, ctx = district["db"], district["ctx"]
    link = make_family(ctx).link_ids[0]
    held = db.held_pin(link, letter)
    assert verify(ctx, district["principal"], link).passed
    return link, held


def _successes(db: RolesDatabase, action: str, link: int) -> int:
    return int(
        db.admin(
            "SELECT count(*) FROM audit_event WHERE action = %s AND target_id = %s "
            "AND outcome = 'success'",
            action,
            str(link),
        )[0][0]
    )


def test_concurrent_hand_overs_of_one_letter_give_one_success(district: dict) -> None:
    db = district["db"]
    principal = district["names"]["principal"]
    link, held = _setup_held(district, "HX-1000")
    n = 10
    results = _race(
        db,
        [(principal, "SELECT pin_id, refusal FROM ppdesk_api.hand_over_pin(%s)", (link,))] * n,
    )
    assert sorted((r[0] is not None, r[1]) for r in results) == [(False, "no_held_letter")] * (
        n - 1
    ) + [(True, None)]
    assert _pin_status(db, held) == "active"
    assert _successes(db, "pin_handover", link) == 1
    db.assert_audit_intact()


def test_revokes_racing_hand_overs_leave_the_state_both_sides_were_told(district: dict) -> None:
    db = district["db"]
    principal = district["names"]["principal"]
    for round_ in range(3):
        link, held = _setup_held(district, f"HX-20{round_:02d}")
        revoke = (principal, "SELECT pin_id, refusal FROM ppdesk_api.revoke_pin(%s, 'r')", (link,))
        hand = (principal, "SELECT pin_id, refusal FROM ppdesk_api.hand_over_pin(%s)", (link,))
        results = _race(db, [revoke, hand] * 4)
        revoked = [r for r in results[0::2] if r[1] is None]
        handed = [r for r in results[1::2] if r[1] is None]
        # One PIN: exactly one revoke ended it; a hand-over succeeded at most once, and
        # only before that revoke (which then ended an active PIN, not a held one).
        assert len(revoked) == 1 and revoked[0][0] == held, results
        assert len(handed) <= 1, results
        was = db.admin(
            "SELECT details FROM audit_event WHERE action = 'pin_revoke' AND target_id = %s "
            "AND outcome = 'success'",
            str(link),
        )
        assert len(was) == 1
        assert json.loads(was[0][0])["was"] == ("active" if handed else "held"), results
        assert _pin_status(db, held) == "revoked"
        assert _successes(db, "pin_handover", link) == len(handed)
    db.assert_audit_intact()


def test_revokes_racing_redemptions_give_one_end(district: dict) -> None:
    from tests.support.family import make_family
    from tests.support.flows import verify_and_issue

    db, ctx = district["db"], district["ctx"]
    principal = district["names"]["principal"]
    # The redemption's own statement (PinRepository.end from the active status), as the
    # portal's connection runs it.
    redeem = (
        "UPDATE parent_pin SET status = 'redeemed', ciphertext = NULL, ended_at = now(), "
        "end_reason = 'redeemed on the portal' WHERE id = %s AND status IN ('active')"
    )
    for _round in range(3):
        link = make_family(ctx).link_ids[0]
        pin_id = verify_and_issue(ctx, district["principal"], link).pin_id
        revoke = (principal, "SELECT pin_id, refusal FROM ppdesk_api.revoke_pin(%s, 'r')", (link,))
        results = _race(db, [revoke, (None, redeem, (pin_id,))] * 4)
        revoked = [r for r in results[0::2] if r[1] is None]
        redeemed = [r for r in results[1::2] if r[0] == 1]
        assert len(revoked) + len(redeemed) == 1, results
        assert _pin_status(db, pin_id) == ("revoked" if revoked else "redeemed")
        assert _successes(db, "pin_revoke", link) == len(revoked)
        refusals = [r[1] for r in results[0::2] if r[1] is not None]
        assert set(refusals) <= {"no_pin_to_revoke"}
    db.assert_audit_intact()


def test_lock_guardian_if_due_follows_the_domain_rule(district: dict) -> None:
    """The private helper the verification function calls: locks only after
    MAX_FAILED_VERIFICATIONS failures within the window since the last unlock, like
    domain.verification.is_guardian_locked; staff cannot call it."""
    from ppdesk.domain.verification import MAX_FAILED_VERIFICATIONS

    db = district["db"]
    office = district["names"]["office"]
    link = district["maple_family"].link_ids[0]
    guardian = district["maple_family"].guardian_ids[0]
    staff = db.admin("SELECT min(id) FROM staff")[0][0]

    def fail(ago_hours: float) -> None:
        db.admin(
            "INSERT INTO verification (link_id, guardian_id, staff_id, mode, "
            "started_at, completed_at, outcome) SELECT l.id, l.guardian_id, %s, "
            "'in_person', now() - make_interval(secs => %s), now() - make_interval(secs => %s), "
            "'failed' FROM guardian_link l WHERE l.id = %s",
            staff,
            ago_hours * 3600,
            ago_hours * 3600,
            link,
        )

    def due() -> bool:
        return bool(db.admin("SELECT ppdesk_private.lock_guardian_if_due(%s)", guardian)[0][0])

    for i in range(MAX_FAILED_VERIFICATIONS - 1):
        fail(20 - i)
    assert not due()
    fail(40)  # outside the window of the others
    assert not due()
    fail(1)  # the third within 24 hours (20, 19, 1)
    assert due()
    assert db.admin("SELECT verification_locked_at IS NOT NULL FROM guardian WHERE id = %s",
                    guardian) == [(True,)]  # fmt: skip
    db.admin(
        "UPDATE guardian SET verification_locked_at = NULL, verification_unlocked_at = now() "
        "WHERE id = %s",
        guardian,
    )
    assert not due()  # failures before the unlock do not count
    proc = db.psql(office, f"SELECT ppdesk_private.lock_guardian_if_due({guardian})")
    assert proc.returncode != 0 and "permission denied" in proc.stderr


def test_db_roles_check_reports_a_desk_function_weakened(district: dict) -> None:
    from ppdesk import bootstrap

    db = district["db"]
    assert bootstrap.db_roles(db.url, check=True).problems == ()
    db.admin("ALTER FUNCTION ppdesk_api.revoke_pin(integer, text) SECURITY INVOKER")
    db.admin("GRANT EXECUTE ON FUNCTION ppdesk_api.hand_over_pin(integer) TO PUBLIC")
    problems = bootstrap.db_roles(db.url, check=True).problems
    assert "function ppdesk_api.revoke_pin(integer, text) is not SECURITY DEFINER" in problems
    assert "function ppdesk_api.hand_over_pin(integer) is executable beyond the staff role" in (
        problems
    )
    bootstrap.db_roles(db.url, apply=True)
    assert bootstrap.db_roles(db.url, check=True).problems == ()


def test_the_catalogue_matches_the_services() -> None:
    """Action names the functions write are the services' (one vocabulary)."""
    from ppdesk.adapters.db import pg_security, pg_security_desk
    from ppdesk.services import custody

    assert pg_security_desk.REMOVE_ACTION == custody.REMOVE_ACTION == REMOVE
    assert set(pg_security_desk.DESK_REFUSALS) <= set(pg_security.REFUSALS)
    assert set(pg_security.REFUSALS) >= pg_security_desk.SHARED_REFUSALS
    for code, entry in pg_security_desk.DESK_REFUSALS.items():
        assert pg_security.REFUSALS[code] == entry, code  # not defined twice


def test_a_refused_caller_locks_nothing(district: dict) -> None:
    """The permission is checked before any row is locked: a teacher who calls a function
    inside a transaction they keep open holds no lock on the link, guardian or letter."""
    db = district["db"]
    teacher = district["names"]["teacher"]
    link = district["homeroom_family"].link_ids[0]
    guardian = district["homeroom_family"].guardian_ids[0]
    pin_id = district["maple_pin"].pin_id
    letter = _letter_row(db, link, pin_id, district["names"]["principal"])
    u = make_url(db.url)
    with psycopg.connect(
        f"host={u.host} port={u.port or 5432} dbname={db.name} user={teacher}"
    ) as conn:
        for sql in (
            f"SELECT refusal FROM ppdesk_api.set_legal_guardian({link}, false, 'x')",
            f"SELECT refusal FROM ppdesk_api.remove_legal_guardian({link}, 'x')",
            f"SELECT refusal FROM ppdesk_api.request_sis_update({link}, ARRAY['photo_id'], NULL)",
            f"SELECT refusal FROM ppdesk_api.revoke_pin({link}, 'x')",
            f"SELECT refusal FROM ppdesk_api.unlock_guardian({guardian}, 'x')",
            f"SELECT refusal FROM ppdesk_api.close_school_letter({letter})",
        ):
            assert conn.execute(sql).fetchone()[0] is not None, sql
        # The transaction is still open: the administrator locks each row without waiting.
        for table, row in (("guardian_link", link), ("guardian", guardian),
                           ("school_letter", letter), ("parent_pin", pin_id)):  # fmt: skip
            db.admin(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE NOWAIT", row)
        conn.rollback()


def test_a_district_verifier_issues_by_phone_and_queues_the_letter_in_one_transaction(
    district: dict,
) -> None:
    """queue_school_letter says ``issued`` when the PIN was issued in the same transaction
    (issue_pin then queue_school_letter), as queue_for_school's row does."""
    from ppdesk.domain.verification import VerificationMode
    from tests.support.family import make_family
    from tests.support.flows import verify
    from tests.support.seed import add_staff, login

    db, ctx = district["db"], district["ctx"]
    verifier = db.login_name("ld_phone")
    add_staff(ctx, verifier, Role.PARENT_ACCESS_ADMIN, school_code=None, local_district="Central")
    db.admin("SELECT ppdesk_api.create_login(%s, NULL)", verifier)
    link = make_family(ctx).link_ids[0]
    assert verify(ctx, login(ctx, verifier), link, VerificationMode.VIDEO).passed
    seq = _last_seq(db)
    u = make_url(db.url)
    with psycopg.connect(
        f"host={u.host} port={u.port or 5432} dbname={db.name} user={verifier}"
    ) as conn:
        pin_id, refused = conn.execute(
            "SELECT pin_id, refusal FROM ppdesk_api.issue_pin(%s, 'ph-1', repeat('c', 64), "
            "'phone')",
            (link,),
        ).fetchone()
        assert refused is None
        letter_id, refused = conn.execute(
            "SELECT letter_id, refusal FROM ppdesk_api.queue_school_letter(%s, %s)",
            (link, pin_id),
        ).fetchone()
        assert refused is None
        conn.commit()
    rows = _new_rows(db, seq)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (verifier, "pin_issue", "success"),
        (verifier, "letter_queue", "success"),
    ]
    details = json.loads(rows[1][6])
    assert details["issued"] is True and details["mode"] == "video"
    assert details["pin_id"] == pin_id and details["school_letter_id"] == letter_id
    db.assert_audit_intact()
