"""After a sign-in with a personal database login the desk works AS THE PERSON (issue 19,
points 1 and 2): the counter path (search, open a student, verify, issue, reissue, reveal,
print a letter) runs over the person's own PostgreSQL connection, through the
``ppdesk_api`` views and functions, and the database's rules do the enforcing.

PostgreSQL only: personal logins exist only on a shared PostgreSQL database (SQLite keeps
ppdesk's own login and has no database roles to connect as). The workstation's own engine
is watched after sign-in: any statement sent over it fails the test.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from ppdesk.adapters.db.person import PgPersonConnector
from ppdesk.adapters.db.person_uow import PersonUnitOfWorkFactory, without_hidden_columns
from ppdesk.domain.errors import (
    NotAvailable,
    PermissionDenied,
    PinUnavailable,
    VerificationRequired,
)
from ppdesk.domain.pin import parse_pin
from ppdesk.services import audit_trail, letters, lookup, pins
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.person_auth import authenticator_for
from ppdesk.services.pins import aad as pin_aad
from tests.support.flows import verify
from tests.support.pg_roles import district_database, refusal


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def _signed_in(d: dict, who: str) -> tuple[AppContext, StaffSession]:
    """A desk of its own (the workstation's context, copied) signed in as ``who``."""
    ctx = copy.copy(d["ctx"])
    ctx.person_connector = PgPersonConnector(d["db"].url)
    session = authenticator_for(ctx).login(d["names"][who], "")  # a directory-style login
    assert isinstance(ctx.uow, PersonUnitOfWorkFactory)
    assert ctx.uow.engine.url.username == d["names"][who]
    return ctx, session


def _rows_since(db, seq: int) -> list[tuple]:
    return db.admin(
        "SELECT seq, actor, action, outcome, target_id, workstation, details FROM audit_event "
        "WHERE seq > %s ORDER BY seq",
        seq,
    )


def test_hidden_columns_are_read_as_null_only_in_reads() -> None:
    select = (
        "SELECT parent_pin.id, parent_pin.ciphertext, parent_pin_1.pin_hash, "
        "staff.password_hash, student.student_pin_ciphertext, pin_disclosure.staff_id "
        "FROM parent_pin"
    )
    assert without_hidden_columns(select) == (
        "SELECT parent_pin.id, NULL, NULL, NULL, NULL, pin_disclosure.staff_id FROM parent_pin"
    )
    update = "UPDATE parent_pin SET ciphertext = NULL WHERE parent_pin.ciphertext IS NULL"
    assert without_hidden_columns(update) == update


@pytest.mark.postgres
def test_the_counter_runs_as_the_person_and_the_database_enforces(
    district: dict, tmp_path, monkeypatch
) -> None:
    db, workstation = district["db"], district["ctx"]
    principal_name, office_name = district["names"]["principal"], district["names"]["office"]
    maple = district["maple"]
    ctx, principal = _signed_in(district, "principal")
    clerk_ctx, clerk = _signed_in(district, "office")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]

    # From here on nothing may go over the workstation's shared connection.
    shared = []
    engine = workstation.uow.engine

    def _tripwire(_conn, _cursor, statement, *_rest) -> None:
        shared.append(statement)

    event.listen(engine, "before_cursor_execute", _tripwire)
    try:
        family = district["homeroom_family"]
        link = family.link_ids[0]
        hits = lookup.find_students(ctx, principal, family.student_number)
        assert [h.student_id for h in hits] == [family.student_id]
        view = lookup.student_view(ctx, principal, family.student_id)
        assert view.student_number == family.student_number

        assert verify(ctx, principal, link).passed
        issued = pins.issue_pin(ctx, principal, link)
        shown = pins.reveal_pin(ctx, principal, link)
        assert shown.display == issued.display and shown.pin_id == issued.pin_id
        out = tmp_path / "letter.pdf"
        printed = letters.single_letter(ctx, principal, link, out)
        assert printed.letters == 1 and out.exists()
        # A reissue of the PIN issued before the rules were applied: the function ends it.
        maple_link = district["maple_family"].link_ids[0]
        assert verify(ctx, principal, maple_link).passed
        again = pins.reissue_pin(ctx, principal, maple_link, reason="lost letter")
        assert again.display != district["maple_pin"].display

        # The clerk's desk with its own checks skipped (a tampered program): the database
        # still refuses, and its refusal is in the trail once.
        monkeypatch.setattr(pins, "require", lambda *a, **k: None)
        monkeypatch.setattr(
            pins, "passed_verification", lambda *a, **k: SimpleNamespace(id=0, office="school")
        )
        with pytest.raises(PermissionDenied):
            pins.issue_pin(clerk_ctx, clerk, link, reissue=True)
        monkeypatch.undo()
        # A revoke through revoke_pin (pg_security_desk): one row, the PIN ended.
        pins.revoke_pin(ctx, principal, maple_link, reason="parent asked")
    finally:
        event.remove(engine, "before_cursor_execute", _tripwire)
    assert shared == [], shared[:3]
    # The desks keep no workstation connection open, one at most of each person's.
    open_now = db.admin(
        "SELECT usename FROM pg_stat_activity WHERE datname = %s AND application_name = 'ppdesk'",
        db.name,
    )
    assert sorted(u for (u,) in open_now) == sorted([principal_name, office_name])

    rows = _rows_since(db, start)
    acts = [(actor, action, outcome, target) for _s, actor, action, outcome, target, _w, _d in rows]
    assert acts == [
        (principal_name, "verification_start", "success", str(link)),
        (principal_name, "verification", "success", str(link)),
        (principal_name, "pin_issue", "success", str(link)),
        (principal_name, "pin_reveal", "success", str(link)),
        (principal_name, "letter_print", "success", str(link)),
        (principal_name, "verification_start", "success", str(maple_link)),
        (principal_name, "verification", "success", str(maple_link)),
        (principal_name, "pin_reissue", "success", str(maple_link)),
        (office_name, "pin_reissue", "denied", str(link)),
        (principal_name, "pin_revoke", "success", str(maple_link)),
    ], acts
    # Every row written inside the database, as the person, on their school's chain.
    assert all(w.startswith("db:") for *_x, w, _d in rows)
    assert '"reason":"no_permission"' in rows[-2][-1] and "database" in rows[-2][-1]
    assert '"reason":"parent asked"' in rows[-1][-1]
    ended = db.admin("SELECT status FROM parent_pin WHERE link_id = %s", maple_link)
    assert {s for (s,) in ended} == {"revoked"}
    states = db.admin("SELECT status, issued_by_id FROM parent_pin WHERE link_id = %s", link)
    assert [s for s, _ in states] == ["active"]  # the clerk changed nothing
    disclosures = db.admin(
        "SELECT channel FROM pin_disclosure WHERE pin_id = %s ORDER BY id", issued.pin_id
    )
    assert [c for (c,) in disclosures] == ["screen", "screen", "print"]
    assert db.admin("SELECT DISTINCT school_id FROM audit_event WHERE seq > %s", start) == [
        (maple,)
    ]
    report = audit_trail.check_chain(workstation)
    assert report.intact, report.describe()

    # The same person with psql: no ciphertext, no PIN without a verification of their own,
    # no audit note that pretends an act a function records.
    proc = db.psql(office_name, "SELECT ciphertext FROM ppdesk_api.parent_pin")
    assert proc.returncode != 0 and "ciphertext" in proc.stderr
    proc = db.psql(principal_name, "SELECT ciphertext FROM public.parent_pin")
    assert proc.returncode != 0 and "permission denied" in proc.stderr
    other = district["maple_family"].link_ids[1]
    proc = db.psql(office_name, f"SELECT * FROM ppdesk_api.issue_pin({link}, 'x1', 'h', 'screen')")
    assert refusal(proc) == "no_permission"
    oak_link = district["oak_family"].link_ids[0]
    proc = db.psql(
        principal_name, f"SELECT * FROM ppdesk_api.issue_pin({oak_link}, 'x2', 'h', 'screen')"
    )
    assert refusal(proc) == "no_permission"
    proc = db.psql(
        principal_name, f"SELECT * FROM ppdesk_api.issue_pin({other}, 'x3', 'h', 'screen')"
    )
    assert refusal(proc) == "not_verified_legal_guardian"
    proc = db.psql(
        principal_name,
        f"SELECT ppdesk_api.audit_note('pin_issue', 'success', 'guardian_link', '{link}', "
        f"{maple}, '{{}}')",
    )
    assert proc.returncode != 0 and "not one the desk may write" in proc.stderr
    proc = db.psql(
        principal_name,
        "SELECT ppdesk_api.audit_note('student_view', 'success', 'student', '1', "
        f"{district['oak']}, '{{}}')",
    )
    assert proc.returncode != 0 and "not one of yours" in proc.stderr
    assert audit_trail.check_chain(workstation).intact


