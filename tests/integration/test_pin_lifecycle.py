"""A PIN's whole life, end to end through the services (SECURITY.md 25, 36, 37).

36: the configured expiry is the one issue uses; a PIN past it is shown as expired
(screen, roster, export), never printed again, and a new one can be issued after a
verification. 37: a redeemed or revoked PIN cannot be shown or reprinted, and its audit
trail stays. 25: without keys on the workstation, reveal and print fail closed.

Expiry is judged by the database clock (``uow.now()``), never the workstation's, so time
is moved on by moving the PIN and verification rows back (``time_passes``). Synthetic
data only; every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from ppdesk import bootstrap
from ppdesk.adapters.db.models import ParentPin, PinDisclosure, Verification
from ppdesk.adapters.xlsx.roster import ROSTER_COLUMNS, ROSTER_SHEET
from ppdesk.domain.errors import (
    PermissionDenied,
    PinUnavailable,
    SecretsUnavailable,
    ValidationError,
    VerificationRequired,
)
from ppdesk.domain.roles import Role
from ppdesk.services import letters, pins, redemption, roster, settings_service
from tests.support.family import make_family
from tests.support.flows import verify, verify_and_issue
from tests.support.seed import staff_with_role

EXPIRY_DAYS = 7  # not the default 21, so a test passes only if the setting is used
PIN_COLUMN = [title for title, _ in ROSTER_COLUMNS].index("Parent Portal PIN")
STATUS_COLUMN = [title for title, _ in ROSTER_COLUMNS].index("PIN Status")


# -- helpers -------------------------------------------------------------------------------


def utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite gives naive UTC


def time_passes(runtime, delta: timedelta) -> None:
    """Move the database's "now" on by ``delta`` for every PIN and verification."""
    tables = (
        (ParentPin, ("issued_at", "expires_at", "ended_at")),
        (Verification, ("started_at", "completed_at")),
    )
    with runtime.engine.begin() as conn:
        for model, cols in tables:
            for row in conn.execute(select(model.id, *(getattr(model, c) for c in cols))).all():
                values = {c: utc(v) - delta for c, v in zip(cols, row[1:], strict=True) if v}
                conn.execute(update(model).where(model.id == row[0]).values(**values))


def pin_rows(runtime) -> list:
    with runtime.engine.connect() as conn:
        return list(conn.execute(select(ParentPin).order_by(ParentPin.id)))


def disclosure_count(runtime) -> int:
    with runtime.engine.connect() as conn:
        return len(list(conn.execute(select(PinDisclosure.id))))


def audit_count(app, action: str, outcome: str = "success") -> int:
    with app.uow(readonly=True) as uow:
        return sum(1 for r in uow.audit.query(action=action) if r.outcome == outcome)


def pdf_text(path: Path) -> str:
    return "\n".join(
        unicodedata.normalize("NFC", p.extract_text() or "") for p in PdfReader(path).pages
    )


def active_display(app, link_id: int) -> str:
    with app.uow(readonly=True) as uow:
        return pins.decrypt(app, uow.pins.active_for_link(link_id)).display


def held_display(app, link_id: int) -> str:
    """The PIN of a bulk letter (held until the hand-over, issue 14)."""
    with app.uow(readonly=True) as uow:
        return pins.decrypt(app, uow.pins.held_for_link(link_id)).display


def set_expiry(app, session, days: int) -> None:
    """Save the school's PIN expiry as the Settings tab does (its school profile)."""
    profile = settings_service.school_profile(app, session, "1001")
    saved = settings_service.save_school_profile(
        app, session, replace(profile, pin_expiry_days=days)
    )
    assert saved.pin_expiry_days == days


def lifetime(row) -> timedelta:
    return utc(row.expires_at) - utc(row.issued_at)


# -- 36: expiry ----------------------------------------------------------------------------


def test_configured_expiry_is_used_by_counter_and_bulk_issue(app, runtime, tmp_path) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    principal = staff_with_role(app, Role.PRINCIPAL)
    set_expiry(app, principal, EXPIRY_DAYS)
    counter, bulk = make_family(app, guardians=1), make_family(app, guardians=1, grade="5")
    issued = verify_and_issue(app, paa, counter.link_ids[0])
    result = letters.bulk_letters(app, principal, tmp_path / "g5.pdf", grade="5")
    assert result.new_pins == 1
    by_link = {r.link_id: r for r in pin_rows(runtime)}
    assert lifetime(by_link[counter.link_ids[0]]) == timedelta(days=EXPIRY_DAYS)
    assert lifetime(by_link[bulk.link_ids[0]]) == timedelta(days=EXPIRY_DAYS)
    assert issued.expires_at == utc(by_link[counter.link_ids[0]].expires_at)


