"""The office's writes and the audit check as ``ppdesk_api`` functions (PostgreSQL only).

Each function does in SQL what one service does today over the tables, and nothing more:

- ``add_staff``: the account half of ``services.staff.add_staff`` (the login role follows
  through ``create_login`` in the same transaction, which writes its own row);
- ``update_school_profile``: ``services.settings_service.save_school_profile``;
- ``audit_heads``: the chain heads ``services.audit_trail.verify_audit_trail`` checks the
  rows against, for the chains the caller may read whole (their schools' chains; the
  verify's own row goes through ``audit_note``);
- ``audit_to_sign`` and ``countersign_audit``: the desk's countersign of the rows the
  functions appended in its transaction (``person_uow.Countersigner``): the first lists
  them (sequence and hash) before the commit, the second sets each one's ``row_mac`` once,
  after it, only on rows the caller's own login appended (migration 0020's trigger allows
  exactly that change). Neither appends a row: a refused countersign raises and changes
  nothing (a recorded refusal would be one more row to sign).

Like the desk's functions (``pg_security_desk``) they check the role matrix in SQL before
they lock or write anything, take the actor from the session, append their own audit row
with the action, target and details the service writes, and return a refusal as their
``refusal`` column with one denied audit row (``ppdesk_private.refuse``).
"""

from __future__ import annotations

from sqlalchemy import Connection

from ppdesk.adapters.db.pg_sql import (
    API,
    AUDIT_SEQS,
    COUNTERSIGN_MARKER,
    DEFINER,
    PRIVATE,
    RoleNames,
    function_problems,
    lit,
    staff_only_grants_sql,
)
from ppdesk.domain.reports import DEFAULT_OUTREACH_DAYS
from ppdesk.domain.settings import DEFAULT_PIN_EXPIRY_DAYS
from ppdesk.domain.text import ADDRESS_MAX, EMAIL_MAX, NAME_MAX, PHONE_MAX, SHORT_MAX

# services.settings_service: the portal address's length and the outreach days' range.
PORTAL_URL_MAX = 300
OUTREACH_DAYS_MAX = 90

# The refusals of these functions: reason code -> (SQLSTATE, message), merged into
# pg_security.REFUSALS (one catalogue, ppdesk_private.refusal_reason).
OFFICE_REFUSALS: dict[str, tuple[str, str]] = {
    "invalid_username": (
        "invalid_parameter_value",
        f"A user name is at most {SHORT_MAX} lower-case letters, digits, dot, dash, "
        "underscore or @.",
    ),
    "username_taken": ("unique_violation", "A staff account already has this user name."),
    "invalid_staff_fields": (
        "invalid_parameter_value",
        f"A display name (required, at most {NAME_MAX} characters) and an email (at most "
        f"{EMAIL_MAX}) are one line without control characters.",
    ),
    "no_such_school": ("no_data_found", "No such school."),
    "not_profile_editor": (
        "insufficient_privilege",
        "Only a principal or a district administrator can change the school profile.",
    ),
    "invalid_profile": (
        "invalid_parameter_value",
        f"School profile: a name (required, at most {NAME_MAX} characters), an address (at "
        f"most {ADDRESS_MAX}), phone ({PHONE_MAX}), principal ({NAME_MAX}) and portal address "
        f"({PORTAL_URL_MAX}) without control characters, PIN expiry and outreach days 1 to "
        f"{OUTREACH_DAYS_MAX}.",
    ),
}
# Codes of pg_security.REFUSALS these functions give too (a test checks they are there).
SHARED_REFUSALS = frozenset({"not_staff_manager"})

# Every function this module makes in ppdesk_api (security_problems checks them).
OFFICE_FUNCTIONS = (
    "add_staff(text, text, text, integer)",
    "update_school_profile(integer, text, text, text, text, text, integer, boolean, integer)",
    "audit_heads()",
    "audit_to_sign()",
    "countersign_audit(integer[], text[])",
)
PRIVATE_FUNCTIONS = ("line_ok(text, integer, boolean, boolean)",)

_P = PRIVATE
# The refusal's details before "reason", as the service's denial writes them.
_MANAGE_STAFF = lit('"permission":"manage_staff"')


def _code(reason: str) -> str:
    if reason not in OFFICE_REFUSALS and reason not in SHARED_REFUSALS:
        raise KeyError(reason)
    return lit(reason)


def _no(
    action: str, target_type: str, target: str, school: str, reason: str, details: str = "NULL"
) -> str:
    """Refuse (one denied audit row, a WARNING) and return."""
    refuse = (
        f"{PRIVATE}.refuse({lit(action)}, {lit(target_type)}, {target}, {school}, "
        f"{_code(reason)}, {details})"
    )
    return f"refusal := {refuse}; RETURN;"


