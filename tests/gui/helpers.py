"""Driving the desk as a person would, and reading what it left behind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.conftest import DEMO_PASSWORD

WAIT_MS = 10_000


def log_in(qtbot: Any, desk_app: Any, username: str = "principal") -> Any:
    """Type the user name and password and press Enter; return the main window."""
    ui = desk_app.login.ui
    qtbot.waitUntil(lambda: desk_app.login.runtime is not None, timeout=WAIT_MS)
    ui.userEdit.setFocus()
    qtbot.keyClicks(ui.userEdit, username)
    qtbot.keyClicks(ui.passwordEdit, DEMO_PASSWORD)
    qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk_app.window is not None, timeout=WAIT_MS)
    window = desk_app.window
    qtbot.addWidget(window)
    qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
    return window


def search(qtbot: Any, page: Any, text: str) -> list[Any]:
    page.ui.queryEdit.clear()
    qtbot.keyClicks(page.ui.queryEdit, text)
    qtbot.waitUntil(lambda: not page.pending and page.last_query == text, timeout=WAIT_MS)
    return page.model.records()


def open_student(qtbot: Any, window: Any, student_id: int) -> Any:
    page = window.open_student(student_id)
    qtbot.waitUntil(lambda: page.view is not None, timeout=WAIT_MS)
    return page


def wait_idle(qtbot: Any, desk_app: Any) -> None:
    qtbot.waitUntil(lambda: not desk_app.runner.busy, timeout=WAIT_MS)


@dataclass(frozen=True)
class Answers:
    dob: str
    name: str
    grade: str
    address: str
    phone: str
    contact_name: str
    contact_phone: str

    def fields(self) -> list[str]:
        return [
            self.dob,
            self.name,
            self.grade,
            self.address,
            self.phone,
            self.contact_name,
            self.contact_phone,
        ]


def correct_answers(view: Any) -> Answers:
    """What a real guardian would say, read from the record (the test knows; the GUI never
    shows these in the wizard)."""
    contact = view.emergency_contacts[0]
    return Answers(
        dob=f"{view.dob.month}/{view.dob.day}/{view.dob.year}",
        name=view.name,
        grade=view.grade,
        address=view.address.splitlines()[0] if view.address else "",  # the street line
        phone=view.phone,
        contact_name=contact.name,
        contact_phone=contact.phone,
    )


def counter_candidate(rt: Any) -> tuple[Any, Any]:
    """A student (summary, view) whose first verifiable guardian has no PIN yet and whose
    name finds only this student."""
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.lookup import find_students, student_view

    # The district administrator looks: the principal's audit trail stays the GUI's own.
    session = PasswordAuthenticator(rt.ctx).login("district_admin", DEMO_PASSWORD)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for summary in find_students(rt.ctx, session, letter):
            view = student_view(rt.ctx, session, summary.student_id)
            eligible = [g for g in view.guardians if g.verified_legal_guardian and not g.locked]
            if (
                eligible
                and eligible[0].pin_status == "none"
                and view.emergency_contacts
                and view.address
                and view.phone
                and len(find_students(rt.ctx, session, view.name)) == 1
            ):
                return summary, view
    raise AssertionError("no suitable demo student")


def audit_rows(rt: Any, **filters: Any) -> list[Any]:
    with rt.ctx.uow(readonly=True) as uow:
        return list(uow.audit.query(**filters))


def visible_texts() -> list[str]:
    """The text of every visible widget that shows text (labels, fields, table cells)."""
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

    out: list[str] = []
    for w in QApplication.allWidgets():
        if not w.isVisible():
            continue
        if isinstance(w, (QLabel, QLineEdit)):
            out.append(w.text())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            for r in range(m.rowCount()):
                for c in range(m.columnCount()):
                    out.append(str(m.index(r, c).data() or ""))
    return out


def all_texts() -> list[str]:
    """Text of every label and field, visible or not."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    return [w.text() for w in QApplication.allWidgets() if isinstance(w, (QLabel, QLineEdit))]


def click(qtbot: Any, button: QWidget) -> None:
    """Click a check box or radio button on its indicator (its centre may be empty space)."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def focus_widget() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def start_wizard(qtbot: Any, page: Any, *, video: bool = False, reissue: bool = False) -> Any:
    """Open the wizard on the selected guardian and press Start verification."""
    from PySide6.QtWidgets import QWizard

    page.open_wizard(reissue=reissue)
    wizard = page.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible, timeout=WAIT_MS)
    if video:
        click(qtbot, wizard.mode_page.ui.videoRadio)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.questions, timeout=WAIT_MS)
    return wizard


def answer_questions(qtbot: Any, wizard: Any, answers: Answers) -> None:
    from PySide6.QtWidgets import QWizard

    for edit, text in zip(wizard.questions.edits(), answers.fields(), strict=True):
        edit.clear()
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.photo, timeout=WAIT_MS)


def fill_photo_id(
    qtbot: Any, wizard: Any, *, expiry: str = "12/31/2035", seen: bool = True
) -> None:
    ui = wizard.photo.ui
    ui.idTypeCombo.setCurrentIndex(1)
    click(qtbot, ui.nameYesRadio)
    ui.expiryEdit.clear()
    qtbot.keyClicks(ui.expiryEdit, expiry)
    if ui.seenGroup.isVisible():
        click(qtbot, ui.seenYesRadio if seen else ui.seenNoRadio)


def check_identity(qtbot: Any, wizard: Any) -> None:
    from PySide6.QtWidgets import QWizard

    button = wizard.button(QWizard.WizardButton.CommitButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_outcome(qtbot: Any, wizard: Any) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.outcome_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not wizard.outcome_page.fetching, timeout=WAIT_MS)
