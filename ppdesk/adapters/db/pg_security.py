"""The shared database enforces the rules itself (PostgreSQL only).

``security_sql`` is every statement that turns a migrated ppdesk database into one where a
staff member connecting as their own PostgreSQL login role can do only what the role matrix
allows, whatever program they connect with:

- three cluster roles per database: ``<prefix>_owner`` (NOLOGIN, owns every table, view and
  function), ``<prefix>_staff`` (NOLOGIN group; every person's login role is a member) and
  ``<prefix>_login_admin`` (NOLOGIN, CREATEROLE, owns only the functions that create, reset,
  disable and re-enable staff login roles);
- no table privilege for staff: they read the ``ppdesk_api`` views (column lists without PIN
  ciphertexts, PIN hashes or password hashes) and write through ``ppdesk_api`` functions
  (``SECURITY DEFINER``, ``search_path`` pinned) that check the role matrix in SQL and append
  the audit row themselves, the actor being ``session_user``;
- row-level security, forced on the owner too, scopes every view and function by the
  schools of the connected person's grants (a teacher: their homeroom);
- PUBLIC loses CONNECT and TEMP on the database and CREATE on the schema.

Applying is idempotent (``ppdesk db roles --apply`` after every ``db upgrade``) and needs a
superuser or an equivalent administrator. The role matrix in SQL is generated from
``ppdesk.domain.roles`` so the two cannot drift.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

from ppdesk.adapters.db.engine import session_defaults
from ppdesk.adapters.db.models import Base
from ppdesk.adapters.db.pg_security_desk import (
    DESK_REFUSALS,
    desk_functions_sql,
    desk_grants_sql,
    desk_problems,
)
from ppdesk.adapters.db.pg_security_import import (
    IMPORT_REFUSALS,
    import_functions_sql,
    import_grants_sql,
    import_problems,
)
from ppdesk.adapters.db.pg_security_letters import (
    LETTER_REFUSALS,
    letters_functions_sql,
    letters_grants_sql,
    letters_problems,
)
from ppdesk.adapters.db.pg_security_office import (
    OFFICE_REFUSALS,
    office_functions_sql,
    office_grants_sql,
    office_problems,
)
from ppdesk.adapters.db.pg_sql import API, AUDIT_SEQS, DEFINER, PRIVATE, RoleNames, lit, q
from ppdesk.adapters.db.pin_sql import OUTSTANDING_ORDER, status_sql, statuses_sql
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.roles import ROLE_PERMISSIONS
from ppdesk.domain.settings import DEFAULT_PIN_EXPIRY_DAYS
from ppdesk.domain.verification import (
    VERIFICATION_VALID_FOR,
)

# Columns no staff view ever shows (secrets, or the material to test guesses against).
HIDDEN_COLUMNS: dict[str, frozenset[str]] = {
    "staff": frozenset({"password_hash", "failed_logins"}),
    "student": frozenset({"student_pin_ciphertext", "student_pin_key_id"}),
    "parent_pin": frozenset({"pin_hash", "ciphertext", "key_id", "request_id"}),
}
# Tables staff read through a view (every other table has no staff view at all).
VIEW_TABLES = (
    "school",
    "staff",
    "role_grant",
    "student",
    "guardian",
    "guardian_phone",
    "guardian_link",
    "emergency_contact",
    "contact_change",
    "verification",
    "parent_pin",
    "pin_disclosure",
    "audit_event",
    # What the student page shows besides: SIS status requests, letters queued for the
    # school, failed portal links (the redemption lock).
    "sis_status_request",
    "school_letter",
    "redemption_attempt",
)

# Row-level security: which rows of each table the connected staff member may see.
# ``{api}.scoped()`` is false for administrators (not members of the staff group).
_STUDENT_SCOPE = (
    "school_id IN (SELECT unnest({api}.my_school_ids('lookup_all_students'))) OR "
    "(homeroom_teacher_id = (SELECT {api}.my_staff_id()) "
    "AND school_id IN (SELECT unnest({api}.my_school_ids('lookup'))))"
)
POLICIES: dict[str, str] = {
    "student": _STUDENT_SCOPE,
    "guardian_link": "EXISTS (SELECT 1 FROM public.student x WHERE x.id = guardian_link.student_id)",
    "emergency_contact": (
        "EXISTS (SELECT 1 FROM public.student x WHERE x.id = emergency_contact.student_id)"
    ),
    "contact_change": (
        "EXISTS (SELECT 1 FROM public.student x WHERE x.id = contact_change.student_id) OR "
        "EXISTS (SELECT 1 FROM public.guardian x WHERE x.id = contact_change.guardian_id)"
    ),
    "parent_pin": "EXISTS (SELECT 1 FROM public.student x WHERE x.id = parent_pin.student_id)",
    "guardian": "EXISTS (SELECT 1 FROM public.guardian_link x WHERE x.guardian_id = guardian.id)",
    "guardian_phone": (
        "EXISTS (SELECT 1 FROM public.guardian x WHERE x.id = guardian_phone.guardian_id)"
    ),
    "verification": "EXISTS (SELECT 1 FROM public.guardian_link x WHERE x.id = verification.link_id)",
    "pin_disclosure": "EXISTS (SELECT 1 FROM public.parent_pin x WHERE x.id = pin_disclosure.pin_id)",
    "sis_status_request": (
        "EXISTS (SELECT 1 FROM public.student x WHERE x.id = sis_status_request.student_id)"
    ),
    "school_letter": (
        "EXISTS (SELECT 1 FROM public.guardian_link x WHERE x.id = school_letter.link_id)"
    ),
    "redemption_attempt": (
        "EXISTS (SELECT 1 FROM public.student x "
        "WHERE x.student_number = redemption_attempt.student_number)"
    ),
    "audit_event": (
        "school_id IN (SELECT unnest({api}.my_school_ids('read_audit'))) "
        "OR actor_staff_id = (SELECT {api}.my_staff_id())"
    ),
}

APPEND_POLICY = "ppdesk_append"


# PIN statuses in the functions' SQL, from domain.pin.PinStatus.
_ACTIVE = status_sql(PinStatus.ACTIVE)
_REVOKED = status_sql(PinStatus.REVOKED)
_EXPIRED = status_sql(PinStatus.EXPIRED)
_OUTSTANDING = statuses_sql(OUTSTANDING_ORDER)


def _roles_sql(n: RoleNames) -> list[str]:
    out = []
    for role, attrs in ((n.owner, "NOLOGIN"), (n.staff, "NOLOGIN"), (n.login_admin, "NOLOGIN")):
        out.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {lit(role)}) "
            f"THEN CREATE ROLE {q(role)} {attrs}; END IF; END $$"
        )
    out.append(f"ALTER ROLE {q(n.login_admin)} NOLOGIN CREATEROLE")
    for role in (n.owner, n.staff):
        out.append(f"ALTER ROLE {q(role)} NOLOGIN NOCREATEROLE NOCREATEDB NOSUPERUSER")
    db = q(n.database)
    out += [
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {db} TO {q(n.staff)}",
        # Members of the owner role (administrators, and the workstation role, which the
        # desk still uses at start and sign-in) keep what PUBLIC had: the SIS import uses a
        # temporary table.
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {q(n.owner)}",
        # The desk's session settings as the database's defaults: PgBouncer drops the
        # ``options`` start-up parameter that carries them otherwise.
        *(f"ALTER DATABASE {db} SET {k} = {lit(v)}" for k, v in session_defaults().items()),
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {q(n.owner)}",
        f"GRANT USAGE ON SCHEMA public TO {q(n.login_admin)}",
        # Every table (whoever created it in a migration) belongs to the owner role.
        f"""DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
                EXECUTE format('ALTER TABLE public.%I OWNER TO %I', r.tablename, {lit(n.owner)});
                EXECUTE format('REVOKE ALL ON TABLE public.%I FROM PUBLIC', r.tablename);
                EXECUTE format('REVOKE ALL ON TABLE public.%I FROM %I', r.tablename,
                               {lit(n.staff)});
            END LOOP;
        END $$""",
        f"GRANT SELECT ON public.staff TO {q(n.login_admin)}",
        f"CREATE SCHEMA IF NOT EXISTS {PRIVATE} AUTHORIZATION {q(n.owner)}",
        f"CREATE SCHEMA IF NOT EXISTS {API} AUTHORIZATION {q(n.owner)}",
        f"ALTER SCHEMA {PRIVATE} OWNER TO {q(n.owner)}",
        f"ALTER SCHEMA {API} OWNER TO {q(n.owner)}",
        f"REVOKE ALL ON SCHEMA {PRIVATE}, {API} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {API} TO {q(n.staff)}, {q(n.login_admin)}",
        f"GRANT USAGE ON SCHEMA {PRIVATE} TO {q(n.login_admin)}",
    ]
    return out


def _matrix_sql(n: RoleNames) -> list[str]:
    rows = ", ".join(
        f"({lit(role.value)}, {lit(p.value)})"
        for role, perms in sorted(ROLE_PERMISSIONS.items())
        for p in sorted(perms)
    )
    return [
        f"CREATE TABLE IF NOT EXISTS {PRIVATE}.role_permission "
        "(role text NOT NULL, permission text NOT NULL, PRIMARY KEY (role, permission))",
        f"ALTER TABLE {PRIVATE}.role_permission OWNER TO {q(n.owner)}",
        f"DELETE FROM {PRIVATE}.role_permission",
        f"INSERT INTO {PRIVATE}.role_permission (role, permission) VALUES {rows}",
        # The refusals the functions may give, with the message and SQLSTATE of the
        # WARNING that tells the caller (an auditor may join audit rows to it).
        f"CREATE TABLE IF NOT EXISTS {PRIVATE}.refusal_reason "
        "(reason text PRIMARY KEY, sqlstate text NOT NULL, message text NOT NULL)",
        f"ALTER TABLE {PRIVATE}.refusal_reason OWNER TO {q(n.owner)}",
        f"DELETE FROM {PRIVATE}.refusal_reason",
        f"INSERT INTO {PRIVATE}.refusal_reason (reason, sqlstate, message) VALUES "
        + ", ".join(
            f"({lit(code)}, {lit(state)}, {lit(message)})"
            for code, (state, message) in sorted(REFUSALS.items())
        ),
    ]


# Functions whose result changed when refusals became results (they return a ``refusal``
# column now): an older definition is dropped first, as CREATE OR REPLACE cannot change a
# result type. The private helpers that raised are gone.
_RESULT_CHANGED = (
    "disclose_pin(integer, text)",
    "issue_pin(integer, text, text, text, boolean, text)",
    "set_pin_ciphertext(integer, text, bytea)",
    "grant_role(integer, text, integer, text, text)",
    "revoke_role(integer, text)",
    "session_start()",
    "create_login(text, text)",
    "set_login_password(text, text)",
    "disable_login(text)",
)
_PRIVATE_GONE = (
    "require(text, integer, text)",
    "require_grant_scope(text, integer, text)",
    "recent_verification(integer, text)",
)


def _replaced_sql() -> list[str]:
    out = [f"DROP FUNCTION IF EXISTS {PRIVATE}.{sig}" for sig in _PRIVATE_GONE]
    for sig in _RESULT_CHANGED:
        out.append(
            f"""DO $$ BEGIN
            IF to_regprocedure({lit(f"{API}.{sig}")}) IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM pg_proc WHERE oid = to_regprocedure({lit(f"{API}.{sig}")})
                    AND 'refusal'::text = ANY (proargnames)) THEN
                DROP FUNCTION {API}.{sig};
            END IF;
        END $$"""
        )
    return out


def _helpers_sql(n: RoleNames) -> list[str]:
    staff_group = lit(n.staff)
    valid_min = int(VERIFICATION_VALID_FOR.total_seconds() // 60)
    fns = [
        # Is the connected person a staff login (scoped), or an administrator (not)?
        # PL/pgSQL, not SQL: a SECURITY DEFINER function is never inlined, and a SQL
        # function's query is planned again on every call, while PL/pgSQL keeps its plan for
        # the session (the policies call these once per statement, and a trigger's
        # statement runs once per row).
        f"""CREATE OR REPLACE FUNCTION {API}.scoped() RETURNS boolean
        LANGUAGE plpgsql STABLE {DEFINER} AS $$ BEGIN RETURN EXISTS (SELECT 1
                FROM pg_auth_members m
                JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                WHERE g.rolname = {staff_group} AND u.rolname = session_user);
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.my_staff_id() RETURNS integer
        LANGUAGE plpgsql STABLE {DEFINER} AS $$ BEGIN RETURN (SELECT id FROM public.staff
            WHERE username = session_user AND active AND locked_at IS NULL);
        END $$""",
        # The schools where the connected person holds a role that allows p_permission.
        f"""CREATE OR REPLACE FUNCTION {API}.my_school_ids(p_permission text)
        RETURNS integer[] LANGUAGE plpgsql STABLE {DEFINER} AS $$ BEGIN RETURN (
            SELECT coalesce(array_agg(DISTINCT sc.id), '{{}}')
            FROM public.role_grant g
            JOIN public.staff st ON st.id = g.staff_id AND st.username = session_user
                AND st.active AND st.locked_at IS NULL
            JOIN {PRIVATE}.role_permission rp ON rp.role = g.role
                AND rp.permission = p_permission
            JOIN public.school sc ON sc.id = g.school_id OR (g.school_id IS NULL
                AND (g.local_district IS NULL OR g.local_district = sc.local_district))
            WHERE g.revoked_at IS NULL);
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {PRIVATE}.jtxt(anyelement) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(to_json($1)::text, 'null') $$""",
        # The one SQL-side place the audit chain is extended. The hash is exactly
        # ppdesk.domain.audit.row_hash (JSON array, sha256), so `ppdesk audit verify` checks
        # rows written here like any other.
        f"""CREATE OR REPLACE FUNCTION {PRIVATE}.audit_append(
            p_action text, p_outcome text, p_target_type text, p_target_id text,
            p_school_id integer, p_details text) RETURNS integer
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            h record;
            v_seq integer;
            v_at timestamptz := clock_timestamp();
            v_actor text := session_user;
            v_staff integer := {API}.my_staff_id();
            v_ws text := left('db:' || coalesce(host(inet_client_addr()), 'local socket'), 100);
            v_payload text;
            v_hash text;
            v_chain integer := coalesce(p_school_id, 0);
        BEGIN
            -- Only this row's chain (its school's, or the district's) is locked; the
            -- sequence is drawn after the lock, so it grows along the chain (docs/audit.md).
            SELECT last_seq, last_hash INTO h FROM public.audit_chain_head
                WHERE chain = v_chain FOR UPDATE;
            IF NOT FOUND THEN
                INSERT INTO public.audit_chain_head (id, chain, last_seq, last_hash)
                    SELECT v_chain + 1, v_chain, z.fork_seq - 1, z.fork_hash
                    FROM public.audit_chain_head z WHERE z.chain = 0
                    ON CONFLICT DO NOTHING;
                SELECT last_seq, last_hash INTO h FROM public.audit_chain_head
                    WHERE chain = v_chain FOR UPDATE;
            END IF;
            v_seq := nextval('public.audit_event_seq');
            v_payload := '[' || v_seq || ','
                || {PRIVATE}.jtxt(to_char(v_at AT TIME ZONE 'UTC',
                                          'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) || ','
                || {PRIVATE}.jtxt(v_actor) || ',' || {PRIVATE}.jtxt(v_staff) || ','
                || {PRIVATE}.jtxt(v_ws) || ',' || {PRIVATE}.jtxt(p_action) || ','
                || {PRIVATE}.jtxt(p_target_type) || ',' || {PRIVATE}.jtxt(p_target_id) || ','
                || {PRIVATE}.jtxt(p_school_id) || ',' || {PRIVATE}.jtxt(p_outcome) || ','
                || {PRIVATE}.jtxt(p_details) || ',' || {PRIVATE}.jtxt(h.last_hash::text) || ']';
            v_hash := encode(sha256(convert_to(v_payload, 'UTF8')), 'hex');
            INSERT INTO public.audit_event (seq, occurred_at, actor, actor_staff_id,
                workstation, action, target_type, target_id, school_id, outcome, details,
                prev_hash, row_hash)
            VALUES (v_seq, v_at, v_actor, v_staff, v_ws, p_action, p_target_type,
                p_target_id, p_school_id, p_outcome, p_details, h.last_hash, v_hash);
            -- The table's trigger moved the chain's head. The rows this transaction
            -- appended, for the desk to countersign once it commits (``audit_to_sign``);
            -- transaction-local, and undone with a rolled-back subtransaction's row.
            PERFORM set_config('{AUDIT_SEQS}',
                coalesce(current_setting('{AUDIT_SEQS}', true), '') || v_seq || ',', true);
            RETURN v_seq;
        END $$""",
        # May the connected person do p_permission at p_school_id? (Administrators: yes.)
        f"""CREATE OR REPLACE FUNCTION {PRIVATE}.may(p_permission text, p_school_id integer)
        RETURNS boolean LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT NOT {API}.scoped() OR coalesce(
                p_school_id = ANY ({API}.my_school_ids(p_permission)), false)
        $$""",
        # The one way a function says no (docs/district-setup.md, section 1): the refusal
        # is appended to the audit chain of p_school_id with the reason code, told to the
        # caller as a WARNING (psql prints it; the server log keeps it), and its code is
        # returned for the function to hand back in its ``refusal`` column. It does not
        # raise: an error would roll the audit row back with everything else.
        f"""CREATE OR REPLACE FUNCTION {PRIVATE}.refuse(
            p_action text, p_target_type text, p_target_id text, p_school_id integer,
            p_reason text, p_details text DEFAULT NULL) RETURNS text
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_seq integer; v_message text; v_state text;
        BEGIN
            SELECT r.message, r.sqlstate INTO v_message, v_state
                FROM {PRIVATE}.refusal_reason r WHERE r.reason = p_reason;
            v_seq := {PRIVATE}.audit_append(p_action, 'denied', p_target_type, p_target_id,
                p_school_id, '{{' || coalesce(p_details || ',', '') || '"reason":'
                || {PRIVATE}.jtxt(p_reason) || '}}');
            RAISE WARNING USING MESSAGE = coalesce(v_message, p_reason),
                ERRCODE = coalesce(v_state, 'insufficient_privilege'),
                DETAIL = 'ppdesk refusal ' || p_reason || ', audit row ' || v_seq || '.';
            RETURN p_reason;
        END $$""",
        # The caller's own passed verification of this link, recent enough for p_channel.
        f"""CREATE OR REPLACE FUNCTION {PRIVATE}.verification_for(
            p_link_id integer, p_channel text, OUT ver_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v record;
        BEGIN
            SELECT x.id, x.mode, x.office INTO v FROM public.verification x
            WHERE x.link_id = p_link_id AND x.staff_id = {API}.my_staff_id()
                AND x.outcome = 'passed'
                AND x.completed_at >= clock_timestamp() - interval '{valid_min} minutes'
            ORDER BY x.completed_at DESC LIMIT 1;
            IF v.id IS NULL THEN
                refusal := 'no_recent_verification';
            ELSIF v.office = 'district' AND p_channel <> 'phone' THEN
                -- A district office's verification: the letter goes by the school's route
                -- (read by phone after a video check, or printed by the school).
                refusal := 'district_route';
            ELSIF p_channel = 'phone' AND v.mode <> 'video' THEN
                refusal := 'phone_needs_video';
            ELSE
                ver_id := v.id;
            END IF;
        END $$""",
    ]
    return fns


_MANAGE_PIN_MSG = (
    "Only a principal, an assistant principal or a parent access account administrator "
    "can issue, reissue, revoke or reveal a Parent Portal PIN."
)
_CHANNEL_CHECK = "p_channel IS NULL OR p_channel NOT IN ('screen', 'phone', 'print', 'export')"

# Every way a ppdesk_api function says no: reason code -> (SQLSTATE, message). The code is
# what the function returns in its ``refusal`` column and what the audit row's details carry
# ({"reason": code}); the message and SQLSTATE go with the WARNING the caller receives.
# Stable: the desk adapters, scripts and auditors' queries refer to the codes.
REFUSALS: dict[str, tuple[str, str]] = {
    "invalid_channel": ("invalid_parameter_value", "channel: one of screen, phone, print, export"),
    "no_permission": ("insufficient_privilege", _MANAGE_PIN_MSG),
    "no_recent_verification": (
        "insufficient_privilege",
        f"A passed identity verification by you in the last "
        f"{int(VERIFICATION_VALID_FOR.total_seconds() // 60)} minutes is needed.",
    ),
    "phone_needs_video": (
        "insufficient_privilege",
        "A PIN may be read out by phone only after a passed video verification.",
    ),
    "district_route": (
        "insufficient_privilege",
        "After a verification by a district office the PIN is read by phone after a video "
        "check, or its letter is printed by the school.",
    ),
    "no_active_pin": ("no_data_found", "There is no active PIN to show."),
    "not_verified_legal_guardian": (
        "check_violation",
        "This guardian is not recorded as a verified parent and legal guardian; a PIN cannot "
        "be issued.",
    ),
    "already_active": ("unique_violation", "This guardian already has an active PIN."),
    "not_issuer_or_stored": (
        "insufficient_privilege",
        "Only the staff member who just issued this PIN can store it.",
    ),
    "unknown_role": ("invalid_parameter_value", "Unknown role."),
    "grant_out_of_scope": (
        "insufficient_privilege",
        "You may not grant or revoke this role at this school.",
    ),
    "district_wide_role": (
        "insufficient_privilege",
        "Only a district administrator can grant a district-wide role.",
    ),
    "own_roles": ("insufficient_privilege", "You cannot change your own roles."),
    "no_such_grant": ("no_data_found", "No such active role grant."),
    "no_active_account": (
        "insufficient_privilege",
        "This login has no active ppdesk staff account.",
    ),
    "not_staff_manager": (
        "insufficient_privilege",
        "Only a principal or a district administrator can manage staff accounts.",
    ),
    "invalid_login_name": (
        "invalid_parameter_value",
        "A login name is lower-case letters, digits, dot, dash or underscore.",
    ),
    "no_staff_account": ("no_data_found", "No ppdesk staff account has this user name."),
    "not_plain_staff_login": (
        "insufficient_privilege",
        "This database role is not a plain ppdesk staff login.",
    ),
    "not_a_verifier": (
        "invalid_parameter_value",
        "Give a SCRAM-SHA-256 verifier, never a password.",
    ),
    "no_login_role": ("no_data_found", "This staff member has no database login."),
    "no_verify_permission": (
        "insufficient_privilege",
        "Your role does not allow verifying a guardian's identity at this school.",
    ),
    "guardian_locked": (
        "insufficient_privilege",
        "This guardian's verifications are locked after repeated failures; a principal "
        "must review and unlock them.",
    ),
    "invalid_mode": ("invalid_parameter_value", "mode: in_person or video"),
    "not_your_verification": (
        "insufficient_privilege",
        "Only the staff member who started this verification can complete it.",
    ),
    "verification_closed": ("no_data_found", "This verification is not in progress."),
    "invalid_results": (
        "invalid_parameter_value",
        "question results: a JSON object of check names and true or false.",
    ),
}


def _code(reason: str) -> str:
    """A catalogued reason code as an SQL literal."""
    if reason not in REFUSALS:
        raise KeyError(reason)
    return lit(reason)


# The refusals of the desk's other functions (pg_security_desk), in the same catalogue.
REFUSALS.update(DESK_REFUSALS)
REFUSALS.update(LETTER_REFUSALS)  # and of the letter tasks' (pg_security_letters)
REFUSALS.update(OFFICE_REFUSALS)  # the office's (pg_security_office)
REFUSALS.update(IMPORT_REFUSALS)  # the SIS import's (pg_security_import)


def _refuse(
    action: str, target_type: str, target_id: str, school: str, reason: str, details: str = "NULL"
) -> str:
    """The SQL expression that records one refusal and yields its reason code. ``reason``
    and ``details`` are SQL expressions (``_code(...)`` for a fixed code); ``details`` is
    the JSON members before "reason", without braces, or NULL."""
    return (
        f"{PRIVATE}.refuse({lit(action)}, {lit(target_type)}, {target_id}, {school}, "
        f"{reason}, {details})"
    )


def _pin_functions_sql(n: RoleNames) -> list[str]:
    p = PRIVATE
    manage_pin = 'v_ch || \',"permission":"manage_pin"\''

    def reveal_no(reason: str, details: str = "v_ch") -> str:
        refuse = _refuse("pin_reveal", "guardian_link", "p_link_id::text", "v_school", reason,
                         details).replace("'pin_reveal'", "p_action")  # fmt: skip
        return (
            "RETURN QUERY SELECT NULL::integer, NULL::bytea, NULL::text, NULL::timestamptz, "
            f"{refuse}; RETURN;"
        )

    def issue_no(reason: str, details: str = "v_ch") -> str:
        refuse = _refuse("pin_issue", "guardian_link", "p_link_id::text", "v_link.school_id",
                         reason, details).replace("'pin_issue'", "v_action")  # fmt: skip
        return f"RETURN QUERY SELECT NULL::integer, NULL::timestamptz, {refuse}; RETURN;"

    store_no = _refuse("pin_store", "parent_pin", "p_pin_id::text", "v_school",
                       _code("not_issuer_or_stored"))  # fmt: skip
    return [
        # Show, read out, print or export the active PIN of one guardian: the only way a
        # staff login reaches a PIN ciphertext. Records the disclosure and its audit row;
        # a refusal records a denied audit row and returns one row with only ``refusal``.
        f"""CREATE OR REPLACE FUNCTION {p}.disclose(p_link_id integer, p_channel text,
            p_action text)
        RETURNS TABLE (pin_id integer, ciphertext bytea, key_id text, expires_at timestamptz,
            refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_school integer; v_ver record; v_pin record;
            v_ch text := '"channel":' || {p}.jtxt(p_channel);
        BEGIN
            -- The link's school as the caller may see it (row-level security): NULL for a
            -- link of a school outside their grants, whose refusal goes to the district chain.
            SELECT s.school_id INTO v_school FROM public.guardian_link l
                JOIN public.student s ON s.id = l.student_id WHERE l.id = p_link_id;
            IF {_CHANNEL_CHECK} THEN
                {reveal_no(_code("invalid_channel"), "NULL")}
            END IF;
            IF NOT {p}.may('manage_pin', v_school) THEN
                {reveal_no(_code("no_permission"), manage_pin)}
            END IF;
            SELECT * INTO v_ver FROM {p}.verification_for(p_link_id, p_channel);
            IF v_ver.refusal IS NOT NULL THEN
                {reveal_no("v_ver.refusal")}
            END IF;
            SELECT x.id, x.ciphertext, x.key_id, x.expires_at INTO v_pin
                FROM public.parent_pin x
                WHERE x.link_id = p_link_id AND x.status = {_ACTIVE}
                    AND x.expires_at > clock_timestamp() AND x.ciphertext IS NOT NULL
                FOR UPDATE;
            IF v_pin.id IS NULL THEN
                {reveal_no(_code("no_active_pin"))}
            END IF;
            INSERT INTO public.pin_disclosure (pin_id, staff_id, channel, at, verification_id)
                VALUES (v_pin.id, {API}.my_staff_id(), p_channel, clock_timestamp(),
                    v_ver.ver_id);
            PERFORM {p}.audit_append(p_action, 'success', 'guardian_link', p_link_id::text,
                v_school, '{{' || v_ch || ',"pin_id":' || v_pin.id
                || ',"verification_id":' || v_ver.ver_id || '}}');
            RETURN QUERY SELECT v_pin.id, v_pin.ciphertext, v_pin.key_id::text,
                v_pin.expires_at, NULL::text;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.disclose_pin(p_link_id integer, p_channel text)
        RETURNS TABLE (pin_id integer, ciphertext bytea, key_id text, expires_at timestamptz,
            refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            RETURN QUERY SELECT * FROM {p}.disclose(p_link_id, p_channel, 'pin_reveal');
        END $$""",
        # The counter letter of one guardian: the same disclosure on the print channel, its
        # audit row the letter's own (``letter_print``), so one act leaves one row.
        f"""CREATE OR REPLACE FUNCTION {API}.print_letter_pin(p_link_id integer)
        RETURNS TABLE (pin_id integer, ciphertext bytea, key_id text, expires_at timestamptz,
            refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            RETURN QUERY SELECT * FROM {p}.disclose(p_link_id, 'print', 'letter_print');
        END $$""",
        # Issue (or reissue) a PIN: the client made the PIN and its keyed hash; the database
        # checks the matrix, the verified legal guardian flag and a recent verification,
        # ends the active PIN on a reissue, and records the disclosure and the audit row.
        # The ciphertext follows with set_pin_ciphertext (it is bound to the new row's id).
        # A refusal records a denied audit row and returns one row with only ``refusal``.
        f"""CREATE OR REPLACE FUNCTION {API}.issue_pin(
            p_link_id integer, p_request_id text, p_pin_hash text, p_channel text,
            p_reissue boolean DEFAULT false, p_reason text DEFAULT NULL)
        RETURNS TABLE (pin_id integer, expires_at timestamptz, refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_ver record; v_old integer; v_new integer;
            v_now timestamptz := clock_timestamp(); v_exp timestamptz; v_me integer;
            v_action text := CASE WHEN p_reissue THEN 'pin_reissue' ELSE 'pin_issue' END;
            v_ch text := '"channel":' || {p}.jtxt(p_channel);
        BEGIN
            SELECT l.id, l.student_id, l.guardian_id, l.verified_legal_guardian, l.active,
                    s.school_id, sc.pin_expiry_days
                INTO v_link FROM public.guardian_link l
                JOIN public.student s ON s.id = l.student_id
                JOIN public.school sc ON sc.id = s.school_id
                WHERE l.id = p_link_id FOR UPDATE OF l;
            IF {_CHANNEL_CHECK} THEN
                {issue_no(_code("invalid_channel"), "NULL")}
            END IF;
            IF NOT {p}.may('manage_pin', v_link.school_id) THEN
                {issue_no(_code("no_permission"), manage_pin)}
            END IF;
            IF NOT v_link.verified_legal_guardian OR NOT v_link.active THEN
                {issue_no(_code("not_verified_legal_guardian"))}
            END IF;
            SELECT * INTO v_ver FROM {p}.verification_for(p_link_id, p_channel);
            IF v_ver.refusal IS NOT NULL THEN
                {issue_no("v_ver.refusal")}
            END IF;
            v_me := {API}.my_staff_id();
            SELECT x.id INTO v_old FROM public.parent_pin x
                WHERE x.link_id = p_link_id AND x.status IN {_OUTSTANDING} FOR UPDATE;
            IF v_old IS NOT NULL AND NOT p_reissue THEN
                {issue_no(_code("already_active"))}
            END IF;
            IF v_old IS NOT NULL THEN
                UPDATE public.parent_pin SET status = {_REVOKED}, ciphertext = NULL,
                    ended_at = v_now, ended_by_id = v_me,
                    end_reason = coalesce(p_reason, 'reissued')
                    WHERE id = v_old;
            END IF;
            v_exp := v_now + make_interval(
                days => coalesce(v_link.pin_expiry_days, {DEFAULT_PIN_EXPIRY_DAYS}));
            INSERT INTO public.parent_pin (link_id, student_id, guardian_id, request_id,
                pin_hash, status, issued_at, issued_by_id, verification_id, expires_at)
            VALUES (p_link_id, v_link.student_id, v_link.guardian_id, p_request_id, p_pin_hash,
                {_ACTIVE}, v_now, v_me, v_ver.ver_id, v_exp)
            RETURNING id INTO v_new;
            INSERT INTO public.pin_disclosure (pin_id, staff_id, channel, at, verification_id)
                VALUES (v_new, v_me, p_channel, v_now, v_ver.ver_id);
            PERFORM {p}.audit_append(v_action, 'success',
                'guardian_link', p_link_id::text, v_link.school_id,
                '{{' || v_ch || ',"pin_id":' || v_new
                || ',"replaced_pin_id":' || {p}.jtxt(v_old) || ',"request_id":'
                || {p}.jtxt(p_request_id) || ',"verification_id":' || v_ver.ver_id || '}}');
            RETURN QUERY SELECT v_new, v_exp, NULL::text;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.set_pin_ciphertext(
            p_pin_id integer, p_key_id text, p_ciphertext bytea, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_school integer;
        BEGIN
            UPDATE public.parent_pin SET key_id = p_key_id, ciphertext = p_ciphertext
                WHERE id = p_pin_id AND status = {_ACTIVE} AND ciphertext IS NULL
                    AND (NOT {API}.scoped() OR issued_by_id = {API}.my_staff_id());
            IF NOT FOUND THEN
                SELECT s.school_id INTO v_school FROM public.parent_pin x
                    JOIN public.student s ON s.id = x.student_id WHERE x.id = p_pin_id;
                refusal := {store_no};
            END IF;
        END $$""",
    ]


# The audit notes the desk writes itself over a personal login (``ppdesk_api.audit_note``):
# acts that change nothing in the database (a read the trail records). Every act a function
# performs is recorded by that function, so a note never repeats one: for those actions a
# note may only say that the act was refused or failed before the function was reached (the
# desk's own checks, or a refusal whose transaction rolled back), as ``@service`` records it.
# ``keys_import`` is an act the database cannot see (PIN keys stored in the workstation's own
# key store), which a workstation without a database credential does as the person.
NOTE_ACTIONS = (
    "audit_read",
    "audit_verify",
    "guardian_lock_review",
    "keys_import",
    "pin_check",
    "staff_list",
    "student_view",
)


def _counter_functions_sql(n: RoleNames) -> list[str]:
    """What the desk calls over a personal login besides the PIN functions: identity
    verifications, the expiry sweep and the audit notes of acts that change nothing."""
    p = PRIVATE
    notes = ", ".join(lit(a) for a in NOTE_ACTIONS)

    def start_no(reason: str, details: str = "v_mode") -> str:
        refuse = _refuse("verification_start", "guardian_link", "p_link_id::text", "v_school",
                         _code(reason), details)  # fmt: skip
        return f"refusal := {refuse}; RETURN;"

    def done_no(reason: str, target: str = "'verification'", tid: str = "p_id::text") -> str:
        refuse = _refuse("verification", "x", tid, "v_school", _code(reason),
                         '\'"verification_id":\' || p_id').replace("'x'", target)  # fmt: skip
        return f"refusal := {refuse}; RETURN;"

    return [
        # One audit row the desk writes itself, the actor being the session's: an act that
        # changes nothing (NOTE_ACTIONS), or the refusal or failure of any act before its
        # function acted. Never the success of an act: the function performing it records that.
        # The school must be one of the caller's; details are a JSON object.
        f"""CREATE OR REPLACE FUNCTION {API}.audit_note(p_action text, p_outcome text,
            p_target_type text, p_target_id text, p_school_id integer, p_details text)
        RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            IF {API}.my_staff_id() IS NULL AND {API}.scoped() THEN
                RAISE EXCEPTION 'no active ppdesk staff account for this login'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF p_action IS NULL OR p_action !~ '^[a-z_]{{1,40}}$'
                    OR p_outcome NOT IN ('success', 'failed', 'denied')
                    OR (p_outcome = 'success' AND p_action NOT IN ({notes})) THEN
                RAISE EXCEPTION 'audit note %/% is not one the desk may write', p_action,
                    p_outcome USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF (p_target_type IS NOT NULL AND p_target_type !~ '^[a-z_]{{1,40}}$')
                    OR length(p_target_id) > 64 OR length(p_details) > 4000
                    OR jsonb_typeof(coalesce(p_details, '{{}}')::jsonb) <> 'object' THEN
                RAISE EXCEPTION 'audit note: malformed target or details'
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF p_school_id IS NOT NULL AND {API}.scoped() AND NOT EXISTS (
                    SELECT 1 FROM public.role_grant g
                    JOIN public.staff st ON st.id = g.staff_id AND st.username = session_user
                    JOIN public.school sc ON sc.id = p_school_id AND (sc.id = g.school_id
                        OR (g.school_id IS NULL AND (g.local_district IS NULL
                            OR g.local_district = sc.local_district)))
                    WHERE g.revoked_at IS NULL) THEN
                RAISE EXCEPTION 'audit note: school % is not one of yours', p_school_id
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN {p}.audit_append(p_action, p_outcome, p_target_type, p_target_id,
                p_school_id, p_details);
        END $$""",
        # PINs past their expiry end (ciphertext destroyed), as the desk's sweep does: only
        # rows the caller's row-level security shows; nothing else changes, no audit row.
        f"""CREATE OR REPLACE FUNCTION {API}.expire_due_pins(p_link_id integer DEFAULT NULL)
        RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_n integer; v_now timestamptz := clock_timestamp();
        BEGIN
            UPDATE public.parent_pin SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE status IN {_OUTSTANDING} AND expires_at <= v_now
                    AND (p_link_id IS NULL OR link_id = p_link_id);
            GET DIAGNOSTICS v_n = ROW_COUNT;
            RETURN v_n;
        END $$""",
        # Deactivate or reactivate a staff account, unlock it, or set its ppdesk password
        # (a hash made on the workstation): by someone who manages staff at one of the
        # account's schools (anywhere, for an account with no school role yet). The login
        # role follows through the login functions, which record their own rows.
        f"""CREATE OR REPLACE FUNCTION {API}.update_staff(p_staff_id integer,
            p_active boolean, p_unlock boolean, p_password_hash text, p_reason text,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_schools integer[]; v_details text := '';
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM public.staff WHERE id = p_staff_id) THEN
                refusal := {
            _refuse("staff_update", "staff", "p_staff_id::text", "NULL", _code("no_staff_account"))
        };
                RETURN;
            END IF;
            SELECT coalesce(array_agg(DISTINCT g.school_id), '{{}}') INTO v_schools
                FROM public.role_grant g
                WHERE g.staff_id = p_staff_id AND g.revoked_at IS NULL
                    AND g.school_id IS NOT NULL;
            IF {API}.scoped() AND NOT (CASE WHEN cardinality(v_schools) = 0
                    THEN cardinality({API}.my_school_ids('manage_staff')) > 0
                    ELSE v_schools && {API}.my_school_ids('manage_staff') END) THEN
                refusal := {
            _refuse("staff_update", "staff", "p_staff_id::text", "NULL", _code("not_staff_manager"))
        };
                RETURN;
            END IF;
            UPDATE public.staff SET active = coalesce(p_active, active),
                locked_at = CASE WHEN p_unlock THEN NULL ELSE locked_at END,
                failed_logins = CASE WHEN p_unlock THEN 0 ELSE failed_logins END,
                password_hash = coalesce(p_password_hash, password_hash)
                WHERE id = p_staff_id;
            IF p_active IS NOT NULL THEN
                v_details := v_details || '"active":' || p_active::text || ',';
            END IF;
            IF p_unlock THEN
                v_details := v_details || '"failed_logins":0,"locked_at":null,';
            END IF;
            IF p_password_hash IS NOT NULL THEN
                v_details := v_details || '"password_changed":true,';
            END IF;
            PERFORM {p}.audit_append('staff_update', 'success', 'staff', p_staff_id::text,
                NULL, '{{' || v_details || '"reason":' || {p}.jtxt(p_reason) || '}}');
        END $$""",
        # Open an identity verification of one guardian (the checklist at the counter or on
        # a video call): the matrix, an eligible guardian not locked; the office is the
        # school's own when a grant for that very school allows verifying, else the
        # district's. The caller is the verifier.
        f"""CREATE OR REPLACE FUNCTION {API}.start_verification(p_link_id integer,
            p_mode text, OUT verification_id integer, OUT office text, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_school integer;
            v_mode text := '"mode":' || {p}.jtxt(p_mode);
        BEGIN
            SELECT l.id, l.guardian_id, l.verified_legal_guardian, l.active, s.school_id,
                    g.verification_locked_at
                INTO v_link FROM public.guardian_link l
                JOIN public.student s ON s.id = l.student_id
                JOIN public.guardian g ON g.id = l.guardian_id
                WHERE l.id = p_link_id;
            v_school := v_link.school_id;
            IF p_mode IS NULL OR p_mode NOT IN ('in_person', 'video') THEN
                {start_no("invalid_mode", "NULL")}
            END IF;
            IF NOT {p}.may('verify_identity', v_school) THEN
                {start_no("no_verify_permission")}
            END IF;
            IF NOT v_link.verified_legal_guardian OR NOT v_link.active THEN
                {start_no("not_verified_legal_guardian")}
            END IF;
            IF v_link.verification_locked_at IS NOT NULL THEN
                {start_no("guardian_locked")}
            END IF;
            office := CASE WHEN NOT {API}.scoped() OR EXISTS (
                    SELECT 1 FROM public.role_grant g
                    JOIN public.staff st ON st.id = g.staff_id AND st.username = session_user
                    JOIN {p}.role_permission rp ON rp.role = g.role
                        AND rp.permission = 'verify_identity'
                    WHERE g.revoked_at IS NULL AND g.school_id = v_school)
                THEN 'school' ELSE 'district' END;
            INSERT INTO public.verification (link_id, guardian_id, staff_id, mode, started_at,
                outcome, office)
            VALUES (p_link_id, v_link.guardian_id, {API}.my_staff_id(), p_mode,
                clock_timestamp(), 'in_progress', office)
            RETURNING id INTO verification_id;
            PERFORM {p}.audit_append('verification_start', 'success', 'guardian_link',
                p_link_id::text, v_school, '{{' || v_mode || ',"office":' || {p}.jtxt(office)
                || ',"verification_id":' || verification_id || '}}');
        END $$""",
        # Record the outcome of the caller's own verification in progress. The answers are
        # matched on the workstation (the database never sees them); what is stored is
        # which checks matched (true/false per check) and the photo-ID result. A failure
        # locks the guardian after too many failures within the window (the domain rule,
        # ppdesk_private.lock_guardian_if_due).
        f"""CREATE OR REPLACE FUNCTION {API}.complete_verification(p_id integer,
            p_passed boolean, p_question_results text, p_id_type text, p_id_failures text,
            OUT guardian_locked boolean, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v record; v_school integer; v_now timestamptz := clock_timestamp();
            v_q jsonb;
        BEGIN
            guardian_locked := false;
            SELECT x.id, x.link_id, x.guardian_id, x.staff_id, x.mode, x.office, x.outcome,
                    s.school_id, g.verification_locked_at, g.verification_unlocked_at
                INTO v FROM public.verification x
                JOIN public.guardian_link l ON l.id = x.link_id
                JOIN public.student s ON s.id = l.student_id
                JOIN public.guardian g ON g.id = x.guardian_id
                WHERE x.id = p_id FOR UPDATE OF x;
            v_school := v.school_id;
            IF v.id IS NULL OR v.outcome <> 'in_progress' THEN
                {done_no("verification_closed")}
            END IF;
            IF {API}.scoped() AND v.staff_id IS DISTINCT FROM {API}.my_staff_id() THEN
                {done_no("not_your_verification")}
            END IF;
            IF NOT {p}.may('verify_identity', v_school) THEN
                {done_no("no_verify_permission", "'guardian_link'", "v.link_id::text")}
            END IF;
            IF v.verification_locked_at IS NOT NULL THEN
                {done_no("guardian_locked", "'guardian_link'", "v.link_id::text")}
            END IF;
            BEGIN
                v_q := p_question_results::jsonb;
            EXCEPTION WHEN others THEN
                v_q := NULL;
            END;
            IF p_passed IS NULL OR v_q IS NULL OR jsonb_typeof(v_q) <> 'object'
                    OR EXISTS (SELECT 1 FROM jsonb_each(v_q) e
                        WHERE e.key !~ '^[a-z_]{{1,40}}$' OR jsonb_typeof(e.value) <> 'boolean')
                    OR (p_id_type IS NOT NULL AND p_id_type !~ '^[a-z_]{{1,32}}$') THEN
                {done_no("invalid_results", "'guardian_link'", "v.link_id::text")}
            END IF;
            UPDATE public.verification SET outcome = CASE WHEN p_passed THEN 'passed'
                    ELSE 'failed' END, completed_at = v_now, question_results = v_q::text,
                id_type = p_id_type, id_failures = coalesce(p_id_failures, '[]')
                WHERE id = p_id;
            IF NOT p_passed THEN
                -- The domain's lock rule (pg_security_desk.lock_guardian_if_due).
                guardian_locked := {p}.lock_guardian_if_due(v.guardian_id);
            END IF;
            PERFORM {p}.audit_append('verification',
                CASE WHEN p_passed THEN 'success' ELSE 'failed' END, 'guardian_link',
                v.link_id::text, v_school, '{{"guardian_locked":' || guardian_locked::text
                || ',"mode":' || {p}.jtxt(v.mode) || ',"office":'
                || {p}.jtxt(coalesce(v.office, 'school'))
                || ',"photo_id_ok":' || (coalesce(p_id_failures, '[]')::jsonb = '[]'::jsonb)::text
                || ',"questions":' || v_q::text || ',"verification_id":' || p_id || '}}');
        END $$""",
    ]


def _grant_functions_sql(n: RoleNames) -> list[str]:
    p = PRIVATE
    unknown_role = _refuse("role_grant", "staff", "p_staff_id::text", "p_school_id",
                           _code("unknown_role"))  # fmt: skip
    grant_no = _refuse("role_grant", "staff", "p_staff_id::text", "p_school_id", "refusal",
                       "v_role")  # fmt: skip
    no_grant = _refuse("role_revoke", "staff", "NULL", "NULL", _code("no_such_grant"),
                       "v_grant")  # fmt: skip
    revoke_no = _refuse("role_revoke", "staff", "g.staff_id::text", "g.school_id", "refusal",
                        f"v_grant || ',\"role\":' || {p}.jtxt(g.role)")  # fmt: skip
    login_no = _refuse("login", "staff", "NULL", "NULL", _code("no_active_account"),
                       "'\"method\":\"database\"'")  # fmt: skip
    own_roles = _code("own_roles")
    return [
        # Why the connected person may not grant or revoke p_role there (NULL: they may).
        f"""CREATE OR REPLACE FUNCTION {PRIVATE}.grant_scope_refusal(
            p_role text, p_school_id integer, p_local_district text) RETURNS text
        LANGUAGE plpgsql STABLE {DEFINER} AS $$
        DECLARE v_perm text := CASE WHEN p_role = 'parent_access_admin'
            THEN 'grant_parent_access_admin' ELSE 'grant_any_role' END;
        BEGIN
            IF NOT {API}.scoped() THEN RETURN NULL; END IF;
            IF p_school_id IS NOT NULL THEN
                IF NOT {p}.may(v_perm, p_school_id) THEN
                    RETURN {_code("grant_out_of_scope")};
                END IF;
            ELSIF EXISTS (SELECT 1 FROM public.school sc
                    WHERE (p_local_district IS NULL OR sc.local_district = p_local_district)
                    AND NOT sc.id = ANY ({API}.my_school_ids(v_perm)))
                  OR v_perm <> 'grant_any_role' THEN
                RETURN {_code("district_wide_role")};
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.grant_role(
            p_staff_id integer, p_role text, p_school_id integer,
            p_local_district text DEFAULT NULL, p_reason text DEFAULT NULL,
            OUT grant_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_role text := '"role":' || {p}.jtxt(p_role);
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM {p}.role_permission WHERE role = p_role) THEN
                refusal := {unknown_role};
                RETURN;
            END IF;
            refusal := {p}.grant_scope_refusal(p_role, p_school_id, p_local_district);
            IF refusal IS NULL AND p_staff_id = {API}.my_staff_id() THEN
                refusal := {own_roles};
            END IF;
            IF refusal IS NOT NULL THEN
                refusal := {grant_no};
                RETURN;
            END IF;
            INSERT INTO public.role_grant (staff_id, role, school_id, local_district,
                granted_by_id, granted_at, reason)
            VALUES (p_staff_id, p_role, p_school_id, p_local_district, {API}.my_staff_id(),
                clock_timestamp(), p_reason)
            RETURNING id INTO grant_id;
            PERFORM {p}.audit_append('role_grant', 'success', 'staff', p_staff_id::text,
                p_school_id, '{{"local_district":' || {p}.jtxt(p_local_district)
                || ',"reason":' || {p}.jtxt(p_reason) || ',"role":' || {p}.jtxt(p_role) || '}}');
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.revoke_role(p_grant_id integer,
            p_reason text DEFAULT NULL, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE g record; v_grant text := '"grant_id":' || {p}.jtxt(p_grant_id);
        BEGIN
            SELECT * INTO g FROM public.role_grant WHERE id = p_grant_id AND revoked_at IS NULL
                FOR UPDATE;
            IF g.id IS NULL THEN
                refusal := {no_grant};
                RETURN;
            END IF;
            refusal := {p}.grant_scope_refusal(g.role, g.school_id, g.local_district);
            IF refusal IS NOT NULL THEN
                refusal := {revoke_no};
                RETURN;
            END IF;
            UPDATE public.role_grant SET revoked_at = clock_timestamp(),
                revoked_by_id = {API}.my_staff_id() WHERE id = p_grant_id;
            PERFORM {p}.audit_append('role_revoke', 'success', 'staff', g.staff_id::text,
                g.school_id, '{{"grant_id":' || g.id || ',"reason":' || {p}.jtxt(p_reason)
                || ',"role":' || {p}.jtxt(g.role) || '}}');
        END $$""",
        # The desk calls this right after connecting as the person: last login and audit.
        f"""CREATE OR REPLACE FUNCTION {API}.session_start(
            OUT staff_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            staff_id := {API}.my_staff_id();
            IF staff_id IS NULL THEN
                refusal := {login_no};
                RETURN;
            END IF;
            UPDATE public.staff SET last_login_at = clock_timestamp() WHERE id = staff_id;
            PERFORM {p}.audit_append('login', 'success', 'staff', staff_id::text, NULL,
                '{{"method":"database"}}');
        END $$""",
        # What a workstation without a database credential of its own (settings
        # ``sign_in = "database"``) checks over the person's connection at sign-in, before
        # ``session_start``: the schema revision, the database id naming its keys, the PIN
        # keys' fingerprint and the ``db person-logins`` switch. Nothing secret.
        f"""CREATE OR REPLACE FUNCTION {API}.desk_info(OUT schema_revision text,
            OUT database_id text, OUT key_fingerprint text, OUT person_logins boolean)
        LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT (SELECT version_num FROM public.alembic_version LIMIT 1),
                (SELECT value FROM public.ppdesk_meta WHERE key = 'database_id'),
                (SELECT value FROM public.ppdesk_meta WHERE key = 'key_fingerprint'),
                coalesce((SELECT value = 'on' FROM public.ppdesk_meta
                    WHERE key = 'person_logins'), false)
        $$""",
    ]


def _login_functions_sql(n: RoleNames) -> list[str]:
    """Functions owned by the login-admin role: the only holder of CREATEROLE. They touch
    only roles that are plain members of the staff group and match a staff account. A
    refusal is recorded (action of the function, outcome denied) and returned in
    ``refusal``; the login name itself is never written to the audit row (it may be any
    text), only the staff account's id when there is one."""
    p = PRIVATE
    staff = lit(n.staff)

    def check(action: str) -> str:
        def no(reason: str) -> str:
            refuse = _refuse(action, "staff", "v_target", "NULL", _code(reason), "v_kind")
            return f"refusal := {refuse}; RETURN;"

        return f"""
            v_target := (SELECT id::text FROM public.staff WHERE username = p_username);
            IF {API}.scoped() AND cardinality({API}.my_school_ids('manage_staff')) = 0 THEN
                {no("not_staff_manager")}
            END IF;
            IF p_username IS NULL OR p_username !~ '^[a-z0-9][a-z0-9._-]{{0,62}}$' THEN
                {no("invalid_login_name")}
            END IF;
            IF v_target IS NULL THEN
                {no("no_staff_account")}
            END IF;
            SELECT r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication
                    OR r.rolbypassrls
                    OR EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid
                        AND m.roleid <> (SELECT oid FROM pg_roles WHERE rolname = {staff}))
                    OR NOT EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid
                        AND m.roleid = (SELECT oid FROM pg_roles WHERE rolname = {staff}))
                INTO v_foreign FROM pg_roles r WHERE r.rolname = p_username;
            IF v_foreign THEN
                {no("not_plain_staff_login")}
            END IF;
            IF v_kind IS NOT NULL AND p_verifier IS NOT NULL
                    AND p_verifier !~ '^SCRAM-SHA-256\\$' THEN
                {no("not_a_verifier")}
            END IF;"""

    no_login = _refuse("login_password_set", "staff", "v_target", "NULL",
                       _code("no_login_role"), "v_kind")  # fmt: skip

    def enable_no(reason: str) -> str:
        return _refuse("login_enable", "staff", "v_target", "NULL", _code(reason))

    declare = "DECLARE v_foreign boolean; v_target text;"
    kind = "v_kind text := '\"directory\":' || (p_verifier IS NULL)::text;"
    return [
        # p_verifier NULL: a directory login (pg_hba authenticates with LDAP or Kerberos).
        f"""CREATE OR REPLACE FUNCTION {API}.create_login(p_username text, p_verifier text,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        {declare} {kind}
        BEGIN {check("login_create")}
            IF v_foreign IS NULL THEN
                EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', p_username, {staff});
            ELSE
                EXECUTE format('ALTER ROLE %I LOGIN', p_username);
            END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', p_username, p_verifier);
            PERFORM {p}.audit_append('login_create', 'success', 'staff', v_target, NULL,
                '{{' || v_kind || '}}');
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.set_login_password(
            p_username text, p_verifier text, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        {declare} {kind}
        BEGIN {check("login_password_set")}
            IF v_foreign IS NULL THEN
                refusal := {no_login};
                RETURN;
            END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', p_username, p_verifier);
            PERFORM {p}.audit_append('login_password_set', 'success', 'staff', v_target, NULL,
                '{{' || v_kind || '}}');
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.disable_login(p_username text, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        {declare} v_kind text; p_verifier text;
        BEGIN {check("login_disable")}
            IF v_foreign IS NOT NULL THEN
                EXECUTE format('ALTER ROLE %I NOLOGIN', p_username);
            END IF;
            PERFORM {p}.audit_append('login_disable', 'success', 'staff', v_target, NULL, '{{}}');
        END $$""",
        # Reactivating an account: its login role (which must exist, and be a plain staff
        # login) may log in again, but only while the staff account is active.
        f"""CREATE OR REPLACE FUNCTION {API}.enable_login(p_username text, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        {declare} v_kind text; p_verifier text;
        BEGIN {check("login_enable")}
            IF v_foreign IS NULL THEN
                refusal := {enable_no("no_login_role")};
                RETURN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM public.staff WHERE username = p_username AND active)
                    THEN
                refusal := {enable_no("no_active_account")};
                RETURN;
            END IF;
            EXECUTE format('ALTER ROLE %I LOGIN', p_username);
            PERFORM {p}.audit_append('login_enable', 'success', 'staff', v_target, NULL, '{{}}');
        END $$""",
    ]


LOGIN_FUNCTIONS = (
    "create_login(text, text)",
    "set_login_password(text, text)",
    "disable_login(text)",
    "enable_login(text)",
)


def _views_sql(n: RoleNames, columns: dict[str, list[str]] | None = None) -> list[str]:
    """One view per table of VIEW_TABLES, without HIDDEN_COLUMNS. ``columns``: the tables'
    columns as the database has them (default: the models, i.e. the newest schema)."""
    out = []
    tables = Base.metadata.tables
    for name in VIEW_TABLES:
        if columns and name not in columns:
            continue  # a table of a later migration: its view comes with `db upgrade`
        hidden = HIDDEN_COLUMNS.get(name, frozenset())
        present = columns.get(name) if columns else None
        names = present if present is not None else [c.name for c in tables[name].columns]
        cols = ", ".join(q(c) for c in names if c not in hidden)
        out.append(f"DROP VIEW IF EXISTS {API}.{name}")
        out.append(
            f"CREATE VIEW {API}.{name} WITH (security_barrier) AS SELECT {cols} FROM public.{name}"
        )
        out.append(f"ALTER VIEW {API}.{name} OWNER TO {q(n.owner)}")
        out.append(f"GRANT SELECT ON {API}.{name} TO {q(n.staff)}")
    return out


def table_columns(conn: Connection) -> dict[str, list[str]]:
    """The columns of ppdesk's tables in this database, in order."""
    rows = conn.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        )
    ).all()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(str(table), []).append(str(column))
    return out


def _rls_sql(n: RoleNames, columns: dict[str, list[str]] | None = None) -> list[str]:
    out = []
    for table, scope in POLICIES.items():
        if columns and table not in columns:
            continue  # a table of a later migration
        using = f"NOT (SELECT {API}.scoped()) OR " + scope.format(api=API)
        out += [
            f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY",
            # Forced: the views and functions run as the owner and must be scoped too.
            f"ALTER TABLE public.{table} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS ppdesk_scope ON public.{table}",
            f"CREATE POLICY ppdesk_scope ON public.{table} USING ({using})",
        ]
    if not columns or "audit_event" in columns:
        # Appending is the functions' business (staff have no privilege on the table): a
        # refusal of someone whose account is inactive, locked or missing, or about a row
        # they cannot see, is recorded too.
        out += [
            f"DROP POLICY IF EXISTS {APPEND_POLICY} ON public.audit_event",
            f"CREATE POLICY {APPEND_POLICY} ON public.audit_event FOR INSERT WITH CHECK (true)",
        ]
    return out


def _ownership_sql(n: RoleNames) -> list[str]:
    out = [
        f"""DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT p.oid::regprocedure AS sig, n.nspname, p.proname
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname IN ({lit(API)}, {lit(PRIVATE)}) LOOP
                EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.sig, {lit(n.owner)});
                EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.sig);
            END LOOP;
        END $$""",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {API} TO {q(n.staff)}, {q(n.login_admin)}",
        f"GRANT EXECUTE ON FUNCTION {PRIVATE}.audit_append(text, text, text, text, integer, text)"
        f", {PRIVATE}.refuse(text, text, text, integer, text, text)"
        f", {PRIVATE}.jtxt(anyelement) TO {q(n.login_admin)}",
    ]
    for sig in LOGIN_FUNCTIONS:
        out.append(f"ALTER FUNCTION {API}.{sig} OWNER TO {q(n.login_admin)}")
    return out


def security_sql(n: RoleNames, columns: dict[str, list[str]] | None = None) -> list[str]:
    """Every statement, in order. Safe to run again (after an upgrade, for instance)."""
    return [
        *_roles_sql(n),
        *_matrix_sql(n),
        *_replaced_sql(),
        *_helpers_sql(n),
        *_pin_functions_sql(n),
        *_grant_functions_sql(n),
        *_counter_functions_sql(n),
        *_login_functions_sql(n),
        *desk_functions_sql(n),  # the desk's other writes
        *letters_functions_sql(n),  # the letter tasks
        *office_functions_sql(n),  # the office's writes and the audit heads
        *import_functions_sql(n),  # the SIS import as the person
        *_views_sql(n, columns),
        *_ownership_sql(n),
        *desk_grants_sql(n),
        *letters_grants_sql(n),
        *office_grants_sql(n),
        *import_grants_sql(n),
        *_rls_sql(n, columns),
    ]


def names_for(engine: Engine, prefix: str | None = None) -> RoleNames:
    database = engine.url.database
    if engine.dialect.name != "postgresql" or not database:
        raise ValueError("Database roles exist only on a shared PostgreSQL database.")
    return RoleNames.for_database(database, prefix)


def apply(engine: Engine, names: RoleNames) -> int:
    """Run ``security_sql`` in one transaction; returns the number of statements."""
    with engine.begin() as conn:
        statements = security_sql(names, table_columns(conn))
        cur = conn.connection.cursor()  # no parameters: format()'s %I stays as written
        for sql in statements:
            cur.execute(sql)
    return len(statements)


def is_applied(conn: Connection, names: RoleNames) -> bool:
    return bool(
        conn.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :api) "
                "AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :owner)"
            ),
            {"api": API, "owner": names.owner},
        ).scalar_one()
    )


def privilege_table(conn: Connection, names: RoleNames, staff_login: str) -> str:
    """What each role can do in SQL, read back from the database's own catalogue (grants,
    ownership, row-level security): the table of docs/district-setup.md. ``staff_login`` is
    any person's login role (a member of the staff group)."""
    roles = (
        ("owner", names.owner),
        ("staff login", staff_login),
        ("login admin", names.login_admin),
    )
    rels = conn.execute(
        text(
            "SELECT n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('public', :api) AND c.relkind IN ('r', 'v') "
            "ORDER BY n.nspname = :api, c.relkind, c.relname"
        ),
        {"api": API},
    ).all()
    lines = [
        "| object | row-level security | " + " | ".join(label for label, _ in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for nsp, rel, kind, rls, forced in rels:
        qualified = f"{nsp}.{rel}"
        cells = []
        for _label, role in roles:
            rights = [
                verb.lower()
                for verb in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
                if conn.execute(
                    text("SELECT has_table_privilege(:r, :t, :p)"),
                    {"r": role, "t": qualified, "p": verb},
                ).scalar_one()
            ]
            cells.append(", ".join(rights) if rights else "none")
        security = "forced, by school" if rls and forced else ("on" if rls else "")
        what = "view" if kind == "v" else "table"
        lines.append(f"| `{qualified}` ({what}) | {security} | " + " | ".join(cells) + " |")
    funcs = conn.execute(
        text(
            "SELECT p.oid::regprocedure::text, p.prosecdef, pg_get_userbyid(p.proowner) "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname IN (:api, :private) ORDER BY n.nspname, p.proname"
        ),
        {"api": API, "private": PRIVATE},
    ).all()
    for sig, definer, fowner in funcs:
        cells = [
            "execute"
            if conn.execute(
                text("SELECT has_function_privilege(:r, :f, 'EXECUTE')"), {"r": role, "f": sig}
            ).scalar_one()
            else "none"
            for _label, role in roles
        ]
        kind = "function, security definer" if definer else "function"
        owner_label = fowner.replace(names.prefix, "<db>")
        lines.append(f"| `{sig}` ({kind}, owner `{owner_label}`) | | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


API_FUNCTIONS = (
    "scoped()",
    "my_staff_id()",
    "my_school_ids(text)",
    "disclose_pin(integer, text)",
    "issue_pin(integer, text, text, text, boolean, text)",
    "set_pin_ciphertext(integer, text, bytea)",
    "grant_role(integer, text, integer, text, text)",
    "revoke_role(integer, text)",
    "session_start()",
    "desk_info()",
    "print_letter_pin(integer)",
    "audit_note(text, text, text, text, integer, text)",
    "expire_due_pins(integer)",
    "update_staff(integer, boolean, boolean, text, text)",
    "start_verification(integer, text)",
    "complete_verification(integer, boolean, text, text, text)",
    *LOGIN_FUNCTIONS,
)


def security_problems(conn: Connection, names: RoleNames) -> list[str]:
    """What differs from ``security_sql`` in the database now: disabled or missing row-level
    security and policies, missing or weakened functions, staff privileges on tables, tables
    not owned by the owner role, PUBLIC rights. Empty when everything is in place."""
    problems: list[str] = []

    def one(sql: str, **params: object) -> object:
        return conn.execute(text(sql), params).scalar()

    for role in (names.owner, names.staff, names.login_admin):
        if not one("SELECT count(*) FROM pg_roles WHERE rolname = :r", r=role):
            problems.append(f"role {role} is missing (run `ppdesk db roles --apply`)")
    if problems:
        return problems
    for table in POLICIES:
        row = conn.execute(
            text(
                "SELECT c.relrowsecurity, c.relforcerowsecurity, "
                "EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid "
                "AND p.polname = 'ppdesk_scope') FROM pg_class c "
                "WHERE c.oid = to_regclass(:t)"
            ),
            {"t": f"public.{table}"},
        ).first()
        if row is None:
            problems.append(f"table {table} is missing")
            continue
        if not row[0]:
            problems.append(f"row-level security is disabled on {table}")
        elif not row[1]:
            problems.append(f"row-level security on {table} is not forced on the owner")
        if not row[2]:
            problems.append(f"policy ppdesk_scope on {table} is missing")
    if not one(
        "SELECT count(*) FROM pg_policy WHERE polrelid = to_regclass('public.audit_event') "
        "AND polname = :p",
        p=APPEND_POLICY,
    ):
        problems.append(f"policy {APPEND_POLICY} on audit_event is missing")
    problems += desk_problems(conn, names)
    problems += letters_problems(conn, names)
    problems += office_problems(conn, names)
    problems += import_problems(conn, names)
    for sig in API_FUNCTIONS:
        row = conn.execute(
            text(
                "SELECT p.prosecdef, coalesce(array_to_string(p.proconfig, ','), '') "
                "FROM pg_proc p WHERE p.oid = to_regprocedure(:f)"
            ),
            {"f": f"{API}.{sig}"},
        ).first()
        if row is None:
            problems.append(f"function {API}.{sig} is missing")
        elif not row[0]:
            problems.append(f"function {API}.{sig} is not SECURITY DEFINER")
        elif "search_path=" not in row[1]:
            problems.append(f"function {API}.{sig} has no pinned search_path")
    rows = conn.execute(
        text(
            "SELECT c.relname, pg_get_userbyid(c.relowner), "
            "has_table_privilege(:s, c.oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,"
            "TRIGGER') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')"
        ),
        {"s": names.staff},
    ).all()
    for rel, owner, staff_can in rows:
        if owner != names.owner:
            problems.append(f"table {rel} is owned by {owner}, not {names.owner}")
        if staff_can:
            problems.append(f"the staff role has privileges on table {rel}")
    if one("SELECT has_schema_privilege('public', 'public', 'CREATE')"):
        problems.append("PUBLIC may create objects in schema public")
    if one("SELECT has_database_privilege('public', current_database(), 'TEMP')"):
        problems.append("PUBLIC may create temporary tables")
    return problems
