"""Screenshots of the desk on a fresh demo database, for the README.

    xvfb-run -a -s "-screen 0 1366x768x24" python -m ppdesk.gui.screenshots docs/screenshots

Everything happens in a temporary directory (settings, database, key file): the user's own
ppdesk data is never touched. The demo school is invented data, so are the PINs shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PASSWORD = "screenshot demo password"  # noqa: S105 - invented demo accounts


def _wait(condition: Callable[[], object], timeout: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the desk did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def _settle(seconds: float = 0.3) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


class Shooter:
    """Saves a widget's picture as ``out/pattern`` (``n``: its number from 1, ``name``)."""

    def __init__(self, out: Path, pattern: str = "{n:02d}-{name}.png") -> None:
        self.out = out
        self.pattern = pattern
        self.saved: list[Path] = []

    def __call__(self, widget: Any, name: str) -> None:
        _settle()
        path = self.out / self.pattern.format(n=len(self.saved) + 1, name=name)
        if not widget.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        self.saved.append(path)
        print(f"saved {path}")


def _pick_students(rt: Any) -> tuple[Any, Any]:
    """Two students whose first verifiable guardian has no PIN yet (passed and failed runs)."""
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.lookup import find_students, student_view

    session = PasswordAuthenticator(rt.ctx).login("district_admin", PASSWORD)
    found: list[Any] = []
    for letter in "mgrslatc":
        for summary in find_students(rt.ctx, session, letter):
            view = student_view(rt.ctx, session, summary.student_id)
            ok = [g for g in view.guardians if g.verified_legal_guardian and not g.locked]
            new = all(v.student_id != view.student_id for v in found)
            if new and ok and ok[0].pin_status == "none" and view.emergency_contacts:
                found.append(view)
            if len(found) == 2:
                return found[0], found[1]
    raise RuntimeError("the demo school has no suitable students")


def _type(widget: Any, text: str) -> None:
    from PySide6.QtTest import QTest

    widget.setFocus()
    QTest.keyClicks(widget, text)


def _answers(view: Any) -> list[str]:
    contact = view.emergency_contacts[0]
    return [
        f"{view.dob:%B} {view.dob.day}, {view.dob.year}",
        view.name,
        view.grade,
        view.address.splitlines()[0] if view.address else "",  # the street line
        view.phone or "",
        contact.name,
        contact.phone or "",
    ]


