"""Screenshots of the hand-over of a bulk letter at the desk, for the README.

    xvfb-run -a -s "-screen 0 1366x768x24" python -m ppdesk.gui.screenshots_handover docs/screenshots

A fresh demo school in a temporary directory; the principal prints one homeroom's bulk
letters (held PINs), then a letter number is typed into Find a student as a USB scanner
would, and the hand-over checklist runs for a mother of two children at the school.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ppdesk.gui.screenshots import (
    PASSWORD,
    Shooter,
    _answers,
    _pick_students,
    _type,
    _wait,
    log_in,
    run,
)

NAMES = ("scanned", "checklist", "handed-over-next-child", "student-view-held")


def _second_child(rt: Any, view: Any, guardian_id: int, password: str = PASSWORD) -> Any:
    """Link the guardian to a second student of the same school (a sibling), verified."""
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.lookup import find_students, student_view

    session = PasswordAuthenticator(rt.ctx).login("district_admin", password)
    for letter in "aeiou":
        for summary in find_students(rt.ctx, session, letter):
            other = student_view(rt.ctx, session, summary.student_id)
            if other.student_id != view.student_id and other.school_code == view.school_code:
                with rt.ctx.uow() as uow:
                    uow.people.bulk_insert(
                        "guardian_link",
                        [
                            {
                                "student_id": other.student_id,
                                "guardian_id": guardian_id,
                                "relationship": "Mother",
                                "verified_legal_guardian": True,
                                "verified_source": "sis",
                            }
                        ],
                    )
                    uow.commit()
                return student_view(rt.ctx, session, other.student_id)
    raise RuntimeError("no sibling found")


def take(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QWizard

    from ppdesk import bootstrap
    from ppdesk.gui.app import ensure_application
    from ppdesk.services import letters
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.demo import create_demo

    app = ensure_application()
    out.mkdir(parents=True, exist_ok=True)
    shoot = Shooter(out, "handover-{n}-{name}.png")
    tmp = Path(os.environ["PPDESK_DATA_DIR"])
    rt = bootstrap.open_app(database=f"sqlite:///{(tmp / 'demo.sqlite3').as_posix()}")
    create_demo(rt.ctx, students=300, seed=11, password=PASSWORD)
    view, _ = _pick_students(rt)
    guardian = next(g for g in view.guardians if g.verified_legal_guardian and not g.locked)
    sibling = _second_child(rt, view, guardian.guardian_id)
    principal = PasswordAuthenticator(rt.ctx).login("principal", PASSWORD)
    for who in (view, sibling):
        letters.bulk_letters(
            rt.ctx,
            principal,
            tmp / f"bulk-{who.student_id}.pdf",
            school_code=who.school_code,
            grade=who.grade,
            homeroom=who.homeroom,
        )
    with rt.ctx.uow(readonly=True) as uow:
        number = uow.pins.held_for_link(guardian.link_id).letter_number

    desk = log_in(rt, tmp, "principal")
    window = desk.window
    find = window.find_page
    _type(find.ui.queryEdit, number)  # what the scanner types before its Enter
    shoot(window, NAMES[0])

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(find.ui.queryEdit, Qt.Key.Key_Return)
    _wait(lambda: bool(window.student_pages()) and window.student_pages()[0].wizard is not None)
    page = window.student_pages()[0]
    wizard = page.wizard
    _wait(lambda: wizard.isVisible())
    shoot(wizard, NAMES[1])
    wizard.button(QWizard.WizardButton.CommitButton).click()
    _wait(lambda: wizard.currentPage() is wizard.questions)
    for edit, text in zip(wizard.questions.edits(), _answers(view), strict=True):
        _type(edit, text.splitlines()[0] if text else text)  # the street line of an address
    wizard.next()
    _wait(lambda: wizard.currentPage() is wizard.photo)
    photo = wizard.photo.ui
    photo.idTypeCombo.setCurrentIndex(1)
    photo.nameYesRadio.setChecked(True)
    _type(photo.expiryEdit, "12/31/2031")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    _wait(lambda: wizard.currentPage() is wizard.outcome_page)
    _wait(lambda: wizard.outcome_page.handed is not None)
    shoot(wizard, NAMES[2])
    wizard.outcome_page.nextButton.click()
    _wait(lambda: len(window.student_pages()) == 2)
    second = window.student_pages()[1]
    _wait(lambda: second.wizard is not None and second.wizard.isVisible())
    second.wizard.close_silently()
    _wait(lambda: second.wizard is None and second.view is not None)
    shoot(window, NAMES[3])
    desk.shutdown()
    rt.close()
    app.processEvents()
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    return run(take, argv)


if __name__ == "__main__":
    raise SystemExit(main())
