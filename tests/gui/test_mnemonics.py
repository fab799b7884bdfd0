"""Issue 17 §4: no two controls share a mnemonic (Alt+letter) in one window, in English and in
Spanish. Walks the screens a principal reaches: every tab, the student view, the wizard's
pages, the staff dialogs, settings."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
    QWizard,
)

from ppdesk.gui.office.i18n import install_translator
from tests.gui.helpers import (
    WAIT_MS,
    answer_questions,
    check_identity,
    correct_answers,
    counter_candidate,
    fill_photo_id,
    log_in,
    open_student,
    start_wizard,
    wait_outcome,
)

MNEMONIC = re.compile(r"&([^&\s])")


def _mnemonics(widget: QWidget) -> Iterator[tuple[str, str]]:
    texts: list[str] = []
    if isinstance(widget, QAbstractButton) or (
        isinstance(widget, QLabel) and widget.buddy() is not None
    ):
        texts.append(widget.text())
    elif isinstance(widget, QGroupBox) and widget.isCheckable():
        texts.append(widget.title())
    elif isinstance(widget, QTabBar):
        texts += [widget.tabText(i) for i in range(widget.count()) if widget.isTabEnabled(i)]
    elif isinstance(widget, QMenuBar):  # Alt+letter opens a menu: it competes with buttons
        texts += [a.text() for a in widget.actions() if a.isVisible() and a.isEnabled()]
    for text in texts:
        match = MNEMONIC.search(text.replace("&&", ""))
        if match:
            yield match.group(1).casefold(), text


def clashes(screen: str) -> list[str]:
    QApplication.processEvents()
    by_window: dict[Any, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for widget in QApplication.allWidgets():
        if widget.isVisible() and widget.isEnabled():
            for key, text in _mnemonics(widget):
                by_window[widget.window()][key].append(text)
    found = []
    for window, keys in by_window.items():
        for key, texts in keys.items():
            if len(texts) > 1:
                found.append(f"{screen} [{type(window).__name__}] Alt+{key.upper()}: {texts}")
    return found


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    installed = install_translator(request.param)
    assert installed or request.param == "en"  # English is the source text: no catalogue
    yield request.param
    install_translator("en")


def test_no_two_controls_share_a_mnemonic(qtbot: Any, make_desk: Any, language: str) -> None:
    desk = make_desk()
    summary, view = counter_candidate(desk.runtime)
    problems: list[str] = []
    qtbot.waitUntil(lambda: desk.login.runtime is not None, timeout=WAIT_MS)
    problems += clashes("login")
    window = log_in(qtbot, desk, "principal")
    tabs = window.ui.tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        problems += clashes(f"tab {i}")
    tabs.setCurrentIndex(0)
    page = open_student(qtbot, window, summary.student_id)
    problems += clashes("student view")
    wizard = start_wizard(qtbot, page)
    problems += clashes("wizard questions")
    answer_questions(qtbot, wizard, correct_answers(view))
    fill_photo_id(qtbot, wizard)
    problems += clashes("wizard photo id")
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    problems += clashes("wizard passed")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    # The view reloads after the wizard: the PIN's buttons (preview, reissue) appear.
    qtbot.waitUntil(page.ui.previewButton.isVisible, timeout=WAIT_MS)
    problems += clashes("student view after the wizard")
    staff = window.office_widget("staff")
    tabs.setCurrentWidget(staff)
    qtbot.waitUntil(lambda: staff.model.rowCount() > 0, timeout=WAIT_MS)
    staff.select("office_staff")
    for open_dialog in (staff.add_member, staff.grant, staff.revoke, staff.toggle_active):
        dialog = open_dialog()
        if dialog is not None:
            problems += clashes(f"dialog {type(dialog).__name__}")
            dialog.reject()
    window.lock()
    problems += clashes("lock page")
    assert not problems, "\n".join(problems)
