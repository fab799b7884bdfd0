"""The roster tab's pages (issue 21): filtered, searched and sorted by the database.

Every page is checked against the whole roster (``roster_rows``) filtered and sorted in
Python the way the tab showed it before: the same rows, in the same order, on both engines.
"""

from __future__ import annotations

from typing import Any

import pytest

from ppdesk.domain.errors import PermissionDenied, ValidationError
from ppdesk.domain.reports import ROSTER_SORTS, RosterEntry, language_name
from ppdesk.domain.roles import Role
from ppdesk.services import roster
from ppdesk.services.roster import DEFAULT_WORDS, RosterView
from tests.support.family import make_family
from tests.support.roster_data import PARK, RosterSchool, build_school, set_student_pin
from tests.support.seed import staff_with_role

WORDS = dict(DEFAULT_WORDS)


@pytest.fixture
def school(app: Any) -> RosterSchool:
    built = build_school(app)
    lone = make_family(
        app, first="Lia", last="Lone", student_number="00044444", homeroom=PARK, guardians=0
    )
    set_student_pin(app, lone.student_id, "314159")
    return built


def _texts(r: RosterEntry) -> list[str]:
    """What the tab shows in each column, in English (``RosterTableModel.COLUMNS``)."""
    status = "not_issued" if r.pin_status is None else r.pin_status
    verified = (
        ""
        if r.verified_legal_guardian is None
        else WORDS["yes" if r.verified_legal_guardian else "no"]
    )
    return [
        r.student_id,
        r.student_last_name,
        r.student_first_name,
        r.grade,
        r.homeroom_teacher or "",
        r.guardian_name,
        r.relationship or "",
        WORDS[status],
        r.pin_expires.isoformat() if r.pin_expires else "",
        r.student_pin or "",
        verified,
        r.registered_portal_email or "",
        r.guardian_phone or "",
        r.preferred_language or "",
        r.school_code,
    ]


def _key(r: RosterEntry) -> tuple[Any, ...]:
    return (r.student_key, r.link_id)


def _all_pages(school: RosterSchool, view: RosterView, limit: int) -> list[RosterEntry]:
    out: list[RosterEntry] = []
    first = roster.roster_page(school.ctx, school.principal, view, limit=limit)
    assert first.total is not None
    out += first.rows
    while len(out) < first.total:
        page = roster.roster_page(
            school.ctx, school.principal, view, offset=len(out), limit=limit, count=False
        )
        assert page.rows and page.total is None
        out += page.rows
    return out


def test_pages_cover_the_roster_once_in_every_order(school: RosterSchool) -> None:
    everything = roster.roster_rows(school.ctx, school.principal, school_code=None)
    assert any(r.link_id is None for r in everything)  # the student without a guardian
    for column, sort in enumerate(ROSTER_SORTS):
        for descending in (False, True):
            view = RosterView(sort=sort, descending=descending)
            rows = _all_pages(school, view, limit=3)
            assert sorted(map(_key, rows)) == sorted(map(_key, everything)), sort
            assert len(set(map(_key, rows))) == len(rows)
            if sort in ("grade", "expires"):
                continue  # ordered by rank and date, not by the text (checked below)
            texts = [_texts(r)[column].casefold() for r in rows]
            assert texts == sorted(texts, reverse=descending), sort


def test_grade_and_expiry_orders(school: RosterSchool) -> None:
    from ppdesk.gui.models import grade_key

    rows = _all_pages(school, RosterView(sort="grade", descending=True), limit=4)
    grades = [r.grade for r in rows]
    assert grades == sorted(grades, key=grade_key, reverse=True) and len(set(grades)) > 1
    rows = _all_pages(school, RosterView(sort="expires"), limit=4)
    dates = [r.pin_expires for r in rows]
    shown = [d for d in dates if d is not None]
    assert shown and dates == [None] * (len(dates) - len(shown)) + sorted(shown)


@pytest.mark.parametrize(
    "search",
    ["park", "ADAMS", "00012", "redeem", "not issued", "yes", "spanish", "rm 1", "xyz", "%", "_"],
)
def test_search_matches_what_the_tab_shows(school: RosterSchool, search: str) -> None:
    everything = roster.roster_rows(school.ctx, school.principal, school_code=None)
    terms = search.casefold().split()
    expected = [
        r
        for r in everything
        if all(any(t in text.casefold() for text in _searchable(r)) for t in terms)
    ]
    page = roster.roster_page(school.ctx, school.principal, RosterView(search=search), limit=500)
    assert sorted(map(_key, page.rows)) == sorted(map(_key, expected))
    assert page.total == len(expected) and page.everything == len(everything)


