"""Screenshots of the SIS update request at the desk (English and Spanish), for the README.

    xvfb-run -a -s "-screen 0 1366x768x24" python -m ppdesk.gui.screenshots_sis docs/screenshots

A fresh demo school in a temporary directory, made SIS-fed as its first import would make
it: the principal opens a guardian who is not yet the verified parent and legal guardian,
asks for the SIS update (documents seen), and the office staff member's Reporting tab lists
the request on "SIS updates to make".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ppdesk.gui.screenshots import PASSWORD, Shooter, _type, _wait, log_in, run


def _unverified_links(rt: Any, count: int) -> list[tuple[int, int]]:
    """(student id, link id) of guardians not yet verified, found through the services."""
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.lookup import find_students, student_view

    session = PasswordAuthenticator(rt.ctx).login("district_admin", PASSWORD)
    found: list[tuple[int, int]] = []
    seen: set[int] = set()
    for letter in "aeiou":
        for summary in find_students(rt.ctx, session, letter):
            if summary.student_id in seen:
                continue
            seen.add(summary.student_id)
            view = student_view(rt.ctx, session, summary.student_id)
            link = next((g.link_id for g in view.guardians if not g.verified_legal_guardian), None)
            if link is not None:
                found.append((view.student_id, link))
                if len(found) == count:
                    return found
    raise RuntimeError("not enough guardians without the verified status")


def take(out: Path) -> list[Path]:
    from ppdesk import bootstrap
    from ppdesk.gui.app import ensure_application
    from ppdesk.gui.office.i18n import install_translator
    from ppdesk.services.demo import create_demo

    app = ensure_application()
    out.mkdir(parents=True, exist_ok=True)
    shoot = Shooter(out, "sis-{name}.png")
    tmp = Path(os.environ["PPDESK_DATA_DIR"])
    rt = bootstrap.open_app(database=f"sqlite:///{(tmp / 'demo.sqlite3').as_posix()}")
    create_demo(rt.ctx, students=300, seed=11, password=PASSWORD)
    with rt.ctx.uow() as uow:
        uow.status_requests.mark_sis_fed([s.id for s in uow.schools.list_all()], uow.now())
        uow.commit()
    links = _unverified_links(rt, 2)

    for (student_id, link_id), language in zip(links, ("en", "es"), strict=True):
        install_translator(language)
        suffix = "" if language == "en" else "-es"
        desk = log_in(rt, tmp, "principal")
        window = desk.window
        page = window.open_student(student_id)
        _wait(lambda page=page: page.view is not None)
        page._select_guardian(link_id)
        page.ui.markVerifiedButton.click()
        _wait(lambda page=page: page.sis_dialog is not None and page.sis_dialog.isVisible())
        dialog = page.sis_dialog
        dialog.checks["birth_certificate"].setChecked(True)
        dialog.checks["photo_id"].setChecked(True)
        _type(dialog.noteEdit, "2016-019-004512")
        shoot(dialog, f"1-request-dialog{suffix}")
        dialog.okButton.click()
        _wait(lambda page=page: page.view is not None and page.current_guardian() is not None)
        _wait(
            lambda page=page, link_id=link_id: any(
                g.link_id == link_id and g.sis_request is not None
                for g in (page.view.guardians if page.view else ())
            )
        )
        page._select_guardian(link_id)
        shoot(window, f"2-student-view-requested{suffix}")
        desk.shutdown()
        office = log_in(rt, tmp, "office_staff")
        tab = office.window.office_widget("reporting")
        office.window.show_tab(office.window.ui.reportingTab)
        _wait(lambda tab=tab: tab.sis_loaded)
        tab.pages.setCurrentIndex(tab.pages.count() - 1)
        shoot(office.window, f"3-reporting{suffix}")
        office.shutdown()
    install_translator("en")
    rt.close()
    app.processEvents()
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    return run(take, argv)


if __name__ == "__main__":
    raise SystemExit(main())
