"""Students, guardians, links and emergency contacts: reads, search and bulk loads."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    CompoundSelect,
    Executable,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    union,
    union_all,
    update,
)
from sqlalchemy import (
    table as sql_table,
)
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import (
    EmergencyContact,
    Guardian,
    GuardianLink,
    GuardianPhone,
    ParentPin,
    School,
    Student,
)
from ppdesk.adapters.db.prebuilt import limit_param, prebuilt
from ppdesk.services.records import (
    EmergencyContactRow,
    GuardianHit,
    GuardianRow,
    LinkRow,
    StudentHit,
    StudentRow,
)

HIGH = "\uffff"  # upper bound for prefix ranges on folded text
# Up to this many schools, SQLite answers a scoped substring search from the schools'
# rowid ranges of the school-keyed FTS5 tables (migration 0017) instead of the
# district-wide FTS5 table.
FEW_SCHOOLS = 8
# The school-keyed FTS5 tables' rowid: school_id * SCHOOL_SHIFT + row id (migration 0017).
SCHOOL_SHIFT = 1 << 32
# How a substring condition is answered: LIKE (PostgreSQL: the trigram indexes), the
# district-wide FTS5 table, or the school-keyed FTS5 table's ranges (SQLite).
LIKE, FTS, SCHOOL_FTS = "like", "fts", "school fts"
# An FTS5 phrase that matches no row (the empty phrase), found without reading an index.
NO_PHRASE = '""'

_STUDENT = Student.__table__
_GUARDIAN = Guardian.__table__
_LINK = GuardianLink.__table__
_PHONE = GuardianPhone.__table__
_PIN = ParentPin.__table__
_SCHOOL = School.__table__
# The table columns of each record's fields, in the record's order: a row of them is the
# record's arguments.
_STUDENT_COLUMNS = tuple(_STUDENT.c[f.name] for f in fields(StudentRow))
_GUARDIAN_COLUMNS = tuple(_GUARDIAN.c[f.name] for f in fields(GuardianRow))
_LINK_COLUMNS = tuple(_LINK.c[f.name] for f in fields(LinkRow))
# Positions in a row of ``_STUDENT_COLUMNS``, found once by identity (``tuple.index``
# compares columns with ``==``, which builds a SQL expression per column on every call).
_STUDENT_AT = {c.name: i for i, c in enumerate(_STUDENT_COLUMNS)}
_N_STUDENT, _N_GUARDIAN, _N_LINK = (
    len(_STUDENT_COLUMNS),
    len(_GUARDIAN_COLUMNS),
    len(_LINK_COLUMNS),
)


def student_row(s: Student) -> StudentRow:
    return StudentRow(
        id=s.id,
        school_id=s.school_id,
        student_number=s.student_number,
        first_name=s.first_name,
        last_name=s.last_name,
        dob=s.dob,
        grade=s.grade,
        homeroom=s.homeroom,
        homeroom_teacher_id=s.homeroom_teacher_id,
        address=s.address,
        zip_code=s.zip_code,
        phone=s.phone,
        student_email=s.student_email,
        home_language=s.home_language,
        active=s.active,
    )


def guardian_row(g: Guardian) -> GuardianRow:
    return GuardianRow(
        id=g.id,
        first_name=g.first_name,
        last_name=g.last_name,
        email=g.email,
        home_phone=g.home_phone,
        work_phone=g.work_phone,
        cell_phone=g.cell_phone,
        preferred_language=g.preferred_language,
        contact_preference=g.contact_preference,
        registered_portal_email=g.registered_portal_email,
        verification_locked_at=g.verification_locked_at,
        verification_unlocked_at=g.verification_unlocked_at,
        active=g.active,
    )


def link_row(link: GuardianLink) -> LinkRow:
    return LinkRow(
        id=link.id,
        student_id=link.student_id,
        guardian_id=link.guardian_id,
        relationship=link.relationship,
        verified_legal_guardian=link.verified_legal_guardian,
        verified_by=link.verified_by,
        verified_at=link.verified_at,
        verified_source=link.verified_source,
        active=link.active,
    )


class SqlPeopleRepository:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.pg = session.get_bind().dialect.name == "postgresql"

    # -- single records ----------------------------------------------------------------
    def student(self, student_id: int) -> StudentRow | None:
        row = self.s.execute(
            prebuilt(
                ("people", "student"),
                lambda: select(*_STUDENT_COLUMNS).where(_STUDENT.c.id == bindparam("id")),
            ),
            {"id": student_id},
        ).first()
        return StudentRow(*row) if row else None

    def student_by_number(self, number: str) -> StudentRow | None:
        row = self.s.scalars(select(Student).where(Student.student_number == number)).first()
        return student_row(row) if row else None

    def guardian(self, guardian_id: int) -> GuardianRow | None:
        row = self.s.get(Guardian, guardian_id)
        return guardian_row(row) if row else None

    def link(self, link_id: int) -> LinkRow | None:
        row = self.s.get(GuardianLink, link_id)
        return link_row(row) if row else None

    def link_and_student(self, link_id: int) -> tuple[LinkRow, StudentRow | None] | None:
        """The link and its student in one statement (every PIN action starts with them)."""
        row = self.s.execute(
            prebuilt(
                ("people", "link and student"),
                lambda: (
                    select(*_LINK_COLUMNS, *_STUDENT_COLUMNS)
                    .select_from(_LINK)
                    .outerjoin(_STUDENT, _STUDENT.c.id == _LINK.c.student_id)
                    .where(_LINK.c.id == bindparam("id"))
                ),
            ),
            {"id": link_id},
        ).first()
        if row is None:
            return None
        student = StudentRow(*row[_N_LINK:]) if row[_N_LINK] is not None else None
        return LinkRow(*row[:_N_LINK]), student

    def links_of_student(self, student_id: int) -> list[tuple[LinkRow, GuardianRow]]:
        rows = self.s.execute(
            prebuilt(
                ("people", "links of student"),
                lambda: (
                    select(*_LINK_COLUMNS, *_GUARDIAN_COLUMNS)
                    .join(_GUARDIAN, _GUARDIAN.c.id == _LINK.c.guardian_id)
                    .where(_LINK.c.student_id == bindparam("id"), _LINK.c.active.is_(True))
                    .order_by(_LINK.c.id)
                ),
            ),
            {"id": student_id},
        )
        return [(LinkRow(*r[:_N_LINK]), GuardianRow(*r[_N_LINK:])) for r in rows]

    def links_of_guardian(self, guardian_id: int) -> list[LinkRow]:
        rows = self.s.scalars(
            select(GuardianLink)
            .where(GuardianLink.guardian_id == guardian_id, GuardianLink.active.is_(True))
            .order_by(GuardianLink.id)
        )
        return [link_row(r) for r in rows]

    def verified_links_of_school(self, school_id: int) -> list[LinkRow]:
        rows = self.s.scalars(
            select(GuardianLink)
            .join(Student, Student.id == GuardianLink.student_id)
            .where(
                Student.school_id == school_id,
                GuardianLink.active.is_(True),
                GuardianLink.verified_legal_guardian.is_(True),
            )
            .order_by(GuardianLink.id)
        )
        return [link_row(r) for r in rows]

    def emergency_contacts(self, student_id: int) -> list[EmergencyContactRow]:
        contact = EmergencyContact.__table__
        rows = self.s.execute(
            prebuilt(
                ("people", "emergency contacts"),
                lambda: (
                    select(
                        contact.c.id,
                        contact.c.student_id,
                        contact.c.name,
                        contact.c.phone,
                        contact.c.relationship,
                        contact.c.updated_at,
                    )
                    .where(contact.c.student_id == bindparam("id"))
                    .order_by(contact.c.id)
                ),
            ),
            {"id": student_id},
        )
        return [EmergencyContactRow(*r) for r in rows]

    def lock_guardian(self, guardian_id: int, at: datetime) -> None:
        self.s.execute(
            update(Guardian).where(Guardian.id == guardian_id).values(verification_locked_at=at)
        )

    def unlock_guardian(self, guardian_id: int, at: datetime) -> None:
        self.s.execute(
            update(Guardian)
            .where(Guardian.id == guardian_id)
            .values(verification_locked_at=None, verification_unlocked_at=at)
        )

    def set_registered_email(self, guardian_id: int, email: str) -> None:
        self.s.execute(
            update(Guardian).where(Guardian.id == guardian_id).values(registered_portal_email=email)
        )

    def set_legal_guardian(
        self, link_id: int, *, verified: bool, by: str, at: datetime, source: str
    ) -> None:
        self.s.execute(
            update(GuardianLink)
            .where(GuardianLink.id == link_id)
            .values(
                verified_legal_guardian=verified,
                verified_by=by,
                verified_at=at,
                verified_source=source,
            )
        )

    # -- search ------------------------------------------------------------------------
    # Every search statement is built once per shape (engine, scope, steps) with bound
    # parameters and kept (``_statement``): building a select and its cache key costs more
    # than the indexed query it sends, so the counter's searches only bind values to a
    # prebuilt statement that SQLAlchemy's compiled cache already knows. Rows are read as
    # plain tuples into the records, without ORM objects.
    #
    # A search is ONE statement whatever its steps (a round trip per step cost more than
    # the indexed query): each step ("last name starts with", "first name starts with",
    # "anywhere in the name", ...) is a common table expression that walks its own index
    # and stops at ``:lim``, as its own query did, and a later step runs only when the
    # earlier ones found fewer than ``:lim`` (``_fewer_than_limit``: a constant condition,
    # so the engine skips the step's scan). The rows come back tagged with their step; the
    # repository keeps each row once, in step order, up to the limit.
    def _run(self, shape: Hashable, build: Callable[[], Executable], **params: Any) -> list[Any]:
        """The rows of the ``shape`` statement, fetched at once (a row at a time through
        the result costs a search more Python time than its statement on SQLite)."""
        return list(self.s.execute(prebuilt(("people", self.pg, shape), build), params).all())

    def _c(self, column: Any) -> Any:
        """Byte-order comparison, so prefix ranges use the "C" indexes on PostgreSQL."""
        return column.collate("C") if self.pg else column

    def _prefix(self, column: Any) -> ColumnElement[bool]:
        """``column`` starts with the bound ``:lo`` (``:hi`` is ``:lo`` + HIGH)."""
        col = self._c(column)
        return and_(col >= bindparam("lo"), col < bindparam("hi"))

    @staticmethod
    def _prefix_params(term: str) -> dict[str, str]:
        return {"lo": term, "hi": term + HIGH}

    @staticmethod
    def _contains(column: Any, name: str = "pat") -> ColumnElement[bool]:
        """``column`` has the bound ``:pat`` (a ``_pattern``) anywhere."""
        found: ColumnElement[bool] = column.like(bindparam(name), escape="\\")
        return found

    @staticmethod
    def _pattern(term: str) -> str:
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    @staticmethod
    def _fts(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    @staticmethod
    def _few_schools(school_ids: Sequence[int] | None) -> bool:
        """A scope small enough that reading its schools' ranges of the school-keyed FTS5
        tables beats the district-wide one (SQLite)."""
        return school_ids is not None and 0 < len(school_ids) <= FEW_SCHOOLS

    def _substring_mode(self, school_ids: Sequence[int] | None) -> str:
        """PostgreSQL: LIKE, which the trigram index answers (keyed by school when the
        scope has one, migration 0007). SQLite with a few schools: their rowid ranges of
        the school-keyed FTS5 table (migration 0017); otherwise the district-wide one."""
        if self.pg:
            return LIKE
        return SCHOOL_FTS if self._few_schools(school_ids) else FTS

    def _substring(
        self,
        table: str,
        id_column: Any,
        name_column: Any,
        mode: str,
        name: str = "pat",
        schools: int = 0,
        guard: ColumnElement[bool] | None = None,
    ) -> ColumnElement[bool]:
        """The substring condition with the bound ``:<name>`` (``_substring_params``): a
        ``_pattern`` for LIKE, or an ``_fts`` phrase for an FTS5 table. ``SCHOOL_FTS``
        reads ``schools`` rowid ranges, one a school, each bound as ``:<name>_lo<i>`` and
        ``:<name>_hi<i>``. ``guard``: the step's condition, tested before the FTS5 scan."""
        if mode == LIKE:
            return self._contains(name_column, name)
        fts = f"{table}_fts" if mode == FTS else f"{table}_school_fts"
        # The guard decides the phrase too: FTS5 finds a phrase's rows before SQLite tests
        # any other condition (about a millisecond for a common one on a district-sized
        # table, more than the whole search when an earlier step already found enough);
        # the empty phrase finds none at once.
        phrase: Any = bindparam(name)
        if guard is not None:
            phrase = case((guard, phrase), else_=literal_column(f"'{NO_PHRASE}'"))
        match = literal_column(fts).op("MATCH")(phrase)
        if mode == FTS:
            parts: list[Any] = [select(literal_column("rowid")).where(match)]
        else:
            parts = [
                select(literal_column(f"rowid % {SCHOOL_SHIFT}")).where(
                    match, text(f"rowid BETWEEN :{name}_lo{i} AND :{name}_hi{i}")
                )
                for i in range(schools)
            ]
        # The step's guard inside the FTS5 query too: SQLite builds the IN list before
        # it tests a constant condition of the outer query.
        parts = [p.select_from(sql_table(fts)) for p in parts]
        if guard is not None:
            parts = [p.where(guard) for p in parts]
        sub: Any = parts[0] if len(parts) == 1 else union_all(*parts)
        found: ColumnElement[bool] = id_column.in_(sub)
        return found

    def _substring_params(
        self, term: str, mode: str, school_ids: Sequence[int] | None, name: str = "pat"
    ) -> dict[str, Any]:
        if mode == LIKE:
            return {name: self._pattern(term)}
        params: dict[str, Any] = {name: self._fts(term)}
        if mode == SCHOOL_FTS:
            for i, school in enumerate(school_ids or ()):
                params[f"{name}_lo{i}"] = school * SCHOOL_SHIFT
                params[f"{name}_hi{i}"] = school * SCHOOL_SHIFT + SCHOOL_SHIFT - 1
        return params

    @staticmethod
    def _scope_params(
        school_ids: Sequence[int] | None, teacher_id: int | None = None
    ) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if school_ids is not None:
            params["schools"] = list(school_ids)
        if teacher_id is not None:
            params["teacher"] = teacher_id
        return params

    @staticmethod
    def _fewer_than_limit(done: Sequence[CTE]) -> ColumnElement[bool]:
        """The earlier steps ``done`` found fewer than ``:lim`` distinct rows (by ``id``):
        only then did the step-by-step search run the next step. No column of the step's
        own tables in it, so both engines evaluate it once, before the step's scan, and
        skip the scan when it is false."""
        if len(done) == 1:
            found = select(func.count()).select_from(done[0])
        else:
            ids = union(*(select(c.c.id) for c in done)).subquery()
            found = select(func.count()).select_from(ids)
        less: ColumnElement[bool] = found.scalar_subquery() < bindparam("lim", type_=Integer)
        return less

    @staticmethod
    def _steps(
        steps: Sequence[tuple[str, Any, Callable[[Sequence[CTE]], Any] | None]],
    ) -> CompoundSelect[Any]:
        """The rows of every step, each tagged with its number (0, 1, ...) in a first
        ``step`` column: ``steps`` are (name, select with an ``id`` column, guard), the
        guard built from the earlier steps' CTEs (None: the step always runs); the select
        may be a function of the guard (for a step that also tests it inside)."""
        done: list[CTE] = []
        for name, make, guard in steps:
            condition = guard(list(done)) if guard is not None else None
            q = make(condition) if callable(make) else make
            if condition is not None:
                q = q.where(condition)
            done.append(q.cte(name))
        return union_all(
            *(select(literal_column(str(i)).label("step"), *c.c) for i, c in enumerate(done))
        )

    @staticmethod
    def _scoped_students(scoped: bool, teacher: bool) -> Select[Any]:
        """Active students with their folded names; ``:schools`` and ``:teacher`` bound."""
        q = select(*_STUDENT_COLUMNS, _STUDENT.c.search_last, _STUDENT.c.search_name)
        if scoped:
            q = q.where(_STUDENT.c.school_id.in_(bindparam("schools", expanding=True)))
        if teacher:
            q = q.where(_STUDENT.c.homeroom_teacher_id == bindparam("teacher"))
        return q.where(_STUDENT.c.active.is_(True))

    def _students_at_schools(self, steps: CompoundSelect[Any]) -> Select[Any]:
        """The steps' students with their school's code, joined once after the steps (a
        join in every step cost PostgreSQL more planning than the steps' execution)."""
        hits = steps.subquery("hits")
        return select(*hits.c, _SCHOOL.c.code).join(_SCHOOL, _SCHOOL.c.id == hits.c.school_id)

    # A row of ``_students_at_schools``: step, the student's fields, search_last,
    # search_name, the school's code.
    _S_LAST, _S_NAME, _S_CODE = _N_STUDENT + 1, _N_STUDENT + 2, _N_STUDENT + 3

    @classmethod
    def _student_hits(cls, rows: Iterable[Any]) -> list[StudentHit]:
        return [StudentHit(StudentRow(*r[1 : _N_STUDENT + 1]), r[cls._S_CODE]) for r in rows]

    @staticmethod
    def _first_each(rows: Iterable[Any], key: Callable[[Any], Hashable], limit: int) -> list[Any]:
        """``rows`` (in step order) with each ``key`` once, the first ``limit``."""
        out: list[Any] = []
        seen: set[Hashable] = set()
        for r in rows:
            k = key(r)
            if k not in seen:
                seen.add(k)
                out.append(r)
                if len(out) >= limit:
                    break
        return out

    def search_students_by_number(
        self, term: str, school_ids: Sequence[int] | None, teacher_id: int | None, limit: int
    ) -> list[StudentHit]:
        """The students with this exact number; if none, those whose number starts with
        it, in number order. One statement: the prefix step runs only when the exact one
        found nothing."""
        scoped, teacher = school_ids is not None, teacher_id is not None

        def build() -> Executable:
            exact = (
                self._scoped_students(scoped, teacher)
                .where(_STUDENT.c.student_number == bindparam("term"))
                .limit(limit_param())
            )
            prefix = (
                self._scoped_students(scoped, teacher)
                .where(self._prefix(_STUDENT.c.student_number))
                .order_by(self._c(_STUDENT.c.student_number))
                .limit(limit_param())
            )

            def none_exact(done: Sequence[CTE]) -> ColumnElement[bool]:
                return ~exists(select(done[0].c.id))

            return self._students_at_schools(
                self._steps([("number_exact", exact, None), ("number_prefix", prefix, none_exact)])
            )

        rows = self._run(
            ("student number", scoped, teacher),
            build,
            term=term,
            lim=limit,
            **self._prefix_params(term),
            **self._scope_params(school_ids, teacher_id),
        )
        n = 1 + _STUDENT_AT["student_number"]
        rows.sort(key=lambda r: (r[0], r[n] if r[0] else "", r[1]))
        return self._student_hits(rows)

    def search_students_by_name(
        self,
        term: str,
        school_ids: Sequence[int] | None,
        teacher_id: int | None,
        limit: int,
        *,
        words: Sequence[str] = (),
    ) -> list[StudentHit]:
        """Last-name prefix, then first-name prefix, then (3 characters or more) anywhere
        in the name; then, given two ``words`` or more (folded), the students whose name
        has every word, in any order, each as the start of one of its name parts ("val
        mor" and "morales val" find Val Morales). Each student once, the first ``limit``.

        One statement (see ``_steps``): each step walks one index in order and stops at
        ``limit``, so a common prefix ("gar") stays fast on a district-sized table.
        """
        scoped, teacher = school_ids is not None, teacher_id is not None
        mode = self._substring_mode(school_ids)
        n = len(school_ids or ()) if mode == SCHOOL_FTS else 0
        substring = len(term) >= 3
        # Words of 3+ letters use the substring index; shorter ones a plain LIKE.
        kinds = tuple(mode if len(w) >= 3 else LIKE for w in words) if len(words) > 1 else ()
        words_step = 2 + substring  # the steps: last, first, [substring], [words]
        params: dict[str, Any] = {}
        if substring:
            params.update(self._substring_params(term, mode, school_ids))
        for i, (w, kind) in enumerate(zip(words, kinds, strict=False)):
            params.update(self._substring_params(w, kind, school_ids, f"w{i}"))

        def build() -> Executable:
            steps: list[tuple[str, Any, Any]] = [
                (
                    f"student_{column.name}",
                    self._scoped_students(scoped, teacher)
                    .where(self._prefix(column))
                    .order_by(self._c(column))
                    .limit(limit_param()),
                    self._fewer_than_limit if i else None,
                )
                for i, column in enumerate((_STUDENT.c.search_last, _STUDENT.c.search_name))
            ]
            # The school-keyed FTS5 ranges are the scope: a school_id condition beside them
            # would let SQLite read the school's whole index range instead of the hits.
            if substring:

                def substring_step(guard: Any) -> Select[Any]:
                    found = self._substring(
                        "student",
                        _STUDENT.c.id,
                        _STUDENT.c.search_name,
                        mode,
                        schools=n,
                        guard=guard,
                    )
                    q = self._scoped_students(scoped and mode != SCHOOL_FTS, teacher)
                    return q.where(found).limit(limit_param())

                steps.append(("student_substring", substring_step, self._fewer_than_limit))
            if kinds:

                def words_step(guard: Any) -> Select[Any]:
                    q = self._scoped_students(scoped and SCHOOL_FTS not in kinds, teacher)
                    for i, kind in enumerate(kinds):
                        q = q.where(
                            self._substring(
                                "student",
                                _STUDENT.c.id,
                                _STUDENT.c.search_name,
                                kind,
                                f"w{i}",
                                n,
                                guard,
                            )
                        )
                    return q.limit(bindparam("wlim", type_=Integer))

                steps.append(("student_words", words_step, self._fewer_than_limit))
            return self._students_at_schools(self._steps(steps))

        rows = self._run(
            ("student name", mode, n, substring, kinds, scoped, teacher),
            build,
            lim=limit,
            wlim=limit * 4,
            **self._prefix_params(term),
            **params,
            **self._scope_params(school_ids, teacher_id),
        )
        last = 1 + _STUDENT_AT["last_name"]
        first = 1 + _STUDENT_AT["first_name"]
        search_last, search_name = self._S_LAST, self._S_NAME

        def order(r: Any) -> tuple[Any, ...]:
            """Prefix steps in the order of their index (byte order, ties by id); the
            substring and words steps by name."""
            if r[0] < 2:
                return (r[0], r[search_name if r[0] else search_last], "", r[1])
            return (r[0], r[last], r[first], r[1])

        def starts_every_word(name: str) -> bool:
            parts = name.split()
            return all(any(part.startswith(w) for part in parts) for w in words)

        rows.sort(key=order)
        by_words = [r for r in rows if r[0] == words_step and starts_every_word(r[search_name])]
        rows = [r for r in rows if r[0] < words_step] + by_words[:limit]
        return self._student_hits(self._first_each(rows, lambda r: r[1], limit))

    _NAME_ORDER = (_GUARDIAN.c.last_name, _GUARDIAN.c.first_name, _GUARDIAN.c.id, _STUDENT.c.id)

    @staticmethod
    def _guardian_select(start: Any, scoped: bool, *first: Any) -> Select[Any]:
        """``first`` columns, then the guardian, link and student columns and the link's
        latest PIN, from ``start`` (the guardian table, or a subquery of link ``id``s)
        joined to the link, guardian, student and PIN: the active links of active
        guardians, of the students of ``:schools`` when ``scoped``."""
        # Each hit's latest PIN, looked up per link through ix_parent_pin_link_id: a
        # grouped subquery over parent_pin would read the whole table on every search.
        latest_pin = (
            select(func.max(_PIN.c.id))
            .where(_PIN.c.link_id == _LINK.c.id)
            .correlate(_LINK)
            .scalar_subquery()
        )
        if start is _GUARDIAN:
            j = _GUARDIAN.join(_LINK, _LINK.c.guardian_id == _GUARDIAN.c.id)
        else:
            j = start.join(_LINK, _LINK.c.id == start.c.id).join(
                _GUARDIAN, _GUARDIAN.c.id == _LINK.c.guardian_id
            )
        j = j.join(_STUDENT, _STUDENT.c.id == _LINK.c.student_id).outerjoin(
            _PIN, _PIN.c.id == latest_pin
        )
        q = (
            select(
                *first,
                *_GUARDIAN_COLUMNS,
                *_LINK_COLUMNS,
                *_STUDENT_COLUMNS,
                _PIN.c.status,
                _PIN.c.expires_at,
            )
            .select_from(j)
            .where(_LINK.c.active.is_(True), _GUARDIAN.c.active.is_(True))
        )
        if scoped:
            q = q.where(_STUDENT.c.school_id.in_(bindparam("schools", expanding=True)))
        return q

    @staticmethod
    def _guardian_hit(r: Sequence[Any]) -> GuardianHit:
        g, k, s = _N_GUARDIAN, _N_GUARDIAN + _N_LINK, _N_GUARDIAN + _N_LINK + _N_STUDENT
        return GuardianHit(
            GuardianRow(*r[:g]), LinkRow(*r[g:k]), StudentRow(*r[k:s]), r[s], r[s + 1]
        )

    def _guardian_hits(
        self,
        shape: Hashable,
        condition: Callable[[], ColumnElement[bool]],
        school_ids: Sequence[int] | None,
        limit: int,
        **params: Any,
    ) -> list[GuardianHit]:
        """Guardian, link, student and the link's latest PIN of the active links that
        ``condition`` (built once per ``shape``; its values in ``params``) keeps, at the
        schools, in name order."""
        scoped = school_ids is not None
        return [
            self._guardian_hit(r)
            for r in self._run(
                ("guardian hits", shape, scoped),
                lambda: (
                    self._guardian_select(_GUARDIAN, scoped)
                    .where(condition())
                    .order_by(*self._NAME_ORDER)
                    .limit(limit_param())
                ),
                lim=limit,
                **params,
                **self._scope_params(school_ids),
            )
        ]

    def search_guardians_by_name(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        """Folded "last first", then "first last", starting with ``term``, then (3
        characters or more) "first last" containing it; each guardian and student once,
        the first ``limit``, each step's in name order.

        One statement (see ``_steps``): each step finds up to ``limit`` links, the outer
        query reads their guardian, student and PIN. A link is one guardian and student
        (unique), and the school its scoped steps read is its student's (the copy the
        triggers of migration 0007 keep), so the steps' count of links is the count of
        hits the step-by-step search stopped at.
        """
        scoped = school_ids is not None
        if not scoped:
            columns = (_GUARDIAN.c.search_last, _GUARDIAN.c.search_name)
        else:
            # The link's copies of the names, beside the link's school (migration 0007): one
            # index answers "this name at these schools".
            columns = (_LINK.c.guardian_search_last, _LINK.c.guardian_search_name)
        substring = len(term) >= 3
        mode = self._substring_mode(school_ids)
        # The link's copy of the name beside its school (0007): PostgreSQL's trigram
        # index keyed by school, SQLite's school-keyed FTS5 table (0017).
        by_link = scoped and (self.pg or mode == SCHOOL_FTS)
        n = len(school_ids or ()) if mode == SCHOOL_FTS else 0

        def build() -> Executable:
            steps: list[tuple[str, Any, Any]] = [
                (
                    f"links_{column.name}",
                    self._scoped_links(self._prefix(column), scoped).order_by(self._c(column)),
                    self._fewer_than_limit if i else None,
                )
                for i, column in enumerate(columns)
            ]
            if substring:

                def substring_step(guard: Any) -> Select[Any]:
                    if by_link:
                        condition = self._substring(
                            "guardian_link",
                            _LINK.c.id,
                            _LINK.c.guardian_search_name,
                            mode,
                            schools=n,
                            guard=guard,
                        )
                    else:
                        condition = self._substring(
                            "guardian", _GUARDIAN.c.id, _GUARDIAN.c.search_name, mode, guard=guard
                        )
                    # The school-keyed FTS5 ranges are the scope (see the student search).
                    return self._scoped_links(condition, scoped and mode != SCHOOL_FTS)

                steps.append(("links_substring", substring_step, self._fewer_than_limit))
            hits = self._steps(steps).subquery("hits")
            return self._guardian_select(hits, scoped, hits.c.step).order_by(
                hits.c.step, *self._NAME_ORDER
            )

        rows = self._run(
            ("guardian name", scoped, substring, by_link, mode, n),
            build,
            lim=limit,
            **self._prefix_params(term),
            **(self._substring_params(term, mode, school_ids) if substring else {}),
            **self._scope_params(school_ids),
        )
        s = 1 + _N_GUARDIAN + _N_LINK  # after the step: the guardian's id, the student's
        first = self._first_each(rows, lambda r: (r[1], r[s]), limit)
        return [self._guardian_hit(r[1:]) for r in first]

    @staticmethod
    def _scoped_links(condition: ColumnElement[bool], scoped: bool) -> Select[Any]:
        """Up to ``:lim`` active links whose guardian matches ``condition``, among the
        students of ``:schools``: the scope is applied before the limit, so a school's
        own "Garcia" is found however many other schools have."""
        q = (
            select(_LINK.c.id)
            .join(_GUARDIAN, _GUARDIAN.c.id == _LINK.c.guardian_id)
            .where(condition, _GUARDIAN.c.active.is_(True), _LINK.c.active.is_(True))
        )
        if scoped:
            # The link's copy of its student's school (kept by a trigger, migration 0007).
            q = q.where(_LINK.c.school_id.in_(bindparam("schools", expanding=True)))
        return q.limit(limit_param())

    def search_guardians_by_phone(
        self, digits: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        if len(digits) >= 10:
            return self._guardian_hits(
                "phone",
                lambda: _GUARDIAN.c.id.in_(
                    select(_PHONE.c.guardian_id).where(_PHONE.c.digits == bindparam("digits"))
                ),
                school_ids,
                limit,
                digits=digits[-10:],
            )
        rev = digits[::-1]
        return self._guardian_hits(
            "phone end",
            lambda: _GUARDIAN.c.id.in_(
                select(_PHONE.c.guardian_id).where(
                    _PHONE.c.digits_rev >= bindparam("lo"), _PHONE.c.digits_rev < bindparam("hi")
                )
            ),
            school_ids,
            limit,
            lo=rev,
            hi=rev + "~",
        )

    def search_guardians_by_email(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        email = _GUARDIAN.c.email_folded
        return self._guardian_hits(
            "email",
            lambda: or_(
                email == bindparam("lo"),
                and_(email >= bindparam("lo"), email < bindparam("hi")),
            ),
            school_ids,
            limit,
            **self._prefix_params(term),
        )

    # -- PIN letters -----------------------------------------------------------------------
    def classes_of_school(self, school_id: int) -> list[tuple[str, str | None, int]]:
        """(grade, homeroom, number of active students) for every class of a school."""
        rows = self.s.execute(
            select(Student.grade, Student.homeroom, func.count())
            .where(Student.school_id == school_id, Student.active.is_(True))
            .group_by(Student.grade, Student.homeroom)
        )
        return [(grade, homeroom, int(n)) for grade, homeroom, n in rows]

    def letter_candidates(
        self,
        school_id: int,
        *,
        grades: Sequence[str] | None = None,
        homerooms: Sequence[str | None] | None = None,
    ) -> list[tuple[LinkRow, GuardianRow, StudentRow]]:
        """Active links of active students (and active guardians) of a school, optionally
        only some grades and homerooms (exact stored values; ``None`` is "no homeroom")."""
        q = (
            select(GuardianLink, Guardian, Student)
            .join(Student, Student.id == GuardianLink.student_id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(
                Student.school_id == school_id,
                Student.active.is_(True),
                GuardianLink.active.is_(True),
                Guardian.active.is_(True),
            )
        )
        if grades is not None:
            q = q.where(Student.grade.in_(list(grades)))
        if homerooms is not None:
            named = [h for h in homerooms if h is not None]
            cond: ColumnElement[bool] = Student.homeroom.in_(named)
            if len(named) < len(homerooms):
                cond = or_(cond, Student.homeroom.is_(None))
            q = q.where(cond)
        q = q.order_by(Student.id, GuardianLink.id)
        return [(link_row(k), guardian_row(g), student_row(s)) for k, g, s in self.s.execute(q)]

    # -- bulk loads (demo school, SIS import) ---------------------------------------------
    def bulk_insert(
        self, model_name: str, rows: Iterable[Mapping[str, object]], chunk: int = 5000
    ) -> None:
        model = {
            "student": Student,
            "guardian": Guardian,
            "guardian_link": GuardianLink,
            "guardian_phone": GuardianPhone,
            "emergency_contact": EmergencyContact,
        }[model_name]
        batch: list[Mapping[str, object]] = []
        explicit_ids = False
        for row in rows:
            explicit_ids = explicit_ids or "id" in row
            batch.append(row)
            if len(batch) >= chunk:
                self.s.execute(insert(model), batch)
                batch = []
        if batch:
            self.s.execute(insert(model), batch)
        if explicit_ids and self.pg:
            # Rows given their own ids do not advance PostgreSQL's sequence; move it past
            # them so the next ordinary insert does not collide.
            table = model.__tablename__
            self.s.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            )

    def max_id(self, model_name: str) -> int:
        column = {"student": Student.id, "guardian": Guardian.id}[model_name]
        return int(self.s.scalar(select(func.max(column))) or 0)

    def count_students(self) -> int:
        return int(self.s.scalar(select(func.count()).select_from(Student)) or 0)
