"""PIN lifecycle: concurrency, collisions, storage, disclosure, expiry (SECURITY.md 4-6, 23, 36, 37)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text, update

from ppdesk.adapters.db.models import ParentPin, PinDisclosure
from ppdesk.domain import pin as pin_domain
from ppdesk.domain.errors import Conflict, PinUnavailable, SecretsUnavailable, StepUpRequired
from ppdesk.domain.roles import Role
from ppdesk.services import pins
from tests.support.family import make_family
from tests.support.flows import verify, verify_and_issue
from tests.support.seed import staff_with_role


def _rows(engine, model) -> list:
    with engine.connect() as conn:
        return list(conn.execute(select(model)))


def test_issue_records_hash_ciphertext_disclosure_and_audit(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    assert len(issued.display) == 11 and issued.display[3] == "-"
    assert issued.display not in repr(issued)
    (row,) = _rows(runtime.engine, ParentPin)
    assert row.status == "active" and row.ciphertext and row.verification_id
    assert pin_domain.parse_pin(issued.display).canonical not in row.pin_hash
    (disclosure,) = _rows(runtime.engine, PinDisclosure)
    assert disclosure.channel == "screen"
    with app.uow(readonly=True) as uow:
        event = uow.audit.query(action="pin_issue")[-1]
    assert event.outcome == "success" and f'"pin_id":{row.id}' in event.details
    assert '"verification_id"' in event.details


def test_retry_with_same_request_id_returns_the_same_pin(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    request = str(uuid.uuid4())
    first = verify_and_issue(app, paa, fam.link_ids[0], request_id=request)
    again = pins.issue_pin(app, paa, fam.link_ids[0], request_id=request)
    assert again.display == first.display and again.pin_id == first.pin_id
    assert len(_rows(runtime.engine, ParentPin)) == 1


def test_sixteen_threads_sixteen_guardians_sixteen_distinct_pins(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    families = [make_family(app, guardians=1) for _ in range(16)]
    for fam in families:
        assert verify(app, paa, fam.link_ids[0]).passed
    barrier = threading.Barrier(16)
    results: list[object] = []
    errors: list[BaseException] = []

    def work(link_id: int) -> None:
        try:
            barrier.wait()
            results.append(pins.issue_pin(app, paa, link_id))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f.link_ids[0],)) for f in families]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len({r.display for r in results}) == 16
    assert len(_rows(runtime.engine, ParentPin)) == 16
    with app.uow(readonly=True) as uow:
        assert len(uow.audit.query(action="pin_issue")) == 16


def test_eight_threads_same_guardian_leave_exactly_one_active_pin(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    assert verify(app, paa, fam.link_ids[0]).passed
    barrier = threading.Barrier(8)
    ok: list[object] = []
    refused: list[BaseException] = []

    def work() -> None:
        barrier.wait()
        try:
            ok.append(pins.issue_pin(app, paa, fam.link_ids[0]))
        except Conflict as exc:
            refused.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ok) == 1 and len(refused) == 7
    active = [r for r in _rows(runtime.engine, ParentPin) if r.status == "active"]
    assert len(active) == 1


def test_forced_generator_collision_is_retried(app, runtime, monkeypatch) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    a, b = make_family(app), make_family(app)
    first = verify_and_issue(app, paa, a.link_ids[0])
    fresh = pin_domain.generate_pin()
    queue = [pin_domain.parse_pin(first.display), fresh]
    monkeypatch.setattr(pins, "generate_pin", lambda: queue.pop(0))
    second = verify_and_issue(app, paa, b.link_ids[0])
    assert second.display == fresh.display and not queue


def test_collisions_beyond_the_retry_limit_give_a_clear_error_and_no_rows(
    app, runtime, monkeypatch
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    a, b = make_family(app), make_family(app)
    first = verify_and_issue(app, paa, a.link_ids[0])
    monkeypatch.setattr(pins, "generate_pin", lambda: pin_domain.parse_pin(first.display))
    with pytest.raises(Conflict, match="try again"):
        verify_and_issue(app, paa, b.link_ids[0])
    assert len(_rows(runtime.engine, ParentPin)) == 1


def test_database_dump_contains_no_pin_in_any_form(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    issued = [verify_and_issue(app, paa, make_family(app).link_ids[0]) for _ in range(3)]
    forms = set()
    for d in issued:
        canonical = pin_domain.parse_pin(d.display).canonical
        forms |= {canonical, canonical.lower(), d.display, d.display.lower(), canonical[:8]}
    dump = []
    with runtime.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    dump.append(
                        value.hex() if isinstance(value, bytes | memoryview) else str(value)
                    )
    blob = "\n".join(dump)
    assert not [f for f in forms if f in blob]


def test_ciphertext_copied_to_another_row_fails_to_decrypt(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    a, b = make_family(app), make_family(app)
    verify_and_issue(app, paa, a.link_ids[0])
    verify_and_issue(app, paa, b.link_ids[0])
    with runtime.engine.begin() as conn:
        blob_a = conn.execute(
            select(ParentPin.ciphertext).where(ParentPin.link_id == a.link_ids[0])
        ).scalar_one()
        conn.execute(
            update(ParentPin).where(ParentPin.link_id == b.link_ids[0]).values(ciphertext=blob_a)
        )
    with pytest.raises(PinUnavailable):
        pins.reveal_pin(app, paa, b.link_ids[0])


def test_revoked_pin_loses_its_ciphertext_and_cannot_be_revealed(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    verify_and_issue(app, paa, fam.link_ids[0])
    pins.revoke_pin(app, paa, fam.link_ids[0], reason="letter lost")
    (row,) = _rows(runtime.engine, ParentPin)
    assert row.status == "revoked" and row.ciphertext is None
    with pytest.raises(PinUnavailable):
        pins.reveal_pin(app, paa, fam.link_ids[0])


def test_reissue_revokes_the_old_pin(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    old = verify_and_issue(app, paa, fam.link_ids[0])
    new = pins.reissue_pin(app, paa, fam.link_ids[0], reason="parent lost the letter")
    assert new.display != old.display
    statuses = sorted(r.status for r in _rows(runtime.engine, ParentPin))
    assert statuses == ["active", "revoked"]


def test_expired_pin_is_expired_not_revealable_and_can_be_reissued(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    verify_and_issue(app, paa, fam.link_ids[0])
    with runtime.engine.begin() as conn:
        conn.execute(update(ParentPin).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    with pytest.raises(PinUnavailable, match="expired"):
        pins.reveal_pin(app, paa, fam.link_ids[0])
    (row,) = _rows(runtime.engine, ParentPin)
    assert row.status == "expired" and row.ciphertext is None
    assert pins.issue_pin(app, paa, fam.link_ids[0]).display


def test_reveal_needs_a_recent_login(app) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    verify_and_issue(app, paa, fam.link_ids[0])
    later = app.clock() + timedelta(minutes=16)
    app.clock = lambda: later
    with pytest.raises(StepUpRequired):
        pins.reveal_pin(app, paa, fam.link_ids[0])


def test_without_keys_pin_features_fail_closed(app, runtime, memory_keyring) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    assert verify(app, paa, fam.link_ids[0]).passed
    memory_keyring.store.clear()  # the keys are gone from this workstation's keyring
    app.keys, app.keys_problem = None, "no secure keyring"
    with pytest.raises(SecretsUnavailable, match="no PIN keys"):
        pins.issue_pin(app, paa, fam.link_ids[0])
    assert _rows(runtime.engine, ParentPin) == []


def test_office_staff_and_teacher_cannot_issue(app) -> None:
    from ppdesk.domain.errors import PermissionDenied

    fam = make_family(app)
    for role in (Role.OFFICE_STAFF, Role.TEACHER, Role.DISTRICT_ADMIN):
        session = staff_with_role(app, role)
        with pytest.raises(PermissionDenied):
            pins.issue_pin(app, session, fam.link_ids[0])
