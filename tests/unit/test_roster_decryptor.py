"""RosterDecryptor: database rows to roster rows, converted a batch at a time.

Real key material and AES-GCM; the sources are synthetic ``RosterSource`` tuples laid out
so that a student's two guardians straddle every batch boundary.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ppdesk.adapters.crypto import PinCrypto
from ppdesk.adapters.secrets import PinKeyMaterial
from ppdesk.domain.letters import use_by_day
from ppdesk.domain.pin import generate_pin
from ppdesk.domain.reports import RosterSource
from ppdesk.services.pins import aad
from ppdesk.services.roster import BATCH, UNAVAILABLE, RosterDecryptor

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SCHOOL_ZONE = ZoneInfo("America/Los_Angeles")


class CountingKeys:
    """The real PinCrypto, counting decryptions (to see each student's PIN read once)."""

    def __init__(self, crypto: PinCrypto) -> None:
        self.crypto = crypto
        self.calls = 0

    def decrypt(self, key_id: str | None, blob: bytes | None, aad_: bytes) -> str:
        self.calls += 1
        return self.crypto.decrypt(key_id, blob, aad_)


def sources(crypto: PinCrypto, count: int) -> tuple[list[RosterSource], dict[int, Any]]:
    """``count`` links, two per student (link i belongs to student (i + 1) // 2), every
    third link with an active PIN, every seventh student without a student PIN."""
    out: list[RosterSource] = []
    expected: dict[int, Any] = {}
    student_pins: dict[int, str | None] = {}
    for link_id in range(count):
        student = (link_id + 1) // 2
        if student not in student_pins:
            student_pins[student] = None if student % 7 == 0 else f"{student % 1_000_000:06d}"
        s_pin = student_pins[student]
        s_key, s_blob = (
            crypto.encrypt(s_pin, f"ppdesk/student_pin/{student}".encode())
            if s_pin
            else (None, None)
        )
        pin_id = status = p_key = p_blob = expires = None
        shown = None
        if link_id % 3 == 0:
            pin = generate_pin()
            pin_id, status, expires = 10_000 + link_id, "active", NOW + timedelta(days=3)
            p_key, p_blob = crypto.encrypt(pin.canonical, aad(pin_id, link_id))
            shown = pin.display
        out.append(
            RosterSource(
                "S1", student, f"{student:07d}", f"Last{student}", "First", "5", "Room 1",
                None, None, s_key, s_blob, link_id, "G", f"Guardian{link_id}", "Mother",
                True, pin_id, status, expires, p_key, p_blob, None, "555-0100", None, None, "es",
            )
        )  # fmt: skip
        expected[link_id] = (s_pin, shown, pin_id)
    return out, expected


def test_rows_across_batch_boundaries_decrypt_each_student_once() -> None:
    crypto = PinCrypto(PinKeyMaterial.generate())
    count = 2 * BATCH + 501  # three batches, the last one short
    batch, expected = sources(crypto, count)
    keys = CountingKeys(crypto)
    decryptor = RosterDecryptor(keys, NOW, SCHOOL_ZONE)

    rows = list(decryptor.rows(iter(batch)))

    assert len(rows) == count
    for link_id, row in enumerate(rows):
        s_pin, shown, _ = expected[link_id]
        assert row.guardian_name == f"G Guardian{link_id}"
        assert row.student_pin == s_pin
        assert row.parent_pin == shown
        assert row.pin_status == ("active" if shown else None)
        assert row.preferred_language == "Spanish"
    students_with_pin = {(i + 1) // 2 for i in range(count) if ((i + 1) // 2) % 7}
    active = [pin_id for s_pin, shown, pin_id in expected.values() if shown]
    # Each student's PIN once, although link 2k-1 and 2k sit in different batches when
    # 2k-1 ends one: plus one decryption per active Parent Portal PIN.
    assert keys.calls == len(students_with_pin) + len(active)
    assert list(decryptor.pin_ids) == active
    assert decryptor.student_pins == sum(1 for s, _, _ in expected.values() if s)
    assert decryptor.unavailable == 0


def test_a_pin_that_does_not_decrypt_is_unavailable_and_not_disclosed() -> None:
    crypto = PinCrypto(PinKeyMaterial.generate())
    (first,), _ = sources(crypto, 1)
    other_key = PinCrypto(PinKeyMaterial.generate())
    # The Parent Portal PIN under a key this workstation lacks; the student PIN is another
    # student's (its associated data names student 999).
    _, foreign = other_key.encrypt(generate_pin().canonical, aad(first.pin_id or 0, 0))
    key_id, moved = crypto.encrypt("123456", b"ppdesk/student_pin/999")
    broken = first._replace(
        pin_ciphertext=foreign, student_pin_key_id=key_id, student_pin_ciphertext=moved
    )
    decryptor = RosterDecryptor(crypto, NOW, SCHOOL_ZONE)

    (row,) = decryptor.convert([broken])

    assert row.parent_pin is None and row.pin_status == "active"
    assert row.student_pin == UNAVAILABLE
    assert decryptor.unavailable == 2
    assert list(decryptor.pin_ids) == []


def test_expired_and_past_pins() -> None:
    crypto = PinCrypto(PinKeyMaterial.generate())
    (first,), _ = sources(crypto, 1)
    past = NOW - timedelta(minutes=1)
    redeemed = first._replace(pin_status="redeemed", pin_expires_at=past)
    decryptor = RosterDecryptor(crypto, NOW, SCHOOL_ZONE)

    lapsed, done = decryptor.convert([first._replace(pin_expires_at=past), redeemed])

    # The roster shows the PIN's "use by" day, the date the letter printed (issue 18, point 4).
    use_by = use_by_day(past, SCHOOL_ZONE)
    assert (lapsed.pin_status, lapsed.parent_pin, lapsed.pin_expires) == ("expired", None, use_by)
    assert (done.pin_status, done.parent_pin, done.pin_expires) == ("redeemed", None, None)
    assert list(decryptor.pin_ids) == []


def test_a_naive_expiry_is_refused_not_guessed() -> None:
    """The database hands back aware UTC on both engines (models.UtcDateTime); a naive time
    reaching the rule is a bug, and domain.pin.effective_status says so."""
    crypto = PinCrypto(PinKeyMaterial.generate())
    (first,), _ = sources(crypto, 1)
    naive_past = (NOW - timedelta(minutes=1)).replace(tzinfo=None)
    with pytest.raises(ValueError, match="timezone-aware"):
        RosterDecryptor(crypto, NOW, SCHOOL_ZONE).convert(
            [first._replace(pin_expires_at=naive_past)]
        )