@pytest.mark.postgres
def test_a_reveal_needs_ones_own_verification_and_the_stored_pin_decrypts(district: dict) -> None:
    """Reveal before any verification of one's own: refused, one denied row as the person;
    after it, the PIN the person issued (stored encrypted through set_pin_ciphertext) and
    the one the function hands out back are the same."""
    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    link = district["homeroom_family"].link_ids[0]
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    with pytest.raises(VerificationRequired):
        pins.reveal_pin(ctx, principal, link)
    rows = _rows_since(db, start)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        (district["names"]["principal"], "pin_reveal", "denied")
    ]
    assert verify(ctx, principal, link).passed
    issued = pins.issue_pin(ctx, principal, link)
    shown = pins.reveal_pin(ctx, principal, link)
    assert shown.display == issued.display
    key_id, blob = db.admin(
        "SELECT key_id, ciphertext FROM parent_pin WHERE id = %s", shown.pin_id
    )[0]
    clear = ctx.keys.decrypt(key_id, bytes(blob), pin_aad(shown.pin_id, link))
    assert parse_pin(clear).display == issued.display
    # A phone read-out needs a video verification: refused by the desk, nothing disclosed.
    with pytest.raises(VerificationRequired):
        pins.reveal_pin(ctx, principal, link, channel="phone")
    assert db.admin("SELECT count(*) FROM pin_disclosure WHERE pin_id = %s", shown.pin_id) == [(2,)]
    ctx.end_person_connection()
    assert not isinstance(ctx.uow, PersonUnitOfWorkFactory)


@pytest.mark.postgres
def test_tasks_without_a_function_are_refused_not_run_on_the_workstation(
    district: dict, tmp_path
) -> None:
    """No silent fall-back: with the person's connection, a task the database has no
    function for yet is refused with the message that names it, and nothing changes."""
    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    before = db.admin("SELECT id, status FROM parent_pin ORDER BY id")
    names_before = db.admin("SELECT id, display_name FROM staff ORDER BY id")
    # Changing a staff account's name has no function yet: the person's unit of work
    # refuses it, naming the task, before anything is sent.
    with pytest.raises(NotAvailable, match="not yet available"), ctx.uow() as uow:
        uow.staff.update(principal.staff_id, display_name="Someone Else")
        uow.commit()
    assert db.admin("SELECT id, display_name FROM staff ORDER BY id") == names_before
    from ppdesk.services import verification

    assert db.admin("SELECT id, status FROM parent_pin ORDER BY id") == before
    assert db.admin("SELECT count(*) FROM pin_disclosure WHERE batch IS NOT NULL") == [(0,)]
    assert _rows_since(db, start) == []
    # A guardian's verification lock is lifted through ppdesk_api.unlock_guardian
    # (pg_security_desk): one row, the person's, the lock gone.
    guardian = district["maple_family"].guardian_ids[0]
    db.admin("UPDATE guardian SET verification_locked_at = now() WHERE id = %s", guardian)
    verification.unlock_guardian(ctx, principal, guardian, reason="ID seen")
    assert db.admin(
        "SELECT verification_locked_at IS NULL FROM guardian WHERE id = %s", guardian
    ) == [(True,)]
    rows = db.admin("SELECT actor, action, outcome, details FROM audit_event WHERE seq > %s", start)
    assert [r[:3] for r in rows] == [(principal.username, "guardian_unlock", "success")]
    assert rows[0][3] == '{"reason":"ID seen","was_locked":true}'


