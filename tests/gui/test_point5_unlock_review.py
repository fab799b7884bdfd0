"""Issue 15 point 5 at the desk: "Unlock" first shows the guardian's failed verifications
(school, student, staff, mode, which checks failed, never the answers), then asks why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import WAIT_MS, counter_candidate, log_in, open_student
from tests.support.family import good_id, right_answers


def test_point5_unlock_shows_the_failed_attempts_then_unlocks(qtbot: Any, desk: Any) -> None:
    from ppdesk.services import verification
    from ppdesk.services.auth import PasswordAuthenticator

    rt = desk.runtime
    summary, view = counter_candidate(rt)
    guardian = next(g for g in view.guardians if g.verified_legal_guardian and not g.locked)
    paa = PasswordAuthenticator(rt.ctx).login("parent_access_admin", DEMO_PASSWORD)
    for _ in range(3):
        started = verification.start_verification(rt.ctx, paa, guardian.link_id, "in_person")
        outcome = verification.complete_verification(
            rt.ctx, paa, started.verification_id, right_answers(grade="12"), good_id()
        )
    assert outcome.guardian_locked

    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    page._select_guardian(guardian.link_id)
    assert page.ui.unlockButton.isEnabled()
    qtbot.mouseClick(page.ui.unlockButton, Qt.MouseButton.LeftButton)
    hub = desk.desk
    qtbot.waitUntil(
        lambda: hub.last_prompt is not None and hub.last_prompt.isVisible(), timeout=WAIT_MS
    )
    text = hub.last_prompt.labelText()
    assert text.count(f"at school {view.school_code}, student {view.student_number}") == 3
    assert "Student's grade level" in text and "Why unlock" in text
    assert view.grade not in text.split("Why unlock")[0].split(":")[-1]  # no record values
    hub.last_prompt.setTextValue("talked with the family")
    hub.last_prompt.accept()

    def unlocked() -> bool:
        with rt.ctx.uow(readonly=True) as uow:
            return uow.people.guardian(guardian.guardian_id).verification_locked_at is None

    qtbot.waitUntil(unlocked, timeout=WAIT_MS)
