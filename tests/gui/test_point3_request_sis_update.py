"""Issue 15 point 3 at the desk: at a school an SIS import feeds, the button that records the
verified parent and legal guardian status becomes 'Request the SIS update…': a dialog asks
which documents were seen, the request is recorded (not the status), and the desk says the
PIN can be issued once the SIS carries the status. A school no import feeds keeps 'Mark as
verified…'. In English and in Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ppdesk.gui.office.i18n import install_translator
from tests.gui.helpers import WAIT_MS, log_in, open_student


def _candidate(rt: Any) -> tuple[int, Any]:
    """A demo student with a guardian who is not yet a verified legal guardian."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from ppdesk.adapters.db.models import GuardianLink

    with Session(rt.engine) as s:
        row = s.execute(
            select(GuardianLink.student_id, GuardianLink.id)
            .where(GuardianLink.verified_legal_guardian.is_(False), GuardianLink.active)
            .order_by(GuardianLink.id)
            .limit(1)
        ).one()
    return row[0], row[1]


def _make_sis_fed(rt: Any) -> None:
    """What the first SIS import does to the school (sis_write: mark_sis_fed)."""
    with rt.ctx.uow() as uow:
        for school in uow.schools.list_all():
            uow.status_requests.mark_sis_fed([school.id], uow.now())
        uow.commit()


def _open(qtbot: Any, desk: Any, student_id: int, link_id: int) -> Any:
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, student_id)
    page._select_guardian(link_id)
    assert page.current_guardian().link_id == link_id
    return page


def test_point3_request_the_sis_update_at_an_sis_fed_school(qtbot: Any, desk: Any) -> None:
    rt = desk.runtime
    student_id, link_id = _candidate(rt)
    _make_sis_fed(rt)
    page = _open(qtbot, desk, student_id, link_id)
    button = page.ui.markVerifiedButton
    assert button.text() == "Request the SIS update…"
    assert button.isVisibleTo(page) and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.sis_dialog is not None and page.sis_dialog.isVisible())
    dialog = page.sis_dialog
    assert "must be updated in the SIS" in dialog.explanation.text()
    assert "once the SIS carries the status" in dialog.explanation.text()
    assert not dialog.okButton.isEnabled()  # no document ticked yet
    dialog.checks["other"].setChecked(True)
    assert not dialog.okButton.isEnabled()  # "other" needs a note
    qtbot.keyClicks(dialog.noteEdit, "Letters of guardianship, case 2026-PR-0042")
    assert dialog.okButton.isEnabled()
    dialog.checks["court_order"].setChecked(True)
    qtbot.mouseClick(dialog.okButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "SIS updates to make" in page.ui.noticeLabel.text(), timeout=WAIT_MS)
    assert "PIN can be issued once the SIS carries" in page.ui.noticeLabel.text()
    qtbot.waitUntil(lambda: button.text() == "Withdraw the SIS request…", timeout=WAIT_MS)
    page._select_guardian(link_id)
    assert "An SIS update was requested" in page.ui.guardianHint.text()
    assert "once the SIS carries" in page.ui.guardianHint.text()
    with rt.ctx.uow(readonly=True) as uow:
        [request] = uow.status_requests.open_rows([s.id for s in uow.schools.list_all()])
        link = uow.people.link(link_id)
    assert request.link_id == link_id and request.requested_by
    assert request.documents == "Court order (custody or guardianship); Other document"
    assert request.note == "Letters of guardianship, case 2026-PR-0042"
    assert not link.verified_legal_guardian  # the status itself was not recorded
    # The same button now withdraws the open request, with a reason.
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    hub = desk.desk
    qtbot.waitUntil(lambda: hub.last_prompt is not None and hub.last_prompt.isVisible())
    hub.last_prompt.setTextValue("requested for the wrong guardian")
    hub.last_prompt.accept()
    qtbot.waitUntil(lambda: "was withdrawn" in page.ui.noticeLabel.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: button.text() == "Request the SIS update…", timeout=WAIT_MS)
    with rt.ctx.uow(readonly=True) as uow:
        assert uow.status_requests.open_rows([s.id for s in uow.schools.list_all()]) == []
        assert uow.status_requests.get(request.id).outcome == "withdrawn"


