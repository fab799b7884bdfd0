"""Roles shape the desk (office staff: no PIN actions; teacher: no parent search) and the idle
lock hides student data until the same user types the password or another user logs in."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt

from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import (
    WAIT_MS,
    audit_rows,
    counter_candidate,
    log_in,
    open_student,
    start_wizard,
    visible_texts,
)

PIN_BUTTONS = ("verifyButton", "printButton", "previewButton", "reissueButton", "revokeButton")


def test_office_staff_sees_the_student_but_no_pin_action(qtbot: Any, desk: Any) -> None:
    summary, view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "office_staff")
    assert "Role: Office staff" in window.status_texts()
    tabs = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    # Issue 15 point 6: office staff run the reports that show no PIN.
    assert tabs == ["Find a student", "Parent search", "Reporting"]
    page = open_student(qtbot, window, summary.student_id)
    assert page.guardians.rowCount() == len(view.guardians)
    for name in (*PIN_BUTTONS, "markVerifiedButton", "unlockButton"):
        assert not getattr(page.ui, name).isVisibleTo(page), name
    qtbot.keyClick(page.ui.guardiansTable, Qt.Key.Key_Return)  # Enter does not open a wizard
    assert page.wizard is None


def test_principal_sees_every_guardian_action(qtbot: Any, desk: Any) -> None:
    summary, _view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    for name in (*PIN_BUTTONS, "markVerifiedButton", "unlockButton"):
        assert getattr(page.ui, name).isVisibleTo(page), name
    assert page.ui.verifyButton.isEnabled()


def test_parent_access_admin_can_verify_but_not_record_guardians(qtbot: Any, desk: Any) -> None:
    summary, _view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "parent_access_admin")
    page = open_student(qtbot, window, summary.student_id)
    assert page.ui.verifyButton.isVisibleTo(page)
    assert not page.ui.markVerifiedButton.isVisibleTo(page)
    assert not page.ui.unlockButton.isVisibleTo(page)


def test_teacher_has_no_parent_search(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "teacher")
    tabs = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    assert tabs == ["Find a student"]


def _idle_timeout(window: Any) -> None:
    """The idle timer runs with the configured interval; fire its timeout now rather than
    waiting for it (a short real timer races the test's own typing on a loaded machine)."""
    assert window.idle.timer.isActive()
    assert window.idle.timeout_ms == 5 * 60_000  # the default idle_lock_minutes
    window.idle.timer.timeout.emit()


def _unlock(qtbot: Any, window: Any, username: str) -> None:
    ui = window.lock_page.ui
    ui.userEdit.setText(username)
    qtbot.keyClicks(ui.passwordEdit, DEMO_PASSWORD)
    qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)


def test_idle_lock_hides_student_data_until_the_same_user_returns(
    qtbot: Any, make_desk: Any
) -> None:
    desk = make_desk()
    summary, view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk)
    page = open_student(qtbot, window, summary.student_id)
    assert view.name in " ".join(visible_texts())
    wizard = start_wizard(qtbot, page)
    qtbot.keyClicks(wizard.questions.ui.dobEdit, "3/4/2015")
    with qtbot.waitSignal(window.locked_changed, timeout=WAIT_MS):
        _idle_timeout(window)  # no input for idle_lock_minutes: the lock comes by itself
    assert window.locked
    assert window.ui.stack.currentWidget() is window.ui.lockHost
    assert not page.isVisible() and not wizard.isVisible()
    texts = " ".join(visible_texts())
    assert view.name not in texts and view.student_number not in texts
    assert window.lock_page.ui.userEdit.text() == "principal"

    ui = window.lock_page.ui
    qtbot.keyClicks(ui.passwordEdit, "wrong password here")
    qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong user name or password" in ui.errorLabel.text(), timeout=WAIT_MS)
    assert window.locked

    _unlock(qtbot, window, "principal")
    qtbot.waitUntil(lambda: not window.locked, timeout=WAIT_MS)
    assert page.isVisible() and wizard.isVisible()
    assert wizard.questions.ui.dobEdit.text() == "3/4/2015"  # the same user keeps the work
    rows = audit_rows(desk.runtime, action="login")
    outcomes = [(r.actor, r.outcome) for r in rows if r.actor != "district_admin"]
    # A failed login has no session yet: its actor is "-".
    assert outcomes == [("principal", "success"), ("-", "failed"), ("principal", "success")]


def test_another_user_at_the_lock_screen_closes_the_open_work(qtbot: Any, make_desk: Any) -> None:
    desk = make_desk()
    summary, view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    window.show_tab(window.ui.findTab)
    qtbot.keyClicks(window.find_page.ui.queryEdit, view.first_name)
    _idle_timeout(window)
    assert window.locked
    _unlock(qtbot, window, "office_staff")
    qtbot.waitUntil(lambda: not window.locked, timeout=WAIT_MS)
    assert window.student_pages() == []
    assert not shiboken6.isValid(page) or not page.isVisible()
    assert view.name not in " ".join(visible_texts())
    assert window.find_page.ui.queryEdit.text() == ""
    assert window.find_page.model.rowCount() == 0
    assert "User: Demo Office staff (office_staff)" in window.status_texts()
    assert desk.desk.session.username == "office_staff"
    tabs = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    assert tabs == ["Find a student", "Parent search", "Reporting"]


