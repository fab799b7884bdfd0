"""Hand-over of held bulk letters at the desk (issue 14), pytest-qt on the demo database.

A barcode scanner types like a keyboard: the letter number and Enter into the search field.
The desk opens the student with the letter's guardian preselected and starts the checklist;
a passed checklist makes the same PIN live, a failed one leaves it held.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from ppdesk.domain.letter_number import HELD_PIN_MESSAGE
from tests.gui.helpers import (
    WAIT_MS,
    answer_questions,
    check_identity,
    correct_answers,
    counter_candidate,
    fill_photo_id,
    log_in,
    wait_outcome,
)


def _bulk_letter(rt: Any, tmp_path: Any) -> tuple[Any, Any, Any, str]:
    """A homeroom's bulk run by the principal; the candidate's held letter and its PIN."""
    from ppdesk.services import letters, pins
    from ppdesk.services.auth import PasswordAuthenticator
    from tests.gui.conftest import DEMO_PASSWORD

    summary, view = counter_candidate(rt)
    guardian = next(g for g in view.guardians if g.verified_legal_guardian and not g.locked)
    principal = PasswordAuthenticator(rt.ctx).login("principal", DEMO_PASSWORD)
    letters.bulk_letters(
        rt.ctx,
        principal,
        tmp_path / "bulk.pdf",
        school_code=view.school_code,
        grade=view.grade,
        homeroom=view.homeroom,
    )
    with rt.ctx.uow(readonly=True) as uow:
        row = uow.pins.held_for_link(guardian.link_id)
        display = pins.decrypt(rt.ctx, row).display
    return summary, view, row, display


def _status(rt: Any, pin_id: int) -> str:
    with rt.ctx.uow(readonly=True) as uow:
        return str(uow.pins.get(pin_id).status)


def _scan(qtbot: Any, window: Any, text: str) -> None:
    """What a USB scanner does: type the characters, then Enter."""
    edit = window.find_page.ui.queryEdit
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _redeem(rt: Any, view: Any, display: str) -> Any:
    from ppdesk.services import redemption

    return redemption.redeem(
        rt.ctx,
        student_number=view.student_number,
        dob=view.dob,
        pin_text=display,
        email="parent.handover@example.org",
    )


def test_scanned_letter_opens_the_checklist_and_a_pass_makes_the_same_pin_live(
    qtbot: Any, make_desk: Any, tmp_path: Any
) -> None:
    from ppdesk.services import redemption

    desk = make_desk()
    rt = desk.runtime
    summary, view, row, display = _bulk_letter(rt, tmp_path)
    with pytest.raises(redemption.PinNotActivated, match="not been activated"):
        _redeem(rt, view, display)

    window = log_in(qtbot, desk)
    _scan(qtbot, window, row.letter_number.lower())
    qtbot.waitUntil(
        lambda: bool(window.student_pages()) and window.student_pages()[0].wizard is not None,
        timeout=WAIT_MS,
    )
    page = window.student_pages()[0]
    assert page.view.student_id == summary.student_id
    assert page.current_guardian().link_id == row.link_id  # the guardian is preselected
    wizard = page.wizard
    assert wizard.handover and row.letter_number in wizard.windowTitle()
    qtbot.waitUntil(wizard.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.questions, timeout=WAIT_MS)
    answer_questions(qtbot, wizard, correct_answers(page.view))
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    outcome = wizard.outcome_page
    assert outcome.handed is not None and outcome.handed.pin_id == row.id
    assert outcome.ui.pinLabel.text() == row.letter_number  # the letter number, never the PIN
    assert display not in " ".join(
        w.text() for w in (outcome.ui.pinLabel, outcome.ui.expiryLabel, outcome.ui.passedHeadline)
    )
    assert _status(rt, row.id) == "active"
    from tests.gui.helpers import audit_rows

    actions = [r.action for r in audit_rows(rt, actor="principal")]
    assert actions[-3:] == ["verification_start", "verification", "pin_handover"]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    # The same PIN links, once.
    assert _redeem(rt, view, display).student_number == view.student_number
    with pytest.raises(redemption.RedemptionFailed):
        _redeem(rt, view, display)


def test_a_failed_checklist_at_hand_over_leaves_the_letter_held(
    qtbot: Any, make_desk: Any, tmp_path: Any
) -> None:
    from ppdesk.services import redemption

    desk = make_desk()
    rt = desk.runtime
    _summary, view, row, display = _bulk_letter(rt, tmp_path)
    window = log_in(qtbot, desk)
    _scan(qtbot, window, row.letter_number)
    qtbot.waitUntil(
        lambda: bool(window.student_pages()) and window.student_pages()[0].wizard is not None,
        timeout=WAIT_MS,
    )
    page = window.student_pages()[0]
    wizard = page.wizard
    qtbot.waitUntil(wizard.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.questions, timeout=WAIT_MS)
    wrong = replace(correct_answers(page.view), dob="1/1/1990", name="Somebody Else")
    answer_questions(qtbot, wizard, wrong)
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.outcome_page, timeout=WAIT_MS)
    assert not wizard.outcome.passed and "stays held" in wizard.outcome_page.title()
    assert _status(rt, row.id) == "held"
    with pytest.raises(redemption.PinNotActivated) as refused:
        _redeem(rt, view, display)
    assert str(refused.value) == HELD_PIN_MESSAGE


def test_a_letter_already_handed_over_is_not_opened_again(
    qtbot: Any, make_desk: Any, tmp_path: Any
) -> None:
    from ppdesk.services import handover
    from ppdesk.services.auth import PasswordAuthenticator
    from tests.gui.conftest import DEMO_PASSWORD
    from tests.support.flows import verify

    desk = make_desk()
    rt = desk.runtime
    _summary, view, row, _display = _bulk_letter(rt, tmp_path)
    admin = PasswordAuthenticator(rt.ctx).login("principal", DEMO_PASSWORD)
    answers = correct_answers(view)
    from ppdesk.domain.verification import SecurityAnswers

    spoken = SecurityAnswers(
        dob=answers.dob,
        student_name=answers.name,
        grade=answers.grade,
        address=answers.address,
        phone=answers.phone,
        emergency_contact_name=answers.contact_name,
        emergency_contact_phone=answers.contact_phone,
    )
    assert verify(rt.ctx, admin, row.link_id, answers=spoken).passed
    handover.hand_over(rt.ctx, admin, row.link_id)
    window = log_in(qtbot, desk)
    _scan(qtbot, window, row.letter_number)
    qtbot.waitUntil(
        lambda: "already handed over" in window.find_page.ui.countLabel.text(), timeout=WAIT_MS
    )
    assert window.student_pages() == []


def test_hand_over_button_in_the_student_view_starts_the_same_checklist(
    qtbot: Any, make_desk: Any, tmp_path: Any
) -> None:
    from tests.gui.helpers import open_student

    desk = make_desk()
    rt = desk.runtime
    summary, _view, row, _display = _bulk_letter(rt, tmp_path)
    window = log_in(qtbot, desk)
    page = open_student(qtbot, window, summary.student_id)
    page._select_guardian(row.link_id)
    assert page.handoverButton.isEnabled() and not page.ui.verifyButton.isEnabled()
    assert row.letter_number in page.ui.guardianHint.text()
    qtbot.mouseClick(page.handoverButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is not None and page.wizard.isVisible(), timeout=WAIT_MS)
    assert page.wizard.handover and page.wizard.guardian.link_id == row.link_id
    page.wizard.close_silently()
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    assert _status(rt, row.id) == "held"


def test_several_children_photo_id_once_questions_per_child(
    qtbot: Any, make_desk: Any, tmp_path: Any
) -> None:
    """The mother of two: after the first letter, 'Next letter' opens the sibling's
    hand-over with the photo ID filled in; the sibling's questions decide its letter."""
    from ppdesk.gui.screenshots_handover import _second_child
    from ppdesk.services import letters
    from ppdesk.services.auth import PasswordAuthenticator
    from tests.gui.conftest import DEMO_PASSWORD

    desk = make_desk()
    rt = desk.runtime
    _summary, view = counter_candidate(rt)
    guardian = next(g for g in view.guardians if g.verified_legal_guardian and not g.locked)
    sibling = _second_child(rt, view, guardian.guardian_id, DEMO_PASSWORD)
    principal = PasswordAuthenticator(rt.ctx).login("principal", DEMO_PASSWORD)
    for who in (view, sibling):
        letters.bulk_letters(
            rt.ctx,
            principal,
            tmp_path / f"bulk-{who.student_id}.pdf",
            school_code=who.school_code,
            grade=who.grade,
            homeroom=who.homeroom,
        )
    with rt.ctx.uow(readonly=True) as uow:
        first = uow.pins.held_for_link(guardian.link_id)
        links = [link.id for link, g in uow.people.links_of_student(sibling.student_id)]
        second = next(
            p
            for p in (uow.pins.held_for_link(k) for k in links)
            if p and p.guardian_id == guardian.guardian_id
        )
    window = log_in(qtbot, desk)
    _scan(qtbot, window, first.letter_number)
    qtbot.waitUntil(
        lambda: bool(window.student_pages()) and window.student_pages()[0].wizard is not None,
        timeout=WAIT_MS,
    )
    page = window.student_pages()[0]
    wizard = page.wizard
    qtbot.waitUntil(wizard.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.questions, timeout=WAIT_MS)
    answer_questions(qtbot, wizard, correct_answers(page.view))
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    outcome = wizard.outcome_page
    assert [h.letter_number for h in outcome.handed.still_held] == [second.letter_number]
    assert outcome.nextButton.isVisible()
    assert _status(rt, first.id) == "active" and _status(rt, second.id) == "held"
    qtbot.mouseClick(outcome.nextButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.student_pages()) == 2, timeout=WAIT_MS)
    page2 = window.student_pages()[1]
    qtbot.waitUntil(lambda: page2.wizard is not None and page2.wizard.isVisible(), timeout=WAIT_MS)
    wizard2 = page2.wizard
    assert wizard2.handover and wizard2.guardian.link_id == second.link_id
    photo = wizard2.photo.ui
    assert photo.idTypeCombo.currentIndex() >= 0 and photo.nameYesRadio.isChecked()
    qtbot.mouseClick(wizard2.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard2.currentPage() is wizard2.questions, timeout=WAIT_MS)
    answer_questions(qtbot, wizard2, correct_answers(page2.view))  # the sibling's answers
    check_identity(qtbot, wizard2)  # the photo ID is already filled in
    wait_outcome(qtbot, wizard2)
    assert wizard2.outcome.passed and wizard2.outcome_page.handed is not None
    assert _status(rt, second.id) == "active"
