"""The bulk letters tab: choose the school, grade or homeroom, the language
rule, bilingual and unregistered-only; see how many letters and new PINs that means
(``plan_bulk``); then run ``bulk_letters`` off the GUI thread with a progress bar and Cancel.
A finished run can be previewed, printed or saved, sign-out sheets included.

The PDF holds PINs: it is written to a private temporary folder, read into memory and deleted
at once; the preview dialog wipes its copy when closed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from ppdesk.domain.reports import language_name
from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.forms.ui_letters_tab import Ui_LettersTab
from ppdesk.gui.letters import LETTER_DIR_PREFIX, LetterPreviewDialog, print_pdf, save_private
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.progress import JobRelay
from ppdesk.services.letters import bulk_letters, plan_bulk

GRADES = ("TK", "K", *(str(n) for n in range(1, 13)))


class LettersTab(QWidget):
    """See the module docstring; laid out in ``ui/letters_tab.ui``. ``plan`` / ``result`` hold
    the last plan and run result."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.plan: Any = None
        self.result: Any = None
        self.pdf: bytes | None = None
        self.out_dir: Path | None = None  # the last run's private folder (removed after)
        self.relay: JobRelay | None = None
        self.preview: LetterPreviewDialog | None = None
        self.ui = Ui_LettersTab()
        self.ui.setupUi(self)
        for label in self.desk.profile.schools:
            code = label.split()[0]
            self.ui.schoolCombo.addItem(label, code)
        self.ui.gradeCombo.addItem(self.tr("Whole school"), None)
        for grade in GRADES:
            self.ui.gradeCombo.addItem(grade, grade)
        self.ui.languageCombo.addItem(self.tr("Each guardian's preferred language"), "auto")
        self.ui.languageCombo.addItem(self.tr("English for everyone"), "en")
        self.ui.languageCombo.addItem(self.tr("Spanish for everyone"), "es")
        self.ui.progressBar.hide()
        self.ui.cancelButton.hide()
        # The main window gives an opened tab's focus to its first child that takes it, in
        # creation order. The hand-built tab made the form's host last, so "1. Count the
        # letters" had the focus, not the School field; raising the host to the end of the
        # children keeps that (and changes nothing on screen: nothing overlaps it).
        self.ui.formHost.raise_()
        for combo in (self.ui.schoolCombo, self.ui.gradeCombo, self.ui.languageCombo):
            combo.currentIndexChanged.connect(self._on_choices_changed)
        self.ui.homeroomEdit.textChanged.connect(self._on_choices_changed)
        for check in (self.ui.bilingualCheck, self.ui.unregisteredCheck, self.ui.signOutCheck):
            check.toggled.connect(self._on_choices_changed)
        self.ui.planButton.clicked.connect(self._on_count)
        self.ui.runButton.clicked.connect(self._on_run)
        self.ui.cancelButton.clicked.connect(self._on_cancel)
        self.ui.previewButton.clicked.connect(self._on_preview)
        self.ui.printButton.clicked.connect(self._on_print)
        self.ui.saveButton.clicked.connect(self._on_save)

    # The handles the tests, the screen walk and the screenshots drive the tab by.
    @property
    def gradeCombo(self) -> QComboBox:
        return self.ui.gradeCombo

    @property
    def runButton(self) -> QPushButton:
        return self.ui.runButton

    @property
    def planLabel(self) -> QLabel:
        return self.ui.planLabel

    @property
    def resultLabel(self) -> QLabel:
        return self.ui.resultLabel

    @property
    def previewButton(self) -> QPushButton:
        return self.ui.previewButton

    # -- signals ---------------------------------------------------------------------------

    def _on_count(self) -> None:
        self.count()

    def _on_run(self) -> None:
        self.run()

    def _on_cancel(self) -> None:
        self.cancel()

    def _on_preview(self) -> None:
        self.show_preview()

    def _on_print(self) -> None:
        self.print_letters()

    def _on_save(self) -> None:
        self._save_as()

    # -- choices and plan ------------------------------------------------------------------

    def choices(self) -> dict[str, Any]:
        """The selection as the letter services take it."""
        return {
            "school_code": self.ui.schoolCombo.currentData(),
            "grade": self.ui.gradeCombo.currentData(),
            "homeroom": self.ui.homeroomEdit.text().strip() or None,
            "unregistered_only": self.ui.unregisteredCheck.isChecked(),
            "language": self.ui.languageCombo.currentData(),
        }

    def _on_choices_changed(self) -> None:
        # A plan is only good for the choices it was made with.
        self.plan = None
        self.ui.runButton.setEnabled(False)
        self.ui.planLabel.setText(self.tr("Count the letters again for these choices."))

    def count(self) -> None:
        self.ui.planLabel.setText(self.tr("Counting…"))
        self.desk.call(plan_bulk, **self.choices(), on_success=self._on_planned, context=self)

    def _on_planned(self, plan: Any) -> None:
        self.plan = plan
        languages = ", ".join(
            f"{QCoreApplication.translate('languages', language_name(k) or k)} {v}"
            for k, v in sorted(plan.languages.items(), key=lambda kv: -kv[1])
        )
        skipped = plan.skipped_registered + plan.skipped_already_linked
        text = self.tr(
            "{letters} letters for {school} (homerooms: {homerooms}; {languages}). "
            "{new} new held PINs will be issued, {existing} held letters are printed again. "
            "Not included: {unverified} not verified legal guardians, {registered} already "
            "registered, {locked} locked, {live} with a live PIN. Each PIN works only after "
            "its letter is handed over at the office with a photo ID check."
        ).format(
            letters=plan.letters,
            school=plan.school_name,
            homerooms=plan.homerooms,
            languages=languages or "-",
            new=plan.new_pins_needed,
            existing=plan.existing_pins,
            unverified=plan.skipped_not_verified,
            registered=skipped,
            locked=plan.skipped_locked,
            live=plan.skipped_live,
        )
        for warning in plan.unprintable_names:
            text += "\n" + self.tr("Warning: {warning}").format(warning=warning)
        self.ui.planLabel.setText(text)
        self.ui.runButton.setEnabled(plan.letters > 0)

    # -- run -------------------------------------------------------------------------------

    def run(self) -> None:
        """Make the letters the plan counted, in the background."""
        if self.plan is None or self.relay is not None:
            return
        self._discard()
        self.out_dir = Path(tempfile.mkdtemp(prefix=LETTER_DIR_PREFIX))
        relay = self.relay = JobRelay(self)
        relay.progressed.connect(self._on_progress)
        self.ui.progressBar.setRange(0, max(self.plan.letters, 1))
        self.ui.progressBar.setValue(0)
        self.ui.progressBar.show()
        self.ui.cancelButton.show()
        self.ui.cancelButton.setEnabled(True)
        self.ui.planButton.setEnabled(False)
        self.ui.runButton.setEnabled(False)
        self.ui.resultLabel.setText(self.tr("Making the letters…"))
        self.desk.call(
            bulk_letters,
            str(self.out_dir / "pin-letters.pdf"),
            **self.choices(),
            bilingual=self.ui.bilingualCheck.isChecked(),
            sign_out_sheets=self.ui.signOutCheck.isChecked(),
            progress=relay.progress,
            is_cancelled=relay.is_cancelled,
            on_success=self._on_finished,
            on_error=self._on_failed,
            context=self,
        )

    def cancel(self) -> None:
        """Ask the run to stop: everything it did is rolled back."""
        if self.relay is not None:
            self.relay.cancel()
            self.ui.cancelButton.setEnabled(False)
            self.ui.resultLabel.setText(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.ui.progressBar.setRange(0, total)
        self.ui.progressBar.setValue(done)

    def _ended(self) -> None:
        self.relay = None
        self.ui.progressBar.hide()
        self.ui.cancelButton.hide()
        # The main window gives an opened tab's focus to its first child that takes it, in
        # creation order. The hand-built tab made the form's host last, so "1. Count the
        # letters" had the focus, not the School field; raising the host to the end of the
        # children keeps that (and changes nothing on screen: nothing overlaps it).
        self.ui.formHost.raise_()
        self.ui.planButton.setEnabled(True)

    def _on_finished(self, result: Any) -> None:
        self._ended()
        self.result = result
        if result.cancelled or not result.path:
            self._remove_dir()
            self.plan = None
            self.ui.resultLabel.setText(
                self.tr("Cancelled: no letter was printed and no PIN was issued.")
            )
            return
        path = Path(result.path)
        self.pdf = path.read_bytes()
        self._remove_dir()  # the letters stay in memory only
        self.ui.resultLabel.setText(
            self.tr(
                "{letters} letters ready ({pages} pages, {sheets} sign-out sheet pages; "
                "{new} new PINs). Preview, print or save them now: they are not kept."
            ).format(
                letters=result.letters,
                pages=result.pages,
                sheets=result.sign_out_pages,
                new=result.new_pins,
            )
        )
        for button in (self.ui.previewButton, self.ui.printButton, self.ui.saveButton):
            button.setEnabled(True)

    def _on_failed(self, exc: BaseException) -> None:
        self._ended()
        self._remove_dir()
        self.ui.resultLabel.setText("")
        self.ui.runButton.setEnabled(self.plan is not None)
        self.desk.presenter.show(exc, self.window())

    def _remove_dir(self) -> None:
        if self.out_dir is not None:
            shutil.rmtree(self.out_dir, ignore_errors=True)

    def _discard(self) -> None:
        self.pdf = None
        self.result = None
        for button in (self.ui.previewButton, self.ui.printButton, self.ui.saveButton):
            button.setEnabled(False)

    # -- preview, print, save --------------------------------------------------------------

    def show_preview(self) -> None:
        if self.pdf is None:
            return
        dialog = LetterPreviewDialog(
            self.pdf,
            self.tr("PIN letters and sign-out sheets"),
            self.desk.printer_provider,
            None,
            self,
        )
        dialog.finished.connect(dialog.deleteLater)
        self.preview = dialog
        dialog.open()

    def print_letters(self) -> int:
        """Send the letters through the print path; returns the pages printed."""
        if self.pdf is None:
            return 0
        printer = self.desk.printer_provider(self)
        return print_pdf(self.pdf, printer) if printer is not None else 0

    def _save_as(self) -> None:
        name, _ = files.save_file_name(
            self, self.tr("Save the letters as PDF"), "pin-letters.pdf", self.tr("PDF (*.pdf)")
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        if self.pdf is not None:
            save_private(path, self.pdf)


def _create(desk: Desk, parent: QWidget) -> QWidget:
    return LettersTab(desk, parent)


TAB = TabSpec(
    key="letters",
    title="Letters",
    visible=lambda profile: profile.can(Permission.BULK_LETTERS),
    create=_create,
)