def _searchable(r: RosterEntry) -> list[str]:
    # Every column but the date and the student PIN's mask (not searched: see README).
    texts = _texts(r)
    texts[13] = language_name(r.preferred_language) or ""
    return [t for n, t in enumerate(texts) if n not in (8, 9)]


def test_grade_and_homeroom_filters(school: RosterSchool) -> None:
    everything = roster.roster_rows(school.ctx, school.principal, school_code=None)
    grades, rooms = roster.roster_choices(school.ctx, school.principal)
    assert set(grades) == {r.grade for r in everything}
    assert set(rooms) == {r.homeroom_teacher for r in everything if r.homeroom_teacher}
    for room in rooms:
        view = RosterView(grade="4", homeroom=room, search="a")
        page = roster.roster_page(school.ctx, school.principal, view, limit=500)
        expected = [
            r
            for r in everything
            if r.grade == "4"
            and r.homeroom_teacher == room
            and any("a" in t.casefold() for t in _searchable(r))
        ]
        assert sorted(map(_key, page.rows)) == sorted(map(_key, expected))
        assert page.total == len(expected)


def test_translated_words_order_and_match(school: RosterSchool) -> None:
    spanish = (("not_issued", "No emitido"), ("redeemed", "Canjeado"), ("yes", "sí"))
    page = roster.roster_page(
        school.ctx, school.principal, RosterView(search="emitido", words=spanish), limit=500
    )
    assert page.rows and all(r.pin_status is None for r in page.rows)
    rows = _all_pages(school, RosterView(sort="parent_pin", words=spanish), limit=5)
    words = dict(WORDS) | dict(spanish)
    texts = [words["not_issued" if r.pin_status is None else r.pin_status] for r in rows]
    assert texts == sorted(texts, key=str.casefold)


def test_pages_need_the_roster_permission(school: RosterSchool) -> None:
    office = staff_with_role(school.ctx, Role.OFFICE_STAFF)
    with pytest.raises(PermissionDenied):
        roster.roster_page(school.ctx, office, RosterView())
    with pytest.raises(ValidationError):
        roster.roster_page(school.ctx, school.principal, RosterView(sort="pin_ciphertext"))
    with pytest.raises(ValidationError):
        roster.roster_page(school.ctx, school.principal, RosterView(), limit=100_000)


def test_count_beside_the_page(school: RosterSchool) -> None:
    for view in (RosterView(), RosterView(grade="4", search="park")):
        page = roster.roster_page(school.ctx, school.principal, view, limit=500)
        assert roster.roster_count(school.ctx, school.principal, view) == (page.total, None)
        counts = roster.roster_count(school.ctx, school.principal, view, everything=True)
        assert counts == (page.total, page.everything) and counts[0] == len(page.rows)


def test_name_order_indexes_on_both_engines(runtime: Any) -> None:
    # Migration 0009: the roster tab's name orders are walked by an index on PostgreSQL;
    # migration 0018: on SQLite too, by its NOCASE collation (the order of its lower()),
    # and its first page is read by walking it, not by sorting every row.
    from sqlalchemy import text

    with runtime.engine.connect() as conn:
        if runtime.engine.dialect.name == "postgresql":
            found = {
                name: sql
                for name, sql in conn.execute(
                    text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'student'")
                )
            }
            assert 'lower((last_name)::text) COLLATE "C"' in found["ix_student_roster_last_c"]
            assert 'lower((first_name)::text) COLLATE "C"' in found["ix_student_roster_first_c"]
        else:
            found = {
                name: sql
                for name, sql in conn.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'student'")
                )
            }
            last, first = found["ix_student_roster_last_c"], found["ix_student_roster_first_c"]
            assert "(last_name COLLATE NOCASE, first_name COLLATE NOCASE, id)" in last
            assert "(first_name COLLATE NOCASE, last_name COLLATE NOCASE, id)" in first
            from datetime import UTC, datetime

            from ppdesk.adapters.db.models import Student
            from ppdesk.domain.reports import RosterQuery

            now, query = datetime.now(UTC), RosterQuery()
            with runtime.ctx.uow(readonly=True) as uow:
                repo = uow.roster
                q = repo._tab_rows(repo._roster_rows().add_columns(Student.id), [1], query, now)
                sql = q.order_by(*repo._tab_order(query, now)).limit(200)
                compiled = sql.compile(
                    uow.session.get_bind(), compile_kwargs={"render_postcompile": True}
                )
                params = tuple(compiled.params[k] for k in compiled.positiontup or ())
                found_plan = uow.session.connection().exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + str(compiled), params
                )
                plan = " / ".join(str(row[-1]) for row in found_plan)
            assert "SCAN student USING INDEX ix_student_roster_last_c" in plan, plan
            assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


