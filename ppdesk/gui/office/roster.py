"""The roster tab: the Student/Parent PIN roster of the school, sortable on
every column, filtered by grade, homeroom teacher and a search term. PINs stay masked until
the user reveals the selected rows (audited, step-up by ``Desk.call``). Export to Excel writes
exactly the rows the table shows, off the GUI thread with a progress bar and Cancel.

At any scope (a local district has 900,000 rows) the database filters, searches,
sorts and pages: every query runs in the background, the table holds a few pages
(``roster_model``), and typing in the search box waits ``SEARCH_DELAY_MS`` for the next key
before it asks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QLineEdit, QTableView, QWidget

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.roles import Permission
from ppdesk.gui import files
from ppdesk.gui.desk import Desk
from ppdesk.gui.forms.ui_roster_tab import Ui_RosterTab
from ppdesk.gui.models import grade_key
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.progress import JobRelay
from ppdesk.gui.office.roster_model import PAGE, RosterTableModel, shown_words
from ppdesk.gui.tasks import Task
from ppdesk.services import roster as roster_service
from ppdesk.services.roster import MAX_PAGE, MAX_REVEAL, RosterView

M = RosterTableModel
SEARCH_DELAY_MS = 150  # typing: ask the database once the keys pause this long
COUNTS_KEPT = 16  # the counts of this many filters are kept until the next reload
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
    """See the module docstring. ``loaded`` is True once the filter choices and the first
    page of the current query are in the table."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.loaded = False
        self._started = False
        self._choices_ready = False
        self._generation = 0  # the latest query asked for
        self._shown = -1  # the query whose rows and count the table shows
        self.rows_shown = False  # the latest query's first page is in the table
        self._page0: list[Any] | None = None  # the latest query's first page, once it came
        self._page0_keys: tuple[Any, Any] = (None, None)  # its first and last rows' sort keys
        self._count: int | None = None  # the latest query's count, once known
        self._query: RosterView | None = None  # the latest query's view
        self._counted: tuple[Any, ...] | None = None  # the filters ``_total`` was counted for
        # The counts of the last few filters counted since the last reload (a new order, or
        # going back to a search, shows its count at once); the whole roster's among them.
        self._counts: dict[tuple[Any, ...], int] = {}
        self._total = 0
        self._everything = 0
        self._tasks: list[Task] = []  # page queries of the current generation
        self._page_task: Task | None = None  # the first page last asked for
        self._count_task: Task | None = None  # the count last asked for
        # The count to ask once the running one ends: (generation, view, filters).
        self._count_wanted: tuple[int, RosterView, tuple[Any, ...]] | None = None
        self._deferred = False  # a newer view waits for the first page running
        self.last_export: Any = None  # ExportSummary of the last finished export
        self._relay: JobRelay | None = None
        self.model = RosterTableModel(self)
        self.proxy = self.model  # the view's model (was a filter proxy; kept for callers)
        self._searchTimer = QTimer(self)
        self._searchTimer.setSingleShot(True)
        self._searchTimer.setInterval(SEARCH_DELAY_MS)
        self._searchTimer.timeout.connect(self.apply_filters)
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
        self.ui = Ui_RosterTab()
        self.ui.setupUi(self)
        table = self.ui.rosterTable
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.sortByColumn(RosterTableModel.COL_LAST, Qt.SortOrder.AscendingOrder)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        self.ui.progressBar.hide()
        self.ui.cancelButton.hide()

        self.ui.gradeCombo.currentIndexChanged.connect(self._on_filter_changed)
        self.ui.homeroomCombo.currentIndexChanged.connect(self._on_filter_changed)
        self.ui.searchEdit.textChanged.connect(self._on_search_typed)
        self.model.sortRequested.connect(self._on_sort_requested)
        self.model.pageWanted.connect(self._on_page_wanted)
        self.ui.refreshButton.clicked.connect(self._on_refresh)
        self.ui.revealButton.clicked.connect(self._on_reveal)
        self.ui.hideButton.clicked.connect(self._on_hide)
        self.ui.exportButton.clicked.connect(self._on_export)
        self.ui.cancelButton.clicked.connect(self._on_cancel_export)

    # The handles the tests, the benchmarks and the screenshots drive the tab by.
    @property
    def gradeCombo(self) -> QComboBox:
        return self.ui.gradeCombo

    @property
    def searchEdit(self) -> QLineEdit:
        return self.ui.searchEdit

    @property
    def table(self) -> QTableView:
        return self.ui.rosterTable

    @property
    def countLabel(self) -> QLabel:
        return self.ui.countLabel

    # -- signals ---------------------------------------------------------------------------

    def _on_filter_changed(self) -> None:
        self.apply_filters()

    def _on_refresh(self) -> None:
        self.reload()

    def _on_reveal(self) -> None:
        self.reveal_selected()

    def _on_hide(self) -> None:
        self.hide_pins()

    def _on_export(self) -> None:
        self._choose_export_file()

    def _on_cancel_export(self) -> None:
        self.cancel_export()

    # -- loading and filtering -------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the filter choices and the first page (masked) in the background."""
        self._choices_ready = False
        self.model.hide_pins()
        self.ui.hideButton.setEnabled(False)
        self.desk.call(roster_service.roster_choices, on_success=self._choices, context=self)
        self._counted = None
        self._counts = {}
        self.apply_filters()

    def _choices(self, choices: tuple[list[str], list[str]]) -> None:
        grades, rooms = choices
        before = self.ui.gradeCombo.currentData(), self.ui.homeroomCombo.currentData()
        self._fill_combo(self.ui.gradeCombo, self.tr("All grades"), sorted(grades, key=grade_key))
        self._fill_combo(self.ui.homeroomCombo, self.tr("All homerooms"), rooms)
        self._choices_ready = True
        if (self.ui.gradeCombo.currentData(), self.ui.homeroomCombo.currentData()) != before:
            self.apply_filters()  # the grade or homeroom chosen is gone
        else:
            self._update_loaded()

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
        index = self.ui.gradeCombo.findData(grade) if grade else 0
        self.ui.gradeCombo.setCurrentIndex(max(index, 0))

    def set_homeroom(self, teacher: str | None) -> None:
        index = self.ui.homeroomCombo.findData(teacher) if teacher else 0
        self.ui.homeroomCombo.setCurrentIndex(max(index, 0))

    def view(self) -> RosterView:
        """What the table shows now: the filters, the search and the header's order."""
        header = self.ui.rosterTable.horizontalHeader()
        column = header.sortIndicatorSection()
        sorts = RosterTableModel.SORTS
        return RosterView(
            grade=self.ui.gradeCombo.currentData(),
            homeroom=self.ui.homeroomCombo.currentData(),
            search=self.ui.searchEdit.text(),
            sort=sorts[column] if 0 <= column < len(sorts) else "last_name",
            descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
            words=shown_words(),
        )

    def _on_search_typed(self) -> None:
        # Each key restarts the wait; the rows shown stay until the query answers.
        self.loaded = False
        self._searchTimer.start()

    def _on_sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        header = self.ui.rosterTable.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(False)
        if self._started:
            self.apply_filters()

    def apply_filters(self) -> None:
        """Ask the database for the first page of the current view; its count is asked
        only once that page is shown, and only when the page is full (a shorter page is
        its own count). A keystroke's rows never wait for a count: the count is asked after
        them, one at a time (a newer view's count waits for the running one, an older
        view's count not yet asked is never asked), and until it comes the label says the
        rows are being counted. One first page is asked at a time: while an earlier one
        runs, the latest view waits for it (typing never piles queries up on the server),
        and the earlier answer is dropped."""
        self._searchTimer.stop()
        if not self._started:
            return
        for task in self._tasks:
            task.cancel()  # pages of an older query are dropped
        self._tasks = []
        self._generation += 1
        self.model.forget(self._generation)
        self.loaded = self.rows_shown = False
        self._query = self.view()
        self._count_wanted = None  # an older view's count is no longer wanted
        if self._counted is None:
            self.ui.countLabel.setText(self.tr("Loading the roster…"))
        if self._page_task is not None and not self._page_task.finished:
            self._deferred = True
            return
        self._ask(self._generation, self._query)

    @staticmethod
    def _filters(view: RosterView) -> tuple[Any, ...]:
        return (view.grade, view.homeroom, tuple(view.search.casefold().split()))

    def _ask(self, generation: int, view: RosterView) -> None:
        self._page0 = None
        self._count = None
        self._page_task = self.desk.call(
            roster_service.roster_page,
            view,
            offset=0,
            limit=PAGE,
            count=False,
            on_success=lambda page: self._first_page(generation, view, page),
            on_error=lambda exc: self._query_failed(generation, exc),
            context=self,
        )

    def _answered(self) -> None:
        """A first page came (of any view): ask for the latest view if it waited."""
        if self._deferred and (self._page_task is None or self._page_task.finished):
            self._deferred = False
            self._ask(self._generation, self._query or self.view())

    def _first_page(self, generation: int, view: RosterView, page: Any) -> None:
        if generation != self._generation:
            self._answered()
            return
        filters = self._filters(view)
        rows = page.rows
        self._page0 = rows
        self._page0_keys = (page.first_key, page.last_key)
        known = self._counts.get(filters)
        if known is not None and self._counted is not None:
            self._count, self._counted = known, filters  # counted already since the reload
        elif len(rows) < PAGE and self._counted is not None:
            # The whole answer is on this page: its count is known.
            self._count, self._counted = len(rows), filters
            self._remember(filters, len(rows))
        else:
            self._want_count(generation, view, filters)
        self._show(generation)
        self._answered()

    def _want_count(self, generation: int, view: RosterView, filters: tuple[Any, ...]) -> None:
        """Count ``view``'s rows now, or when the count running (an older view's) ends."""
        self._count_wanted = (generation, view, filters)
        if self._count_task is None or self._count_task.finished:
            self._ask_count()

    def _ask_count(self) -> None:
        wanted, self._count_wanted = self._count_wanted, None
        if wanted is None or wanted[0] != self._generation:
            return
        generation, view, filters = wanted

        def counted(counts: tuple[int, int | None]) -> None:
            self._counted_rows(generation, filters, counts)
            self._ask_count()

        def failed(exc: BaseException) -> None:
            self._query_failed(generation, exc)
            self._ask_count()

        self._count_task = self.desk.call(
            roster_service.roster_count,
            view,
            everything=self._counted is None,
            on_success=counted,
            on_error=failed,
            context=self,
        )

    def _counted_rows(
        self, generation: int, filters: tuple[Any, ...], counts: tuple[int, int | None]
    ) -> None:
        if generation != self._generation:
            return
        total, everything = counts
        self._count = total
        self._counted = filters
        self._remember(filters, total)
        if everything is not None:
            self._everything = everything
            self._remember((None, None, ()), everything)
        self._show(generation)

    def _remember(self, filters: tuple[Any, ...], count: int) -> None:
        self._counts.pop(filters, None)
        self._counts[filters] = count
        while len(self._counts) > COUNTS_KEPT:
            del self._counts[next(iter(self._counts))]

    def _show(self, generation: int) -> None:
        rows = self._page0 or []
        total = self._count if self._count is not None else len(rows)
        if self.rows_shown:
            self.model.set_total(total)
        else:
            self.model.reset(generation, total, rows, self._page0_keys)
            self.rows_shown = True
        if self._count is not None:
            self._total = self._count
            self._shown = generation
            self.ui.countLabel.setText(
                self.tr("{shown} of {total} rows shown").format(
                    shown=self._total, total=self._everything
                )
            )
        else:
            # Only what is known: these rows, and that there are more of them.
            self.ui.countLabel.setText(
                self.tr("The first {shown} rows shown; counting the rest…").format(shown=len(rows))
            )
        self._update_loaded()

    def _update_loaded(self) -> None:
        self.loaded = (
            self._choices_ready
            and self._shown == self._generation
            and not self._searchTimer.isActive()
        )

    def _query_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.ui.countLabel.setText("")
            self.desk.presenter.show(exc, self.window())
        self._answered()

    def _on_page_wanted(self, page: int) -> None:
        generation = self._generation
        self._tasks = [t for t in self._tasks if not t.finished]
        self._tasks.append(
            self.desk.call(
                roster_service.roster_page,
                self._query or self.view(),
                offset=page * PAGE,
                limit=PAGE,
                count=False,
                anchor=self.model.anchor_for(page),
                on_success=lambda p: self.model.add_page(
                    generation, page, p.rows, (p.first_key, p.last_key)
                ),
                on_error=lambda _exc: self.model.page_failed(generation, page),
                context=self,
            )
        )

    def visible_records(self) -> list[Any]:
        """Every record of the current view, in display order, read from the database on
        the calling thread: for tests and tools, never used by the tab (it holds pages)."""
        view = self.view()
        out: list[Any] = []
        while True:
            page = roster_service.roster_page(
                self.desk.ctx,
                self.desk.session,
                view,
                offset=len(out),
                limit=MAX_PAGE,
                count=False,
            )
            out += page.rows
            if len(page.rows) < MAX_PAGE:
                return out

    # -- PINs ------------------------------------------------------------------------------

    def _selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.ui.rosterTable.selectionModel().selectedRows())

    def selected_link_ids(self) -> list[int]:
        """The link ids of the selected rows the table holds (see ``reveal_selected``)."""
        records = [self.model.record(row) for row in self._selected_rows()]
        return [r.link_id for r in records if r is not None and r.link_id is not None]

    def reveal_selected(self) -> None:
        rows = self._selected_rows()
        if not rows:
            self.ui.countLabel.setText(self.tr("Select the rows whose PINs you want to see."))
            return
        if len(rows) > MAX_REVEAL:
            self.desk.presenter.show(
                ValidationError("roster.reveal_too_many", maximum=MAX_REVEAL), self.window()
            )
            return
        if all(self.model.is_loaded(row) for row in rows):
            self._reveal(self.selected_link_ids())
            return
        # Rows selected beyond the pages held: read their link ids first (in the background).
        self.desk.call(
            _link_ids_of_rows,
            self._query or self.view(),
            rows,
            on_success=self._reveal,
            context=self,
        )

    def _reveal(self, ids: list[int]) -> None:
        if ids:
            self.desk.call(
                roster_service.reveal_roster_pins, ids, on_success=self._revealed, context=self
            )

    def _revealed(self, shown: list[Any]) -> None:
        self.model.reveal({r.link_id: r for r in shown})
        self.ui.hideButton.setEnabled(True)

    def hide_pins(self) -> None:
        self.model.hide_pins()
        self.ui.hideButton.setEnabled(False)

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
        if self._searchTimer.isActive():
            self.apply_filters()  # the words typed last count
        relay = self._relay = JobRelay(self)
        relay.progressed.connect(self._on_export_progress)
        self.ui.progressBar.setRange(0, 0)
        self.ui.progressBar.show()
        self.ui.cancelButton.show()
        self.ui.exportButton.setEnabled(False)
        self.last_export = None
        self.desk.call(
            roster_service.export_roster,
            path,
            school_code=None,
            view=self._query or self.view(),
            progress=relay.progress,
            is_cancelled=relay.is_cancelled,
            on_success=self._exported,
            on_error=self._export_failed,
            context=self,
        )

    def cancel_export(self) -> None:
        if self._relay is not None:
            self._relay.cancel()

    def _on_export_progress(self, done: int, total: int) -> None:
        if total:
            self.ui.progressBar.setRange(0, total)
            self.ui.progressBar.setValue(done)

    def _export_ended(self) -> None:
        self._relay = None
        self.ui.progressBar.hide()
        self.ui.cancelButton.hide()
        self.ui.exportButton.setEnabled(True)

    def _exported(self, summary: Any) -> None:
        self._export_ended()
        self.last_export = summary
        if summary.cancelled:
            self.ui.countLabel.setText(self.tr("Export cancelled: no file was written."))
        else:
            self.ui.countLabel.setText(
                self.tr("Exported {rows} rows to {path}.").format(
                    rows=summary.rows, path=summary.path
                )
            )

    def _export_failed(self, exc: BaseException) -> None:
        self._export_ended()
        self.desk.presenter.show(exc, self.window())


def _link_ids_of_rows(ctx: Any, session: Any, view: RosterView, rows: list[int]) -> list[int]:
    """The link ids at these row numbers of ``view`` (a background job: one page query per
    run of consecutive rows, at most ``MAX_PAGE`` rows each)."""
    ids: list[int] = []
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] and runs[-1][1] - runs[-1][0] < MAX_PAGE:
            runs[-1][1] = row + 1
        else:
            runs.append([row, row + 1])
    for start, end in runs:
        page = roster_service.roster_page(
            ctx, session, view, offset=start, limit=end - start, count=False
        )
        ids += [r.link_id for r in page.rows if r.link_id is not None]
    return ids


def _create(desk: Desk, parent: QWidget) -> QWidget:
    return RosterTab(desk, parent)


TAB = TabSpec(
    key="roster",
    title="Roster",
    visible=lambda profile: profile.can(Permission.EXPORT_ROSTER),
    create=_create,
)
