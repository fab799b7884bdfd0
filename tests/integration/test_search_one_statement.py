"""Each counter search is ONE statement (issue 21, point 2): Find a student by number, by
name, by name parts in any order, and parent search by name, phone or email send one
query however many steps the search has ("last name starts with", "first name starts
with", "anywhere in the name", "every word in any order"), and return what the steps
returned one query each before: checked against a step-by-step reading of the tables in
Python (tests/support/search_oracle.py) on both engines, for one school, a few schools,
more schools than SQLite reads by school range, and the whole district, with the limit of
the desk (50) and a small one that cuts the steps. On PostgreSQL with a personal login the
one statement goes through the ``ppdesk_api`` views, and row-level security still
decides which rows it sees.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text

from bench._district import PASSWORD, build_district
from ppdesk.adapters.db.repos.people import FEW_SCHOOLS
from ppdesk.domain.text import digits_only, fold
from ppdesk.services import lookup
from ppdesk.services.auth import PasswordAuthenticator
from tests.support import search_oracle as oracle
from tests.support.family import make_family

LIMITS = (lookup.MAX_RESULTS, 6)


@pytest.fixture
def district(runtime: Any) -> dict[str, Any]:
    data = build_district(runtime.ctx, students=1500, schools=FEW_SCHOOLS + 2, log=lambda *_: None)
    code = "1000"  # build_district's first school
    # Name parts in any order, and words inside other names that start no part.
    make_family(runtime.ctx, school_code=code, first="Valentina", last="Morales")
    make_family(runtime.ctx, school_code=code, first="Duval", last="Amoros")
    make_family(runtime.ctx, school_code="1001", first="Valeria", last="Morales Santos")
    # A student number that is the start of others: the exact one alone.
    short = data["numbers"][0][:6]
    make_family(runtime.ctx, school_code=code, student_number=short)
    data["short_number"] = short
    with runtime.engine.begin() as conn:  # some rows no search may return
        conn.execute(text("UPDATE student SET active = false WHERE id % 17 = 3"))
        conn.execute(text("UPDATE guardian SET active = false WHERE id % 19 = 5"))
        conn.execute(text("UPDATE guardian_link SET active = false WHERE id % 23 = 7"))
    return data


def _scopes(data: dict[str, Any]) -> list[list[int] | None]:
    ids = data["school_ids"]
    return [None, ids[:1], ids[1:4], ids[: FEW_SCHOOLS + 1]]


def _name_terms(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(term, words) as the service passes them: prefixes, inner parts, both names in
    either order with or without a comma."""
    raw = {"val mor", "Morales, Val", "mor val", "va mo", "valentina morales", "amoros du"}
    for first, last in data["names"][::97]:
        f, la = fold(first), fold(last)
        raw.update({la[:3], la[:5], f[:4], la[1:4], la[2:6], f[-3:], la[:2]})
        raw.update({f"{f[:3]} {la[:3]}", f"{la}, {f[:2]}", f"{la[:4]} {f}"})
    out = []
    for term in sorted(raw):
        words = fold(term.replace(",", " ")).split()
        if words:
            out.append((" ".join(words), words if len(words) > 1 else []))
    return out


def _number_terms(data: dict[str, Any]) -> list[str]:
    numbers = data["numbers"][::131]
    return sorted(
        {data["short_number"], "0", "00", *numbers, *(n[:4] for n in numbers), "99999999"}
    )


