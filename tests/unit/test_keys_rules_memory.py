"""Creating and recovering the PIN keys, on the in-memory unit of work and key store.

Key recovery is the way back when no workstation has the database's keys: it needs key
management at every school, is refused while this workstation's keys work and for a
database that never had keys, and then revokes every outstanding PIN (listed for reissue),
removes the stored student PINs, claims the new keys' fingerprint and audits each PIN.
tests/integration/test_keys_recovery.py keeps the same service on both databases with the
real key store.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from ppdesk.domain.audit import Outcome
from ppdesk.domain.errors import PermissionDenied, ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import keys
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.keys import RECOVER_REASON
from ppdesk.services.ports import SchoolRecord
from tests.support.memory_rules import NOW, session_of
from tests.support.memory_uow import MemoryDatabase, MemoryKeyStore

LATER = NOW + timedelta(days=9)


@pytest.fixture
def store(db: MemoryDatabase) -> MemoryKeyStore:
    return MemoryKeyStore(db)


@pytest.fixture
def ctx(db: MemoryDatabase, store: MemoryKeyStore) -> AppContext:
    """A workstation without the keys (``keys`` None): they were lost."""
    return AppContext(uow=db, workstation="desk-1", key_store=store, clock=lambda: db.now)


def admin(db: MemoryDatabase, role: Role = Role.DISTRICT_ADMIN, **where: object) -> StaffSession:
    member = db.add_staff(f"admin{len(db.tables.staff)}")
    db.grant(member, role, **where)  # type: ignore[arg-type]
    return session_of(member)


def family(db: MemoryDatabase, school: SchoolRecord, last: str, number: str):  # type: ignore[no-untyped-def]
    link = db.add_family(school)
    t = db.tables
    student = t.students[link.student_id]
    t.students[student.id] = replace(student, last_name=last, student_number=number)
    return link


def lost_keys(db: MemoryDatabase) -> None:
    db.tables.meta["key_fingerprint"] = "fingerprint of keys nobody has any more"


def test_recovery_revokes_every_outstanding_pin_lists_them_and_claims_new_keys(
    db: MemoryDatabase, ctx: AppContext, store: MemoryKeyStore
) -> None:
    north, south = db.add_school("101"), db.add_school("201")
    lost_keys(db)
    session = admin(db)
    active = db.add_pin(family(db, south, "Adams", "S2"), status="active", expires_at=LATER)
    held = db.add_pin(family(db, north, "Baker", "S9"), status="held", expires_at=LATER)
    other = db.add_pin(family(db, north, "Chen", "S1"), status="active", expires_at=LATER)
    redeemed = db.add_pin(family(db, north, "Diaz", "S3"), status="redeemed", expires_at=LATER)
    db.tables.student_pins = {active.student_id: ("k-old", b"sealed"), 99: ("k-old", b"x")}

    recovery = keys.recover_keys(ctx, session, reason="the keyring was wiped")

    # School by school, then by student number: the list the office reissues from.
    assert [p.pin_id for p in recovery.revoked] == [other.id, held.id, active.id]
    assert recovery.revoked[0].student_name == "Chen, Ana"
    pins = db.tables.pins
    assert {pins[p.id].status for p in (active, held, other)} == {"revoked"}
    assert pins[redeemed.id].status == "redeemed"
    assert recovery.student_pins_cleared == 2 and db.tables.student_pins == {}
    [material] = store.stored
    assert recovery.key_id == material.current_key_id
    assert db.tables.meta["key_fingerprint"] == store.fingerprint(material)
    assert ctx.keys is not None and ctx.keys.current_key_id == material.current_key_id
    entries = [row.entry for row in db.tables.audit]
    # The recovery's row first: `audit verify` checks signatures again from it on, so the
    # revokes after it are checked with the new keys.
    assert [(e.action, e.target_id) for e in entries] == [
        ("keys_recover", None),
        *(("pin_revoke", str(p.link_id)) for p in recovery.revoked),
    ]
    assert all(e.details["reason"] == RECOVER_REASON for e in entries[1:])
    assert entries[0].details == {
        "key_id": material.current_key_id,
        "stored_in": "memory key store",
        "revoked_pins_count": 3,
        "student_pins_cleared_count": 2,
        "reason": "the keyring was wiped",
    }


def test_recovery_needs_key_management_at_every_school(
    db: MemoryDatabase, ctx: AppContext, store: MemoryKeyStore
) -> None:
    north = db.add_school("101", local_district="North")
    db.add_school("201", local_district="South")
    lost_keys(db)
    pin = db.add_pin(db.add_family(north), status="active", expires_at=LATER)
    for session in (
        admin(db, local_district="North"),  # a local district's administrator
        admin(db, Role.PRINCIPAL, school=north),  # a school's principal
    ):
        with pytest.raises(PermissionDenied) as refused:
            keys.recover_keys(ctx, session, reason="lost")
        assert refused.value.code == "keys.recover_district_only"
    with pytest.raises(PermissionDenied):  # office staff may not manage keys at all
        keys.recover_keys(ctx, admin(db, Role.OFFICE_STAFF, school=north), reason="lost")
    denials = [(row.entry.action, row.entry.outcome) for row in db.tables.audit]
    assert denials == [("keys_recover", Outcome.DENIED)] * 3
    assert db.tables.pins[pin.id].status == "active" and store.stored == []


def test_recovery_is_refused_while_the_keys_work_or_when_there_never_were_any(
    db: MemoryDatabase, ctx: AppContext, store: MemoryKeyStore
) -> None:
    school = db.add_school("101")
    session = admin(db)
    pin = db.add_pin(db.add_family(school), status="active", expires_at=LATER)

    with pytest.raises(ValidationError) as never:
        keys.recover_keys(ctx, session, reason="lost")
    assert never.value.code == "keys.never_created"

    keys.init_keys(ctx, session)  # this workstation now holds the database's keys
    ctx.keys = None  # as after a restart: the key store still has them
    with pytest.raises(ValidationError) as working:
        keys.recover_keys(ctx, session, reason="lost")
    assert working.value.code == "keys.nothing_to_recover"
    assert ctx.keys is not None  # reloaded from the store on the way
    assert db.tables.pins[pin.id].status == "active" and len(store.stored) == 1
    with pytest.raises(ValidationError) as again:
        keys.init_keys(ctx, session)
    assert again.value.code == "keys.already_exist"


def test_a_recovery_that_fails_before_its_commit_leaves_the_store_as_it_was(
    db: MemoryDatabase, ctx: AppContext, store: MemoryKeyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = db.add_school("101")
    lost_keys(db)
    session = admin(db)
    pin = db.add_pin(db.add_family(school), status="active", expires_at=LATER)

    def crash(self: object) -> None:
        raise OSError("database went away")

    monkeypatch.setattr("tests.support.memory_uow.MemoryUnitOfWork.commit", crash)
    with pytest.raises(OSError, match="went away"):
        keys.recover_keys(ctx, session, reason="lost")
    monkeypatch.undo()
    # Nothing claimed the new keys: the store forgets them, and the database is unchanged.
    assert store.stored == [] and len(store.forgotten) == 1
    assert db.tables.pins[pin.id].status == "active"
    assert db.tables.meta["key_fingerprint"] == "fingerprint of keys nobody has any more"
    assert ctx.keys is None