@pytest.mark.postgres
def test_roles_are_granted_and_revoked_through_the_functions_as_the_person(
    district: dict,
) -> None:
    from ppdesk.domain.roles import Role
    from ppdesk.services import staff

    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    office, principal_name = district["names"]["office"], district["names"]["principal"]
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    staff.grant_role(
        ctx, principal, username=office, role=Role.PARENT_ACCESS_ADMIN, school_code="1001"
    )
    staff.revoke_role(
        ctx, principal, username=office, role=Role.PARENT_ACCESS_ADMIN, school_code="1001"
    )
    staff.set_staff_status(ctx, principal, username=office, active=False, reason="left")
    assert db.admin("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", office) == [(False,)]
    staff.set_staff_status(ctx, principal, username=office, active=True, reason="back")
    assert db.admin("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", office) == [(True,)]
    rows = [(r[1], r[2], r[3]) for r in _rows_since(db, start)]
    assert rows == [
        (principal_name, "role_grant", "success"),
        (principal_name, "role_revoke", "success"),
        (principal_name, "staff_update", "success"),
        (principal_name, "login_disable", "success"),
        (principal_name, "staff_update", "success"),
        (principal_name, "login_enable", "success"),
    ]
    assert '"reason":"back"' in _rows_since(db, start)[4][-1]
    granted = db.admin(
        "SELECT g.granted_by_id = p.id, g.revoked_at IS NOT NULL FROM role_grant g "
        "JOIN staff s ON s.id = g.staff_id JOIN staff p ON p.username = %s "
        "WHERE s.username = %s AND g.role = 'parent_access_admin'",
        principal_name,
        office,
    )
    assert granted == [(True, True)]
    assert audit_trail.check_chain(district["ctx"]).intact


class _Tripwire:
    """Every statement sent over the workstation's own engine after sign-in."""

    def __init__(self, engine) -> None:
        self.engine, self.seen = engine, []

    def __enter__(self) -> _Tripwire:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def _seen(self, _conn, _cursor, statement, *_rest) -> None:
        self.seen.append(statement)

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


@pytest.mark.postgres
def test_a_held_letter_is_handed_over_through_hand_over_pin_as_the_person(
    district: dict,
) -> None:
    from ppdesk.services import handover

    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    link = district["homeroom_family"].link_ids[0]
    held = db.held_pin(link, "HX-0042")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    with _Tripwire(district["ctx"].uow.engine) as wire:
        ver = verify(ctx, principal, link)
        assert ver.passed
        done = handover.hand_over(ctx, principal, link)
        assert done.pin_id == held and done.letter_number == "HX-0042"
        # A second hand-over of the same letter: nothing held is left, nothing changes.
        with pytest.raises(PinUnavailable):
            handover.hand_over(ctx, principal, link)
    assert wire.seen == [], wire.seen[:3]
    assert db.admin(
        "SELECT status, handed_over_by_id = (SELECT id FROM staff WHERE username = %s), "
        "verification_id FROM parent_pin WHERE id = %s",
        principal.username,
        held,
    ) == [("active", True, ver.verification_id)]
    rows = [r for r in _rows_since(db, start) if r[2] == "pin_handover"]
    assert [(r[1], r[3], r[4]) for r in rows] == [
        (principal.username, "success", str(link)),
        (principal.username, "denied", str(link)),
    ]
    assert rows[0][5].startswith("db:")
    assert '"letter_number":"HX-0042"' in rows[0][6]
    assert f'"verification_id":{ver.verification_id}' in rows[0][6]
    db.assert_audit_intact()


@pytest.mark.postgres
def test_the_legal_guardian_status_is_set_and_removed_through_the_functions_as_the_person(
    district: dict,
) -> None:
    from ppdesk.services import custody

    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    maple_links = district["maple_family"].link_ids
    homeroom_link = district["homeroom_family"].link_ids[0]
    held = db.held_pin(homeroom_link, "HX-0077")
    maple_pin = district["maple_pin"].pin_id
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    with _Tripwire(district["ctx"].uow.engine) as wire:
        pins.record_legal_guardian(ctx, principal, maple_links[1], verified=True, reason="deed")
        pins.record_legal_guardian(ctx, principal, maple_links[0], verified=False, reason="order")
        removed = custody.remove_legal_guardian_status(
            ctx, principal, homeroom_link, reason="custody change"
        )
        assert removed.revoked_pin_id == held and removed.sis_request_id is None
        db.admin("UPDATE school SET sis_fed_since = now() WHERE id = %s", district["maple"])
        fed = custody.remove_legal_guardian_status(
            ctx, principal, maple_links[1], reason="court order"
        )
        assert fed.sis_request_id is not None
    assert wire.seen == [], wire.seen[:3]
    states = db.admin(
        "SELECT id, verified_legal_guardian, verified_by, verified_source FROM guardian_link "
        "WHERE id IN (%s, %s, %s) ORDER BY id",
        *maple_links[:2],
        homeroom_link,
    )
    assert {r[0]: r[1:] for r in states} == {
        link: (False, principal.username, "staff") for link in (*maple_links[:2], homeroom_link)
    }
    assert db.admin(
        "SELECT id, status FROM parent_pin WHERE id IN (%s, %s) ORDER BY id", maple_pin, held
    ) == sorted([(maple_pin, "revoked"), (held, "revoked")])
    assert db.admin(
        "SELECT id, kind, note, closed_at IS NULL FROM sis_status_request WHERE link_id = %s",
        maple_links[1],
    ) == [(fed.sis_request_id, "remove", "court order", True)]
    rows = _rows_since(db, start)
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (principal.username, "legal_guardian_set", "success", str(maple_links[1])),
        (principal.username, "legal_guardian_set", "success", str(maple_links[0])),
        (principal.username, "legal_guardian_removed", "success", str(homeroom_link)),
        (principal.username, "legal_guardian_removed", "success", str(maple_links[1])),
    ]
    assert all(r[5].startswith("db:") for r in rows)
    assert f'"revoked_pin_id":{maple_pin}' in rows[1][6] and '"reason":"order"' in rows[1][6]
    assert f'"revoked_pin_id":{held}' in rows[2][6]
    assert f'"sis_request_id":{fed.sis_request_id}' in rows[3][6]
    db.assert_audit_intact()


