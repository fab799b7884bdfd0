"""The reporting tab (key "reporting" fills the main window's Reporting tab):
portal adoption by grade and homeroom as a bar chart (one bar group per grade) and a table,
the outreach list and the new-emergency-contact report, each exportable to Excel or PDF
through the report export services (audited there)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QBrush, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
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


def _table(parent: QWidget, model: RecordTableModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(sorting_proxy(model, view))
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setResizeContentsPrecision(200)  # a sample, not every row
    return view


def _fit(view: QTableView, column: int, order: Qt.SortOrder) -> None:
    """After a load: sort, then size the columns to their text (the last one stretches)."""
    view.sortByColumn(column, order)
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for col in range(header.count() - 1):
        header.resizeSection(col, min(header.sectionSize(col), 260))


class ReportingTab(QWidget):
    """See the module docstring. ``loaded`` counts the reports that arrived."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportingTab")
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
        self.pages = QTabWidget(self)
        # Office staff and parent access admins see the reports without PINs; the outreach
        # list (PIN status per guardian) stays with principals and assistant principals.
        self.with_outreach = desk.profile.can(Permission.READ_REPORTS)
        self.pages.addTab(self._adoption_page(), self.tr("Portal adoption"))
        if self.with_outreach:
            self.pages.addTab(self._outreach_page(), self.tr("Outreach list"))
        self.pages.addTab(self._contacts_page(), self.tr("New emergency contacts"))
        # The guardians the office must record in the SIS.
        self.pages.addTab(self._sis_page(), self.tr("SIS updates to make"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def showEvent(self, event: QShowEvent) -> None:
        # Load when first shown, not at login: counter work must not wait behind it.
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.refresh()

    # -- pages -----------------------------------------------------------------------------

    def _buttons(self, page: QWidget, export: Callable[[], None]) -> QHBoxLayout:
        row = QHBoxLayout()
        refresh = QPushButton(self.tr("Refresh"), page)
        refresh.clicked.connect(self.refresh)
        save = QPushButton(self.tr("Export (Excel or PDF)…"), page)
        save.clicked.connect(export)
        row.addStretch()
        row.addWidget(refresh)
        row.addWidget(save)
        return row

    def _adoption_page(self) -> QWidget:
        page = QWidget(self)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Guardians by grade (% of verified legal guardians)"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chartView = QChartView(self.chart, page)
        self.chartView.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chartView.setMinimumHeight(260)
        self.adoptionTable = _table(page, self.adoption_model)
        self.adoptionTable.setAccessibleName(self.tr("Portal adoption by grade"))
        self.adoptionLabel = QLabel(page)
        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.addWidget(self.chartView)
        splitter.addWidget(self.adoptionTable)
        layout = QVBoxLayout(page)
        layout.addWidget(splitter, 1)
        row = self._buttons(page, lambda: self._ask_export("adoption"))
        row.insertWidget(0, self.adoptionLabel)
        layout.addLayout(row)
        return page

    def _outreach_page(self) -> QWidget:
        page = QWidget(self)
        self.outreachTable = _table(page, self.outreach_model)
        self.outreachTable.setAccessibleName(self.tr("Outreach list"))
        self.outreachLabel = QLabel(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.outreachTable, 1)
        row = self._buttons(page, lambda: self._ask_export("outreach"))
        row.insertWidget(0, self.outreachLabel)
        layout.addLayout(row)
        return page

    def _contacts_page(self) -> QWidget:
        page = QWidget(self)
        self.sinceEdit = QDateEdit(page)
        self.sinceEdit.setCalendarPopup(True)
        self.sinceEdit.setDisplayFormat("MMM d, yyyy")
        start = date.today() - timedelta(days=30)
        self.sinceEdit.setDate(QDate(start.year, start.month, start.day))
        self.sinceEdit.dateChanged.connect(self._load_contacts)
        top = QHBoxLayout()
        since = QLabel(self.tr("Added or changed since:"), page)
        since.setBuddy(self.sinceEdit)
        top.addWidget(since)
        top.addWidget(self.sinceEdit)
        top.addStretch()
        self.contactsTable = _table(page, self.contacts_model)
        self.contactsTable.setAccessibleName(self.tr("New emergency contacts"))
        self.contactsLabel = QLabel(page)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.contactsTable, 1)
        row = self._buttons(page, lambda: self._ask_export("contacts"))
        row.insertWidget(0, self.contactsLabel)
        layout.addLayout(row)
        return page

    def _sis_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "Record each guardian below as the verified parent and legal guardian of the "
                "student in the SIS. The next SIS import that carries the status removes the "
                "row; the PIN can be issued from then on."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.sisTable = _table(page, self.sis_model)
        self.sisTable.setAccessibleName(self.tr("SIS updates to make"))
        self.sisLabel = QLabel(page)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.sisTable, 1)
        row = self._buttons(page, lambda: self._ask_export("sis-updates"))
        row.insertWidget(0, self.sisLabel)
        layout.addLayout(row)
        return page

    # -- loading ---------------------------------------------------------------------------

    def since(self) -> date:
        day = self.sinceEdit.date()
        return date(day.year(), day.month(), day.day())

    def refresh(self) -> None:
        self.loaded = 0
        self.sis_loaded = False
        self.desk.call(reports.adoption_report, on_success=self._adoption_loaded, context=self)
        if self.with_outreach:
            self.desk.call(reports.outreach_list, on_success=self._outreach_loaded, context=self)
        self._load_contacts()
        self.desk.call(sis_requests.sis_updates_to_make, on_success=self._sis_loaded, context=self)

    def _load_contacts(self) -> None:
        self.desk.call(
            reports.emergency_contact_changes,
            since=self.since(),
            on_success=self._contacts_loaded,
            context=self,
        )

    def _adoption_loaded(self, report: Any) -> None:
        self.adoption = report
        self.adoption_model.set_rows([*report.homerooms, *report.grades, report.total])
        _fit(self.adoptionTable, AdoptionModel.COL_GRADE, Qt.SortOrder.AscendingOrder)
        self._draw_chart(report)
        total = report.total
        self.adoptionLabel.setText(
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

    def _outreach_loaded(self, rows: list[Any]) -> None:
        self.outreach_model.set_rows(rows)
        _fit(self.outreachTable, OutreachModel.COL_GRADE, Qt.SortOrder.AscendingOrder)
        self.outreachLabel.setText(self.tr("{n} guardians to contact.").format(n=len(rows)))
        self.loaded += 1

    def _contacts_loaded(self, rows: list[Any]) -> None:
        self.contacts_model.set_rows(rows)
        _fit(self.contactsTable, ContactChangeModel.COL_WHEN, Qt.SortOrder.DescendingOrder)
        self.contactsLabel.setText(self.tr("{n} contacts added or changed.").format(n=len(rows)))
        self.loaded += 1

    def _sis_loaded(self, rows: list[Any]) -> None:
        self.sis_model.set_rows(rows)
        _fit(self.sisTable, SisUpdateModel.COL_REQUESTED, Qt.SortOrder.AscendingOrder)
        self.sisLabel.setText(self.tr("{n} SIS updates to make.").format(n=len(rows)))
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
        self.desk.call(fn, path, on_success=self._exported, context=self, **extra)

    def _exported(self, summary: Any) -> None:
        self.last_export = summary


def _create(desk: Desk, parent: QWidget) -> QWidget:
    return ReportingTab(desk, parent)


TAB = TabSpec(
    key="reporting",
    title="Reporting",
    visible=lambda profile: profile.can(Permission.READ_OFFICE_REPORTS),
    create=_create,
)
