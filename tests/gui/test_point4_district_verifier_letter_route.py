"""Issue 15 point 4 at the desk: a local-district verifier (the demo school and a second
school of local district Central) verifies a guardian. In person at the district office the
wizard shows no PIN and offers only "Queue the letter for the school to print"; on video it
may read the PIN by phone with its phonetic spelling, and never offers Print. The school's
own parent access admin finds the letter under "Letters to print" and prints it."""

from __future__ import annotations

import json
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt

from ppdesk.domain.roles import Role
from ppdesk.services import pins
from ppdesk.services import staff as staff_service
from tests.gui.conftest import DEMO_PASSWORD
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
    wait_idle,
    wait_outcome,
)
from tests.support.seed import add_school, add_staff


def _district_verifier(rt: Any) -> None:
    from ppdesk.services.auth import PasswordAuthenticator

    add_school(rt.ctx, "1848", "Bellevue Primary", local_district="Central")
    add_staff(rt.ctx, "ld_verifier", None, password=DEMO_PASSWORD)
    admin = PasswordAuthenticator(rt.ctx).login("district_admin", DEMO_PASSWORD)
    staff_service.grant_role(
        rt.ctx,
        admin,
        username="ld_verifier",
        role=Role.PARENT_ACCESS_ADMIN,
        local_district="Central",
        reason="Local District Central PACE office",
    )


def _verified(qtbot: Any, desk: Any, *, video: bool) -> tuple[Any, Any, Any]:
    rt = desk.runtime
    _district_verifier(rt)
    summary, view = counter_candidate(rt)
    window = log_in(qtbot, desk, "ld_verifier")
    assert window.office_widget("school_letters") is None  # not the school's staff
    page = open_student(qtbot, window, summary.student_id)
    wizard = start_wizard(qtbot, page, video=video)
    answer_questions(qtbot, wizard, correct_answers(view))
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    return wizard, view, page


def test_point4_district_verifier_letter_route_in_person_queues_for_the_school(
    qtbot: Any, make_desk: Any, printed: Any
) -> None:
    desk = make_desk()
    wizard, view, page = _verified(qtbot, desk, video=False)
    link_id = page.current_guardian().link_id
    outcome = wizard.outcome_page
    assert wizard.office == "district"
    assert outcome.ui.pinLabel.text() == ""  # nothing issued or shown yet
    assert not outcome.ui.printButton.isVisible() and not outcome.ui.previewButton.isVisible()
    assert not outcome.readButton.isVisible()  # in person: no reading by phone
    assert outcome.queueButton.isVisible()
    qtbot.mouseClick(outcome.queueButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcome.queued is not None, timeout=WAIT_MS)
    assert outcome.ui.pinLabel.text() == ""
    assert "Jacaranda Avenue School" in outcome.ui.pinErrorLabel.text()
    assert not outcome.queueButton.isVisible()
    rt = desk.runtime
    assert audit_rows(rt, action="pin_disclose") == []
    [queued] = [r for r in audit_rows(rt, action="letter_queue") if r.outcome == "success"]
    assert json.loads(queued.details)["mode"] == "in_person"
    wizard.accept()
    wait_idle(qtbot, desk.desk)

    # The school's office manager (the demo school's parent access admin) prints it.
    school = make_desk()
    window = log_in(qtbot, school, "parent_access_admin")
    tab = window.office_widget("school_letters")
    assert tab is not None
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=WAIT_MS)
    assert tab.table.item(0, 1).text() == view.student_number
    assert tab.table.item(0, 4).text() == "In person at the district office"
    tab.table.selectRow(0)
    assert tab.printButton.isEnabled()
    before = len(printed.files)
    tab.print_selected()
    qtbot.waitUntil(lambda: tab.printed_pages == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0, timeout=WAIT_MS)
    pdf = printed.files[before]
    text = "".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    with rt.ctx.uow(readonly=True) as uow:
        display = pins.decrypt(rt.ctx, uow.pins.active_for_link(link_id)).display
    assert display.replace("-", "") in text.replace("-", "").replace(" ", "")
    [done] = [r for r in audit_rows(rt, action="letter_print") if r.outcome == "success"]
    assert json.loads(done.details)["district_verification"] is True
    assert done.actor == "parent_access_admin"


def test_point4_district_verifier_letter_route_video_reads_by_phone_never_prints(
    qtbot: Any, make_desk: Any
) -> None:
    desk = make_desk()
    wizard, _view, _page = _verified(qtbot, desk, video=True)
    outcome = wizard.outcome_page
    assert outcome.readButton.isVisible() and outcome.queueButton.isVisible()
    assert outcome.ui.pinLabel.text() == ""
    qtbot.mouseClick(outcome.readButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcome.pin is not None, timeout=WAIT_MS)
    assert outcome.ui.pinLabel.text() == outcome.pin.display
    assert outcome.pin.phonetic and outcome.pin.phonetic in outcome.ui.phoneticLabel.text()
    assert not outcome.ui.printButton.isVisible() and not outcome.readButton.isEnabled()
    rt = desk.runtime
    [issued] = [r for r in audit_rows(rt, action="pin_issue") if r.outcome == "success"]
    assert json.loads(issued.details)["channel"] == "phone"
    # The parent may also want the letter: it goes to the school, same PIN.
    qtbot.mouseClick(outcome.queueButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcome.queued is not None, timeout=WAIT_MS)
    assert not outcome.queued.new_pin
