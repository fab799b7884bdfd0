"""The first-run dialog: an empty database asks for its first account (a
principal of a school, or a district administrator) instead of getting a demo school.

The work is ``ppdesk.services.first_run.set_up`` on the task runner; this dialog only
collects the answers, shows refusals inline and reports where the PIN keys went.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ppdesk.gui.errors import describe_error
from ppdesk.gui.tasks import TaskRunner

ERROR_STYLE = "color: #b00020;"


class FirstRunDialog(QDialog):
    """Emits ``created(FirstRunResult)`` once the first account exists."""

    created = Signal(object)

    def __init__(self, runner: TaskRunner, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunDialog")
        self.setWindowTitle(self.tr("Set up ppdesk"))
        self.runner, self.ctx = runner, ctx
        self.result_: Any = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This database is empty. Create its first account: the principal of your "
                "school, or a district administrator. That account then adds the other staff."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.principalRadio = QRadioButton(self.tr("&Principal of a school"))
        self.districtRadio = QRadioButton(self.tr("&District administrator"))
        self.principalRadio.setChecked(True)
        layout.addWidget(self.principalRadio)
        layout.addWidget(self.districtRadio)
        form = QFormLayout()
        self.schoolCodeEdit = QLineEdit()
        self.schoolNameEdit = QLineEdit()
        self.districtEdit = QLineEdit()
        self.userEdit = QLineEdit()
        self.nameEdit = QLineEdit()
        self.passwordEdit = QLineEdit()
        self.confirmEdit = QLineEdit()
        for edit in (self.passwordEdit, self.confirmEdit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("School &code:"), self.schoolCodeEdit)
        form.addRow(self.tr("School &name:"), self.schoolNameEdit)
        form.addRow(self.tr("Local dis&trict:"), self.districtEdit)
        form.addRow(self.tr("&User name:"), self.userEdit)
        form.addRow(self.tr("&Full name:"), self.nameEdit)
        form.addRow(self.tr("Pass&word:"), self.passwordEdit)
        form.addRow(self.tr("&Repeat password:"), self.confirmEdit)
        for widget, description in (
            (self.principalRadio, self.tr("The first account is a school's principal.")),
            (
                self.districtRadio,
                self.tr("The first account is a district administrator for all schools."),
            ),
            (self.schoolCodeEdit, self.tr("The school's code in the student information system.")),
            (self.schoolNameEdit, self.tr("The school's name, as printed on the letters.")),
            (self.districtEdit, self.tr("The local district the administrator looks after.")),
            (self.userEdit, self.tr("The user name the first account logs in with.")),
            (self.nameEdit, self.tr("The full name of the person who owns the first account.")),
            (self.passwordEdit, self.tr("The first account's password. It is never shown.")),
            (self.confirmEdit, self.tr("The same password again, to catch a typing mistake.")),
        ):
            widget.setAccessibleDescription(description)
        layout.addLayout(form)
        self.errorLabel = QLabel()
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(ERROR_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        self.buttons = QDialogButtonBox()
        self.createButton = self.buttons.addButton(
            self.tr("Create account"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.createButton.setAccessibleDescription(
            self.tr("Create the first account and the database, then log in.")
        )
        quit_button = self.buttons.addButton(
            self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        quit_button.setAccessibleDescription(self.tr("Close ppdesk without creating anything."))
        self.buttons.accepted.connect(self._on_create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.userEdit.setText("principal")
        self.schoolCodeEdit.setFocus()

    def _error(self, text: str) -> None:
        self.errorLabel.setText(text)
        self.errorLabel.show()

    def _on_create(self) -> None:
        from ppdesk.domain.roles import Role
        from ppdesk.services import first_run

        if self.passwordEdit.text() != self.confirmEdit.text():
            self._error(self.tr("The two passwords differ."))
            self.confirmEdit.clear()
            self.confirmEdit.setFocus()
            return
        role = Role.PRINCIPAL if self.principalRadio.isChecked() else Role.DISTRICT_ADMIN
        self.createButton.setEnabled(False)
        self.errorLabel.hide()
        self.runner.run(
            first_run.set_up,
            self.ctx,
            role=role,
            username=self.userEdit.text(),
            display_name=self.nameEdit.text(),
            password=self.passwordEdit.text(),
            school_code=self.schoolCodeEdit.text(),
            school_name=self.schoolNameEdit.text(),
            local_district=self.districtEdit.text(),
            on_success=self._done,
            on_error=self._failed,
            context=self,
        )

    def _failed(self, exc: BaseException) -> None:
        self.createButton.setEnabled(True)
        self._error(describe_error(exc).message)

    def _done(self, result: Any) -> None:
        self.result_ = result
        self.passwordEdit.clear()
        self.confirmEdit.clear()
        self.created.emit(result)
        self.accept()
