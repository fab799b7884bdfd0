"""Letters to print: the PIN letters of district verifications waiting at this school.

A verifier of a district office (a local district, the Office of Parent and Community
Services, the hotline) does not print the school's letter; it waits here until the school's
own staff print it (``ppdesk.services.school_letters``). The printer is chosen first, then the
service records the print and the PDF goes straight to the printer from memory: it is written
to a private temporary folder that is removed as soon as the bytes are read.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ppdesk.domain.pin import PinStatus
from ppdesk.gui.desk import Desk
from ppdesk.gui.forms.ui_school_letters_tab import Ui_SchoolLettersTab
from ppdesk.gui.letters import LETTER_DIR_PREFIX, print_pdf
from ppdesk.gui.models import last_day_text, school_time
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.i18n import fmt
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.records import SchoolLetterRow
from ppdesk.services.school_letters import letters_to_print


def queued_letter_pdf(ctx: AppContext, session: StaffSession, letter_id: int) -> bytes:
    """Print one waiting letter to a private temporary file and return its bytes."""
    from ppdesk.services.exports import files_port
    from ppdesk.services.school_letters import print_queued_letter

    port = files_port(ctx)
    with tempfile.TemporaryDirectory(prefix=LETTER_DIR_PREFIX) as folder:
        path = Path(folder) / "pin-letter.pdf"
        port.register_staging(path)
        try:
            print_queued_letter(ctx, session, letter_id, path)
            return path.read_bytes()
        finally:
            path.unlink(missing_ok=True)
            port.unregister_staging(path)


class SchoolLettersTab(QWidget):
    """The school's list of letters queued by district verifiers, with Print…."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.rows: list[SchoolLetterRow] = []
        self.printed_pages = 0
        self.ui = Ui_SchoolLettersTab()
        self.ui.setupUi(self)
        self.ui.refreshButton.clicked.connect(self._on_refresh)
        self.ui.printButton.clicked.connect(self._on_print)
        self.ui.schoolLettersTable.itemSelectionChanged.connect(self._on_selection_changed)
        self.refresh()

    @property
    def table(self) -> QTableWidget:
        return self.ui.schoolLettersTable

    @property
    def printButton(self) -> QPushButton:  # the name the tests use
        return self.ui.printButton

    def _on_refresh(self) -> None:
        self.refresh()

    def _on_print(self) -> None:
        self.print_selected()

    def refresh(self) -> None:
        self.desk.call(letters_to_print, on_success=self._show, context=self)

    def _show(self, rows: list[SchoolLetterRow]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            mode = (
                self.tr("On a live video call")
                if r.mode == "video"
                else self.tr("In person at the district office")
            )
            pin = (
                fmt(self.tr("Active until %1"), last_day_text(r.pin_expires_at))
                if r.pin_status == PinStatus.ACTIVE
                else self.tr("Ended: cannot be printed")
            )
            cells = [
                school_time(r.queued_at),
                r.student_number,
                r.student_name,
                r.guardian_name,
                mode,
                r.queued_by,
                pin,
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.ui.statusLabel.setText(
            fmt(self.tr("Letters waiting: %1."), len(self.rows))
            if self.rows
            else self.tr("No letter is waiting.")
        )
        self._on_selection_changed()

    def selected(self) -> SchoolLetterRow | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked else None

    def _on_selection_changed(self) -> None:
        self.ui.printButton.setEnabled(self.selected() is not None)

    def print_selected(self) -> None:
        """Choose the printer, then print the letter (recorded), then refresh the list."""
        row = self.selected()
        if row is None:
            return
        printer = self.desk.printer_provider(self)
        if printer is None:
            return

        def _print(pdf: bytes) -> None:
            self.printed_pages += print_pdf(pdf, printer)
            self.ui.statusLabel.setText(self.tr("The letter went to the printer."))
            self.refresh()

        def _failed(exc: BaseException) -> None:
            self.desk.presenter.show(exc, self.window())
            self.refresh()

        self.desk.call(queued_letter_pdf, row.id, on_success=_print, on_error=_failed, context=self)


def _create(desk: Desk, parent: QWidget) -> QWidget:
    return SchoolLettersTab(desk, parent)


TAB = TabSpec(
    key="school_letters",
    title="Letters to print",
    visible=lambda profile: profile.prints_school_letters,
    create=_create,
)
