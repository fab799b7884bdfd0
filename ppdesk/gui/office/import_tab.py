"""The Import tab (principal, district admin): pick a OneRoster folder or zip, or a filled-in
ppdesk template; see the dry-run summary with every warning and error; then apply or cancel.
Also saves a blank template. The rules all live in ``ppdesk.services.sis_import``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.forms.ui_import_tab import Ui_ImportTab
from ppdesk.gui.office import TabSpec
from ppdesk.services import sis_import


class ImportTab(QWidget):
    """Laid out in ``ui/import_tab.ui``; this class fills it and handles its signals."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.path: Path | None = None
        self.kind = "auto"
        self.plan: sis_import.ImportPlan | None = None
        self.ui = Ui_ImportTab()
        self.ui.setupUi(self)
        header = self.ui.problemsTable.horizontalHeader()
        for column in range(4):  # file names and sheet names must stay readable
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.ui.folderButton.clicked.connect(self._on_folder)
        self.ui.zipButton.clicked.connect(self._on_zip)
        self.ui.templateButton.clicked.connect(self._on_template)
        self.ui.blankButton.clicked.connect(self._on_blank)
        self.ui.applyButton.clicked.connect(self._on_apply)
        self.ui.cancelButton.clicked.connect(self._on_cancel)

    # The handles the tests, the screen walk and the benchmarks drive the tab by.
    @property
    def summary_label(self) -> QLabel:
        return self.ui.summaryLabel

    @property
    def apply_button(self) -> QPushButton:
        return self.ui.applyButton

    # -- choosing a source ------------------------------------------------------------------
    def _on_folder(self) -> None:
        folder = files.existing_folder(self, self.tr("OneRoster folder"))
        if folder:
            self.preview(Path(folder), "oneroster")

    def _on_zip(self) -> None:
        name = files.open_file_name(self, self.tr("OneRoster zip"), "Zip (*.zip)")
        if name:
            self.preview(Path(name), "oneroster")

    def _on_template(self) -> None:
        name = files.open_file_name(
            self, self.tr("ppdesk template"), self.tr("Template (*.xlsx *.csv)")
        )
        if name:
            self.preview(Path(name), "template")

    def _on_blank(self) -> None:
        name, _ = files.save_file_name(
            self, self.tr("Save a blank template"), "ppdesk-import-template.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.save_blank(Path(name))

    def save_blank(self, path: Path) -> None:
        self.desk.runner.run(
            sis_import.write_blank_template,
            self.desk.ctx,
            path,
            on_success=lambda p: self.ui.summaryLabel.setText(
                self.tr("Blank template saved: %1").replace("%1", str(p))
            ),
            context=self,
        )

    # -- dry run, apply ---------------------------------------------------------------------
    def preview(self, path: Path, kind: str) -> None:
        self.path, self.kind, self.plan = path, kind, None
        self.ui.applyButton.setEnabled(False)
        self.ui.sourceLabel.setText(self.tr("Checking %1 …").replace("%1", str(path)))
        self.desk.call(
            sis_import.preview_import,
            path,
            kind=kind,
            verified_from_role=self.ui.verifiedCheck.isChecked(),
            on_success=self._on_plan,
            context=self,
        )

    def _counts_text(self, counts: Any) -> str:
        c = counts
        return (
            self.tr(
                "Students: %1 new, %2 changed, %3 made inactive. Guardians: %4 new, %5 changed, "
                "%6 made inactive. Links: %7 new, %8 changed. PINs that would be revoked: %9."
            )
            .replace("%1", str(c.students_added))
            .replace("%2", str(c.students_updated))
            .replace("%3", str(c.students_deactivated))
            .replace("%4", str(c.guardians_added))
            .replace("%5", str(c.guardians_updated))
            .replace("%6", str(c.guardians_deactivated))
            .replace("%7", str(c.links_added))
            .replace("%8", str(c.links_updated))
            .replace("%9", str(c.pins_revoked))
        )

    def _on_plan(self, plan: sis_import.ImportPlan) -> None:
        self.plan = plan
        self.ui.sourceLabel.setText(
            self.tr("%1 (%2)").replace("%1", plan.source).replace("%2", plan.source_kind)
        )
        verdict = (
            self.tr("No errors: you may apply this import.")
            if plan.ok
            else self.tr(
                "%1 error(s): fix the files and check again. Nothing will be imported."
            ).replace("%1", f"{plan.error_count:,}")
        )
        if plan.ok and plan.counts.total == 0:
            verdict = self.tr("The database already matches these files: nothing to change.")
        self.ui.summaryLabel.setText(
            self._counts_text(plan.counts) + "\n" + verdict + self._districts_text(plan)
        )
        self._fill_problems(plan.problems)
        self.ui.applyButton.setEnabled(plan.ok and plan.counts.total > 0)
        self.ui.cancelButton.setEnabled(True)

    def _districts_text(self, plan: sis_import.ImportPlan) -> str:
        if not plan.local_districts:
            return ""
        shown = [f"{code} → {district or '—'}" for code, district in plan.local_districts[:8]]
        if len(plan.local_districts) > 8:
            shown.append("…")
        return "\n" + self.tr("Local district of each school: %1").replace("%1", "; ".join(shown))

    def _fill_problems(self, problems: Any) -> None:
        self.ui.problemsTable.setRowCount(0)
        for p in problems:
            r = self.ui.problemsTable.rowCount()
            self.ui.problemsTable.insertRow(r)
            severity = self.tr("error") if p.severity == "error" else self.tr("warning")
            for col, text in enumerate(
                (severity, p.file, "" if p.line is None else str(p.line), p.column or "", p.message)
            ):
                self.ui.problemsTable.setItem(r, col, QTableWidgetItem(text))

    def _on_apply(self) -> None:
        if self.plan is None or self.path is None:
            return
        allow = None
        if self.plan.needs_confirmation:
            c = self.plan.counts
            question = (
                self.tr(
                    "This import makes %1 students and %2 guardians inactive (%3 in all, over "
                    "the threshold of %4) and revokes %5 PINs. Revoked PINs stay revoked: "
                    "those families need new letters.\n\nA cut-short export looks like "
                    "this. Are the files complete? Apply it anyway?"
                )
                .replace("%1", f"{c.students_deactivated:,}")
                .replace("%2", f"{c.guardians_deactivated:,}")
                .replace("%3", f"{self.plan.deactivations:,}")
                .replace("%4", f"{self.plan.deactivation_threshold:,}")
                .replace("%5", f"{c.pins_revoked:,}")
            )
            answer = QMessageBox.warning(
                self,
                self.tr("Confirm deactivations"),
                question,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            allow = self.plan.deactivations
        else:
            answer = QMessageBox.question(
                self,
                self.tr("Apply import"),
                self.tr("Apply these changes to the database now?"),
            )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.apply(self.path, self.kind, allow_deactivations=allow)

    def apply(self, path: Path, kind: str, *, allow_deactivations: int | None = None) -> None:
        self.ui.applyButton.setEnabled(False)
        self.desk.call(
            sis_import.apply_import,
            path,
            kind=kind,
            allow_deactivations=allow_deactivations,
            verified_from_role=self.ui.verifiedCheck.isChecked(),
            on_success=self._on_applied,
            context=self,
        )

    def _on_applied(self, result: sis_import.ImportResult) -> None:
        self.ui.summaryLabel.setText(self.tr("Imported. ") + self._counts_text(result.counts))
        self._fill_problems(result.warnings)
        self.ui.cancelButton.setEnabled(False)
        self.plan = None

    def _on_cancel(self) -> None:
        self.plan, self.path = None, None
        self.ui.applyButton.setEnabled(False)
        self.ui.cancelButton.setEnabled(False)
        self.ui.sourceLabel.setText(self.tr("No file chosen."))
        self.ui.summaryLabel.setText("")
        self.ui.problemsTable.setRowCount(0)


TAB = TabSpec(
    key="import",
    title="Import",
    visible=lambda profile: profile.can(Permission.IMPORT_SIS),
    create=lambda desk, parent: ImportTab(desk, parent),
)
