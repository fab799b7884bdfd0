"""The student view's "Portal linking" box: a parent who cannot link the student on the
portal (reference guide V). It shows the failed attempts of the last 24 hours and offers
"Check a PIN" (says whether a PIN is valid for this student without using it) and "Clear
the redemption lock" to the roles that manage PINs; both are audited by the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ppdesk.domain.pin import MAX_FAILED_REDEMPTIONS
from ppdesk.domain.roles import Permission
from ppdesk.gui.models import last_day_text, school_time
from ppdesk.gui.office.i18n import fmt
from ppdesk.gui.prompts import ask_text
from ppdesk.services.lookup import StudentView

if TYPE_CHECKING:
    from ppdesk.gui.desk import Desk


class RedemptionPanel(QGroupBox):
    """Failed portal attempts and the two remedies; ``changed`` reloads the student."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redemptionGroup")
        self.setTitle(self.tr("Portal linking"))
        self.desk = desk
        self.view: StudentView | None = None
        self.on_changed: object = None
        layout = QVBoxLayout(self)
        self.failuresLabel = QLabel(self)
        self.failuresLabel.setObjectName("redemptionFailuresLabel")
        self.failuresLabel.setWordWrap(True)
        layout.addWidget(self.failuresLabel)
        # One button per row: the Spanish labels do not fit side by side in the column.
        buttons = QVBoxLayout()
        self.checkButton = QPushButton(self.tr("Check a PIN…"), self)
        self.checkButton.setObjectName("checkPinButton")
        self.checkButton.setToolTip(
            self.tr(
                "Says whether a PIN the parent holds is valid for this student; does not use it."
            )
        )
        self.clearButton = QPushButton(self.tr("Clear the redemption lock"), self)
        self.clearButton.setObjectName("clearRedemptionButton")
        self.clearButton.setAccessibleDescription(
            self.tr("Let the parent try linking the portal account again after failed tries.")
        )
        for button in (self.checkButton, self.clearButton):
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            buttons.addLayout(row)
        layout.addLayout(buttons)
        self.resultLabel = QLabel(self)
        self.resultLabel.setObjectName("redemptionResultLabel")
        self.resultLabel.setWordWrap(True)
        layout.addWidget(self.resultLabel)
        may = desk.profile.can(Permission.MANAGE_PIN)
        self.checkButton.setVisible(may)
        self.clearButton.setVisible(may)
        self.checkButton.clicked.connect(self._on_check)
        self.clearButton.clicked.connect(self._on_clear)

    def set_view(self, view: StudentView) -> None:
        self.view = view
        failures = view.redemption_failures
        if not failures:
            text = self.tr("No failed portal link attempts in the last 24 hours.")
        else:
            times = ", ".join(school_time(t, "%H:%M") for t in failures[:10])
            text = fmt(
                self.tr("%1 failed portal link attempts in the last 24 hours (%2 lock it): %3"),
                len(failures),
                MAX_FAILED_REDEMPTIONS,
                times,
            )
            if view.redemption_locked:
                text += " " + self.tr("Linking is locked for this student.")
        self.failuresLabel.setText(text)
        self.clearButton.setEnabled(bool(failures))

    def _on_check(self) -> None:
        from ppdesk.services.redemption import check_pin

        view = self.view
        if view is None:
            return

        def _check(pin_text: str) -> None:
            self.desk.call(
                check_pin,
                student_number=view.student_number,
                pin_text=pin_text,
                on_success=self._checked,
                context=self,
            )

        self.desk.last_prompt = ask_text(
            self,
            self.tr("Check a PIN"),
            self.tr("Type the PIN from the parent's letter. It is checked, not used."),
            _check,
            ok_text=self.tr("Check"),
        )

    def _checked(self, result: object) -> None:
        valid = getattr(result, "valid", False)
        guardian = getattr(result, "guardian_name", None) or ""
        expires = getattr(result, "expires_at", None)
        if valid:
            text = fmt(
                self.tr("Valid: the active PIN of %1, until %2. The parent can link with it."),
                guardian,
                last_day_text(expires) if expires else "",
            )
        else:
            text = fmt(
                self.tr("Not valid for this student: %1."), str(getattr(result, "status", ""))
            )
        self.resultLabel.setText(text)

    def _on_clear(self) -> None:
        from ppdesk.services.redemption import clear_redemption_lock

        view = self.view
        if view is None:
            return
        self.desk.call(
            clear_redemption_lock,
            student_number=view.student_number,
            on_success=self._cleared,
            context=self,
        )

    def _cleared(self, count: object) -> None:
        self.resultLabel.setText(
            fmt(self.tr("%1 failed attempts cleared: the parent can try again."), count)
        )
        if callable(self.on_changed):
            self.on_changed()
