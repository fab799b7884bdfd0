"""The roster tab (issue 8, item 1): the Student/Parent PIN roster of the school, sortable on
every column, filtered by grade, homeroom teacher and a search term. PINs stay masked until
the user reveals the selected rows (audited, step-up by ``Desk.call``). Export to Excel writes
exactly the rows the table shows, off the GUI thread with a progress bar and Cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.models import grade_key
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.progress import JobRelay
from ppdesk.gui.office.roster_model import RosterFilter, RosterTableModel
from ppdesk.services import roster as roster_service

M = RosterTableModel
# Fixed widths (resizing to contents would read every row): the PIN columns stay in view.
COLUMN_WIDTHS = {
    M.COL_STUDENT_ID: 85,
    M.COL_LAST: 110,
    M.COL_FIRST: 100,
    M.COL_GRADE: 55,
    M.COL_HOMEROOM: 160,
    M.COL_GUARDIAN: 165,
    M.COL_RELATIONSHIP: 95,
    M.COL_PARENT_PIN: 125,
    M.COL_EXPIRES: 100,
    M.COL_STUDENT_PIN: 90,
    M.COL_LEGAL: 150,
    M.COL_PORTAL_EMAIL: 200,
    M.COL_PHONE: 120,
    M.COL_LANGUAGE: 90,
}


class RosterTab(QWidget):
    """See the module docstring. ``loaded`` is True once the rows are in the table."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterTab")
        self.desk = desk
        self.loaded = False
        self._started = False
        self.last_export: Any = None  # ExportSummary of the last finished export
        self._relay: JobRelay | None = None
        self.model = RosterTableModel(self)
        self.proxy = RosterFilter(self.model, self)
        self._build()
        locked = getattr(parent, "locked_changed", None)
        if locked is not None:
            # Revealed PINs do not survive the idle lock, even for the same user.
            locked.connect(self._on_locked)

    def showEvent(self, event: QShowEvent) -> None:
        # Load when first shown, not at login: counter work must not wait behind it.
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.reload()

    def _on_locked(self, locked: bool) -> None:
        if locked:
            self.hide_pins()

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.gradeCombo = QComboBox(self)
        self.homeroomCombo = QComboBox(self)
        self.homeroomCombo.setMinimumContentsLength(18)
        self.searchEdit = QLineEdit(self)
        self.searchEdit.setPlaceholderText(self.tr("Search any column (name, ID, phone…)"))
        self.searchEdit.setClearButtonEnabled(True)
        self.refreshButton = QPushButton(self.tr("Refresh"), self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Grade:"), self))
        filters.addWidget(self.gradeCombo)
        filters.addWidget(QLabel(self.tr("Homeroom teacher:"), self))
        filters.addWidget(self.homeroomCombo)
        filters.addWidget(QLabel(self.tr("Search:"), self))
        filters.addWidget(self.searchEdit, 1)
        filters.addWidget(self.refreshButton)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RosterTableModel.COL_LAST, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(120)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)

        self.countLabel = QLabel(self)
        self.revealButton = QPushButton(self.tr("Reveal PINs of selected rows"), self)
        self.revealButton.setToolTip(
            self.tr("Shows the PINs of the selected rows. Recorded in the audit trail.")
        )
        self.hideButton = QPushButton(self.tr("Hide PINs"), self)
        self.hideButton.setEnabled(False)
        self.exportButton = QPushButton(self.tr("Export to Excel…"), self)
        self.exportButton.setToolTip(
            self.tr("Writes the rows shown (after filters) with their PINs. Audited.")
        )
        self.progressBar = QProgressBar(self)
        self.progressBar.setTextVisible(True)
        self.cancelButton = QPushButton(self.tr("Cancel"), self)
        self.progressBar.hide()
        self.cancelButton.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.countLabel, 1)
        actions.addWidget(self.progressBar)
        actions.addWidget(self.cancelButton)
        actions.addWidget(self.revealButton)
        actions.addWidget(self.hideButton)
        actions.addWidget(self.exportButton)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self.gradeCombo.currentIndexChanged.connect(self.apply_filters)
        self.homeroomCombo.currentIndexChanged.connect(self.apply_filters)
        self.searchEdit.textChanged.connect(self.apply_filters)
        self.refreshButton.clicked.connect(self.reload)
        self.revealButton.clicked.connect(self.reveal_selected)
        self.hideButton.clicked.connect(self.hide_pins)
        self.exportButton.clicked.connect(self._choose_export_file)
        self.cancelButton.clicked.connect(self.cancel_export)

    # -- loading and filtering -------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the rows (masked) in the background."""
        self.loaded = False
        self.countLabel.setText(self.tr("Loading the roster…"))
        self.desk.call(
            roster_service.roster_rows, school_code=None, on_success=self._loaded, context=self
        )

    def _loaded(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.hideButton.setEnabled(False)
        self._fill_combo(
            self.gradeCombo,
            self.tr("All grades"),
            sorted({r.grade for r in rows}, key=grade_key),
        )
        self._fill_combo(
            self.homeroomCombo,
            self.tr("All homerooms"),
            sorted({r.homeroom_teacher for r in rows if r.homeroom_teacher}),
        )
        self.apply_filters()
        self.loaded = True

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, values: list[str]) -> None:
        previous = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(previous) if previous is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def set_grade(self, grade: str | None) -> None:
        index = self.gradeCombo.findData(grade) if grade else 0
        self.gradeCombo.setCurrentIndex(max(index, 0))

    def set_homeroom(self, teacher: str | None) -> None:
        index = self.homeroomCombo.findData(teacher) if teacher else 0
        self.homeroomCombo.setCurrentIndex(max(index, 0))

    def apply_filters(self) -> None:
        self.proxy.set_filters(
            grade=self.gradeCombo.currentData(),
            homeroom=self.homeroomCombo.currentData(),
            search=self.searchEdit.text(),
        )
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.countLabel.setText(
            self.tr("{shown} of {total} rows shown").format(shown=shown, total=total)
        )

    def visible_records(self) -> list[Any]:
        """The records in the table, in display order (tests and the export)."""
        return [
            self.model.record(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            for row in range(self.proxy.rowCount())
        ]

    # -- PINs ------------------------------------------------------------------------------

    def selected_link_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        records = [self.model.record(self.proxy.mapToSource(i).row()) for i in rows]
        return [r.link_id for r in records if r.link_id is not None]

    def reveal_selected(self) -> None:
        ids = self.selected_link_ids()
        if not ids:
            self.countLabel.setText(self.tr("Select the rows whose PINs you want to see."))
            return
        self.desk.call(
            roster_service.reveal_roster_pins, ids, on_success=self._revealed, context=self
        )

    def _revealed(self, shown: list[Any]) -> None:
        self.model.reveal({r.link_id: r for r in shown})
        self.hideButton.setEnabled(True)

    def hide_pins(self) -> None:
        self.model.hide_pins()
        self.hideButton.setEnabled(False)

    # -- export ----------------------------------------------------------------------------

    def _choose_export_file(self) -> None:
        name, _ = files.save_file_name(
            self, self.tr("Export the roster"), "pin-roster.xlsx", self.tr("Excel (*.xlsx)")
        )
        if name:
            self.export_to(name)

    def export_to(self, path: str) -> None:
        """Export the rows shown to ``path`` in the background; progress and Cancel show."""
        if self._relay is not None:
            return
        relay = self._relay = JobRelay(self)
        relay.progressed.connect(self._export_progress)
        self.progressBar.setRange(0, 0)
        self.progressBar.show()
        self.cancelButton.show()
        self.exportButton.setEnabled(False)
        self.last_export = None
        self.desk.call(
            roster_service.export_roster,
            path,
            school_code=None,
            link_ids=self.proxy.link_ids(),
            student_ids=self.proxy.lone_student_ids(),
            progress=relay.progress,
            is_cancelled=relay.is_cancelled,
            on_success=self._exported,
            on_error=self._export_failed,
            context=self,
        )

    def cancel_export(self) -> None:
        if self._relay is not None:
            self._relay.cancel()

    def _export_progress(self, done: int, total: int) -> None:
        if total:
            self.progressBar.setRange(0, total)
            self.progressBar.setValue(done)

    def _export_ended(self) -> None:
        self._relay = None
        self.progressBar.hide()
        self.cancelButton.hide()
        self.exportButton.setEnabled(True)

    def _exported(self, summary: Any) -> None:
        self._export_ended()
        self.last_export = summary
        if summary.cancelled:
            self.countLabel.setText(self.tr("Export cancelled: no file was written."))
        else:
            self.countLabel.setText(
                self.tr("Exported {rows} rows to {path}.").format(
                    rows=summary.rows, path=summary.path
                )
            )

    def _export_failed(self, exc: BaseException) -> None:
        self._export_ended()
        self.desk.presenter.show(exc, self.window())


def _create(desk: Desk, parent: QWidget) -> QWidget:
    return RosterTab(desk, parent)


TAB = TabSpec(
    key="roster",
    title="Roster",
    visible=lambda profile: profile.can(Permission.EXPORT_ROSTER),
    create=_create,
)
