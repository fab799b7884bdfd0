"""The Audit tab (principal, assistant principal): the trail filtered by date, staff member,
action and target; "Verify integrity" runs the hash-chain check; export to Excel.

Everything goes through the services (``read_audit_trail``, ``verify_audit_trail``,
``export_audit_trail``), each audited, off the GUI thread via ``Desk.call``. The rows
shown and exported are the reader's schools' (the one scope of ``audit_trail.audit_scope``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ppdesk.domain.audit import AuditRecord, ChainReport
from ppdesk.domain.reports import ExportSummary
from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.forms.ui_audit_tab import Ui_AuditTab
from ppdesk.gui.models import Column, RecordTableModel, school_time, sorting_proxy
from ppdesk.gui.office import TabSpec
from ppdesk.services.audit_export import export_audit_trail
from ppdesk.services.audit_trail import read_audit_trail, verify_audit_trail
from ppdesk.services.exports import as_instant, school_zone

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
            lambda r: school_time(r.occurred_at, "%Y-%m-%d %H:%M:%S"),
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


def _named(sentence: str, count: int, seqs: tuple[int, ...]) -> str:
    """``sentence`` with the number of rows (%1) and the sequences named (%2, "…" when
    there are more than named)."""
    named = ", ".join(str(s) for s in seqs) + (", …" if count > len(seqs) else "")
    return sentence.replace("%1", str(count)).replace("%2", named)


class AuditTab(QWidget):
    """Filters, the table, and the integrity and export buttons, laid out in
    ``ui/audit_tab.ui``; this class fills the form and handles its signals."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.last_report: ChainReport | None = None
        self.last_export: int | None = None
        self.loading = False
        self.ui = Ui_AuditTab()
        self.ui.setupUi(self)
        today = QDate.currentDate()
        self.ui.sinceEdit.setDate(today.addDays(-30))
        self.ui.untilEdit.setDate(today)
        self.ui.actionCombo.addItem("")
        self.ui.actionCombo.addItems(KNOWN_ACTIONS)
        self.ui.actionCombo.lineEdit().setPlaceholderText(self.tr("any action"))
        self.model = AuditModel(self)
        self.proxy = sorting_proxy(self.model, self)
        table = self.ui.auditTable
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(AuditModel.COL_SEQ, Qt.SortOrder.DescendingOrder)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ui.showButton.clicked.connect(self._on_show)
        self.ui.actorEdit.returnPressed.connect(self._on_show)
        self.ui.targetEdit.returnPressed.connect(self._on_show)
        self.ui.actionCombo.lineEdit().returnPressed.connect(self._on_show)
        self.ui.verifyButton.clicked.connect(self._on_verify)
        self.ui.exportButton.clicked.connect(self._on_export)
        # The rows load when the tab is first shown (showEvent): login stays fast.

    # The handles the tests drive the tab by.
    @property
    def actor_edit(self) -> QLineEdit:
        return self.ui.actorEdit

    @property
    def action_combo(self) -> QComboBox:
        return self.ui.actionCombo

    @property
    def search_button(self) -> QPushButton:
        return self.ui.showButton

    @property
    def count_label(self) -> QLabel:
        return self.ui.countLabel

    @property
    def verify_button(self) -> QPushButton:
        return self.ui.verifyButton

    @property
    def verdict_label(self) -> QLabel:
        return self.ui.verdictLabel

    def _on_show(self) -> None:
        self.refresh()

    def _on_verify(self) -> None:
        self.verify()

    def _on_export(self) -> None:
        self.export()

    def showEvent(self, event: QShowEvent) -> None:
        # The trail grows while the desk is open: show what is new each time the tab opens.
        super().showEvent(event)
        if not self.loading:
            self.refresh()

    # -- filters -----------------------------------------------------------------------------

    def filters(self) -> dict[str, Any]:
        """The service filters the form describes (dates are whole days in the school's time
        zone, ``services.exports.school_zone``)."""
        zone = school_zone(self.desk.ctx)
        since = as_instant(self.ui.sinceEdit.date().toPython(), zone)
        until = as_instant(self.ui.untilEdit.date().toPython(), zone, end_of_day=True)
        return {
            "since": since.astimezone(UTC),
            "until": until.astimezone(UTC),
            "actor": self.ui.actorEdit.text().strip().lower() or None,
            "action": self.ui.actionCombo.currentText().strip() or None,
            "target_id": self.ui.targetEdit.text().strip() or None,
        }

    def refresh(self) -> None:
        """Load the rows the filters select, in the background."""
        self.loading = True
        self.ui.showButton.setEnabled(False)
        self.desk.call(
            read_audit_trail,
            limit=ROW_LIMIT,
            on_success=self._on_loaded,
            on_error=self._on_failed,
            context=self,
            **self.filters(),
        )

    def _on_loaded(self, rows: Sequence[AuditRecord]) -> None:
        self.loading = False
        self.ui.showButton.setEnabled(True)
        self.model.set_rows(rows)
        known = {self.ui.actionCombo.itemText(i) for i in range(self.ui.actionCombo.count())}
        for action in sorted({r.action for r in rows} - known):
            self.ui.actionCombo.addItem(action)
        text = self.tr("Rows shown: %1").replace("%1", str(len(rows)))
        if len(rows) >= ROW_LIMIT:
            text += " " + self.tr("(the newest %1 only: narrow the filters)").replace(
                "%1", str(ROW_LIMIT)
            )
        self.ui.countLabel.setText(text)

    def _on_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.ui.showButton.setEnabled(True)
        self.ui.verifyButton.setEnabled(True)
        self.ui.exportButton.setEnabled(True)
        self.desk.presenter.show(exc, self.window())

    # -- integrity ---------------------------------------------------------------------------

    def verify(self) -> None:
        self.ui.verifyButton.setEnabled(False)
        self.ui.verdictLabel.setText(self.tr("Checking the audit trail…"))
        self.ui.verdictLabel.setStyleSheet("")
        self.desk.call(
            verify_audit_trail, on_success=self._on_verified, on_error=self._on_failed, context=self
        )

    def _on_verified(self, report: ChainReport) -> None:
        self.ui.verifyButton.setEnabled(True)
        self.last_report = report
        if report.intact and report.scope is not None:
            # A person's own connection: only the chains of their schools were checked.
            text = self.tr(
                "The audit chains of %2 are intact: %1 rows checked. The district's chain "
                "and other schools' chains are not visible to you and were not checked."
            )
            text = text.replace("%1", str(report.rows)).replace("%2", ", ".join(report.scope))
            self.ui.verdictLabel.setStyleSheet(GOOD_STYLE)
        elif report.intact:
            text = self.tr("The audit trail is intact: %1 rows checked.").replace(
                "%1", str(report.rows)
            )
            self.ui.verdictLabel.setStyleSheet(GOOD_STYLE)
        if report.intact and report.unsigned_db_rows:
            # Rows the database's functions appended that no desk countersigned (a desk
            # that ended between its commit and its countersign): named, not broken.
            text += " " + _named(
                self.tr(
                    "%1 rows written by the database carry no signature: no desk "
                    "countersigned them (sequence %2)."
                ),
                report.unsigned_db_rows,
                report.unsigned_seqs,
            )
        if report.intact and report.keyless_rows:
            # Rows a workstation wrote before it had the PIN keys (a new workstation's
            # `keys import` login, a locked keyring): named, not broken.
            text += " " + _named(
                self.tr(
                    "%1 rows written by a workstation without the PIN keys carry no "
                    "signature (sequence %2)."
                ),
                report.keyless_rows,
                report.keyless_seqs,
            )
        if report.intact and report.rekeyed_at is not None:
            rekeyed = self.tr(
                "The signatures of the rows before sequence %1 were made with the keys lost in "
                "the key recovery there and were not checked (their hashes and links were)."
            )
            text += " " + rekeyed.replace("%1", str(report.rekeyed_at))
        if not report.intact:
            text = self.tr(
                "The audit trail is BROKEN at sequence %1 (%2). Tell the district office; "
                "do not change anything."
            )
            text = text.replace("%1", str(report.first_bad_seq)).replace("%2", report.problem or "")
            self.ui.verdictLabel.setStyleSheet(BAD_STYLE)
        self.ui.verdictLabel.setText(text)

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
        self.ui.exportButton.setEnabled(False)
        self.desk.call(
            export_audit_trail,
            path,
            on_success=self._on_exported,
            on_error=self._on_failed,
            context=self,
            **self.filters(),
        )

    def _on_exported(self, summary: ExportSummary) -> None:
        rows = summary.rows
        self.ui.exportButton.setEnabled(True)
        self.last_export = rows
        self.ui.countLabel.setText(self.tr("Rows exported: %1").replace("%1", str(rows)))


def _visible(profile: Any) -> bool:
    return bool(profile.can(Permission.READ_AUDIT))


TAB = TabSpec(
    key="audit",
    title="Audit",
    visible=_visible,
    create=lambda desk, parent: AuditTab(desk, parent),
)
