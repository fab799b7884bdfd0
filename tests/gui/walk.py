"""Every window and dialog of the desk, one after the other (issue 17 §3 and §7).

``walk_desk(qtbot, make_desk, visit)`` drives a real desk on the demo database the way staff
would and calls ``visit(label)`` each time a new screen is up: the login and first-run
dialogs, the main window of every role with each of its tabs and report pages, a student,
the verification wizard's pages (passed in person, not verified by video), the letter
preview, the bulk letters and their preview, an import dry run, the staff dialogs, a reason
prompt, the help boxes and the lock page. ``visit`` inspects whatever top-level windows are
visible (``visible_windows()``). The screen-fit test runs this walk in a child process whose
screen has a given size; the accessibility tests run it in the test process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QWidget, QWizard

from tests.gui.helpers import (
    WAIT_MS,
    Answers,
    answer_questions,
    check_identity,
    correct_answers,
    counter_candidate,
    fill_photo_id,
    log_in,
    open_student,
    search,
    start_wizard,
    wait_idle,
    wait_outcome,
)

Visit = Callable[[str], None]

#: Every role, by the demo account named after it.
ROLES = (
    "principal",
    "assistant_principal",
    "parent_access_admin",
    "office_staff",
    "teacher",
    "district_admin",
)


def visible_windows() -> list[QWidget]:
    """The top-level windows on screen (menus and tooltips excluded)."""
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible()
        and w.isWindow()
        and not w.inherits("QMenu")
        and not w.inherits("QTipLabel")
    ]


def _settle(qtbot: Any, desk: Any) -> None:
    wait_idle(qtbot, desk)
    QApplication.processEvents()


def _tabs(qtbot: Any, desk: Any, window: Any, role: str, visit: Visit) -> None:
    tabs = window.ui.tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        _settle(qtbot, desk)
        visit(f"{role}: tab '{tabs.tabText(i)}'")
        if tabs.widget(i) is window.ui.reportingTab:
            reporting = window.office_widget("reporting")
            if reporting is not None:
                qtbot.waitUntil(lambda r=reporting: not desk.runner.busy, timeout=WAIT_MS)
                for page in range(1, reporting.pages.count()):
                    reporting.pages.setCurrentIndex(page)
                    _settle(qtbot, desk)
                    visit(f"{role}: reporting page {page}")
                reporting.pages.setCurrentIndex(0)
    tabs.setCurrentIndex(0)


def _dialog(qtbot: Any, visit: Visit, label: str, dialog: QDialog | None) -> None:
    if dialog is None:
        return
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    visit(label)
    dialog.reject()


def _student_and_wizard(
    qtbot: Any, desk: Any, window: Any, role: str, visit: Visit, full: bool
) -> None:
    summary, view = counter_candidate(desk.runtime)
    student_id = summary.student_id
    found = search(qtbot, window.find_page, view.last_name)
    if all(r.student_id != student_id for r in found):
        # A teacher finds only the own homeroom: one of those students instead.
        found = next(f for f in (search(qtbot, window.find_page, c) for c in "aeiou") if f)
        student_id = found[0].student_id
    visit(f"{role}: search results")
    if window.ui.tabs.indexOf(window.ui.parentTab) >= 0:
        window.show_tab(window.ui.parentTab)
        search(qtbot, window.parent_page, view.guardians[0].name.split()[-1])
        visit(f"{role}: parent search results")
    window.show_tab(window.ui.findTab)
    page = open_student(qtbot, window, student_id)
    _settle(qtbot, desk)
    visit(f"{role}: student view")
    if not page.ui.verifyButton.isVisible():
        return
    wizard = start_wizard(qtbot, page)
    visit(f"{role}: wizard questions")
    if not full:
        wizard.reject()
        qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
        return
    answer_questions(qtbot, wizard, correct_answers(view))
    fill_photo_id(qtbot, wizard)
    visit(f"{role}: wizard photo ID")
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    visit(f"{role}: wizard PIN")
    wizard.outcome_page.ui.previewButton.click()
    qtbot.waitUntil(
        lambda: desk.desk.last_preview is not None and desk.desk.last_preview.isVisible(),
        timeout=WAIT_MS,
    )
    visit(f"{role}: letter preview")
    desk.desk.last_preview.reject()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    _settle(qtbot, desk)
    visit(f"{role}: student view with a PIN")
    # A second guardian or student by video, not verified: the photo ID page with the
    # "seen on camera" question and the not-verified page.
    other = _other_student(desk, view.student_id)
    if other is not None:
        page2 = open_student(qtbot, window, other[0].student_id)
        wizard = start_wizard(qtbot, page2, video=True)
        wrong = correct_answers(other[1])
        answer_questions(
            qtbot,
            wizard,
            Answers(**{**wrong.__dict__, "grade": "12" if wrong.grade != "12" else "1"}),
        )
        fill_photo_id(qtbot, wizard)
        visit(f"{role}: wizard photo ID by video")
        check_identity(qtbot, wizard)
        wait_outcome(qtbot, wizard)
        visit(f"{role}: wizard not verified")
        wizard.button(QWizard.WizardButton.FinishButton).click()
        qtbot.waitUntil(lambda: page2.wizard is None, timeout=WAIT_MS)
        window.show_tab(page)
    if page.ui.revokeButton.isVisible() and page.ui.revokeButton.isEnabled():
        page.ui.revokeButton.click()
        _dialog(qtbot, visit, f"{role}: reason prompt", desk.desk.last_prompt)


def _other_student(desk: Any, not_id: int) -> tuple[Any, Any] | None:
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.lookup import find_students, student_view
    from tests.gui.conftest import DEMO_PASSWORD

    session = PasswordAuthenticator(desk.runtime.ctx).login("district_admin", DEMO_PASSWORD)
    for letter in "mgrslatc":
        for summary in find_students(desk.runtime.ctx, session, letter):
            if summary.student_id == not_id:
                continue
            view = student_view(desk.runtime.ctx, session, summary.student_id)
            ok = [g for g in view.guardians if g.verified_legal_guardian and not g.locked]
            if ok and ok[0].pin_status == "none" and view.emergency_contacts:
                return summary, view
    return None


def _office(qtbot: Any, desk: Any, window: Any, role: str, visit: Visit, tmp: Any) -> None:
    tabs = window.ui.tabs
    letters = window.office_widget("letters")
    if letters is not None:
        window.show_tab(letters)
        letters.gradeCombo.setCurrentIndex(max(0, letters.gradeCombo.findData("2")))
        letters.count()
        qtbot.waitUntil(lambda: letters.plan is not None, timeout=WAIT_MS)
        visit(f"{role}: bulk letters plan")
        letters.run()
        qtbot.waitUntil(lambda: letters.result is not None, timeout=WAIT_MS * 6)
        _settle(qtbot, desk)
        visit(f"{role}: bulk letters done")
        letters.show_preview()
        qtbot.waitUntil(
            lambda: letters.preview is not None and letters.preview.isVisible(), timeout=WAIT_MS
        )
        visit(f"{role}: bulk letters preview")
        letters.preview.reject()
    importer = window.office_widget("import")
    if importer is not None:
        window.show_tab(importer)
        blank = tmp / "ppdesk-import-template.xlsx"
        importer.save_blank(blank)
        qtbot.waitUntil(lambda: blank.name in importer.summary_label.text(), timeout=WAIT_MS)
        importer.preview(blank, "template")
        qtbot.waitUntil(lambda: importer.plan is not None, timeout=WAIT_MS * 3)
        _settle(qtbot, desk)
        visit(f"{role}: import dry run")
    audit = window.office_widget("audit")
    if audit is not None:
        window.show_tab(audit)
        _settle(qtbot, desk)
        audit.verify()
        qtbot.waitUntil(lambda: audit.last_report is not None, timeout=WAIT_MS * 3)
        visit(f"{role}: audit verified")
    staff = window.office_widget("staff")
    if staff is not None:
        tabs.setCurrentWidget(staff)
        qtbot.waitUntil(lambda: staff.model.rowCount() > 0, timeout=WAIT_MS)
        staff.select("office_staff")
        _dialog(qtbot, visit, f"{role}: add staff", staff.add_member())
        _dialog(qtbot, visit, f"{role}: grant role", staff.grant())
        _dialog(qtbot, visit, f"{role}: revoke role", staff.revoke())
        _dialog(qtbot, visit, f"{role}: deactivate", staff.toggle_active())
    tabs.setCurrentIndex(0)


def _help(qtbot: Any, window: Any, role: str, visit: Visit) -> None:
    for show, name in (
        (window.help_menu.show_contacts, "support contacts"),
        (window.help_menu.show_counter_guide, "counter guide"),
    ):
        show()
        _dialog(qtbot, visit, f"{role}: {name}", window.help_menu.last_dialog)


def walk_desk(
    qtbot: Any, make_desk: Any, visit: Visit, tmp: Any, roles: tuple[str, ...] = ROLES
) -> None:
    from ppdesk.gui.first_run import FirstRunDialog

    for n, role in enumerate(roles):
        desk = make_desk()
        qtbot.waitUntil(lambda d=desk: d.login.runtime is not None, timeout=WAIT_MS)
        if n == 0:
            visit("login")
            first = FirstRunDialog(desk.runner, desk.runtime.ctx, parent=desk.login)
            first.open()
            _dialog(qtbot, visit, "first run", first)
        window = log_in(qtbot, desk, role)
        _settle(qtbot, desk)
        visit(f"{role}: main window")
        _tabs(qtbot, desk, window, role, visit)
        if role in ("principal", "parent_access_admin", "office_staff", "teacher"):
            _student_and_wizard(qtbot, desk, window, role, visit, full=role == "principal")
        if role in ("principal", "district_admin"):
            _office(qtbot, desk, window, role, visit, tmp)
        if n == 0:
            _help(qtbot, window, role, visit)
            window.lock()
            visit(f"{role}: lock page")
        desk.shutdown()
