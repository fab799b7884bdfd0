"""The student view: the record as the portal shows it to staff, and per-guardian actions.

Buttons a role may not use are hidden (the services refuse them anyway); buttons that make no
sense for the selected guardian are disabled, with the reason under the table.
"""

from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHeaderView, QPushButton, QWidget

from ppdesk.domain.pin import PinStatus
from ppdesk.domain.roles import Permission
from ppdesk.domain.verification import GUARDIAN_NOT_VERIFIED_MESSAGE, VERIFICATION_VALID_FOR
from ppdesk.gui.desk import Desk
from ppdesk.gui.errors import describe_error
from ppdesk.gui.forms.ui_student_view import Ui_StudentView
from ppdesk.gui.models import ContactModel, GuardianDetailModel, format_date, school_time
from ppdesk.gui.office.i18n import fmt
from ppdesk.gui.prompts import ask_text
from ppdesk.gui.redemption_panel import RedemptionPanel
from ppdesk.gui.screens import wrap_row
from ppdesk.gui.sis_request_dialog import translated_documents
from ppdesk.services.lookup import GuardianDetail, StudentView

# How long a passed verification lets its staff member print or show the PIN.
VALID_MINUTES = int(VERIFICATION_VALID_FOR.total_seconds() // 60)

if TYPE_CHECKING:
    from ppdesk.gui.wizard import VerificationWizard

LANGUAGE_NAMES = {
    "en": QT_TRANSLATE_NOOP("languages", "English"),
    "es": QT_TRANSLATE_NOOP("languages", "Spanish"),
    "ko": QT_TRANSLATE_NOOP("languages", "Korean"),
    "hy": QT_TRANSLATE_NOOP("languages", "Armenian"),
    "zh": QT_TRANSLATE_NOOP("languages", "Chinese"),
    "tl": QT_TRANSLATE_NOOP("languages", "Tagalog"),
    "vi": QT_TRANSLATE_NOOP("languages", "Vietnamese"),
    "ru": QT_TRANSLATE_NOOP("languages", "Russian"),
    "fa": QT_TRANSLATE_NOOP("languages", "Farsi"),
    "ar": QT_TRANSLATE_NOOP("languages", "Arabic"),
}
LOCKED_HINT = QT_TRANSLATE_NOOP(
    "StudentPage",
    "Locked after repeated failed verifications: a principal or assistant principal must "
    "unlock this guardian before another attempt.",
)


class StudentPage(QWidget):
    """One student, opened from a search. Emits ``title_changed`` once loaded."""

    title_changed = Signal(str)
    loaded = Signal(object)

    def __init__(
        self,
        desk: Desk,
        student_id: int,
        *,
        select_link_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_StudentView()
        self.ui.setupUi(self)
        self.desk = desk
        self.student_id = student_id
        self.view: StudentView | None = None
        self.wizard: VerificationWizard | None = None
        self._select_link_id = select_link_id
        self.guardians = GuardianDetailModel(self)
        self.contacts = ContactModel(self)
        self.ui.guardiansTable.setModel(self.guardians)
        self.ui.contactsTable.setModel(self.contacts)
        for table in (self.ui.guardiansTable, self.ui.contactsTable):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ui.guardiansTable.selectionModel().currentRowChanged.connect(self.update_actions)
        self.ui.guardiansTable.activated.connect(self._on_activated)
        u = self.ui
        # Built in code beside the Designer form: hand a held bulk letter over.
        self.handoverButton = QPushButton(self.tr("Han&d over letter…"), u.guardiansGroup)
        self.handoverButton.setObjectName("handoverButton")
        u.pinActions.insertWidget(u.pinActions.indexOf(u.verifyButton) + 1, self.handoverButton)
        self.handoverButton.clicked.connect(lambda: self.open_wizard(reissue=False, handover=True))
        self._pending_handover: tuple[int, Any] | None = None
        u.verifyButton.clicked.connect(lambda: self.open_wizard(reissue=False))
        u.reissueButton.clicked.connect(lambda: self.open_wizard(reissue=True))
        u.revokeButton.clicked.connect(self._on_revoke)
        u.printButton.clicked.connect(self._on_print)
        u.previewButton.clicked.connect(self._on_preview)
        u.markVerifiedButton.clicked.connect(self._on_mark_verified)
        # At a school the SIS feeds, the same button asks for the SIS update.
        self._mark_text = u.markVerifiedButton.text()
        self.sis_dialog: Any = None
        u.unlockButton.clicked.connect(self._on_unlock)
        u.refreshButton.clicked.connect(self.load)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.load)
        # Built in code beside the Designer form: the portal-linking help.
        self.redemption = RedemptionPanel(desk, self.ui.studentGroup)
        self.redemption.on_changed = self.load
        self.ui.studentLayout.addWidget(self.redemption)
        # Custody change: beside "Verified parent and legal guardian".
        self.removeStatusButton = QPushButton(self.tr("Remove verified status…"), self)
        self.removeStatusButton.setObjectName("removeStatusButton")
        self.removeStatusButton.setAccessibleDescription(
            self.tr(
                "Record that the chosen guardian is no longer the verified parent and legal "
                "guardian (a custody change)."
            )
        )
        self._descriptions: dict[QWidget, str] = {}
        self.removeStatusButton.clicked.connect(self._on_remove_status)
        self.ui.adminActions.insertWidget(
            self.ui.adminActions.indexOf(self.ui.markVerifiedButton) + 1, self.removeStatusButton
        )
        # The action rows wrap instead of widening the window (880 px in one row in Spanish).
        self.pin_actions = wrap_row(u.guardiansLayout, u.pinActions)
        self.admin_actions = wrap_row(u.guardiansLayout, u.adminActions)
        self._apply_role()
        self.ui.headerLabel.setText(self.tr("<h2>Loading…</h2>"))
        self.setFocusProxy(self.ui.guardiansTable)

    # -- roles -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.set_reading_order()

    def set_reading_order(self) -> None:
        """The Tab key reads the page as it is laid out: the student (left), the guardians
        and their actions, the emergency contacts (right), then Refresh (bottom). Set once
        the page is in its window (the tab reparents it); buttons made in code would
        otherwise come last, after Refresh."""
        u = self.ui
        order: list[QWidget] = [
            self.redemption.checkButton,
            self.redemption.clearButton,
            u.guardiansTable,
            u.verifyButton,
            self.handoverButton,
            u.printButton,
            u.previewButton,
            u.reissueButton,
            u.revokeButton,
            u.markVerifiedButton,
            self.removeStatusButton,
            u.unlockButton,
            u.contactsTable,
            u.refreshButton,
        ]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def _apply_role(self) -> None:
        p = self.desk.profile
        can_pin = p.can(Permission.VERIFY_IDENTITY) and p.can(Permission.MANAGE_PIN)
        for button in (
            self.ui.verifyButton,
            self.handoverButton,
            self.ui.printButton,
            self.ui.previewButton,
            self.ui.reissueButton,
            self.ui.revokeButton,
        ):
            button.setVisible(can_pin)
        self.ui.markVerifiedButton.setVisible(p.can(Permission.RECORD_LEGAL_GUARDIAN))
        self.removeStatusButton.setVisible(p.can(Permission.RECORD_LEGAL_GUARDIAN))
        self.ui.unlockButton.setVisible(p.can(Permission.UNLOCK_GUARDIAN))

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        from ppdesk.services.lookup import student_view

        self.desk.call(
            student_view,
            self.student_id,
            on_success=self._show,
            on_error=self._failed,
            context=self,
        )

    def _failed(self, exc: BaseException) -> None:
        self.notice(describe_error(exc).message, error=True)

    def _show(self, view: StudentView) -> None:
        self.view = view
        e = html.escape
        self.ui.headerLabel.setText(
            fmt(
                self.tr("<h2>%1</h2>Student ID %2 · grade %3 · %4"),
                e(view.name),
                e(view.student_number),
                e(view.grade),
                e(view.school_name),
            )
        )
        u = self.ui
        u.studentIdValue.setText(view.student_number)
        u.dobValue.setText(format_date(view.dob))
        u.gradeValue.setText(view.grade)
        u.homeroomValue.setText(view.homeroom or "")
        u.schoolValue.setText(f"{view.school_code} {view.school_name}")
        u.addressValue.setText(view.address or "")
        u.phoneValue.setText(view.phone or "")
        u.emailValue.setText(view.student_email or "")
        lang = view.home_language or ""
        u.languageValue.setText(
            QCoreApplication.translate("languages", LANGUAGE_NAMES[lang])
            if lang in LANGUAGE_NAMES
            else lang
        )
        keep = self._select_link_id or (self.current_guardian() or _NoGuardian).link_id
        self.guardians.set_rows(view.guardians)
        self.contacts.set_rows(view.emergency_contacts)
        self._select_guardian(keep)
        self.redemption.set_view(view)
        if view.redemption_locked:
            self.notice(
                self.tr(
                    "The portal has refused this student's PINs after repeated wrong entries "
                    "today; linking works again after 24 hours."
                ),
                error=True,
            )
        self.title_changed.emit(f"{view.name} ({view.student_number})")
        self.loaded.emit(view)
        if self._pending_handover is not None:
            link_id, photo = self._pending_handover
            self._pending_handover = None
            self.start_handover(link_id, photo)

    def _select_guardian(self, link_id: int | None) -> None:
        rows = self.guardians.records()
        if not rows:
            self.update_actions()
            return
        index = next((i for i, g in enumerate(rows) if g.link_id == link_id), None)
        if index is None:  # first guardian who can be verified, else the first
            index = next(
                (i for i, g in enumerate(rows) if g.verified_legal_guardian and not g.locked), 0
            )
        self.ui.guardiansTable.selectRow(index)
        self.update_actions()

    def current_guardian(self) -> GuardianDetail | None:
        index = self.ui.guardiansTable.currentIndex()
        return self.guardians.record(index.row()) if index.isValid() else None

    # -- actions ---------------------------------------------------------------------------

    def update_actions(self, *_args: object) -> None:
        g = self.current_guardian()
        u = self.ui
        keys_ok = self.desk.keys_problem is None
        eligible = g is not None and g.verified_legal_guardian and not g.locked
        active = g is not None and g.pin_status == PinStatus.ACTIVE
        held = g is not None and g.pin_status == PinStatus.HELD
        self.handoverButton.setEnabled(eligible and held)
        self.handoverButton.setToolTip(
            fmt(self.tr("Verify the guardian, then activate letter %1."), g.letter_number)
            if held and g is not None and g.letter_number
            else self.tr("Only a bulk letter that is held (not handed over yet).")
        )
        u.verifyButton.setEnabled(eligible and keys_ok and not held)
        u.verifyButton.setText(
            self.tr("&Verify identity and show PIN…")
            if active
            else self.tr("&Verify identity and issue PIN…")
        )
        u.reissueButton.setEnabled(
            eligible and keys_ok and g is not None and g.pin_status != "none"
        )
        u.revokeButton.setEnabled(active)
        u.printButton.setEnabled(active and keys_ok)
        u.previewButton.setEnabled(active and keys_ok)
        # At an SIS-fed school: request the SIS update, or withdraw the open request.
        sis = self.view is not None and self.view.status_from_sis
        requested = g is not None and g.sis_request is not None
        u.markVerifiedButton.setText(
            (
                self.tr("Withdraw the SIS request…")
                if requested
                else self.tr("Request the SIS update…")
            )
            if sis
            else self._mark_text
        )
        u.markVerifiedButton.setEnabled(g is not None and not g.verified_legal_guardian)
        self.removeStatusButton.setEnabled(g is not None and g.verified_legal_guardian)
        u.unlockButton.setEnabled(g is not None and g.locked)
        # Each role is told only what applies to it: a role with no PIN action never reads
        # about printing letters, held letters or PIN keys.
        pin_role = u.verifyButton.isVisibleTo(self) or u.printButton.isVisibleTo(self)
        if g is None:
            hint = ""
        elif not g.verified_legal_guardian and g.sis_request is not None:
            hint = self._requested_text(g)
        elif not g.verified_legal_guardian:
            hint = QCoreApplication.translate("messages", GUARDIAN_NOT_VERIFIED_MESSAGE)
        elif g.locked:
            hint = self.tr(LOCKED_HINT)
        elif not pin_role:
            hint = ""
        elif not keys_ok:
            hint = fmt(
                self.tr("PIN features are off on this workstation: %1"), self.desk.keys_problem
            )
        elif held:
            hint = fmt(
                self.tr(
                    "Bulk letter %1 is held: its PIN works only after you verify this guardian "
                    "and hand it over."
                ),
                g.letter_number or "",
            )
        elif active:
            hint = fmt(
                self.tr(
                    "Printing the letter needs a passed verification by you in the last %1 minutes."
                ),
                VALID_MINUTES,
            )
        else:
            hint = ""
        u.guardianHint.setText(hint)
        for button, why in (
            (
                u.verifyButton,
                self.tr("Only a verified parent and legal guardian who is not locked."),
            ),
            (
                u.printButton,
                fmt(
                    self.tr("Needs an active PIN and your passed verification (%1 minutes)."),
                    VALID_MINUTES,
                ),
            ),
            (
                u.previewButton,
                fmt(
                    self.tr("Needs an active PIN and your passed verification (%1 minutes)."),
                    VALID_MINUTES,
                ),
            ),
            (u.reissueButton, self.tr("Replaces an issued PIN, after a new verification.")),
            (u.revokeButton, self.tr("Only an active PIN can be revoked.")),
            (
                u.markVerifiedButton,
                self.tr("Already recorded as verified parent and legal guardian."),
            ),
            (u.unlockButton, self.tr("Only a guardian locked after failed verifications.")),
        ):
            button.setToolTip("" if button.isEnabled() else why)
            # A screen reader reads what the button does, or why it is unavailable.
            base = self._descriptions.setdefault(button, button.accessibleDescription())
            button.setAccessibleDescription(base if button.isEnabled() else why)

    def _on_activated(self, _index: QModelIndex) -> None:
        # Enter on a guardian starts the usual counter task when the role allows it.
        if self.ui.verifyButton.isVisible() and self.ui.verifyButton.isEnabled():
            self.open_wizard(reissue=False)

    def start_handover(self, link_id: int, photo: Any = None) -> None:
        """Select the guardian of ``link_id`` and start the hand-over checklist (a scanned
        letter, or the next child's letter of the same guardian with ``photo`` carried)."""
        if self.view is None:
            self._pending_handover = (link_id, photo)
            return
        self._select_guardian(link_id)
        g = self.current_guardian()
        if g is None or g.link_id != link_id:
            self.notice(
                self.tr("This letter's guardian is not linked to this student."), error=True
            )
            return
        if not self.handoverButton.isEnabled():
            self.notice(
                self.ui.guardianHint.text() or self.tr("This letter cannot be handed over."),
                error=True,
            )
            return
        self.open_wizard(reissue=False, handover=True, carried_photo=photo)

    def open_wizard(
        self, *, reissue: bool, handover: bool = False, carried_photo: Any = None
    ) -> None:
        from ppdesk.gui.wizard import VerificationWizard

        g = self.current_guardian()
        if g is None or self.view is None or self.wizard is not None:
            return
        wizard = VerificationWizard(
            self.desk,
            self.view,
            g,
            reissue=reissue,
            handover=handover,
            carried_photo=carried_photo,
            parent=self.window(),
        )
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        wizard.finished.connect(self._wizard_closed)
        self.wizard = wizard
        self.set_masked(True)
        wizard.open()
        wizard.activateWindow()  # window managers do this; offscreen and some X11 setups not

    def _wizard_closed(self, _result: int) -> None:
        wizard, self.wizard = self.wizard, None
        self.set_masked(False)
        self.ui.guardiansTable.setFocus()
        if wizard is not None:
            wizard.deleteLater()
        self.load()

    def set_masked(self, masked: bool) -> None:
        """Hide the record while the guardian answers (the screen may face the counter)."""
        self.ui.stack.setCurrentWidget(self.ui.maskPage if masked else self.ui.detailsPage)
        self.ui.headerLabel.setVisible(not masked)

    def notice(self, text: str, *, error: bool = False) -> None:
        self.ui.noticeLabel.setText(text)
        self.ui.noticeLabel.setStyleSheet("color: #b00020;" if error else "")

    def _title(self, g: GuardianDetail) -> str:
        return f"{g.name} ({self.view.name if self.view else ''})"

    def _on_print(self) -> None:
        g = self.current_guardian()
        if g is not None:
            self.desk.print_letter(
                g.link_id,
                self,
                on_done=lambda _p: self.notice(self.tr("The letter went to the printer.")),
            )

    def _on_preview(self) -> None:
        g = self.current_guardian()
        if g is not None:
            self.desk.preview_letter(
                g.link_id, fmt(self.tr("PIN letter for %1"), self._title(g)), self
            )

    def _on_revoke(self) -> None:
        from ppdesk.services.pins import revoke_pin

        g = self.current_guardian()
        if g is None:
            return

        def _revoke(reason: str) -> None:
            self.desk.call(
                revoke_pin,
                g.link_id,
                reason=reason,
                on_success=lambda _r: self._done(
                    fmt(self.tr("The PIN of %1 was revoked."), g.name)
                ),
                context=self,
            )

        self.desk.last_prompt = ask_text(
            self,
            self.tr("Revoke PIN"),
            fmt(self.tr("Why revoke the PIN of %1?"), g.name),
            _revoke,
            ok_text=self.tr("Revoke"),
        )

    def _requested_text(self, g: GuardianDetail) -> str:
        r = g.sis_request
        if r is None:
            return ""
        if r.kind == "remove":
            return fmt(
                self.tr(
                    "The verified status was removed on %1 by %2; its removal in the SIS is "
                    "on the \u201cSIS updates to make\u201d report for the office. Imports keep "
                    "this guardian unverified until one carries the removal."
                ),
                format_date(r.requested_at),
                r.requested_by,
            )
        return fmt(
            self.tr(
                "An SIS update was requested on %1 by %2 (documents seen: %3); it is on the "
                "“SIS updates to make” report for the office. The PIN can be issued "
                "once the SIS carries the verified parent and legal guardian status (after "
                "the next SIS import)."
            ),
            format_date(r.requested_at),
            r.requested_by,
            translated_documents(r.documents),
        )

    def _on_request_sis_update(self, g: GuardianDetail) -> None:
        from ppdesk.gui.sis_request_dialog import ask_sis_update
        from ppdesk.services.sis_requests import request_sis_update

        def _request(kinds: list[str], note: str | None) -> None:
            self.desk.call(
                request_sis_update,
                g.link_id,
                documents=kinds,
                note=note,
                on_success=lambda _r: self._done(
                    fmt(
                        self.tr(
                            "The SIS update for %1 was requested: it is on the “SIS "
                            "updates to make” report. The PIN can be issued once the SIS "
                            "carries the status."
                        ),
                        g.name,
                    )
                ),
                context=self,
            )

        self.sis_dialog = ask_sis_update(
            self, g.name, self.view.name if self.view else "", _request
        )

    def _on_withdraw_sis_request(self, g: GuardianDetail) -> None:
        from ppdesk.services.sis_requests import withdraw_sis_request

        def _withdraw(reason: str) -> None:
            self.desk.call(
                withdraw_sis_request,
                g.link_id,
                reason=reason,
                on_success=lambda _r: self._done(
                    fmt(
                        self.tr(
                            "The SIS request for %1 was withdrawn; it is no longer on the "
                            "\u201cSIS updates to make\u201d report."
                        ),
                        g.name,
                    )
                ),
                context=self,
            )

        self.desk.last_prompt = ask_text(
            self,
            self.tr("Withdraw the SIS request"),
            fmt(self.tr("Why withdraw the request to record %1 in the SIS?"), g.name),
            _withdraw,
            ok_text=self.tr("Withdraw"),
        )

    def _on_mark_verified(self) -> None:
        from ppdesk.services.pins import record_legal_guardian

        g = self.current_guardian()
        if g is None:
            return
        if self.view is not None and self.view.status_from_sis:
            if g.sis_request is not None:
                self._on_withdraw_sis_request(g)
            else:
                self._on_request_sis_update(g)
            return

        def _mark(reason: str) -> None:
            self.desk.call(
                record_legal_guardian,
                g.link_id,
                verified=True,
                reason=reason,
                on_success=lambda _r: self._done(
                    fmt(
                        self.tr("%1 is now recorded as verified parent and legal guardian."), g.name
                    )
                ),
                context=self,
            )

        self.desk.last_prompt = ask_text(
            self,
            self.tr("Verified parent and legal guardian"),
            fmt(
                self.tr(
                    "You confirmed by the school's procedure that %1 is the parent or legal "
                    "guardian. How (document seen, SIS record)?"
                ),
                g.name,
            ),
            _mark,
            ok_text=self.tr("Record"),
        )

    def _on_remove_status(self) -> None:
        from ppdesk.services.custody import remove_legal_guardian_status

        g = self.current_guardian()
        if g is None:
            return

        def _remove(reason: str) -> None:
            self.desk.call(
                remove_legal_guardian_status,
                g.link_id,
                reason=reason,
                on_success=lambda done: self._done(self._status_removed_text(done)),
                context=self,
            )

        self.desk.last_prompt = ask_text(
            self,
            self.tr("Remove verified status"),
            fmt(
                self.tr(
                    "A court order or a custody change: %1 will no longer be the verified "
                    "parent and legal guardian. Active and held PINs are revoked. Why?"
                ),
                g.name,
            ),
            _remove,
            ok_text=self.tr("Remove status"),
        )

    def _status_removed_text(self, done: Any) -> str:
        text = self.tr("The verified status was removed; no new PIN can be issued.")
        if done.revoked_pin_id is not None:
            text += " " + self.tr("The PIN was revoked.")
        if done.sis_request_id is not None:
            text += " " + self.tr(
                "The SIS decides the status at this school: the removal is on the \u201cSIS "
                "updates to make\u201d report for the office to record in the SIS. Until an "
                "import carries it, imports keep this guardian unverified."
            )
        if done.portal_link_to_remove:
            text += " " + self.tr(
                "The guardian already linked the student on the portal; ppdesk cannot remove "
                "that link. The case is on the \u201cPortal links to remove\u201d report."
            )
        return text

    def _on_unlock(self) -> None:
        from ppdesk.services.verification import review_guardian_lock

        g = self.current_guardian()
        if g is None:
            return
        # The lock is the guardian's, whichever school the failures were at: show them
        # all before asking why to unlock.
        self.desk.call(
            review_guardian_lock,
            g.guardian_id,
            on_success=lambda review: self._ask_unlock(g, review),
            context=self,
        )

    def _ask_unlock(self, g: Any, review: Any) -> None:
        from ppdesk.services.verification import unlock_guardian

        def _unlock(reason: str) -> None:
            self.desk.call(
                unlock_guardian,
                g.guardian_id,
                reason,
                on_success=lambda _r: self._done(fmt(self.tr("%1 can be verified again."), g.name)),
                context=self,
            )

        lines = [
            fmt(
                self.tr("%1 at school %2, student %3, by %4 (%5): %6"),
                school_time(a.at),
                a.school_code,
                a.student_number,
                a.staff_name,
                self.tr("video") if a.mode == "video" else self.tr("in person"),
                ", ".join(a.failed_checks) or self.tr("photo ID"),
            )
            for a in review.attempts
        ]
        self.desk.last_prompt = ask_text(
            self,
            self.tr("Unlock guardian"),
            fmt(
                self.tr("Failed verifications since the last unlock:\n%1\n\nWhy unlock %2?"),
                "\n".join(lines) or "-",
                g.name,
            ),
            _unlock,
            ok_text=self.tr("Unlock"),
        )

    def _done(self, message: str) -> None:
        self.notice(message)
        self.load()


class _NoGuardian:
    link_id = None
