"""The first three pages of the verification wizard: who and how, the questions, the photo ID.

Pages that call a service (starting the verification, checking the answers) are commit
pages: their button runs the call in the background and the wizard moves on only when it
succeeded. A failure is said on the page itself and every field keeps what was typed, so
pressing the button again is the retry.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import Protocol, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWizard, QWizardPage

from ppdesk.domain.matching import parse_date
from ppdesk.domain.verification import IdType, PhotoIdCheck, SecurityAnswers, VerificationMode
from ppdesk.gui.desk import Desk
from ppdesk.gui.errors import describe_error
from ppdesk.gui.forms.ui_wizard_mode import Ui_ModePage
from ppdesk.gui.forms.ui_wizard_photo_id import Ui_PhotoIdPage
from ppdesk.gui.forms.ui_wizard_questions import Ui_QuestionsPage
from ppdesk.gui.models import format_date_words, pin_status_text
from ppdesk.gui.office.i18n import fmt
from ppdesk.services.lookup import GuardianDetail, StudentView
from ppdesk.services.verification import VerificationOutcome, VerificationStarted


class WizardState(Protocol):
    """What the pages read and set on their wizard (``wizard.VerificationWizard``)."""

    desk: Desk
    guardian: GuardianDetail
    mode: VerificationMode
    verification_id: int | None
    outcome: VerificationOutcome | None
    checked_photo: PhotoIdCheck | None
    questions: QuestionsPage

    def next(self) -> None: ...


ERROR_STYLE = "color: #b00020;"
RETRY_NOTE = QT_TRANSLATE_NOOP("wizard", "Nothing you typed is lost: press %1 again to retry.")


def failure_text(exc: BaseException, button: str) -> str:
    report = describe_error(exc)
    if report.kind == "domain":
        return report.message
    return f"{report.message} {fmt(QCoreApplication.translate('wizard', RETRY_NOTE), button)}"


class _ServicePage(QWizardPage):
    """A commit page whose button runs one service call before the wizard moves on."""

    button_text = ""

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.setCommitPage(True)

    def wiz(self) -> WizardState:
        return cast(WizardState, self.wizard())

    def translated_button(self) -> str:
        return QCoreApplication.translate("wizard", self.button_text)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.completeChanged.emit()

    def show_error(self, label_text: str) -> None:
        label = self.ui.errorLabel  # type: ignore[attr-defined]
        label.setText(label_text)
        label.setStyleSheet(ERROR_STYLE)

    def clear_error(self) -> None:
        self.ui.errorLabel.clear()  # type: ignore[attr-defined]

    def failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.show_error(failure_text(exc, self.translated_button().replace("&", "")))


class ModePage(_ServicePage):
    """Page 1: the guardian and the student, in person or video. Starts the verification."""

    button_text = QT_TRANSLATE_NOOP("wizard", "&Start verification")

    def __init__(self, student: StudentView, guardian: GuardianDetail, *, reissue: bool) -> None:
        super().__init__()
        self.ui = Ui_ModePage()
        self.ui.setupUi(self)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.translated_button())
        e = html.escape
        relationship = f" ({guardian.relationship})" if guardian.relationship else ""
        self.ui.guardianValue.setText(f"<b>{e(guardian.name)}</b>{e(relationship)}")
        self.ui.studentValue.setText(
            fmt(
                self.tr("<b>%1</b>, student ID %2, grade %3"),
                e(student.name),
                e(student.student_number),
                e(student.grade),
            )
        )
        self.ui.pinValue.setText(
            pin_status_text(guardian.pin_status, guardian.pin_expires_at)
            + (self.tr(" (a new PIN will replace it)") if reissue else "")
        )
        self.ui.reasonLabel.setVisible(reissue)
        self.ui.reasonEdit.setVisible(reissue)
        self.ui.errorLabel.clear()

    @property
    def mode(self) -> VerificationMode:
        if self.ui.videoRadio.isChecked():
            return VerificationMode.VIDEO
        return VerificationMode.IN_PERSON

    def initializePage(self) -> None:
        (self.ui.videoRadio if self.ui.videoRadio.isChecked() else self.ui.inPersonRadio).setFocus()

    def isComplete(self) -> bool:
        return not self.busy

    def validatePage(self) -> bool:
        wizard = self.wiz()
        if wizard.verification_id is not None:
            return True
        from ppdesk.services.verification import start_verification

        self.clear_error()
        self.set_busy(True)
        wizard.desk.call(
            start_verification,
            wizard.guardian.link_id,
            self.mode,
            on_success=self._started,
            on_error=self.failed,
            context=self,
        )
        return False

    def _started(self, started: VerificationStarted) -> None:
        self.set_busy(False)
        wizard = self.wiz()
        wizard.verification_id = started.verification_id
        wizard.mode = self.mode
        wizard.office = started.office
        wizard.next()


def read_back(text: str, tr: Callable[[str], str]) -> str:
    """What a typed date was read as, in words ("" while nothing is typed)."""
    if not text.strip():
        return ""
    value = parse_date(text)
    if value is None:
        return tr("Not understood as a date: type month/day/year, or the month's name.")
    return fmt(tr("Read as %1."), format_date_words(value))


class QuestionsPage(QWizardPage):
    """Page 2: the five security questions (seven fields). Nothing of the record is shown."""

    FIELDS = (
        "dobEdit",
        "nameEdit",
        "gradeEdit",
        "addressEdit",
        "phoneEdit",
        "contactNameEdit",
        "contactPhoneEdit",
    )

    def __init__(self) -> None:
        super().__init__()
        self.ui = Ui_QuestionsPage()
        self.ui.setupUi(self)
        for name in self.FIELDS:
            edit: QLineEdit = getattr(self.ui, name)
            self.registerField(f"{name}*", edit)
            edit.installEventFilter(self)
        # The date of birth as it was read, in words, under the field: "4/3/2015" is April 3
        # (month first, as in the US in both languages) and the guardian can correct it.
        self.dob_hint = QLabel(self)
        self.dob_hint.setObjectName("dobHint")
        self.dob_hint.setWordWrap(True)
        self.ui.questionsForm.insertRow(1, "", self.dob_hint)
        self.ui.dobEdit.textChanged.connect(self._on_dob_changed)

    def _on_dob_changed(self, text: str) -> None:
        self.dob_hint.setText(read_back(text, self.tr))

    def edits(self) -> list[QLineEdit]:
        return [getattr(self.ui, name) for name in self.FIELDS]

    def initializePage(self) -> None:
        self.ui.dobEdit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in a field with others still empty moves on to the next empty one; once all
        # are filled, Enter is the wizard's Next as usual.
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
            and not self.isComplete()
        ):
            edits = self.edits()
            start = edits.index(watched) if watched in edits else 0
            for edit in edits[start + 1 :] + edits[: start + 1]:
                if not edit.text().strip():
                    edit.setFocus()
                    break
            return True
        return super().eventFilter(watched, event)

    def answers(self) -> SecurityAnswers:
        u = self.ui
        return SecurityAnswers(
            dob=u.dobEdit.text(),
            student_name=u.nameEdit.text(),
            grade=u.gradeEdit.text(),
            address=u.addressEdit.text(),
            phone=u.phoneEdit.text(),
            emergency_contact_name=u.contactNameEdit.text(),
            emergency_contact_phone=u.contactPhoneEdit.text(),
        )

    def wipe(self) -> None:
        for edit in self.edits():
            edit.clear()


class PhotoIdPage(_ServicePage):
    """Page 3: the photo ID. Its button sends answers and ID check to the service."""

    button_text = QT_TRANSLATE_NOOP("wizard", "&Check identity")

    def __init__(self, guardian_name: str) -> None:
        super().__init__()
        self.ui = Ui_PhotoIdPage()
        self.ui.setupUi(self)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.translated_button())
        self.ui.guardianValue.setText(f"<b>{html.escape(guardian_name)}</b>")
        for id_type in IdType:
            self.ui.idTypeCombo.addItem(
                QCoreApplication.translate("messages", id_type.label), id_type.value
            )
        self.ui.idTypeCombo.setCurrentIndex(-1)  # staff must choose: no default ID
        self.ui.errorLabel.clear()
        for signal in (
            self.ui.idTypeCombo.currentIndexChanged,
            self.ui.nameYesRadio.toggled,
            self.ui.nameNoRadio.toggled,
            self.ui.noExpiryCheck.toggled,
            self.ui.seenYesRadio.toggled,
            self.ui.seenNoRadio.toggled,
        ):
            signal.connect(self.completeChanged)
        self.ui.expiryEdit.textChanged.connect(self._on_expiry_changed)
        self.ui.noExpiryCheck.toggled.connect(self._on_expiry_changed)
        self._on_expiry_changed()

    def carry(self, photo: PhotoIdCheck) -> None:
        """Fill in the photo ID the guardian showed for an earlier letter in this visit
        (several children: the ID is shown once; staff still confirm with the button)."""
        u = self.ui
        u.idTypeCombo.setCurrentIndex(u.idTypeCombo.findData(photo.id_type.value))
        (u.nameYesRadio if photo.name_matches else u.nameNoRadio).setChecked(True)
        if photo.no_expiry_date or photo.expires_on is None:
            u.noExpiryCheck.setChecked(True)
        else:
            u.expiryEdit.setText(photo.expires_on.isoformat())
        (u.seenYesRadio if photo.seen_on_screen else u.seenNoRadio).setChecked(True)
        u.errorLabel.setText(self.tr("The photo ID shown for the previous letter is filled in."))

    def initializePage(self) -> None:
        video = self.wiz().mode is VerificationMode.VIDEO
        self.ui.seenGroup.setVisible(video)
        self.ui.idTypeCombo.setFocus()

    def expiry(self) -> date | None:
        return parse_date(self.ui.expiryEdit.text())

    def _on_expiry_changed(self, *_args: object) -> None:
        text = self.ui.expiryEdit.text().strip()
        no_expiry = self.ui.noExpiryCheck.isChecked()
        self.ui.expiryEdit.setEnabled(not no_expiry)
        value = self.expiry()
        if no_expiry:
            hint = ""
        elif not text:
            hint = self.tr("Type the date printed on the ID.")
        elif value is None:
            hint = self.tr("Not understood as a date: type month/day/year, or the month's name.")
        elif value < date.today():
            hint = fmt(self.tr("Read as %1: this ID has expired."), format_date_words(value))
        else:
            hint = fmt(self.tr("Read as %1."), format_date_words(value))
        self.ui.expiryHint.setText(hint)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        u = self.ui
        video = self.wiz() is not None and self.wiz().mode is VerificationMode.VIDEO
        return (
            not self.busy
            and u.idTypeCombo.currentIndex() >= 0
            and (u.nameYesRadio.isChecked() or u.nameNoRadio.isChecked())
            and (u.noExpiryCheck.isChecked() or self.expiry() is not None)
            and (not video or u.seenYesRadio.isChecked() or u.seenNoRadio.isChecked())
        )

    def photo_id(self) -> PhotoIdCheck:
        u = self.ui
        return PhotoIdCheck(
            id_type=IdType(u.idTypeCombo.currentData()),
            name_matches=u.nameYesRadio.isChecked(),
            expires_on=None if u.noExpiryCheck.isChecked() else self.expiry(),
            seen_on_screen=u.seenYesRadio.isChecked(),
            no_expiry_date=u.noExpiryCheck.isChecked(),
        )

    def validatePage(self) -> bool:
        wizard = self.wiz()
        if wizard.outcome is not None:
            return True
        from ppdesk.services.verification import complete_verification

        self.clear_error()
        self.set_busy(True)
        wizard.desk.call(
            complete_verification,
            wizard.verification_id,
            wizard.questions.answers(),
            self.photo_id(),
            on_success=self._checked,
            on_error=self.failed,
            context=self,
        )
        return False

    def _checked(self, outcome: VerificationOutcome) -> None:
        self.set_busy(False)
        wizard = self.wiz()
        wizard.outcome = outcome
        if outcome.passed:
            wizard.checked_photo = self.photo_id()
        wizard.next()
