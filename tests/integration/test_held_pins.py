"""Held bulk PINs (issue 14) on SQLite and PostgreSQL: a bulk letter's PIN does not link
until the letter is handed over at the counter after a passed checklist."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from ppdesk.adapters.db.models import ParentPin, RedemptionAttempt, School
from ppdesk.domain.errors import (
    Conflict,
    NotFound,
    PinUnavailable,
    ValidationError,
    VerificationRequired,
)
from ppdesk.domain.letter_number import HELD_PIN_MESSAGE
from ppdesk.domain.pin import parse_pin
from ppdesk.domain.roles import Role
from ppdesk.domain.text import fold
from ppdesk.services import handover, letters, pins, redemption
from tests.support.family import make_family, right_answers
from tests.support.flows import verify
from tests.support.seed import staff_with_role

LETTER_NUMBER = re.compile(r"^L-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _rows(runtime) -> list:
    with runtime.engine.connect() as conn:
        return list(conn.execute(select(ParentPin).order_by(ParentPin.id)))


def _display(app, pin_id: int) -> str:
    with app.uow(readonly=True) as uow:
        return pins.decrypt(app, uow.pins.get(pin_id)).display


def _failed_attempts(runtime, number: str) -> int:
    with runtime.engine.connect() as conn:
        return len(
            list(
                conn.execute(
                    select(RedemptionAttempt).where(
                        RedemptionAttempt.student_number == number,
                        RedemptionAttempt.outcome == "failed",
                    )
                )
            )
        )


def _audit(app, action: str) -> list[tuple[str, dict]]:
    """(outcome, details) of each audit row of ``action``, oldest first."""
    with app.uow(readonly=True) as uow:
        return [(a.outcome, json.loads(a.details)) for a in uow.audit.query(action=action)]


@pytest.fixture
def run(app, runtime, tmp_path):
    """A grade-4 family, a bulk run by the principal: one held letter."""
    principal = staff_with_role(app, Role.PRINCIPAL)
    fam = make_family(app, guardians=1)
    result = letters.bulk_letters(app, principal, tmp_path / "bulk.pdf")
    assert (result.letters, result.new_pins) == (1, 1)
    (row,) = _rows(runtime)
    return fam, principal, row


def test_bulk_run_issues_held_pins_with_letter_numbers_and_audits_the_count(
    app, runtime, run, tmp_path
) -> None:
    _fam, _principal, row = run
    assert row.status == "held" and row.verification_id is None and row.ciphertext is not None
    assert LETTER_NUMBER.match(row.letter_number)
    display = _display(app, row.id)
    assert parse_pin(display).canonical not in row.letter_number.replace("-", "")
    from pypdf import PdfReader

    text = "".join(
        "".join((page.extract_text() or "").split())
        for page in PdfReader(tmp_path / "bulk.pdf").pages
    )
    assert row.letter_number in text and "".join(display.split()) in text
    assert "identificaciónconfoto" in text  # the Spanish activation sentence
    assert "Graciasporverificar" not in text
    ((_, bulk),) = _audit(app, "pin_bulk_issue")
    assert bulk["new_pin_count"] == 1 and bulk["state"] == "held"
    assert display not in str(bulk)


def test_a_held_pin_is_refused_at_redemption_and_counted_as_a_failure(app, runtime, run) -> None:
    fam, _principal, row = run
    display = _display(app, row.id)
    with pytest.raises(redemption.PinNotActivated) as refused:
        redemption.redeem(
            app, student_number=fam.student_number, dob=fam.dob, pin_text=display, email="a@b.org"
        )
    assert str(refused.value) == HELD_PIN_MESSAGE
    assert display not in str(refused.value)
    assert _failed_attempts(runtime, fam.student_number) == 1
    outcome, refusal = _audit(app, "pin_redeem")[-1]
    assert outcome == "failed" and refusal["reason"] == "held"
    # The wrong date of birth with the held PIN: the plain mismatch, nothing about held.
    with pytest.raises(redemption.RedemptionFailed) as wrong:
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=date(2010, 1, 1),
            pin_text=display,
            email="a@b.org",
        )
    assert not isinstance(wrong.value, redemption.PinNotActivated)
    assert _failed_attempts(runtime, fam.student_number) == 2
    assert _rows(runtime)[0].status == "held"


def test_held_redemptions_lock_like_wrong_pins(app, runtime, run) -> None:
    fam, _principal, row = run
    display = _display(app, row.id)
    for _ in range(redemption.MAX_FAILED_REDEMPTIONS):
        with pytest.raises(redemption.PinNotActivated):
            redemption.redeem(
                app, student_number=fam.student_number, dob=fam.dob, pin_text=display, email="a@b.c"
            )
    from ppdesk.domain.errors import RedemptionLocked

    with pytest.raises(RedemptionLocked):
        redemption.redeem(
            app, student_number=fam.student_number, dob=fam.dob, pin_text=display, email="a@b.c"
        )


def test_cli_link_refuses_a_held_pin_then_links_after_the_hand_over(
    app, runtime, run, monkeypatch
) -> None:
    from ppdesk.cli.main import main

    fam, _principal, row = run
    display = _display(app, row.id)
    args = [
        "--database",
        runtime.url,
        "link",
        "--student-id",
        fam.student_number,
        "--dob",
        fam.dob.isoformat(),
        "--pin",
        display,
        "--email",
        "maria@example.org",
    ]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code != 0 and HELD_PIN_MESSAGE in " ".join(refused.output.split())
    assert display not in refused.output
    assert _failed_attempts(runtime, fam.student_number) == 1
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    assert verify(app, paa, fam.link_ids[0]).passed
    done = handover.hand_over(app, paa, fam.link_ids[0])
    assert done.letter_number == row.letter_number and done.pin_id == row.id
    linked = CliRunner().invoke(main, args)
    assert linked.exit_code == 0, linked.output
    again = CliRunner().invoke(main, args)
    assert again.exit_code != 0  # single use
    assert _rows(runtime)[0].status == "redeemed"


def test_hand_over_needs_a_passed_verification_and_a_failed_one_leaves_it_held(
    app, runtime, run
) -> None:
    fam, _principal, _row = run
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    with pytest.raises(VerificationRequired):
        handover.hand_over(app, paa, fam.link_ids[0])
    wrong = right_answers(dob="1/1/2001", student_name="someone else")
    for _attempt in range(3):
        outcome = verify(app, paa, fam.link_ids[0], answers=wrong)
        assert not outcome.passed
        with pytest.raises(VerificationRequired):
            handover.hand_over(app, paa, fam.link_ids[0])
        assert _rows(runtime)[0].status == "held"
    assert outcome.guardian_locked  # three failures lock, as for any verification
    from ppdesk.domain.errors import GuardianLocked

    with pytest.raises(GuardianLocked):
        verify(app, paa, fam.link_ids[0])
    denied = _audit(app, "pin_handover")
    assert denied and all(outcome == "denied" for outcome, _ in denied)


def test_hand_over_makes_the_same_pin_live_and_records_who_how_and_which_id(
    app, runtime, run
) -> None:
    fam, _principal, row = run
    display = _display(app, row.id)
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    outcome = verify(app, paa, fam.link_ids[0])
    done = handover.hand_over(app, paa, fam.link_ids[0])
    after = _rows(runtime)[0]
    assert after.status == "active" and after.handed_over_by_id == paa.staff_id
    assert after.verification_id == outcome.verification_id and after.handed_over_at is not None
    assert _display(app, row.id) == display  # same PIN, no reprint
    (entry,) = [d for o, d in _audit(app, "pin_handover") if o == "success"]
    assert entry["verification_id"] == outcome.verification_id
    assert entry["mode"] == "in_person" and entry["id_type"]
    assert entry["letter_number"] == row.letter_number
    assert display not in str(entry)
    assert done.still_held == ()
    with pytest.raises(PinUnavailable, match="already handed over"):
        handover.hand_over(app, paa, fam.link_ids[0])
    redemption.redeem(
        app, student_number=fam.student_number, dob=fam.dob, pin_text=display, email="m@e.org"
    )


def test_find_letter_by_typed_or_scanned_number(app, runtime, run) -> None:
    fam, _principal, row = run
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    typed = row.letter_number.lower().replace("-", " ")
    found = handover.find_letter(app, paa, typed)
    assert found is not None and found.link_id == fam.link_ids[0]
    assert found.status == "held" and found.student_number == fam.student_number
    assert handover.find_letter(app, paa, "Maria Nunez") is None  # not a letter number
    with pytest.raises(NotFound):
        handover.find_letter(app, paa, "L-0000-0000")
    office = staff_with_role(app, Role.OFFICE_STAFF)
    with pytest.raises(NotFound):  # office staff do not run the checklist
        handover.find_letter(app, office, row.letter_number)


def test_a_guardian_with_several_children_activates_each_letter_after_its_own_questions(
    app, runtime, tmp_path
) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    older = make_family(app, first="Ana", last="Núñez", grade="4", guardians=1)
    younger = make_family(
        app, first="Luis", last="Núñez", grade="2", guardians=0, dob=date(2017, 6, 1)
    )
    with app.uow() as uow:  # the same mother, linked to the younger child too
        uow.people.bulk_insert(
            "guardian_link",
            [
                {
                    "student_id": younger.student_id,
                    "guardian_id": older.guardian_ids[0],
                    "relationship": "Mother",
                    "verified_legal_guardian": True,
                    "verified_source": "sis",
                }
            ],
        )
        uow.people.bulk_insert(
            "emergency_contact",
            [{"student_id": younger.student_id, "name": "Ana Torres", "phone": "818-555-0199"}],
        )
        links = [link.id for link, _ in uow.people.links_of_student(younger.student_id)]
        uow.commit()
    result = letters.bulk_letters(app, principal, tmp_path / "two.pdf")
    assert result.new_pins == 2
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    held = handover.held_letters(app, paa, older.guardian_ids[0])
    assert {h.student_number for h in held} == {older.student_number, younger.student_number}
    assert verify(app, paa, older.link_ids[0], answers=right_answers(student_name="Ana Nunez"))
    first = handover.hand_over(app, paa, older.link_ids[0])
    assert [h.student_number for h in first.still_held] == [younger.student_number]
    # The younger child's questions have not been asked: that letter stays held.
    with pytest.raises(VerificationRequired):
        handover.hand_over(app, paa, links[0])
    younger_answers = right_answers(dob="6/1/2017", student_name="Luis Nunez", grade="2")
    assert verify(app, paa, links[0], answers=younger_answers).passed
    second = handover.hand_over(app, paa, links[0])
    assert second.still_held == ()
    assert {r.status for r in _rows(runtime)} == {"active"}
    assert fold("Núñez") == "nunez"


def test_counter_issue_with_a_held_letter_asks_to_hand_it_over_or_reissue(
    app, runtime, run
) -> None:
    fam, _principal, row = run
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    assert verify(app, paa, fam.link_ids[0]).passed
    with pytest.raises(Conflict, match=row.letter_number):
        pins.issue_pin(app, paa, fam.link_ids[0])
    new = pins.reissue_pin(app, paa, fam.link_ids[0], reason="letter lost")
    old, fresh = _rows(runtime)
    assert old.status == "revoked" and old.ciphertext is None
    assert fresh.status == "active" and fresh.letter_number is None and fresh.id == new.pin_id


def test_bulk_run_never_reprints_a_live_pin_and_reprints_a_held_letter(
    app, runtime, run, tmp_path
) -> None:
    _fam, principal, row = run
    live = make_family(app, first="Bea", last="Ortiz", guardians=1)
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    assert verify(app, paa, live.link_ids[0], answers=right_answers(student_name="Bea Ortiz"))
    pins.issue_pin(app, paa, live.link_ids[0])
    plan = letters.plan_bulk(app, principal)
    assert (plan.letters, plan.new_pins_needed, plan.existing_pins, plan.skipped_live) == (
        1,
        0,
        1,
        1,
    )
    again = letters.bulk_letters(app, principal, tmp_path / "again.pdf")
    assert (again.letters, again.new_pins, again.reused_pins) == (1, 0, 1)
    held = [r for r in _rows(runtime) if r.status == "held"]
    assert [(r.id, r.letter_number) for r in held] == [(row.id, row.letter_number)]
    ((_, last),) = _audit(app, "letters_bulk")[-1:]
    assert last["skipped_live_count"] == 1


def test_a_held_pin_expires_like_any_other(app, runtime, run) -> None:
    fam, _principal, row = run
    with runtime.engine.begin() as conn:
        conn.execute(
            update(ParentPin)
            .where(ParentPin.id == row.id)
            .values(expires_at=row.issued_at - timedelta(days=1))
        )
    assert pins.sweep_expired(app) == 1
    (after,) = _rows(runtime)
    assert after.status == "expired" and after.ciphertext is None
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    assert verify(app, paa, fam.link_ids[0]).passed
    with pytest.raises(PinUnavailable):
        handover.hand_over(app, paa, fam.link_ids[0])


def test_bulk_letters_switched_off_refuses_the_run(app, runtime, tmp_path) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    make_family(app, guardians=1)
    with runtime.engine.begin() as conn:
        conn.execute(update(School).values(bulk_letters_enabled=False))
    with pytest.raises(ValidationError, match="switched off"):
        letters.bulk_letters(app, principal, tmp_path / "off.pdf")
    assert _rows(runtime) == []


# -- roster, outreach, settings (points 6 and 7) -------------------------------------------


def test_roster_screen_and_export_show_a_held_pin_as_held_never_the_pin(
    app, runtime, run, tmp_path
) -> None:
    import openpyxl

    from ppdesk.services import roster

    fam, principal, row = run
    display = _display(app, row.id)
    (entry,) = [
        e
        for e in roster.roster_rows(app, principal, school_code="1001")
        if e.link_id == fam.link_ids[0]
    ]
    assert entry.pin_status == "held" and entry.parent_pin == "Held, not handed over"
    assert entry.pin_expires is not None
    summary = roster.export_roster(app, principal, tmp_path / "roster.xlsx", school_code="1001")
    assert summary.pins_disclosed == 0
    sheet = openpyxl.load_workbook(tmp_path / "roster.xlsx").worksheets[0]
    cells = [str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None]
    assert "Held, not handed over" in cells
    assert not any(display in c or parse_pin(display).canonical in c for c in cells)


def test_outreach_lists_held_letters_and_flags_those_older_than_the_schools_days(
    app, runtime, run
) -> None:
    from ppdesk.services import reports

    fam, principal, row = run
    (fresh,) = [r for r in reports.outreach_list(app, principal) if r.link_id == fam.link_ids[0]]
    assert fresh.pin_status == "held" and fresh.reason == "Bulk letter printed, not handed over yet"
    with runtime.engine.begin() as conn:  # printed 8 days ago (expiry pushed out with it)
        conn.execute(
            update(ParentPin)
            .where(ParentPin.id == row.id)
            .values(
                issued_at=row.issued_at - timedelta(days=8),
                expires_at=row.expires_at + timedelta(days=8),
            )
        )
    (old,) = [r for r in reports.outreach_list(app, principal) if r.link_id == fam.link_ids[0]]
    assert old.reason.startswith("Bulk letter not handed over for 7 days or more")
    with runtime.engine.begin() as conn:
        conn.execute(update(School).values(outreach_days=10))
    (later,) = [r for r in reports.outreach_list(app, principal) if r.link_id == fam.link_ids[0]]
    assert later.reason == "Bulk letter printed, not handed over yet"


def test_a_principal_switches_bulk_letters_off_audited_and_only_a_principal_may(
    app, runtime, tmp_path
) -> None:
    from dataclasses import replace

    from ppdesk.domain.errors import PermissionDenied
    from ppdesk.services import settings_service

    principal = staff_with_role(app, Role.PRINCIPAL)
    make_family(app, guardians=1)
    profile = settings_service.school_profile(app, principal, "1001")
    assert profile.bulk_letters_enabled and profile.outreach_days == 7
    ap = staff_with_role(app, Role.ASSISTANT_PRINCIPAL)
    with pytest.raises(PermissionDenied):
        settings_service.save_school_profile(app, ap, replace(profile, bulk_letters_enabled=False))
    saved = settings_service.save_school_profile(
        app, principal, replace(profile, bulk_letters_enabled=False, outreach_days=14)
    )
    assert not saved.bulk_letters_enabled and saved.outreach_days == 14
    outcome, details = _audit(app, "school_profile_update")[-1]
    assert outcome == "success" and details["bulk_letters_enabled"] is False
    assert details["outreach_days"] == 14
    with pytest.raises(ValidationError, match="switched off"):
        letters.plan_bulk(app, principal)
    with pytest.raises(ValidationError, match="Outreach"):
        settings_service.save_school_profile(app, principal, replace(saved, outreach_days=0))
