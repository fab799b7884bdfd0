"""The counter flow, keyboard only: from typing a student's name in Find a student to the
guardian's letter reaching the print path, through a passed in-person verification.

Every key press counts as one action, except that typing a whole field counts as one (the
issue's rule). Keys always go to whatever widget has the focus, as on a real keyboard.
"""

from __future__ import annotations

from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QRadioButton, QTableView

from tests.gui.helpers import (
    WAIT_MS,
    audit_rows,
    correct_answers,
    counter_candidate,
    focus_widget,
    log_in,
)

MAX_ACTIONS = 25
NO_MOD = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier


class KeyboardWalk:
    """Sends keys to the focused widget and counts the actions."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.actions: list[str] = []
        self.presses = 0  # every key pressed, each typed character included (README figure)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD, note: str = "") -> None:
        widget = focus_widget()
        self.qtbot.keyClick(widget, key, modifier)
        if modifier == ALT:
            # A mnemonic clicks its button with a short animation, as a person would see.
            self.qtbot.wait(150)
        name = key.name.replace("Key_", "")
        self.presses += 1
        self.actions.append(f"{'Alt+' if modifier == ALT else ''}{name} {note}".strip())

    def type(self, text: str, note: str = "") -> None:
        widget = focus_widget()
        self.qtbot.keyClicks(widget, text)
        # Shift for a capital or a symbol is not counted: a held modifier, not a press.
        self.presses += len(text)
        self.actions.append(f"type {note or text!r}")


def test_counter_flow_keyboard_only_within_25_actions(qtbot: Any, desk: Any, printed: Any) -> None:
    summary, view = counter_candidate(desk.runtime)
    answers = correct_answers(view)
    window = log_in(qtbot, desk)
    walk = KeyboardWalk(qtbot)
    wait = qtbot.waitUntil

    # Find a student: the search field has the focus after login.
    find = window.find_page
    assert focus_widget() is find.ui.queryEdit
    walk.type(view.name, "the student's name")
    wait(lambda: not find.pending and find.model.rowCount() == 1, timeout=WAIT_MS)
    walk.key(Qt.Key.Key_Return, note="open the student")
    wait(
        lambda: bool(window.student_pages()) and window.student_pages()[0].view is not None,
        timeout=WAIT_MS,
    )
    page = window.student_pages()[0]
    assert page.view.student_id == summary.student_id
    wait(lambda: isinstance(focus_widget(), QTableView), timeout=WAIT_MS)
    assert page.current_guardian().verified_legal_guardian

    # Enter on the guardian starts "Verify identity and issue PIN".
    walk.key(Qt.Key.Key_Return, note="verify this guardian")
    wait(lambda: page.wizard is not None and page.wizard.isVisible(), timeout=WAIT_MS)
    wizard = page.wizard
    wait(lambda: isinstance(focus_widget(), QRadioButton), timeout=WAIT_MS)  # In person
    walk.key(Qt.Key.Key_Return, note="start verification (in person)")
    wait(lambda: wizard.currentPage() is wizard.questions, timeout=WAIT_MS)

    # The five questions: seven fields, Tab between them, Enter for Next.
    fields = answers.fields()
    for i, text in enumerate(fields):
        assert isinstance(focus_widget(), QLineEdit)
        walk.type(text, f"answer {i + 1}")
        if i < len(fields) - 1:
            walk.key(Qt.Key.Key_Tab)
    walk.key(Qt.Key.Key_Return, note="next: photo ID")
    wait(lambda: wizard.currentPage() is wizard.photo, timeout=WAIT_MS)

    # Photo ID: type to choose the ID, mnemonics for the rest, Enter to check.
    assert isinstance(focus_widget(), QComboBox)
    walk.type("D", "D for Driver's license")
    assert wizard.photo.ui.idTypeCombo.currentText() == "Driver's license"
    walk.key(Qt.Key.Key_Y, ALT, "the name matches")
    walk.key(Qt.Key.Key_E, ALT, "go to the expiry date")
    walk.type("12/31/2035", "the expiry date")
    assert wizard.photo.ui.nameYesRadio.isChecked()
    walk.key(Qt.Key.Key_Return, note="check identity")
    wait(lambda: wizard.currentPage() is wizard.outcome_page, timeout=WAIT_MS)
    outcome = wizard.outcome_page
    wait(lambda: outcome.pin is not None, timeout=WAIT_MS)
    pin = outcome.ui.pinLabel.text()

    # Print the letter.
    walk.key(Qt.Key.Key_P, ALT, "print the letter")
    wait(lambda: outcome.printed_pages == 1, timeout=WAIT_MS)

    count = len(walk.actions)
    print(
        f"\ncounter flow: {count} keyboard actions (limit {MAX_ACTIONS}), {walk.presses} key presses:"
    )
    for n, action in enumerate(walk.actions, 1):
        print(f"  {n:2d}. {action}")
    assert count <= MAX_ACTIONS
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(printed.files[0]).pages).split())
    assert pin in text
    actions = [r.action for r in audit_rows(desk.runtime, actor="principal")]
    assert actions == ["login", "verification_start", "verification", "pin_issue", "letter_print"]

    walk.key(Qt.Key.Key_Return, note="finish")  # Enter is Finish: the PIN is wiped
    wait(lambda: page.wizard is None, timeout=WAIT_MS)