@pytest.mark.postgres
def test_sis_status_requests_are_made_and_withdrawn_through_the_functions_as_the_person(
    district: dict,
) -> None:
    from ppdesk.services import sis_requests

    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    link = district["maple_family"].link_ids[1]
    db.admin("UPDATE school SET sis_fed_since = now() WHERE id = %s", district["maple"])
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    with _Tripwire(district["ctx"].uow.engine) as wire:
        first = sis_requests.request_sis_update(
            ctx, principal, link, documents=["court_order", "photo_id", "court_order"]
        )
        withdrawn = sis_requests.withdraw_sis_request(ctx, principal, link, reason="in error")
        assert withdrawn == first.request_id
        again = sis_requests.request_sis_update(
            ctx, principal, link, documents=["other"], note="letter from the court"
        )
    assert wire.seen == [], wire.seen[:3]
    assert db.admin(
        "SELECT id, kind, documents, note, requested_by_id = (SELECT id FROM staff "
        "WHERE username = %s), outcome FROM sis_status_request WHERE link_id = %s ORDER BY id",
        principal.username,
        link,
    ) == [
        (
            first.request_id,
            "verify",
            "Court order (custody or guardianship); Photo ID of the parent or guardian",
            None,
            True,
            "withdrawn",
        ),
        (again.request_id, "verify", "Other document", "letter from the court", True, None),
    ]
    rows = _rows_since(db, start)
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (principal.username, "sis_status_request", "success", str(link)),
        (principal.username, "sis_status_request_withdrawn", "success", str(link)),
        (principal.username, "sis_status_request", "success", str(link)),
    ]
    assert all(r[5].startswith("db:") for r in rows)
    assert '"documents":["court_order","photo_id"]' in rows[0][6]
    assert f'"request_id":{first.request_id}' in rows[1][6] and '"reason":"in error"' in rows[1][6]
    db.assert_audit_intact()


def _district_verifier(district: dict) -> tuple[AppContext, StaffSession]:
    """A parent access admin of the Central local district (a district office) with a
    directory-style login, signed in."""
    from ppdesk.domain.roles import Role
    from tests.support.seed import add_staff

    db = district["db"]
    verifier = db.login_name("ld_verifier")
    add_staff(
        district["ctx"], verifier, Role.PARENT_ACCESS_ADMIN, school_code=None,
        local_district="Central",
    )  # fmt: skip
    db.admin("SELECT ppdesk_api.create_login(%s, NULL)", verifier)
    district["names"]["ld_verifier"] = verifier
    return _signed_in(district, "ld_verifier")


@pytest.mark.postgres
def test_a_district_verifier_queues_the_letter_of_the_active_pin_as_the_person(
    district: dict,
) -> None:
    from ppdesk.services import school_letters

    db = district["db"]
    ctx, session = _district_verifier(district)
    verifier = session.username
    link = district["maple_family"].link_ids[0]
    pin = district["maple_pin"].pin_id
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    with _Tripwire(district["ctx"].uow.engine) as wire:
        assert verify(ctx, session, link).passed
        queued = school_letters.queue_for_school(ctx, session, link)
        assert not queued.new_pin
        # The same letter waits: returned as it is, no second row.
        assert school_letters.queue_for_school(ctx, session, link) == queued
        # A new PIN for the letter (issue_letter_pin): the old PIN revoked, the letter
        # replaced, in the one transaction.
        again = school_letters.queue_for_school(ctx, session, link, reissue=True, reason="lost")
        assert again.new_pin and again.letter_id != queued.letter_id
    assert wire.seen == [], wire.seen[:3]
    (new_pin,) = db.admin(
        "SELECT id FROM parent_pin WHERE link_id = %s AND status = 'active'", link
    )[0]
    assert db.admin(
        "SELECT id, pin_id, closed_at IS NULL, outcome, queued_by_id = (SELECT id FROM staff "
        "WHERE username = %s) FROM school_letter WHERE link_id = %s ORDER BY id",
        verifier,
        link,
    ) == [
        (queued.letter_id, pin, False, "replaced", True),
        (again.letter_id, new_pin, True, None, True),
    ]
    assert db.admin("SELECT status, end_reason FROM parent_pin WHERE id = %s", pin) == [
        ("revoked", "lost")
    ]
    # Nobody was shown the new PIN: no disclosure; its ciphertext is stored.
    assert db.admin(
        "SELECT count(*), (SELECT ciphertext IS NOT NULL FROM parent_pin WHERE id = %s) "
        "FROM pin_disclosure WHERE pin_id = %s",
        new_pin,
        new_pin,
    ) == [(0, True)]
    rows = _rows_since(db, start)
    acts = [(r[1], r[2], r[3]) for r in rows if r[2] != "verification_start"]
    assert acts == [
        (verifier, "verification", "success"),
        (verifier, "letter_queue", "success"),
        (verifier, "pin_reissue", "success"),
        (verifier, "letter_queue", "success"),
    ], acts
    queue_row = next(r for r in rows if r[2] == "letter_queue")
    assert queue_row[5].startswith("db:")
    assert f'"school_letter_id":{queued.letter_id}' in queue_row[6]
    assert f'"pin_id":{pin}' in queue_row[6] and '"issued":false' in queue_row[6]
    reissue_row = next(r for r in rows if r[2] == "pin_reissue")
    assert f'"pin_id":{new_pin}' in reissue_row[6] and f'"replaced_pin_id":{pin}' in reissue_row[6]
    assert '"channel":null' in reissue_row[6] and '"route":"school_letter"' in reissue_row[6]
    assert '"issued":true' in rows[-1][6]
    db.assert_audit_intact()