def _page(school: RosterSchool, view: RosterView, offset: int, limit: int, **kw: Any) -> Any:
    return roster.roster_page(
        school.ctx, school.principal, view, offset=offset, limit=limit, count=False, **kw
    )


def test_pages_found_from_an_anchor_are_the_pages_by_offset(school: RosterSchool) -> None:
    # Keyset paging: a page fetched from a neighbouring page's first or last row, or from
    # the end read backwards, holds the same rows in the same order as by offset, in every
    # order (ties, the student without a guardian, NULL keys) and both directions.
    from ppdesk.domain.reports import RosterAnchor

    for sort in ROSTER_SORTS:
        for descending in (False, True):
            view = RosterView(sort=sort, descending=descending)
            limit = 2
            first = roster.roster_page(school.ctx, school.principal, view, limit=limit)
            total = first.total
            assert total is not None and total > 3 * limit
            by_offset = [_page(school, view, offset, limit) for offset in range(0, total, limit)]
            assert (by_offset[0].first_key, by_offset[0].last_key) == (
                first.first_key,
                first.last_key,
            )
            for n, page in enumerate(by_offset):
                assert page.first_key is not None and page.last_key is not None
                offset = n * limit
                want = list(map(_key, page.rows))
                anchors = [RosterAnchor(total)]  # the end
                if n > 0:  # the previous page's last row
                    anchors.append(RosterAnchor(offset - 1, by_offset[n - 1].last_key))
                if n > 1:  # two pages back: the rows between are skipped
                    anchors.append(RosterAnchor(offset - limit - 1, by_offset[n - 2].last_key))
                if n + 1 < len(by_offset):  # the next page's first row
                    anchors.append(RosterAnchor(offset + limit, by_offset[n + 1].first_key))
                if n + 2 < len(by_offset):
                    anchors.append(RosterAnchor(offset + 2 * limit, by_offset[n + 2].first_key))
                for anchor in anchors:
                    got = _page(school, view, offset, limit, anchor=anchor)
                    assert list(map(_key, got.rows)) == want, (sort, descending, n, anchor)
                    assert (got.first_key, got.last_key) == (page.first_key, page.last_key)
            assert _page(school, view, total, limit, anchor=RosterAnchor(total)).rows == []


def test_an_anchor_that_does_not_fit_is_ignored(school: RosterSchool) -> None:
    # An anchor on the wrong side of the page, of another order, or with values of the
    # wrong kind: the page by offset, nothing else changes.
    from ppdesk.domain.reports import RosterAnchor

    view = RosterView(sort="first_name")
    want = list(map(_key, _page(school, view, 4, 2).rows))
    other = _page(school, RosterView(sort="guardian"), 0, 3).last_key
    assert other is not None
    for anchor in (
        RosterAnchor(5, _page(school, view, 4, 2).first_key),  # inside the page
        RosterAnchor(2, other),  # another order's key: more values
        RosterAnchor(2, ("a", "b", True, None)),
        RosterAnchor(2, ("a", "b", 1.5j, None)),  # type: ignore[arg-type]
        RosterAnchor(2, ()),
    ):
        assert list(map(_key, _page(school, view, 4, 2, anchor=anchor).rows)) == want, anchor


def test_a_page_from_an_anchor_skips_only_the_rows_between(school: RosterSchool) -> None:
    # The statement that finds a page's keys: by offset it skips every row before the
    # page; from the previous page's last row it skips none, from the end only the rows
    # after the page.
    from sqlalchemy import event

    from ppdesk.domain.reports import RosterAnchor

    view = RosterView(sort="last_name")
    total = roster.roster_page(school.ctx, school.principal, view, limit=2).total
    assert total is not None and total > 6
    before = _page(school, view, 2, 2)
    skipped: list[int] = []

    def seen(_conn: Any, clause: Any, *_args: Any) -> None:
        offset = getattr(clause, "_offset", None)
        if "roster_key_0" in str(clause):
            skipped.append(offset or 0)

    with school.ctx.uow(readonly=True) as uow:
        engine = uow.session.get_bind()
    event.listen(engine, "before_execute", seen)
    try:
        by_offset = _page(school, view, 4, 2)
        after = _page(school, view, 4, 2, anchor=RosterAnchor(3, before.last_key))
        from_end = _page(school, view, 4, 2, anchor=RosterAnchor(total))
    finally:
        event.remove(engine, "before_execute", seen)
    assert skipped == [4, 0, total - 6]
    assert by_offset.rows == after.rows == from_end.rows and len(after.rows) == 2
