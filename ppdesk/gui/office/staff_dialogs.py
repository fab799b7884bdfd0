"""Dialogs of the Staff and roles tab: add a staff member, grant or revoke a role, change an
account's status. Each records a reason where the service keeps one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.roles import Role
from ppdesk.gui.office.i18n import role_label
from ppdesk.services.staff import GrantInfo


class _FormDialog(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleDescription(
            self.tr("Save what you entered and close the dialog.")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
            self.tr("Close the dialog without changing anything.")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # OK must not be what Enter presses before anything is typed: the first field has
        # the focus (focus_first_field), and OK is pressed on purpose.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAutoDefault(False)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #a00000;")
        self.error_label.hide()
        self.submit: Callable[[], None] | None = None
        self.submitting = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus_first_field()

    def focus_first_field(self) -> None:
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            field = item.widget() if item is not None else None
            if field is not None and field.isEnabled():
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def problem(self) -> str | None:
        """What must be filled in before OK can do anything (None: nothing)."""
        return None

    def accept(self) -> None:
        """OK: check, then hand the values to ``submit``; the dialog stays open, with what
        was typed, until ``succeeded`` (an error is shown by ``failed``)."""
        if self.submitting:
            return
        problem = self.problem()
        if problem:
            self.failed(problem)
            return
        if self.submit is None:
            super().accept()
            return
        self.submitting = True
        self.buttons.setEnabled(False)
        self.error_label.hide()
        self.submit()

    def succeeded(self) -> None:
        self.submitting = False
        self.buttons.setEnabled(True)
        super().accept()

    def failed(self, message: str) -> None:
        self.submitting = False
        self.buttons.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.focus_first_field()

    def _reason_field(self) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setPlaceholderText(self.tr("Why (kept in the audit trail)"))
        edit.setFixedHeight(64)
        edit.setTabChangesFocus(True)
        edit.setAccessibleDescription(
            self.tr("Why this is done. It is kept in the audit trail. Tab leaves the field.")
        )
        self.form.addRow(self.tr("&Reason:"), edit)
        return edit


class AddStaffDialog(_FormDialog):
    """User name, display name, email, school and a first password."""

    def __init__(self, schools: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Add a staff member"),
            self.tr("The new account has no role yet: grant one after adding it."),
            parent,
        )
        self.username_edit = QLineEdit(self)
        self.username_edit.setPlaceholderText(self.tr("e.g. jdoe"))
        self.name_edit = QLineEdit(self)
        self.email_edit = QLineEdit(self)
        self.school_combo = QComboBox(self)
        self.school_combo.addItems(list(schools))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("at least 12 characters"))
        self.form.addRow(self.tr("&User name:"), self.username_edit)
        self.form.addRow(self.tr("&Full name:"), self.name_edit)
        self.form.addRow(self.tr("&Email:"), self.email_edit)
        self.form.addRow(self.tr("&School:"), self.school_combo)
        self.form.addRow(self.tr("First &password:"), self.password_edit)
        for widget, description in (
            (self.username_edit, self.tr("The name the staff member logs in with.")),
            (self.name_edit, self.tr("The staff member's full name, as shown in the desk.")),
            (self.email_edit, self.tr("The staff member's work email address (optional).")),
            (self.school_combo, self.tr("The school the staff member works at.")),
            (
                self.password_edit,
                self.tr("A first password; the staff member changes it. It is never shown."),
            ),
        ):
            widget.setAccessibleDescription(description)

    def values(self) -> dict[str, object]:
        return {
            "username": self.username_edit.text(),
            "display_name": self.name_edit.text(),
            "email": self.email_edit.text() or None,
            "school_code": self.school_combo.currentText(),
            "password": self.password_edit.text() or None,
        }

    def done(self, result: int) -> None:
        super().done(result)
        self.password_edit.clear()  # the password does not stay in a hidden widget


class GrantDialog(_FormDialog):
    """Grant a role: only the roles the user may grant are offered."""

    def __init__(
        self,
        username: str,
        roles: Sequence[Role],
        schools: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Grant a role"),
            self.tr("Grant a role to %1. It applies to their very next action.").replace(
                "%1", username
            ),
            parent,
        )
        self.role_combo = QComboBox(self)
        for role in roles:
            self.role_combo.addItem(role_label(role), role)
        self.school_combo = QComboBox(self)
        self.school_combo.addItems(list(schools))
        self.district_edit = QLineEdit(self)
        self.district_edit.setPlaceholderText(self.tr("local district, e.g. Central"))
        self.form.addRow(self.tr("R&ole:"), self.role_combo)
        self.form.addRow(self.tr("&School:"), self.school_combo)
        self.form.addRow(self.tr("Local &district:"), self.district_edit)
        self.role_combo.setAccessibleDescription(self.tr("The role to grant."))
        self.school_combo.setAccessibleDescription(self.tr("The school where the role applies."))
        self.district_edit.setAccessibleDescription(
            self.tr("The local district where a district administrator's role applies.")
        )
        self.reason_edit = self._reason_field()
        self.role_combo.currentIndexChanged.connect(self._scope)
        self._scope()

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def _scope(self) -> None:
        admin = self.role_combo.count() > 0 and self.role() is Role.DISTRICT_ADMIN
        self.school_combo.setEnabled(not admin)
        self.district_edit.setEnabled(admin)

    def problem(self) -> str | None:
        if not self.reason_edit.toPlainText().strip():
            return self.tr("Say why this role is granted: the reason is kept in the audit trail.")
        return None

    def values(self) -> dict[str, object]:
        admin = self.role() is Role.DISTRICT_ADMIN
        return {
            "role": self.role(),
            "school_code": None if admin else self.school_combo.currentText() or None,
            "local_district": self.district_edit.text() or None if admin else None,
            "reason": self.reason_edit.toPlainText().strip() or None,
        }


def scope_text(grant: GrantInfo) -> str:
    """Where a grant applies, in the interface language."""
    if grant.school_code:
        return grant.school_code
    if grant.local_district:
        return QCoreApplication.translate("StaffTab", "district %1").replace(
            "%1", grant.local_district
        )
    return QCoreApplication.translate("StaffTab", "all schools")


class RevokeDialog(_FormDialog):
    """Revoke one of the member's grants the user may revoke."""

    def __init__(
        self, username: str, grants: Sequence[GrantInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            self.tr("Revoke a role"),
            self.tr("Revoke a role of %1. It stops working on their very next action.").replace(
                "%1", username
            ),
            parent,
        )
        self.grant_combo = QComboBox(self)
        for grant in grants:
            self.grant_combo.addItem(f"{role_label(grant.role)} ({scope_text(grant)})", grant)
        self.form.addRow(self.tr("R&ole:"), self.grant_combo)
        self.grant_combo.setAccessibleDescription(
            self.tr("The role to revoke, with the school or district where it applies.")
        )
        self.reason_edit = self._reason_field()

    def values(self) -> dict[str, object]:
        grant: GrantInfo = self.grant_combo.currentData()
        return {
            "role": grant.role,
            "school_code": grant.school_code,
            "local_district": grant.local_district,
            "reason": self.reason_edit.toPlainText().strip() or None,
        }


class ReasonDialog(_FormDialog):
    """A reason for deactivating, reactivating or unlocking an account."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(title, intro, parent)
        self.reason_edit = self._reason_field()

    def reason(self) -> str | None:
        return self.reason_edit.toPlainText().strip() or None