@pytest.mark.postgres
def test_a_district_letter_with_a_new_pin_is_printed_and_closed_by_the_school_as_the_person(
    district: dict, tmp_path
) -> None:
    """The district verifier issues a new PIN and queues its letter (issue_letter_pin,
    queue_school_letter); the school's principal prints it (print_school_letter: the PIN
    decrypts, one print disclosure, the letter closed as printed) and closes another whose
    PIN was revoked meanwhile (close_school_letter); the Oak Ridge principal may do
    neither. Nothing goes over the workstation's engine."""
    from pypdf import PdfReader

    from ppdesk.domain.errors import DomainError
    from ppdesk.services import school_letters

    db = district["db"]
    ctx, session = _district_verifier(district)
    first, second = district["homeroom_family"].link_ids[0], district["maple_family"].link_ids[0]
    db.admin("UPDATE guardian_link SET verified_legal_guardian = true WHERE id = %s", first)
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    p_ctx, principal = _signed_in(district, "principal")
    o_ctx, oak = _signed_in(district, "oak_principal")
    with _Tripwire(district["ctx"].uow.engine) as wire:
        assert verify(ctx, session, first).passed
        new = school_letters.queue_for_school(ctx, session, first)
        assert new.new_pin
        assert verify(ctx, session, second).passed
        kept = school_letters.queue_for_school(ctx, session, second)
        assert not kept.new_pin
        pins.revoke_pin(p_ctx, principal, second, reason="custody order")
        listed = school_letters.letters_to_print(p_ctx, principal)
        assert {r.id for r in listed} == {new.letter_id, kept.letter_id}
        with pytest.raises(DomainError):
            school_letters.print_queued_letter(o_ctx, oak, new.letter_id, tmp_path / "o.pdf")
        out = tmp_path / "letter.pdf"
        school_letters.print_queued_letter(p_ctx, principal, new.letter_id, out)
        with pytest.raises(PinUnavailable):
            school_letters.print_queued_letter(
                p_ctx, principal, kept.letter_id, out.with_name("k.pdf")
            )
        assert school_letters.letters_to_print(p_ctx, principal) == []
        # Printed once: a second print is refused, nothing new recorded.
        with pytest.raises(DomainError):
            school_letters.print_queued_letter(p_ctx, principal, new.letter_id, tmp_path / "2.pdf")
    assert wire.seen == [], wire.seen[:3]
    (pin_id,) = db.admin(
        "SELECT id FROM parent_pin WHERE link_id = %s AND status = 'active'", first
    )[0]
    text_ = "".join(page.extract_text() for page in PdfReader(out).pages)
    blob, key_id = db.admin("SELECT ciphertext, key_id FROM parent_pin WHERE id = %s", pin_id)[0]
    plain = parse_pin(
        district["ctx"].keys.decrypt(key_id, bytes(blob), pin_aad(pin_id, first))
    ).display
    assert plain in text_
    assert db.admin(
        "SELECT id, outcome, closed_by_id = (SELECT id FROM staff WHERE username = %s) "
        "FROM school_letter WHERE id IN (%s, %s) ORDER BY id",
        principal.username,
        new.letter_id,
        kept.letter_id,
    ) == sorted([(new.letter_id, "printed", True), (kept.letter_id, "pin_ended", True)])
    assert db.admin(
        "SELECT channel, verification_id = (SELECT verification_id FROM school_letter "
        "WHERE id = %s), staff_id = (SELECT id FROM staff WHERE username = %s) "
        "FROM pin_disclosure WHERE pin_id = %s",
        new.letter_id,
        principal.username,
        pin_id,
    ) == [("print", True, True)]
    rows = [r for r in _rows_since(db, start) if r[2] == "letter_print"]
    # (Oak Ridge's principal does not see the letter, and the second print finds it
    # closed: the service's own "not found" and "closed", before any function.)
    assert [(r[1], r[3], r[4]) for r in rows] == [
        (principal.username, "success", str(first)),
        (principal.username, "failed", str(second)),
    ], rows
    assert '"district_verification":true' in rows[0][6]
    assert f'"school_letter_id":{new.letter_id}' in rows[0][6]
    assert '"reason":"pin ended"' in rows[1][6] and '"was":"revoked"' in rows[1][6]
    db.assert_audit_intact()


