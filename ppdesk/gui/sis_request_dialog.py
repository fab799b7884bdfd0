"""'Request the SIS update…' (reference guide section III).

At a school an SIS import feeds, the desk does not record the verified parent and legal
guardian status: the status "must be updated within MiSiS". The principal or assistant
principal ticks the documents seen; the request goes on the "SIS updates to make" report for
the office, and the PIN can be issued once an SIS import carries the status.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.sis_status import DOCUMENT_KINDS
from ppdesk.gui.office.i18n import fmt

# The domain's document labels (``DOCUMENT_KINDS``), listed for pyside6-lupdate.
_DOCUMENT_LABELS = (
    QT_TRANSLATE_NOOP("SisRequestDialog", "Birth certificate naming the parent"),
    QT_TRANSLATE_NOOP("SisRequestDialog", "Court order (custody or guardianship)"),
    QT_TRANSLATE_NOOP("SisRequestDialog", "Adoption decree"),
    QT_TRANSLATE_NOOP("SisRequestDialog", "Photo ID of the parent or guardian"),
    QT_TRANSLATE_NOOP("SisRequestDialog", "Other document"),
)


def translated_documents(text: str) -> str:
    """The stored documents (English labels joined by "; ") in the interface language."""
    return "; ".join(
        QCoreApplication.translate("SisRequestDialog", part) for part in text.split("; ")
    )


class SisRequestDialog(QDialog):
    """Asks which documents were seen; ``on_request(kinds, note)`` runs on OK."""

    def __init__(
        self,
        parent: QWidget | None,
        guardian: str,
        student: str,
        on_request: Callable[[list[str], str | None], None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sisRequestDialog")
        self.setWindowTitle(self.tr("Request the SIS update"))
        self._on_request = on_request
        layout = QVBoxLayout(self)
        self.explanation = QLabel(
            fmt(
                self.tr(
                    "This school's records come from the student information system (SIS). "
                    "ppdesk does not record %1 as the verified parent and legal guardian of "
                    "%2: the status must be updated in the SIS (reference guide, section "
                    "III). Say which documents you saw; the request goes on the \u201cSIS "
                    "updates to make\u201d report for the office. The PIN can be issued once "
                    "the SIS carries the status (after the next SIS import)."
                ),
                guardian,
                student,
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        layout.addWidget(QLabel(self.tr("Documents seen:"), self))
        self.checks: dict[str, QCheckBox] = {}
        for key, label in DOCUMENT_KINDS:
            box = QCheckBox(QCoreApplication.translate("SisRequestDialog", label), self)
            box.setObjectName(f"doc_{key}")
            box.toggled.connect(self._update)
            layout.addWidget(box)
            self.checks[key] = box
        self.noteLabel = QLabel(self.tr("Details (document number, the other document):"), self)
        layout.addWidget(self.noteLabel)
        self.noteEdit = QLineEdit(self)
        self.noteEdit.setObjectName("noteEdit")
        self.noteEdit.setMaxLength(2000)
        self.noteEdit.textChanged.connect(self._update)
        self.noteLabel.setBuddy(self.noteEdit)
        layout.addWidget(self.noteEdit)
        self.buttons = QDialogButtonBox(self)
        self.okButton = self.buttons.addButton(
            self.tr("Record the request"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.accepted.connect(self._accepted)
        layout.addWidget(self.buttons)
        self._update()

    def kinds(self) -> list[str]:
        return [key for key, box in self.checks.items() if box.isChecked()]

    def _update(self, *_args: object) -> None:
        kinds = self.kinds()
        note = self.noteEdit.text().strip()
        self.okButton.setEnabled(bool(kinds) and ("other" not in kinds or bool(note)))

    def _accepted(self) -> None:
        self._on_request(self.kinds(), self.noteEdit.text().strip() or None)


def ask_sis_update(
    parent: QWidget | None,
    guardian: str,
    student: str,
    on_request: Callable[[list[str], str | None], None],
) -> SisRequestDialog:
    """Open the dialog window-modal; it deletes itself when closed."""
    dialog = SisRequestDialog(parent, guardian, student, on_request)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
