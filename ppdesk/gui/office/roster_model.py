"""The roster table: a window onto the roster that the database filters, searches,
sorts and pages. The model knows how many rows there are and holds at most ``MAX_PAGES``
pages of ``RosterEntry`` rows (PINs masked until revealed); a row outside them shows empty
while its page is fetched in the background (``pageWanted``), so the tab opens and scrolls
at any scope without ever holding the whole roster."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ppdesk.domain.pin import PinStatus
from ppdesk.domain.reports import PIN_MASK, ROSTER_SORTS, RosterAnchor, RosterEntry
from ppdesk.gui.models import (
    ROW_ROLE,
    SORT_ROLE,
    Column,
    _grade_sort,
    format_date,
    yes_no,
)
from ppdesk.services.roster import STATUS_WORDS

PAGE = 200  # rows per page fetched
MAX_PAGES = 4  # pages held at once: the model never holds more than PAGE * MAX_PAGES rows
# Pages whose first and last rows' sort keys are kept (not their rows): a page near one of
# them is fetched from it (``anchor_for``, keyset paging) instead of by offset.
MAX_ANCHORS = 64

# Column titles, listed so pyside6-lupdate extracts them (translated in headerData).
_COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("RosterTableModel", "Student ID"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Last name"),
    QT_TRANSLATE_NOOP("RosterTableModel", "First name"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Grade"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Homeroom teacher"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Guardian"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Relationship"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Parent Portal PIN"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Use PIN by"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Student PIN"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Verified legal guardian"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Portal account"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Guardian phone"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Language"),
    QT_TRANSLATE_NOOP("RosterTableModel", "School"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RosterTableModel", text)


# The status words the roster service puts where no active PIN is (the export's words).
_STATUS_WORDS = (
    QT_TRANSLATE_NOOP("RosterTableModel", "Not issued"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Redeemed"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Revoked"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Expired"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Active"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Held, not handed over"),
    QT_TRANSLATE_NOOP("RosterTableModel", "Unavailable"),
)


def _pin_text(value: str) -> str:
    return _tr(value) if value in _STATUS_WORDS else value


class RosterTableModel(QAbstractTableModel):
    """See the module docstring. ``reset`` starts a new query (its ``generation``); pages
    of an older query that arrive late are dropped. ``reveal`` swaps the masks for real
    PINs by link id."""

    pageWanted = Signal(int)  # page number: fetch it (the tab runs the query)
    sortRequested = Signal(int, Qt.SortOrder)  # the header asked for this order

    (
        COL_STUDENT_ID,
        COL_LAST,
        COL_FIRST,
        COL_GRADE,
        COL_HOMEROOM,
        COL_GUARDIAN,
        COL_RELATIONSHIP,
        COL_PARENT_PIN,
        COL_EXPIRES,
        COL_STUDENT_PIN,
        COL_LEGAL,
        COL_PORTAL_EMAIL,
        COL_PHONE,
        COL_LANGUAGE,
        COL_SCHOOL,
    ) = range(15)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("Student ID", lambda r: r.student_id),
        Column("Last name", lambda r: r.student_last_name),
        Column("First name", lambda r: r.student_first_name),
        Column("Grade", lambda r: r.grade, lambda r: _grade_sort(r.grade)),
        Column("Homeroom teacher", lambda r: r.homeroom_teacher or ""),
        Column("Guardian", lambda r: r.guardian_name),
        Column("Relationship", lambda r: r.relationship or ""),
        Column("Parent Portal PIN", lambda r: _pin_text(r.parent_pin)),
        Column(
            "Use PIN by",
            lambda r: format_date(r.pin_expires),
            lambda r: r.pin_expires.isoformat() if r.pin_expires else "",
        ),
        Column("Student PIN", lambda r: r.student_pin or ""),
        Column(
            "Verified legal guardian",
            lambda r: (
                "" if r.verified_legal_guardian is None else yes_no(r.verified_legal_guardian)
            ),
        ),
        Column("Portal account", lambda r: r.registered_portal_email or ""),
        Column("Guardian phone", lambda r: r.guardian_phone or ""),
        Column("Language", lambda r: r.preferred_language or ""),
        Column("School", lambda r: r.school_code),
    )
    SORTS = ROSTER_SORTS  # the service's sort key of each column, in column order
    PIN_COLUMNS = (COL_STUDENT_PIN, COL_PARENT_PIN)
    MAX_IN_FLIGHT = 2  # page queries running at once; later wishes wait, newest first

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._total = 0
        self._pages: OrderedDict[int, list[RosterEntry]] = OrderedDict()  # least recent first
        self._asked: set[int] = set()  # pages being fetched
        self._wished: list[int] = []  # pages wanted while MAX_IN_FLIGHT were being fetched
        self._revealed: dict[int, Any] = {}
        self._waiting = False  # a new query is on its way: fetch nothing for the old one
        # page -> (first row, its key, last row, its key) of this query's pages fetched
        self._anchors: OrderedDict[int, tuple[int, Any, int, Any]] = OrderedDict()
        self.peak_rows = 0  # the most rows ever held at once (tests, the bench)

    # -- the window ------------------------------------------------------------------------

    def reset(
        self,
        generation: int,
        total: int,
        first: Sequence[RosterEntry],
        keys: tuple[Any, Any] = (None, None),
    ) -> None:
        """A new query: ``total`` rows, the first page ``first`` (``keys``: the sort keys
        of its first and last rows, ``RosterPage.first_key`` and ``last_key``)."""
        self.beginResetModel()
        self.generation = generation
        self._total = max(total, 0)
        self._pages = OrderedDict()
        self._asked = set()
        self._wished = []
        self._waiting = False
        self._anchors = OrderedDict()
        if first:
            self._pages[0] = list(first[:PAGE])
            self._keep_anchor(0, len(self._pages[0]), keys)
        self._held_changed()
        self.endResetModel()

    def set_total(self, total: int) -> None:
        """The count came after the first page: the rows after it appear (or go)."""
        total = max(total, 0)
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self.endRemoveRows()

    def forget(self, generation: int) -> None:
        """A new query is on its way: drop the pages held and the pages still wanted (the
        rows shown stay until ``reset``; none is fetched again meanwhile)."""
        self.generation = generation
        self._asked = set()
        self._wished = []
        self._waiting = True
        self._anchors = OrderedDict()

    def add_page(
        self,
        generation: int,
        page: int,
        rows: Sequence[RosterEntry],
        keys: tuple[Any, Any] = (None, None),
    ) -> None:
        """A page fetched for ``generation``; the least recently used page goes if needed.
        ``keys``: the sort keys of its first and last rows (kept, ``anchor_for``)."""
        self._asked.discard(page)
        if generation != self.generation:
            return
        self._pages[page] = list(rows[:PAGE])
        self._keep_anchor(page, len(self._pages[page]), keys)
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        self._held_changed()
        first = page * PAGE
        last = min(first + PAGE, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))
        self._ask_next()

    def _keep_anchor(self, page: int, n: int, keys: tuple[Any, Any]) -> None:
        first, last = keys
        if n == 0 or first is None or last is None:
            return
        self._anchors[page] = (page * PAGE, first, page * PAGE + n - 1, last)
        self._anchors.move_to_end(page)
        while len(self._anchors) > MAX_ANCHORS:
            self._anchors.popitem(last=False)

    def anchor_for(self, page: int) -> RosterAnchor | None:
        """Where to fetch ``page`` from: the known row nearest to it (the last row of an
        earlier page, the first of a later one, or the end of the rows, read backwards),
        or ``None`` when the first row is nearest (by offset). The fewer rows between
        the anchor and the page, the fewer the database walks past."""
        start = page * PAGE
        best: tuple[int, RosterAnchor | None] = (start, None)
        end = self._total - start - PAGE
        if end < best[0]:
            best = (max(end, 0), RosterAnchor(self._total))
        for first_row, first_key, last_row, last_key in self._anchors.values():
            if last_row < start and start - last_row - 1 < best[0]:
                best = (start - last_row - 1, RosterAnchor(last_row, last_key))
            elif start + PAGE <= first_row and first_row - start - PAGE < best[0]:
                best = (first_row - start - PAGE, RosterAnchor(first_row, first_key))
        return best[1]

    def page_failed(self, generation: int, page: int) -> None:
        self._asked.discard(page)
        if generation == self.generation:
            self._ask_next()

    def _want(self, page: int) -> None:
        if self._waiting or page in self._asked or page in self._pages:
            return
        if page in self._wished:
            self._wished.remove(page)
        self._wished.append(page)
        del self._wished[:-MAX_PAGES]  # scrolled past: only the latest wishes matter
        self._ask_next()

    def _ask_next(self) -> None:
        while self._wished and len(self._asked) < self.MAX_IN_FLIGHT:
            page = self._wished.pop()
            if page in self._pages:
                continue
            self._asked.add(page)
            self.pageWanted.emit(page)

    def _held_changed(self) -> None:
        self.peak_rows = max(self.peak_rows, self.held_rows)

    @property
    def held_rows(self) -> int:
        """How many rows the model holds now (never more than ``PAGE * MAX_PAGES``)."""
        return sum(len(rows) for rows in self._pages.values())

    @property
    def pending(self) -> bool:
        """Pages are being fetched or wait to be."""
        return bool(self._asked or self._wished)

    def is_loaded(self, row: int) -> bool:
        return self._cached(row) is not None

    def _cached(self, row: int) -> RosterEntry | None:
        rows = self._pages.get(row // PAGE)
        if rows is None:
            return None
        offset = row % PAGE
        return rows[offset] if offset < len(rows) else None

    def record(self, row: int) -> RosterEntry | None:
        """The row's record if its page is held, else ``None`` (and the page is fetched)."""
        if not 0 <= row < self._total:
            return None
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            self._want(page)
            return None
        self._pages.move_to_end(page)
        offset = row % PAGE
        return rows[offset] if offset < len(rows) else None

    def records_held(self) -> list[tuple[int, RosterEntry]]:
        """(row, record) of every row held, in row order."""
        out = []
        for page in sorted(self._pages):
            out += [(page * PAGE + n, rec) for n, rec in enumerate(self._pages[page])]
        return out

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The database sorts: ask the tab for a new query in this order."""
        if 0 <= column < len(self.COLUMNS):
            self.sortRequested.emit(column, order)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            SORT_ROLE,
            ROW_ROLE,
        ):
            return None
        rec = self.record(index.row())
        if rec is None:
            return None
        if role == ROW_ROLE:
            return rec
        column = index.column()
        if column in self.PIN_COLUMNS and self._revealed and role != SORT_ROLE:
            shown = self._revealed.get(rec.link_id)
            if shown is not None:
                if column == self.COL_STUDENT_PIN:
                    return shown.student_pin or rec.student_pin or ""
                return shown.parent_pin or rec.parent_pin
        col = self.COLUMNS[column]
        if role == SORT_ROLE:
            key = col.sort_key(rec) if col.sort_key else col.text(rec).casefold()
            return str(key) if not isinstance(key, (str, int, float)) else key
        return col.text(rec)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return _tr(self.COLUMNS[section].title)
        return None

    # -- PINs ------------------------------------------------------------------------------

    @property
    def revealed_count(self) -> int:
        return len(self._revealed)

    def reveal(self, pins: Mapping[int, Any]) -> None:
        """Show these ``RevealedPins`` (by link id) instead of the masks."""
        self._revealed.update(pins)
        self._pins_changed()

    def hide_pins(self) -> None:
        self._revealed = {}
        self._pins_changed()

    def _pins_changed(self) -> None:
        if self._total:
            for col in self.PIN_COLUMNS:
                top, bottom = self.index(0, col), self.index(self._total - 1, col)
                self.dataChanged.emit(top, bottom)


def shown_words() -> tuple[tuple[str, str], ...]:
    """The words the table shows for each PIN state and for yes / no, translated: the
    database matches search words against them and sorts the PIN column by them."""
    words = [(str(key), _tr(word)) for key, word in STATUS_WORDS.items() if key != PinStatus.ACTIVE]
    return (
        *words,
        (PinStatus.ACTIVE.value, PIN_MASK),
        ("not_issued", _tr("Not issued")),
        ("yes", yes_no(True)),
        ("no", yes_no(False)),
    )
