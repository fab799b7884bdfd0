"""The letter goes through the print path (QPdfDocument pages rendered onto a QPrinter that
writes a PDF file) and the PIN is in the printed file; printing is an audited disclosure."""

from __future__ import annotations

import json
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from tests.gui.helpers import (
    WAIT_MS,
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


def _verified_with_pin(qtbot: Any, desk: Any) -> tuple[Any, Any, Any, str]:
    summary, view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk)
    page = open_student(qtbot, window, summary.student_id)
    wizard = start_wizard(qtbot, page)
    answer_questions(qtbot, wizard, correct_answers(view))
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    return page, wizard, view, wizard.outcome_page.ui.pinLabel.text()


def _pdf_text(path: Any) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.split())  # Qt's PDF writer separates words with tabs


def test_print_letter_from_the_pin_page_reaches_the_printer_with_the_pin(
    qtbot: Any, desk: Any, printed: Any
) -> None:
    page, wizard, view, pin = _verified_with_pin(qtbot, desk)
    outcome = wizard.outcome_page
    qtbot.mouseClick(outcome.ui.printButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcome.printed_pages == 1, timeout=WAIT_MS)
    assert len(printed.files) == 1
    reader = PdfReader(printed.files[0])
    assert len(reader.pages) == 1
    assert reader.pages[0].images, "the page is printed as rendered PDF page (an image)"
    text = _pdf_text(printed.files[0])
    assert pin in text
    assert view.student_number in text and view.name in text
    reveal = audit_rows(desk.runtime, action="letter_print")
    assert len(reveal) == 1 and json.loads(reveal[0].details)["channel"] == "print"
    assert pin not in " ".join(r.details for r in audit_rows(desk.runtime))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)


def test_preview_then_print_from_the_student_view(qtbot: Any, desk: Any, printed: Any) -> None:
    page, wizard, _view, pin = _verified_with_pin(qtbot, desk)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.ui.previewButton.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(page.ui.previewButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.desk.last_preview is not None, timeout=WAIT_MS)
    preview = desk.desk.last_preview
    assert preview.view.document().pageCount() == 1
    qtbot.mouseClick(preview.ui.printButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(printed.files) == 1 and printed.files[0].exists(), timeout=WAIT_MS)
    assert pin in _pdf_text(printed.files[0])
    assert len(audit_rows(desk.runtime, action="letter_print")) == 1  # the preview's disclosure


def test_printing_without_a_recent_verification_is_refused(qtbot: Any, desk: Any) -> None:
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.lookup import find_students, student_view
    from tests.gui.conftest import DEMO_PASSWORD

    rt = desk.runtime
    session = PasswordAuthenticator(rt.ctx).login("district_admin", DEMO_PASSWORD)
    target = None
    for s in find_students(rt.ctx, session, "a"):
        v = student_view(rt.ctx, session, s.student_id)
        if any(g.pin_status == "active" for g in v.guardians):
            target = (v, next(g for g in v.guardians if g.pin_status == "active"))
            break
    assert target is not None
    view, guardian = target
    window = log_in(qtbot, desk)
    page = window.open_student(view.student_id, select_link_id=guardian.link_id)
    qtbot.waitUntil(lambda: page.view is not None, timeout=WAIT_MS)
    assert page.ui.printButton.isEnabled()
    qtbot.mouseClick(page.ui.printButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.presenter.last_report is not None, timeout=WAIT_MS)
    assert "Verify this guardian's identity first" in desk.presenter.last_report.message
    denied = audit_rows(rt, action="letter_print")
    assert [r.outcome for r in denied] == ["denied"]


def test_an_old_login_asks_for_the_password_again_then_prints(
    qtbot: Any, desk: Any, printed: Any
) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from tests.gui.conftest import DEMO_PASSWORD

    _page, wizard, _view, pin = _verified_with_pin(qtbot, desk)
    hub = desk.desk
    hub.session = replace(
        hub.session, authenticated_at=hub.session.authenticated_at - timedelta(minutes=20)
    )
    qtbot.mouseClick(wizard.outcome_page.ui.printButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: hub.last_prompt is not None and hub.last_prompt.isVisible(), timeout=WAIT_MS
    )
    prompt = hub.last_prompt
    assert "enter your password again" in prompt.ui.messageLabel.text()
    assert printed.files == []
    qtbot.keyClicks(prompt.ui.passwordEdit, DEMO_PASSWORD)
    qtbot.keyClick(prompt.ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.outcome_page.printed_pages == 1, timeout=WAIT_MS)
    assert pin in _pdf_text(printed.files[0])
    actions = [r.action for r in audit_rows(desk.runtime, actor="principal")]
    assert actions[-2:] == ["login", "letter_print"]  # the step-up, then the print
