"""Screenshots of the office tabs (roster, bulk letters, reporting) on a fresh demo database.

    xvfb-run -a -s "-screen 0 1366x768x24" python -m ppdesk.gui.office.screenshots_office \
        docs/screenshots [--lang es]

Like ``ppdesk.gui.screenshots``: everything happens in a temporary directory; the demo school
and the PINs shown are invented. Files are named ``office-N-*.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ppdesk.domain.pin import PinStatus
from ppdesk.gui.screenshots import PASSWORD, _settle, _type, _wait


class OfficeShooter:
    def __init__(self, out: Path, prefix: str = "office") -> None:
        self.out = out
        self.prefix = prefix
        self.saved: list[Path] = []

    def __call__(self, widget: Any, name: str) -> None:
        _settle(0.5)
        path = self.out / f"{self.prefix}-{len(self.saved) + 1}-{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        self.saved.append(path)
        print(f"saved {path}")


def take(out: Path, language: str = "en") -> list[Path]:
    from ppdesk import bootstrap
    from ppdesk.gui.app import DeskApp, ensure_application
    from ppdesk.gui.letters import pdf_printer
    from ppdesk.services.demo import create_demo

    app = ensure_application()
    if language != "en":
        from ppdesk.gui.office.i18n import install_translator

        install_translator(language)
    out.mkdir(parents=True, exist_ok=True)
    shoot = OfficeShooter(out, "office" if language == "en" else f"office-{language}")
    tmp = Path(os.environ["PPDESK_DATA_DIR"])
    rt = bootstrap.open_app(database=f"sqlite:///{(tmp / 'demo.sqlite3').as_posix()}")
    create_demo(rt.ctx, students=300, seed=11, password=PASSWORD)
    desk = DeskApp(runtime=rt, printer_provider=lambda _p: pdf_printer(tmp / "printed.pdf"))
    desk.start()
    login = desk.login
    login.ui.userEdit.setText("principal")
    _type(login.ui.passwordEdit, PASSWORD)
    login.ui.loginButton.click()
    _wait(lambda: desk.window is not None)
    window = desk.window

    roster = window.office_widget("roster")
    window.show_tab(roster)
    _wait(lambda: roster.loaded)
    roster.set_grade(roster.gradeCombo.itemData(3))
    roster.table.selectRow(0)
    roster.table.selectRow(1)
    shoot(window, "roster")
    records = roster.visible_records()
    roster.table.selectRow(
        next(i for i, r in enumerate(records) if r.pin_status == PinStatus.ACTIVE)
    )
    roster.reveal_selected()
    _wait(lambda: roster.model.revealed_count > 0)
    shoot(window, "roster-pin-revealed")
    roster.set_grade(None)
    _type(roster.searchEdit, "garc")
    shoot(window, "roster-search")

    letters = window.office_widget("letters")
    window.show_tab(letters)
    letters.ui.gradeCombo.setCurrentIndex(letters.ui.gradeCombo.findData("2"))
    letters.count()
    _wait(lambda: letters.plan is not None)
    shoot(window, "letters-plan")
    letters.run()
    _wait(lambda: letters.result is not None)
    shoot(window, "letters-done")
    letters.show_preview()
    _wait(lambda: letters.preview is not None and letters.preview.isVisible())
    shoot(letters.preview, "letters-preview")
    letters.preview.reject()

    reporting = window.office_widget("reporting")
    window.show_tab(window.ui.reportingTab)
    _wait(lambda: reporting.loaded == 3)
    shoot(window, "reporting-adoption")
    reporting.pages.setCurrentIndex(1)
    shoot(window, "reporting-outreach")
    reporting.pages.setCurrentIndex(2)
    shoot(window, "reporting-contacts")

    importer = window.office_widget("import")
    window.show_tab(importer)
    blank = tmp / "ppdesk-import-template.xlsx"
    importer.save_blank(blank)
    _wait(lambda: blank.name in importer.ui.summaryLabel.text())
    importer.preview(blank, "template")
    _wait(lambda: importer.plan is not None)
    shoot(window, "import-dry-run")

    desk.shutdown()
    rt.close()
    app.processEvents()
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    language = "en"
    if "--lang" in args:
        at = args.index("--lang")
        language = args[at + 1]
        del args[at : at + 2]
    out = Path(args[0] if args else "docs/screenshots")
    with tempfile.TemporaryDirectory(prefix="ppdesk-shots-") as tmp:
        os.environ["PPDESK_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["PPDESK_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.pop("PPDESK_DATABASE_URL", None)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        Path(os.environ["PPDESK_DATA_DIR"]).mkdir(parents=True)
        saved = take(out.resolve(), language)
    print(f"{len(saved)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
