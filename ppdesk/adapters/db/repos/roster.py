"""The roster and the reports: streaming and aggregate queries.

The roster is read with one ordered query whose rows are fetched ``STREAM_CHUNK`` at a time
(``yield_per``: a server-side cursor on PostgreSQL, SQLite's own stepping cursor), so a
500,000-row district export holds one chunk in memory, never the result. Reports are
aggregated in SQL. Every query is scoped to a list of school ids the service has checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    TextClause,
    and_,
    case,
    column,
    distinct,
    func,
    join,
    literal,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from ppdesk.adapters.db.models import (
    ContactChange,
    EmergencyContact,
    Guardian,
    GuardianLink,
    ParentPin,
    PinDisclosure,
    School,
    Staff,
    Student,
)
from ppdesk.adapters.db.repos.pins import OUTSTANDING
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.reports import (
    CONTACT_CHANGE_WORDS,
    LANGUAGE_NAMES,
    AdoptionRow,
    EmergencyContactChange,
    OutreachRow,
    RosterAnchor,
    RosterQuery,
    RosterSource,
    RosterTerm,
    TabPage,
    full_name,
    grade_rank,
    outreach_reason,
)
from ppdesk.services.records import PortalLinkRow

STREAM_CHUNK = 2_000
# A column or expression to sort by (a mapped attribute is one before SQLAlchemy reads it).
OrderKey = ColumnElement[Any] | InstrumentedAttribute[Any]
ID_CHUNK = 500  # link ids per IN (...) list: well under every driver's parameter limit

# The roster search's texts as migration 0015 indexes them (PostgreSQL, trigram GIN): the
# same SQL, or the planner does not know the indexes answer it. A space joins the fields
# (a search word holds none).
STUDENT_TEXT = (
    "lower(coalesce(student_number, '') || ' ' || coalesce(last_name, '') || ' ' || "
    "coalesce(first_name, '') || ' ' || coalesce(grade, '') || ' ' || coalesce(homeroom, ''))"
)
GUARDIAN_TEXT = (
    "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || "
    "coalesce(registered_portal_email, '') || ' ' || "
    "coalesce(nullif(cell_phone, ''), nullif(home_phone, ''), work_phone, '') || ' ' || "
    "coalesce(btrim(preferred_language), ''))"
)
RELATIONSHIP_TEXT = "lower(coalesce(relationship, ''))"
# The students whose text, guardians' or relationships' holds a search word, found through
# those indexes: a superset of the rows the word matches (the tab's query still applies
# every word to every row). Used when the planner expects at most ``CANDIDATES`` of them
# (a student may come twice: once by name, once by a guardian's); with more, walking the
# tab's order finds a page sooner than reading them all.
CANDIDATES_SQL = (
    f"SELECT id FROM student WHERE {STUDENT_TEXT} LIKE :roster_word ESCAPE '\\' "
    "AND active AND school_id = ANY(:roster_schools) "
    "UNION ALL SELECT student_id FROM guardian_link WHERE active AND guardian_id = ANY(ARRAY"
    f"(SELECT id FROM guardian WHERE {GUARDIAN_TEXT} LIKE :roster_word ESCAPE '\\' "
    "AND active)) UNION ALL SELECT student_id FROM guardian_link "
    f"WHERE {RELATIONSHIP_TEXT} LIKE :roster_word ESCAPE '\\' AND active"
)
# A word the rows' texts above do not cover: a school code or a homeroom teacher's name
# holds it, or it crosses the "Room (Teacher)" label's parentheses.
ELSEWHERE_SQL = text(
    "SELECT EXISTS (SELECT 1 FROM school WHERE id = ANY(:roster_schools) "
    "AND lower(code) LIKE :roster_word ESCAPE '\\') OR EXISTS (SELECT 1 FROM staff "
    "WHERE lower(display_name) LIKE :roster_word ESCAPE '\\')"
)
CANDIDATES = 40_000
# SQLite (migration 0021): the students whose text, or whose links' guardian and
# relationship text, holds the phrase ``:roster_fts`` (FTS5 trigram tables, one entry per
# student and per link; a link entry's rowid is student_id * 2^32 + link id, so its student
# comes from the index alone), and how many entries hold it, counted up to
# ``:roster_limit`` (an upper bound on the candidates: a student may come twice).
SQLITE_CANDIDATES_SQL = (
    "SELECT rowid FROM roster_student_fts WHERE roster_student_fts MATCH :roster_fts "
    "UNION ALL SELECT rowid >> 32 FROM roster_link_fts WHERE roster_link_fts MATCH :roster_fts"
)
# The statements filling them (migration 0021's ``fill_sql``: add ``AND r.id BETWEEN ...``)
# by the insert trigger each replaces, for the SIS import's bulk load (``_sqlite_bulk``).
SQLITE_FTS_FILLS = {
    "student": (
        "roster_student_fts_ai",
        "INSERT INTO roster_student_fts(rowid, words) SELECT r.id, lower(coalesce("
        "r.student_number, '') || ' ' || coalesce(r.last_name, '') || ' ' || coalesce("
        "r.first_name, '') || ' ' || coalesce(r.grade, '') || ' ' || coalesce(r.homeroom, "
        "'')) FROM student r WHERE 1 = 1",
    ),
    "guardian_link": (
        "roster_link_fts_ai",
        "INSERT INTO roster_link_fts(rowid, words) SELECT r.student_id * 4294967296 + r.id, "
        "lower(coalesce(g.first_name, "
        "'') || ' ' || coalesce(g.last_name, '') || ' ' || coalesce("
        "g.registered_portal_email, '') || ' ' || coalesce(nullif(g.cell_phone, ''), "
        "nullif(g.home_phone, ''), g.work_phone, '') || ' ' || coalesce(trim("
        "g.preferred_language), '') || ' ' || coalesce(r.relationship, '')) "
        "FROM guardian_link r JOIN guardian g ON g.id = r.guardian_id WHERE 1 = 1",
    ),
}
SQLITE_ENTRIES = text(
    "SELECT count(*) FROM (SELECT rowid FROM roster_student_fts WHERE roster_student_fts "
    "MATCH :roster_fts UNION ALL SELECT rowid FROM roster_link_fts WHERE roster_link_fts "
    "MATCH :roster_fts LIMIT :roster_limit)"
)
# The same for a word of 1 or 2 characters, which has no trigram: the texts are read with
# LIKE (``_sqlite_scanned``; a count only: a page of such a word is found sooner by
# walking the tab's order, its matches are common).
SQLITE_SCANNED_SQL = (
    "SELECT rowid FROM roster_student_fts WHERE words LIKE :roster_like ESCAPE '\\' "
    "UNION ALL SELECT rowid >> 32 FROM roster_link_fts WHERE words LIKE :roster_like "
    "ESCAPE '\\'"
)
SQLITE_SCANNED_ENTRIES = text(
    "SELECT count(*) FROM (SELECT rowid FROM roster_student_fts WHERE words LIKE "
    ":roster_like ESCAPE '\\' UNION ALL SELECT rowid FROM roster_link_fts WHERE words "
    "LIKE :roster_like ESCAPE '\\' LIMIT :roster_limit)"
)
# The per-student search rows of migration 0019 (PostgreSQL, workstation connection): the
# texts of the three tables above in one row per student (active links of active guardians),
# with copies of the columns the tab sorts the students by. A word's candidate students,
# one school's or a district's, are one bitmap scan of its trigram index keyed by school
# (``_search_rows``), put in the tab's order from the same rows (``_page_keys``).
SEARCH = table(
    "roster_search",
    column("student_id", Integer),
    column("school_id", Integer),
    column("active", Boolean),
    column("student_number", String),
    column("last_name", String),
    column("first_name", String),
    column("grade", String),
)
SEARCH_WORDS = 3  # the longest this many words narrow the candidates (each one more LIKE)


class StudentKeys(NamedTuple):
    """The student's columns the tab sorts by: the student table's or ``roster_search``'s
    copies of them (the same values, so the same order)."""

    id: Any
    number: Any
    last: Any
    first: Any
    grade: Any


STUDENT_KEYS = StudentKeys(
    Student.id, Student.student_number, Student.last_name, Student.first_name, Student.grade
)
SEARCH_KEYS = StudentKeys(
    SEARCH.c.student_id,
    SEARCH.c.student_number,
    SEARCH.c.last_name,
    SEARCH.c.first_name,
    SEARCH.c.grade,
)
# The sorts whose keys are the student's own columns (then the link id): a page of a
# search is found among the first candidate students in that order (``_page_keys``), at
# most this many of them (more: the rows of every candidate are matched and sorted).
STUDENT_SORTS = frozenset({"last_name", "first_name", "student_id", "grade"})
ORDERED_CANDIDATES = 12_800
# The sorts with a key that may be NULL (the expiry of a PIN not shown): paged by offset,
# since a NULL key is neither before nor after an anchor's in SQL (``_beyond``).
NULLABLE_SORTS = frozenset({"expires"})
TRIGRAM = re.compile(r"[^\W_]{3}")  # pg_trgm narrows a LIKE only by 3 letters or digits


# The homeroom teacher's staff row: one alias for every repository (building an
# ``aliased`` entity costs more than a counter lookup's own Python work).
_TEACHER = aliased(Staff, name="teacher")


class SqlRosterRepository:
    # Reads ``roster_search`` (migration 0019, PostgreSQL): not over a personal login,
    # whose role reads only the ``ppdesk_api`` views.
    search_table = True

    def __init__(self, session: Session) -> None:
        self.s = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self._teacher = _TEACHER

    # -- shared pieces -------------------------------------------------------------------
    def _latest_pin(self) -> Any:
        """Per link: its latest PIN id, and whether any of its PINs was redeemed (reports)."""
        redeemed = func.max(case((ParentPin.status == PinStatus.REDEEMED, 1), else_=0))
        return (
            select(
                ParentPin.link_id.label("link_id"),
                func.max(ParentPin.id).label("pin_id"),
                redeemed.label("redeemed"),
            )
            .group_by(ParentPin.link_id)
            .subquery("latest_pin")
        )

    @staticmethod
    def _latest_pin_id() -> Any:
        """The latest PIN id of the row's link, one ix_parent_pin_link_id probe per link:
        a school's roster (or a few selected rows) never reads the district's other PINs."""
        return (
            select(func.max(ParentPin.id))
            .where(ParentPin.link_id == GuardianLink.id)
            .correlate(GuardianLink)
            .scalar_subquery()
        )

    def _selection(
        self,
        q: Select[Any],
        school_ids: Sequence[int],
        grade: str | None,
        homeroom: str | None,
    ) -> Select[Any]:
        """Scope to the schools, active students, and the grade / homeroom chosen.

        ``homeroom`` matches the homeroom's name or its teacher's name, so "filter by
        homeroom teacher" (section IX) works with either.
        """
        q = q.where(self._in_schools(school_ids), Student.active.is_(True))
        if grade is not None:
            q = q.where(Student.grade == grade)
        if homeroom is not None:
            q = q.where(or_(Student.homeroom == homeroom, self._teacher.display_name == homeroom))
        return q

    def _in_schools(self, school_ids: Sequence[int]) -> ColumnElement[bool]:
        ids = list(school_ids)
        if self.sqlite:
            total = int(self.s.scalar(select(func.count()).select_from(School)) or 0)
            if 2 * len(ids) > total:
                # Most of the database (a single-school install, or a district-wide export):
                # walking the links in storage order and sorting once is about twice as fast
                # on SQLite as the per-school index, whose random page reads thrash SQLite's
                # small cache. "+ 0" keeps the filter exact but stops the planner from
                # driving the query by that index.
                return (Student.school_id + 0).in_(ids)
        return Student.school_id.in_(ids)

    def _order(self) -> list[OrderKey]:
        """School, grade in school order (TK, K, 1 ... 12), homeroom, student, link."""
        grade_order = case({"PK": -2, "TK": -1, "K": 0}, value=func.upper(Student.grade), else_=100)
        return [
            School.code,
            grade_order,
            func.length(Student.grade),
            Student.grade,
            func.coalesce(Student.homeroom, ""),
            Student.last_name,
            Student.first_name,
            Student.student_number,
            GuardianLink.id,
        ]

    def _links(self) -> Select[Any]:
        """Active links of active guardians, joined to student, school and teacher."""
        return (
            select()
            .select_from(GuardianLink)
            .join(Student, Student.id == GuardianLink.student_id)
            .join(School, School.id == Student.school_id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
            .where(GuardianLink.active.is_(True), Guardian.active.is_(True))
        )

    @staticmethod
    def _student_links() -> Any:
        """Each student with its active links of active guardians, or alone (NULLs) when
        there is none: a student with a student PIN and no guardian yet is on the roster."""
        active_link = join(
            GuardianLink,
            Guardian,
            and_(Guardian.id == GuardianLink.guardian_id, Guardian.active.is_(True)),
        )
        return and_(GuardianLink.student_id == Student.id, GuardianLink.active.is_(True)), (
            active_link
        )

    def _roster_rows(self) -> Select[Any]:
        on, active_link = self._student_links()
        q = select().select_from(Student).join(School, School.id == Student.school_id)
        if self.sqlite:
            # The same rows, joined link by link: SQLite materializes a parenthesized join
            # (every link with its guardian, then an automatic index) before the first row,
            # where this walks the students in the tab's order (migration 0018) and stops
            # after a page. A link counts when its guardian is active, as above.
            guardian = aliased(Guardian, name="link_guardian")
            active = (
                select(guardian.id)
                .where(guardian.id == GuardianLink.guardian_id, guardian.active.is_(True))
                .exists()
            )
            q = q.outerjoin(GuardianLink, and_(on, active)).outerjoin(
                Guardian, Guardian.id == GuardianLink.guardian_id
            )
        else:
            q = q.outerjoin(active_link, on)
        return q.outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)

    def classes(self, school_ids: Sequence[int]) -> list[tuple[str, str | None, str | None]]:
        """(grade, homeroom, teacher's name) of every class with active students in the
        schools: what a typed grade and homeroom are matched against (domain.selection)."""
        q = (
            select(Student.grade, Student.homeroom, self._teacher.display_name)
            .outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
            .where(self._in_schools(school_ids), Student.active.is_(True))
            .distinct()
        )
        return [(g, h, t) for g, h, t in self.s.execute(q)]

    # -- the roster ----------------------------------------------------------------------
    def count_links(
        self, school_ids: Sequence[int], *, grade: str | None = None, homeroom: str | None = None
    ) -> int:
        """How many rows :meth:`stream` would give (for progress): one per active link,
        and one per student with none."""
        # The same rows as ``stream`` with only the joins that can drop or add one (the
        # teacher only matters for a homeroom filter): this runs before every export.
        on, active_link = self._student_links()
        q = select(func.count()).select_from(Student)
        if self.sqlite:
            q = q.outerjoin(active_link, on)
        else:
            # The same rows without reading the guardians: a link counts unless its
            # guardian is inactive, which the partial index of migration 0016 lists (a
            # link's guardian always exists: a foreign key).
            inactive = (
                select(Guardian.id)
                .where(Guardian.id == GuardianLink.guardian_id, Guardian.active.is_(False))
                .exists()
            )
            kept = and_(GuardianLink.student_id == Student.id, GuardianLink.active.is_(True))
            q = q.outerjoin(GuardianLink, and_(kept, ~inactive))
        if homeroom is not None:
            q = q.outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
        return int(self.s.scalar(self._selection(q, school_ids, grade, homeroom)) or 0)

    def stream(
        self,
        school_ids: Sequence[int],
        *,
        grade: str | None = None,
        homeroom: str | None = None,
        link_ids: Sequence[int] | None = None,
        student_ids: Sequence[int] | None = None,
        chunk: int = STREAM_CHUNK,
    ) -> Generator[RosterSource, None, None]:
        """Yield the roster's rows in roster order, fetched ``chunk`` rows at a time: one
        per active link, and one (guardian columns empty) per student with no link.

        ``link_ids`` and ``student_ids`` restrict the rows to those links and to those
        students without a guardian (queried ``ID_CHUNK`` at a time; the order is then per
        batch). Closing the generator early closes the cursor.
        """
        q = self._source_rows()
        q = self._selection(q, school_ids, grade, homeroom).order_by(*self._order())
        if link_ids is None and student_ids is None:
            yield from self._fetch(q, chunk)
            return
        yield from self._by_ids(q, link_ids or (), student_ids or (), chunk)

    def _by_ids(
        self,
        q: Select[Any],
        link_ids: Sequence[int],
        student_ids: Sequence[int],
        chunk: int | None,
    ) -> Iterator[RosterSource]:
        ids = sorted(set(link_ids))
        for start in range(0, len(ids), ID_CHUNK):
            batch = ids[start : start + ID_CHUNK]
            by_link = q.where(GuardianLink.id.in_(batch))
            if self.sqlite:
                # The links' students too (the same rows): SQLite keeps the students as the
                # outer loop of the link-by-link join and would read every one of them.
                owners = select(GuardianLink.student_id).where(GuardianLink.id.in_(batch))
                by_link = by_link.where(Student.id.in_(owners))
            yield from self._fetch(by_link, chunk)
        lone = sorted(set(student_ids))
        for start in range(0, len(lone), ID_CHUNK):
            batch = lone[start : start + ID_CHUNK]
            only = and_(Student.id.in_(batch), GuardianLink.id.is_(None))
            yield from self._fetch(q.where(only), chunk)

    def _source_rows(self) -> Select[Any]:
        """Every column of a ``RosterSource``, with the link's latest PIN."""
        t = self._teacher
        q = self._roster_rows().add_columns(
            School.code,
            Student.id,
            Student.student_number,
            Student.last_name,
            Student.first_name,
            Student.grade,
            Student.homeroom,
            t.display_name,
            Student.student_email,
            Student.student_pin_key_id,
            Student.student_pin_ciphertext,
            GuardianLink.id,
            Guardian.first_name,
            Guardian.last_name,
            GuardianLink.relationship,
            GuardianLink.verified_legal_guardian,
            ParentPin.id,
            ParentPin.status,
            ParentPin.expires_at,
            ParentPin.key_id,
            ParentPin.ciphertext,
            Guardian.registered_portal_email,
            Guardian.cell_phone,
            Guardian.home_phone,
            Guardian.work_phone,
            Guardian.preferred_language,
        )
        return q.outerjoin(ParentPin, ParentPin.id == self._latest_pin_id())

    # -- the roster tab: filtered, searched, sorted and paged by the database --
    def _status(self, now: datetime) -> ColumnElement[Any]:
        """The latest PIN's state as the roster shows it: ``domain.pin.effective_status`` in
        SQL, an outstanding PIN past its expiry counts as expired (``NULL``: never issued)."""
        due = and_(ParentPin.status.in_(OUTSTANDING), ParentPin.expires_at <= now)
        return case((due, PinStatus.EXPIRED.value), else_=ParentPin.status)

    def _ci(self, value: OrderKey, *, nullable: bool = True) -> ColumnElement[Any]:
        """Lower case, NULL as '', compared by code point on both engines (PostgreSQL's
        locale collation would ignore spaces and punctuation, unlike the screen's sort).
        A column that is never NULL is not wrapped, so the name indexes serve the order:
        on SQLite, whose ``lower()`` folds ASCII only, that is its ``NOCASE`` collation (the
        same order and the same ties), which migration 0018 indexes."""
        if self.sqlite and not nullable:
            return value.collate("NOCASE")
        out = func.lower(func.coalesce(value, "") if nullable else value)
        return out if self.sqlite else out.collate("C")

    def _homeroom_label(self) -> ColumnElement[Any]:
        """``services.roster.homeroom_label`` in SQL: "Room 12 (Ms Park)", or either."""
        room, teacher = Student.homeroom, self._teacher.display_name
        contains = func.instr(room, teacher) > 0 if self.sqlite else func.strpos(room, teacher) > 0
        both = and_(func.coalesce(room, "") != "", func.coalesce(teacher, "") != "", ~contains)
        return case(
            (both, room + " (" + teacher + ")"),
            else_=func.coalesce(func.nullif(room, ""), teacher),
        )

    @staticmethod
    def _phone() -> ColumnElement[Any]:
        return func.coalesce(
            func.nullif(Guardian.cell_phone, ""),
            func.nullif(Guardian.home_phone, ""),
            Guardian.work_phone,
        )

    @staticmethod
    def _language_name() -> ColumnElement[Any]:
        code = func.lower(func.trim(Guardian.preferred_language))
        return case(
            *((code == key, name) for key, name in LANGUAGE_NAMES.items()),
            else_=Guardian.preferred_language,
        )

    @staticmethod
    def _rank(
        value: ColumnElement[Any], ranks: Sequence[tuple[Any, int]], null_rank: int | None
    ) -> ColumnElement[Any]:
        whens = [(value == key, rank) for key, rank in ranks if key is not None]
        if null_rank is not None:
            whens.insert(0, (value.is_(None), null_rank))
        return case(*whens, else_=len(ranks)) if whens else literal(0)

    def _sort_keys(
        self, query: RosterQuery, now: datetime, student: StudentKeys = STUDENT_KEYS
    ) -> list[OrderKey]:
        """The chosen column's keys in the screen's order (see ``RosterTableModel``).
        ``student``: where the student's own columns are read (``STUDENT_SORTS``)."""
        ci = self._ci
        name = query.sort
        if name == "student_id":
            return [ci(student.number)]
        if name == "last_name":
            return [ci(student.last, nullable=False)]
        if name == "first_name":
            return [ci(student.first, nullable=False)]
        if name == "grade":  # gui.models.grade_key: TK, K, 1 ... 12, then the rest
            grades = {"TK": 0, "K": 1} | {str(n): n + 1 for n in range(1, 13)}
            rank = case(
                *((func.upper(func.trim(student.grade)) == g, r) for g, r in grades.items()),
                else_=99,
            )
            plain = student.grade if self.sqlite else student.grade.collate("C")
            return [rank, plain]
        if name == "homeroom":
            return [ci(self._homeroom_label())]
        if name == "guardian":
            full = func.trim(
                func.coalesce(Guardian.first_name, "") + " " + func.coalesce(Guardian.last_name, "")
            )
            return [ci(full)]
        if name == "relationship":
            return [ci(GuardianLink.relationship)]
        if name == "parent_pin":
            statuses = dict(query.status_rank)
            null_rank = statuses.get(None)
            return [self._rank(self._status(now), query.status_rank, null_rank)]
        if name == "expires":
            shown = self._status(now).in_((*OUTSTANDING, PinStatus.EXPIRED.value))
            return [case((shown, 1), else_=0), case((shown, ParentPin.expires_at))]
        if name == "student_pin":
            return [case((Student.student_pin_ciphertext.is_not(None), 1), else_=0)]
        if name == "verified":
            verified = case(
                (GuardianLink.id.is_(None), None),
                else_=GuardianLink.verified_legal_guardian,
            )
            return [
                case(
                    (GuardianLink.id.is_(None), -1),
                    else_=self._rank(verified, query.verified_rank, None),
                )
            ]
        if name == "portal_email":
            return [ci(Guardian.registered_portal_email)]
        if name == "phone":
            return [ci(self._phone())]
        if name == "language":
            return [ci(self._language_name())]
        if name == "school":
            return [ci(School.code)]
        raise ValueError(f"unknown roster sort {name!r}")

    @staticmethod
    def _joined(*values: OrderKey) -> ColumnElement[Any]:
        out: ColumnElement[Any] = func.coalesce(values[0], "")
        for value in values[1:]:
            out = out + literal(" ") + func.coalesce(value, "")
        return out

    @staticmethod
    def _pattern(word: str) -> str:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"%{escaped}%"

    def _indexed_words(
        self, school_ids: Sequence[int], query: RosterQuery, *, short: bool = False
    ) -> list[str]:
        """The search words the trigram indexes can narrow the rows by, longest first: not
        a word too short for trigrams (on SQLite's FTS5 trigram tables, fewer than 3
        characters), nor one also found in a PIN state, a yes / no, a language name, a
        school code or a staff name. ``short`` (SQLite): the words of 1 or 2 characters
        instead, on the same conditions (``_sqlite_scanned``)."""
        words = [
            term.text
            for term in query.terms
            if (
                (len(term.text) < 3 if short else len(term.text) >= 3)
                if self.sqlite
                else TRIGRAM.search(term.text)
            )
            and not (term.statuses or term.verified or term.languages)
            and "(" not in term.text
            and ")" not in term.text
        ]
        out = []
        for word in sorted(words, key=len, reverse=True):
            if self.sqlite:
                pattern = self._pattern(word)
                elsewhere = select(
                    select(School.id)
                    .where(
                        School.id.in_(list(school_ids)),
                        func.lower(School.code).like(pattern, escape="\\"),
                    )
                    .exists()
                    | select(Staff.id)
                    .where(func.lower(Staff.display_name).like(pattern, escape="\\"))
                    .exists()
                )
                if not self.s.scalar(elsewhere):
                    out.append(word)
                continue
            params = {"roster_schools": list(school_ids), "roster_word": self._pattern(word)}
            if not self.s.scalar(ELSEWHERE_SQL, params):
                out.append(word)
        return out

    def _sqlite_narrowed(self, school_ids: Sequence[int], query: RosterQuery) -> TextClause | None:
        """SQLite (migration 0021): the rows' students restricted to those whose FTS5
        entries hold the longest indexed word of two that has at most ``CANDIDATES``
        entries; ``None`` when none does (the tab's order then finds a page soonest)."""
        for word in self._indexed_words(school_ids, query)[:2]:
            phrase = '"' + word.replace('"', '""') + '"'
            params = {"roster_fts": phrase, "roster_limit": CANDIDATES + 1}
            if int(self.s.scalar(SQLITE_ENTRIES, params) or 0) <= CANDIDATES:
                found = text(f"student.id IN ({SQLITE_CANDIDATES_SQL})")
                return found.bindparams(roster_fts=phrase)
        return None

    def _sqlite_scanned(self, school_ids: Sequence[int], query: RosterQuery) -> TextClause | None:
        """SQLite, a search's count: the students whose FTS5 texts (migration 0021) hold a
        word of 1 or 2 characters, which the trigram index cannot find, by reading the
        texts (one short text per student and per link) with LIKE, when at most
        ``CANDIDATES`` entries hold it: at 300,074 rows 'ga' is 35,000 entries read in
        about 0.16 s of CPU, where the count matched 11 columns of every row (2.3 s). A
        superset of the rows the word matches, as for longer words; ``None`` otherwise."""
        for word in self._indexed_words(school_ids, query, short=True)[:2]:
            params = {"roster_like": self._pattern(word), "roster_limit": CANDIDATES + 1}
            if int(self.s.scalar(SQLITE_SCANNED_ENTRIES, params) or 0) <= CANDIDATES:
                found = text(f"student.id IN ({SQLITE_SCANNED_SQL})")
                return found.bindparams(roster_like=params["roster_like"])
        return None

    def _expected_rows(self, sql: str, params: dict[str, Any]) -> float:
        """How many rows the planner expects ``sql`` to give."""
        plan = self.s.scalar(text(f"EXPLAIN (FORMAT JSON) {sql}"), params)
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])

    def _search_rows(
        self, school_ids: Sequence[int], query: RosterQuery
    ) -> tuple[str, dict[str, Any]] | None:
        """The condition on ``roster_search`` (migration 0019), and its parameters, that
        finds the candidate students: active, in the schools, holding every indexed word
        (``_indexed_words``, the longest ``SEARCH_WORDS``), when the planner expects at most
        ``CANDIDATES`` of them; ``None`` when no word narrows them so (the tab's order then
        finds a page soonest), or when this connection does not read the table
        (``search_table``). PostgreSQL only (SQLite: ``_sqlite_narrowed``)."""
        words = self._indexed_words(school_ids, query)[:SEARCH_WORDS] if self.search_table else []
        if not words:
            return None
        ids = list(school_ids)
        # One school: an equality, which the index keyed by school answers with the word.
        school = (
            "school_id = :roster_school" if len(ids) == 1 else "school_id = ANY(:roster_schools)"
        )
        params: dict[str, Any] = (
            {"roster_school": ids[0]} if len(ids) == 1 else {"roster_schools": ids}
        )
        where = [f"active AND {school}"]
        for n, word in enumerate(words):
            where.append(f"words LIKE :roster_word_{n} ESCAPE '\\'")
            params[f"roster_word_{n}"] = self._pattern(word)
        condition = " AND ".join(where)
        sql = f"SELECT student_id FROM roster_search WHERE {condition}"
        if self._expected_rows(sql, params) > CANDIDATES:
            return None
        return condition, params

    def _narrowed(
        self, school_ids: Sequence[int], query: RosterQuery
    ) -> tuple[TextClause, tuple[str, dict[str, Any]] | None] | None:
        """The rows' students restricted to the candidates the trigram indexes find, when
        the planner expects at most ``CANDIDATES`` of them, with the ``roster_search``
        condition that found them; ``None`` when no word narrows them so (see
        ``_search_rows``). Over a connection that does not read ``roster_search`` (a
        personal login reads the views), the indexes of each table (migration 0015) find
        them, by the longest word of two that narrows them (no condition then). On SQLite,
        the FTS5 tables of migration 0021 (``_sqlite_narrowed``, no condition)."""
        if self.sqlite:
            candidates = self._sqlite_narrowed(school_ids, query)
            return None if candidates is None else (candidates, None)
        if self.search_table:
            rows = self._search_rows(school_ids, query)
            if rows is None:
                return None
            condition, params = rows
            found = text(
                f"student.id = ANY(ARRAY(SELECT student_id FROM roster_search WHERE {condition}))"
            )
            return found.bindparams(**params), rows
        for word in self._indexed_words(school_ids, query)[:2]:
            params = {"roster_schools": list(school_ids), "roster_word": self._pattern(word)}
            if self._expected_rows(CANDIDATES_SQL, params) <= CANDIDATES:
                found = text(f"student.id = ANY(ARRAY({CANDIDATES_SQL}))")
                return found.bindparams(**params), None
        return None

    def _candidates(self, school_ids: Sequence[int], query: RosterQuery) -> TextClause | None:
        """The clause of ``_narrowed``, or ``None``."""
        narrowed = self._narrowed(school_ids, query)
        return None if narrowed is None else narrowed[0]

    def _matches(self, term: RosterTerm, now: datetime) -> ColumnElement[bool]:
        """One search word against every column the roster tab shows."""
        pattern = self._pattern(term.text)
        # The student's and the guardian's columns each joined by a space into one text (a
        # word holds no space, so it is in the text exactly when it is in one of them): two
        # LIKEs a row for what took eight.
        texts = (
            self._joined(Student.student_number, Student.last_name, Student.first_name,
                         Student.grade),
            self._homeroom_label(),
            self._joined(Guardian.first_name, Guardian.last_name,
                         Guardian.registered_portal_email, self._phone()),
            GuardianLink.relationship,
            School.code,
        )  # fmt: skip
        code = func.lower(func.trim(Guardian.preferred_language))
        known = list(LANGUAGE_NAMES)
        found: list[ColumnElement[bool]] = [
            func.lower(text).like(pattern, escape="\\") for text in texts
        ]
        found.append(and_(code.not_in(known), code.like(pattern, escape="\\")))
        if term.languages:
            found.append(code.in_(sorted(term.languages)))
        if term.statuses:
            status = self._status(now)
            named = sorted(s for s in term.statuses if s is not None)
            if named:
                found.append(status.in_(named))
            if None in term.statuses:
                found.append(ParentPin.id.is_(None))
        for answer in term.verified:
            found.append(
                and_(GuardianLink.id.is_not(None), GuardianLink.verified_legal_guardian.is_(answer))
            )
        return or_(*found)

    def _tab_rows(
        self,
        q: Select[Any],
        school_ids: Sequence[int],
        query: RosterQuery,
        now: datetime,
        *,
        sort_pin: bool = False,
        pin_joined: bool = False,
        students: ColumnElement[bool] | TextClause | None = None,
    ) -> Select[Any]:
        """``q`` (from ``_roster_rows``) with the tab's filters, and the latest PIN joined
        when the order or a search word needs it (a probe per row otherwise saved).
        ``students``: the rows' students, found already (else the search's candidates)."""
        if not pin_joined and (sort_pin or any(term.statuses for term in query.terms)):
            q = q.outerjoin(ParentPin, ParentPin.id == self._latest_pin_id())
        q = q.where(self._in_schools(school_ids), Student.active.is_(True))
        if query.grade is not None:
            q = q.where(Student.grade == query.grade)
        if query.classes is not None:
            room = func.coalesce(Student.homeroom, "")
            teacher = func.coalesce(self._teacher.display_name, "")
            q = q.where(
                or_(*(and_(room == (h or ""), teacher == (t or "")) for h, t in query.classes))
                if query.classes
                else literal(False)
            )
        for term in query.terms:
            q = q.where(self._matches(term, now))
        if students is not None:
            q = q.where(students)
        elif query.terms:
            candidates = self._candidates(school_ids, query)
            if candidates is not None:
                q = q.where(candidates)
        return q

    def count_tab(self, school_ids: Sequence[int], query: RosterQuery, now: datetime) -> int:
        """How many rows the roster tab shows for ``query``."""
        if not query.filtered:
            return self.count_links(school_ids)
        students: ColumnElement[bool] | TextClause | None = None
        if self.sqlite and query.terms:
            students = self._candidates(school_ids, query)
            if students is None:
                students = self._sqlite_scanned(school_ids, query)
            if students is not None:
                # A search's candidates: link by link (``_roster_rows``), their rows only. The
                # join below first materializes every link with its guardian, which is the
                # quicker way to read them all, but not to read a few students' rows.
                q = self._roster_rows().add_columns(func.count())
                q = self._tab_rows(q, school_ids, query, now, students=students)
                return int(self.s.scalar(q) or 0)
            students = true()  # no candidates (asked once)
        on, active_link = self._student_links()
        q = (
            select(func.count())
            .select_from(Student)
            .join(School, School.id == Student.school_id)
            .outerjoin(active_link, on)
            .outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
        )
        return int(self.s.scalar(self._tab_rows(q, school_ids, query, now, students=students)) or 0)

    def _tab_order(
        self, query: RosterQuery, now: datetime, student: StudentKeys = STUDENT_KEYS
    ) -> list[OrderKey]:
        """The column's keys, then the student's last and first name (first and last when
        sorting by first name), then the student and link ids: a total order, every key in
        the chosen direction, which the name indexes (migration 0009) walk in order.
        ``student``: as in ``_sort_keys``."""
        keys = self._tab_keys(query, now, student)
        return [k.desc() for k in keys] if query.descending else keys

    def _tab_keys(
        self, query: RosterQuery, now: datetime, student: StudentKeys = STUDENT_KEYS
    ) -> list[OrderKey]:
        """The keys of ``_tab_order`` without the direction."""
        last = self._ci(student.last, nullable=False)
        first = self._ci(student.first, nullable=False)
        then = {"last_name": [first], "first_name": [last]}.get(query.sort, [last, first])
        return [*self._sort_keys(query, now, student), *then, student.id, GuardianLink.id]

    @staticmethod
    def _beyond(
        keys: Sequence[OrderKey], values: Sequence[Any], later: bool
    ) -> ColumnElement[bool]:
        """The rows whose keys come strictly after ``values`` in the tab's order (``later``)
        or strictly before them: (k1, k2, ...) > (v1, v2, ...) spelled out, since neither
        engine compares row values with each key's own collation and NULL rule. The first
        key is also bounded on its own (k1 >= v1), which the name indexes walk from. The
        link id (last key) is compared only when the anchor row has a link: a student with
        no link has one row, so its other keys already place it."""
        *prefix, link = keys
        *first_values, link_value = values

        def cmp(k: Any, v: Any) -> ColumnElement[bool]:
            out: ColumnElement[bool] = k > v if later else k < v
            return out

        def bound(k: Any, v: Any) -> ColumnElement[bool]:
            out: ColumnElement[bool] = k >= v if later else k <= v
            return out

        pairs = list(zip(prefix, first_values, strict=True))
        if link_value is not None:
            pairs.append((link, link_value))
        k, v = pairs[-1]
        condition = cmp(k, v)
        for k, v in reversed(pairs[:-1]):
            condition = or_(cmp(k, v), and_(k == v, condition))
        return and_(bound(*pairs[0]), condition)

    @staticmethod
    def _anchor_usable(anchor: RosterAnchor | None, query: RosterQuery, width: int) -> bool:
        """An anchor whose key fits this order: as many values as keys, plain values, no
        NULL before the link id (a sort with a NULL key, "expires", pages by offset)."""
        if anchor is None or query.sort in NULLABLE_SORTS:
            return False
        if anchor.key is None:
            return True  # the end of the rows
        if len(anchor.key) != width:
            return False
        *head, link = anchor.key
        plain = (str, int, float)
        return all(isinstance(v, plain) and not isinstance(v, bool) for v in head) and (
            link is None or (isinstance(link, int) and not isinstance(link, bool))
        )

    def stream_tab(
        self,
        school_ids: Sequence[int],
        query: RosterQuery,
        now: datetime,
        *,
        chunk: int = STREAM_CHUNK,
    ) -> Generator[RosterSource, None, None]:
        """Every row the roster tab shows for ``query``, in its order (the export of the
        rows shown), fetched ``chunk`` rows at a time."""
        q = self._tab_rows(self._source_rows(), school_ids, query, now, pin_joined=True)
        yield from self._fetch(q.order_by(*self._tab_order(query, now)), chunk)

    def tab_page(
        self,
        school_ids: Sequence[int],
        query: RosterQuery,
        now: datetime,
        *,
        offset: int,
        limit: int,
        anchor: RosterAnchor | None = None,
    ) -> TabPage:
        """Rows ``offset`` to ``offset + limit`` of the roster tab for ``query``, with the
        sort keys of the first and the last of them (``TabPage``).

        Two steps: the page's keys (student, link) are found with the filters and the
        order, then only those rows are read whole; the order ends with the roster's own
        order and the student and link ids, so pages never overlap or skip a row.

        ``anchor``: a row of this view whose position and sort key are known (a page's
        first or last row, or the end of the rows): the page is found from it (keyset),
        the rows after it in the tab's order, or those before it in the reverse order,
        skipping only the rows between it and the page, instead of walking every row
        before ``offset`` (at 300,074 rows on SQLite, the middle page walked 150,000 rows:
        about 1.1 s of CPU). An anchor that does not fit the order, or one past the page's
        wrong side, is ignored (offset from the first row).
        """
        offset, limit = max(offset, 0), max(limit, 0)
        found, keys = self._page_keys(school_ids, query, now, offset, limit, anchor)
        if not found:
            return TabPage([], None, None)
        place = {key: n for n, key in enumerate(found)}
        rows = list(
            self._by_ids(
                self._source_rows().where(Student.active.is_(True)),
                [lid for _, lid in found if lid is not None],
                [sid for sid, lid in found if lid is None],
                None,  # a page: at most MAX_PAGE rows
            )
        )
        rows.sort(key=lambda r: place.get((r.student_key, r.link_id), len(place)))
        out = [r for r in rows if (r.student_key, r.link_id) in place]
        return TabPage(out, keys[0] if keys else None, keys[-1] if keys else None)

    def _page_keys(
        self,
        school_ids: Sequence[int],
        query: RosterQuery,
        now: datetime,
        offset: int,
        limit: int,
        anchor: RosterAnchor | None = None,
    ) -> tuple[list[tuple[int, int | None]], list[tuple[Any, ...]]]:
        """The (student, link) keys of rows ``offset`` to ``offset + limit``.

        A search whose candidates the trigram indexes find, in an order of the students'
        own columns: the candidate students are put in that order first (their rows are
        not read), and the rows are read for the first ``n`` of them only. Every row of the
        answer belongs to a candidate and the order goes student by student, so the rows of
        the first ``n`` candidates are the first rows of the answer: when they are enough
        for the page, they are the page; when they are not, ``n`` grows (all candidates:
        the whole answer). ``garc`` at 900,087 rows: 9,000 students put in order instead of
        their 25,000 rows joined and matched. With ``roster_search`` the candidates are put
        in order from its rows alone (one bitmap scan of that narrow table, its copies of
        the sort columns): the student table is read for the first ``n`` only."""

        raw = self._tab_keys(query, now)
        width = len(raw)

        def keys(
            students: ColumnElement[bool] | TextClause | None, use_anchor: bool = True
        ) -> tuple[list[tuple[int, int | None]], list[tuple[Any, ...]]]:
            labelled = [k.label(f"roster_key_{n}") for n, k in enumerate(raw)]
            q = self._tab_rows(
                self._roster_rows().add_columns(Student.id, GuardianLink.id, *labelled),
                school_ids,
                query,
                now,
                sort_pin=query.sort in ("parent_pin", "expires"),
                students=students,
            )
            skip, take, backwards = offset, limit, False
            if use_anchor and anchor is not None and self._anchor_usable(anchor, query, width):
                if anchor.key is None and anchor.row - offset - limit < offset:
                    # From the end, backwards: the rows after the page are fewer.
                    skip, backwards = anchor.row - offset - limit, True
                    take = limit + min(skip, 0)
                    skip = max(skip, 0)
                elif anchor.key is not None and anchor.row < offset:
                    later = not query.descending
                    q = q.where(self._beyond(raw, anchor.key, later))
                    skip = offset - anchor.row - 1
                elif anchor.key is not None and offset + limit <= anchor.row:
                    later = query.descending
                    q = q.where(self._beyond(raw, anchor.key, later))
                    skip, backwards = anchor.row - offset - limit, True
            if take <= 0:
                return [], []
            down = query.descending != backwards
            q = q.order_by(*(k.desc() if down else k for k in raw)).offset(skip).limit(take)
            got = list(self.s.execute(q))
            if backwards:
                got.reverse()
            return [(int(r[0]), r[1]) for r in got], [tuple(r[2:]) for r in got]

        narrowed = self._narrowed(school_ids, query) if query.terms else None
        if narrowed is None:
            return keys(true())  # no candidates (asked once)
        candidates, rows = narrowed
        if query.sort not in STUDENT_SORTS:
            return keys(candidates)
        if rows is not None:
            first = select(SEARCH.c.student_id).where(text(rows[0]).bindparams(**rows[1]))
            student = SEARCH_KEYS
        else:
            first = select(Student.id).where(
                candidates, self._in_schools(school_ids), Student.active.is_(True)
            )
            student = STUDENT_KEYS
        order = self._tab_order(query, now, student)[:-1]  # the students' keys (not the link's)
        # A search's candidates are few: its pages are found by offset (no anchor).
        n = max(offset + limit, 1)
        while n <= ORDERED_CANDIDATES:
            ids = list(self.s.scalars(first.order_by(*order).limit(n)))
            found = keys(Student.id.in_(ids) if ids else literal(False), use_anchor=False)
            if len(found[0]) == limit or len(ids) < n:
                return found
            n *= 4
        return keys(candidates, use_anchor=False)

    def _fetch(self, q: Select[Any], chunk: int | None) -> Iterator[RosterSource]:
        """The rows of ``q``, fetched ``chunk`` at a time (``None``: all at once, no
        server-side cursor and its extra round trips, for a page of the tab)."""
        # Core, not the ORM: the rows are plain tuples, so skip the ORM's per-row loading.
        options = {} if chunk is None else {"yield_per": chunk}
        result = self.s.connection().execute(q, execution_options=options)
        make = RosterSource._make
        try:
            for row in result:
                yield make(row)
        finally:
            result.close()

    def disclosure_count(self, *, batch: str) -> int:
        return int(
            self.s.scalar(
                select(func.count()).select_from(PinDisclosure).where(PinDisclosure.batch == batch)
            )
            or 0
        )

    # -- portal links to remove ----------------------------------------
    def link_was_redeemed(self, link_id: int) -> bool:
        """True if a PIN of this link was redeemed: the guardian linked on the portal."""
        q = select(ParentPin.id).where(
            ParentPin.link_id == link_id, ParentPin.status == PinStatus.REDEEMED
        )
        return self.s.scalar(q.limit(1)) is not None

    def portal_links_to_remove(self, school_ids: Sequence[int]) -> list[PortalLinkRow]:
        """Links with a redeemed PIN whose guardian is no longer verified, no longer linked
        or no longer active, school and student order."""
        redeemed = (
            select(
                ParentPin.link_id.label("link_id"),
                func.max(ParentPin.ended_at).label("linked_at"),
            )
            .where(ParentPin.status == PinStatus.REDEEMED)
            .group_by(ParentPin.link_id)
            .subquery("redeemed")
        )
        q = (
            select(
                School.code,
                Student.student_number,
                Student.first_name,
                Student.last_name,
                Guardian.first_name,
                Guardian.last_name,
                Guardian.registered_portal_email,
                redeemed.c.linked_at,
                GuardianLink.active,
                Guardian.active,
                GuardianLink.verified_source,
                GuardianLink.verified_at,
                GuardianLink.verified_by,
                Guardian.updated_at,
            )
            .select_from(redeemed)
            .join(GuardianLink, GuardianLink.id == redeemed.c.link_id)
            .join(Student, Student.id == GuardianLink.student_id)
            .join(School, School.id == Student.school_id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(
                Student.school_id.in_(list(school_ids)),
                or_(
                    GuardianLink.active.is_(False),
                    Guardian.active.is_(False),
                    GuardianLink.verified_legal_guardian.is_(False),
                ),
            )
            .order_by(School.code, Student.last_name, Student.first_name, GuardianLink.id)
        )
        out = []
        for (
            code, number, s_first, s_last, g_first, g_last, email, linked_at, link_active,
            guardian_active, source, verified_at, verified_by, guardian_updated,
        ) in self.s.execute(q):  # fmt: skip
            if not guardian_active:
                change, at, by = "Guardian removed by an SIS import", guardian_updated, None
            elif not link_active:
                change, at, by = "Link to the student ended by an SIS import", None, None
            elif source == "staff":
                change, at, by = "Verified status removed at the school", verified_at, verified_by
            else:
                change, at, by = "Verified status removed by an SIS import", verified_at, None
            out.append(
                PortalLinkRow(
                    code,
                    number,
                    full_name(s_first, s_last),
                    full_name(g_first, g_last),
                    email,
                    linked_at,
                    change,
                    at,
                    by,
                )
            )
        return out

    # -- reports -------------------------------------------------------------------------
    def adoption(
        self, school_ids: Sequence[int], *, grade: str | None = None, homeroom: str | None = None
    ) -> list[AdoptionRow]:
        """Adoption counts per school, grade and homeroom (see ``AdoptionRow``)."""
        latest = self._latest_pin()
        pin = aliased(ParentPin, name="latest")
        links = (
            select(
                GuardianLink.id.label("link_id"),
                GuardianLink.student_id.label("student_id"),
                GuardianLink.verified_legal_guardian.label("verified"),
                func.coalesce(latest.c.redeemed, 0).label("redeemed"),
                latest.c.pin_id.label("pin_id"),
                pin.status.label("status"),
            )
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .outerjoin(latest, latest.c.link_id == GuardianLink.id)
            .outerjoin(pin, pin.id == latest.c.pin_id)
            .where(GuardianLink.active.is_(True), Guardian.active.is_(True))
            .subquery("links")
        )
        unredeemed = links.c.redeemed == 0

        def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
            return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

        q = (
            select(
                School.code,
                Student.grade,
                Student.homeroom,
                func.count(distinct(Student.id)),
                func.count(distinct(case((links.c.redeemed == 1, Student.id)))),
                func.count(links.c.link_id),
                count_if(links.c.verified.is_(True)),
                func.count(links.c.pin_id),
                count_if(and_(unredeemed, links.c.status == PinStatus.ACTIVE.value)),
                count_if(links.c.redeemed == 1),
                count_if(and_(unredeemed, links.c.status == PinStatus.EXPIRED.value)),
                count_if(and_(unredeemed, links.c.status == PinStatus.REVOKED.value)),
            )
            .select_from(Student)
            .join(School, School.id == Student.school_id)
            .outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
            .outerjoin(links, links.c.student_id == Student.id)
            .group_by(School.code, Student.grade, Student.homeroom)
        )
        q = self._selection(q, school_ids, grade, homeroom)
        return [
            AdoptionRow(
                school_code=code,
                grade=g,
                homeroom=room,
                students=int(students),
                students_connected=int(connected),
                guardians=int(guardians),
                guardians_verified=int(verified),
                pins_issued=int(issued),
                pins_active=int(active),
                pins_redeemed=int(redeemed),
                pins_expired=int(expired),
                pins_revoked=int(revoked),
            )
            for code, g, room, students, connected, guardians, verified, issued, active, redeemed, expired, revoked in self.s.execute(
                q
            )
        ]

    def outreach(
        self, school_ids: Sequence[int], *, grade: str | None = None, homeroom: str | None = None
    ) -> Generator[OutreachRow, None, None]:
        """Links that never redeemed a PIN (no PIN yet, or one not redeemed), roster order."""
        latest = self._latest_pin()
        q = (
            self._links()
            .add_columns(
                GuardianLink.id,
                School.code,
                Student.student_number,
                Student.first_name,
                Student.last_name,
                Student.grade,
                Student.homeroom,
                Guardian.first_name,
                Guardian.last_name,
                GuardianLink.relationship,
                GuardianLink.verified_legal_guardian,
                ParentPin.status,
                ParentPin.issued_at,
                ParentPin.expires_at,
                Guardian.cell_phone,
                Guardian.home_phone,
                Guardian.work_phone,
                Guardian.preferred_language,
                Guardian.email,
            )
            .outerjoin(latest, latest.c.link_id == GuardianLink.id)
            .outerjoin(ParentPin, ParentPin.id == latest.c.pin_id)
            .where(func.coalesce(latest.c.redeemed, 0) == 0)
        )
        q = self._selection(q, school_ids, grade, homeroom).order_by(*self._order())
        result = self.s.connection().execute(q, execution_options={"yield_per": STREAM_CHUNK})
        try:
            for (
                link_id, code, number, first, last, g, room, g_first, g_last, relationship,
                verified, status, issued, expires, cell, home, work, language, email,
            ) in result:  # fmt: skip
                yield OutreachRow(
                    link_id=link_id,
                    school_code=code,
                    student_id=number,
                    student_name=full_name(first, last),
                    grade=g,
                    homeroom=room,
                    guardian_name=full_name(g_first, g_last),
                    relationship=relationship,
                    verified_legal_guardian=bool(verified),
                    pin_status=status,
                    pin_issued=issued,
                    pin_expires=expires,
                    reason=outreach_reason(bool(verified), status, held_days=None),
                    phone=cell or home or work,
                    preferred_language=language,
                    email=email,
                )
        finally:
            result.close()

    def emergency_contacts_changed(
        self,
        school_ids: Sequence[int],
        since: datetime,
        *,
        grade: str | None = None,
        homeroom: str | None = None,
    ) -> list[EmergencyContactChange]:
        """Changes to how the students' families are reached at or after ``since`` (aware):
        emergency contacts created, updated or removed, and the phone numbers, contact
        preference and text opt-in of their guardians (one row per linked student)."""
        since = since.astimezone(UTC)
        student = (
            School.code,
            Student.student_number,
            Student.first_name,
            Student.last_name,
            Student.grade,
            Student.homeroom,
        )
        found: list[tuple[tuple[Any, ...], EmergencyContactChange]] = []

        def add(row: Any, contact_id: int, change: str, when: datetime, **values: Any) -> None:
            code, number, first, last, g, room = row[:6]
            key = (code, grade_rank(g), room or "", last, first, number, when)
            found.append(
                (
                    (*key, contact_id),
                    EmergencyContactChange(
                        contact_id=contact_id,
                        school_code=code,
                        student_id=number,
                        student_name=full_name(first, last),
                        grade=g,
                        homeroom=room,
                        change=CONTACT_CHANGE_WORDS[change],
                        changed_at=when,
                        **values,
                    ),
                )
            )

        ec = EmergencyContact
        q = (
            select(
                *student, ec.id, ec.name, ec.relationship, ec.phone, ec.created_at, ec.updated_at
            )
            .join(Student, Student.id == ec.student_id)
            .join(School, School.id == Student.school_id)
            .outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
            .where(ec.updated_at >= since)
        )
        for row in self.s.execute(self._selection(q, school_ids, grade, homeroom)):
            cid, name, rel, phone, created, updated = row[6:]
            assert updated is not None
            new = created is not None and created >= since
            add(row, cid, "new" if new else "changed", updated, contact_name=name,
                relationship=rel, phone=phone)  # fmt: skip

        cc = ContactChange
        removed = (
            select(
                *student,
                cc.id,
                cc.kind,
                cc.contact_name,
                cc.relationship,
                cc.old_value,
                cc.new_value,
                cc.occurred_at,
            )
            .join(Student, Student.id == cc.student_id)
            .join(School, School.id == Student.school_id)
            .outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
            .where(cc.occurred_at >= since)
        )
        guardians = (
            select(
                *student,
                cc.id,
                cc.kind,
                cc.contact_name,
                GuardianLink.relationship,
                cc.old_value,
                cc.new_value,
                cc.occurred_at,
            )
            .join(GuardianLink, GuardianLink.guardian_id == cc.guardian_id)
            .join(Student, Student.id == GuardianLink.student_id)
            .join(School, School.id == Student.school_id)
            .outerjoin(self._teacher, self._teacher.id == Student.homeroom_teacher_id)
            .where(cc.occurred_at >= since, GuardianLink.active.is_(True))
        )
        for q in (removed, guardians):
            for row in self.s.execute(self._selection(q, school_ids, grade, homeroom)):
                cid, kind, name, rel, old, new, when = row[6:]
                when = when
                assert when is not None
                add(row, cid, kind, when, contact_name=name, relationship=rel, phone=new, was=old)
        found.sort(key=lambda pair: pair[0])
        return [change for _, change in found]
