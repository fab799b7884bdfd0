"""The Spanish interface leaves no visible string in English.

The test switches the translator to Spanish, walks every screen it can reach (login, the main
window and each tab, search results, the student view, each wizard page and both outcomes,
the office tabs and their dialogs) and checks every visible text: labels, buttons, check and
radio buttons, group titles, tab titles, table headers, window titles and placeholders.

A text fails when it is one of the English source strings whose Spanish differs, or when it
still holds a word that only English uses. User data (names, the school, the database path,
IDs) is removed first; the short allow-list below names the rest.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
    QWizard,
)

from ppdesk.gui.office.i18n import install_translator, translations_dir
from tests.gui.helpers import (
    WAIT_MS,
    answer_questions,
    check_identity,
    correct_answers,
    counter_candidate,
    fill_photo_id,
    log_in,
    open_student,
    search,
    start_wizard,
    wait_outcome,
)

# Words Spanish never uses: one of them in a visible text means English was left behind.
ENGLISH_ONLY = {
    "the", "and", "your", "with", "this", "that", "not", "for", "of", "you", "is", "are",
    "by", "to", "student", "students", "guardian", "guardians", "name", "type", "enter",
    "search", "find", "print", "letter", "verify", "issue", "show", "save", "settings",
    "staff", "role", "roles", "grant", "revoke", "unlock", "locked", "database", "password",
    "user", "school", "grade", "phone", "address", "date", "birth", "identity", "verified",
    "active", "expired", "yes", "next", "back", "finish", "cancel", "close", "retry", "export",
    "audit", "action", "details", "when", "loading", "checking", "working", "minutes", "days",
    "in", "now", "file", "shown", "under", "only", "new", "all", "from", "district", "schools",
}  # fmt: skip

# Not English to fix: product and standard names, codes and examples typed as written.
ALLOW = (
    "ppdesk",
    "PostgreSQL",
    "SQLite file",  # the database description comes from the engine (a path follows)
    "NIST SP 800-63B",
    "MiSiS",
    "Ctrl+L",
    "Excel",
    "PDF",
    "PIN",
    "TK, K, first, grade five, tenth",  # the grade words the answer parser understands
)


def _english_sources() -> set[str]:
    tree = ET.parse(translations_dir() / "ppdesk_es.ts")
    out = set()
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if source.strip() and translation != source:
            out.add(source)
    return out


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) for the visible strings of one widget."""
    name = type(widget).__name__
    if widget.isWindow() and widget.windowTitle():
        yield f"{name} title", widget.windowTitle()
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield name, widget.text()
    elif isinstance(widget, QGroupBox):
        yield name, widget.title()
    elif isinstance(widget, QLineEdit):
        yield f"{name} placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox) and widget.isEditable() and widget.lineEdit():
        yield f"{name} placeholder", widget.lineEdit().placeholderText()
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for c in range(model.columnCount()):
            yield "header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")
    if isinstance(widget, QWizard):
        page = widget.currentPage()
        if page is not None:
            yield "wizard page", page.title()
            yield "wizard page", page.subTitle()


class Checker:
    def __init__(self, data: list[str]) -> None:
        self.sources = _english_sources()
        self.data = sorted({d for d in data if d}, key=len, reverse=True)
        self.problems: dict[str, str] = {}
        self.seen = 0

    def _clean(self, text: str) -> str:
        text = re.sub(r"<[^>]+>", " ", text).replace("&", "")
        for value in (*self.data, *ALLOW):
            text = text.replace(value, " ")
        return text

    def check(self, screen: str) -> None:
        QApplication.processEvents()
        for widget in QApplication.allWidgets():
            if not widget.isVisible():
                continue
            for what, text in _texts(widget):
                if not text.strip():
                    continue
                self.seen += 1
                words = set(re.findall(r"[^\W\d_]+", self._clean(text).lower()))
                if text in self.sources or words & ENGLISH_ONLY:
                    self.problems.setdefault(text, f"{screen}: {what}")


@pytest.fixture
def spanish() -> Iterator[None]:
    assert install_translator("es")
    yield
    install_translator("en")


