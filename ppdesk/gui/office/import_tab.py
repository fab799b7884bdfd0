"""The Import tab (principal, district admin): pick a OneRoster folder or zip, or a filled-in
ppdesk template; see the dry-run summary with every warning and error; then apply or cancel.
Also saves a blank template. The rules all live in ``ppdesk.services.sis_import``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.office import TabSpec
from ppdesk.services import sis_import


class ImportTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.path: Path | None = None
        self.kind = "auto"
        self.plan: sis_import.ImportPlan | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Import students, guardians and staff from the student information system. "
                "Nothing is written until you press Apply; a file with errors is never applied."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.folder_button = QPushButton(self.tr("OneRoster &folder…"))
        self.zip_button = QPushButton(self.tr("OneRoster &zip…"))
        self.template_button = QPushButton(self.tr("&Template file…"))
        self.blank_button = QPushButton(self.tr("Save a &blank template…"))
        for button in (self.folder_button, self.zip_button, self.template_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.blank_button)
        layout.addLayout(row)
        self.verified_box = QCheckBox(
            self.tr("Parents and guardians count as verified legal guardians (OneRoster role)")
        )
        layout.addWidget(self.verified_box)
        self.source_label = QLabel(self.tr("No file chosen."))
        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.source_label)
        layout.addWidget(self.summary_label)
        self.problems = QTableWidget(0, 5)
        self.problems.setAccessibleName(self.tr("Problems found in the files"))
        self.problems.setHorizontalHeaderLabels(
            [
                self.tr("Severity"),
                self.tr("File"),
                self.tr("Line"),
                self.tr("Column"),
                self.tr("Message"),
            ]
        )
        header = self.problems.horizontalHeader()
        for column in range(4):  # file names and sheet names must stay readable
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().hide()
        layout.addWidget(self.problems, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.apply_button = QPushButton(self.tr("&Apply import"))
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.apply_button)
        layout.addLayout(actions)
        self.folder_button.clicked.connect(self._on_folder)
        self.zip_button.clicked.connect(self._on_zip)
        self.template_button.clicked.connect(self._on_template)
        self.blank_button.clicked.connect(self._on_blank)
        self.apply_button.clicked.connect(self._on_apply)
        self.cancel_button.clicked.connect(self._on_cancel)

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
            on_success=lambda p: self.summary_label.setText(
                self.tr("Blank template saved: %1").replace("%1", str(p))
            ),
            context=self,
        )

    # -- dry run, apply ---------------------------------------------------------------------
    def preview(self, path: Path, kind: str) -> None:
        self.path, self.kind, self.plan = path, kind, None
        self.apply_button.setEnabled(False)
        self.source_label.setText(self.tr("Checking %1 …").replace("%1", str(path)))
        self.desk.call(
            sis_import.preview_import,
            path,
            kind=kind,
            verified_from_role=self.verified_box.isChecked(),
            on_success=self._show_plan,
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

    def _show_plan(self, plan: sis_import.ImportPlan) -> None:
        self.plan = plan
        self.source_label.setText(
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
        self.summary_label.setText(
            self._counts_text(plan.counts) + "\n" + verdict + self._districts_text(plan)
        )
        self._fill_problems(plan.problems)
        self.apply_button.setEnabled(plan.ok and plan.counts.total > 0)
        self.cancel_button.setEnabled(True)

    def _districts_text(self, plan: sis_import.ImportPlan) -> str:
        if not plan.local_districts:
            return ""
        shown = [f"{code} → {district or '—'}" for code, district in plan.local_districts[:8]]
        if len(plan.local_districts) > 8:
            shown.append("…")
        return "\n" + self.tr("Local district of each school: %1").replace("%1", "; ".join(shown))

    def _fill_problems(self, problems: Any) -> None:
        self.problems.setRowCount(0)
        for p in problems:
            r = self.problems.rowCount()
            self.problems.insertRow(r)
            severity = self.tr("error") if p.severity == "error" else self.tr("warning")
            for col, text in enumerate(
                (severity, p.file, "" if p.line is None else str(p.line), p.column or "", p.message)
            ):
                self.problems.setItem(r, col, QTableWidgetItem(text))

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
        self.apply_button.setEnabled(False)
        self.desk.call(
            sis_import.apply_import,
            path,
            kind=kind,
            allow_deactivations=allow_deactivations,
            verified_from_role=self.verified_box.isChecked(),
            on_success=self._applied,
            context=self,
        )

    def _applied(self, result: sis_import.ImportResult) -> None:
        self.summary_label.setText(self.tr("Imported. ") + self._counts_text(result.counts))
        self._fill_problems(result.warnings)
        self.cancel_button.setEnabled(False)
        self.plan = None

    def _on_cancel(self) -> None:
        self.plan, self.path = None, None
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.source_label.setText(self.tr("No file chosen."))
        self.summary_label.setText("")
        self.problems.setRowCount(0)


TAB = TabSpec(
    key="import",
    title="Import",
    visible=lambda profile: profile.can(Permission.IMPORT_SIS),
    create=lambda desk, parent: ImportTab(desk, parent),
)
