"""Small non-blocking prompts: the password again (step-up) and a reason for an act.

Both open window-modal and call back with what was typed; neither blocks the event loop, so
background work keeps flowing and tests can drive them like a person would.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QLineEdit, QWidget

from ppdesk.gui.forms.ui_password_prompt import Ui_PasswordPrompt


class PasswordPrompt(QDialog):
    """Asks the logged-in staff member for their password again."""

    def __init__(self, parent: QWidget | None, message: str) -> None:
        super().__init__(parent)
        self.ui = Ui_PasswordPrompt()
        self.ui.setupUi(self)
        self.ui.messageLabel.setText(message)
        self.ui.errorLabel.hide()
        for button in self.ui.buttonBox.buttons():
            role = self.ui.buttonBox.buttonRole(button)
            ok = role == QDialogButtonBox.ButtonRole.AcceptRole
            button.setText(self.tr("OK") if ok else self.tr("Cancel"))
            button.setAccessibleDescription(
                self.tr("Confirm with this password.") if ok else self.tr("Do not go on.")
            )
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.finished.connect(lambda _r: self.ui.passwordEdit.clear())

    def show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.setStyleSheet("color: #b00020;")
        self.ui.errorLabel.show()


def ask_password(
    parent: QWidget | None,
    message: str,
    on_password: Callable[[str], None],
    *,
    optional: bool = False,
) -> PasswordPrompt:
    """Open the prompt; ``on_password(text)`` runs when the user presses OK. An empty
    password is passed on only if ``optional`` (the database decides: Kerberos)."""
    dialog = PasswordPrompt(parent, message)

    def _accepted() -> None:
        text = dialog.ui.passwordEdit.text()
        dialog.ui.passwordEdit.clear()
        if text or optional:
            on_password(text)

    dialog.accepted.connect(_accepted)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    dialog.ui.passwordEdit.setFocus()
    return dialog


def ask_text(
    parent: QWidget | None,
    title: str,
    label: str,
    on_text: Callable[[str], None],
    *,
    ok_text: str | None = None,
) -> QInputDialog:
    """Ask for one line of text (a reason); ``on_text`` gets it stripped and non-empty."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText(ok_text or QCoreApplication.translate("PasswordPrompt", "OK"))
    dialog.setCancelButtonText(QCoreApplication.translate("PasswordPrompt", "Cancel"))

    def _selected(text: str) -> None:
        if text.strip():
            on_text(text.strip())

    dialog.textValueSelected.connect(_selected)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    # QInputDialog builds its field and buttons itself: describe them once they exist.
    for edit in dialog.findChildren(QLineEdit):
        edit.setAccessibleDescription(
            QCoreApplication.translate("PasswordPrompt", "The reason is kept in the audit trail.")
        )
    box = dialog.findChild(QDialogButtonBox)
    for button in box.buttons() if box is not None else []:
        accept = box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole
        button.setAccessibleDescription(
            QCoreApplication.translate("PasswordPrompt", "Go ahead, with this reason.")
            if accept
            else QCoreApplication.translate("PasswordPrompt", "Do not go on.")
        )
    return dialog
