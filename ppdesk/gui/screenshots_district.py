"""Screenshots of a district-office verification and its letter route (English and Spanish).

    xvfb-run -a -s "-screen 0 1366x768x24" python -m ppdesk.gui.screenshots_district docs/screenshots

A fresh demo school in a temporary directory, and a parent access administrator of its local
district (Central), granted there by the district administrator. Verified by video, the
wizard offers to read the PIN by phone (section IV step 3) or to queue the letter for the
school, never Print; the PIN read out with its phonetic spelling; then the school's own
parent access administrator finds the queued letter under "Letters to print".
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

VERIFIER = "ld_pace"


def _district_verifier(rt: Any) -> None:
    """A Local District Central parent access administrator, made as a district would."""
    from ppdesk.domain.roles import Role
    from ppdesk.services import staff
    from ppdesk.services.auth import PasswordAuthenticator

    admin = PasswordAuthenticator(rt.ctx).login("district_admin", PASSWORD)
    with rt.ctx.uow(readonly=True) as uow:
        school = uow.schools.list_all()[0].code
    staff.add_staff(
        rt.ctx,
        admin,
        username=VERIFIER,
        display_name="Marisol Ortega",
        password=PASSWORD,
        school_code=school,
    )
    staff.grant_role(
        rt.ctx,
        admin,
        username=VERIFIER,
        role=Role.PARENT_ACCESS_ADMIN,
        local_district="Central",
        reason="Local District Central parent center",
    )


def take(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QWizard

    from ppdesk import bootstrap
    from ppdesk.gui.app import ensure_application
    from ppdesk.gui.office.i18n import install_translator
    from ppdesk.services.demo import create_demo

    app = ensure_application()
    out.mkdir(parents=True, exist_ok=True)
    shoot = Shooter(out, "district-{name}.png")
    tmp = Path(os.environ["PPDESK_DATA_DIR"])
    rt = bootstrap.open_app(database=f"sqlite:///{(tmp / 'demo.sqlite3').as_posix()}")
    create_demo(rt.ctx, students=300, seed=11, password=PASSWORD)
    _district_verifier(rt)
    views = _pick_students(rt)

    for view, language in zip(views, ("en", "es"), strict=True):
        install_translator(language)
        suffix = "" if language == "en" else "-es"
        desk = log_in(rt, tmp, VERIFIER)
        page = desk.window.open_student(view.student_id)
        _wait(lambda page=page: page.view is not None)
        page.open_wizard(reissue=False)
        wizard = page.wizard
        _wait(lambda wizard=wizard: wizard is not None and wizard.isVisible())
        wizard.mode_page.ui.videoRadio.click()
        wizard.button(QWizard.WizardButton.CommitButton).click()
        _wait(lambda wizard=wizard: wizard.currentPage() is wizard.questions)
        for edit, text in zip(wizard.questions.edits(), _answers(view), strict=True):
            _type(edit, text)
        wizard.next()
        _wait(lambda wizard=wizard: wizard.currentPage() is wizard.photo)
        photo = wizard.photo.ui
        photo.idTypeCombo.setCurrentIndex(1)
        photo.nameYesRadio.setChecked(True)
        _type(photo.expiryEdit, "12/31/2031")
        if photo.seenGroup.isVisible():
            photo.seenYesRadio.setChecked(True)
        wizard.button(QWizard.WizardButton.CommitButton).click()
        _wait(lambda wizard=wizard: wizard.currentPage() is wizard.outcome_page)
        outcome = wizard.outcome_page
        _wait(lambda outcome=outcome: not outcome.fetching)
        shoot(wizard, f"1-video-outcome{suffix}")
        outcome.readButton.click()
        _wait(lambda outcome=outcome: outcome.pin is not None)
        outcome.queueButton.click()
        _wait(lambda outcome=outcome: outcome.queued is not None)
        shoot(wizard, f"2-read-by-phone-and-queued{suffix}")
        wizard.accept()
        desk.shutdown()
        school = log_in(rt, tmp, "parent_access_admin")
        tab = school.window.office_widget("school_letters")
        holder = tab
        while holder is not None and school.window.ui.tabs.indexOf(holder) < 0:
            holder = holder.parentWidget()  # the tab page that holds the office widget
        school.window.show_tab(holder)
        _wait(lambda tab=tab: tab.table.rowCount() >= 1)
        tab.table.selectRow(0)
        shoot(school.window, f"3-letters-to-print{suffix}")
        school.shutdown()
    install_translator("en")
    rt.close()
    app.processEvents()
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    return run(take, argv)


if __name__ == "__main__":
    raise SystemExit(main())
