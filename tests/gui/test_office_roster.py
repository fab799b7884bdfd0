"""The roster tab: filters, masked PINs, and an export that matches the table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.gui.helpers import WAIT_MS, log_in, wait_idle


def _roster(qtbot: Any, window: Any) -> Any:
    tab = window.office_widget("roster")
    assert tab is not None
    window.show_tab(tab)
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    return tab


def test_filter_by_grade_and_search(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _roster(qtbot, window)
    everything = tab.visible_records()
    assert len(everything) == tab.model.rowCount() > 50
    grades = {r.grade for r in everything}
    assert len(grades) > 1
    grade = sorted(grades)[0]
    tab.set_grade(grade)
    shown = tab.visible_records()
    assert shown and {r.grade for r in shown} == {grade}
    assert len(shown) == sum(1 for r in everything if r.grade == grade)
    # Search: a guardian's last name narrows the grade's rows to those matching it.
    term = shown[0].guardian_name.split()[-1]
    qtbot.keyClicks(tab.searchEdit, term)
    found = tab.visible_records()
    expected = [
        r
        for r in everything
        if r.grade == grade and any(term.casefold() in str(v).casefold() for v in _texts(tab, r))
    ]
    assert found and len(found) == len(expected) < len(shown)
    tab.set_grade(None)
    assert len(tab.visible_records()) >= len(found)
    # PINs are masked in every row shown.
    active = [r for r in everything if r.pin_status == "active"]
    assert active and all(r.parent_pin == "•••-•••-•••" for r in active)


def _texts(tab: Any, rec: Any) -> list[str]:
    return [c.text(rec) for c in tab.model.COLUMNS]


def test_export_matches_the_table(qtbot: Any, desk: Any, tmp_path: Path) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _roster(qtbot, window)
    grade = tab.gradeCombo.itemData(1)
    tab.set_grade(grade)
    shown = tab.visible_records()
    out = tmp_path / "roster.xlsx"
    tab.export_to(str(out))
    qtbot.waitUntil(lambda: tab.last_export is not None, timeout=WAIT_MS)
    wait_idle(qtbot, desk)
    assert tab.last_export.rows == len(shown)
    book = load_workbook(out, read_only=True)
    sheet = book.worksheets[0]
    rows = [
        tuple("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)
    ]
    header_at = next(i for i, r in enumerate(rows) if "Student ID" in r)
    header = rows[header_at]
    body = [r for r in rows[header_at + 1 :] if any(r)]
    sid, guardian = header.index("Student ID"), header.index(_guardian_col(header))
    in_file = sorted((r[sid], r[guardian]) for r in body)
    in_table = sorted((r.student_id, r.guardian_name) for r in shown)
    assert in_file == in_table
    grade_col = header.index("Grade")
    assert {r[grade_col] for r in body} == {grade}


def _guardian_col(header: tuple[str, ...]) -> str:
    return "Guardian Name"


def test_reveal_shows_pins_of_selected_rows(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _roster(qtbot, window)
    masked = tab.proxy.index(0, tab.model.COL_PARENT_PIN).data()
    tab.table.selectRow(0)
    tab.reveal_selected()
    qtbot.waitUntil(lambda: tab.model.revealed_count == 1, timeout=WAIT_MS)
    shown = tab.proxy.index(0, tab.model.COL_PARENT_PIN).data()
    rec = tab.visible_records()[0]
    if rec.pin_status == "active":
        assert shown != masked and len(shown.replace("-", "")) == 9
    tab.hide_pins()
    assert tab.proxy.index(0, tab.model.COL_PARENT_PIN).data() == masked


def test_office_staff_do_not_see_the_office_tabs(qtbot: Any, desk: Any) -> None:
    # Issue 15, point 6 (guide sections VIII and IX): office staff get the Reporting tab with
    # the reports that show no PIN; the roster, letters and the outreach list stay closed.
    window = log_in(qtbot, desk, "office_staff")
    for key in ("roster", "letters"):
        assert window.office_widget(key) is None
    titles = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    assert "Roster" not in titles and "Letters" not in titles
    reporting = window.office_widget("reporting")
    assert reporting is not None
    pages = [reporting.pages.tabText(i) for i in range(reporting.pages.count())]
    assert pages == ["Portal adoption", "New emergency contacts", "SIS updates to make"]


def test_every_column_sorts(qtbot: Any, desk: Any) -> None:
    from ppdesk.gui.models import grade_key

    window = log_in(qtbot, desk, "principal")
    tab = _roster(qtbot, window)
    model = tab.model
    tab.table.sortByColumn(model.COL_GRADE, Qt.SortOrder.DescendingOrder)
    grades = [r.grade for r in tab.visible_records()]
    assert grades == sorted(grades, key=grade_key, reverse=True)
    for column in range(model.columnCount()):
        tab.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        texts = _column_texts(qtbot, tab, column)
        if column not in (model.COL_GRADE, model.COL_EXPIRES):
            assert texts == sorted(texts, key=str.casefold), model.COLUMNS[column].title
    # Sorting keeps the filter.
    tab.set_grade(grades[0])
    tab.table.sortByColumn(model.COL_FIRST, Qt.SortOrder.AscendingOrder)
    assert {r.grade for r in tab.visible_records()} == {grades[0]}


def _column_texts(qtbot: Any, tab: Any, column: int) -> list[str]:
    """The column as the table shows it, row by row. The database sorts in the background
    (issue 21) and the model holds a few pages: wait for the query, then for each page."""
    from ppdesk.gui.office.roster_model import MAX_PAGES, PAGE

    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    model = tab.model
    texts = []
    for row in range(model.rowCount()):
        if model.index(row, column).data() is None:  # its page is being fetched
            qtbot.waitUntil(lambda row=row: model.is_loaded(row), timeout=WAIT_MS)
        texts.append(model.index(row, column).data())
    assert model.peak_rows <= PAGE * MAX_PAGES
    return texts


def test_lock_hides_revealed_pins(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _roster(qtbot, window)
    tab.table.selectRow(0)
    tab.reveal_selected()
    qtbot.waitUntil(lambda: tab.model.revealed_count == 1, timeout=WAIT_MS)
    window.lock()
    assert tab.model.revealed_count == 0


def test_typing_asks_the_database_once_off_the_gui_thread(
    qtbot: Any, desk: Any, monkeypatch: Any
) -> None:
    # Each key only restarts the pause timer; when it fires (driven here, not waited for),
    # one first page and one count are asked, both on a worker thread: the GUI thread never
    # waits for the database however large the roster.
    import threading

    from ppdesk.services import roster as roster_service

    window = log_in(qtbot, desk, "principal")
    tab = _roster(qtbot, window)
    asked: list[tuple[str, str, bool]] = []
    for name in ("roster_page", "roster_count"):
        real = getattr(roster_service, name)

        def spy(ctx: Any, session: Any, view: Any, *a: Any, _f: Any = real, _n: str = name,
                **k: Any) -> Any:  # fmt: skip
            on_gui = threading.current_thread() is threading.main_thread()
            asked.append((_n, view.search, on_gui))
            return _f(ctx, session, view, *a, **k)

        monkeypatch.setattr(roster_service, name, spy)
    for n in range(1, 5):
        qtbot.keyClicks(tab.searchEdit, "garc"[n - 1])
        assert tab._searchTimer.isActive() and not tab.loaded
    assert asked == []  # the keys asked nothing
    tab._searchTimer.timeout.emit()
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    # One first page; a count only when that page is full (a shorter page is its own
    # count), asked after the page: never before the rows.
    from ppdesk.gui.office.roster_model import PAGE

    counted = [("roster_count", "garc", False)] if tab.model.rowCount() >= PAGE else []
    assert asked == [("roster_page", "garc", False), *counted]
