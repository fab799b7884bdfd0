"""The SIS import over a personal login, as ``ppdesk_api`` functions (PostgreSQL only).

A principal or a district administrator signed in with their own login role has no table
privilege and no TEMPORARY right on the database, yet an import writes hundreds of
thousands of rows and must stay set-based. So the import is staged, then applied by one
function (docs/district-setup.md, section 1, "The SIS import as the person"):

- ``begin_sis_import()`` checks that the caller may import somewhere, takes the import
  lock (``repos.sis.IMPORT_LOCK``; ``import_running`` while another import holds it), then
  creates, as the owner, the session's staging tables (``pg_temp.sis_stage_<table>``,
  ``ON COMMIT DROP``, visible to this session only) and grants the caller INSERT on them,
  nothing else. The only run-time DDL of the import, made by the owner through this
  function.
- ``sis_keys_elsewhere(students, guardians)`` names the keys of the files that rows the
  caller cannot see hold (another school's student number or guardian ID): the plan
  reports them as errors at their file and line instead of failing on a unique index.
- the desk COPYs the import's planned rows into them (``batch``, ``op`` and the table's
  columns; one ``sis_stage_batch`` row per batch names its table, operation and columns),
  and the links whose PINs end (``sis_stage_revoke``), the schools the files carry
  (``sis_stage_carried``) and the links the SIS carries as not verified
  (``sis_stage_unverified``).
- ``reserve_sis_ids(table, count)`` hands out primary keys before the rows are made (a
  student PIN's ciphertext names its row).
- ``apply_sis_import(summary, school_id)`` checks every staged row against the role
  matrix in SQL (``import_sis`` at every school a row touches, as it is and as the import
  makes it; the columns the import writes; the roles the SIS grants), applies each batch
  in one statement, revokes the PINs of the links that ended or lost the verified flag,
  marks the schools the SIS now feeds, closes the status requests it settles and appends
  the import's audit rows (``staff_add``, ``role_grant``, the requests closed,
  ``pin_revoke``, the ``sis_import`` summary), the actor being ``session_user``. A refusal
  rolls back everything the call did and leaves one denied row.

``services.sis_write.write_plan`` keeps its shape: ``person_sis.PersonSisRepository`` stages
what it writes and calls ``apply_sis_import`` when the summary row is appended.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, text

from ppdesk.adapters.db.pg_sql import (
    API,
    DEFINER,
    PRIVATE,
    RoleNames,
    function_problems,
    lit,
    q,
    staff_only_grants_sql,
)
from ppdesk.adapters.db.pin_sql import OUTSTANDING_ORDER, status_sql, statuses_sql
from ppdesk.adapters.db.repos.sis import IMPORT_LOCK
from ppdesk.domain.pin import PinStatus

# services.sis_write.VERIFIED_SOURCE and domain.sis_status.CLOSE_ACTION (the adapter keeps
# its own copies; tests/integration/test_person_import.py compares them).
VERIFIED_SOURCE = "sis"
CLOSE_ACTION = "sis_status_request_closed"
# The roles an import grants (services.sis_plan.GRANTED_ROLES).
SIS_ROLES = ("teacher", "office_staff")

_REVOKED = status_sql(PinStatus.REVOKED)
_OUTSTANDING = statuses_sql(OUTSTANDING_ORDER)
_P = PRIVATE

# The tables an import writes, in the order they are applied (a link needs its student and
# guardian; a phone's row-level check needs the guardian's link).
TABLE_ORDER = (
    "school",
    "staff",
    "role_grant",
    "student",
    "guardian",
    "guardian_link",
    "guardian_phone",
    "emergency_contact",
    "contact_change",
)
# The student's and the guardian's columns an import writes, made and updated alike (the
# student PIN only when the row is made).
_STUDENT_COLUMNS = (
    "id",
    "school_id",
    "student_number",
    "first_name",
    "last_name",
    "search_name",
    "search_last",
    "dob",
    "grade",
    "homeroom",
    "homeroom_teacher_id",
    "address",
    "zip_code",
    "phone",
    "student_email",
    "home_language",
    "active",
    "updated_at",
)
_GUARDIAN_COLUMNS = (
    "id",
    "sis_source_id",
    "first_name",
    "last_name",
    "search_name",
    "search_last",
    "email",
    "email_folded",
    "home_phone",
    "work_phone",
    "cell_phone",
    "contact_preference",
    "text_opt_in",
    "preferred_language",
    "active",
    "updated_at",
)
_VERIFIED_BY = "CASE WHEN s.verified_by IS NULL THEN NULL ELSE session_user::text END"
# (table, op) -> the columns a batch may name, each with the SQL that writes it (None: the
# staged value as given). What is not here is never written by an import: a staff
# password, a grant's author (the caller) or scope, who verified a link (the caller).
COLUMNS: dict[tuple[str, str], dict[str, str | None]] = {
    ("school", "insert"): dict.fromkeys(
        ["id", "code", "name", "address", "phone", "principal_name", "local_district", "portal_url"]
    ),
    ("school", "update"): dict.fromkeys(
        ["id", "name", "address", "phone", "principal_name", "local_district", "portal_url"]
    ),
    ("staff", "insert"): {
        **dict.fromkeys(["id", "username", "display_name", "email", "created_at"]),
        "password_hash": "NULL",
        "active": "true",
        "failed_logins": "0",
    },
    ("staff", "update"): dict.fromkeys(["id", "display_name", "email"]),
    ("role_grant", "insert"): {
        **dict.fromkeys(["staff_id", "role", "school_id", "reason"]),
        "local_district": "NULL",
        "granted_by_id": f"{API}.my_staff_id()",
        "granted_at": "$2",  # the function's clock
    },
    ("student", "insert"): dict.fromkeys(
        [*_STUDENT_COLUMNS, "student_pin_ciphertext", "student_pin_key_id"]
    ),
    # Not the student PIN: over a personal login the desk cannot read the stored one, so an
    # update leaves it as it is.
    ("student", "update"): dict.fromkeys(_STUDENT_COLUMNS),
    ("guardian", "insert"): dict.fromkeys(_GUARDIAN_COLUMNS),
    ("guardian", "update"): dict.fromkeys(_GUARDIAN_COLUMNS),
    ("guardian_link", "insert"): {
        **dict.fromkeys(
            [
                "student_id",
                "guardian_id",
                "relationship",
                "verified_legal_guardian",
                "verified_at",
                "active",
            ]
        ),
        "verified_by": _VERIFIED_BY,
        "verified_source": lit(VERIFIED_SOURCE),
    },
    ("guardian_link", "update"): {
        **dict.fromkeys(["id", "relationship", "verified_legal_guardian", "verified_at", "active"]),
        "verified_by": _VERIFIED_BY,
        "verified_source": lit(VERIFIED_SOURCE),
    },
    ("guardian_phone", "insert"): dict.fromkeys(["guardian_id", "kind", "digits", "digits_rev"]),
    ("guardian_phone", "delete"): dict.fromkeys(["guardian_id"]),
    ("emergency_contact", "insert"): dict.fromkeys(
        ["student_id", "name", "phone", "relationship", "created_at", "updated_at"]
    ),
    ("emergency_contact", "update"): dict.fromkeys(
        ["id", "name", "phone", "relationship", "updated_at"]
    ),
    ("emergency_contact", "delete"): dict.fromkeys(["id"]),
    ("contact_change", "insert"): dict.fromkeys(
        [
            "occurred_at",
            "guardian_id",
            "student_id",
            "kind",
            "contact_name",
            "relationship",
            "old_value",
            "new_value",
        ]
    ),
}
# Tables whose primary keys the desk reserves before making the rows.
RESERVED_TABLES = ("school", "staff", "student", "guardian")
RESERVE_MAX = 2_000_000

IMPORT_REFUSALS: dict[str, tuple[str, str]] = {
    "not_importer": (
        "insufficient_privilege",
        "Only a principal or a district administrator can import from the SIS.",
    ),
    "import_out_of_scope": (
        "insufficient_privilege",
        "This import changes records of a school outside the schools where you may import "
        "from the SIS; nothing was imported.",
    ),
    "import_invalid": (
        "invalid_parameter_value",
        "The staged import names a table, operation, column or role an SIS import never "
        "writes; nothing was imported.",
    ),
    "import_not_begun": (
        "invalid_parameter_value",
        "Call ppdesk_api.begin_sis_import() first, in the same transaction.",
    ),
}

IMPORT_FUNCTIONS = (
    "begin_sis_import()",
    "reserve_sis_ids(text, integer)",
    "apply_sis_import(text, integer)",
    "note_import_refusal(text, boolean)",
    "sis_keys_elsewhere(text[], text[])",
)
IMPORT_PRIVATE_FUNCTIONS = (
    "json_canon(jsonb)",
    "import_school_ids()",
    "may_import_any()",
    "may_import_new_school(text)",
    "import_fail(text, integer)",
)
COLUMN_TABLE = f"{PRIVATE}.import_column"
# A guardian row is added before its first link exists, so the guardian's scope policy
# (a link to a student of the caller's schools) cannot admit it yet. Inserting is the
# import function's business (staff have no privilege on the table; the function checks
# each guardian against the caller's schools once the links are in).
GUARDIAN_INSERT_POLICY = "ppdesk_import_insert"


def _json(**members: str) -> str:
    """An SQL expression: the JSON object of ``members`` (key -> SQL expression), keys
    sorted and no spaces, as ``ppdesk.domain.audit.check_details`` writes it."""
    parts = [
        lit(("{" if i == 0 else ",") + json.dumps(key) + ":") + f" || {_P}.jtxt({value})"
        for i, (key, value) in enumerate(sorted(members.items()))
    ]
    return "(" + " || ".join(parts) + " || '}')"


def _columns_sql(n: RoleNames) -> list[str]:
    rows = ", ".join(
        f"({lit(table)}, {lit(op)}, {lit(col)}, {lit(expr) if expr else 'NULL'})"
        for (table, op), cols in sorted(COLUMNS.items())
        for col, expr in sorted(cols.items())
    )
    return [
        f"CREATE TABLE IF NOT EXISTS {COLUMN_TABLE} (tbl text NOT NULL, op text NOT NULL, "
        "col text NOT NULL, expr text, PRIMARY KEY (tbl, op, col))",
        f"ALTER TABLE {COLUMN_TABLE} OWNER TO {q(n.owner)}",
        f"REVOKE ALL ON {COLUMN_TABLE} FROM PUBLIC",
        f"DELETE FROM {COLUMN_TABLE}",
        f"INSERT INTO {COLUMN_TABLE} (tbl, op, col, expr) VALUES {rows}",
    ]


def _helpers_sql() -> list[str]:
    return [
        # Canonical JSON text (keys sorted, no spaces), as check_details writes it.
        f"""CREATE OR REPLACE FUNCTION {_P}.json_canon(p jsonb) RETURNS text
        LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            IF jsonb_typeof(p) = 'object' THEN
                RETURN '{{' || coalesce((SELECT string_agg(to_json(e.k)::text || ':'
                    || {_P}.json_canon(e.v), ',' ORDER BY e.k COLLATE "C")
                    FROM jsonb_each(p) AS e(k, v)), '') || '}}';
            ELSIF jsonb_typeof(p) = 'array' THEN
                RETURN '[' || coalesce((SELECT string_agg({_P}.json_canon(a.v), ','
                    ORDER BY a.n) FROM jsonb_array_elements(p) WITH ORDINALITY AS a(v, n)),
                    '') || ']';
            END IF;
            RETURN p::text;
        END $$""",
        # The schools where the caller may import (every school for an administrator).
        f"""CREATE OR REPLACE FUNCTION {_P}.import_school_ids() RETURNS integer[]
        LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT CASE WHEN {API}.scoped() THEN {API}.my_school_ids('import_sis')
                ELSE (SELECT coalesce(array_agg(id), '{{}}') FROM public.school) END
        $$""",
        # Does the caller hold import_sis anywhere (a district administrator may before any
        # school exists)?
        f"""CREATE OR REPLACE FUNCTION {_P}.may_import_any() RETURNS boolean
        LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT NOT {API}.scoped() OR EXISTS (SELECT 1 FROM public.role_grant g
                JOIN public.staff st ON st.id = g.staff_id AND st.username = session_user
                    AND st.active AND st.locked_at IS NULL
                JOIN {_P}.role_permission rp ON rp.role = g.role
                    AND rp.permission = 'import_sis'
                WHERE g.revoked_at IS NULL)
        $$""",
        # A school the import creates, or moves to another local district, is judged by
        # where it will be (services.sis_import._require): a district-wide grant, or one
        # for that local district.
        f"""CREATE OR REPLACE FUNCTION {_P}.may_import_new_school(p_local_district text)
        RETURNS boolean LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT NOT {API}.scoped() OR EXISTS (SELECT 1 FROM public.role_grant g
                JOIN public.staff st ON st.id = g.staff_id AND st.username = session_user
                    AND st.active AND st.locked_at IS NULL
                JOIN {_P}.role_permission rp ON rp.role = g.role
                    AND rp.permission = 'import_sis'
                WHERE g.revoked_at IS NULL AND g.school_id IS NULL
                    AND (g.local_district IS NULL OR g.local_district = p_local_district))
        $$""",
        # Stop the import: the exception rolls back what apply_sis_import did so far, and
        # its handler records the one refusal (the reason and the school named).
        f"""CREATE OR REPLACE FUNCTION {_P}.import_fail(p_reason text, p_school_id integer)
        RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION USING ERRCODE = 'PPI01', MESSAGE = p_reason,
                DETAIL = coalesce(p_school_id::text, '');
        END $$""",
    ]


def _begin_sql(n: RoleNames) -> list[str]:
    tables = ", ".join(lit(t) for t in TABLE_ORDER)
    refuse = (
        f"refusal := {_P}.refuse('sis_import', NULL, NULL, NULL, 'not_importer', "
        '\'"dry_run":false,"permission":"import_sis"\'); RETURN;'
    )
    return [
        f"""CREATE OR REPLACE FUNCTION {API}.begin_sis_import(OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_t text;
        BEGIN
            IF NOT {_P}.may_import_any() THEN
                {refuse}
            END IF;
            -- One import at a time, whoever calls (the desk takes this lock first): two
            -- that planned against the same rows would collide on the same new keys.
            IF NOT pg_try_advisory_xact_lock({IMPORT_LOCK}) THEN
                refusal := 'import_running';  -- no one was denied: no audit row
                RETURN;
            END IF;
            IF to_regclass('pg_temp.sis_stage_batch') IS NOT NULL THEN
                RAISE EXCEPTION 'an SIS import was begun already in this transaction';
            END IF;
            CREATE TEMP TABLE sis_stage_batch (batch integer PRIMARY KEY, tbl text NOT NULL,
                op text NOT NULL, cols text[] NOT NULL) ON COMMIT DROP;
            CREATE TEMP TABLE sis_stage_revoke (link_id integer NOT NULL, reason text)
                ON COMMIT DROP;
            CREATE TEMP TABLE sis_stage_carried (school_id integer NOT NULL) ON COMMIT DROP;
            CREATE TEMP TABLE sis_stage_unverified (link_id integer NOT NULL) ON COMMIT DROP;
            EXECUTE format('GRANT INSERT ON pg_temp.sis_stage_batch, pg_temp.sis_stage_revoke, '
                'pg_temp.sis_stage_carried, pg_temp.sis_stage_unverified TO %I', session_user);
            FOREACH v_t IN ARRAY ARRAY[{tables}] LOOP
                -- The table's columns and types, no constraint: a batch fills some of them.
                EXECUTE format('CREATE TEMP TABLE %I ON COMMIT DROP AS SELECT '
                    'NULL::integer AS batch, t.* FROM public.%I t WITH NO DATA',
                    'sis_stage_' || v_t, v_t);
                EXECUTE format('GRANT INSERT ON pg_temp.%I TO %I', 'sis_stage_' || v_t,
                    session_user);
            END LOOP;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.reserve_sis_ids(p_table text, p_count integer,
            OUT ids integer[], OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            IF NOT {_P}.may_import_any() THEN
                {refuse}
            END IF;
            IF p_table IS NULL OR p_table NOT IN ({", ".join(lit(t) for t in RESERVED_TABLES)})
                    OR p_count IS NULL OR p_count < 0 OR p_count > {RESERVE_MAX} THEN
                refusal := {_P}.refuse('sis_import', NULL, NULL, NULL, 'import_invalid');
                RETURN;
            END IF;
            SELECT coalesce(array_agg(x ORDER BY x), '{{}}') INTO ids FROM (
                SELECT nextval(pg_get_serial_sequence('public.' || p_table, 'id'))::integer
                    AS x FROM generate_series(1, p_count)) r;
        END $$""",
    ]


# Each probe of sis_keys_elsewhere: the table, its key column, the values of its other
# required columns (the probe rows are rolled back; a student's is made at one of the
# caller's schools, which its scope policy admits).
_PROBES = (
    ("student", "student_number", "school_id, first_name, last_name, search_name, "
     "search_last, dob, grade", "v_school, '-', '-', '-', '-', DATE '2000-01-01', '1'"),
    ("guardian", "sis_source_id", "first_name, last_name, search_name, search_last",
     "'-', '-', '-', '-'"),
)  # fmt: skip


def _elsewhere_sql() -> list[str]:
    """``sis_keys_elsewhere(students, guardians)``: of the student numbers and guardian
    source ids the files carry, those a row outside the caller's sight already holds (a
    student of another school, a guardian linked only there). The caller's reads and the
    import's writes are scoped, but the keys are unique across the district, so without
    this the import would fail on a unique index. It reads no row it may not see: each key
    the caller cannot see is inserted ``ON CONFLICT DO NOTHING`` and every probe row rolled
    back; a key that inserts nothing is held elsewhere. What it tells is only that a key is
    taken (as the unique index would). An administrator (not scoped) sees every row."""
    probes = []
    for table, key, cols, values in _PROBES:
        out = "students" if table == "student" else "guardians"
        unseen = (
            f"SELECT DISTINCT k FROM unnest(p_{out}) k WHERE k IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM public.{table} t WHERE t.{key} = k)"
        )
        probes.append(f"""
            SELECT coalesce(array_agg(k ORDER BY k), '{{}}') INTO v_keys FROM ({unseen}) u;
            v_n := 0;
            BEGIN  -- all at once: the usual answer, none taken
                INSERT INTO public.{table} ({key}, {cols}) SELECT k, {values}
                    FROM unnest(v_keys) k ON CONFLICT DO NOTHING;
                GET DIAGNOSTICS v_n = ROW_COUNT;
                RAISE SQLSTATE 'PDPRB';
            EXCEPTION WHEN SQLSTATE 'PDPRB' THEN NULL;
            END;
            IF v_n < cardinality(v_keys) THEN
                BEGIN  -- some are taken: which, one at a time
                    FOREACH v_k IN ARRAY v_keys LOOP
                        INSERT INTO public.{table} ({key}, {cols}) VALUES (v_k, {values})
                            ON CONFLICT DO NOTHING;
                        GET DIAGNOSTICS v_n = ROW_COUNT;
                        IF v_n = 0 THEN {out} := {out} || v_k; END IF;
                    END LOOP;
                    RAISE SQLSTATE 'PDPRB';
                EXCEPTION WHEN SQLSTATE 'PDPRB' THEN NULL;
                END;
            END IF;""")
    return [
        f"""CREATE OR REPLACE FUNCTION {API}.sis_keys_elsewhere(p_students text[],
            p_guardians text[], OUT students text[], OUT guardians text[], OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_school integer; v_keys text[]; v_k text; v_n bigint;
        BEGIN
            students := '{{}}';
            guardians := '{{}}';
            IF NOT {_P}.may_import_any() THEN
                refusal := {_P}.refuse('sis_import', NULL, NULL, NULL, 'not_importer',
                    '"dry_run":true,"permission":"import_sis"');
                RETURN;
            END IF;
            v_school := ({_P}.import_school_ids())[1];
            IF NOT {API}.scoped() OR v_school IS NULL THEN
                RETURN;
            END IF;{"".join(probes)}
        END $$""",
    ]


def _apply_sql(n: RoleNames) -> list[str]:
    fail = f"PERFORM {_P}.import_fail"
    staff_add = _json(can_log_in="false", source="'sis_import'::text")
    grant_row = _json(local_district="NULL::text", reason="r.reason", role="r.role")
    close_row = _json(outcome="r.outcome", request_id="r.id", source="'sis_import'::text")
    revoke_row = _json(pin_id="r.id", reason="r.reason", source="'sis_import'::text")
    return [
        f"""CREATE OR REPLACE FUNCTION {API}.apply_sis_import(p_summary text,
            p_school_id integer, OUT audit_seq integer, OUT pins_revoked integer,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_now timestamptz := clock_timestamp();
            v_me integer := {API}.my_staff_id();
            v_s integer[];
            v_new integer[];
            b record; r record;
            v_cols text; v_vals text; v_sets text; v_bad integer; v_n bigint; v_want bigint;
            v_reason text; v_school integer; v_details jsonb; v_closed integer := 0;
            v_fed integer := 0; v_file text; v_detail text;
        BEGIN
            IF NOT {_P}.may_import_any() THEN
                refusal := {_P}.refuse('sis_import', NULL, NULL, NULL, 'not_importer',
                    '"dry_run":false,"permission":"import_sis"');
                RETURN;
            END IF;
            IF to_regclass('pg_temp.sis_stage_batch') IS NULL THEN
                refusal := {_P}.refuse('sis_import', NULL, NULL, NULL, 'import_not_begun');
                RETURN;
            END IF;
            BEGIN
                BEGIN
                    v_details := p_summary::jsonb;
                EXCEPTION WHEN others THEN
                    v_details := NULL;
                END;
                IF v_details IS NULL OR jsonb_typeof(v_details) <> 'object' THEN
                    {fail}('import_invalid', NULL);
                END IF;
                v_file := left(v_details ->> 'file', 255);
                -- Every batch names a table, operation and columns an import writes.
                SELECT x.batch INTO v_bad FROM pg_temp.sis_stage_batch x
                    WHERE x.tbl NOT IN ({", ".join(lit(t) for t in TABLE_ORDER)})
                        OR cardinality(x.cols) = 0
                        OR EXISTS (SELECT 1 FROM unnest(x.cols) c WHERE NOT EXISTS (
                            SELECT 1 FROM {COLUMN_TABLE} k
                            WHERE k.tbl = x.tbl AND k.op = x.op AND k.col = c))
                        OR (x.op IN ('update', 'delete') AND x.cols[1] <> CASE
                            WHEN x.tbl = 'guardian_phone' THEN 'guardian_id' ELSE 'id' END)
                    LIMIT 1;
                IF v_bad IS NOT NULL THEN
                    {fail}('import_invalid', NULL);
                END IF;
                IF EXISTS (SELECT 1 FROM pg_temp.sis_stage_role_grant
                        WHERE role IS NULL OR role NOT IN ({", ".join(lit(r) for r in SIS_ROLES)})) THEN
                    {fail}('import_invalid', NULL);
                END IF;
                v_s := {_P}.import_school_ids();

                -- Schools: a new one where it will be; an existing one where it is, and
                -- where it goes if the import moves it to another local district.
                SELECT x.local_district INTO r FROM pg_temp.sis_stage_school x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch AND b2.op = 'insert'
                    WHERE NOT {_P}.may_import_new_school(x.local_district) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', NULL);
                END IF;
                SELECT x.id INTO v_bad FROM pg_temp.sis_stage_school x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch AND b2.op = 'update'
                    LEFT JOIN public.school sc ON sc.id = x.id
                    WHERE NOT (x.id = ANY (v_s)) OR sc.id IS NULL
                        OR (x.local_district IS NOT NULL AND sc.local_district IS NOT NULL
                            AND x.local_district <> sc.local_district
                            AND NOT {_P}.may_import_new_school(x.local_district))
                    LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', v_bad);
                END IF;
                SELECT coalesce(array_agg(x.id), '{{}}') INTO v_new
                    FROM pg_temp.sis_stage_school x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch AND b2.op = 'insert';
                v_s := v_s || v_new;

                -- Before: students, links and emergency contacts changed or removed are
                -- at the caller's schools now (a row they cannot see counts as outside).
                SELECT coalesce(t.school_id, -1) INTO v_bad FROM pg_temp.sis_stage_student x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch AND b2.op = 'update'
                    LEFT JOIN public.student t ON t.id = x.id
                    WHERE t.id IS NULL OR NOT (t.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', nullif(v_bad, -1));
                END IF;
                SELECT coalesce(st.school_id, -1) INTO v_bad
                    FROM pg_temp.sis_stage_guardian_link x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch AND b2.op = 'update'
                    LEFT JOIN public.guardian_link l ON l.id = x.id
                    LEFT JOIN public.student st ON st.id = l.student_id
                    WHERE st.id IS NULL OR NOT (st.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', nullif(v_bad, -1));
                END IF;
                SELECT coalesce(st.school_id, -1) INTO v_bad
                    FROM pg_temp.sis_stage_emergency_contact x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch
                        AND b2.op IN ('update', 'delete')
                    LEFT JOIN public.emergency_contact c ON c.id = x.id
                    LEFT JOIN public.student st ON st.id = c.student_id
                    WHERE st.id IS NULL OR NOT (st.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', nullif(v_bad, -1));
                END IF;
                -- A new link joins a guardian this import adds, or one already linked to a
                -- student of those schools: never one the caller could not see (the SIS's
                -- guardians of other schools reach the desk as new and collide instead).
                SELECT x.guardian_id INTO v_bad FROM pg_temp.sis_stage_guardian_link x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch AND b2.op = 'insert'
                    WHERE x.guardian_id IS NULL OR NOT (
                        EXISTS (SELECT 1 FROM pg_temp.sis_stage_guardian g
                            JOIN pg_temp.sis_stage_batch b3 ON b3.batch = g.batch
                                AND b3.op = 'insert' WHERE g.id = x.guardian_id)
                        OR EXISTS (SELECT 1 FROM public.guardian_link l
                            JOIN public.student st ON st.id = l.student_id
                            WHERE l.guardian_id = x.guardian_id
                                AND st.school_id = ANY (v_s))) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', NULL);
                END IF;
                SELECT coalesce(st.school_id, -1) INTO v_bad FROM pg_temp.sis_stage_revoke x
                    LEFT JOIN public.guardian_link l ON l.id = x.link_id
                    LEFT JOIN public.student st ON st.id = l.student_id
                    WHERE st.id IS NULL OR NOT (st.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', nullif(v_bad, -1));
                END IF;
                SELECT x.school_id INTO v_bad FROM pg_temp.sis_stage_carried x
                    WHERE NOT (x.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', v_bad);
                END IF;

                -- Each batch in one statement, table by table in dependency order.
                FOR b IN SELECT x.* FROM pg_temp.sis_stage_batch x
                        ORDER BY array_position(ARRAY[{", ".join(lit(t) for t in TABLE_ORDER)}],
                            x.tbl),
                            CASE x.op WHEN 'delete' THEN 0 WHEN 'insert' THEN 1 ELSE 2 END,
                            x.batch LOOP
                    SELECT string_agg(format('%I', k.col), ', ' ORDER BY k.col),
                        string_agg(coalesce(k.expr, format('s.%I', k.col)), ', ' ORDER BY k.col),
                        string_agg(format('%I = %s', k.col, coalesce(k.expr, format('s.%I', k.col))),
                            ', ' ORDER BY k.col) FILTER (WHERE k.col <> b.cols[1])
                        INTO v_cols, v_vals, v_sets
                        FROM {COLUMN_TABLE} k WHERE k.tbl = b.tbl AND k.op = b.op
                            AND (k.col = ANY (b.cols) OR (b.op = 'insert' AND k.expr IS NOT NULL));
                    EXECUTE format('SELECT count(*) FROM pg_temp.%I WHERE batch = $1',
                        'sis_stage_' || b.tbl) INTO v_want USING b.batch;
                    IF b.op = 'insert' THEN
                        EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM pg_temp.%I s '
                            'WHERE s.batch = $1', b.tbl, v_cols, v_vals, 'sis_stage_' || b.tbl)
                            USING b.batch, v_now;
                    ELSIF b.op = 'update' THEN
                        IF v_sets IS NULL THEN
                            CONTINUE;
                        END IF;
                        EXECUTE format('UPDATE public.%I t SET %s FROM pg_temp.%I s '
                            'WHERE s.batch = $1 AND t.id = s.id', b.tbl, v_sets,
                            'sis_stage_' || b.tbl) USING b.batch, v_now;
                        GET DIAGNOSTICS v_n = ROW_COUNT;
                        IF v_n <> v_want THEN
                            -- A row the caller cannot see (row-level security), or none.
                            {fail}('import_out_of_scope', NULL);
                        END IF;
                    ELSE
                        EXECUTE format('DELETE FROM public.%I t USING pg_temp.%I s '
                            'WHERE s.batch = $1 AND t.%I = s.%I', b.tbl,
                            'sis_stage_' || b.tbl, b.cols[1], b.cols[1]) USING b.batch;
                    END IF;
                END LOOP;

                -- After: every row the import wrote is at one of the caller's schools.
                SELECT coalesce(t.school_id, -1) INTO v_bad FROM pg_temp.sis_stage_student x
                    LEFT JOIN public.student t ON t.id = x.id
                    WHERE t.id IS NULL OR NOT (t.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', nullif(v_bad, -1));
                END IF;
                SELECT coalesce(st.school_id, -1) INTO v_bad FROM public.guardian_link l
                    JOIN (SELECT x.id FROM pg_temp.sis_stage_guardian_link x WHERE x.id IS NOT NULL
                        UNION SELECT l2.id FROM public.guardian_link l2
                            JOIN pg_temp.sis_stage_guardian_link y
                                ON y.id IS NULL AND y.student_id = l2.student_id
                                AND y.guardian_id = l2.guardian_id) w ON w.id = l.id
                    LEFT JOIN public.student st ON st.id = l.student_id
                    WHERE st.id IS NULL OR NOT (st.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', nullif(v_bad, -1));
                END IF;
                SELECT g.id INTO v_bad FROM (
                        SELECT x.id FROM pg_temp.sis_stage_guardian x
                        UNION SELECT x.guardian_id FROM pg_temp.sis_stage_guardian_phone x
                        UNION SELECT x.guardian_id FROM pg_temp.sis_stage_contact_change x
                            WHERE x.guardian_id IS NOT NULL) g
                    WHERE NOT EXISTS (SELECT 1 FROM public.guardian_link l
                        JOIN public.student st ON st.id = l.student_id
                        WHERE l.guardian_id = g.id AND st.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', NULL);
                END IF;
                SELECT s2.id INTO v_bad FROM (
                        SELECT x.student_id AS id FROM pg_temp.sis_stage_emergency_contact x
                            WHERE x.student_id IS NOT NULL
                        UNION SELECT c.student_id FROM public.emergency_contact c
                            JOIN pg_temp.sis_stage_emergency_contact x ON x.id = c.id
                        UNION SELECT x.student_id FROM pg_temp.sis_stage_contact_change x
                            WHERE x.student_id IS NOT NULL) s2
                    LEFT JOIN public.student st ON st.id = s2.id
                    WHERE st.id IS NULL OR NOT (st.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', NULL);
                END IF;
                IF EXISTS (SELECT 1 FROM pg_temp.sis_stage_contact_change x
                        WHERE x.student_id IS NULL AND x.guardian_id IS NULL) THEN
                    {fail}('import_invalid', NULL);
                END IF;
                SELECT x.school_id INTO v_bad FROM pg_temp.sis_stage_role_grant x
                    WHERE x.school_id IS NULL OR NOT (x.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', v_bad);
                END IF;
                -- A staff account the import renames holds a role at one of those schools.
                SELECT x.id INTO v_bad FROM pg_temp.sis_stage_staff x
                    JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch AND b2.op = 'update'
                    WHERE NOT EXISTS (SELECT 1 FROM public.role_grant g
                        WHERE g.staff_id = x.id AND g.revoked_at IS NULL
                            AND g.school_id = ANY (v_s)) LIMIT 1;
                IF FOUND THEN
                    {fail}('import_out_of_scope', NULL);
                END IF;

                -- The audit rows, in the service's order.
                FOR r IN SELECT x.id, (SELECT min(g.school_id)
                            FROM pg_temp.sis_stage_role_grant g WHERE g.staff_id = x.id) AS sc
                        FROM pg_temp.sis_stage_staff x
                        JOIN pg_temp.sis_stage_batch b2 ON b2.batch = x.batch
                            AND b2.op = 'insert'
                        ORDER BY x.id LOOP
                    PERFORM {_P}.audit_append('staff_add', 'success', 'staff', r.id::text,
                        r.sc, {staff_add});
                END LOOP;
                FOR r IN SELECT x.staff_id, x.role, x.school_id, x.reason
                        FROM pg_temp.sis_stage_role_grant x
                        ORDER BY x.batch, x.staff_id, x.role, x.school_id LOOP
                    PERFORM {_P}.audit_append('role_grant', 'success', 'staff',
                        r.staff_id::text, r.school_id, {grant_row});
                END LOOP;

                -- From its first import on, the SIS decides a school's verified status.
                WITH fed AS (UPDATE public.school sc SET sis_fed_since = v_now
                    WHERE sc.id IN (SELECT school_id FROM pg_temp.sis_stage_carried)
                        AND sc.sis_fed_since IS NULL AND sc.status_local_since IS NULL
                    RETURNING sc.id)
                SELECT count(*) INTO v_fed FROM fed;
                -- Open requests the import settles (repos.status_requests.closable).
                CREATE TEMP TABLE sis_closes ON COMMIT DROP AS
                    SELECT q.id, q.link_id, st.school_id,
                        CASE WHEN NOT l.active OR NOT st.active OR NOT g.active
                                THEN 'link_ended'
                            WHEN q.kind = 'remove' THEN 'sis_unverified'
                            ELSE 'sis_verified' END AS outcome
                    FROM public.sis_status_request q
                    JOIN public.guardian_link l ON l.id = q.link_id
                    JOIN public.student st ON st.id = l.student_id
                    JOIN public.guardian g ON g.id = l.guardian_id
                    WHERE q.closed_at IS NULL
                        AND st.school_id IN (SELECT school_id FROM pg_temp.sis_stage_carried)
                        AND ((NOT l.active OR NOT st.active OR NOT g.active)
                            OR (q.kind = 'verify' AND l.verified_legal_guardian AND l.active)
                            OR (q.kind = 'remove' AND q.link_id IN
                                (SELECT link_id FROM pg_temp.sis_stage_unverified)));
                FOR r IN SELECT * FROM pg_temp.sis_closes ORDER BY id LOOP
                    PERFORM {_P}.audit_append({lit(CLOSE_ACTION)}, 'success', 'guardian_link',
                        r.link_id::text, r.school_id, {close_row});
                    v_closed := v_closed + 1;
                END LOOP;

                -- The PINs of links that ended or lost the flag, whatever their state when
                -- the desk compared (one issued meanwhile is revoked too).
                pins_revoked := 0;
                FOR r IN WITH ended AS (
                        UPDATE public.parent_pin p SET status = {_REVOKED}, ciphertext = NULL,
                            ended_at = v_now, ended_by_id = v_me, end_reason = x.reason
                        FROM (SELECT DISTINCT ON (link_id) link_id, reason
                            FROM pg_temp.sis_stage_revoke ORDER BY link_id) x
                        WHERE p.link_id = x.link_id AND p.status IN {_OUTSTANDING}
                        RETURNING p.id, p.link_id, p.student_id, x.reason)
                    SELECT e.id, e.link_id, e.reason, st.school_id FROM ended e
                    LEFT JOIN public.student st ON st.id = e.student_id ORDER BY e.id LOOP
                    PERFORM {_P}.audit_append('pin_revoke', 'success', 'guardian_link',
                        r.link_id::text, r.school_id, {revoke_row});
                    pins_revoked := pins_revoked + 1;
                END LOOP;

                -- The summary: as the desk made it, with what was done counted here.
                v_details := v_details || jsonb_build_object('pins_revoked_count', pins_revoked);
                v_details := v_details - 'sis_requests_closed_count'
                    - 'status_from_sis_school_count';
                IF v_closed > 0 THEN
                    v_details := v_details || jsonb_build_object('sis_requests_closed_count',
                        v_closed);
                END IF;
                IF v_fed > 0 THEN
                    v_details := v_details || jsonb_build_object(
                        'status_from_sis_school_count', v_fed);
                END IF;
                IF p_school_id IS NOT NULL AND NOT (p_school_id = ANY (v_s)) THEN
                    {fail}('import_out_of_scope', p_school_id);
                END IF;
                audit_seq := {_P}.audit_append('sis_import', 'success', 'sis_import', NULL,
                    p_school_id, {_P}.json_canon(v_details));
                UPDATE public.sis_status_request q SET closed_at = v_now, outcome = c.outcome,
                    closed_import_seq = audit_seq, closed_import_file = v_file
                    FROM pg_temp.sis_closes c WHERE q.id = c.id AND q.closed_at IS NULL;
                DROP TABLE pg_temp.sis_closes;
            EXCEPTION
                WHEN SQLSTATE 'PPI01' OR insufficient_privilege THEN
                    GET STACKED DIAGNOSTICS v_reason = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
                    IF v_reason IN ('import_out_of_scope', 'import_invalid') THEN
                        v_bad := nullif(v_detail, '')::integer;
                    ELSE
                        v_reason := 'import_out_of_scope';  -- a row-level security check
                        v_bad := NULL;
                    END IF;
                    audit_seq := NULL;
                    pins_revoked := NULL;
                    refusal := {_P}.refuse('sis_import', CASE WHEN v_bad IS NULL THEN NULL
                        ELSE 'school' END, (SELECT sc.code FROM public.school sc
                        WHERE sc.id = v_bad), v_bad, v_reason,
                        '"dry_run":false,"permission":"import_sis"');
            END;
        END $$""",
    ]


def _note_sql() -> list[str]:
    return [
        # The desk's own refusal of an import at a school outside the caller's (the service
        # checks before reading the files): recorded in that school's chain, which
        # ``audit_note`` keeps to the caller's schools. Only a true refusal: the school
        # exists and the caller may not import there.
        f"""CREATE OR REPLACE FUNCTION {API}.note_import_refusal(p_school_code text,
            p_dry_run boolean, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_school integer;
        BEGIN
            SELECT sc.id INTO v_school FROM public.school sc WHERE sc.code = p_school_code;
            IF v_school IS NULL OR p_dry_run IS NULL
                    OR v_school = ANY ({_P}.import_school_ids()) THEN
                RAISE EXCEPTION 'no refusal to note for school %', p_school_code
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            refusal := {_P}.refuse('sis_import', 'school', p_school_code, v_school,
                'import_out_of_scope', '"dry_run":' || p_dry_run::text
                || ',"permission":"import_sis"');
        END $$""",
    ]


def import_functions_sql(n: RoleNames) -> list[str]:
    """The statements, in order (security_sql runs them with the desk's functions)."""
    return [
        *_columns_sql(n),
        *_helpers_sql(),
        *_begin_sql(n),
        *_elsewhere_sql(),
        *_apply_sql(n),
        *_note_sql(),
    ]


def import_grants_sql(n: RoleNames) -> list[str]:
    """After the views, the ownership and the scope policies: these functions are the staff
    role's only; the guardian insert policy (see GUARDIAN_INSERT_POLICY)."""
    return [
        *staff_only_grants_sql(n, IMPORT_FUNCTIONS, IMPORT_PRIVATE_FUNCTIONS),
        f"DROP POLICY IF EXISTS {GUARDIAN_INSERT_POLICY} ON public.guardian",
        f"CREATE POLICY {GUARDIAN_INSERT_POLICY} ON public.guardian FOR INSERT "
        f"TO {q(n.owner)} WITH CHECK (true)",
    ]


def import_problems(conn: Connection, n: RoleNames) -> list[str]:
    """What differs from import_functions_sql and import_grants_sql: a function missing,
    not SECURITY DEFINER, with no pinned search_path, or executable by anyone but the staff
    group (and the owner); the guardian insert policy missing or other than an insert by the
    owner; the column list missing; the staff group able to make temporary tables."""
    problems = function_problems(conn, n, IMPORT_FUNCTIONS)
    policy = conn.execute(
        text(
            "SELECT p.polcmd = 'a' AND p.polpermissive "
            "AND p.polroles = ARRAY[(SELECT oid FROM pg_roles WHERE rolname = :o)] "
            "AND pg_get_expr(p.polwithcheck, p.polrelid) = 'true' "
            "FROM pg_policy p WHERE p.polrelid = to_regclass('public.guardian') "
            "AND p.polname = :p"
        ),
        {"o": n.owner, "p": GUARDIAN_INSERT_POLICY},
    ).first()
    if policy is None:
        problems.append(f"policy {GUARDIAN_INSERT_POLICY} on guardian is missing")
    elif not policy[0]:
        problems.append(
            f"policy {GUARDIAN_INSERT_POLICY} on guardian is not the import's "
            f"(permissive, FOR INSERT, TO {n.owner}, WITH CHECK (true))"
        )
    columns = conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": COLUMN_TABLE})
    if not columns.scalar():
        problems.append(f"table {COLUMN_TABLE} is missing")
    if conn.execute(
        text("SELECT has_database_privilege(:s, current_database(), 'TEMP')"), {"s": n.staff}
    ).scalar():
        problems.append("the staff role may create temporary tables")
    return problems
