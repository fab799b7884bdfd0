"""Log in, search by a partial name and by student ID, open a student, parent search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.helpers import WAIT_MS, audit_rows, log_in, search


def test_login_dialog_shows_the_database_and_a_wrong_password_is_said_inline(
    qtbot: Any, desk: Any
) -> None:
    ui = desk.login.ui
    assert "SQLite" in ui.databaseLabel.text() and "desk.sqlite3" in ui.databaseLabel.text()
    qtbot.keyClicks(ui.userEdit, "principal")
    qtbot.keyClicks(ui.passwordEdit, "not the password")
    qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong user name or password" in ui.statusLabel.text(), timeout=WAIT_MS)
    assert ui.passwordEdit.text() == ""
    assert desk.window is None
    failed = audit_rows(desk.runtime, action="login")
    assert [r.outcome for r in failed] == ["failed"]


def test_ppdesk_own_passwords_are_never_sent_empty(qtbot: Any, desk: Any) -> None:
    """Only a sign-in through the database may leave the password empty (Kerberos single
    sign-on, tests/slow/test_kerberos_login.py); ppdesk's own passwords are asked for."""
    ui = desk.login.ui
    qtbot.waitUntil(lambda: desk.login.runtime is not None, timeout=WAIT_MS)
    qtbot.keyClicks(ui.userEdit, "principal")
    qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
    assert "Type your password." in ui.statusLabel.text()
    assert ui.loginButton.isEnabled() and desk.window is None
    assert audit_rows(desk.runtime, action="login") == []  # nothing was tried
    ui.userEdit.clear()
    window = log_in(qtbot, desk, "principal")
    window.lock()
    lock = window.lock_page.ui
    qtbot.keyClick(lock.passwordEdit, Qt.Key.Key_Return)
    assert "Type the user name and the password." in lock.errorLabel.text() and window.locked
    confirmed: list[bool] = []
    window.desk.step_up("Confirm it is you.", lambda: confirmed.append(True), window)
    window.desk.last_prompt.accept()  # with the field empty: nothing is tried
    assert confirmed == []
    assert [r.outcome for r in audit_rows(desk.runtime, action="login")] == ["success"]


def test_login_shows_user_role_school_and_database(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "principal")
    status = " | ".join(window.status_texts())
    assert "User: Demo Principal (principal)" in status
    assert "Role: Principal" in status
    assert "School: 1847 Jacaranda Avenue School" in status
    assert "Database: SQLite" in status
    assert not desk.login.isVisible()
    tabs = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    assert tabs[:3] == ["Find a student", "Parent search", "Reporting"]  # then office tabs
    rows = audit_rows(desk.runtime, action="login", actor="principal")
    assert [r.outcome for r in rows] == ["success"]


def test_search_by_partial_name_and_by_student_id_then_enter_opens(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk)
    page = window.find_page
    assert page.ui.queryEdit.hasFocus()
    some = search(qtbot, page, "ma")
    assert some and all("ma" in s.name.lower() for s in some)
    target = some[0]
    by_id = search(qtbot, page, target.student_number[:6])
    assert target.student_id in [s.student_id for s in by_id]
    exact = search(qtbot, page, target.student_number)
    assert [s.student_id for s in exact] == [target.student_id]
    qtbot.keyClick(page.ui.queryEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.student_pages() != [], timeout=WAIT_MS)
    student = window.student_pages()[0]
    qtbot.waitUntil(lambda: student.view is not None, timeout=WAIT_MS)
    assert student.view.student_id == target.student_id
    assert window.ui.tabs.currentWidget() is student
    assert target.student_number in student.ui.headerLabel.text()
    assert student.guardians.rowCount() == len(student.view.guardians) > 0
    assert student.ui.guardiansTable.hasFocus()


def test_arrow_keys_choose_and_no_match_is_said(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk)
    page = window.find_page
    rows = search(qtbot, page, "a")
    assert len(rows) > 2
    qtbot.keyClick(page.ui.queryEdit, Qt.Key.Key_Down)
    second = page.current_record()
    assert second == rows[1]
    qtbot.keyClick(page.ui.queryEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.student_pages() != [], timeout=WAIT_MS)
    assert window.student_pages()[0].student_id == second.student_id
    window.show_tab(window.ui.findTab)
    assert search(qtbot, page, "zzzqqq") == []
    assert "No student found" in page.ui.countLabel.text()


def test_parent_search_opens_the_student_with_that_guardian(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk)
    window.show_tab(window.ui.parentTab)
    page = window.parent_page
    rows = search(qtbot, page, "mar")
    assert rows
    chosen = rows[0]
    qtbot.keyClick(page.ui.queryEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.student_pages() != [], timeout=WAIT_MS)
    student = window.student_pages()[0]
    qtbot.waitUntil(lambda: student.view is not None, timeout=WAIT_MS)
    assert student.view.student_id == chosen.student_id
    assert student.current_guardian().link_id == chosen.link_id