def test_every_reachable_screen_is_in_spanish(qtbot: Any, make_desk: Any, spanish: None) -> None:
    desk = make_desk()
    summary, view = counter_candidate(desk.runtime)
    rt = desk.runtime
    data = [
        view.name,
        view.student_number,
        view.school_name,
        view.school_code,
        view.homeroom or "",
        view.address or "",
        view.phone or "",
        view.student_email or "",
        str(rt.description),
        "office_staff",
        *[g.name for g in view.guardians],
        *[g.relationship or "" for g in view.guardians],
        *[c.name for c in view.emergency_contacts],
        *[c.relationship or "" for c in view.emergency_contacts],
    ]
    checker = Checker(data)
    qtbot.waitUntil(lambda: desk.login.runtime is not None, timeout=WAIT_MS)
    checker.check("login")
    window = log_in(qtbot, desk, "principal")
    profile = window.desk.profile
    checker.data += [profile.display_name, profile.username, *profile.schools]
    checker.data.sort(key=len, reverse=True)
    tabs = window.ui.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles[:3] == ["Buscar estudiante", "Buscar tutor", "Informes"]
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        checker.check(f"tab {tabs.tabText(i)}")
    tabs.setCurrentIndex(0)
    search(qtbot, window.find_page, summary.name.split()[0][:3])
    checker.check("search results")
    page = open_student(qtbot, window, summary.student_id)
    checker.check("student view")

    wizard = start_wizard(qtbot, page)
    checker.check("wizard questions")
    answer_questions(qtbot, wizard, correct_answers(view))
    checker.check("wizard photo id (empty)")
    fill_photo_id(qtbot, wizard)
    checker.check("wizard photo id")
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    checker.check("wizard passed")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)

    staff = window.office_widget("staff")
    tabs.setCurrentWidget(staff)
    qtbot.waitUntil(lambda: staff.model.rowCount() > 0, timeout=WAIT_MS)
    staff.select("office_staff")
    for open_dialog in (staff.add_member, staff.grant, staff.toggle_active):
        dialog = open_dialog()
        checker.check(f"dialog {type(dialog).__name__}")
        dialog.reject()
    audit = window.office_widget("audit")
    tabs.setCurrentWidget(audit)
    audit.verify()
    qtbot.waitUntil(lambda: audit.last_report is not None, timeout=WAIT_MS)
    checker.check("audit verified")
    settings = window.office_widget("settings")
    tabs.setCurrentWidget(settings)
    settings.expiry_spin.setValue(30)  # shows the warning
    checker.check("settings")
    window.lock()
    checker.check("lock page")

    assert checker.seen > 150
    assert not checker.problems, "\n".join(f"{w}: {t!r}" for t, w in checker.problems.items())


def test_a_failed_verification_is_in_spanish(qtbot: Any, make_desk: Any, spanish: None) -> None:
    desk = make_desk()
    summary, view = counter_candidate(desk.runtime)
    checker = Checker([view.name, view.student_number, *[g.name for g in view.guardians]])
    window = log_in(qtbot, desk, "principal")
    profile = window.desk.profile
    checker.data += [str(desk.runtime.description), profile.display_name, *profile.schools]
    checker.data.sort(key=len, reverse=True)
    page = open_student(qtbot, window, summary.student_id)
    wizard = start_wizard(qtbot, page, video=True)
    answers = correct_answers(view)
    answer_questions(qtbot, wizard, type(answers)(**{**answers.__dict__, "grade": "99"}))
    fill_photo_id(qtbot, wizard, seen=False)
    checker.check("wizard photo id on video")
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    checker.check("wizard failed")
    assert wizard.outcome_page.ui.reasonsLabel.text().count("<li>") >= 2
    assert not checker.problems, "\n".join(f"{w}: {t!r}" for t, w in checker.problems.items())


def test_the_language_saved_in_the_settings_is_installed_at_start(
    qtbot: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QCoreApplication

    from ppdesk.gui.app import install_language

    monkeypatch.setenv("PPDESK_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.toml").write_text('ui_language = "es"\n', encoding="utf-8")
    try:
        install_language()
        assert QCoreApplication.translate("MainWindow", "Find a student") == "Buscar estudiante"
        (tmp_path / "settings.toml").write_text('ui_language = "en"\n', encoding="utf-8")
        install_language()
        assert QCoreApplication.translate("MainWindow", "Find a student") == "Find a student"
        (tmp_path / "settings.toml").write_text("not toml [", encoding="utf-8")
        install_language()  # an unreadable file means English, not a crash
        assert QCoreApplication.translate("MainWindow", "Find a student") == "Find a student"
    finally:
        install_translator("en")
