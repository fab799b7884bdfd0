"""Redemption as the portal does it: single use, rate limited per student, typos not counted."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import ParentPin
from ppdesk.domain import pin as pin_domain
from ppdesk.domain.errors import PinUnavailable, RedemptionLocked, ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import lookup, pins, redemption
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.seed import staff_with_role


def _typo(display: str) -> str:
    """Change the check symbol only: a PIN that is 'mistyped'."""
    canonical = pin_domain.parse_pin(display).canonical
    wrong = next(c for c in pin_domain.ALPHABET if c != canonical[-1])
    return canonical[:-1] + wrong


def _other_valid_pin() -> str:
    return pin_domain.generate_pin().display


def test_redeem_marks_redeemed_records_email_and_destroys_ciphertext(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    typed = issued.display.lower().replace("-", " ").replace("0", "o")
    result = redemption.redeem(
        app,
        student_number=fam.student_number,
        dob=fam.dob,
        pin_text=typed,
        email="maria@example.org",
    )
    assert result.student_number == fam.student_number
    with runtime.engine.connect() as conn:
        row = conn.execute(select(ParentPin)).one()
    assert row.status == "redeemed" and row.ciphertext is None
    view = lookup.student_view(app, paa, fam.student_id)
    g = next(g for g in view.guardians if g.link_id == fam.link_ids[0])
    assert g.registered_portal_email == "maria@example.org" and g.pin_status == "redeemed"
    with pytest.raises(PinUnavailable):
        pins.reveal_pin(app, paa, fam.link_ids[0])
    with pytest.raises(redemption.RedemptionFailed):  # single use
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text=issued.display,
            email="x@example.org",
        )


def test_wrong_dob_or_pin_fail_without_saying_which(app) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    with pytest.raises(redemption.RedemptionFailed) as wrong_dob:
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=date(2015, 4, 3),
            pin_text=issued.display,
            email="m@example.org",
        )
    with pytest.raises(redemption.RedemptionFailed) as wrong_pin:
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text=_other_valid_pin(),
            email="m@example.org",
        )
    assert str(wrong_dob.value) == str(wrong_pin.value)
    assert issued.display not in str(wrong_dob.value)


def test_a_pin_of_another_student_does_not_work(app) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    a, b = make_family(app), make_family(app, first="Ana")
    issued = verify_and_issue(app, paa, a.link_ids[0])
    with pytest.raises(redemption.RedemptionFailed):
        redemption.redeem(
            app,
            student_number=b.student_number,
            dob=b.dob,
            pin_text=issued.display,
            email="m@example.org",
        )


def test_lockout_after_ten_failures_typos_not_counted_and_staff_can_clear(app) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    for _ in range(15):  # typos: never counted
        with pytest.raises(pin_domain.PinChecksumError):
            redemption.redeem(
                app,
                student_number=fam.student_number,
                dob=fam.dob,
                pin_text=_typo(issued.display),
                email="m@example.org",
            )
    for _ in range(redemption.MAX_FAILED_REDEMPTIONS):
        with pytest.raises(redemption.RedemptionFailed):
            redemption.redeem(
                app,
                student_number=fam.student_number,
                dob=fam.dob,
                pin_text=_other_valid_pin(),
                email="m@example.org",
            )
    with pytest.raises(RedemptionLocked):  # even the right PIN is refused now
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text=issued.display,
            email="m@example.org",
        )
    assert lookup.student_view(app, paa, fam.student_id).redemption_locked
    assert redemption.clear_redemption_lock(app, paa, student_number=fam.student_number) == 10
    assert redemption.redeem(
        app,
        student_number=fam.student_number,
        dob=fam.dob,
        pin_text=issued.display,
        email="m@example.org",
    )


def test_staff_check_does_not_use_the_pin(app) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    check = redemption.check_pin(
        app, paa, student_number=fam.student_number, pin_text=issued.display
    )
    assert check.valid and check.status == "active" and check.guardian_name == "María Núñez"
    assert not redemption.check_pin(
        app, paa, student_number=fam.student_number, pin_text=_other_valid_pin()
    ).valid
    assert redemption.redeem(
        app,
        student_number=fam.student_number,
        dob=fam.dob,
        pin_text=issued.display,
        email="m@example.org",
    )
    assert (
        redemption.check_pin(
            app, paa, student_number=fam.student_number, pin_text=issued.display
        ).status
        == "redeemed"
    )


def test_a_student_pin_is_refused_as_a_parent_pin(app) -> None:
    fam = make_family(app)
    with pytest.raises(ValidationError, match="student"):
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text="123456",
            email="m@example.org",
        )


def test_bad_email_is_refused(app) -> None:
    fam = make_family(app)
    with pytest.raises(ValidationError, match="email"):
        redemption.redeem(
            app,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text="ABC-DEF-GH1",
            email="not an email",
        )