def test_the_expiry_is_the_schools_for_every_workstation_and_only_a_principal_sets_it(
    app, runtime, db_url
) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    ap = staff_with_role(app, Role.ASSISTANT_PRINCIPAL)
    set_expiry(app, principal, EXPIRY_DAYS)
    profile = settings_service.school_profile(app, ap, "1001")
    with pytest.raises(PermissionDenied):
        settings_service.save_school_profile(app, ap, replace(profile, pin_expiry_days=60))
    with pytest.raises(ValidationError, match="between 1 and 90 days"):
        settings_service.save_school_profile(app, principal, replace(profile, pin_expiry_days=91))
    with app.uow(readonly=True) as uow:
        events = [e for e in uow.audit.query(action="school_profile_update")]
    assert [e.outcome for e in events] == ["success", "denied"]
    update = json.loads(events[0].details)
    assert update == {"fields": ["pin_expiry_days"], "expiry_days": EXPIRY_DAYS}

    other = bootstrap.open_app(database=db_url)  # another workstation, its own settings file
    try:
        paa = staff_with_role(other.ctx, Role.PARENT_ACCESS_ADMIN)
        fam = make_family(other.ctx, guardians=1)
        verify_and_issue(other.ctx, paa, fam.link_ids[0])
    finally:
        other.close()
    (row,) = pin_rows(runtime)
    assert lifetime(row) == timedelta(days=EXPIRY_DAYS)


