"""Issue 17 §2: the PIN can always be hidden (Ctrl+L from every window and dialog) and no
hidden button reacts to a key (Enter on the failed page closes the wizard, nothing else)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from tests.gui.helpers import (
    WAIT_MS,
    all_texts,
    answer_questions,
    audit_rows,
    check_identity,
    correct_answers,
    counter_candidate,
    fill_photo_id,
    log_in,
    open_student,
    start_wizard,
    wait_outcome,
)


def _open_candidate(qtbot: Any, desk: Any) -> tuple[Any, Any, Any]:
    summary, view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    return window, page, view


def test_enter_on_the_failed_page_closes_the_wizard_and_attempts_nothing(
    qtbot: Any, desk: Any
) -> None:
    _window, page, view = _open_candidate(qtbot, desk)
    wizard = start_wizard(qtbot, page)
    answers = correct_answers(view)
    wrong = answers.__class__(**{**answers.__dict__, "grade": "7" if answers.grade != "7" else "3"})
    answer_questions(qtbot, wizard, wrong)
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    ui = wizard.outcome_page.ui
    assert ui.stack.currentWidget() is ui.failedPage
    before = [(r.action, r.outcome) for r in audit_rows(desk.runtime)]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)
    focus = QApplication.focusWidget()
    assert focus.isVisible(), focus  # focus never stays on a button of a hidden page
    for button in wizard.findChildren(QPushButton):
        if not button.isVisible():
            assert not button.isEnabled() or not button.isDefault(), button.objectName()
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=WAIT_MS)
    after = [(r.action, r.outcome) for r in audit_rows(desk.runtime)]
    assert after == before  # no refused PIN issue or reveal


def _press_ctrl_l(qtbot: Any, window: Any) -> None:
    """Ctrl+L where the keyboard is: the active window's focus widget."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)
    target = QApplication.focusWidget()
    qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.locked, timeout=WAIT_MS)


def _visible_windows(window: Any) -> list[Any]:
    return [
        w
        for w in QApplication.topLevelWidgets() + window.findChildren(QDialog)
        if w.isVisible() and w is not window
    ]


def test_ctrl_l_on_the_pin_page_locks_and_hides_the_pin(qtbot: Any, desk: Any) -> None:
    window, page, view = _open_candidate(qtbot, desk)
    wizard = start_wizard(qtbot, page)
    answer_questions(qtbot, wizard, correct_answers(view))
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    pin = wizard.outcome_page.ui.pinLabel.text()
    assert len(pin) == 11
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard, timeout=WAIT_MS)
    _press_ctrl_l(qtbot, window)
    assert not wizard.isVisible()
    assert _visible_windows(window) == []
    assert not any(pin in text for text in all_texts())
    assert window.ui.stack.currentWidget() is window.ui.lockHost


def test_ctrl_l_from_a_message_box_over_the_wizard_locks(qtbot: Any, desk: Any) -> None:
    window, page, _view = _open_candidate(qtbot, desk)
    wizard = start_wizard(qtbot, page)
    edit = wizard.questions.edits()[0]
    qtbot.keyClicks(edit, "1/2/2015")
    box_seen: list[Any] = []

    def press_in_box() -> None:
        box = QApplication.activeModalWidget()
        box_seen.append(box)
        if isinstance(box, QMessageBox):
            _press_ctrl_l(qtbot, window)

    QTimer.singleShot(50, press_in_box)
    wizard.reject()  # answers typed: "Stop this verification?"
    qtbot.waitUntil(lambda: bool(box_seen), timeout=WAIT_MS)
    assert isinstance(box_seen[0], QMessageBox)
    assert window.locked
    assert _visible_windows(window) == []