def test_point3_a_school_without_sis_import_keeps_mark_as_verified(qtbot: Any, desk: Any) -> None:
    rt = desk.runtime
    student_id, link_id = _candidate(rt)
    page = _open(qtbot, desk, student_id, link_id)
    assert page.ui.markVerifiedButton.text() == "&Mark as verified parent and legal guardian…"
    assert page.ui.markVerifiedButton.isEnabled()
    qtbot.mouseClick(page.ui.markVerifiedButton, Qt.MouseButton.LeftButton)
    hub = desk.desk
    qtbot.waitUntil(lambda: hub.last_prompt is not None and hub.last_prompt.isVisible())
    assert page.sis_dialog is None
    hub.last_prompt.setTextValue("birth certificate seen")
    hub.last_prompt.accept()
    qtbot.waitUntil(lambda: "is now recorded" in page.ui.noticeLabel.text(), timeout=WAIT_MS)
    with rt.ctx.uow(readonly=True) as uow:
        assert uow.people.link(link_id).verified_legal_guardian


@pytest.fixture
def spanish() -> Iterator[None]:
    assert install_translator("es")
    yield
    install_translator("en")


def test_point3_the_request_dialog_in_spanish(qtbot: Any, make_desk: Any, spanish: None) -> None:
    desk = make_desk()
    rt = desk.runtime
    student_id, link_id = _candidate(rt)
    _make_sis_fed(rt)
    page = _open(qtbot, desk, student_id, link_id)
    assert page.ui.markVerifiedButton.text() == "Solicitar la actualización en el SIS…"
    qtbot.mouseClick(page.ui.markVerifiedButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.sis_dialog is not None and page.sis_dialog.isVisible())
    dialog = page.sis_dialog
    assert "SIS" in dialog.explanation.text() and "PIN" in dialog.explanation.text()
    assert "must be updated" not in dialog.explanation.text()
    assert dialog.checks["birth_certificate"].text() == "Acta de nacimiento que nombra al padre"
    assert dialog.okButton.text() == "Registrar la solicitud"
    dialog.reject()
    # Documents are stored as the report prints them (English); the desk shows them in Spanish.
    from ppdesk.gui.sis_request_dialog import translated_documents

    assert translated_documents("Adoption decree; Other document") == (
        "Sentencia de adopción; Otro documento"
    )


def test_point3_office_staff_see_and_export_the_sis_updates_to_make(
    qtbot: Any, desk: Any, tmp_path: Any
) -> None:
    import openpyxl

    from ppdesk.services import sis_requests
    from ppdesk.services.auth import PasswordAuthenticator
    from tests.gui.conftest import DEMO_PASSWORD

    rt = desk.runtime
    _student_id, link_id = _candidate(rt)
    _make_sis_fed(rt)
    principal = PasswordAuthenticator(rt.ctx).login("principal", DEMO_PASSWORD)
    sis_requests.request_sis_update(rt.ctx, principal, link_id, documents=["adoption"])
    window = log_in(qtbot, desk, "office_staff")
    tab = window.office_widget("reporting")
    window.show_tab(window.ui.reportingTab)
    qtbot.waitUntil(lambda: tab.sis_loaded, timeout=WAIT_MS)
    pages = [tab.pages.tabText(i) for i in range(tab.pages.count())]
    assert "SIS updates to make" in pages
    assert tab.sis_model.rowCount() == 1
    [row] = tab.sis_model.records()
    assert row.link_id == link_id and row.documents == "Adoption decree"
    assert tab.sisLabel.text() == "1 SIS updates to make."
    out = tmp_path / "sis-updates.xlsx"
    tab.export("sis-updates", str(out))
    qtbot.waitUntil(lambda: tab.last_export is not None, timeout=WAIT_MS)
    assert tab.last_export.rows == 1
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    # Column 8 says which update (record or remove the status), then the documents seen.
    assert rows[1][7] == "Record the verified status"
    assert rows[1][8] == "Adoption decree" and rows[1][4] == row.guardian_name
