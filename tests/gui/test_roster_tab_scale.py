"""The roster tab at a large synthetic size (issue 21): the database filters, searches,
sorts and pages, and the model never holds more than ``MAX_PAGES`` pages of rows, whatever
the user scrolls, types, sorts, reveals or exports. Both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, Qt
from sqlalchemy import text

from ppdesk.services import roster
from tests.gui.helpers import WAIT_MS
from tests.support.roster_scale import LargeRoster, build_large_roster

STUDENTS = 12_000  # about 21,000 roster rows: a hundred pages


@pytest.fixture
def big(runtime: Any) -> LargeRoster:
    return build_large_roster(runtime.ctx, STUDENTS)


@pytest.fixture
def tab(qtbot: Any, runtime: Any, big: LargeRoster) -> Iterator[Any]:
    from ppdesk.gui.desk import Desk
    from ppdesk.gui.errors import ErrorPresenter
    from ppdesk.gui.office.roster import RosterTab
    from ppdesk.gui.tasks import TaskRunner
    from ppdesk.services.desk import desk_profile

    presenter = ErrorPresenter()
    runner = TaskRunner(presenter)
    desk = Desk(runtime, runner, presenter, big.principal, desk_profile(big.ctx, big.principal))
    widget = RosterTab(desk)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded, timeout=WAIT_MS * 3)
    yield widget
    runner.wait_done()


def _bare(ctx: Any, sql: str, **params: Any) -> Any:
    with ctx.uow(readonly=True) as uow:
        return uow.session.execute(text(sql), params).scalar()


def _rows_matching(ctx: Any, fragment: str) -> int:
    """Roster rows of students whose last name contains ``fragment`` (plain SQL)."""
    return int(
        _bare(
            ctx,
            "SELECT count(*) FROM student s LEFT JOIN guardian_link l"
            " ON l.student_id = s.id AND l.active = :yes"
            " WHERE s.active = :yes AND lower(s.last_name) LIKE :pattern",
            yes=True,
            pattern=f"%{fragment}%",
        )
    )


def _wait_row(qtbot: Any, model: Any, row: int, *, ask: bool = True) -> Any:
    """The row's record once its page is in; ``ask``: read it as the view would (which
    fetches its page), else wait for the view's own painting to fetch it."""
    if ask:
        model.record(row)
    qtbot.waitUntil(lambda: model.is_loaded(row), timeout=WAIT_MS)
    return model.record(row)


def _type(qtbot: Any, tab: Any, words: str) -> None:
    tab.searchEdit.clear()
    qtbot.keyClicks(tab.searchEdit, words)
    tab._searchTimer.timeout.emit()  # the pause after the last key, driven here
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)


