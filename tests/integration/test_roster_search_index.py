"""The roster tab's search through the trigram indexes (migration 0015, PostgreSQL).

A search word long enough for trigrams first finds the students whose rows may hold it
through the indexes (``SqlRosterRepository._candidates``), then the tab's query applies
every word to every row of those students as before. The rows found must be exactly those
a plain Python reading of the whole roster finds, on both engines, whichever way the
repository went (through the indexes, or walking the tab's order when a word is found in
too many rows or elsewhere than the indexed texts).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text, update

from ppdesk.adapters.db.models import Guardian, GuardianLink
from ppdesk.adapters.db.repos import roster as roster_repo
from ppdesk.domain.reports import RosterEntry, language_name
from ppdesk.services import roster
from ppdesk.services.roster import DEFAULT_WORDS, RosterView
from tests.support.family import make_family
from tests.support.roster_data import PARK, RosterSchool, build_school

WORDS = dict(DEFAULT_WORDS)
SEARCHES = [
    "adams",  # a student's last name
    "00012",  # a student number
    "rm 20",  # a homeroom (two words: "rm" too short for trigrams)
    "ben.parent@example",  # a portal e-mail
    "0142",  # a guardian's phone
    "grandmother",  # a relationship
    "tlhingan",  # a language code no name is known for
    "spanish",  # a known language, by its name
    "park",  # a homeroom
    "quill",  # a homeroom teacher's name (not in the indexed texts)
    "ito)",  # across the "Room (Teacher)" label
    "(ms",  # across the "Room (Teacher)" label
    "1001",  # a school code
    "núñez",  # accents, as stored
    "ximena",  # a guardian's first name
    "adams grandmother",
    "ximena 0142",
    "rrr",
    "%",
    "_x",
    "ad",  # 1 or 2 characters: no trigram; on SQLite a count reads the FTS texts
    "ñe",
    "7",
    "ad 1",
]


@pytest.fixture
def school(app: Any) -> RosterSchool:
    built = build_school(app)
    make_family(
        app, first="Lia", last="Lone", student_number="00044444", homeroom=PARK, guardians=0
    )
    with app.uow() as uow:
        teacher = uow.staff.add(
            username="tquill", display_name="Tamsin Quill", email=None, password_hash="-"
        )
        uow.commit()
    odd = make_family(
        app,
        first="Omar",
        last="Ortiz",
        homeroom="Rm 7 (Ms Ito)",
        homeroom_teacher_id=teacher,
        guardians=2,
    )
    make_family(app, first="Nora", last="Núñez", guardians=1)
    with app.uow() as uow:
        first, second = odd.guardian_ids
        uow.session.execute(
            update(Guardian)
            .where(Guardian.id == first)
            .values(first_name="Ximena", preferred_language=" TLHingan ", cell_phone="")
        )
        uow.session.execute(
            update(Guardian).where(Guardian.id == second).values(preferred_language="es")
        )
        uow.session.execute(
            update(GuardianLink)
            .where(GuardianLink.guardian_id == first)
            .values(relationship="Grandmother")
        )
        adams = built.families["A"].link_ids[0]
        uow.session.execute(
            update(GuardianLink).where(GuardianLink.id == adams).values(relationship="Grandmother")
        )
        uow.commit()
    return built


def _shown(r: RosterEntry) -> list[str]:
    """The searched columns as the tab shows them, in English."""
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
        verified,
        r.registered_portal_email or "",
        r.guardian_phone or "",
        language_name(r.preferred_language) or "",
        r.school_code,
    ]


def _expected(everything: list[RosterEntry], search: str) -> list[tuple[Any, ...]]:
    words = search.casefold().split()
    return sorted(
        (r.student_key, r.link_id)
        for r in everything
        if all(any(w in t.casefold() for t in _shown(r)) for w in words)
    )


@pytest.mark.parametrize("candidates", [roster_repo.CANDIDATES, 0])
def test_search_finds_what_python_finds(
    school: RosterSchool, candidates: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 0: every word is expected in more rows than that, so the tab's order is walked instead.
    monkeypatch.setattr(roster_repo, "CANDIDATES", candidates)
    everything = roster.roster_rows(school.ctx, school.principal, school_code=None)
    assert any(r.link_id is None for r in everything)
    empty = []
    for search in SEARCHES:
        expected = _expected(everything, search)
        if not expected:
            empty.append(search)
        page = roster.roster_page(school.ctx, school.principal, RosterView(search=search))
        assert sorted((r.student_key, r.link_id) for r in page.rows) == expected, search
        assert page.total == len(expected), search
    assert empty == ["rrr", "%", "_x"]  # every other search finds rows


def _candidates(school: RosterSchool, search: str) -> Any:
    query = roster.roster_query(RosterView(search=search), ())
    with school.ctx.uow(readonly=True) as uow:
        ids = [s.id for s in uow.schools.list_all()]
        return uow.roster._candidates(ids, query)


def test_which_words_go_through_the_indexes(school: RosterSchool, runtime: Any) -> None:
    indexed = ["park", "adams", "ben.parent@example", "grandmother", "tlhingan", "xyz", "adams rm"]
    elsewhere = ["quill", "(ms", "1001", "spanish", "rm", "redeemed", "yes"]
    # The same on SQLite, through the FTS5 tables of migration 0021.
    for search in indexed:
        assert _candidates(school, search) is not None, search
    for search in elsewhere:
        assert _candidates(school, search) is None, search


def test_the_indexes_answer_the_candidate_query(runtime: Any) -> None:
    indexes = (
        ("ix_student_roster_trgm", "student", roster_repo.STUDENT_TEXT),
        ("ix_guardian_roster_trgm", "guardian", roster_repo.GUARDIAN_TEXT),
        ("ix_guardian_link_roster_trgm", "guardian_link", roster_repo.RELATIONSHIP_TEXT),
    )
    with runtime.engine.connect() as conn:
        if runtime.engine.dialect.name != "postgresql":
            found = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
            assert not {name for name, _, _ in indexes} & found
            # SQLite (migration 0021): the candidates come from the FTS5 tables' trigram
            # indexes alone (no scan of either table, no link read: the rowid names the
            # student).
            sql = text(f"EXPLAIN QUERY PLAN {roster_repo.SQLITE_CANDIDATES_SQL}")
            plan = "\n".join(r[-1] for r in conn.execute(sql, {"roster_fts": '"garc"'}))
            assert "SCAN roster_student_fts VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN roster_link_fts VIRTUAL TABLE INDEX" in plan, plan
            assert "guardian_link" not in plan and "student" not in plan.replace(
                "roster_student_fts", ""
            ), plan
            return
        # The repository's texts are the indexed expressions, or the planner ignores them.
        conn.exec_driver_sql("SET enable_seqscan = off")
        for name, table, expression in indexes:
            sql = text(f"EXPLAIN SELECT id FROM {table} WHERE {expression} LIKE :p")
            plan = "\n".join(r[0] for r in conn.execute(sql, {"p": "%garc%"}))
            assert f"Bitmap Index Scan on {name}" in plan, plan


def test_the_count_leaves_out_inactive_guardians(school: RosterSchool) -> None:
    # PostgreSQL counts without reading the guardians (migration 0016): a link counts
    # unless its guardian is inactive; a student whose every guardian is inactive is one
    # row with no guardian, as the rows read say.
    before = roster.roster_count(school.ctx, school.principal, RosterView())[0]
    only = school.families["B"].guardian_ids[0]
    one_of_two = school.families["A"].guardian_ids[1]
    with school.ctx.uow() as uow:
        uow.session.execute(
            update(Guardian).where(Guardian.id.in_([only, one_of_two])).values(active=False)
        )
        uow.commit()
    everything = roster.roster_rows(school.ctx, school.principal, school_code=None)
    lone_b = [r for r in everything if r.student_key == school.families["B"].student_id]
    assert [r.link_id for r in lone_b] == [None]
    counted = roster.roster_count(school.ctx, school.principal, RosterView(), everything=True)
    assert counted == (len(everything), len(everything)) == (before - 1, before - 1)


@pytest.mark.parametrize("sort", sorted(roster_repo.STUDENT_SORTS))
def test_pages_from_the_first_candidates_in_order_are_the_pages(
    school: RosterSchool, sort: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In an order of the students' own columns, a page is found among the first candidate
    # students in that order (their number growing until the page is full): pages of two
    # rows, both directions, must be exactly the rows every candidate's rows give, read in
    # one page with that shortcut off (ORDERED_CANDIDATES = 0). "adams grandmother": the
    # first two candidates give one row, so their number grows.
    for search in ("adams", "park", "grandmother", "adams grandmother", "ximena 0142", "park 0"):
        for descending in (False, True):
            view = RosterView(search=search, sort=sort, descending=descending)
            monkeypatch.setattr(roster_repo, "ORDERED_CANDIDATES", 0)
            whole = roster.roster_page(school.ctx, school.principal, view, limit=500).rows
            monkeypatch.setattr(roster_repo, "ORDERED_CANDIDATES", 12_800)
            paged: list[RosterEntry] = []
            while len(paged) <= len(whole):
                page = roster.roster_page(
                    school.ctx, school.principal, view, offset=len(paged), limit=2, count=False
                )
                paged += page.rows
                if len(page.rows) < 2:
                    break
            keys = [(r.student_key, r.link_id) for r in paged]
            assert keys == [(r.student_key, r.link_id) for r in whole], (search, descending)
            assert whole, search


def test_a_short_words_count_reads_the_search_texts(school: RosterSchool, runtime: Any) -> None:
    # A word of 1 or 2 characters has no trigram. On SQLite its count reads the FTS
    # tables' texts with LIKE (migration 0021, one short text per student and per link)
    # and counts only those students' rows, instead of matching every row's columns; not
    # a word also found elsewhere (a staff name, a language name, yes / no). PostgreSQL
    # counts as before. The counts are those of the rows (test_search_finds_what_python_finds).
    from sqlalchemy import event

    with school.ctx.uow(readonly=True) as uow:
        engine = uow.session.get_bind()
    sqlite = engine.dialect.name == "sqlite"
    seen: list[str] = []

    def statement(_c: Any, _cur: Any, sql: str, *_args: Any) -> None:
        seen.append(sql)

    everything = roster.roster_rows(school.ctx, school.principal, school_code=None)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        for search, scanned in (("ad", True), ("ñe", True), ("qu", False), ("ye", False)):
            seen.clear()
            count = roster.roster_count(school.ctx, school.principal, RosterView(search=search))
            assert count == (len(_expected(everything, search)), None), search
            counted = [q for q in seen if "count(" in q.lower()]
            reads = any("roster_student_fts WHERE words LIKE" in q for q in counted)
            assert reads == (sqlite and scanned), search
    finally:
        event.remove(engine, "before_cursor_execute", statement)
