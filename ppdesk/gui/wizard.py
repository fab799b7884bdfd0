"""The verification wizard (reference guide section IV) and its outcome page.

With ``handover`` the run hands a held bulk letter over: once the checklist has
passed, the letter's PIN becomes live (same PIN, nothing shown or printed) and the outcome
page names the guardian's other held letters; "Next letter" opens the next child's
hand-over with the photo ID check carried over (the student questions are asked again).

One run = one ``request_id``: if the connection drops while the PIN is being issued, Retry
sends the same id and the service hands back the PIN it already issued, never a second one.
The PIN is shown only on the outcome page, in a label that cannot be selected or copied, and
is wiped from every widget when the wizard closes or the desk locks.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget, QWizard, QWizardPage

from ppdesk.domain.pin import PinStatus
from ppdesk.domain.verification import MAX_FAILED_VERIFICATIONS, PhotoIdCheck, VerificationMode
from ppdesk.gui.desk import Desk
from ppdesk.gui.forms.ui_wizard_outcome import Ui_OutcomePage
from ppdesk.gui.models import last_day_text
from ppdesk.gui.office.i18n import fmt
from ppdesk.gui.wizard_pages import (
    ERROR_STYLE,
    ModePage,
    PhotoIdPage,
    QuestionsPage,
    failure_text,
)
from ppdesk.services.handover import HandedOver
from ppdesk.services.lookup import GuardianDetail, StudentView
from ppdesk.services.pins import DisclosedPin
from ppdesk.services.school_letters import QueuedLetter
from ppdesk.services.verification import VerificationOutcome

PIN_POINT_SIZE = 40


class VerificationWizard(QWizard):
    """Verify one guardian's identity, then issue (or show, or reissue) their PIN."""

    pin_shown = Signal()
    handed_over = Signal(object)

    def __init__(
        self,
        desk: Desk,
        student: StudentView,
        guardian: GuardianDetail,
        *,
        reissue: bool = False,
        handover: bool = False,
        carried_photo: PhotoIdCheck | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.student = student
        self.guardian = guardian
        self.reissue = reissue
        self.handover = handover
        self.carried_photo = carried_photo
        self.checked_photo: PhotoIdCheck | None = None
        self.request_id = str(uuid.uuid4())  # once per run: a retry returns the same PIN
        self.verification_id: int | None = None
        self.mode = VerificationMode.IN_PERSON
        self.office = "school"  # "district": the letter goes by the school's route
        self.outcome: VerificationOutcome | None = None
        self._closing = False
        self.setWindowTitle(
            fmt(self.tr("Hand over letter %1: %2"), guardian.letter_number or "", guardian.name)
            if handover
            else fmt(self.tr("Verify identity: %1"), guardian.name)
        )
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        for which, description in (
            (QWizard.WizardButton.FinishButton, self.tr("Close the wizard; the PIN is wiped.")),
            (QWizard.WizardButton.CancelButton, self.tr("Stop this verification.")),
            (QWizard.WizardButton.BackButton, self.tr("Go back to the previous step.")),
            (QWizard.WizardButton.NextButton, self.tr("Go on to the next step.")),
            (
                QWizard.WizardButton.CommitButton,
                self.tr("Go on to the next step. A step taken cannot be undone."),
            ),
        ):
            self.button(which).setAccessibleDescription(description)
        self.mode_page = ModePage(student, guardian, reissue=reissue)
        self.questions = QuestionsPage()
        self.photo = PhotoIdPage(guardian.name)
        if carried_photo is not None:
            self.photo.carry(carried_photo)
        self.outcome_page = OutcomePage()
        for page in (self.mode_page, self.questions, self.photo, self.outcome_page):
            self.addPage(page)
        self.resize(720, 560)

    @property
    def channel(self) -> str:
        """How the PIN reaches the guardian: read out on a video call, or on screen."""
        return "phone" if self.mode is VerificationMode.VIDEO else "screen"

    @property
    def reason(self) -> str | None:
        return self.mode_page.ui.reasonEdit.text().strip() or None

    def pin_call(self) -> Callable[[Any, Any], DisclosedPin]:
        """The service call that issues, reissues or reveals the PIN, as this run asks.

        Built on the GUI thread (it reads the form); the returned function runs on a worker.
        Calling it again with the same ``request_id`` returns the PIN already issued.
        """
        from ppdesk.services import handover, pins

        link, request_id, channel = self.guardian.link_id, self.request_id, self.channel
        if self.handover:
            return lambda ctx, session: handover.hand_over(ctx, session, link)
        if self.reissue:
            reason = self.reason
            return lambda ctx, session: pins.reissue_pin(
                ctx, session, link, request_id=request_id, channel=channel, reason=reason
            )
        if self.guardian.pin_status == PinStatus.ACTIVE:
            return lambda ctx, session: pins.reveal_pin(ctx, session, link, channel=channel)
        return lambda ctx, session: pins.issue_pin(
            ctx, session, link, request_id=request_id, channel=channel
        )

    def queue_call(self) -> Callable[[Any, Any], QueuedLetter]:
        """After a district verification: the letter goes to the student's school to print.
        A reissue replaces the PIN only if none was read out in this run (same request id)."""
        from ppdesk.services import school_letters

        link, request_id, reason = self.guardian.link_id, self.request_id, self.reason
        reissue = self.reissue and self.outcome_page.pin is None
        return lambda ctx, session: school_letters.queue_for_school(
            ctx, session, link, request_id=request_id, reissue=reissue, reason=reason
        )

    # -- closing and locking ---------------------------------------------------------------

    def done(self, result: int) -> None:
        self.wipe()
        super().done(result)

    def wipe(self) -> None:
        """Remove the PIN and the typed answers from every widget."""
        self.outcome_page.wipe()
        self.questions.wipe()

    def lock(self) -> None:
        """The desk locked: hide, and forget the PIN (the answers stay for the same user)."""
        self.outcome_page.wipe(hidden_by_lock=True)
        self.hide()

    def close_silently(self) -> None:
        """Another user logged in: close without asking."""
        self._closing = True
        self.reject()

    def reject(self) -> None:
        # Typed answers are only lost on purpose: ask before discarding a run in progress.
        in_progress = self.outcome is None and any(e.text() for e in self.questions.edits())
        if self._closing or not in_progress or not self.isVisible():
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Stop this verification?"),
            self.tr("The answers typed so far will be discarded."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Yes"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("&No"))
        box.button(QMessageBox.StandardButton.Yes).setAccessibleDescription(
            self.tr("Stop and discard the answers.")
        )
        box.button(QMessageBox.StandardButton.No).setAccessibleDescription(
            self.tr("Go on with this verification.")
        )

        def _answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self._closing = True
                super(VerificationWizard, self).reject()

        box.finished.connect(_answered)
        box.finished.connect(box.deleteLater)
        self.confirm_box = box
        box.open()


class OutcomePage(QWizardPage):
    """Page 4: passed (the PIN, large) or failed (which checks, what to do next)."""

    def __init__(self) -> None:
        super().__init__()
        self.ui = Ui_OutcomePage()
        self.ui.setupUi(self)
        self.setFinalPage(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(PIN_POINT_SIZE)
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 4)
        self.ui.pinLabel.setFont(font)
        self.ui.pinLabel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A button reacts only while it is on screen: focus can stay on a button of a page
        # the stack has hidden, and Enter would press it (refused, audited PIN
        # issues right after a failed check).
        self.ui.retryButton.clicked.connect(self._only_if_shown(self._fetch_pin))
        self.ui.showAgainButton.clicked.connect(self._only_if_shown(self._fetch_pin))
        self.ui.printButton.clicked.connect(self._only_if_shown(self._on_print))
        self.ui.previewButton.clicked.connect(self._only_if_shown(self._on_preview))
        for button in (self.ui.retryButton, self.ui.showAgainButton):
            button.setAutoDefault(False)
        # Hand-over only: the next child's held letter of the same guardian.
        self.nextButton = QPushButton(self.ui.passedPage)
        self.nextButton.setObjectName("nextLetterButton")
        self.nextButton.setAccessibleDescription(
            self.tr("Hand over the next held letter of the same guardian.")
        )
        self.nextButton.hide()
        self.ui.passedLayout.addWidget(self.nextButton)
        self.nextButton.setAutoDefault(False)
        self.nextButton.clicked.connect(self._only_if_shown(self._on_next_letter))
        # A district office's routes (guide section IV, step 3; the letter is the school's).
        self.readButton = QPushButton(self.tr("&Read the PIN by phone now"), self.ui.passedPage)
        self.readButton.setObjectName("readByPhoneButton")
        self.queueButton = QPushButton(
            self.tr("&Queue the letter for the school to print"), self.ui.passedPage
        )
        self.queueButton.setObjectName("queueForSchoolButton")
        for button in (self.readButton, self.queueButton):
            button.hide()
            button.setAutoDefault(False)
            self.ui.passedLayout.addWidget(button)
        self.readButton.clicked.connect(self._only_if_shown(self._fetch_pin))
        self.queueButton.clicked.connect(self._only_if_shown(self._queue_for_school))
        self.queued: QueuedLetter | None = None
        self.handed: HandedOver | None = None
        self.pin: DisclosedPin | None = None
        self.fetching = False
        self.printed_pages = 0

    def wiz(self) -> VerificationWizard:
        return self.wizard()  # type: ignore[return-value]

    def _only_if_shown(self, slot: Callable[[], None]) -> Callable[[], None]:
        def guarded() -> None:
            button = self.sender()
            if isinstance(button, QWidget) and not button.isVisible():
                return
            slot()

        return guarded

    def _failed_buttons(self) -> None:
        """The failed page: nothing of the passed page can be pressed; Enter finishes."""
        for button in (
            self.ui.retryButton,
            self.ui.showAgainButton,
            self.ui.printButton,
            self.ui.previewButton,
            self.nextButton,
            self.readButton,
            self.queueButton,
        ):
            button.setDefault(False)
            button.setEnabled(False)
            button.clearFocus()
        QTimer.singleShot(0, self._focus_finish)

    def _focus_finish(self) -> None:
        wizard = self.wizard()
        if wizard is None or self.ui.stack.currentWidget() is not self.ui.failedPage:
            return
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        finish.setDefault(True)
        finish.setFocus()

    def initializePage(self) -> None:
        outcome = self.wiz().outcome
        assert outcome is not None
        wizard = self.wiz()
        if outcome.passed:
            self.setTitle(
                self.tr("Identity verified in person")
                if wizard.mode is VerificationMode.IN_PERSON
                else self.tr("Identity verified on video")
            )
            self.setSubTitle(
                self.tr("Give the letter to the guardian: its PIN works from now on.")
                if wizard.handover
                else self.tr("Give the PIN to the guardian, then print the letter or finish.")
            )
            self.ui.stack.setCurrentWidget(self.ui.passedPage)
            if wizard.office == "district" and not wizard.handover:
                self._offer_district_routes()
                return
            self._fetch_pin()
        elif wizard.handover:
            self.setTitle(self.tr("Identity not verified: the letter stays held"))
            self.setSubTitle(self.tr("Do not give the letter to this person today."))
            self.ui.stack.setCurrentWidget(self.ui.failedPage)
            self._failed_buttons()
            self._show_failure(outcome)
        else:
            self.setTitle(self.tr("Identity not verified: no PIN"))
            self.setSubTitle(self.tr("Do not give a PIN to this person today."))
            self.ui.stack.setCurrentWidget(self.ui.failedPage)
            self._failed_buttons()
            self._show_failure(outcome)

    def isComplete(self) -> bool:
        return not self.fetching

    # -- a district office's verification --------------------------------------------------

    def _offer_district_routes(self) -> None:
        """The district office neither shows nor prints the school's letter: after a video
        check the PIN may be read by phone; otherwise its letter waits for the school."""
        wizard = self.wiz()
        video = wizard.mode is VerificationMode.VIDEO
        self.setSubTitle(
            self.tr(
                "Verified by a district office: the letter goes by the school's route. Read "
                "the PIN by phone, or queue the letter for the school to print."
            )
            if video
            else self.tr(
                "Verified in person at a district office: the school prints the letter. "
                "Queue it for the school; the PIN is not shown here."
            )
        )
        self.ui.passedHeadline.setText(
            fmt(
                self.tr("Parent Portal PIN of <b>%1</b> for <b>%2</b>:"),
                html.escape(wizard.guardian.name),
                html.escape(wizard.student.name),
            )
        )
        self.ui.pinLabel.clear()
        self.ui.phoneticLabel.hide()
        self.ui.printButton.hide()
        self.ui.previewButton.hide()
        self.ui.pinNote.hide()
        self._set_pin_buttons(has_pin=False)
        self.readButton.setVisible(video)
        self.readButton.setEnabled(video)
        self.queueButton.show()
        self.queueButton.setEnabled(True)
        (self.readButton if video else self.queueButton).setFocus()

    def _queue_for_school(self) -> None:
        wizard = self.wiz()
        self.fetching = True
        self.completeChanged.emit()
        self.queueButton.setEnabled(False)
        self.readButton.setEnabled(False)
        self.ui.pinErrorLabel.clear()
        wizard.desk.call(
            wizard.queue_call(),
            on_success=self._queued,
            on_error=self._queue_failed,
            context=self,
        )

    def _queued(self, queued: QueuedLetter) -> None:
        self.fetching = False
        self.completeChanged.emit()
        self.queued = queued
        wizard = self.wiz()
        self.queueButton.hide()
        self.readButton.setEnabled(self.pin is None and wizard.mode is VerificationMode.VIDEO)
        self.ui.pinErrorLabel.setStyleSheet("")
        self.ui.pinErrorLabel.setText(
            fmt(
                self.tr(
                    "The letter of <b>%1</b> for <b>%2</b> waits at %3 for the school's office "
                    "to print it (Letters to print). Its PIN works until %4."
                ),
                html.escape(wizard.guardian.name),
                html.escape(wizard.student.name),
                html.escape(queued.school_name),
                last_day_text(queued.pin_expires_at),
            )
        )

    def _queue_failed(self, exc: BaseException) -> None:
        self.fetching = False
        self.completeChanged.emit()
        self.queueButton.setEnabled(True)
        self.readButton.setEnabled(self.wiz().mode is VerificationMode.VIDEO)
        self.ui.pinErrorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.pinErrorLabel.setText(failure_text(exc, self.tr("Retry")))

    # -- passed ----------------------------------------------------------------------------

    def _set_pin_buttons(self, *, has_pin: bool, error: bool = False, hidden: bool = False) -> None:
        self.ui.printButton.setEnabled(has_pin)
        self.ui.previewButton.setEnabled(has_pin)
        self.ui.retryButton.setVisible(error)
        self.ui.retryButton.setEnabled(error)
        self.ui.showAgainButton.setVisible(hidden)
        self.ui.showAgainButton.setEnabled(hidden)

    def _fetch_pin(self) -> None:
        wizard = self.wiz()
        self.fetching = True
        self.completeChanged.emit()
        self.ui.pinErrorLabel.clear()
        if wizard.handover:
            self._hand_over()
            return
        self.ui.passedHeadline.setText(
            fmt(
                self.tr("Parent Portal PIN of <b>%1</b> for <b>%2</b>:"),
                html.escape(wizard.guardian.name),
                html.escape(wizard.student.name),
            )
        )
        self.ui.pinLabel.setText("…")
        self._set_pin_buttons(has_pin=False)
        wizard.desk.call(
            wizard.pin_call(), on_success=self._show_pin, on_error=self._pin_failed, context=self
        )

    def _hand_over(self) -> None:
        wizard = self.wiz()
        self.ui.passedHeadline.setText(
            fmt(
                self.tr("Activating the letter of <b>%1</b> for <b>%2</b>:"),
                html.escape(wizard.guardian.name),
                html.escape(wizard.student.name),
            )
        )
        self.ui.pinLabel.setText(wizard.guardian.letter_number or "…")
        self._set_pin_buttons(has_pin=False)
        self.ui.printButton.hide()
        self.ui.previewButton.hide()
        self.ui.pinNote.hide()
        wizard.desk.call(
            wizard.pin_call(), on_success=self._handed_over, on_error=self._pin_failed, context=self
        )

    def _handed_over(self, done: HandedOver) -> None:
        self.fetching = False
        self.completeChanged.emit()
        self.handed = done
        wizard = self.wiz()
        self.ui.passedHeadline.setText(
            fmt(
                self.tr("The letter of <b>%1</b> for <b>%2</b> is handed over:"),
                html.escape(wizard.guardian.name),
                html.escape(wizard.student.name),
            )
        )
        self.ui.pinLabel.setText(done.letter_number)
        self.ui.expiryLabel.setText(
            fmt(self.tr("Its PIN is active now. Use it by %1."), last_day_text(done.expires_at))
        )
        if done.still_held:
            others = ", ".join(
                f"{html.escape(h.student_name)} ({html.escape(h.letter_number)})"
                for h in done.still_held
            )
            self.ui.phoneticLabel.setText(
                fmt(
                    self.tr(
                        "Also held for this guardian: %1. Ask that child's questions before "
                        "handing each letter over."
                    ),
                    others,
                )
            )
            self.ui.phoneticLabel.show()
            self.nextButton.setText(
                fmt(self.tr("&Next letter: %1"), done.still_held[0].student_name)
            )
            self.nextButton.show()
            self.nextButton.setFocus()
        else:
            self.ui.phoneticLabel.hide()
        wizard.handed_over.emit(done)

    def _on_next_letter(self) -> None:
        wizard = self.wiz()
        if self.handed is None or not self.handed.still_held:
            return
        letter = self.handed.still_held[0]
        photo = wizard.checked_photo
        wizard.accept()
        wizard.desk.handover_requested.emit(letter, photo)

    def _show_pin(self, pin: DisclosedPin) -> None:
        self.fetching = False
        self.completeChanged.emit()
        self.pin = pin
        self.ui.pinLabel.setText(pin.display)
        self.ui.expiryLabel.setText(
            fmt(self.tr("Use this PIN by %1"), last_day_text(pin.expires_at))
        )
        if pin.phonetic:
            self.ui.phoneticLabel.setText(fmt(self.tr("Read it out as: %1"), pin.phonetic))
            self.ui.phoneticLabel.show()
        else:
            self.ui.phoneticLabel.hide()
        if self.wiz().office == "district":  # read out by phone; the school prints
            self._set_pin_buttons(has_pin=False)
            self.readButton.setEnabled(False)
            if self.queued is None:
                self.queueButton.setFocus()
        else:
            self._set_pin_buttons(has_pin=True)
            self.ui.printButton.setFocus()
        self.wiz().pin_shown.emit()

    def _pin_failed(self, exc: BaseException) -> None:
        self.fetching = False
        self.completeChanged.emit()
        self.ui.pinLabel.clear()
        self.ui.pinErrorLabel.setText(
            self.tr("The verification passed, but the PIN could not be shown.")
            + " "
            + failure_text(exc, self.tr("Retry"))
        )
        self.ui.pinErrorLabel.setStyleSheet(ERROR_STYLE)
        self._set_pin_buttons(has_pin=False, error=True)
        self.ui.retryButton.setFocus()

    def _on_print(self) -> None:
        wizard = self.wiz()

        def _printed(pages: int) -> None:
            self.printed_pages += pages
            self.ui.pinErrorLabel.setStyleSheet("")
            self.ui.pinErrorLabel.setText(self.tr("The letter went to the printer."))

        wizard.desk.print_letter(wizard.guardian.link_id, wizard, on_done=_printed)

    def _on_preview(self) -> None:
        wizard = self.wiz()
        wizard.desk.preview_letter(
            wizard.guardian.link_id,
            fmt(self.tr("PIN letter for %1 (%2)"), wizard.guardian.name, wizard.student.name),
            wizard,
        )

    def wipe(self, *, hidden_by_lock: bool = False) -> None:
        """Forget the PIN: clear the labels and drop the reference."""
        had_pin = self.pin is not None
        self.pin = None
        self.ui.pinLabel.clear()
        self.ui.phoneticLabel.clear()
        self.ui.expiryLabel.clear()
        if hidden_by_lock and had_pin:
            self.ui.pinErrorLabel.setStyleSheet("")
            self.ui.pinErrorLabel.setText(self.tr("The PIN was hidden when the desk locked."))
            self._set_pin_buttons(has_pin=False, hidden=True)

    # -- failed ----------------------------------------------------------------------------

    def _show_failure(self, outcome: VerificationOutcome) -> None:
        items = "".join(
            f"<li>{html.escape(QCoreApplication.translate('messages', r))}</li>"
            for r in outcome.reasons
        )
        self.ui.reasonsLabel.setText(f"<ul>{items}</ul>")
        if outcome.guardian_locked:
            locked = self.tr(
                "<p><b>This guardian is now locked</b> after repeated failed verifications. "
                "A principal or assistant principal must unlock them before another attempt.</p>"
            )
        else:
            locked = fmt(
                self.tr(
                    "<p>After %1 failed verifications in 24 hours the guardian is locked "
                    "until a principal or assistant principal unlocks them.</p>"
                ),
                MAX_FAILED_VERIFICATIONS,
            )
        self.ui.nextStepsLabel.setText(
            self.tr(
                "<p><b>What to do next:</b> if an answer was misheard or mistyped, you may start "
                "a new verification. Otherwise tell the guardian, in general terms, that the "
                "information could not be confirmed (never which answer was wrong): they may "
                "come back with a valid photo ID, or ask the office to check the information on "
                "file.</p>"
            )
            + locked
        )
