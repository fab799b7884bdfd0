"""The reporting tab (key "reporting" fills the main window's Reporting tab):
portal adoption by grade and homeroom as a bar chart (one bar group per grade) and a table,
the outreach list and the new-emergency-contact report, each exportable to Excel or PDF
through the report export services (audited there)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QValueAxis
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QBrush, QPainter, QShowEvent
from PySide6.QtWidgets import QDateEdit, QLabel, QTableView, QTabWidget, QWidget

from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.forms.ui_reporting_tab import Ui_ReportingTab
from ppdesk.gui.models import RecordTableModel, sorting_proxy
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.report_models import (
    AdoptionModel,
    ContactChangeModel,
    OutreachModel,
    SisUpdateModel,
)
from ppdesk.services import reports, sis_requests

SERIES_PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern)
CHART_SERIES = (
    (QT_TRANSLATE_NOOP("ReportingTab", "PIN issued"), "issued_rate"),
    (QT_TRANSLATE_NOOP("ReportingTab", "Connected to the portal"), "redeemed_rate"),
)


def _show(view: QTableView, model: RecordTableModel) -> None:
    """Put ``model`` in a table of the form, sortable by its column headers."""
    view.setModel(sorting_proxy(model, view))
    view.setSortingEnabled(True)
    view.horizontalHeader().setResizeContentsPrecision(200)  # a sample, not every row


def _fit(view: QTableView, column: int, order: Qt.SortOrder) -> None:
    """After a load: sort, then size the columns to their text (the last one stretches)."""
    view.sortByColumn(column, order)
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for col in range(header.count() - 1):
        header.resizeSection(col, min(header.sectionSize(col), 260))


class ReportingTab(QWidget):
    """See the module docstring; the pages are laid out in ``ui/reporting_tab.ui``.
    ``loaded`` counts the reports that arrived."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.adoption: Any = None
        self.last_export: Any = None
        self.loaded = 0
        self.sis_loaded = False  # the SIS updates page; not counted in ``loaded``
        self._started = False
        self.adoption_model = AdoptionModel(self)
        self.outreach_model = OutreachModel(self)
        self.contacts_model = ContactChangeModel(self)
        self.sis_model = SisUpdateModel(self)
        self.ui = Ui_ReportingTab()
        self.ui.setupUi(self)
        # Office staff and parent access admins see the reports without PINs; the outreach
        # list (PIN status per guardian) stays with principals and assistant principals.
        self.with_outreach = desk.profile.can(Permission.READ_REPORTS)
        if not self.with_outreach:
            page = self.ui.outreachPage
            self.ui.pages.removeTab(self.ui.pages.indexOf(page))
            page.setParent(None)
            page.deleteLater()
        else:
            _show(self.ui.outreachTable, self.outreach_model)
            self.ui.outreachRefreshButton.clicked.connect(self._on_refresh)
            self.ui.outreachExportButton.clicked.connect(self._on_export_outreach)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Guardians by grade (% of verified legal guardians)"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        placeholder = self.ui.chartView.chart()
        self.ui.chartView.setChart(self.chart)
        placeholder.deleteLater()
        self.ui.chartView.setRenderHint(QPainter.RenderHint.Antialiasing)
        # After setChart, not in the form: the view fits its scene to its size of the moment,
        # and the splitter shares the page by that size.
        self.ui.chartView.setMinimumHeight(260)
        _show(self.ui.adoptionTable, self.adoption_model)
        _show(self.ui.contactsTable, self.contacts_model)
        _show(self.ui.sisTable, self.sis_model)
        start = date.today() - timedelta(days=30)
        self.ui.sinceEdit.setDate(QDate(start.year, start.month, start.day))
        self.ui.sinceEdit.dateChanged.connect(self._on_since_changed)
        for button in (
            self.ui.adoptionRefreshButton,
            self.ui.contactsRefreshButton,
            self.ui.sisRefreshButton,
        ):
            button.clicked.connect(self._on_refresh)
        self.ui.adoptionExportButton.clicked.connect(self._on_export_adoption)
        self.ui.contactsExportButton.clicked.connect(self._on_export_contacts)
        self.ui.sisExportButton.clicked.connect(self._on_export_sis)

    # The handles the tests, the screen walk and the screenshots drive the tab by.
    @property
    def pages(self) -> QTabWidget:
        return self.ui.pages

    @property
    def sinceEdit(self) -> QDateEdit:
        return self.ui.sinceEdit

    @property
    def sisLabel(self) -> QLabel:
        return self.ui.sisLabel

    def showEvent(self, event: QShowEvent) -> None:
        # Load when first shown, not at login: counter work must not wait behind it.
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.refresh()

    # -- signals ---------------------------------------------------------------------------

    def _on_refresh(self) -> None:
        self.refresh()

    def _on_since_changed(self) -> None:
        self._load_contacts()

    def _on_export_adoption(self) -> None:
        self._ask_export("adoption")

    def _on_export_outreach(self) -> None:
        self._ask_export("outreach")

    def _on_export_contacts(self) -> None:
        self._ask_export("contacts")

    def _on_export_sis(self) -> None:
        self._ask_export("sis-updates")

    # -- loading ---------------------------------------------------------------------------

    def since(self) -> date:
        day = self.ui.sinceEdit.date()
        return date(day.year(), day.month(), day.day())

    def refresh(self) -> None:
        self.loaded = 0
        self.sis_loaded = False
        self.desk.call(reports.adoption_report, on_success=self._on_adoption_loaded, context=self)
        if self.with_outreach:
            self.desk.call(reports.outreach_list, on_success=self._on_outreach_loaded, context=self)
        self._load_contacts()
        self.desk.call(
            sis_requests.sis_updates_to_make, on_success=self._on_sis_loaded, context=self
        )

    def _load_contacts(self) -> None:
        self.desk.call(
            reports.emergency_contact_changes,
            since=self.since(),
            on_success=self._on_contacts_loaded,
            context=self,
        )

    def _on_adoption_loaded(self, report: Any) -> None:
        self.adoption = report
        self.adoption_model.set_rows([*report.homerooms, *report.grades, report.total])
        _fit(self.ui.adoptionTable, AdoptionModel.COL_GRADE, Qt.SortOrder.AscendingOrder)
        self._draw_chart(report)
        total = report.total
        self.ui.adoptionLabel.setText(
            self.tr("{students} students, {connected} with a guardian connected.").format(
                students=total.students, connected=total.students_connected
            )
        )
        self.loaded += 1

    def _draw_chart(self, report: Any) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        series = QBarSeries()
        for title, attr in CHART_SERIES:
            bar_set = QBarSet(QCoreApplication.translate("ReportingTab", str(title)))
            for row in report.grades:
                bar_set.append(round(100 * (getattr(row, attr) or 0.0), 1))
            series.append(bar_set)
        self.chart.addSeries(series)
        # Each series also has its own pattern (legend and bars): not told apart by colour
        # alone.
        for bar_set, pattern in zip(series.barSets(), SERIES_PATTERNS, strict=False):
            bar_set.setBrush(QBrush(bar_set.color(), pattern))
        categories = QBarCategoryAxis()
        categories.append([row.grade or "" for row in report.grades])
        categories.setTitleText(self.tr("Grade"))
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%d%%")
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)

    def chart_categories(self) -> list[str]:
        """The bar groups on the chart (one per grade)."""
        axes = self.chart.axes(Qt.Orientation.Horizontal)
        return list(axes[0].categories()) if axes else []  # type: ignore[attr-defined]

    def _on_outreach_loaded(self, rows: list[Any]) -> None:
        self.outreach_model.set_rows(rows)
        _fit(self.ui.outreachTable, OutreachModel.COL_GRADE, Qt.SortOrder.AscendingOrder)
        self.ui.outreachLabel.setText(self.tr("{n} guardians to contact.").format(n=len(rows)))
        self.loaded += 1

    def _on_contacts_loaded(self, rows: list[Any]) -> None:
        self.contacts_model.set_rows(rows)
        _fit(self.ui.contactsTable, ContactChangeModel.COL_WHEN, Qt.SortOrder.DescendingOrder)
        self.ui.contactsLabel.setText(self.tr("{n} contacts added or changed.").format(n=len(rows)))
        self.loaded += 1

    def _on_sis_loaded(self, rows: list[Any]) -> None:
        self.sis_model.set_rows(rows)
        _fit(self.ui.sisTable, SisUpdateModel.COL_REQUESTED, Qt.SortOrder.AscendingOrder)
        self.ui.sisLabel.setText(self.tr("{n} SIS updates to make.").format(n=len(rows)))
        self.sis_loaded = True

    # -- export ----------------------------------------------------------------------------

    def _ask_export(self, kind: str) -> None:
        name, chosen = files.save_file_name(
            self,
            self.tr("Export the report"),
            f"{kind}-report.xlsx",
            self.tr("Excel (*.xlsx);;PDF (*.pdf)"),
        )
        if name:
            if "." not in name.rsplit("/", 1)[-1]:
                name += ".pdf" if "pdf" in chosen.lower() else ".xlsx"
            self.export(kind, name)

    def export(self, kind: str, path: str) -> None:
        """Write report ``kind`` ("adoption", "outreach", "contacts", "sis-updates") to
        ``path``."""
        self.last_export = None
        fn: Callable[..., Any]
        extra: dict[str, Any] = {}
        if kind == "adoption":
            fn = reports.export_adoption
        elif kind == "outreach":
            fn = reports.export_outreach
        elif kind == "sis-updates":
            fn = sis_requests.export_sis_updates
        else:
            fn, extra = reports.export_emergency_contacts, {"since": self.since()}
        self.desk.call(fn, path, on_success=self._on_exported, context=self, **extra)

    def _on_exported(self, summary: Any) -> None:
        self.last_export = summary


def _create(desk: Desk, parent: QWidget) -> QWidget:
    return ReportingTab(desk, parent)


TAB = TabSpec(
    key="reporting",
    title="Reporting",
    visible=lambda profile: profile.can(Permission.READ_OFFICE_REPORTS),
    create=_create,
)
