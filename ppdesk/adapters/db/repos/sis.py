"""Bulk reads and writes for the SIS import (``uow.sis``).

A district import touches hundreds of thousands of rows, so nothing here goes through
the ORM row by row: current rows are read with a handful of Core selects into plain
records (``ppdesk.services.sis_state``), and changes are written in chunks with
executemany, or with COPY on PostgreSQL (psycopg 3) for large inserts and updates.
Everything runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import groupby, islice
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Date,
    String,
    Table,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import (
    ContactChange,
    EmergencyContact,
    Guardian,
    GuardianLink,
    GuardianPhone,
    ParentPin,
    RoleGrant,
    School,
    SisStatusRequest,
    Staff,
    Student,
    table_of,
)
from ppdesk.adapters.db.repos.people import SCHOOL_SHIFT
from ppdesk.adapters.db.repos.pins import OUTSTANDING
from ppdesk.adapters.db.repos.roster import SQLITE_FTS_FILLS
from ppdesk.domain.pin import PinStatus
from ppdesk.services.sis_rows import (
    ContactChange as ContactChangeRow,
)
from ppdesk.services.sis_rows import (
    EmergencyContactUpdate,
    GuardianUpdate,
    GuardianValues,
    LinkUpdate,
    NewEmergencyContact,
    NewGrant,
    NewLink,
    NewStaff,
    Rows,
    RowStream,
    StaffUpdate,
    StudentUpdate,
    StudentValues,
)
from ppdesk.services.sis_rows import GuardianPhone as GuardianPhoneRow
from ppdesk.services.sis_state import (
    GUARDIAN_DIGEST_COLUMNS,
    STUDENT_DIGEST_COLUMNS,
    ContactState,
    DbState,
    GuardianKeys,
    GuardianState,
    LinkTable,
    SchoolState,
    StaffState,
    StudentKeys,
    StudentState,
    contacts_digest,
    digest,
)

TABLES: dict[str, Table] = {
    table_of(model).name: table_of(model)
    for model in (
        School,
        Staff,
        RoleGrant,
        Student,
        Guardian,
        GuardianPhone,
        GuardianLink,
        EmergencyContact,
        ContactChange,
    )
}
CHUNK = 5000  # rows per executemany
IN_CHUNK = 1000  # ids per IN (...) list; SQLite allows 32,766 variables, stay well below
COPY_MIN = 2000  # from this many rows on, PostgreSQL gets COPY instead of executemany
IMPORT_LOCK = 0x70706473_6973  # "ppdsis": the advisory lock key of SIS imports
BULK_MIN = 5000  # from this many rows on, see _sqlite_bulk and _pg_bulk
#: PostgreSQL: the tables whose insert trigger refreshes ``roster_search`` (migration 0019),
#: each with the column naming the student whose row it refreshes.
SEARCH_INSERTS = {"student": "id", "guardian_link": "student_id"}
SEARCH_TRIGGER = "roster_search_insert"
#: PostgreSQL: a link's per-row trigger copying its student's school and its guardian's
#: search names into it (migration 0007); a bulk load of links joins them instead.
LINK_COPY_TRIGGER = "guardian_link_search_copy"
#: The insert triggers ``_pg_bulk`` turns off while it loads a table (see there).
BULK_TRIGGERS = {
    "student": (SEARCH_TRIGGER,),
    "guardian_link": (SEARCH_TRIGGER, LINK_COPY_TRIGGER),
}


def _row_id(row: Mapping[str, object]) -> int:
    value = row["id"]
    if not isinstance(value, int):
        raise TypeError(f"a row id must be an integer, not {type(value).__name__}")
    return value


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def digest_sql(columns: Sequence[Any]) -> Any:
    """``sis_state.digest`` of these columns, computed by PostgreSQL (bytea): each value
    as its length, ':' and its text (a date as YYYY-MM-DD), or '-' for NULL, then MD5."""
    parts: list[Any] = []
    for column in columns:
        text_of: Any
        if isinstance(column.type, Date):
            text_of = func.to_char(column, "YYYY-MM-DD")
        else:
            text_of = cast(column, String)
        parts.append(func.coalesce(cast(func.length(text_of), String) + ":" + text_of, "-"))
    return func.decode(func.md5(func.concat(*parts)), "hex")


def _first(rows: Rows[Mapping[str, object]]) -> Mapping[str, object]:
    return next(iter(rows))


class SqlSisRepository:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.pg = session.get_bind().dialect.name == "postgresql"
        # Students whose roster_search rows a bulk load left to ``finish_writes``.
        self._search_ids: set[int] = set()

    def lock_imports(self) -> bool:
        """Claim the import for this transaction; False if another one is running.

        SQLite already serialises writers (BEGIN IMMEDIATE). On PostgreSQL a transaction
        advisory lock keeps two imports from comparing against the same rows and then
        colliding on the same new students.
        """
        if not self.pg:
            return True
        return bool(self.s.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": IMPORT_LOCK}))

    # -- reading -----------------------------------------------------------------------
    def load_state(self, now: datetime) -> DbState:
        """Every row an import may compare with, in a few bulk selects."""
        state = DbState()
        sc = School.__table__.c
        for row in self.s.execute(
            select(
                sc.id,
                sc.code,
                sc.name,
                sc.address,
                sc.phone,
                sc.principal_name,
                sc.local_district,
                sc.portal_url,
            )
        ):
            state.schools[row[1]] = SchoolState._make(row)
        st = Staff.__table__.c
        for row in self.s.execute(select(st.id, st.username, st.display_name, st.email, st.active)):
            state.staff[row[1].lower()] = StaffState._make(row)
        g = RoleGrant.__table__.c
        state.grants = {tuple(r) for r in self.s.execute(select(g.staff_id, g.role, g.school_id))}
        # Students and guardians: a compact key each, with the digest of the compared
        # fields (computed by PostgreSQL; on SQLite from the row, in this process). The
        # plan reads the full rows of those that differ (student_rows, guardian_rows).
        c = Student.__table__.c
        names: dict[Any, Any] = {}
        same = names.setdefault  # repeated values (PIN key ids) become one object
        pg = self.pg  # SQLite keeps booleans as 0/1
        keyed = (c.student_number, c.id, c.school_id, c.active, c.student_pin_key_id,
                 c.student_pin_ciphertext)  # fmt: skip
        compared = [c[n] for n in STUDENT_DIGEST_COLUMNS]
        students = StudentKeys()
        add = students.add
        if pg:
            for r in self._fetch(select(*keyed, digest_sql(compared))):
                add(r[0], r[1], r[2], r[3], r[6], same(r[4], r[4]), r[5])
        else:
            for r in self._fetch(select(*keyed, *compared)):
                add(r[0], r[1], r[2], bool(r[3]), digest(r[6:]), same(r[4], r[4]), r[5])
        state.students = students
        gc = Guardian.__table__.c
        keyed_g = (gc.sis_source_id, gc.id, gc.active, gc.contact_preference, gc.text_opt_in)
        compared = [gc[n] for n in GUARDIAN_DIGEST_COLUMNS]
        imported = gc.sis_source_id.is_not(None)
        guardians = GuardianKeys()
        add_guardian = guardians.add
        if pg:
            for r in self._fetch(select(*keyed_g, digest_sql(compared)).where(imported)):
                add_guardian(r[0], r[1], r[2], r[5], same(r[3], r[3]), r[4])
        else:
            for r in self._fetch(select(*keyed_g, *compared).where(imported)):
                add_guardian(r[0], r[1], bool(r[2]), digest(r[5:]), same(r[3], r[3]), bool(r[4]))
        state.guardians = guardians
        state.load_students = self._student_rows
        state.load_guardians = self._guardian_rows
        lc = GuardianLink.__table__.c
        rows = self._fetch(
            select(
                lc.id,
                lc.student_id,
                lc.guardian_id,
                lc.relationship,
                lc.verified_legal_guardian,
                lc.active,
            )
            .join(Guardian.__table__, gc.id == lc.guardian_id)
            .where(gc.sis_source_id.is_not(None))
        )
        links = LinkTable()  # compact: ~30 MB less than a list of tuples for a district
        add_link = links.add
        for r in rows:
            add_link(r[0], r[1], r[2], same(r[3], r[3]), r[4], r[5])
        state.links = links
        # Emergency contacts: a digest of each student's (the plan reads the rows of the
        # students whose contacts differ, contact_rows), made from its rows as they pass.
        ec = EmergencyContact.__table__.c
        digests = state.contact_digests
        if pg:
            # Computed by PostgreSQL, as contacts_digest does: the MD5 of the contacts'
            # digests in byte order (a no-change re-import spent ~1 s of CPU on these).
            each = select(
                ec.student_id, digest_sql([ec.name, ec.phone, ec.relationship]).label("d")
            ).subquery()
            joined = func.string_agg(
                each.c.d, aggregate_order_by(literal_column("''::bytea"), each.c.d)
            )
            for r in self._fetch(
                select(each.c.student_id, func.decode(func.md5(joined), "hex"))
                .group_by(each.c.student_id)
                .order_by(each.c.student_id)
            ):
                digests[r[0]] = r[1]
        else:
            rows = self._fetch(
                select(ec.student_id, ec.name, ec.phone, ec.relationship).order_by(
                    ec.student_id, ec.id
                )
            )
            for student, group in groupby(rows, itemgetter(0)):
                digests[student] = contacts_digest(r[1:] for r in group)
        state.load_contacts = self._contact_rows
        pc = ParentPin.__table__.c
        state.active_pin_links = set(
            self.s.scalars(
                select(pc.link_id).where(pc.status == PinStatus.ACTIVE, pc.expires_at > now)
            )
        )
        state.status_local_codes = set(
            self.s.scalars(select(sc.code).where(sc.status_local_since.is_not(None)))
        )
        rc = SisStatusRequest.__table__.c
        state.removals_requested = set(
            self.s.scalars(select(rc.link_id).where(rc.kind == "remove", rc.closed_at.is_(None)))
        )
        return state

    def keys_elsewhere(
        self, student_numbers: Sequence[str], guardian_ids: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        """None: the workstation's connection sees every row."""
        return set(), set()

    def _student_rows(self, ids: Sequence[int]) -> Iterator[StudentState]:
        """Full rows of these students (those whose digest differs), IN_CHUNK at a time."""
        c = Student.__table__.c
        columns = (c.id, c.student_number, c.school_id, c.first_name, c.last_name, c.dob,
                   c.grade, c.homeroom, c.homeroom_teacher_id, c.address, c.zip_code, c.phone,
                   c.student_email, c.home_language, c.student_pin_key_id,
                   c.student_pin_ciphertext, c.active)  # fmt: skip
        for chunk in _chunks(sorted(ids), IN_CHUNK):
            for r in self.s.execute(select(*columns).where(c.id.in_(chunk))):
                yield StudentState._make(r)

    def _contact_rows(self, student_ids: Sequence[int]) -> Iterator[ContactState]:
        """The emergency contacts of these students, IN_CHUNK students at a time."""
        ec = EmergencyContact.__table__.c
        columns = (ec.id, ec.student_id, ec.name, ec.phone, ec.relationship)
        for chunk in _chunks(sorted(student_ids), IN_CHUNK):
            query = select(*columns).where(ec.student_id.in_(chunk)).order_by(ec.id)
            for r in self.s.execute(query):
                yield ContactState._make(r)

    def _guardian_rows(self, ids: Sequence[int]) -> Iterator[GuardianState]:
        """Full rows of these guardians (those whose digest differs), IN_CHUNK at a time."""
        gc = Guardian.__table__.c
        columns = (gc.id, gc.sis_source_id, gc.first_name, gc.last_name, gc.email,
                   gc.home_phone, gc.work_phone, gc.cell_phone, gc.preferred_language,
                   gc.active, gc.contact_preference, gc.text_opt_in)  # fmt: skip
        for chunk in _chunks(sorted(ids), IN_CHUNK):
            for r in self.s.execute(select(*columns).where(gc.id.in_(chunk))):
                yield GuardianState._make(r)

    def _fetch(self, stmt: Any) -> Iterator[tuple[Any, ...]]:
        """The rows of a parameterless select, straight from the driver (for a few
        hundred thousand rows the Result machinery costs more than the query), a
        batch at a time so that the caller never holds them all as driver rows."""
        compiled = stmt.compile(
            dialect=self.s.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )  # constants only (the digest's separators), never a value from outside
        sql = str(compiled)
        cursor = self._raw().cursor()
        try:
            cursor.execute(sql)
            while batch := cursor.fetchmany(5000):
                yield from batch
        finally:
            cursor.close()

    # -- writing, in the import's words -------------------------------------------------
    def reserve_staff_ids(self, count: int) -> list[int]:
        return self._allocate_ids("staff", count)

    def reserve_student_ids(self, count: int) -> list[int]:
        return self._allocate_ids("student", count)

    def reserve_guardian_ids(self, count: int) -> list[int]:
        return self._allocate_ids("guardian", count)

    def add_staff(self, rows: Rows[NewStaff]) -> None:
        self._insert("staff", rows)

    def update_staff(self, rows: Rows[StaffUpdate]) -> None:
        self._update("staff", rows)

    def grant_roles(self, rows: Rows[NewGrant]) -> None:
        self._insert("role_grant", rows)

    def add_students(self, rows: Rows[StudentValues]) -> None:
        self._insert("student", rows)

    def update_students(self, rows: Rows[StudentValues] | Rows[StudentUpdate]) -> None:
        self._update("student", rows)

    def deactivate_students(self, ids: Iterable[int], *, at: datetime) -> None:
        self._set_values("student", ids, active=False, updated_at=at)

    def add_guardians(self, rows: Rows[GuardianValues]) -> None:
        self._insert("guardian", rows)

    def update_guardians(self, rows: Rows[GuardianValues] | Rows[GuardianUpdate]) -> None:
        self._update("guardian", rows)

    def deactivate_guardians(self, ids: Iterable[int], *, at: datetime) -> None:
        self._set_values("guardian", ids, active=False, updated_at=at)

    def remove_guardian_phones(self, guardian_ids: Iterable[int]) -> None:
        self._delete("guardian_phone", guardian_ids, column="guardian_id")

    def add_guardian_phones(self, rows: Rows[GuardianPhoneRow]) -> None:
        self._insert("guardian_phone", rows)

    def add_links(self, rows: Rows[NewLink]) -> None:
        self._insert("guardian_link", rows)

    def update_links(self, rows: Rows[LinkUpdate]) -> None:
        self._update("guardian_link", rows)

    def deactivate_links(self, ids: Iterable[int]) -> None:
        self._set_values("guardian_link", ids, active=False)

    def add_emergency_contacts(self, rows: Rows[NewEmergencyContact]) -> None:
        self._insert("emergency_contact", rows)

    def update_emergency_contacts(self, rows: Rows[EmergencyContactUpdate]) -> None:
        self._update("emergency_contact", rows)

    def remove_emergency_contacts(self, ids: Iterable[int]) -> None:
        self._delete("emergency_contact", ids)

    def record_contact_changes(self, rows: Rows[ContactChangeRow]) -> None:
        self._insert("contact_change", rows)

    def finish_writes(self) -> None:
        """After the import's last student, guardian or link write (PostgreSQL): the
        ``roster_search`` rows of the students a bulk load wrote without its insert trigger
        (``_pg_bulk``), refreshed in one call of the migration's own function; when they are
        at least as many as the table holds, its trigram index is built once afterwards."""
        if not self._search_ids:
            return
        ids = sorted(self._search_ids)
        self._search_ids = set()
        with self._pg_bulk("roster_search", len(ids)):
            self.s.execute(
                text("SELECT ppdesk_roster_search_sync(CAST(:ids AS integer[]))"), {"ids": ids}
            )

    # -- the bulk machinery behind them ------------------------------------------------
    def _allocate_ids(self, table: str, count: int) -> list[int]:
        """Reserve ``count`` primary keys (needed before a student PIN is encrypted,
        since its associated data names the row)."""
        if count <= 0:
            return []
        if self.pg:
            # The sequence named once (pg_get_serial_sequence for each row was most of it).
            sequence = self.s.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
            found = self.s.execute(
                text("SELECT nextval(CAST(:s AS regclass)) FROM generate_series(1, :n)"),
                {"s": sequence, "n": count},
            ).scalars()
            return sorted(int(v) for v in found)
        # SQLite: the write transaction (BEGIN IMMEDIATE) keeps other writers out.
        top = int(self.s.scalar(select(func.max(TABLES[table].c.id))) or 0)
        return list(range(top + 1, top + 1 + count))

    def _insert(self, table: str, rows: Rows[Mapping[str, object]]) -> None:
        """Insert rows (all with the same keys)."""
        if not len(rows):
            return
        columns = list(_first(rows))
        if self.pg:
            if len(rows) >= COPY_MIN:
                with self._pg_bulk(table, len(rows)) as off:
                    values: Iterable[list[Any]] = ([r[k] for k in columns] for r in rows)
                    if SEARCH_TRIGGER in off:
                        values = self._noting_students(values, columns.index(SEARCH_INSERTS[table]))
                    if LINK_COPY_TRIGGER in off:
                        self._copy_links(columns, values)
                    else:
                        self._copy(table, columns, values)
            else:
                stmt = insert(TABLES[table])
                for chunk in _chunks(rows, CHUNK):
                    self.s.execute(stmt, chunk)
            return
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )
        with self._sqlite_bulk(table, rows):
            self._sqlite_many(sql, table, columns, rows)

    def _update(self, table: str, rows: Rows[Mapping[str, object]]) -> None:
        """Update rows by ``id``; every row sets the same columns."""
        if not len(rows):
            return
        columns = [k for k in _first(rows) if k != "id"]
        if self.pg:
            if len(rows) >= COPY_MIN:
                self._update_via_copy(table, columns, rows)
                return
            t = TABLES[table]
            stmt = (
                update(t)
                .where(t.c.id == bindparam("b_id"))
                .values({c: bindparam(f"b_{c}") for c in columns})
            )
            for chunk in _chunks(rows, CHUNK):
                self.s.execute(stmt, [{f"b_{k}": v for k, v in r.items()} for r in chunk])
            return
        sets = ", ".join(f"{c} = ?" for c in columns)
        self._sqlite_many(f"UPDATE {table} SET {sets} WHERE id = ?", table, [*columns, "id"], rows)

    def _set_values(self, table: str, ids: Iterable[int], **values: object) -> None:
        """Set the same values on many rows (deactivations)."""
        t = TABLES[table]
        for chunk in _chunks(sorted(ids), IN_CHUNK):
            self.s.execute(update(t).where(t.c.id.in_(chunk)).values(**values))

    def _delete(self, table: str, ids: Iterable[int], *, column: str = "id") -> None:
        """Delete rows of the tables the import replaces (phones, emergency contacts)."""
        if table not in ("guardian_phone", "emergency_contact"):
            raise ValueError(f"the import never deletes from {table}")
        t = TABLES[table]
        for chunk in _chunks(sorted(ids), IN_CHUNK):
            self.s.execute(delete(t).where(t.c[column].in_(chunk)))

    def revoke_pins(
        self, reasons: dict[int, str], *, now: datetime, by_id: int | None
    ) -> list[tuple[int, int, int]]:
        """Revoke the active or held PIN of each link in ``reasons`` (link id -> reason) and destroy
        its ciphertext. Returns (pin id, link id, student id) of each PIN revoked."""
        pc = ParentPin.__table__.c
        found: list[tuple[int, int, int]] = []
        for chunk in _chunks(sorted(reasons), IN_CHUNK):
            found += [
                (int(r[0]), int(r[1]), int(r[2]))
                for r in self.s.execute(
                    select(pc.id, pc.link_id, pc.student_id).where(
                        pc.status.in_(OUTSTANDING), pc.link_id.in_(chunk)
                    )
                )
            ]
        by_reason: dict[str, list[int]] = {}
        for pin_id, link_id, _ in found:
            by_reason.setdefault(reasons[link_id], []).append(pin_id)
        t = table_of(ParentPin)
        for reason, pin_ids in by_reason.items():
            for chunk in _chunks(pin_ids, IN_CHUNK):
                self.s.execute(
                    update(t)
                    .where(t.c.id.in_(chunk))
                    .values(
                        status=PinStatus.REVOKED.value,
                        ciphertext=None,
                        ended_at=now,
                        ended_by_id=by_id,
                        end_reason=reason,
                    )
                )
        return sorted(found)

    # -- driver level ------------------------------------------------------------------
    def _raw(self) -> Any:
        """The DBAPI connection of this session's transaction (pending ORM rows flushed)."""
        self.s.flush()
        return self.s.connection().connection.driver_connection

    def _sqlite_many(
        self, sql: str, table: str, columns: list[str], rows: Rows[Mapping[str, object]]
    ) -> None:
        # sqlite3's own executemany, with SQLAlchemy's bind processors so dates, times
        # and booleans are stored exactly as the ORM stores them: about twice as fast
        # as going through Core for a few hundred thousand rows.
        t = TABLES[table]
        dialect = self.s.get_bind().dialect
        get: Any = itemgetter(*columns) if len(columns) > 1 else lambda r: (r[columns[0]],)
        procs = [
            (i, p)
            for i, c in enumerate(columns)
            if (p := t.c[c].type.dialect_impl(dialect).bind_processor(dialect)) is not None
        ]

        def values() -> Iterator[tuple[Any, ...]]:
            for row in rows:
                found = get(row)
                if not procs:
                    yield found
                    continue
                out = list(found)
                for i, p in procs:
                    if out[i] is not None:
                        out[i] = p(out[i])
                yield tuple(out)

        self._raw().executemany(sql, values())

    @contextmanager
    def _sqlite_bulk(self, table: str, rows: Rows[Mapping[str, object]]) -> Iterator[None]:
        """On SQLite, load many rows the way a bulk loader does, inside the transaction.

        Keeping each secondary index (and the substring-search trigger of students and
        guardians) up to date row by row makes a district's first import several times
        slower than inserting first and indexing once. So when the rows are many and at
        least as many as the table holds, the indexes and the insert trigger are
        dropped, the rows inserted, the search index filled in one statement, and every
        index and trigger recreated from its own stored SQL. It is all one transaction:
        a rollback restores the schema exactly, and other workstations keep reading the
        last committed state (WAL) meanwhile.
        """
        t = TABLES[table]
        existing = int(self.s.scalar(select(func.count()).select_from(t)) or 0)
        if len(rows) < BULK_MIN or len(rows) < existing:
            yield
            return
        # The insert triggers filling a search table, each with the statement that fills
        # it for a range of new rows instead (only tables whose rows no other trigger
        # rewrites: a guardian link's school and names are set by migration 0007's
        # trigger, which fires the school-keyed table's update trigger anyway).
        fills = {
            f"{table}_fts_ai": (
                f"INSERT INTO {table}_fts(rowid, search_name) "
                f"SELECT id, search_name FROM {table} r WHERE 1 = 1"
            ),
        }
        if table == "student":
            fills["student_school_fts_ai"] = (  # migration 0017
                f"INSERT INTO student_school_fts(rowid, search_name) "
                f"SELECT r.school_id * {SCHOOL_SHIFT} + r.id, r.search_name FROM student r "
                "WHERE r.school_id IS NOT NULL AND r.search_name IS NOT NULL"
            )
        if table in SQLITE_FTS_FILLS:  # the roster tab's search (migration 0021)
            name, fill = SQLITE_FTS_FILLS[table]
            fills[name] = fill
        indexes = list(
            self.s.execute(
                text(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = :t "
                    "AND sql IS NOT NULL AND (type = 'index' OR name IN :triggers)"
                ).bindparams(bindparam("triggers", expanding=True)),
                {"t": table, "triggers": list(fills)},
            )
        )
        fts = any(kind == "trigger" for kind, _, _ in indexes)
        ids: list[int] = []
        if fts and "id" in _first(rows):
            known = rows.ids if isinstance(rows, RowStream) else None
            ids = sorted(known if known is not None else (_row_id(r) for r in rows))
        if fts and not (ids and ids[-1] - ids[0] + 1 == len(ids)):
            indexes = [i for i in indexes if i[0] == "index"]  # cannot tell the new rows
        for kind, name, _ in indexes:
            self.s.execute(text(f"DROP {kind.upper()} {name}"))
        yield
        for kind, name, _ in indexes:
            if kind == "trigger":
                self.s.execute(
                    text(f"{fills[name]} AND r.id BETWEEN :lo AND :hi"),
                    {"lo": ids[0], "hi": ids[-1]},
                )
        for _, _, sql in indexes:
            self.s.execute(text(sql))

    # -- PostgreSQL COPY ---------------------------------------------------------------
    @contextmanager
    def _pg_bulk(self, table: str, count: int) -> Iterator[frozenset[str]]:
        """On PostgreSQL, index and check a bulk load once, when the table was (nearly) empty.

        Only when the rows are at least as many as the table holds (a district's first
        import): the secondary indexes that back no constraint (name search, trigram,
        phone digits) and the table's foreign keys are dropped, the rows copied in, and
        each recreated from its own definition, in the same transaction (a failed check
        rolls everything back). This locks the table until the commit, which is why it
        is kept to tables that had next to nothing to read.

        The table's insert triggers in ``BULK_TRIGGERS`` are disabled meanwhile too (in
        this transaction only; enabled again before the commit), and the names of those it
        disabled are yielded: the caller does their work set-based. For the trigger
        refreshing ``roster_search`` (migration 0019), the caller notes the students
        (``_noting_students``) and ``finish_writes`` refreshes their rows once, after the
        links are written, instead of each load refreshing them (a district's students
        twice, row by row in a trigram index); for a link's copy of its school and
        guardian's names, ``_copy_links``.
        """
        existing = int(self.s.scalar(text(f"SELECT count(*) FROM {table}")) or 0)
        if count < BULK_MIN or count < existing:
            yield frozenset()
            return
        indexes = list(
            self.s.execute(
                text(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                    "WHERE i.schemaname = current_schema() AND i.tablename = :t "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    "WHERE c.conname = i.indexname)"
                ),
                {"t": table},
            )
        )
        # Foreign keys too: checking each copied row is most of the cost of a load, while
        # adding the constraint back validates the whole table in one join.
        foreign = list(
            self.s.execute(
                text(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'"
                ),
                {"t": table},
            )
        )
        triggers = frozenset(
            self.s.scalars(
                text(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) "
                    "AND tgname IN :names AND tgenabled <> 'D'"
                ).bindparams(bindparam("names", expanding=True)),
                {"t": table, "names": list(BULK_TRIGGERS[table])},
            )
            if table in BULK_TRIGGERS
            else ()
        )
        for name, _ in indexes:
            self.s.execute(text(f'DROP INDEX "{name}"'))
        for name, _ in foreign:
            self.s.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
        for name in triggers:
            self.s.execute(text(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"'))
        yield triggers
        for name in triggers:
            self.s.execute(text(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"'))
        for _, definition in indexes:
            self.s.execute(text(definition))
        for name, definition in foreign:
            self.s.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))

    def _copy_links(self, columns: list[str], values: Iterable[list[Any]]) -> None:
        """New links without their per-row copy trigger (``LINK_COPY_TRIGGER``, off): COPY
        into a temporary table, then one INSERT joining what the trigger would have set,
        in the order copied (ids in the caller's order)."""
        temp = "ppdesk_import_new_link"
        copies = ("school_id", "guardian_search_name", "guardian_search_last")
        names = ", ".join(columns)
        raw = self._raw()
        with raw.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {temp}")
            cur.execute(
                f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS "
                f"SELECT {names} FROM guardian_link LIMIT 0"
            )
            cur.execute(f"ALTER TABLE {temp} ADD COLUMN ord integer GENERATED ALWAYS AS IDENTITY")
        self._copy(temp, columns, values)
        kept = [c for c in columns if c not in copies]
        with raw.cursor() as cur:
            cur.execute(
                f"INSERT INTO guardian_link ({', '.join([*kept, *copies])}) "
                f"SELECT {', '.join(f'n.{c}' for c in kept)}, "
                "s.school_id, g.search_name, g.search_last "
                f"FROM {temp} n LEFT JOIN student s ON s.id = n.student_id "
                "LEFT JOIN guardian g ON g.id = n.guardian_id ORDER BY n.ord"
            )
            cur.execute(f"DROP TABLE {temp}")

    def _noting_students(self, values: Iterable[list[Any]], at: int) -> Iterator[list[Any]]:
        """The rows as they go, each one's student (column ``at``) noted for
        ``finish_writes``."""
        note = self._search_ids.add
        for row in values:
            note(row[at])
            yield row

    def _copy(self, table: str, columns: list[str], values: Iterable[list[Any]]) -> None:
        names = ", ".join(columns)
        with self._raw().cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)

    def _update_via_copy(
        self, table: str, columns: list[str], rows: Rows[Mapping[str, object]]
    ) -> None:
        # COPY the new values into a temporary table, then one UPDATE ... FROM.
        temp = f"ppdesk_import_{table}"
        names = ", ".join(["id", *columns])
        raw = self._raw()
        with raw.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {temp}")
            cur.execute(
                f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT {names} FROM {table} LIMIT 0"
            )
        self._copy(temp, ["id", *columns], ([r["id"], *(r[c] for c in columns)] for r in rows))
        sets = ", ".join(f"{c} = n.{c}" for c in columns)
        with raw.cursor() as cur:
            cur.execute(f"UPDATE {table} AS t SET {sets} FROM {temp} AS n WHERE t.id = n.id")
            cur.execute(f"DROP TABLE {temp}")
