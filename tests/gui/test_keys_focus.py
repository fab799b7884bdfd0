"""Issue 17 §4: Ctrl+1/2/3 and Ctrl+F put the focus where typing goes; Ctrl+W returns to the
tab the student was opened from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.helpers import WAIT_MS, counter_candidate, log_in, open_student

CTRL = Qt.KeyboardModifier.ControlModifier


def _press(qtbot: Any, key: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, CTRL)


def test_tab_keys_put_the_focus_in_the_search_box_and_typing_lands_there(
    qtbot: Any, desk: Any
) -> None:
    summary, _view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    find_edit = window.find_page.ui.queryEdit
    parent_edit = window.parent_page.ui.queryEdit
    page = open_student(qtbot, window, summary.student_id)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)

    _press(qtbot, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is parent_edit, timeout=WAIT_MS)
    qtbot.keyClicks(QApplication.focusWidget(), "mor")
    assert parent_edit.text() == "mor"

    _press(qtbot, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is find_edit, timeout=WAIT_MS)
    window.show_tab(page)
    _press(qtbot, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is find_edit, timeout=WAIT_MS)
    # Already on the tab, focus elsewhere: Ctrl+1 still moves it to the search box.
    window.ui.tabs.setFocus()
    _press(qtbot, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is find_edit, timeout=WAIT_MS)
    qtbot.keyClicks(QApplication.focusWidget(), "val")
    assert find_edit.text() == "val"

    _press(qtbot, Qt.Key.Key_3)
    reporting = window.ui.reportingTab
    qtbot.waitUntil(lambda: window.ui.tabs.currentWidget() is reporting, timeout=WAIT_MS)
    focus = QApplication.focusWidget()
    assert focus is not None and reporting.isAncestorOf(focus), focus


def test_ctrl_w_returns_to_the_tab_the_student_was_opened_from(qtbot: Any, desk: Any) -> None:
    summary, _view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    tabs = window.ui.tabs
    window.show_tab(window.ui.parentTab)
    page = open_student(qtbot, window, summary.student_id)
    assert tabs.currentWidget() is page
    _press(qtbot, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: tabs.indexOf(page) < 0, timeout=WAIT_MS)
    assert tabs.currentWidget() is window.ui.parentTab
    assert QApplication.focusWidget() is window.parent_page.ui.queryEdit


def _staff_tab(qtbot: Any, desk: Any) -> Any:
    window = log_in(qtbot, desk, "principal")
    tab = window.office_widget("staff")
    assert tab is not None
    window.ui.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: not tab.loading and tab.model.rowCount() > 0, timeout=WAIT_MS)
    return tab


def test_staff_dialogs_start_in_the_first_field_and_keep_what_was_typed(
    qtbot: Any, desk: Any
) -> None:
    from tests.gui.helpers import audit_rows

    tab = _staff_tab(qtbot, desk)
    dialog = tab.add_member()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.username_edit, timeout=WAIT_MS)
    # Typing goes to the first field; Enter there does not add an empty account.
    qtbot.keyClicks(dialog.username_edit, "teacher")  # taken by the demo's teacher
    qtbot.keyClicks(dialog.name_edit, "Somebody Else")
    qtbot.keyClicks(dialog.password_edit, "a long first password 9")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    ok.click()
    qtbot.waitUntil(lambda: not dialog.submitting, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=WAIT_MS)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible() and dialog.error_label.text()
    assert (dialog.username_edit.text(), dialog.name_edit.text()) == ("teacher", "Somebody Else")
    dialog.reject()

    tab.select("teacher")
    before = len(audit_rows(desk.runtime, action="role_grant"))
    grant = tab.grant()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grant.role_combo, timeout=WAIT_MS)
    grant.buttons.button(grant.buttons.StandardButton.Ok).click()
    assert grant.isVisible() and "reason" in grant.error_label.text().lower()
    assert not desk.runner.busy
    grant.reason_edit.setPlainText("covers the office on Mondays")
    closed: list[int] = []
    grant.finished.connect(closed.append)
    grant.buttons.button(grant.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(closed), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=WAIT_MS)
    assert len(audit_rows(desk.runtime, action="role_grant")) == before + 1
