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
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.reports import language_name
from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.letters import LETTER_DIR_PREFIX, LetterPreviewDialog, print_pdf, save_private
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.progress import JobRelay
from ppdesk.services.letters import bulk_letters, plan_bulk

GRADES = ("TK", "K", *(str(n) for n in range(1, 13)))


class LettersTab(QWidget):
    """See the module docstring. ``plan`` / ``result`` hold the last plan and run result."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lettersTab")
        self.desk = desk
        self.plan: Any = None
        self.result: Any = None
        self.pdf: bytes | None = None
        self.out_dir: Path | None = None  # the last run's private folder (removed after)
        self.relay: JobRelay | None = None
        self.preview: LetterPreviewDialog | None = None
        self._build()

    def _build(self) -> None:
        self.schoolCombo = QComboBox(self)
        for label in self.desk.profile.schools:
            code = label.split()[0]
            self.schoolCombo.addItem(label, code)
        self.gradeCombo = QComboBox(self)
        self.gradeCombo.addItem(self.tr("Whole school"), None)
        for grade in GRADES:
            self.gradeCombo.addItem(grade, grade)
        self.homeroomEdit = QLineEdit(self)
        self.homeroomEdit.setPlaceholderText(self.tr("optional: room or teacher, e.g. Rm 12"))
        self.languageCombo = QComboBox(self)
        self.languageCombo.addItem(self.tr("Each guardian's preferred language"), "auto")
        self.languageCombo.addItem(self.tr("English for everyone"), "en")
        self.languageCombo.addItem(self.tr("Spanish for everyone"), "es")
        self.bilingualCheck = QCheckBox(self.tr("Bilingual letters (with English)"), self)
        self.unregisteredCheck = QCheckBox(
            self.tr("Only guardians not yet registered in the portal"), self
        )
        self.unregisteredCheck.setChecked(True)
        self.signOutCheck = QCheckBox(self.tr("Sign-out sheet per homeroom"), self)
        self.signOutCheck.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("School:"), self.schoolCombo)
        form.addRow(self.tr("Grade:"), self.gradeCombo)
        form.addRow(self.tr("Homeroom:"), self.homeroomEdit)
        form.addRow(self.tr("Language:"), self.languageCombo)
        form.addRow("", self.bilingualCheck)
        form.addRow("", self.unregisteredCheck)
        form.addRow("", self.signOutCheck)

        self.planButton = QPushButton(self.tr("1. Count the letters"), self)
        self.runButton = QPushButton(self.tr("2. Issue PINs and make the letters"), self)
        self.runButton.setEnabled(False)
        self.planLabel = QLabel(
            self.tr("Choose who gets a letter, then count them before printing."), self
        )
        self.planLabel.setWordWrap(True)
        self.progressBar = QProgressBar(self)
        self.cancelButton = QPushButton(self.tr("Cancel"), self)
        self.progressBar.hide()
        self.cancelButton.hide()
        run_row = QHBoxLayout()
        run_row.addWidget(self.planButton)
        run_row.addWidget(self.runButton)
        run_row.addWidget(self.progressBar, 1)
        run_row.addWidget(self.cancelButton)
        run_row.addStretch()

        self.resultLabel = QLabel(self)
        self.resultLabel.setWordWrap(True)
        self.previewButton = QPushButton(self.tr("Preview…"), self)
        self.printButton = QPushButton(self.tr("Print…"), self)
        self.saveButton = QPushButton(self.tr("Save as PDF…"), self)
        done_row = QHBoxLayout()
        for button in (self.previewButton, self.printButton, self.saveButton):
            button.setEnabled(False)
            done_row.addWidget(button)
        done_row.addStretch()

        # A narrow form reads better than fields stretched across a wide window.
        form_host = QWidget(self)
        form_host.setLayout(form)
        form_host.setMaximumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(form_host)
        layout.addLayout(run_row)
        layout.addWidget(self.planLabel)
        layout.addWidget(self.resultLabel)
        layout.addLayout(done_row)
        layout.addStretch()

        for combo in (self.schoolCombo, self.gradeCombo, self.languageCombo):
            combo.currentIndexChanged.connect(self._choices_changed)
        self.homeroomEdit.textChanged.connect(self._choices_changed)
        for check in (self.bilingualCheck, self.unregisteredCheck, self.signOutCheck):
            check.toggled.connect(self._choices_changed)
        self.planButton.clicked.connect(self.count)
        self.runButton.clicked.connect(self.run)
        self.cancelButton.clicked.connect(self.cancel)
        self.previewButton.clicked.connect(self.show_preview)
        self.printButton.clicked.connect(self.print_letters)
        self.saveButton.clicked.connect(self._save_as)

    # -- choices and plan ------------------------------------------------------------------

    def choices(self) -> dict[str, Any]:
        """The selection as the letter services take it."""
        return {
            "school_code": self.schoolCombo.currentData(),
            "grade": self.gradeCombo.currentData(),
            "homeroom": self.homeroomEdit.text().strip() or None,
            "unregistered_only": self.unregisteredCheck.isChecked(),
            "language": self.languageCombo.currentData(),
        }

    def _choices_changed(self) -> None:
        # A plan is only good for the choices it was made with.
        self.plan = None
        self.runButton.setEnabled(False)
        self.planLabel.setText(self.tr("Count the letters again for these choices."))

    def count(self) -> None:
        self.planLabel.setText(self.tr("Counting…"))
        self.desk.call(plan_bulk, **self.choices(), on_success=self._planned, context=self)

    def _planned(self, plan: Any) -> None:
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
        self.planLabel.setText(text)
        self.runButton.setEnabled(plan.letters > 0)

    # -- run -------------------------------------------------------------------------------

    def run(self) -> None:
        """Make the letters the plan counted, in the background."""
        if self.plan is None or self.relay is not None:
            return
        self._discard()
        self.out_dir = Path(tempfile.mkdtemp(prefix=LETTER_DIR_PREFIX))
        relay = self.relay = JobRelay(self)
        relay.progressed.connect(self._progress)
        self.progressBar.setRange(0, max(self.plan.letters, 1))
        self.progressBar.setValue(0)
        self.progressBar.show()
        self.cancelButton.show()
        self.cancelButton.setEnabled(True)
        self.planButton.setEnabled(False)
        self.runButton.setEnabled(False)
        self.resultLabel.setText(self.tr("Making the letters…"))
        self.desk.call(
            bulk_letters,
            str(self.out_dir / "pin-letters.pdf"),
            **self.choices(),
            bilingual=self.bilingualCheck.isChecked(),
            sign_out_sheets=self.signOutCheck.isChecked(),
            progress=relay.progress,
            is_cancelled=relay.is_cancelled,
            on_success=self._finished,
            on_error=self._failed,
            context=self,
        )

    def cancel(self) -> None:
        """Ask the run to stop: everything it did is rolled back."""
        if self.relay is not None:
            self.relay.cancel()
            self.cancelButton.setEnabled(False)
            self.resultLabel.setText(self.tr("Cancelling…"))

    def _progress(self, done: int, total: int) -> None:
        if total:
            self.progressBar.setRange(0, total)
        self.progressBar.setValue(done)

    def _ended(self) -> None:
        self.relay = None
        self.progressBar.hide()
        self.cancelButton.hide()
        self.planButton.setEnabled(True)

    def _finished(self, result: Any) -> None:
        self._ended()
        self.result = result
        if result.cancelled or not result.path:
            self._remove_dir()
            self.plan = None
            self.resultLabel.setText(
                self.tr("Cancelled: no letter was printed and no PIN was issued.")
            )
            return
        path = Path(result.path)
        self.pdf = path.read_bytes()
        self._remove_dir()  # the letters stay in memory only
        self.resultLabel.setText(
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
        for button in (self.previewButton, self.printButton, self.saveButton):
            button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self._ended()
        self._remove_dir()
        self.resultLabel.setText("")
        self.runButton.setEnabled(self.plan is not None)
        self.desk.presenter.show(exc, self.window())

    def _remove_dir(self) -> None:
        if self.out_dir is not None:
            shutil.rmtree(self.out_dir, ignore_errors=True)

    def _discard(self) -> None:
        self.pdf = None
        self.result = None
        for button in (self.previewButton, self.printButton, self.saveButton):
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