def _helpers_sql() -> list[str]:
    return [
        # domain.text.clean_text's rule for a field the desk cleaned: at most p_max
        # characters once trimmed, no control character (line breaks only where multiline),
        # present when required.
        f"""CREATE OR REPLACE FUNCTION {_P}.line_ok(p text, p_max integer, p_required boolean,
            p_multiline boolean DEFAULT false)
        RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN p IS NULL OR btrim(p) = '' THEN NOT p_required
                ELSE length(btrim(p)) <= p_max
                    AND CASE WHEN p_multiline
                        THEN regexp_replace(p, E'[\\r\\n]', '', 'g') !~ '[[:cntrl:]]'
                        ELSE p !~ '[[:cntrl:]]' END END
        $$""",
    ]


def _staff_sql() -> list[str]:
    def no(reason: str, details: str = "NULL") -> str:
        return _no("staff_add", "staff", "NULL", "p_school_id", reason, details)

    return [
        # services.staff.add_staff: someone who manages staff at the school (a district-wide
        # grant for an account of no school) adds an account; roles are granted apart. No
        # ppdesk password: with personal logins people sign in as their login role, which
        # the desk creates next with create_login, in the same transaction.
        f"""CREATE OR REPLACE FUNCTION {API}.add_staff(p_username text, p_display_name text,
            p_email text, p_school_id integer, OUT staff_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            IF {API}.scoped() AND NOT (CASE WHEN p_school_id IS NULL THEN EXISTS (
                    SELECT 1 FROM public.role_grant g
                    JOIN public.staff st ON st.id = g.staff_id AND st.username = session_user
                        AND st.active AND st.locked_at IS NULL
                    JOIN {_P}.role_permission rp ON rp.role = g.role
                        AND rp.permission = 'manage_staff'
                    WHERE g.revoked_at IS NULL AND g.school_id IS NULL
                        AND g.local_district IS NULL)
                ELSE {_P}.may('manage_staff', p_school_id) END) THEN
                {no("not_staff_manager", _MANAGE_STAFF)}
            END IF;
            IF p_school_id IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM public.school WHERE id = p_school_id) THEN
                {_no("staff_add", "staff", "NULL", "NULL", "no_such_school")}
            END IF;
            IF p_username IS NULL OR p_username !~ '^[a-z0-9._@-]{{1,{SHORT_MAX}}}$' THEN
                {no("invalid_username")}
            END IF;
            IF NOT {_P}.line_ok(p_display_name, {NAME_MAX}, true)
                    OR NOT {_P}.line_ok(p_email, {EMAIL_MAX}, false) THEN
                {no("invalid_staff_fields")}
            END IF;
            IF EXISTS (SELECT 1 FROM public.staff WHERE username = p_username) THEN
                {no("username_taken")}
            END IF;
            INSERT INTO public.staff (username, display_name, email, password_hash, active,
                failed_logins)
            VALUES (p_username, btrim(p_display_name), nullif(btrim(p_email), ''), NULL, true, 0)
            RETURNING id INTO staff_id;
            PERFORM {_P}.audit_append('staff_add', 'success', 'staff', staff_id::text,
                p_school_id, '{{}}');
        END $$""",
    ]


_PROFILE_FIELDS = (
    # (column, parameter, SQL of the stored value as the service compares it)
    ("name", "v_name", "nullif(v.name, '')"),
    ("address", "v_address", "nullif(v.address, '')"),
    ("phone", "v_phone", "nullif(v.phone, '')"),
    ("principal_name", "v_principal", "nullif(v.principal_name, '')"),
    ("portal_url", "v_portal", "nullif(v.portal_url, '')"),
    ("pin_expiry_days", "p_pin_expiry_days", "coalesce(nullif(v.pin_expiry_days, 0), {exp})"),
    ("bulk_letters_enabled", "p_bulk_letters_enabled", "v.bulk_letters_enabled"),
    ("outreach_days", "p_outreach_days", "coalesce(nullif(v.outreach_days, 0), {out})"),
)