@pytest.mark.postgres
def test_a_queued_letter_is_drawn_outside_any_transaction_as_the_person(
    district: dict, tmp_path
) -> None:
    """Over a personal login: while the school's letter is drawn the person's connection
    holds no transaction (school_letter_pin's read and its record are committed, the
    connection back in its pool and idle on the server) and the letter is still open; a
    drawing that fails leaves it open, to print again (the read's disclosure and row stay:
    the PIN was read); the print that succeeds closes it (finish_school_letter), once."""
    from ppdesk.services import school_letters
    from tests.support.drawing import Drawing

    db = district["db"]
    ctx, session = _district_verifier(district)
    link = district["maple_family"].link_ids[0]
    assert verify(ctx, session, link).passed
    queued = school_letters.queue_for_school(ctx, session, link)
    p_ctx, principal = _signed_in(district, "principal")
    person = p_ctx.uow.engine
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]

    def held() -> tuple:
        busy = db.admin(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND state <> 'idle'",
            principal.username,
        )[0][0]
        (still_open,) = db.admin(
            "SELECT closed_at IS NULL FROM school_letter WHERE id = %s", queued.letter_id
        )[0]
        return person.pool.checkedout(), busy, still_open

    seen: list[tuple] = []

    def fails() -> None:
        seen.append(held())
        raise OSError("the disk is full")

    real = p_ctx.files
    out = tmp_path / "letter.pdf"
    with _Tripwire(district["ctx"].uow.engine) as wire:
        p_ctx.files = Drawing(real, SimpleNamespace(engine=person), during=fails)
        with pytest.raises(OSError, match="disk is full"):
            school_letters.print_queued_letter(p_ctx, principal, queued.letter_id, out)
        assert not out.exists()
        listed = school_letters.letters_to_print(p_ctx, principal)
        assert [r.id for r in listed] == [queued.letter_id]
        p_ctx.files = Drawing(
            real, SimpleNamespace(engine=person), during=lambda: seen.append(held())
        )
        school_letters.print_queued_letter(p_ctx, principal, queued.letter_id, out)
        assert out.exists()
        assert school_letters.letters_to_print(p_ctx, principal) == []
    assert wire.seen == [], wire.seen[:3]
    assert seen == [(0, 0, True), (0, 0, True)]
    assert db.admin(
        "SELECT outcome, closed_by_id = (SELECT id FROM staff WHERE username = %s) "
        "FROM school_letter WHERE id = %s",
        principal.username,
        queued.letter_id,
    ) == [("printed", True)]
    assert db.admin(
        "SELECT count(*) FROM pin_disclosure WHERE pin_id = %s AND channel = 'print'",
        queued_pin := db.admin("SELECT pin_id FROM school_letter WHERE id = %s", queued.letter_id)[
            0
        ][0],
    ) == [(2,)]  # read twice, for the failed drawing and for the letter printed
    rows = [r for r in _rows_since(db, start) if r[2] == "letter_print"]
    assert [(r[1], r[3]) for r in rows] == [(principal.username, "success")] * 2, rows
    assert all(f'"pin_id":{queued_pin}' in r[6] for r in rows)
    db.assert_audit_intact()


@pytest.mark.postgres
def test_bulk_letters_for_a_school_are_issued_and_recorded_through_the_functions_as_the_person(
    district: dict, tmp_path
) -> None:
    """The principal prints the school's bulk letters as the person: held PINs through
    issue_held_pin and set_held_pin_ciphertext (made and encrypted on the workstation), the
    run recorded by record_bulk_letters (one print disclosure per letter, pin_bulk_issue and
    letters_bulk, as the service writes them); a second run prints the same held PINs again
    (held_letter_pins); one letter is handed over. The PDF holds the PINs the database
    stores; nothing goes over the workstation's engine; the trail verifies."""
    from pypdf import PdfReader

    from ppdesk.services import handover
    from tests.support.family import make_family

    db = district["db"]
    wctx = district["ctx"]
    extra = [make_family(wctx, homeroom=f"Rm {20 + i % 2}") for i in range(3)]
    ctx, principal = _signed_in(district, "principal")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    first_pdf, second_pdf = tmp_path / "bulk1.pdf", tmp_path / "bulk2.pdf"
    calls = iter(range(1_000))
    with _Tripwire(wctx.uow.engine) as wire:
        # Cancelled at the second letter: the first homeroom's held PINs were issued in
        # the run's transaction and go with its rollback; one failed letters_bulk row.
        gone = letters.bulk_letters(
            ctx, principal, tmp_path / "x.pdf", school_code="1001",
            is_cancelled=lambda: next(calls) >= 1,
        )  # fmt: skip
        assert gone.cancelled and next(calls) > 1
        assert db.admin("SELECT count(*) FROM parent_pin WHERE bulk_run IS NOT NULL") == [(0,)]
        one = letters.bulk_letters(ctx, principal, first_pdf, school_code="1001")
        two = letters.bulk_letters(ctx, principal, second_pdf, school_code="1001")
        link = extra[0].link_ids[0]
        assert verify(ctx, principal, link).passed
        done = handover.hand_over(ctx, principal, link)
    assert wire.seen == [], wire.seen[:3]
    # Verified guardians without a live PIN: the homeroom family's and the three new ones.
    assert (one.letters, one.new_pins, one.reused_pins) == (4, 4, 0)
    assert (two.letters, two.new_pins, two.reused_pins) == (4, 0, 4)
    held = db.admin(
        "SELECT id, link_id, letter_number, key_id, ciphertext, bulk_run, status, "
        "issued_by_id = (SELECT id FROM staff WHERE username = %s) FROM parent_pin "
        "WHERE bulk_run IS NOT NULL ORDER BY id",
        principal.username,
    )
    assert len(held) == 4 and all(r[7] for r in held)
    assert {r[5] for r in held} == {one.run_id}
    assert [r[6] for r in held if r[1] == link] == ["active"]  # handed over
    assert done.pin_id == next(r[0] for r in held if r[1] == link)
    texts = [
        " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        for pdf in (first_pdf, second_pdf)
    ]
    for pin_id, link_id, number, key_id, blob, *_ in held:
        plain = parse_pin(wctx.keys.decrypt(key_id, bytes(blob), pin_aad(pin_id, link_id)))
        for body in texts:  # the same PIN and letter number in both runs
            assert plain.display in body and number in body
    assert db.admin(
        "SELECT batch, count(*), count(DISTINCT pin_id) FROM pin_disclosure "
        "WHERE batch IS NOT NULL GROUP BY batch ORDER BY min(id)"
    ) == [(one.run_id, 4, 4), (two.run_id, 4, 4)]
    rows = [r for r in _rows_since(db, start) if r[2] in ("pin_bulk_issue", "letters_bulk")]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        (principal.username, "letters_bulk", "failed"),
        (principal.username, "pin_bulk_issue", "success"),
        (principal.username, "letters_bulk", "success"),
        (principal.username, "letters_bulk", "success"),
    ]
    assert all(r[5].startswith("db:") for r in rows)
    import json

    cancelled, issued, run1, run2 = (json.loads(r[6]) for r in rows)
    assert (cancelled["reason"], cancelled["run_id"]) == ("cancelled", gone.run_id)
    assert issued == {"channel": "print", "new_pin_count": 4, "run_id": one.run_id,
                      "state": "held"}  # fmt: skip
    assert (run1["run_id"], run1["letter_count"], run1["new_pin_count"]) == (one.run_id, 4, 4)
    assert (run2["run_id"], run2["reused_pin_count"], run2["file_name"]) == (
        two.run_id, 4, "bulk2.pdf",
    )  # fmt: skip
    db.assert_audit_intact()