def test_scroll_search_sort_reveal_export_hold_a_few_pages(
    qtbot: Any, tab: Any, big: LargeRoster, tmp_path: Path
) -> None:
    from ppdesk.gui.office.roster_model import MAX_PAGES, PAGE

    window = PAGE * MAX_PAGES
    model = tab.model
    assert model.rowCount() == big.rows > 25 * window
    assert model.held_rows <= PAGE
    assert tab.countLabel.text() == f"{big.rows} of {big.rows} rows shown"

    # Scrolling: the view asks for the rows it paints; far pages replace near ones.
    for row in (big.rows // 3, big.rows - 1, big.rows // 2, 7 * PAGE + 3, 0, big.rows - 1):
        tab.table.scrollTo(model.index(row, 0))
        assert _wait_row(qtbot, model, row, ask=False) is not None
        assert model.held_rows <= window
    last = model.record(big.rows - 1)
    biggest = _bare(big.ctx, "SELECT max(lower(last_name)) FROM student")
    assert last.student_last_name.casefold() == biggest  # last-name order, by the database

    # Searching: typed, answered by the database, counted.
    _type(qtbot, tab, "garcia4")
    expected = _rows_matching(big.ctx, "garcia4")
    assert 0 < model.rowCount() == expected < big.rows
    assert tab.countLabel.text() == f"{expected} of {big.rows} rows shown"
    shown = [_wait_row(qtbot, model, row) for row in range(model.rowCount())]
    assert all("garcia4" in r.student_last_name.casefold() for r in shown)

    # Two views asked back to back: the second waits for the first (one query at a time
    # per tab), whose answer is dropped; the table ends on the second.
    tab.searchEdit.setText("park1")
    tab.apply_filters()
    tab.searchEdit.setText("garcia4")
    tab.apply_filters()
    assert tab._deferred
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    assert not tab._deferred and model.rowCount() == expected
    assert all("garcia4" in r.student_last_name.casefold() for r in tab.visible_records())

    # Sorting the search's rows, then the whole roster, in the database.
    tab.table.sortByColumn(model.COL_FIRST, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    firsts = [_wait_row(qtbot, model, row).student_first_name for row in range(model.rowCount())]
    assert firsts == sorted(firsts, key=str.casefold, reverse=True) and len(firsts) == expected
    _type(qtbot, tab, "")
    assert model.rowCount() == big.rows
    tab.table.sortByColumn(model.COL_GUARDIAN, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    names = [_wait_row(qtbot, model, row).guardian_name for row in range(PAGE + 20)]
    assert names == sorted(names, key=str.casefold) and names[0] == ""  # no guardian first
    tab.table.scrollTo(model.index(big.rows - 1, 0))
    tail = [_wait_row(qtbot, model, row).guardian_name for row in range(big.rows - 30, big.rows)]
    assert tail == sorted(tail, key=str.casefold) and tail[-1].casefold() >= names[-1].casefold()
    assert model.held_rows <= window

    # Revealing rows the model does not hold: their link ids are read by a page query.
    tab.table.sortByColumn(model.COL_LAST, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    tab.table.scrollToTop()
    far = big.rows - 2
    assert not model.is_loaded(far)
    selection = tab.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, far):
        selection.select(model.index(row, 0), flags)
    far_record = roster.roster_page(big.ctx, big.principal, tab.view(), offset=far, limit=1)
    links = [r.link_id for r in (model.record(0), *far_record.rows) if r.link_id is not None]
    assert far_record.rows and links
    tab.reveal_selected()
    qtbot.waitUntil(lambda: model.revealed_count == len(links), timeout=WAIT_MS)
    assert set(model._revealed) == set(links)
    assert model.held_rows <= window

    # Exporting the rows shown: the search's rows, streamed by the database.
    _type(qtbot, tab, "garcia4")
    out = tmp_path / "roster.xlsx"
    tab.export_to(str(out))
    qtbot.waitUntil(lambda: tab.last_export is not None, timeout=WAIT_MS)
    assert tab.last_export.rows == expected
    sheet = load_workbook(out, read_only=True).worksheets[0]
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(values) if "Student ID" in r)
    sid = values[header_at].index("Student ID")
    in_file = sorted(str(r[sid]) for r in values[header_at + 1 :] if any(r))
    assert in_file == sorted(r.student_id for r in tab.visible_records())

    # At no time did the model hold more than its window.
    assert model.peak_rows <= window


def test_each_key_shows_one_page_before_any_count_and_the_count_follows(
    qtbot: Any, tab: Any, big: LargeRoster, monkeypatch: Any
) -> None:
    # Typing g, ga, gar, garc, garci: each key's first page is shown while the counts are
    # held back (an earlier key's count still running never delays a later key's rows),
    # and the model holds that one page; then the counts are let through and the last
    # key's count arrives: the same number as paging through its rows. Clearing the search
    # shows the whole roster's count at once (counted at open).
    import threading

    gate = threading.Event()
    counted: list[str] = []
    real = roster.roster_count

    def held(ctx: Any, session: Any, view: Any, **k: Any) -> Any:
        counted.append(view.search)
        gate.wait()  # until the test lets it through (the finally below always does)
        return real(ctx, session, view, **k)

    monkeypatch.setattr(roster, "roster_count", held)
    try:
        _typed_before_the_counts(qtbot, tab, big, gate, counted)
    finally:
        gate.set()


def _typed_before_the_counts(
    qtbot: Any, tab: Any, big: LargeRoster, gate: Any, counted: list[str]
) -> None:
    from ppdesk.gui.office.roster_model import PAGE

    model = tab.model
    for word in ("g", "ga", "gar", "garc", "garci"):
        tab.searchEdit.setText(word)
        tab.apply_filters()
        qtbot.waitUntil(lambda: tab.rows_shown, timeout=WAIT_MS)
        assert not gate.is_set()
        assert 0 < model.held_rows <= PAGE and model.rowCount() == model.held_rows
        first = [model.record(row) for row in range(model.held_rows)]
        assert all(word in _row_text(r) for r in first)
        if model.held_rows == PAGE:  # shown before its count came
            assert not tab.loaded
            assert tab.countLabel.text() == f"The first {PAGE} rows shown; counting the rest…"
        else:  # the whole answer is on the page: its own count
            assert tab.loaded
            assert tab.countLabel.text() == f"{model.held_rows} of {big.rows} rows shown"
    # Only the first key's count was asked: the later ones waited for it, each newer key
    # replacing the one waiting (the server runs one count at a time for the tab).
    assert counted == ["g"]
    last_full = model.held_rows == PAGE
    gate.set()
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    assert counted == (["g", "garci"] if last_full else ["g"])
    everyone = len(tab.visible_records())
    assert model.rowCount() == everyone and 0 < everyone < big.rows
    assert tab.countLabel.text() == f"{everyone} of {big.rows} rows shown"
    assert model.held_rows <= PAGE

    # Cleared: the first page with the count counted at open, no count asked.
    tab.searchEdit.setText("")
    tab.apply_filters()
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT_MS)
    assert model.rowCount() == big.rows and len(counted) == len(set(counted))
    assert tab.countLabel.text() == f"{big.rows} of {big.rows} rows shown"

    # A count asked anew is the true one: the same as paging through the rows.
    gate.set()
    _type(qtbot, tab, "ga")
    assert model.rowCount() == len(tab.visible_records()) > PAGE
    assert tab.countLabel.text() == f"{model.rowCount()} of {big.rows} rows shown"
    assert model.held_rows <= PAGE


def _row_text(r: Any) -> str:
    """Every column the tab searches, as shown (lower case), and the language's code."""
    from ppdesk.domain.reports import LANGUAGE_NAMES

    names = {name.casefold(): code for code, name in LANGUAGE_NAMES.items()}
    language = (r.preferred_language or "").casefold()
    return " ".join(
        str(v)
        for v in (
            r.student_id, r.student_last_name, r.student_first_name, r.grade,
            r.homeroom_teacher, r.guardian_name, r.relationship, r.parent_pin,
            r.registered_portal_email, r.guardian_phone, language, names.get(language),
            r.school_code, "" if r.verified_legal_guardian is None
            else ("yes" if r.verified_legal_guardian else "no"),
        )
        if v is not None
    ).casefold()  # fmt: skip


def test_scrolled_pages_are_found_from_their_neighbours(
    qtbot: Any, tab: Any, big: LargeRoster, monkeypatch: Any
) -> None:
    # Keyset paging: a page next to one the model fetched is asked from that page's
    # last (or first) row, a page near the end from the end read backwards, never by
    # walking every row before it; the rows are those of the same page by offset, and
    # the model still holds at most its window.
    from ppdesk.domain.reports import RosterAnchor
    from ppdesk.gui.office.roster_model import MAX_PAGES, PAGE

    asked: list[tuple[int, Any]] = []
    real = roster.roster_page

    def recorded(ctx: Any, session: Any, view: Any, **k: Any) -> Any:
        asked.append((k.get("offset", 0), k.get("anchor")))
        return real(ctx, session, view, **k)

    monkeypatch.setattr(roster, "roster_page", recorded)
    model = tab.model
    total = model.rowCount()
    middle = (total // 2) // PAGE * PAGE  # the first row of a page

    def shown(row: int) -> Any:
        tab.table.scrollTo(model.index(row, 0))
        return _wait_row(qtbot, model, row, ask=False)

    def by_offset(offset: int) -> list[tuple[str, Any]]:
        page = real(big.ctx, big.principal, tab.view(), offset=offset, limit=PAGE, count=False)
        return [(r.student_id, r.link_id) for r in page.rows]

    def held(offset: int) -> list[tuple[str, Any]]:
        rows = (model.record(row) for row in range(offset, min(offset + PAGE, total)))
        return [(r.student_id, r.link_id) for r in rows]

    def anchor(offset: int) -> Any:
        return next(a for o, a in asked if o == offset)  # how that page was asked

    assert shown(middle) is not None  # (the page above it too: the view paints it)
    assert held(middle) == by_offset(middle)
    shown(middle + PAGE)  # the next page: from the middle page's last row
    after = anchor(middle + PAGE)
    assert after.row == middle + PAGE - 1 and after.key is not None
    assert held(middle + PAGE) == by_offset(middle + PAGE)
    _wait_row(qtbot, model, middle - PAGE)  # the page above (the view may have asked it)
    first_key = real(
        big.ctx, big.principal, tab.view(), offset=middle - PAGE, limit=1, count=False
    ).first_key
    shown(middle - 2 * PAGE)  # from the first row of the page after it, backwards
    assert anchor(middle - 2 * PAGE) == RosterAnchor(middle - PAGE, first_key)
    assert held(middle - 2 * PAGE) == by_offset(middle - 2 * PAGE)
    last = shown(total - 1)  # the last page: from the end
    assert anchor((total - 1) // PAGE * PAGE) == RosterAnchor(total) and last is not None
    last_page = (total - 1) // PAGE * PAGE
    assert held(last_page) == by_offset(last_page)
    assert model.held_rows <= PAGE * MAX_PAGES and model.peak_rows <= PAGE * MAX_PAGES