def _profile_sql() -> list[str]:
    def no(reason: str, details: str = "NULL") -> str:
        return _no("school_profile_update", "school", "v.code", "p_school_id", reason, details)

    changed = "\n".join(
        f"IF {stored.format(exp=DEFAULT_PIN_EXPIRY_DAYS, out=DEFAULT_OUTREACH_DAYS)} "
        f"IS DISTINCT FROM {new} THEN v_fields := v_fields || {lit(col)}::text; END IF;"
        for col, new, stored in _PROFILE_FIELDS
    )
    details = (
        "'{' || CASE WHEN 'bulk_letters_enabled' = ANY (v_fields) THEN "
        f"'\"bulk_letters_enabled\":' || {_P}.jtxt(p_bulk_letters_enabled) || ',' ELSE '' END"
        " || CASE WHEN 'pin_expiry_days' = ANY (v_fields) THEN "
        f"'\"expiry_days\":' || {_P}.jtxt(p_pin_expiry_days) || ',' ELSE '' END"
        f" || '\"fields\":' || {_P}.jtxt(v_fields)"
        " || CASE WHEN 'outreach_days' = ANY (v_fields) THEN "
        f"',\"outreach_days\":' || {_P}.jtxt(p_outreach_days) ELSE '' END || '}}'"
    )
    return [
        # services.settings_service.save_school_profile: a principal of the school or a
        # district administrator changes its letterhead, PIN expiry, bulk letters and
        # outreach days; the row names the fields that changed.
        f"""CREATE OR REPLACE FUNCTION {API}.update_school_profile(p_school_id integer,
            p_name text, p_address text, p_phone text, p_principal_name text,
            p_portal_url text, p_pin_expiry_days integer, p_bulk_letters_enabled boolean,
            p_outreach_days integer, OUT code text, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v record; v_fields text[] := '{{}}';
            v_name text := nullif(btrim(p_name), '');
            v_address text := nullif(btrim(p_address), '');
            v_phone text := nullif(btrim(p_phone), '');
            v_principal text := nullif(btrim(p_principal_name), '');
            v_portal text := nullif(btrim(p_portal_url), '');
        BEGIN
            SELECT x.id, x.code INTO v FROM public.school x WHERE x.id = p_school_id;
            IF NOT {_P}.may('manage_staff', p_school_id) THEN
                {no("not_profile_editor", _MANAGE_STAFF)}
            END IF;
            IF v.id IS NULL THEN
                {_no("school_profile_update", "school", "NULL", "NULL", "no_such_school")}
            END IF;
            IF NOT ({_P}.line_ok(p_name, {NAME_MAX}, true)
                    AND {_P}.line_ok(p_address, {ADDRESS_MAX}, false, true)
                    AND {_P}.line_ok(p_phone, {PHONE_MAX}, false)
                    AND {_P}.line_ok(p_principal_name, {NAME_MAX}, false)
                    AND {_P}.line_ok(p_portal_url, {PORTAL_URL_MAX}, false)
                    AND p_pin_expiry_days BETWEEN 1 AND 90
                    AND p_outreach_days BETWEEN 1 AND {OUTREACH_DAYS_MAX}
                    AND p_bulk_letters_enabled IS NOT NULL) THEN
                {no("invalid_profile")}
            END IF;
            SELECT x.* INTO v FROM public.school x WHERE x.id = p_school_id FOR UPDATE;
            {changed}
            UPDATE public.school SET name = v_name, address = v_address, phone = v_phone,
                principal_name = v_principal, portal_url = v_portal,
                pin_expiry_days = p_pin_expiry_days,
                bulk_letters_enabled = p_bulk_letters_enabled,
                outreach_days = p_outreach_days
                WHERE id = p_school_id;
            code := v.code;
            PERFORM {_P}.audit_append('school_profile_update', 'success', 'school', v.code,
                p_school_id, {details});
        END $$""",
    ]


