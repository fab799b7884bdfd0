"""The counter searches' answers read from the tables in Python, step by step, as the
repository answered them before each search became one statement (issue 21): the oracle
for tests/integration/test_search_one_statement.py.

Where the database may choose (a step's LIMIT cut between rows of equal sort key, or a
substring step's LIMIT over more matches than the limit: SQL leaves those open), the
oracle raises ``Open`` and the test skips that term.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import text


class Open(Exception):
    """The answer is not determined by the tables alone (see the module's note)."""


def read_tables(rt: Any) -> dict[str, list[Any]]:
    with rt.engine.connect() as conn:

        def rows(sql: str) -> list[Any]:
            return list(conn.execute(text(sql)))

        return {
            "student": rows(
                "SELECT id, school_id, student_number, first_name, last_name, search_name, "
                "search_last, active FROM student"
            ),
            "guardian": rows(
                "SELECT id, search_name, search_last, email_folded, active FROM guardian"
            ),
            "link": rows("SELECT id, student_id, guardian_id, active FROM guardian_link"),
            "phone": rows("SELECT guardian_id, digits FROM guardian_phone"),
        }


def _first(rows: list[Any], key: Callable[[Any], Any], limit: int) -> list[Any]:
    """The first ``limit`` of ``rows`` in ``key`` order (ties by id); ``Open`` when the cut
    falls between rows of equal key."""
    rows = sorted(rows, key=lambda r: (key(r), r.id))
    if len(rows) > limit and key(rows[limit - 1]) == key(rows[limit]):
        raise Open
    return rows[:limit]


def students_by_number(
    t: dict[str, list[Any]], term: str, schools: Sequence[int] | None, limit: int
) -> list[int]:
    """The exact number (by id), else the numbers starting with the term (number order)."""
    act = [s for s in t["student"] if s.active and (schools is None or s.school_id in schools)]
    exact = sorted(s.id for s in act if s.student_number == term)
    if exact:
        if len(exact) > limit:
            raise Open
        return exact
    prefix = [s for s in act if s.student_number.startswith(term)]
    return [s.id for s in _first(prefix, lambda s: s.student_number, limit)]


def students_by_name(
    t: dict[str, list[Any]],
    term: str,
    words: Sequence[str],
    schools: Sequence[int] | None,
    limit: int,
) -> list[int]:
    """Last-name prefix (folded "last first", byte order), then first-name prefix, then (3+
    characters) anywhere in the name (by last, first name), then with two words or more
    every word starting a part of the name, in any order; each student once."""
    act = [s for s in t["student"] if s.active and (schools is None or s.school_id in schools)]
    hits: list[int] = []

    def add(rows: list[Any]) -> None:
        for s in rows:
            if s.id not in hits and len(hits) < limit:
                hits.append(s.id)

    def by_name(rows: list[Any]) -> list[Any]:
        return sorted(rows, key=lambda s: (s.last_name, s.first_name, s.id))

    add(_first([s for s in act if s.search_last.startswith(term)], lambda s: s.search_last, limit))
    if len(hits) < limit:
        found = [s for s in act if s.search_name.startswith(term)]
        add(_first(found, lambda s: s.search_name, limit))
    if len(hits) < limit and len(term) >= 3:
        found = [s for s in act if term in s.search_name]
        if len(found) > limit:
            raise Open
        add(by_name(found))
    if len(words) > 1 and len(hits) < limit:
        found = [s for s in act if all(w in s.search_name for w in words)]
        if len(found) > 4 * limit:
            raise Open

        def starts_every_word(name: str) -> bool:
            return all(any(p.startswith(w) for p in name.split()) for w in words)

        add([s for s in by_name(found) if starts_every_word(s.search_name)][:limit])
    return hits


Steps = list[set[tuple[int, int]]]


def _links(t: dict[str, list[Any]], schools: Sequence[int] | None) -> list[Any]:
    """Active links of active guardians at the schools, each with its guardian."""
    guardians = {g.id: g for g in t["guardian"]}
    school_of = {s.id: s.school_id for s in t["student"]}
    out = []
    for k in t["link"]:
        g = guardians[k.guardian_id]
        if k.active and g.active and (schools is None or school_of[k.student_id] in schools):
            out.append((k, g))
    return out


def guardians_by_name(
    t: dict[str, list[Any]], term: str, schools: Sequence[int] | None, limit: int
) -> Steps:
    """(guardian id, student id) of each step, new ones only: folded "last first" starting
    with the term, then "first last", then (3+ characters) "first last" containing it."""

    class Row:
        def __init__(self, k: Any, g: Any) -> None:
            self.id, self.pair = k.id, (g.id, k.student_id)
            self.search_last, self.search_name = g.search_last, g.search_name

    rows = [Row(k, g) for k, g in _links(t, schools)]
    steps: Steps = []

    def done() -> bool:  # a step runs only while fewer than ``limit`` were found
        return len(set().union(*steps)) >= limit

    for column in ("search_last", "search_name"):
        if not done():
            found = [r for r in rows if getattr(r, column).startswith(term)]
            first = _first(found, lambda r, c=column: getattr(r, c), limit)
            steps.append({r.pair for r in first})
    if len(term) >= 3 and not done():
        found = [r for r in rows if term in r.search_name]
        if len(found) > limit:
            raise Open
        steps.append({r.pair for r in found})
    return _new_only(steps)


def guardians_by_phone(
    t: dict[str, list[Any]], digits: str, schools: Sequence[int] | None
) -> Steps:
    """Ten digits or more: a phone's last ten equal the last ten typed; fewer: a phone
    ends with them."""
    wanted = {
        p.guardian_id
        for p in t["phone"]
        if (p.digits == digits[-10:] if len(digits) >= 10 else p.digits.endswith(digits))
    }
    return [{(g.id, k.student_id) for k, g in _links(t, schools) if g.id in wanted}]


def guardians_by_email(t: dict[str, list[Any]], term: str, schools: Sequence[int] | None) -> Steps:
    return [
        {
            (g.id, k.student_id)
            for k, g in _links(t, schools)
            if g.email_folded is not None and g.email_folded.startswith(term)
        }
    ]


def _new_only(steps: Steps) -> Steps:
    seen: set[tuple[int, int]] = set()
    out = []
    for step in steps:
        out.append(step - seen)
        seen |= step
    return out


def check_steps(got: Sequence[tuple[int, int]], steps: Steps, limit: int) -> None:
    """``got`` (in the search's order) is each step's new hits in turn, up to ``limit``: a
    step cut by the limit gives as many of its hits as fit (which ones is its name order,
    the database's collation)."""
    assert len(set(got)) == len(got), got
    at = 0
    for step in steps:
        take = min(len(step), limit - at)
        part = set(got[at : at + take])
        assert len(part) == take and part <= step, (got, steps)
        at += take
    assert at == len(got), (got, steps)