def take(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QWizard

    from ppdesk import bootstrap
    from ppdesk.gui.app import DeskApp, ensure_application
    from ppdesk.gui.letters import pdf_printer
    from ppdesk.services.demo import create_demo

    app = ensure_application()
    out.mkdir(parents=True, exist_ok=True)
    shoot = Shooter(out)
    tmp = Path(os.environ["PPDESK_DATA_DIR"])
    rt = bootstrap.open_app(database=f"sqlite:///{(tmp / 'demo.sqlite3').as_posix()}")
    create_demo(rt.ctx, students=300, seed=11, password=PASSWORD)
    passed_view, failed_view = _pick_students(rt)
    desk = DeskApp(runtime=rt, printer_provider=lambda _p: pdf_printer(tmp / "printed.pdf"))
    desk.start()
    login = desk.login
    login.ui.userEdit.setText("principal")
    _type(login.ui.passwordEdit, PASSWORD)
    shoot(login, "login")
    login.ui.loginButton.click()
    _wait(lambda: desk.window is not None)
    window = desk.window

    find = window.find_page
    _type(find.ui.queryEdit, passed_view.last_name[:3])
    _wait(lambda: not find.pending and find.model.rowCount() > 0)
    shoot(window, "find-a-student")

    window.show_tab(window.ui.parentTab)
    _type(window.parent_page.ui.queryEdit, "ma")
    _wait(lambda: not window.parent_page.pending and window.parent_page.model.rowCount() > 0)
    shoot(window, "parent-search")

    page = window.open_student(passed_view.student_id)
    _wait(lambda: page.view is not None)
    shoot(window, "student-view")

    page.open_wizard(reissue=False)
    wizard = page.wizard
    _wait(lambda: wizard.isVisible())
    shoot(wizard, "wizard-1-guardian-and-mode")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    _wait(lambda: wizard.currentPage() is wizard.questions)
    for edit, text in zip(wizard.questions.edits(), _answers(passed_view), strict=True):
        _type(edit, text)
    shoot(wizard, "wizard-2-security-questions")
    wizard.next()
    _wait(lambda: wizard.currentPage() is wizard.photo)
    photo = wizard.photo.ui
    photo.idTypeCombo.setCurrentIndex(1)
    photo.nameYesRadio.setChecked(True)
    _type(photo.expiryEdit, "12/31/2031")
    shoot(wizard, "wizard-3-photo-id")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    _wait(lambda: wizard.currentPage() is wizard.outcome_page and wizard.outcome_page.pin)
    shoot(wizard, "wizard-4-pin")
    wizard.outcome_page.ui.previewButton.click()
    _wait(lambda: desk.desk.last_preview is not None and desk.desk.last_preview.isVisible())
    shoot(desk.desk.last_preview, "letter-preview")
    desk.desk.last_preview.reject()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    _wait(lambda: page.wizard is None)

    page2 = window.open_student(failed_view.student_id)
    _wait(lambda: page2.view is not None)
    page2.open_wizard(reissue=False)
    wizard = page2.wizard
    _wait(lambda: wizard.isVisible())
    wizard.mode_page.ui.videoRadio.setChecked(True)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    _wait(lambda: wizard.currentPage() is wizard.questions)
    wrong = _answers(failed_view)
    wrong[2] = "12" if failed_view.grade != "12" else "1"
    for edit, text in zip(wizard.questions.edits(), wrong, strict=True):
        _type(edit, text)
    wizard.next()
    _wait(lambda: wizard.currentPage() is wizard.photo)
    photo = wizard.photo.ui
    photo.idTypeCombo.setCurrentIndex(3)
    photo.nameYesRadio.setChecked(True)
    photo.seenYesRadio.setChecked(True)
    _type(photo.expiryEdit, "5/1/2030")
    shoot(wizard, "wizard-3-photo-id-video")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    _wait(lambda: wizard.currentPage() is wizard.outcome_page)
    shoot(wizard, "wizard-4-not-verified")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    _wait(lambda: page2.wizard is None)

    window.lock()
    shoot(window, "locked")
    desk.shutdown()
    _second_session(shoot, rt, tmp, passed_view, "en")
    _second_session(shoot, rt, tmp, passed_view, "es")
    rt.close()
    app.processEvents()
    return shoot.saved


def _office_shots(shoot: Shooter, window: Any, suffix: str) -> None:
    """The audit, staff and settings tabs, as a principal sees them."""
    audit = window.office_widget("audit")
    window.ui.tabs.setCurrentWidget(audit)
    _wait(lambda: not audit.loading)
    audit.verify()
    _wait(lambda: audit.last_report is not None)
    shoot(window, f"office-audit{suffix}")
    staff = window.office_widget("staff")
    window.ui.tabs.setCurrentWidget(staff)
    _wait(lambda: not staff.loading and staff.model.rowCount() > 0)
    staff.select("office_staff")
    shoot(window, f"office-staff-and-roles{suffix}")
    dialog = staff.grant()
    dialog.role_combo.setCurrentIndex(max(0, dialog.role_combo.findData("parent_access_admin")))
    dialog.reason_edit.setPlainText("covers the counter on Fridays")
    shoot(dialog, f"office-grant-role{suffix}")
    dialog.reject()
    settings = window.office_widget("settings")
    window.ui.tabs.setCurrentWidget(settings)
    _wait(lambda: settings.school_name_edit.text() != "")
    shoot(window, f"office-settings{suffix}")
    window.ui.tabs.setCurrentIndex(0)


def _second_session(shoot: Shooter, rt: Any, tmp: Path, view: Any, language: str) -> None:
    """A new login in ``language``: the office tabs, and in Spanish also the login, the
    search and the student view."""
    from ppdesk.gui.app import DeskApp
    from ppdesk.gui.letters import pdf_printer
    from ppdesk.gui.office.i18n import install_translator

    install_translator(language)
    suffix = "" if language == "en" else f"-{language}"
    try:
        desk = DeskApp(runtime=rt, printer_provider=lambda _p: pdf_printer(tmp / "printed.pdf"))
        desk.start()
        desk.login.ui.userEdit.setText("principal")
        _type(desk.login.ui.passwordEdit, PASSWORD)
        if suffix:
            shoot(desk.login, f"login{suffix}")
        desk.login.ui.loginButton.click()
        _wait(lambda: desk.window is not None)
        window = desk.window
        if suffix:
            find = window.find_page
            _type(find.ui.queryEdit, view.last_name[:3])
            _wait(lambda: not find.pending and find.model.rowCount() > 0)
            shoot(window, f"find-a-student{suffix}")
            page = window.open_student(view.student_id)
            _wait(lambda: page.view is not None)
            shoot(window, f"student-view{suffix}")
        _office_shots(shoot, window, suffix)
        desk.shutdown()
    finally:
        install_translator("en")


def log_in(rt: Any, tmp: Path, user: str) -> Any:
    """A desk on ``rt`` (printing to a PDF in ``tmp``) with ``user`` signed in."""
    from ppdesk.gui.app import DeskApp
    from ppdesk.gui.letters import pdf_printer

    desk = DeskApp(runtime=rt, printer_provider=lambda _p: pdf_printer(tmp / "printed.pdf"))
    desk.start()
    desk.login.ui.userEdit.setText(user)
    _type(desk.login.ui.passwordEdit, PASSWORD)
    desk.login.ui.loginButton.click()
    _wait(lambda: desk.window is not None)
    return desk


def run(take: Callable[[Path], list[Path]], argv: list[str] | None = None) -> int:
    """Run a screenshot script's ``take(out)`` on a throwaway demo database and keys
    (never the user's own files or keyring); ``argv[0]`` is the output folder."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    with tempfile.TemporaryDirectory(prefix="ppdesk-shots-") as tmp:
        os.environ["PPDESK_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["PPDESK_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.pop("PPDESK_DATABASE_URL", None)
        # The demo's keys go to a key file in the temporary directory, never to the keyring.
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        Path(os.environ["PPDESK_DATA_DIR"]).mkdir(parents=True)
        saved = take(out.resolve())
    print(f"{len(saved)} screenshots in {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(take, argv)


if __name__ == "__main__":
    raise SystemExit(main())
