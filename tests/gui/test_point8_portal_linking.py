"""Issue 15 point 8 at the desk: the student view shows the failed portal link attempts of
the last 24 hours; "Check a PIN" says whether a PIN is valid without using it; "Clear the
redemption lock" clears the failures. Office staff see the failures but not the actions."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import WAIT_MS, counter_candidate, log_in, open_student
from tests.support.roster_data import add_pin


@pytest.fixture
def failing_family(desk: Any) -> tuple[Any, Any, str]:
    from ppdesk.domain.pin import generate_pin
    from ppdesk.services import redemption
    from ppdesk.services.auth import PasswordAuthenticator

    rt = desk.runtime
    summary, view = counter_candidate(rt)
    guardian = next(g for g in view.guardians if g.verified_legal_guardian)
    staff = PasswordAuthenticator(rt.ctx).login("principal", DEMO_PASSWORD)
    _pin_id, display = add_pin(rt.ctx, guardian.link_id, issued_by=staff.staff_id)
    for _ in range(3):
        with pytest.raises(redemption.RedemptionFailed):
            redemption.redeem(
                rt.ctx,
                student_number=view.student_number,
                dob=view.dob,
                pin_text=generate_pin().display,
                email="parent@example.org",
            )
    return summary, view, display


def test_point8_check_a_pin_then_clear_the_lock(
    qtbot: Any, desk: Any, failing_family: tuple[Any, Any, str]
) -> None:
    summary, _view, display = failing_family
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    panel = page.redemption
    qtbot.waitUntil(lambda: "3 failed portal link attempts" in panel.failuresLabel.text())
    assert panel.checkButton.isVisibleTo(page) and panel.clearButton.isEnabled()

    qtbot.mouseClick(panel.checkButton, Qt.MouseButton.LeftButton)
    hub = desk.desk
    qtbot.waitUntil(lambda: hub.last_prompt is not None and hub.last_prompt.isVisible())
    hub.last_prompt.setTextValue(display.lower())
    hub.last_prompt.accept()
    qtbot.waitUntil(lambda: panel.resultLabel.text().startswith("Valid"), timeout=WAIT_MS)
    assert display not in panel.resultLabel.text()  # the PIN is never echoed

    qtbot.mouseClick(panel.clearButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "3 failed attempts cleared" in panel.resultLabel.text(), timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: panel.failuresLabel.text().startswith("No failed"), timeout=WAIT_MS)
    assert not panel.clearButton.isEnabled()


def test_point8_office_staff_see_the_failures_but_no_action(
    qtbot: Any, desk: Any, failing_family: tuple[Any, Any, str]
) -> None:
    summary, _view, _display = failing_family
    window = log_in(qtbot, desk, "office_staff")
    page = open_student(qtbot, window, summary.student_id)
    panel = page.redemption
    qtbot.waitUntil(lambda: "3 failed portal link attempts" in panel.failuresLabel.text())
    assert not panel.checkButton.isVisibleTo(page)
    assert not panel.clearButton.isVisibleTo(page)
