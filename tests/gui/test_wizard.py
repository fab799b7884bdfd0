"""The verification wizard: correct answers give a PIN, one wrong answer gives none, the PIN
never reaches the clipboard and is wiped on close, a dropped database loses nothing."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from sqlalchemy import event

from ppdesk.gui.wizard_pages import read_back
from tests.gui.helpers import (
    WAIT_MS,
    all_texts,
    answer_questions,
    audit_rows,
    check_identity,
    click,
    correct_answers,
    counter_candidate,
    fill_photo_id,
    log_in,
    open_student,
    start_wizard,
    wait_outcome,
)

PIN_SHAPE = re.compile(r"^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$")


def _check_pin(rt: Any, student_number: str, pin: str) -> Any:
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.redemption import check_pin
    from tests.gui.conftest import DEMO_PASSWORD

    session = PasswordAuthenticator(rt.ctx).login("principal", DEMO_PASSWORD)
    return check_pin(rt.ctx, session, student_number=student_number, pin_text=pin)


def _open_candidate(qtbot: Any, desk: Any, username: str = "principal") -> tuple[Any, Any]:
    summary, view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, username)
    page = open_student(qtbot, window, summary.student_id)
    guardian = page.current_guardian()
    assert guardian.verified_legal_guardian and guardian.pin_status == "none"
    return page, view


def test_correct_answers_show_a_pin_that_never_reaches_the_clipboard(qtbot: Any, desk: Any) -> None:
    page, view = _open_candidate(qtbot, desk)
    link_id = page.current_guardian().link_id
    wizard = start_wizard(qtbot, page)
    assert page.ui.stack.currentWidget() is page.ui.maskPage  # record hidden meanwhile
    answer_questions(qtbot, wizard, correct_answers(view))
    # The questions page never shows the record's values beside the fields. The one label
    # that says a date is the read-back of the date typed (tests/gui/test_dates.py shows it
    # follows the typing, not the record).
    record = {view.student_number, view.address, view.phone, str(view.dob.year)}
    hint = wizard.questions.dob_hint
    shown = " ".join(
        w.text()
        for w in wizard.questions.findChildren(type(wizard.questions.ui.noteLabel))
        if w is not hint
    )
    assert not any(value in shown for value in record)
    assert hint.text() == read_back(wizard.questions.ui.dobEdit.text(), str)
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    outcome = wizard.outcome_page
    pin = outcome.ui.pinLabel.text()
    assert PIN_SHAPE.match(pin), pin
    assert outcome.ui.phoneticLabel.isHidden()  # in person: no reading out
    assert outcome.ui.printButton.isEnabled()
    assert outcome.ui.pinLabel.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction

    clipboard = QGuiApplication.clipboard()
    clipboard.setText("")
    for widget in (outcome.ui.pinLabel, wizard, outcome):
        qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton)
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == ""

    actions = [r.action for r in audit_rows(desk.runtime, actor="principal")]
    assert actions == ["login", "verification_start", "verification", "pin_issue"]
    verification = audit_rows(desk.runtime, action="verification")[0]
    assert verification.outcome == "success" and verification.target_id == str(link_id)
    assert pin not in " ".join(r.details for r in audit_rows(desk.runtime))

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    assert not any(pin in text for text in all_texts())  # wiped from every widget
    assert clipboard.text() == ""
    qtbot.waitUntil(lambda: page.current_guardian().pin_status == "active", timeout=WAIT_MS)
    assert page.ui.stack.currentWidget() is page.ui.detailsPage
    assert _check_pin(desk.runtime, view.student_number, pin).valid


def test_one_wrong_answer_gives_no_pin_and_says_what_failed(qtbot: Any, desk: Any) -> None:
    page, view = _open_candidate(qtbot, desk)
    wizard = start_wizard(qtbot, page)
    answers = correct_answers(view)
    wrong_grade = "7" if answers.grade != "7" else "3"
    answer_questions(qtbot, wizard, answers.__class__(**{**answers.__dict__, "grade": wrong_grade}))
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    ui = wizard.outcome_page.ui
    assert ui.stack.currentWidget() is ui.failedPage
    assert "Grade: does not match the record." in ui.reasonsLabel.text()
    assert "Date of birth" not in ui.reasonsLabel.text()
    assert "What to do next" in ui.nextStepsLabel.text()
    assert ui.pinLabel.text() == ""
    actions = [(r.action, r.outcome) for r in audit_rows(desk.runtime, actor="principal")]
    assert actions == [
        ("login", "success"),
        ("verification_start", "success"),
        ("verification", "failed"),
    ]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=WAIT_MS)
    assert page.current_guardian().pin_status == "none"


def test_video_call_needs_seen_on_screen_and_gives_the_phonetic_spelling(
    qtbot: Any, desk: Any
) -> None:
    page, view = _open_candidate(qtbot, desk)
    wizard = start_wizard(qtbot, page, video=True)
    answer_questions(qtbot, wizard, correct_answers(view))
    assert wizard.photo.ui.seenGroup.isVisible()
    ui = wizard.photo.ui
    ui.idTypeCombo.setCurrentIndex(3)
    click(qtbot, ui.nameYesRadio)
    qtbot.keyClicks(ui.expiryEdit, "March 3, 2031")
    assert "March 3, 2031" in ui.expiryHint.text()  # read back in words
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()  # "seen on screen" not answered yet
    click(qtbot, ui.seenYesRadio)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    out = wizard.outcome_page.ui
    assert PIN_SHAPE.match(out.pinLabel.text())
    assert out.phoneticLabel.isVisible() and "Read it out as:" in out.phoneticLabel.text()
    issue = audit_rows(desk.runtime, action="pin_issue")[0]
    assert '"channel":"phone"' in issue.details


def test_a_dropped_database_loses_nothing_and_retry_continues(qtbot: Any, desk: Any) -> None:
    page, view = _open_candidate(qtbot, desk)
    engine = desk.runtime.engine
    down = {"on": False}

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        if down["on"]:
            import sqlite3

            raise sqlite3.OperationalError("unable to open database file")

    event.listen(engine, "do_connect", refuse)
    try:
        wizard = start_wizard(qtbot, page)
        answers = correct_answers(view)
        answer_questions(qtbot, wizard, answers)
        fill_photo_id(qtbot, wizard)
        down["on"] = True
        engine.dispose()
        check_identity(qtbot, wizard)
        error = wizard.photo.ui.errorLabel
        qtbot.waitUntil(lambda: "did not answer" in error.text(), timeout=WAIT_MS)
        assert "Nothing you typed is lost" in error.text()
        assert wizard.currentPage() is wizard.photo
        assert [e.text() for e in wizard.questions.edits()] == answers.fields()
        assert wizard.photo.ui.expiryEdit.text() == "12/31/2035"
        down["on"] = False
        check_identity(qtbot, wizard)  # Retry
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.outcome_page, timeout=WAIT_MS)
        # Drop it again while the PIN is being issued: Retry returns the same PIN, once.
        qtbot.waitUntil(lambda: not wizard.outcome_page.fetching, timeout=WAIT_MS)
        first = wizard.outcome_page.ui.pinLabel.text()
        assert PIN_SHAPE.match(first)
        down["on"] = True
        engine.dispose()
        wizard.outcome_page._fetch_pin()
        out = wizard.outcome_page.ui
        qtbot.waitUntil(lambda: out.retryButton.isVisible(), timeout=WAIT_MS)
        assert out.pinLabel.text() == "" and not out.printButton.isEnabled()
        down["on"] = False
        qtbot.mouseClick(out.retryButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: PIN_SHAPE.match(out.pinLabel.text()) is not None, timeout=WAIT_MS)
        assert out.pinLabel.text() == first
    finally:
        event.remove(engine, "do_connect", refuse)
    assert len(audit_rows(desk.runtime, action="pin_issue")) == 1
    assert len(audit_rows(desk.runtime, action="verification")) == 1


def test_escape_with_answers_typed_asks_before_discarding(qtbot: Any, desk: Any) -> None:
    page, _view = _open_candidate(qtbot, desk)
    wizard = start_wizard(qtbot, page)
    qtbot.keyClicks(wizard.questions.ui.dobEdit, "3/4/2015")
    qtbot.keyClick(wizard.questions.ui.dobEdit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: getattr(wizard, "confirm_box", None) is not None, timeout=WAIT_MS)
    box = wizard.confirm_box
    qtbot.mouseClick(box.button(box.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert wizard.isVisible() and wizard.questions.ui.dobEdit.text() == "3/4/2015"
    qtbot.keyClick(wizard.questions.ui.dobEdit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: wizard.confirm_box is not box, timeout=WAIT_MS)
    box = wizard.confirm_box
    qtbot.mouseClick(box.button(box.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    assert not any("3/4/2015" in t for t in all_texts())