def test_expired_pin_is_shown_expired_not_printed_and_reissued_after_verification(
    app, runtime, tmp_path
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    principal = staff_with_role(app, Role.PRINCIPAL)
    set_expiry(app, principal, EXPIRY_DAYS)
    fam = make_family(app, guardians=1)
    link = fam.link_ids[0]
    old = verify_and_issue(app, paa, link)

    def screen_row():
        (row,) = roster.roster_rows(app, principal, school_code="1001")
        return row

    time_passes(runtime, timedelta(days=EXPIRY_DAYS - 1))
    assert (screen_row().pin_status, screen_row().parent_pin) == ("active", roster.PIN_MASK)
    time_passes(runtime, timedelta(days=1, minutes=1))
    # The screen counts it expired before anything has swept it.
    assert (screen_row().pin_status, screen_row().parent_pin) == ("expired", "Expired")

    # The verification of a week ago no longer unlocks anything: verify again first.
    with pytest.raises(VerificationRequired):
        pins.reissue_pin(app, paa, link, reason="expired")
    assert verify(app, paa, link).passed
    with pytest.raises(PinUnavailable, match="expired"):
        pins.reveal_pin(app, paa, link)
    out = tmp_path / "letter.pdf"
    with pytest.raises(PinUnavailable):
        letters.single_letter(app, paa, link, out)
    assert not out.exists()
    (row,) = pin_rows(runtime)
    assert row.status == "expired" and row.ciphertext is None

    sheet = tmp_path / "roster.xlsx"
    roster.export_roster(app, principal, sheet, school_code="1001")
    wb = openpyxl.load_workbook(sheet)
    (_header, line) = list(wb[ROSTER_SHEET].iter_rows(values_only=True))
    wb.close()
    assert (line[PIN_COLUMN], line[STATUS_COLUMN]) == ("Expired", "Expired")
    assert old.display not in [str(v) for v in line]

    new = pins.reissue_pin(app, paa, link, reason="expired")
    assert new.display != old.display
    assert [r.status for r in pin_rows(runtime)] == ["expired", "active"]
    assert lifetime(pin_rows(runtime)[1]) == timedelta(days=EXPIRY_DAYS)
    letters.single_letter(app, paa, link, out)
    text = pdf_text(out)
    assert new.display in text and old.display not in text
    assert audit_count(app, "pin_reissue") == 1


def test_bulk_run_never_prints_an_expired_pin_it_issues_a_new_one(app, runtime, tmp_path) -> None:
    """bulk_letters' documented rule: a guardian with no active PIN gets a new (held) one."""
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    principal = staff_with_role(app, Role.PRINCIPAL)
    set_expiry(app, principal, EXPIRY_DAYS)
    fam = make_family(app, guardians=1)
    old = verify_and_issue(app, paa, fam.link_ids[0])
    time_passes(runtime, timedelta(days=EXPIRY_DAYS, minutes=1))

    plan = letters.plan_bulk(app, principal)
    assert (plan.letters, plan.new_pins_needed, plan.existing_pins) == (1, 1, 0)
    out = tmp_path / "bulk.pdf"
    result = letters.bulk_letters(app, principal, out)
    assert (result.letters, result.new_pins, result.reused_pins) == (1, 1, 0)
    first, second = pin_rows(runtime)
    assert first.status == "expired" and first.ciphertext is None
    assert second.status == "held" and second.bulk_run == result.run_id
    text = pdf_text(out)
    assert old.display not in text
    assert held_display(app, fam.link_ids[0]) in text


# -- 37: redeemed and revoked --------------------------------------------------------------


def test_redeemed_and_revoked_pins_cannot_be_shown_or_reprinted_and_stay_audited(
    app, runtime, tmp_path
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    principal = staff_with_role(app, Role.PRINCIPAL)
    fam = make_family(app, guardians=3)  # the first two are verified legal guardians
    redeemed_link, revoked_link = fam.link_ids[0], fam.link_ids[1]
    to_redeem = verify_and_issue(app, paa, redeemed_link)
    to_revoke = verify_and_issue(app, paa, revoked_link)
    redemption.redeem(
        app,
        student_number=fam.student_number,
        dob=fam.dob,
        pin_text=to_redeem.display,
        email="maria.parent@example.org",
    )
    pins.revoke_pin(app, paa, revoked_link, reason="letter lost")
    assert [(r.status, r.ciphertext) for r in pin_rows(runtime)] == [
        ("redeemed", None),
        ("revoked", None),
    ]
    shown = disclosure_count(runtime)

    became = {
        "redeemed": "the parent already used the last one",
        "revoked": "the last one was revoked",
    }
    for link, status in ((redeemed_link, "redeemed"), (revoked_link, "revoked")):
        with pytest.raises(PinUnavailable, match=status):
            pins.reveal_pin(app, paa, link)
        out = tmp_path / f"{status}.pdf"
        with pytest.raises(PinUnavailable, match=f"no active PIN to print \\({became[status]}"):
            letters.single_letter(app, paa, link, out)
        assert not out.exists()
    assert disclosure_count(runtime) == shown

    # A bulk run skips the redeemed guardian and prints a new PIN for the revoked one.
    result = letters.bulk_letters(app, principal, tmp_path / "bulk.pdf")
    assert (result.letters, result.new_pins, result.reused_pins) == (1, 1, 0)
    text = pdf_text(tmp_path / "bulk.pdf")
    assert to_redeem.display not in text and to_revoke.display not in text
    assert held_display(app, revoked_link) in text

    assert audit_count(app, "pin_issue") == 2
    assert audit_count(app, "pin_redeem") == 1
    assert audit_count(app, "pin_revoke") == 1


# -- 25: no keys on this workstation -------------------------------------------------------


def test_without_keys_reveal_and_letters_fail_closed(
    app, runtime, memory_keyring, tmp_path
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    principal = staff_with_role(app, Role.PRINCIPAL)
    fam = make_family(app, guardians=3)  # link 0 gets a PIN; link 1 could get one in bulk
    verify_and_issue(app, paa, fam.link_ids[0])
    before_pins = [(r.id, r.status, r.ciphertext) for r in pin_rows(runtime)]
    before_disclosures = disclosure_count(runtime)
    memory_keyring.store.clear()  # the keys are gone from this workstation's keyring
    app.keys = None

    out = tmp_path / "letters"
    out.mkdir()
    calls = {
        "reveal": lambda: pins.reveal_pin(app, paa, fam.link_ids[0]),
        "single letter": lambda: letters.single_letter(app, paa, fam.link_ids[0], out / "1.pdf"),
        "bulk letters": lambda: letters.bulk_letters(app, principal, out / "all.pdf"),
    }
    for what, call in calls.items():
        with pytest.raises(SecretsUnavailable) as refused:
            call()
        message = str(refused.value)
        assert "no PIN keys" in message and "administrator" in message, what
        assert "Traceback" not in message and "Error" not in message, what
    assert app.keys is None
    assert list(out.iterdir()) == []
    assert [(r.id, r.status, r.ciphertext) for r in pin_rows(runtime)] == before_pins
    assert disclosure_count(runtime) == before_disclosures
    for action in ("pin_reveal", "letter_print", "letters_bulk", "pin_bulk_issue"):
        assert audit_count(app, action) == 0, action
