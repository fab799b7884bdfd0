"""Students, guardians, links and emergency contacts: reads, search and bulk loads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, insert, or_, select, text, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from ppdesk.adapters.db.models import (
    EmergencyContact,
    Guardian,
    GuardianLink,
    GuardianPhone,
    ParentPin,
    School,
    Student,
)
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
# ranges of a (school_id, name) index instead of the district-wide FTS5 table.
FEW_SCHOOLS = 8


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
        row = self.s.get(Student, student_id)
        return student_row(row) if row else None

    def student_by_number(self, number: str) -> StudentRow | None:
        row = self.s.scalars(select(Student).where(Student.student_number == number)).first()
        return student_row(row) if row else None

    def guardian(self, guardian_id: int) -> GuardianRow | None:
        row = self.s.get(Guardian, guardian_id)
        return guardian_row(row) if row else None

    def link(self, link_id: int) -> LinkRow | None:
        row = self.s.get(GuardianLink, link_id)
        return link_row(row) if row else None

    def links_of_student(self, student_id: int) -> list[tuple[LinkRow, GuardianRow]]:
        rows = self.s.execute(
            select(GuardianLink, Guardian)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(GuardianLink.student_id == student_id, GuardianLink.active.is_(True))
            .order_by(GuardianLink.id)
        )
        return [(link_row(link), guardian_row(g)) for link, g in rows]

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
        rows = self.s.scalars(
            select(EmergencyContact)
            .where(EmergencyContact.student_id == student_id)
            .order_by(EmergencyContact.id)
        )
        return [
            EmergencyContactRow(r.id, r.student_id, r.name, r.phone, r.relationship, r.updated_at)
            for r in rows
        ]

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
    def _c(self, column: Any) -> Any:
        """Byte-order comparison, so prefix ranges use the "C" indexes on PostgreSQL."""
        return column.collate("C") if self.pg else column

    def _prefix(self, column: Any, term: str) -> ColumnElement[bool]:
        col = self._c(column)
        return and_(col >= term, col < term + HIGH)

    @staticmethod
    def _contains(column: Any, term: str) -> ColumnElement[bool]:
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found: ColumnElement[bool] = column.like(pattern, escape="\\")
        return found

    @staticmethod
    def _few_schools(school_ids: Sequence[int] | None) -> bool:
        """A scope small enough that reading its schools' range of a (school_id, name)
        index beats a district-wide substring index (SQLite's FTS5 has no school)."""
        return school_ids is not None and len(school_ids) <= FEW_SCHOOLS

    def _substring_ids(
        self, table: str, model: Any, term: str, school_ids: Sequence[int] | None = None
    ) -> Any:
        if self.pg or self._few_schools(school_ids):
            # PostgreSQL: the trigram index, keyed by school when the scope has one
            # (migration 0007). SQLite: the schools' range of (school_id, search_name).
            return self._contains(model.search_name, term)
        quoted = '"' + term.replace('"', '""') + '"'
        sub = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q").bindparams(q=quoted)
        return model.id.in_(sub)

    def _scoped_students(
        self, school_ids: Sequence[int] | None, teacher_id: int | None
    ) -> Select[Any]:
        q = select(Student, School.code).join(School, School.id == Student.school_id)
        if school_ids is not None:
            q = q.where(Student.school_id.in_(school_ids))
        if teacher_id is not None:
            q = q.where(Student.homeroom_teacher_id == teacher_id)
        return q.where(Student.active.is_(True))

    def search_students_by_number(
        self, term: str, school_ids: Sequence[int] | None, teacher_id: int | None, limit: int
    ) -> list[StudentHit]:
        q = self._scoped_students(school_ids, teacher_id)
        exact = list(self.s.execute(q.where(Student.student_number == term).limit(limit)))
        if exact:
            return [StudentHit(student_row(s), code) for s, code in exact]
        rows = self.s.execute(
            q.where(self._prefix(Student.student_number, term))
            .order_by(self._c(Student.student_number))
            .limit(limit)
        )
        return [StudentHit(student_row(s), code) for s, code in rows]

    def search_students_by_name(
        self, term: str, school_ids: Sequence[int] | None, teacher_id: int | None, limit: int
    ) -> list[StudentHit]:
        """Last-name prefix, then first-name prefix, then anywhere in the name.

        Each step is its own query that walks one index in order and stops at ``limit``,
        so a common prefix ("gar") stays fast on a district-sized table.
        """
        q = self._scoped_students(school_ids, teacher_id)
        hits: list[StudentHit] = []
        seen: set[int] = set()

        def add(rows: Any) -> None:
            for s, code in rows:
                if s.id not in seen and len(hits) < limit:
                    seen.add(s.id)
                    hits.append(StudentHit(student_row(s), code))

        for column in (Student.search_last, Student.search_name):
            if len(hits) >= limit:
                break
            add(
                self.s.execute(
                    q.where(self._prefix(column, term)).order_by(self._c(column)).limit(limit)
                )
            )
        if len(hits) < limit and len(term) >= 3:
            more = list(
                self.s.execute(
                    q.where(self._substring_ids("student", Student, term, school_ids)).limit(limit)
                )
            )
            more.sort(key=lambda r: (r[0].last_name, r[0].first_name, r[0].id))
            add(more)
        return hits

    def search_students_by_words(
        self,
        words: Sequence[str],
        school_ids: Sequence[int] | None,
        teacher_id: int | None,
        limit: int,
    ) -> list[StudentHit]:
        """Students whose name has every word of ``words`` (folded) in any order, each as the
        start of one of its name parts: "val mor" and "morales val" find Val Morales."""
        q = self._scoped_students(school_ids, teacher_id)
        for word in words:
            if len(word) >= 3:
                q = q.where(self._substring_ids("student", Student, word, school_ids))
            else:
                escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                q = q.where(Student.search_name.like(f"%{escaped}%", escape="\\"))
        rows = list(self.s.execute(q.limit(limit * 4)))
        rows.sort(key=lambda r: (r[0].last_name, r[0].first_name, r[0].id))

        def starts_every_word(name: str) -> bool:
            parts = name.split()
            return all(any(part.startswith(w) for part in parts) for w in words)

        return [
            StudentHit(student_row(s), code) for s, code in rows if starts_every_word(s.search_name)
        ][:limit]

    def _guardian_hits(
        self, condition: Any, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        # Each hit's latest PIN, looked up per link through ix_parent_pin_link_id: a
        # grouped subquery over parent_pin would read the whole table on every search.
        latest_pin = (
            select(func.max(ParentPin.id))
            .where(ParentPin.link_id == GuardianLink.id)
            .correlate(GuardianLink)
            .scalar_subquery()
        )
        q = (
            select(Guardian, GuardianLink, Student, ParentPin.status, ParentPin.expires_at)
            .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
            .join(Student, Student.id == GuardianLink.student_id)
            .outerjoin(ParentPin, ParentPin.id == latest_pin)
            .where(condition, GuardianLink.active.is_(True), Guardian.active.is_(True))
        )
        if school_ids is not None:
            q = q.where(Student.school_id.in_(school_ids))
        q = q.order_by(Guardian.last_name, Guardian.first_name, Guardian.id, Student.id).limit(
            limit
        )
        return [
            GuardianHit(guardian_row(g), link_row(link), student_row(s), status, expires)
            for g, link, s, status, expires in self.s.execute(q)
        ]

    def search_guardians_by_name(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        hits: list[GuardianHit] = []
        seen: set[tuple[int, int]] = set()

        def add(found: list[GuardianHit]) -> None:
            for h in found:
                key = (h.guardian.id, h.student.id)
                if key not in seen and len(hits) < limit:
                    seen.add(key)
                    hits.append(h)

        columns: tuple[InstrumentedAttribute[str] | InstrumentedAttribute[str | None], ...]
        if school_ids is None:
            columns = (Guardian.search_last, Guardian.search_name)
        else:
            # The link's copies of the names, beside the link's school (migration 0007): one
            # index answers "this name at these schools".
            columns = (GuardianLink.guardian_search_last, GuardianLink.guardian_search_name)
        for column in columns:
            if len(hits) >= limit:
                break
            links = self._scoped_links(self._prefix(column, term), school_ids, limit)
            add(
                self._guardian_hits(
                    GuardianLink.id.in_(links.order_by(self._c(column))), school_ids, limit
                )
            )
        if len(hits) < limit and len(term) >= 3:
            if school_ids is not None and (self.pg or self._few_schools(school_ids)):
                condition = self._contains(GuardianLink.guardian_search_name, term)
            else:
                condition = self._substring_ids("guardian", Guardian, term)
            links = self._scoped_links(condition, school_ids, limit)
            add(self._guardian_hits(GuardianLink.id.in_(links), school_ids, limit))
        return hits

    def _scoped_links(
        self, condition: Any, school_ids: Sequence[int] | None, limit: int
    ) -> Select[Any]:
        """Up to ``limit`` active links whose guardian matches ``condition``, among the
        students of ``school_ids``: the scope is applied before the limit, so a school's
        own "Garcia" is found however many other schools have."""
        q = (
            select(GuardianLink.id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(condition, Guardian.active.is_(True), GuardianLink.active.is_(True))
        )
        if school_ids is not None:
            # The link's copy of its student's school (kept by a trigger, migration 0007).
            q = q.where(GuardianLink.school_id.in_(school_ids))
        return q.limit(limit)

    def search_guardians_by_phone(
        self, digits: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        if len(digits) >= 10:
            ids = select(GuardianPhone.guardian_id).where(GuardianPhone.digits == digits[-10:])
        else:
            rev = digits[::-1]
            ids = select(GuardianPhone.guardian_id).where(
                GuardianPhone.digits_rev >= rev, GuardianPhone.digits_rev < rev + "~"
            )
        return self._guardian_hits(Guardian.id.in_(ids), school_ids, limit)

    def search_guardians_by_email(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        cond = or_(
            Guardian.email_folded == term,
            and_(Guardian.email_folded >= term, Guardian.email_folded < term + HIGH),
        )
        return self._guardian_hits(cond, school_ids, limit)

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