@pytest.mark.postgres
def test_office_tasks_run_as_the_person(district: dict, monkeypatch) -> None:
    """Adding staff accounts (with their login roles), the school profile and ``audit
    verify`` over the person's own connection: each act's rows are the functions', the
    person's; a refused profile change leaves one denied row; nothing goes over the
    workstation's connection."""
    from ppdesk.services import settings_service, staff

    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    clerk_ctx, clerk = _signed_in(district, "office")
    me = principal.username
    new_dir, new_pw = db.login_name("new_dir"), db.login_name("new_pw")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    with _Tripwire(district["ctx"].uow.engine) as wire:
        # No login kind named: with personal logins a directory login, or a SCRAM one with
        # the first password.
        a = staff.add_staff(
            ctx, principal, username=new_dir, display_name="New Dir", password=None,
            school_code="1001",
        )  # fmt: skip
        b = staff.add_staff(
            ctx, principal, username=new_pw, display_name="New Pw",
            password="correct horse battery", school_code="1001", email="np@example.org",
        )  # fmt: skip
        profile = settings_service.school_profile(ctx, principal, "1001")
        saved = settings_service.save_school_profile(
            ctx, principal, replace(profile, phone="555-0199", pin_expiry_days=14)
        )
        assert (saved.phone, saved.pin_expiry_days) == ("555-0199", 14)
        # The clerk: refused by the desk's own check, then with that check skipped (a
        # tampered program) by the database; one denied row each, nothing changed.
        with pytest.raises(PermissionDenied):
            settings_service.save_school_profile(clerk_ctx, clerk, replace(saved, name="X"))
        monkeypatch.setattr(settings_service, "require", lambda *a, **k: None)
        with pytest.raises(PermissionDenied):
            settings_service.save_school_profile(clerk_ctx, clerk, replace(saved, name="X"))
        monkeypatch.undo()
        report = audit_trail.verify_audit_trail(ctx, principal)
    assert wire.seen == [], wire.seen[:3]
    assert report.intact, report.describe()
    assert report.scope == ("1001",) and report.macs_checked
    # The functions' rows are appended with no MAC (no key in the database); the desk
    # countersigned each after its commit (docs/audit.md): none is left unsigned.
    assert report.unsigned_db_rows == 0, report.describe()
    assert db.admin(
        "SELECT count(*) FROM audit_event WHERE seq > %s AND row_mac IS NULL", start
    ) == [(0,)]
    assert "not checked" in report.describe()
    rows = _rows_since(db, start)
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (me, "staff_add", "success", str(a.id)),
        (me, "login_create", "success", str(a.id)),
        (me, "staff_add", "success", str(b.id)),
        (me, "login_create", "success", str(b.id)),
        (me, "school_profile_update", "success", "1001"),
        (clerk.username, "school_profile_update", "denied", "1001"),
        (clerk.username, "school_profile_update", "denied", "1001"),
        (me, "audit_verify", "success", None),
    ]
    assert all(w.startswith("db:") for *_x, w, _d in rows)
    assert rows[4][-1] == '{"expiry_days":14,"fields":["phone","pin_expiry_days"]}'
    assert '"reason":"not_profile_editor"' in rows[6][-1] and "database" in rows[6][-1]
    assert '"chains":["1001"]' in rows[-1][-1]
    assert db.admin(
        "SELECT username, password_hash, email FROM staff WHERE id IN (%s, %s) ORDER BY id",
        a.id,
        b.id,
    ) == [(new_dir, None, None), (new_pw, None, "np@example.org")]
    logins = db.admin(
        "SELECT rolname, rolcanlogin, coalesce(left(rolpassword, 14), '') FROM pg_authid "
        "WHERE rolname IN (%s, %s) ORDER BY rolname",
        new_dir,
        new_pw,
    )
    assert logins == [(new_dir, True, ""), (new_pw, True, "SCRAM-SHA-256$")]
    assert db.admin("SELECT name, phone FROM school WHERE code = '1001'")[0][1] == "555-0199"
    assert db.admin("SELECT name FROM school WHERE code = '1001'") == [(saved.name,)]
    # The other school's principal checks their own chain only.
    oak_ctx, oak_principal = _signed_in(district, "oak_principal")
    oak = audit_trail.verify_audit_trail(oak_ctx, oak_principal)
    assert oak.intact and oak.scope == ("2002",)
    db.assert_audit_intact()


@pytest.mark.postgres
def test_a_persons_verify_finds_a_rewritten_row_of_their_chain_only(district: dict) -> None:
    """A row of Maple's chain rewritten by the database owner (triggers off): Maple's
    principal is told the trail is broken there; Oak's principal, who cannot see Maple's
    chain, is told only that Oak's chains are intact, naming them."""
    db = district["db"]
    ctx, principal = _signed_in(district, "principal")
    oak_ctx, oak_principal = _signed_in(district, "oak_principal")
    (seq,) = db.admin("SELECT max(seq) FROM audit_event WHERE school_id = %s", district["maple"])[0]
    db.admin(
        "ALTER TABLE audit_event DISABLE TRIGGER USER; "
        f"UPDATE audit_event SET target_id = 'forged' WHERE seq = {seq}; "
        "ALTER TABLE audit_event ENABLE TRIGGER USER"
    )
    report = audit_trail.verify_audit_trail(ctx, principal)
    assert not report.intact and report.first_bad_seq == seq, report.describe()
    oak = audit_trail.verify_audit_trail(oak_ctx, oak_principal)
    assert oak.intact and oak.scope == ("2002",), oak.describe()
    assert "2002" in oak.describe() and "not checked" in oak.describe()
    rows = db.admin(
        "SELECT actor, outcome, details FROM audit_event WHERE action = 'audit_verify' ORDER BY seq"
    )
    assert [(a, o) for a, o, _d in rows] == [
        (principal.username, "failed"),
        (oak_principal.username, "success"),
    ]
    assert f'"first_bad_seq":{seq}' in rows[0][2]


