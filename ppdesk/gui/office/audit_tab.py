"""The Audit tab (principal, assistant principal): the trail filtered by date, staff member,
action and target; "Verify integrity" runs the hash-chain check; export to Excel.

Everything goes through the services (``read_audit_trail``, ``verify_audit_trail``,
``export_audit_trail``), each audited, off the GUI thread via ``Desk.call``. The rows
shown and exported are the reader's schools' (the one scope of ``audit_trail.audit_scope``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.audit import AuditRecord, ChainReport
from ppdesk.domain.reports import ExportSummary
from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.models import Column, RecordTableModel, sorting_proxy
from ppdesk.gui.office import TabSpec
from ppdesk.services.audit_export import export_audit_trail
from ppdesk.services.audit_trail import read_audit_trail, verify_audit_trail

ROW_LIMIT = 5000
GOOD_STYLE = "color: #1b5e20; font-weight: bold;"
BAD_STYLE = "color: #b00020; font-weight: bold;"

# Actions staff usually look for; the list grows with what the loaded rows contain.
KNOWN_ACTIONS = (
    "login",
    "login_failed",
    "verification_complete",
    "pin_issue",
    "pin_reveal",
    "pin_reissue",
    "pin_revoke",
    "letter_print",
    "role_grant",
    "role_revoke",
    "staff_add",
    "staff_update",
    "audit_read",
    "audit_verify",
    "audit_export",
)


def _local(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


OUTCOMES = {
    "success": QT_TRANSLATE_NOOP("AuditTab", "success"),
    "failed": QT_TRANSLATE_NOOP("AuditTab", "failed"),
    "denied": QT_TRANSLATE_NOOP("AuditTab", "denied"),
}


def _outcome_text(record: AuditRecord) -> str:
    # Action names stay as recorded: they are the codes the Action filter takes.
    if record.outcome in OUTCOMES:
        return QCoreApplication.translate("AuditTab", OUTCOMES[record.outcome])
    return record.outcome


class AuditModel(RecordTableModel):
    """``AuditRecord`` rows, oldest first; the sequence number sorts numerically."""

    COL_SEQ, COL_WHEN, COL_ACTOR, COL_ACTION, COL_OUTCOME, COL_TARGET, COL_DETAILS = range(7)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(QT_TRANSLATE_NOOP("models", "Seq"), lambda r: str(r.seq), lambda r: r.seq),
        Column(
            QT_TRANSLATE_NOOP("models", "When"),
            lambda r: _local(r.occurred_at),
            lambda r: r.occurred_at.isoformat(),
        ),
        Column(QT_TRANSLATE_NOOP("models", "Staff"), lambda r: r.actor),
        Column(QT_TRANSLATE_NOOP("models", "Action"), lambda r: r.action),
        Column(QT_TRANSLATE_NOOP("models", "Outcome"), _outcome_text),
        Column(
            QT_TRANSLATE_NOOP("models", "Target"),
            lambda r: f"{r.target_type or ''} {r.target_id or ''}".strip(),
        ),
        Column(QT_TRANSLATE_NOOP("models", "Details"), lambda r: r.details),
    )

    def record(self, row: int) -> AuditRecord:
        return self._rows[row]  # type: ignore[no-any-return]


class AuditTab(QWidget):
    """Filters, the table, and the integrity and export buttons."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.last_report: ChainReport | None = None
        self.last_export: int | None = None
        self.loading = False
        self.setObjectName("auditTab")
        today = QDate.currentDate()
        self.since_edit = QDateEdit(today.addDays(-30), self)
        self.until_edit = QDateEdit(today, self)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.actor_edit = QLineEdit(self)
        self.actor_edit.setPlaceholderText(self.tr("any staff member (user name)"))
        self.action_combo = QComboBox(self)
        self.action_combo.setEditable(True)
        self.action_combo.addItem("")
        self.action_combo.addItems(KNOWN_ACTIONS)
        self.action_combo.lineEdit().setPlaceholderText(self.tr("any action"))
        self.target_edit = QLineEdit(self)
        self.target_edit.setPlaceholderText(self.tr("the id shown under Target, e.g. 81"))
        self.search_button = QPushButton(self.tr("&Show"), self)
        self.search_button.setDefault(True)
        grid = QHBoxLayout()
        pairs: Sequence[tuple[str, QWidget, int]] = (
            (self.tr("&From:"), self.since_edit, 0),
            (self.tr("&To:"), self.until_edit, 0),
            (self.tr("Staff &member:"), self.actor_edit, 2),
            (self.tr("&Action:"), self.action_combo, 2),
            (self.tr("Tar&get:"), self.target_edit, 2),
        )
        for text, field, stretch in pairs:
            label = QLabel(text, self)
            label.setBuddy(field)
            grid.addWidget(label)
            grid.addWidget(field, stretch)
            grid.addSpacing(8)
        grid.addWidget(self.search_button)
        self.model = AuditModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Audit trail"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AuditModel.COL_SEQ, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count_label = QLabel("", self)
        self.verify_button = QPushButton(self.tr("&Verify integrity"), self)
        self.verify_button.setToolTip(
            self.tr("Check that no audit row was changed, removed or reordered")
        )
        self.export_button = QPushButton(self.tr("&Export to Excel…"), self)
        self.verdict_label = QLabel("", self)
        self.verdict_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.verdict_label)
        layout.addLayout(buttons)
        self.search_button.clicked.connect(self.refresh)
        for edit in (self.actor_edit, self.target_edit):
            edit.returnPressed.connect(self.refresh)
        self.action_combo.lineEdit().returnPressed.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        # The rows load when the tab is first shown (showEvent): login stays fast.

    def showEvent(self, event: QShowEvent) -> None:
        # The trail grows while the desk is open: show what is new each time the tab opens.
        super().showEvent(event)
        if not self.loading:
            self.refresh()

    # -- filters -----------------------------------------------------------------------------

    def filters(self) -> dict[str, Any]:
        """The service filters the form describes (dates are whole local days)."""
        since = datetime.combine(self.since_edit.date().toPython(), time.min).astimezone()
        until = datetime.combine(self.until_edit.date().toPython(), time.min).astimezone()
        until += timedelta(days=1)
        return {
            "since": since.astimezone(UTC),
            "until": until.astimezone(UTC),
            "actor": self.actor_edit.text().strip().lower() or None,
            "action": self.action_combo.currentText().strip() or None,
            "target_id": self.target_edit.text().strip() or None,
        }

    def refresh(self) -> None:
        """Load the rows the filters select, in the background."""
        self.loading = True
        self.search_button.setEnabled(False)
        self.desk.call(
            read_audit_trail,
            limit=ROW_LIMIT,
            on_success=self._loaded,
            on_error=self._failed,
            context=self,
            **self.filters(),
        )

    def _loaded(self, rows: Sequence[AuditRecord]) -> None:
        self.loading = False
        self.search_button.setEnabled(True)
        self.model.set_rows(rows)
        known = {self.action_combo.itemText(i) for i in range(self.action_combo.count())}
        for action in sorted({r.action for r in rows} - known):
            self.action_combo.addItem(action)
        text = self.tr("Rows shown: %1").replace("%1", str(len(rows)))
        if len(rows) >= ROW_LIMIT:
            text += " " + self.tr("(the newest %1 only: narrow the filters)").replace(
                "%1", str(ROW_LIMIT)
            )
        self.count_label.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.search_button.setEnabled(True)
        self.verify_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.desk.presenter.show(exc, self.window())

    # -- integrity ---------------------------------------------------------------------------

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verdict_label.setText(self.tr("Checking the audit trail…"))
        self.verdict_label.setStyleSheet("")
        self.desk.call(
            verify_audit_trail, on_success=self._verified, on_error=self._failed, context=self
        )

    def _verified(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        self.last_report = report
        if report.intact:
            text = self.tr("The audit trail is intact: %1 rows checked.").replace(
                "%1", str(report.rows)
            )
            self.verdict_label.setStyleSheet(GOOD_STYLE)
        else:
            text = self.tr(
                "The audit trail is BROKEN at sequence %1 (%2). Tell the district office; "
                "do not change anything."
            )
            text = text.replace("%1", str(report.first_bad_seq)).replace("%2", report.problem or "")
            self.verdict_label.setStyleSheet(BAD_STYLE)
        self.verdict_label.setText(text)

    # -- export ------------------------------------------------------------------------------

    def export(self, path: str | None = None) -> None:
        """Export what the filters select; ``path`` skips the file dialog (tests)."""
        if not path:
            path, _ = files.save_file_name(
                self, self.tr("Export the audit trail"), "audit-trail.xlsx", "Excel (*.xlsx)"
            )
            if not path:
                return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.export_button.setEnabled(False)
        self.desk.call(
            export_audit_trail,
            path,
            on_success=self._exported,
            on_error=self._failed,
            context=self,
            **self.filters(),
        )

    def _exported(self, summary: ExportSummary) -> None:
        rows = summary.rows
        self.export_button.setEnabled(True)
        self.last_export = rows
        self.count_label.setText(self.tr("Rows exported: %1").replace("%1", str(rows)))


def _visible(profile: Any) -> bool:
    return bool(profile.can(Permission.READ_AUDIT))


TAB = TabSpec(
    key="audit",
    title="Audit",
    visible=_visible,
    create=lambda desk, parent: AuditTab(desk, parent),
)