def test_unlocking_the_keyring_then_ppdesk_turns_pin_features_back_on(
    qtbot: Any, make_desk: Any, memory_keyring: Any
) -> None:
    """SECURITY.md 26 at the desk: the keyring was locked when ppdesk started; the user
    unlocks it, locks and unlocks ppdesk (Ctrl+L, password), and PIN actions are back."""
    import keyring

    from tests.support.memory_keyring import LockableKeyring

    desk = make_desk()
    summary, _view = counter_candidate(desk.runtime)
    lockable = LockableKeyring()
    lockable.store.update(memory_keyring.store)
    lockable.locked = True
    keyring.set_keyring(lockable)  # the memory_keyring fixture puts the original back
    ctx = desk.runtime.ctx
    ctx.keys, ctx.keys_problem = None, "The system keyring is locked or unavailable."
    window = log_in(qtbot, desk)  # logging in tries the keyring again: still locked
    assert window.ui.bannerLabel.isVisible() and "locked" in window.ui.bannerLabel.text()
    page = open_student(qtbot, window, summary.student_id)
    assert not page.ui.verifyButton.isEnabled()

    lockable.locked = False
    window.lock()
    _unlock(qtbot, window, "principal")
    qtbot.waitUntil(lambda: not window.locked, timeout=WAIT_MS)

    assert not window.ui.bannerLabel.isVisible()
    assert page.ui.verifyButton.isEnabled()  # the open student's actions, refreshed


def test_any_input_restarts_the_idle_countdown(qtbot: Any) -> None:
    """A key press, a click or a mouse move restarts the idle timer (no clock involved: the
    timer's restarts are counted)."""
    from PySide6.QtCore import QEvent, QPoint, QPointF
    from PySide6.QtGui import QKeyEvent, QMouseEvent
    from PySide6.QtWidgets import QLineEdit

    from ppdesk.gui.idle import IdleWatcher

    watcher = IdleWatcher(5 * 60_000)
    restarts: list[int] = []

    class CountingTimer:
        def isActive(self) -> bool:
            return True

        def start(self) -> None:
            restarts.append(1)

        def stop(self) -> None:
            pass

    real_timer = watcher.timer
    watcher.timer = CountingTimer()  # type: ignore[assignment]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    try:
        qtbot.keyClick(edit, Qt.Key.Key_A)
        assert restarts, "a key press restarts the countdown"
        count = len(restarts)
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(QPoint(3, 3)),
            QPointF(QPoint(3, 3)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        from PySide6.QtWidgets import QApplication

        QApplication.sendEvent(edit, move)
        assert len(restarts) > count, "a mouse move restarts the countdown"
        count = len(restarts)
        QApplication.sendEvent(
            edit, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        )
        assert len(restarts) == count  # a key release alone is not new input
    finally:
        watcher.timer = real_timer
        watcher.uninstall()


def _student_with_active_pin(rt: Any) -> tuple[Any, Any]:
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.lookup import find_students, student_view
    from tests.gui.conftest import DEMO_PASSWORD

    session = PasswordAuthenticator(rt.ctx).login("district_admin", DEMO_PASSWORD)
    for letter in "aeiou":
        for summary in find_students(rt.ctx, session, letter):
            view = student_view(rt.ctx, session, summary.student_id)
            for g in view.guardians:
                if g.pin_status == "active" and g.verified_legal_guardian and not g.locked:
                    return summary, g
    raise AssertionError("no demo guardian with an active PIN")


@pytest.mark.parametrize(("username", "told"), [("office_staff", False), ("principal", True)])
def test_the_print_hint_is_shown_only_to_a_role_that_can_print(
    qtbot: Any, desk: Any, username: str, told: bool
) -> None:
    """Issue 17 §6: office staff never read 'Printing the letter needs...'."""
    summary, guardian = _student_with_active_pin(desk.runtime)
    window = log_in(qtbot, desk, username)
    page = open_student(qtbot, window, summary.student_id)
    page._select_guardian(guardian.link_id)
    assert page.current_guardian().link_id == guardian.link_id
    assert ("Printing the letter" in page.ui.guardianHint.text()) is told


def test_the_print_hint_gives_the_verification_window_of_the_domain(qtbot: Any, desk: Any) -> None:
    from ppdesk.domain.verification import VERIFICATION_VALID_FOR

    minutes = int(VERIFICATION_VALID_FOR.total_seconds() // 60)
    summary, guardian = _student_with_active_pin(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    page._select_guardian(guardian.link_id)
    assert page.ui.guardianHint.text().endswith(f"by you in the last {minutes} minutes.")
    assert "%1" not in page.ui.printButton.toolTip() + page.ui.previewButton.toolTip()