@contextmanager
def _statements(rt: Any) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    event.listen(rt.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(rt.engine, "before_cursor_execute", record)


def test_every_search_sends_one_statement(runtime, district) -> None:
    """Whatever its steps, a search is one statement: the repository's calls, and in the
    services one statement that reads students or guardians (beside the reads of the
    user's grants that give the scope)."""
    s0 = district["school_ids"][0]
    phone = digits_only(_phones(runtime)[0])
    calls = [
        lambda p, sc: p.search_students_by_number(district["numbers"][0], sc, None, 50),
        lambda p, sc: p.search_students_by_number(district["short_number"][:3], sc, None, 50),
        lambda p, sc: p.search_students_by_name("zzzq", sc, None, 50, words=["zz", "zq"]),
        lambda p, sc: p.search_students_by_name("val mor", sc, None, 50, words=["val", "mor"]),
        lambda p, sc: p.search_guardians_by_name("zzzq", sc, 50),
        lambda p, sc: p.search_guardians_by_name("ar", sc, 50),
        lambda p, sc: p.search_guardians_by_phone(phone[-4:], sc, 50),
        lambda p, sc: p.search_guardians_by_email("g1", sc, 50),
    ]
    for scope in _scopes(district):
        for call in calls:
            with runtime.ctx.uow(readonly=True) as uow:
                uow.schools.local_districts()  # the transaction has begun
                with _statements(runtime) as seen:
                    call(uow.people, scope)
            assert len(seen) == 1, seen
    office = PasswordAuthenticator(runtime.ctx).login("office_staff", PASSWORD)
    admin = PasswordAuthenticator(runtime.ctx).login("district_admin", PASSWORD)
    for session in (office, admin):
        for search, term in [
            (lookup.find_students, district["short_number"]),
            (lookup.find_students, "000"),
            (lookup.find_students, "Morales, Val"),
            (lookup.find_students, "orale"),
            (lookup.parent_search, "Núñez"),
            (lookup.parent_search, "maria nu"),
            (lookup.parent_search, phone),
            (lookup.parent_search, "G12@example.org"),
        ]:
            with _statements(runtime) as seen:
                search(runtime.ctx, session, term)
            people = [s for s in seen if "student" in s or "guardian" in s]
            assert len(people) == 1, (term, people)
    assert s0


def _phones(rt: Any) -> list[str]:
    with rt.engine.connect() as conn:
        return list(
            conn.execute(text("SELECT cell_phone FROM guardian WHERE cell_phone IS NOT NULL"))
            .scalars()
            .all()[::150]
        )


def test_student_searches_return_what_the_steps_did(runtime, district) -> None:
    t = oracle.read_tables(runtime)
    compared = cut = 0
    for scope in _scopes(district):
        for limit in LIMITS:
            with runtime.ctx.uow(readonly=True) as uow:
                people = uow.people
                for number in _number_terms(district):
                    want = oracle.students_by_number(t, number, scope, limit)
                    got = people.search_students_by_number(number, scope, None, limit)
                    assert [h.student_id for h in got] == want, (number, scope, limit)
                    compared += 1
                for term, words in _name_terms(district):
                    try:
                        want = oracle.students_by_name(t, term, words, scope, limit)
                    except oracle.Open:
                        continue
                    got = people.search_students_by_name(term, scope, None, limit, words=words)
                    assert [h.student_id for h in got] == want, (term, words, scope, limit)
                    compared += 1
                    cut += len(want) == limit
    assert compared >= 400 and cut >= 40, (compared, cut)


def test_parent_searches_return_what_the_steps_did(runtime, district) -> None:
    t = oracle.read_tables(runtime)
    phones = [digits_only(p) for p in _phones(runtime)]
    compared = cut = 0
    for scope in _scopes(district):
        for limit in LIMITS:
            with runtime.ctx.uow(readonly=True) as uow:
                people = uow.people
                for term, _ in _name_terms(district):
                    try:
                        steps = oracle.guardians_by_name(t, term, scope, limit)
                    except oracle.Open:
                        continue
                    got = people.search_guardians_by_name(term, scope, limit)
                    pairs = [(h.guardian.id, h.student.id) for h in got]
                    oracle.check_steps(pairs, steps, limit)
                    compared += 1
                    cut += len(pairs) == limit
                for digits in [*phones, *(p[-4:] for p in phones), *(p[-7:] for p in phones)]:
                    got = people.search_guardians_by_phone(digits, scope, limit)
                    steps = oracle.guardians_by_phone(t, digits, scope)
                    oracle.check_steps([(h.guardian.id, h.student.id) for h in got], steps, limit)
                    compared += 1
                for email in ("g1", "g12@example.org", "g3", "nobody@"):
                    got = people.search_guardians_by_email(email, scope, limit)
                    steps = oracle.guardians_by_email(t, email, scope)
                    oracle.check_steps([(h.guardian.id, h.student.id) for h in got], steps, limit)
                    compared += 1
    assert compared >= 400 and cut >= 20, (compared, cut)


def test_the_desk_searches_return_what_the_steps_did(runtime, district) -> None:
    """Through the services as the desk calls them: an office (one school) and a district
    administrator (every school)."""
    t = oracle.read_tables(runtime)
    limit = lookup.MAX_RESULTS
    sessions = {
        "office_staff": district["school_ids"][:1],
        "district_admin": None,
    }
    compared = 0
    for username, scope in sessions.items():
        session = PasswordAuthenticator(runtime.ctx).login(username, PASSWORD)
        for number in _number_terms(district):
            got = lookup.find_students(runtime.ctx, session, number)
            want = oracle.students_by_number(t, number, scope, limit)
            assert [h.student_id for h in got] == want, number
        for typed in ("Morales, Val", "VAL MOR", "Amoros Du", "núñez jo", "Valentina"):
            words = fold(typed.replace(",", " ")).split()
            want = oracle.students_by_name(
                t, " ".join(words), words if len(words) > 1 else [], scope, limit
            )
            got = lookup.find_students(runtime.ctx, session, typed)
            assert [h.student_id for h in got] == want, typed
            compared += 1
        for term, _ in _name_terms(district):
            try:
                steps = oracle.guardians_by_name(t, term, scope, limit)
            except oracle.Open:
                continue
            got = lookup.parent_search(runtime.ctx, session, term)
            oracle.check_steps([(h.guardian_id, h.student_id) for h in got], steps, limit)
            compared += 1
    assert compared >= 40, compared
    # The Morales and Amoros students are found by their parts in any order only.
    office = PasswordAuthenticator(runtime.ctx).login("office_staff", PASSWORD)
    assert [h.name for h in lookup.find_students(runtime.ctx, office, "mor val")] == [
        "Valentina Morales"
    ]


# -- as the person, through the views (PostgreSQL) -------------------------------------------


@pytest.fixture
def roles_district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    from tests.support.pg_roles import district_database

    with district_database(pg_databases) as d:
        yield d


@pytest.mark.postgres
def test_as_the_person_the_one_statement_reads_the_views_under_row_security(
    roles_district: dict,
) -> None:
    """Maple's office clerk signed in with a personal login: the one-statement searches
    find Maple's family and what the workstation's connection finds for the same clerk,
    and the repository's district-wide statement (no school filter of the desk's own)
    still sees only Maple's rows: the database's row-level security, not the desk,
    decides."""
    from ppdesk.adapters.db.person import PgPersonConnector
    from ppdesk.adapters.db.person_uow import PersonUnitOfWorkFactory
    from ppdesk.services.person_auth import authenticator_for
    from tests.support.seed import login

    d = roles_district
    workstation = d["ctx"]
    name = d["names"]["office"]
    ctx = copy.copy(workstation)
    ctx.person_connector = PgPersonConnector(d["db"].url)
    person = authenticator_for(ctx).login(name, "")
    assert isinstance(ctx.uow, PersonUnitOfWorkFactory)
    same_clerk = login(workstation, name)
    maple, oak = d["maple_family"], d["oak_family"]
    maple_students = {maple.student_id, d["homeroom_family"].student_id}

    seen: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    event.listen(ctx.uow.engine, "before_cursor_execute", record)
    try:
        for term in ("nunez", "núñez jo", "jose nu", "unez", "ose n", maple.student_number[:4]):
            seen.clear()
            got = lookup.find_students(ctx, person, term)
            assert [s for s in seen if "student" in s].__len__() == 1, seen
            assert {h.student_id for h in got} == maple_students, term
            want = lookup.find_students(workstation, same_clerk, term)
            assert [h.student_id for h in got] == [h.student_id for h in want], term
        for term in ("maria", "núñez", "unez", "carlos nu", "(323) 555", "@students", "rosa"):
            got = lookup.parent_search(ctx, person, term)
            want = lookup.parent_search(workstation, same_clerk, term)
            assert [(h.guardian_id, h.student_id) for h in got] == [
                (h.guardian_id, h.student_id) for h in want
            ], term
            assert {h.student_id for h in got} <= maple_students, term
        assert lookup.parent_search(ctx, person, "maria")  # Maple's parents are found
    finally:
        event.remove(ctx.uow.engine, "before_cursor_execute", record)
    # No school filter in the statement: the views and their row security keep Oak out.
    with ctx.uow(readonly=True) as uow:
        students = uow.people.search_students_by_name("nunez", None, None, 50, words=())
        parents = uow.people.search_guardians_by_name("nunez", None, 50)
    with workstation.uow(readonly=True) as uow:
        everyone = uow.people.search_students_by_name("nunez", None, None, 50, words=())
    assert oak.student_id in {h.student_id for h in everyone}
    assert {h.student_id for h in students} == maple_students
    assert parents and {h.student.id for h in parents} <= maple_students
