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