def _audit_sql() -> list[str]:
    return [
        # The heads of the chains the caller may read whole: their schools' (the audit
        # permission), every chain for an administrator. The district's chain (rows about no
        # school) is read whole by nobody signed in as a person: its row carries only the
        # fork (where the schools' chains start) and which rows are signed. A read: no row.
        f"""CREATE OR REPLACE FUNCTION {API}.audit_heads()
        RETURNS TABLE (chain integer, last_seq integer, last_hash text, fork_seq integer,
            fork_hash text, mac_from_seq integer)
        LANGUAGE plpgsql STABLE {DEFINER} AS $$
        BEGIN
            -- plpgsql: the body is checked when it runs, so the rules can be applied to a
            -- database from before the chains (migration 0010) and upgraded after.
            RETURN QUERY SELECT h.chain::integer,
                    CASE WHEN h.chain <> 0 OR NOT {API}.scoped() THEN h.last_seq END::integer,
                    CASE WHEN h.chain <> 0 OR NOT {API}.scoped() THEN h.last_hash END::text,
                    h.fork_seq::integer, h.fork_hash::text, h.mac_from_seq::integer
                FROM public.audit_chain_head h
                WHERE h.chain = 0 OR NOT {API}.scoped()
                    OR h.chain = ANY ({API}.my_school_ids('read_audit'))
                ORDER BY h.chain;
        END
        $$""",
        # The rows ``audit_append`` appended in this transaction as the caller (its list is
        # transaction-local: another session cannot add to it, and a row forged in the
        # caller's name by someone else is never in it). The desk reads them before it
        # commits and countersigns them after. A read: no row.
        f"""CREATE OR REPLACE FUNCTION {API}.audit_to_sign()
        RETURNS TABLE (seq integer, row_hash text)
        LANGUAGE plpgsql STABLE {DEFINER} AS $$
        BEGIN
            RETURN QUERY SELECT e.seq::integer, e.row_hash::text FROM public.audit_event e
                WHERE e.seq = ANY (string_to_array(rtrim(coalesce(
                        current_setting({lit(AUDIT_SEQS)}, true), ''), ','), ',')::integer[])
                    AND e.actor = session_user
                    AND e.actor_staff_id IS NOT DISTINCT FROM {API}.my_staff_id()
                    AND e.workstation LIKE 'db:%' AND e.row_mac IS NULL
                ORDER BY e.seq;
        END
        $$""",
        # Write-once: sets row_mac (64 hex digits, the audit key's MAC of the row's hash,
        # computed on the desk) on rows the caller's own login appended inside the database
        # and nobody signed yet; a row already carrying exactly that MAC is left as it is (a
        # retry). Anything else (another person's row, a desk-signed row, a row signed
        # already with another MAC, a row the caller cannot see) refuses the whole call and
        # changes nothing. The database cannot check the MAC (it has no key): a wrong one
        # makes the row fail `audit verify`, as any tampering does. Returns the rows signed.
        f"""CREATE OR REPLACE FUNCTION {API}.countersign_audit(p_seqs integer[], p_macs text[])
        RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            r record;
            v_staff integer := {API}.my_staff_id();
            v_done integer := 0;
        BEGIN
            IF p_seqs IS NULL OR p_macs IS NULL
                    OR cardinality(p_seqs) <> cardinality(p_macs) THEN
                RAISE EXCEPTION 'countersign_audit: one signature per row'
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            FOR i IN 1 .. cardinality(p_seqs) LOOP
                IF p_seqs[i] IS NULL OR p_macs[i] IS NULL OR p_macs[i] !~ '^[0-9a-f]{{64}}$' THEN
                    RAISE EXCEPTION 'countersign_audit: a signature is 64 hex digits'
                        USING ERRCODE = 'invalid_parameter_value';
                END IF;
                SELECT e.actor, e.actor_staff_id, e.workstation, e.row_mac INTO r
                    FROM public.audit_event e WHERE e.seq = p_seqs[i] FOR UPDATE;
                IF NOT FOUND OR r.actor <> session_user OR r.workstation NOT LIKE 'db:%'
                        OR r.actor_staff_id IS DISTINCT FROM v_staff THEN
                    RAISE EXCEPTION 'countersign_audit: audit row % was not appended by you',
                        p_seqs[i] USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF r.row_mac IS NOT NULL THEN
                    IF r.row_mac = p_macs[i] THEN
                        CONTINUE;  -- signed already with this MAC: a retry
                    END IF;
                    RAISE EXCEPTION 'countersign_audit: audit row % is signed already',
                        p_seqs[i] USING ERRCODE = 'insufficient_privilege';
                END IF;
                PERFORM set_config({lit(COUNTERSIGN_MARKER)}, p_seqs[i]::text, true);
                UPDATE public.audit_event SET row_mac = p_macs[i] WHERE seq = p_seqs[i];
                PERFORM set_config({lit(COUNTERSIGN_MARKER)}, '', true);
                v_done := v_done + 1;
            END LOOP;
            RETURN v_done;
        END
        $$""",
    ]


def office_functions_sql(n: RoleNames) -> list[str]:
    """The functions, in order (security_sql runs them before the views and grants)."""
    return [*_helpers_sql(), *_staff_sql(), *_profile_sql(), *_audit_sql()]


def office_grants_sql(n: RoleNames) -> list[str]:
    """After pg_security's grants: these functions are the staff role's only."""
    return staff_only_grants_sql(n, OFFICE_FUNCTIONS, PRIVATE_FUNCTIONS)


def office_problems(conn: Connection, n: RoleNames) -> list[str]:
    """What differs from office_functions_sql and office_grants_sql
    (pg_sql.function_problems)."""
    return function_problems(conn, n, OFFICE_FUNCTIONS)