@pytest.mark.postgres
def test_staff_add_from_the_cli_runs_as_the_person(district: dict) -> None:
    """``ppdesk staff add ... --directory -u principal`` with personal logins on: the CLI
    signs in as the principal and the account and its login are made by add_staff and
    create_login, two rows, the principal's, written in the database."""
    from click.testing import CliRunner

    from ppdesk import bootstrap
    from ppdesk.cli.main import main

    db = district["db"]
    me = district["names"]["principal"]
    new = db.login_name("cli_clerk")
    bootstrap.db_person_logins(db.url, mode="on")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    done = CliRunner().invoke(
        main,
        ["--database", db.url, "staff", "add", new, "--name", "Cli Clerk", "--school", "1001",
         "--directory", "-u", me],
        env={"PPDESK_PASSWORD": "directory password"},
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    (staff_id,) = db.admin("SELECT id FROM staff WHERE username = %s", new)[0]
    rows = _rows_since(db, start)
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (me, "login", "success", rows[0][4]),
        (me, "staff_add", "success", str(staff_id)),
        (me, "login_create", "success", str(staff_id)),
    ]
    assert all(r[5].startswith("db:") for r in rows)
    assert db.admin("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", new) == [(True,)]
    # A clerk may not: refused by the desk, one denied row, no account.
    clerk = district["names"]["office"]
    other = db.login_name("cli_other")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    refused = CliRunner().invoke(
        main,
        ["--database", db.url, "staff", "add", other, "--name", "Other", "--school", "1001",
         "--directory", "-u", clerk],
        env={"PPDESK_PASSWORD": "directory password"},
    )  # fmt: skip
    assert refused.exit_code != 0
    assert db.admin("SELECT count(*) FROM staff WHERE username = %s", other) == [(0,)]
    assert [(r[1], r[2], r[3]) for r in _rows_since(db, start)] == [
        (clerk, "login", "success"),
        (clerk, "staff_add", "denied"),
    ]


@pytest.mark.postgres
def test_a_roster_export_shows_the_pins_through_export_roster_pins_as_the_person(
    district: dict, tmp_path
) -> None:
    """The principal's roster export as the person: the PIN cells are the PINs the
    database stores (export_roster_pins: one export disclosure per active PIN of the
    school, the export's roster_export row); read back with openpyxl. Oak's PINs are not
    in it; the office clerk may not export (the service refuses, one denied row)."""
    import openpyxl

    from ppdesk.services import roster

    db = district["db"]
    wctx = district["ctx"]
    ctx, principal = _signed_in(district, "principal")
    c_ctx, clerk = _signed_in(district, "office")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]
    out = tmp_path / "roster.xlsx"
    with _Tripwire(wctx.uow.engine) as wire:
        summary = roster.export_roster(ctx, principal, out, school_code="1001")
        with pytest.raises(PermissionDenied):
            roster.export_roster(c_ctx, clerk, tmp_path / "c.xlsx", school_code="1001")
    assert wire.seen == [], wire.seen[:3]
    active = db.admin(
        "SELECT p.id, p.link_id, p.key_id, p.ciphertext, s.school_id FROM parent_pin p "
        "JOIN student s ON s.id = p.student_id WHERE p.status = 'active' ORDER BY p.id"
    )
    maple = [r for r in active if r[4] == district["maple"]]
    oak = [r for r in active if r[4] != district["maple"]]
    assert maple and oak and summary.pins_disclosed == len(maple)
    cells = {
        str(c.value)
        for row in openpyxl.load_workbook(out).worksheets[0].iter_rows()
        for c in row
        if c.value is not None
    }
    assert "Unavailable" not in cells
    for pin_id, link_id, key_id, blob, _school in active:
        shown = parse_pin(wctx.keys.decrypt(key_id, bytes(blob), pin_aad(pin_id, link_id)))
        assert (shown.display in cells) == (pin_id in {r[0] for r in maple}), pin_id
    assert db.admin(
        "SELECT pin_id, staff_id = (SELECT id FROM staff WHERE username = %s) "
        "FROM pin_disclosure WHERE channel = 'export' ORDER BY pin_id",
        principal.username,
    ) == [(r[0], True) for r in maple]
    rows = [r for r in _rows_since(db, start) if r[2] == "roster_export"]
    assert [(r[1], r[3], r[4]) for r in rows] == [
        (principal.username, "success", "1001"),
        (clerk.username, "denied", "1001"),
    ], rows
    import json

    details = json.loads(rows[0][6])
    assert details["pin_count"] == len(maple) and details["channel"] == "export"
    assert rows[0][5].startswith("db:")
    db.assert_audit_intact()


@pytest.mark.postgres
def test_the_roster_search_reads_the_views_as_the_person(district: dict) -> None:
    """A roster search word long enough for the trigram indexes: over a personal login the
    candidates come from the views (the per-student ``roster_search`` table has none, and
    the person's role has no privilege on it); the rows are those of the person's schools
    that hold the word, as the workstation's connection reads them."""
    from ppdesk.services import roster
    from ppdesk.services.roster import RosterView

    ctx, principal = _signed_in(district, "principal")
    everything = roster.roster_rows(district["ctx"], district["principal"], school_code=None)
    expected = sorted(
        (r.student_key, r.link_id) for r in everything if "núñez" in r.student_last_name.casefold()
    )
    page = roster.roster_page(ctx, principal, RosterView(search="núñez", sort="first_name"))
    assert expected and sorted((r.student_key, r.link_id) for r in page.rows) == expected
    assert page.total == len(expected)
    assert district["oak_family"].student_id not in {r.student_key for r in page.rows}
