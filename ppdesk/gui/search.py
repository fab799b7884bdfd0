"""Search as you type: one page class for Find a student and Parent search.

Typing restarts a short timer (debounce); when it fires, the query runs on the task runner
and only the answer to the latest query is shown. The arrow keys move through the results
without leaving the search field, Enter opens the selected row (or, if the answer is still
on its way, the first row as soon as it arrives), Escape clears the search.

With ``letter_fn`` the field also takes a bulk letter's number, typed or scanned
by a USB barcode scanner (it types the number and Enter): Enter then looks the letter up
and emits ``letter_requested`` instead of searching names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from ppdesk.domain.letter_number import parse_letter_number
from ppdesk.gui.desk import Desk
from ppdesk.gui.errors import describe_error
from ppdesk.gui.forms.ui_search_page import Ui_SearchPage
from ppdesk.gui.models import RecordTableModel, sorting_proxy
from ppdesk.gui.office.i18n import fmt
from ppdesk.gui.tasks import Task

DEBOUNCE_MS = 250
_MOVE_KEYS = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 10,
    Qt.Key.Key_PageUp: -10,
}


# Whole sentences per noun, so each language can word (and pluralise) them its own way.
_SENTENCES = {
    "student": (
        QT_TRANSLATE_NOOP("search", "No student found for “%1”."),
        QT_TRANSLATE_NOOP("search", "The first %1 students: type more to narrow the list."),
        QT_TRANSLATE_NOOP("search", "1 student"),
        QT_TRANSLATE_NOOP("search", "%1 students"),
    ),
    "guardian": (
        QT_TRANSLATE_NOOP("search", "No guardian found for “%1”."),
        QT_TRANSLATE_NOOP("search", "The first %1 guardians: type more to narrow the list."),
        QT_TRANSLATE_NOOP("search", "1 guardian"),
        QT_TRANSLATE_NOOP("search", "%1 guardians"),
    ),
}


def _sentence(noun: str, which: int, value: object) -> str:
    templates = _SENTENCES.get(noun)
    if templates is None:
        return str(value)
    return fmt(QCoreApplication.translate("search", templates[which]), value)


class SearchPage(QWidget):
    """A search field over a results table. Emits ``open_requested(record)``."""

    open_requested = Signal(object)
    results_shown = Signal(int)
    letter_requested = Signal(object)

    def __init__(
        self,
        desk: Desk,
        search_fn: Callable[..., list[Any]],
        model: RecordTableModel,
        *,
        label: str,
        placeholder: str,
        nouns: tuple[str, str],
        results_name: str = "",
        stretch_column: int = 1,
        debounce_ms: int = DEBOUNCE_MS,
        letter_fn: Callable[..., Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.letter_fn = letter_fn
        self.ui = Ui_SearchPage()
        self.ui.setupUi(self)
        self.desk = desk
        self.search_fn = search_fn
        self.model = model
        self.proxy = sorting_proxy(model, self)
        self.nouns = nouns
        self.ui.queryLabel.setText(label)
        self.ui.queryEdit.setPlaceholderText(placeholder)
        self.ui.table.setModel(self.proxy)
        self.ui.table.setAccessibleName(results_name)
        self.ui.table.setAccessibleDescription(
            self.tr("Enter or a double click opens the selected row.")
        )
        header = self.ui.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        # No column sort until a header is clicked: the service's order puts the best
        # matches (name starts with the text) first.
        self.ui.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.ui.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ui.table.activated.connect(self._on_activated)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.timer.timeout.connect(self._search)
        self.ui.queryEdit.textChanged.connect(self._on_text_changed)
        self.ui.queryEdit.installEventFilter(self)
        self._generation = 0
        self._task: Task | None = None
        self._open_when_ready = False
        self.last_query: str | None = None
        self.setFocusProxy(self.ui.queryEdit)

    # -- searching -------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """A query is waiting for its timer or its answer."""
        return self.timer.isActive() or (self._task is not None and not self._task.finished)

    def _is_letter(self, text: str) -> bool:
        return self.letter_fn is not None and parse_letter_number(text) is not None

    def _on_text_changed(self, text: str) -> None:
        self._open_when_ready = False
        if self._is_letter(text):
            # A letter number is not a name: wait for Enter (the scanner sends it).
            self.timer.stop()
            self._cancel()
            self.model.clear()
            self._say(self.tr("Letter number: press Enter to hand the letter over."))
            return
        if not text.strip():
            self.timer.stop()
            self._cancel()
            self.model.clear()
            self._say("")
            return
        self.timer.start()

    def _cancel(self) -> None:
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _search(self) -> None:
        query = self.ui.queryEdit.text().strip()
        if not query:
            return
        self._cancel()
        generation = self._generation
        self._say(self.tr("Searching…"))
        self.last_query = query
        self._task = self.desk.call(
            self.search_fn,
            query,
            on_success=lambda rows: self._show(generation, query, rows),
            on_error=lambda exc: self._failed(generation, exc),
            context=self,
        )

    def _show(self, generation: int, query: str, rows: list[Any]) -> None:
        if generation != self._generation:
            return  # an older query answered late
        self._task = None
        self.model.set_rows(rows)
        self._fit_columns()
        one = self.nouns[0]
        if not rows:
            self._say(_sentence(one, 0, query))
        elif len(rows) >= 50:
            self._say(_sentence(one, 1, len(rows)))
        else:
            self._say(_sentence(one, 2 if len(rows) == 1 else 3, len(rows)))
        if rows:
            self.ui.table.selectRow(0)
        self.results_shown.emit(len(rows))
        if self._open_when_ready:
            self._open_when_ready = False
            self._open_current()

    def _fit_columns(self) -> None:
        header = self.ui.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
                self.ui.table.resizeColumnToContents(column)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._task = None
        self._open_when_ready = False
        self._say(describe_error(exc).message, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.ui.countLabel.setText(text)
        self.ui.countLabel.setStyleSheet("color: #b00020;" if error else "")

    # -- keyboard --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.queryEdit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _MOVE_KEYS:
                self._move(_MOVE_KEYS[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_enter()
                return True
            if key == Qt.Key.Key_Escape and self.ui.queryEdit.text():
                self.ui.queryEdit.clear()
                return True
        return super().eventFilter(watched, event)

    def _find_letter(self, text: str) -> None:
        self._cancel()
        generation = self._generation
        self._say(self.tr("Looking up the letter…"))

        def _found(letter: Any) -> None:
            if generation != self._generation:
                return
            self._task = None
            self._say("")
            self.ui.queryEdit.clear()
            self.letter_requested.emit(letter)

        self._task = self.desk.call(
            self.letter_fn,  # type: ignore[arg-type]
            text,
            on_success=_found,
            on_error=lambda exc: self._failed(generation, exc),
            context=self,
        )

    def say(self, text: str, *, error: bool = False) -> None:
        """Show a line under the search field (the desk's answer to a scanned letter)."""
        self._say(text, error=error)

    def _move(self, step: int) -> None:
        rows = self.proxy.rowCount()
        if not rows:
            return
        current = self.ui.table.currentIndex().row()
        self.ui.table.selectRow(max(0, min(rows - 1, current + step)))

    def _on_enter(self) -> None:
        text = self.ui.queryEdit.text()
        if self._is_letter(text):
            self._find_letter(text)
            return
        if self.pending:
            self._open_when_ready = True
            if self.timer.isActive():
                self.timer.stop()
                self._search()
            return
        self._open_current()

    def _open_current(self) -> None:
        index = self.ui.table.currentIndex()
        if index.isValid():
            self._on_activated(index)

    def _on_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.open_requested.emit(self.model.record(source.row()))

    def current_record(self) -> Any:
        index = self.proxy.mapToSource(self.ui.table.currentIndex())
        return self.model.record(index.row()) if index.isValid() else None

    def reset(self) -> None:
        """Forget the query and the results (lock, another user)."""
        self.timer.stop()
        self._cancel()
        self.ui.queryEdit.clear()
        self.model.clear()
        self._say("")
