"""Service rules on the in-memory unit of work: who may act where, the verification
window of PIN issue and reveal, and the PIN lifecycle, without a database, in milliseconds.

The same rules are tested on both databases in tests/integration (test_role_matrix,
test_verification, test_pins); these tests pin down the services' own logic, including
cells and boundaries the database tests do not reach (the exact end of the window, scope
by local district). The expected cells are written out here, not read from
``ppdesk.domain.roles``: a change to the code's matrix must fail this test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from ppdesk.domain.audit import Outcome
from ppdesk.domain.errors import Conflict, PermissionDenied, PinUnavailable, VerificationRequired
from ppdesk.domain.pin import parse_pin
from ppdesk.domain.roles import Permission, Role
from ppdesk.services import access, letter_selection, pins
from ppdesk.services.context import AppContext
from ppdesk.services.ports import SchoolRecord, StaffRecord
from ppdesk.services.records import LinkRow
from tests.support.memory_rules import NOW, session_of
from tests.support.memory_uow import MemoryDatabase

WINDOW = timedelta(minutes=30)  # reference guide: a verification unlocks the PIN for 30 min


def allowed(db: MemoryDatabase, staff: StaffRecord, school: SchoolRecord) -> bool:
    with db(readonly=True) as uow:
        return access.allowed(uow, session_of(staff), Permission.MANAGE_PIN, school)


# -- scope: which schools a grant covers ---------------------------------------------------


def test_a_grant_covers_its_school_its_local_district_or_every_school(db: MemoryDatabase) -> None:
    north_a = db.add_school("101", local_district="North")
    north_b = db.add_school("102", local_district="North")
    south = db.add_school("201", local_district="South")
    at_school = db.add_staff("school_paa")
    db.grant(at_school, Role.PARENT_ACCESS_ADMIN, school=north_a)
    in_district = db.add_staff("north_principal")
    db.grant(in_district, Role.PRINCIPAL, local_district="North")
    everywhere = db.add_staff("district_principal")
    db.grant(everywhere, Role.PRINCIPAL)

    cells = {
        (who.username, school.code): allowed(db, who, school)
        for who in (at_school, in_district, everywhere)
        for school in (north_a, north_b, south)
    }

    assert cells == {
        ("school_paa", "101"): True,
        ("school_paa", "102"): False,
        ("school_paa", "201"): False,
        ("north_principal", "101"): True,
        ("north_principal", "102"): True,
        ("north_principal", "201"): False,
        ("district_principal", "101"): True,
        ("district_principal", "102"): True,
        ("district_principal", "201"): True,
    }


def test_a_revoked_grant_or_a_deactivated_account_holds_nothing(db: MemoryDatabase) -> None:
    school = db.add_school("101")
    revoked = db.add_staff("revoked")
    grant = db.grant(revoked, Role.PRINCIPAL, school=school)
    inactive = db.add_staff("inactive", active=False)
    db.grant(inactive, Role.PRINCIPAL, school=school)
    assert allowed(db, revoked, school)
    with db() as uow:
        uow.grants.revoke(grant.id, revoked_by_id=1, revoked_at=NOW, reason="left")
        uow.commit()

    assert not allowed(db, revoked, school)
    assert not allowed(db, inactive, school)


# -- the role matrix of PIN issue and reveal --------------------------------------------------

# DESIGN.md "Roles", row "issue, reissue, revoke, reveal a PIN for one guardian"; a district
# administrator manages the district, not PINs (README "Roles").
MANAGE_PIN = {
    Role.PRINCIPAL: True,
    Role.ASSISTANT_PRINCIPAL: True,
    Role.PARENT_ACCESS_ADMIN: True,
    Role.OFFICE_STAFF: False,
    Role.TEACHER: False,
    Role.DISTRICT_ADMIN: False,
}


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_issue_and_reveal_follow_the_role_matrix(
    db: MemoryDatabase, ctx: AppContext, role: Role
) -> None:
    assert set(MANAGE_PIN) == set(Role)  # a new role must get its cell here
    school = db.add_school("101", local_district="North")
    link = db.add_family(school)
    actor = db.add_staff("actor")
    db.grant(actor, role, school=school)
    db.add_verification(link, actor, completed_at=NOW - timedelta(minutes=5))
    session = session_of(actor)

    if MANAGE_PIN[role]:
        issued = pins.issue_pin(ctx, session, link.id)
        shown = pins.reveal_pin(ctx, session, link.id)
        assert parse_pin(shown.display).canonical == parse_pin(issued.display).canonical
        assert [r.entry.action for r in db.tables.audit] == ["pin_issue", "pin_reveal"]
        assert [d.pin_id for d in db.tables.disclosures] == [issued.pin_id] * 2
        return
    for act, action in ((pins.issue_pin, "pin_issue"), (pins.reveal_pin, "pin_reveal")):
        with pytest.raises(PermissionDenied):
            act(ctx, session, link.id)
        denial = db.tables.audit[-1]
        assert (denial.entry.action, denial.entry.outcome) == (action, Outcome.DENIED)
        assert denial.entry.details == {"permission": "manage_pin"}
        assert denial.actor_staff_id == actor.id
    assert len(db.tables.audit) == 2  # one row per refusal, nothing else
    assert db.tables.pins == {} and db.tables.disclosures == []


def test_a_grant_at_another_school_does_not_open_this_one(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    here = db.add_school("101", local_district="North")
    there = db.add_school("201", local_district="South")
    link = db.add_family(here)
    actor = db.add_staff("elsewhere")
    db.grant(actor, Role.PRINCIPAL, school=there)
    db.add_verification(link, actor, completed_at=NOW - timedelta(minutes=1))

    with pytest.raises(PermissionDenied):
        pins.issue_pin(ctx, session_of(actor), link.id)

    assert [(r.entry.action, r.entry.school_id) for r in db.tables.audit] == [
        ("pin_issue", here.id)
    ]
    assert db.tables.pins == {}


# -- the verification window ------------------------------------------------------------------


@pytest.fixture
def counter(db: MemoryDatabase) -> tuple[SchoolRecord, StaffRecord]:
    school = db.add_school("101")
    paa = db.add_staff("paa")
    db.grant(paa, Role.PARENT_ACCESS_ADMIN, school=school)
    return school, paa


@pytest.mark.parametrize(
    ("age", "issued"),
    [
        (timedelta(0), True),
        (WINDOW - timedelta(seconds=1), True),
        (WINDOW, True),  # the window includes its last instant
        (WINDOW + timedelta(microseconds=1), False),
        (timedelta(hours=5), False),
    ],
    ids=["just-now", "29m59s", "30m-exactly", "30m-and-a-microsecond", "5h"],
)
def test_a_pin_is_issued_only_within_30_minutes_of_the_actors_passed_verification(
    db: MemoryDatabase,
    ctx: AppContext,
    counter: tuple[SchoolRecord, StaffRecord],
    age: timedelta,
    issued: bool,
) -> None:
    school, paa = counter
    link = db.add_family(school)
    verification = db.add_verification(link, paa, completed_at=NOW - age)

    if issued:
        pin = pins.issue_pin(ctx, session_of(paa), link.id)
        assert db.tables.pins[pin.pin_id].verification_id == verification.id
        assert db.tables.pins[pin.pin_id].status == "active"
        return
    with pytest.raises(VerificationRequired):
        pins.issue_pin(ctx, session_of(paa), link.id)
    assert db.tables.pins == {}
    (denial,) = db.tables.audit
    assert (denial.entry.action, denial.entry.outcome) == ("pin_issue", Outcome.DENIED)
    assert denial.entry.details == {"reason": "VerificationRequired"}


def test_only_the_newest_passed_verification_of_the_actor_counts(
    db: MemoryDatabase, ctx: AppContext, counter: tuple[SchoolRecord, StaffRecord]
) -> None:
    school, paa = counter
    colleague = db.add_staff("colleague")
    db.grant(colleague, Role.PARENT_ACCESS_ADMIN, school=school)
    link = db.add_family(school)
    db.add_verification(link, paa, completed_at=NOW - timedelta(hours=2))
    db.add_verification(link, paa, completed_at=NOW - timedelta(minutes=1), outcome="failed")
    db.add_verification(link, colleague, completed_at=NOW - timedelta(minutes=1))

    # A colleague's fresh pass and the actor's own fresh failure do not unlock the PIN.
    with pytest.raises(VerificationRequired):
        pins.issue_pin(ctx, session_of(paa), link.id)

    db.add_verification(link, paa, completed_at=NOW - timedelta(minutes=10))
    pins.issue_pin(ctx, session_of(paa), link.id)


def test_a_reveal_needs_the_window_too_and_the_clock_moves_it(
    db: MemoryDatabase, ctx: AppContext, counter: tuple[SchoolRecord, StaffRecord]
) -> None:
    school, paa = counter
    link = db.add_family(school)
    db.add_verification(link, paa, completed_at=NOW)
    issued = pins.issue_pin(ctx, session_of(paa), link.id)

    db.now = NOW + WINDOW  # still inside: shown again
    again = pins.reveal_pin(ctx, session_of(paa, at=db.now), link.id)
    assert again.pin_id == issued.pin_id

    db.now = NOW + WINDOW + timedelta(seconds=1)
    with pytest.raises(VerificationRequired):
        pins.reveal_pin(ctx, session_of(paa, at=db.now), link.id)
    assert [r.entry.action for r in db.tables.audit] == ["pin_issue", "pin_reveal", "pin_reveal"]
    assert db.tables.audit[-1].entry.outcome == Outcome.DENIED


def test_a_pin_read_out_by_phone_needs_a_video_verification(
    db: MemoryDatabase, ctx: AppContext, counter: tuple[SchoolRecord, StaffRecord]
) -> None:
    school, paa = counter
    link = db.add_family(school)
    db.add_verification(link, paa, completed_at=NOW - timedelta(minutes=2), mode="in_person")

    with pytest.raises(VerificationRequired, match="video"):
        pins.issue_pin(ctx, session_of(paa), link.id, channel="phone")

    db.add_verification(link, paa, completed_at=NOW - timedelta(minutes=1), mode="video")
    pin = pins.issue_pin(ctx, session_of(paa), link.id, channel="phone")
    assert pin.phonetic


# -- the PIN lifecycle ------------------------------------------------------------------------


def test_one_outstanding_pin_per_guardian_and_a_reissue_revokes_the_old_one(
    db: MemoryDatabase, ctx: AppContext, counter: tuple[SchoolRecord, StaffRecord]
) -> None:
    school, paa = counter
    link = db.add_family(school)
    db.add_verification(link, paa, completed_at=NOW - timedelta(minutes=3))
    first = pins.issue_pin(ctx, session_of(paa), link.id)

    with pytest.raises(Conflict, match="already has an active PIN"):
        pins.issue_pin(ctx, session_of(paa), link.id)
    second = pins.reissue_pin(ctx, session_of(paa), link.id, reason="lost the letter")

    old, new = db.tables.pins[first.pin_id], db.tables.pins[second.pin_id]
    assert (old.status, old.ciphertext, old.ended_at) == ("revoked", None, NOW)
    assert new.status == "active" and new.ciphertext is not None
    assert parse_pin(second.display).canonical != parse_pin(first.display).canonical
    rows = [(r.entry.action, r.entry.outcome) for r in db.tables.audit]
    assert rows == [
        ("pin_issue", Outcome.SUCCESS),
        ("pin_issue", Outcome.FAILED),  # the refused second issue, after its rollback
        ("pin_reissue", Outcome.SUCCESS),
    ]
    assert db.tables.audit[-1].entry.details is not None
    assert db.tables.audit[-1].entry.details["replaced_pin_id"] == first.pin_id


def test_a_retry_with_the_same_request_id_discloses_the_same_pin_again(
    db: MemoryDatabase, ctx: AppContext, counter: tuple[SchoolRecord, StaffRecord]
) -> None:
    school, paa = counter
    link = db.add_family(school)
    db.add_verification(link, paa, completed_at=NOW)

    first = pins.issue_pin(ctx, session_of(paa), link.id, request_id="req-1")
    again = pins.issue_pin(ctx, session_of(paa), link.id, request_id="req-1")

    assert again.pin_id == first.pin_id and again.display == first.display
    assert len(db.tables.pins) == 1 and len(db.tables.disclosures) == 2
    assert db.tables.audit[-1].entry.details == {
        "pin_id": first.pin_id,
        "channel": "screen",
        "retry": True,
    }


def test_an_expired_pin_is_swept_cannot_be_shown_and_a_new_one_needs_no_reissue(
    db: MemoryDatabase, ctx: AppContext, counter: tuple[SchoolRecord, StaffRecord]
) -> None:
    school, paa = counter
    link = db.add_family(school)
    db.add_verification(link, paa, completed_at=NOW)
    first = pins.issue_pin(ctx, session_of(paa), link.id)
    assert first.expires_at == NOW + timedelta(days=21)  # the default lifetime

    db.now = first.expires_at  # expired from its expiry moment on
    db.add_verification(link, paa, completed_at=db.now)
    with pytest.raises(PinUnavailable, match="expired"):
        pins.reveal_pin(ctx, session_of(paa, at=db.now), link.id)
    assert db.tables.pins[first.pin_id].status == "expired"
    assert db.tables.pins[first.pin_id].ciphertext is None

    second = pins.issue_pin(ctx, session_of(paa, at=db.now), link.id)
    assert db.tables.pins[second.pin_id].status == "active"


def test_a_revoke_needs_no_verification_and_ends_the_pin_once(
    db: MemoryDatabase, ctx: AppContext, counter: tuple[SchoolRecord, StaffRecord]
) -> None:
    school, paa = counter
    link = db.add_family(school)
    db.add_verification(link, paa, completed_at=NOW)
    issued = pins.issue_pin(ctx, session_of(paa), link.id)
    db.now = NOW + timedelta(hours=3)  # the verification is long past

    pins.revoke_pin(ctx, session_of(paa, at=db.now), link.id, reason="custody change")
    with pytest.raises(PinUnavailable):
        pins.revoke_pin(ctx, session_of(paa, at=db.now), link.id, reason="again")

    row = db.tables.pins[issued.pin_id]
    assert (row.status, row.ciphertext, row.ended_at) == ("revoked", None, db.now)
    assert db.tables.audit[-1].entry.details == {
        "pin_id": issued.pin_id,
        "reason": "custody change",
        "was": "active",
    }


# -- which guardians a bulk letter run chooses ------------------------------------------------


def family(
    db: MemoryDatabase,
    school: SchoolRecord,
    last: str,
    *,
    homeroom: str | None = "12",
    verified: bool = True,
    **guardian: object,
) -> LinkRow:
    link = db.add_family(school, verified=verified)
    t = db.tables
    t.students[link.student_id] = replace(
        t.students[link.student_id], last_name=last, homeroom=homeroom
    )
    t.guardians[link.guardian_id] = replace(t.guardians[link.guardian_id], **guardian)
    return link


def test_a_letter_run_chooses_who_needs_a_letter_and_says_why_the_others_not(
    db: MemoryDatabase,
) -> None:
    school = db.add_school("101")
    plain = family(db, school, "Adams", preferred_language="es")
    family(db, school, "Baker", verified=False)
    family(db, school, "Chen", registered_portal_email="chen@example.net")
    family(db, school, "Diaz", verification_locked_at=NOW - timedelta(days=1))
    live = family(db, school, "Evans")
    db.add_pin(live, status="active", expires_at=NOW + timedelta(days=3))
    stale = family(db, school, "Fox", preferred_language="fr")
    db.add_pin(stale, status="active", expires_at=NOW)  # expired, not swept yet
    held = family(db, school, "Gray", homeroom=None)
    held_pin = db.add_pin(held, status="held", expires_at=NOW + timedelta(days=9))
    linked = family(db, school, "Hill")
    db.add_pin(linked, status="redeemed", expires_at=NOW + timedelta(days=9))

    with db(readonly=True) as uow:
        sel = letter_selection.select_letters(
            uow,
            school,
            grade=None,
            homeroom=None,
            unregistered_only=True,
            language=None,
            available=["en", "es"],
            lock=False,
        )

    chosen = [(c.student.last_name, c.held_pin, c.language) for c in sel.chosen]
    assert chosen == [
        ("Adams", None, "es"),
        ("Fox", None, "en"),  # no French template: English; its expired PIN is replaced
        ("Gray", held_pin, "es"),  # a held letter is printed again; no homeroom comes last
    ]
    skipped = (
        sel.skipped_not_verified,
        sel.skipped_registered,
        sel.skipped_locked,
        sel.skipped_live,
        sel.skipped_already_linked,
    )
    assert skipped == (1, 1, 1, 1, 1)
    assert plain.id == sel.chosen[0].link.id


def test_registered_guardians_get_a_letter_unless_only_unregistered_are_asked_for(
    db: MemoryDatabase,
) -> None:
    school = db.add_school("101")
    family(db, school, "Chen", registered_portal_email="chen@example.net")

    def run(unregistered_only: bool) -> int:
        with db(readonly=True) as uow:
            sel = letter_selection.select_letters(
                uow,
                school,
                grade=None,
                homeroom=None,
                unregistered_only=unregistered_only,
                language="es",
                available=["en", "es"],
                lock=False,
            )
        assert all(c.language == "es" for c in sel.chosen)  # a forced language wins
        return len(sel.chosen)

    assert (run(True), run(False)) == (0, 1)
