"""Issue 15 point 7 at the desk: "Remove verified status…" asks why, revokes the PIN and says
when the portal link must be removed by the portal team. Not offered to office staff or to a
parent access administrator."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import WAIT_MS, counter_candidate, log_in, open_student
from tests.support.roster_data import add_pin


def test_point7_remove_status_revokes_and_points_to_the_portal_team(qtbot: Any, desk: Any) -> None:
    from ppdesk.services import redemption
    from ppdesk.services.auth import PasswordAuthenticator

    rt = desk.runtime
    summary, view = counter_candidate(rt)
    guardian = next(g for g in view.guardians if g.verified_legal_guardian)
    staff = PasswordAuthenticator(rt.ctx).login("principal", DEMO_PASSWORD)
    _pin_id, display = add_pin(rt.ctx, guardian.link_id, issued_by=staff.staff_id)
    redemption.redeem(
        rt.ctx,
        student_number=view.student_number,
        dob=view.dob,
        pin_text=display,
        email="parent@example.org",
    )
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    page._select_guardian(guardian.link_id)
    assert page.removeStatusButton.isVisibleTo(page) and page.removeStatusButton.isEnabled()
    qtbot.mouseClick(page.removeStatusButton, Qt.MouseButton.LeftButton)
    hub = desk.desk
    qtbot.waitUntil(lambda: hub.last_prompt is not None and hub.last_prompt.isVisible())
    assert guardian.name in hub.last_prompt.labelText()
    hub.last_prompt.setTextValue("court order")
    hub.last_prompt.accept()
    qtbot.waitUntil(lambda: "Portal links to remove" in page.ui.noticeLabel.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.removeStatusButton.isEnabled(), timeout=WAIT_MS)


def test_point7_not_offered_to_office_staff_or_parent_access_admins(qtbot: Any, desk: Any) -> None:
    summary, _view = counter_candidate(desk.runtime)
    for user in ("office_staff", "parent_access_admin"):
        window = log_in(qtbot, desk, user)
        page = open_student(qtbot, window, summary.student_id)
        assert not page.removeStatusButton.isVisibleTo(page), user
