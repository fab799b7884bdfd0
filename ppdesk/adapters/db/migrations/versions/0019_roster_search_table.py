"""One search row per student for the roster tab (PostgreSQL): a 3-4 letter word in a page.

The roster tab's search found its candidate students through three trigram indexes
(migration 0015): the student's text, the guardians' text (then their links, one probe per
guardian) and the relationships, and then read every candidate student (one probe each)
to put them in the tab's order. A common 3-4 letter word ("gar", "garc": about 9,000
students and 16,000 guardians at 900,087 rows) cost some 105,000 buffer reads before the
first page, about 0.2 s on a quiet machine. ``roster_search`` holds, per student, what
those three indexes held and what the tab sorts the students by:

* ``words``: the student's text (number, last and first name, grade, homeroom) and, for
  each active link of an active guardian, the guardian's text (first and last name, portal
  e-mail, the phone shown, preferred-language code) and the link's relationship, lower
  case, joined by spaces (a search word holds none, so a word is in ``words`` when it is
  in one of those fields: the candidates are a superset of the rows the word matches);
* ``school_id``, ``active`` and the sort columns (student number, last and first name,
  grade), copies of the student's.

A trigram GIN index keyed by school first (``btree_gin``, as migration 0007) finds a word's
students, one school's or a district's, in one bitmap scan of this narrow table, and the
tab's order is taken from the same rows (``SqlRosterRepository._page_keys``).

Statement triggers (with transition tables, so a COPY or an ``UPDATE ... FROM`` of the SIS
import refreshes its rows in one set-based statement) keep it whatever writes the rows: a
student inserted, deleted or changed in a copied column; a guardian changed in a searched
column or in ``active``; a link inserted, deleted or changed in its student, guardian,
relationship or ``active``. Each refresh first locks the students' rows, then recomputes
them from a fresh snapshot: two writers of the same student's guardians cannot each write
a text missing the other's change. The desk's functions for personal logins
(``pg_security_desk``) write none of these columns; a write made as a person (row-level
security forced) refreshes only the students that person sees, so a guardian shared with a
student outside their schools leaves that student's text as it was (as with the copies of
migration 0007) until the next write an administrator makes to it. The roster repository reads the table
only over the workstation's connection (a personal login reads the ``ppdesk_api`` views,
and has the per-table search of migration 0015). PostgreSQL only.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# The texts of migration 0015 (SqlRosterRepository.STUDENT_TEXT, GUARDIAN_TEXT,
# RELATIONSHIP_TEXT), of the rows aliased s, g and l.
STUDENT_TEXT = (
    "lower(coalesce(s.student_number, '') || ' ' || coalesce(s.last_name, '') || ' ' || "
    "coalesce(s.first_name, '') || ' ' || coalesce(s.grade, '') || ' ' || "
    "coalesce(s.homeroom, ''))"
)
GUARDIAN_TEXT = (
    "lower(coalesce(g.first_name, '') || ' ' || coalesce(g.last_name, '') || ' ' || "
    "coalesce(g.registered_portal_email, '') || ' ' || "
    "coalesce(nullif(g.cell_phone, ''), nullif(g.home_phone, ''), g.work_phone, '') || ' ' || "
    "coalesce(btrim(g.preferred_language), ''))"
)
RELATIONSHIP_TEXT = "lower(coalesce(l.relationship, ''))"
WORDS = (
    f"{STUDENT_TEXT} || coalesce((SELECT string_agg(' ' || {GUARDIAN_TEXT} || ' ' || "
    f"{RELATIONSHIP_TEXT}, '' ORDER BY l.id) FROM guardian_link l "
    "JOIN guardian g ON g.id = l.guardian_id WHERE l.student_id = s.id AND l.active "
    "AND g.active), '')"
)
COPIED = ("school_id", "active", "student_number", "last_name", "first_name", "grade")
_COLUMNS = ", ".join(("student_id", *COPIED, "words"))
_VALUES = ", ".join(("s.id", *(f"s.{c}" for c in COPIED), WORDS))
_SET = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*COPIED, "words"))
_CHANGED = " OR ".join(f"r.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in (*COPIED, "words"))

TABLE = """
CREATE TABLE roster_search (
    student_id integer PRIMARY KEY,
    school_id integer NOT NULL,
    active boolean NOT NULL,
    student_number text,
    last_name text,
    first_name text,
    grade text,
    words text NOT NULL
)
"""

SYNC = f"""
CREATE FUNCTION ppdesk_roster_search_sync(ids integer[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
    END IF;
    -- Wait for any other writer of these students' rows; the statements below then read
    -- what it committed (each takes a new snapshot).
    PERFORM 1 FROM roster_search WHERE student_id = ANY(ids) ORDER BY student_id FOR UPDATE;
    INSERT INTO roster_search AS r ({_COLUMNS})
        SELECT {_VALUES} FROM student s WHERE s.id = ANY(ids)
        ON CONFLICT (student_id) DO UPDATE SET {_SET} WHERE {_CHANGED};
END
$$
"""

_STUDENT_CHANGED = " OR ".join(
    f"a.{c} IS DISTINCT FROM b.{c}"
    for c in ("school_id", "active", "student_number", "last_name", "first_name", "grade",
              "homeroom")
)  # fmt: skip
_GUARDIAN_CHANGED = " OR ".join(
    f"a.{c} IS DISTINCT FROM b.{c}"
    for c in ("active", "first_name", "last_name", "registered_portal_email", "cell_phone",
              "home_phone", "work_phone", "preferred_language")
)  # fmt: skip
_LINK_CHANGED = " OR ".join(
    f"a.{c} IS DISTINCT FROM b.{c}" for c in ("student_id", "guardian_id", "relationship", "active")
)

# table -> {event: the students to refresh, from the transition tables "a" (new), "b" (old)}
AFFECTED = {
    "student": {
        "insert": "SELECT id FROM new_rows",
        "update": (
            "SELECT a.id FROM new_rows a LEFT JOIN old_rows b ON b.id = a.id "
            f"WHERE b.id IS NULL OR {_STUDENT_CHANGED}"
        ),
        "delete": "SELECT id FROM old_rows",
    },
    "guardian": {
        "update": (
            "SELECT l.student_id FROM guardian_link l WHERE l.guardian_id IN ("
            "SELECT a.id FROM new_rows a JOIN old_rows b ON b.id = a.id "
            f"WHERE {_GUARDIAN_CHANGED})"
        ),
    },
    "guardian_link": {
        "insert": "SELECT student_id FROM new_rows",
        "update": (
            "SELECT x.student_id FROM (SELECT a.student_id, b.student_id AS was "
            "FROM new_rows a JOIN old_rows b ON b.id = a.id "
            f"WHERE {_LINK_CHANGED}) d, LATERAL (VALUES (d.student_id), (d.was)) x(student_id)"
        ),
        "delete": "SELECT student_id FROM old_rows",
    },
}
_REFERENCING = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


# A student whose id an update changed: its old row goes.
_GONE = (
    "DELETE FROM roster_search WHERE student_id IN (SELECT b.id FROM old_rows b "
    "WHERE NOT EXISTS (SELECT 1 FROM new_rows a WHERE a.id = b.id)); "
)


def _trigger_sql() -> list[str]:
    out = []
    for table, events in AFFECTED.items():
        for event, affected in events.items():
            name = f"ppdesk_roster_search_{table}_{event}"
            refresh = (
                "PERFORM ppdesk_roster_search_sync(ARRAY(SELECT DISTINCT student_id "
                f"FROM ({affected}) t(student_id) WHERE student_id IS NOT NULL ORDER BY 1))"
            )
            if (table, event) == ("student", "delete"):
                # A deleted student's row goes with it (only here: a refresh never deletes,
                # so a student the writer cannot see under row-level security keeps its row).
                body = f"DELETE FROM roster_search WHERE student_id IN ({affected})"
            elif (table, event) == ("student", "update"):
                body = _GONE + refresh
            else:
                body = refresh
            out.append(
                f"""
                CREATE FUNCTION {name}() RETURNS trigger
                LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
                BEGIN
                    {body};
                    RETURN NULL;
                END
                $$
                """
            )
            out.append(
                f"CREATE TRIGGER roster_search_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    return out


INDEXES = (
    "CREATE INDEX ix_roster_search_school_trgm ON roster_search "
    "USING gin (school_id, words gin_trgm_ops)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.execute(TABLE)
    # Existing rows in one pass, then the triggers keep every new or changed row.
    op.execute(f"INSERT INTO roster_search ({_COLUMNS}) SELECT {_VALUES} FROM student s")
    op.execute(SYNC)
    for sql in (*_trigger_sql(), *INDEXES):
        op.execute(sql)
    op.execute("ANALYZE roster_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, events in AFFECTED.items():
        for event in events:
            op.execute(f"DROP TRIGGER IF EXISTS roster_search_{event} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS ppdesk_roster_search_{table}_{event}()")
    op.execute("DROP FUNCTION IF EXISTS ppdesk_roster_search_sync(integer[])")
    op.execute("DROP TABLE IF EXISTS roster_search")
