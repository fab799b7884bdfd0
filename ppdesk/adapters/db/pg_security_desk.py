"""The desk's other writes as ``ppdesk_api`` functions (PostgreSQL only).

Each function does in SQL what one service does today over the tables, and nothing more:

- ``revoke_pin``: ``services.pins.revoke_pin`` (the active, else the held PIN);
- ``hand_over_pin``: ``services.handover.hand_over`` (a held letter's PIN goes live);
- ``set_legal_guardian``: ``services.pins.record_legal_guardian``;
- ``remove_legal_guardian``: ``services.custody.remove_legal_guardian_status``;
- ``unlock_guardian``: ``services.verification.unlock_guardian``;
- ``request_sis_update`` / ``withdraw_sis_request``: ``services.sis_requests``;
- ``queue_school_letter``: the letter half of ``services.school_letters.queue_for_school``
  (the PIN itself comes from ``issue_pin`` in the same transaction);
- ``close_school_letter``: ``print_queued_letter`` finding the letter's PIN ended;
- ``ppdesk_private.lock_guardian_if_due``: the lock ``complete_verification`` sets after a
  failed checklist, for the verification function to call (no staff grant, no audit row of
  its own: the ``verification`` row says ``guardian_locked``, as today).

Like the functions of ``pg_security`` they check the role matrix in SQL
(``ppdesk_private.may``), take the actor from the session, append their own audit row with
the action, target and details the service writes, and return a refusal as their
``refusal`` column with a denied audit row (``ppdesk_private.refuse``). A PIN ends in one
row-locked statement, so a revoke racing a redemption or a hand-over, or N hand-overs of one
letter, give one success.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection

from ppdesk.adapters.db.pg_sql import (
    API,
    DEFINER,
    PRIVATE,
    RoleNames,
    function_problems,
    lit,
    staff_only_grants_sql,
)
from ppdesk.adapters.db.pin_sql import OUTSTANDING_ORDER, status_sql, statuses_sql
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.sis_status import (
    DOCUMENT_KINDS,
    OUTCOME_WITHDRAWN,
    REQUEST_ACTION,
    WITHDRAW_ACTION,
)
from ppdesk.domain.text import NOTE_MAX
from ppdesk.domain.verification import (
    FAILURE_WINDOW,
    MAX_FAILED_VERIFICATIONS,
    VERIFICATION_VALID_FOR,
)

# services.custody.REMOVE_ACTION (adapters do not import services; a test compares them).
REMOVE_ACTION = "legal_guardian_removed"

_ACTIVE = status_sql(PinStatus.ACTIVE)
_HELD = status_sql(PinStatus.HELD)
_REVOKED = status_sql(PinStatus.REVOKED)
_EXPIRED = status_sql(PinStatus.EXPIRED)
_REDEEMED = status_sql(PinStatus.REDEEMED)
_OUTSTANDING = statuses_sql(OUTSTANDING_ORDER)

_RECORD_MSG = (
    "Only a principal or an assistant principal can record or remove the verified parent "
    "and legal guardian status or ask for it in the SIS."
)

# The refusals of these functions: reason code -> (SQLSTATE, message), merged into
# pg_security.REFUSALS (one catalogue, ppdesk_private.refusal_reason).
DESK_REFUSALS: dict[str, tuple[str, str]] = {
    "not_linked": ("no_data_found", "This guardian is not linked to the student."),
    "invalid_text": (
        "invalid_parameter_value",
        f"A reason or note is one line of at most {NOTE_MAX} characters without control "
        "characters (a reason is required).",
    ),
    "no_pin_to_revoke": ("no_data_found", "There is no active or held PIN to revoke."),
    "no_held_letter": ("no_data_found", "There is no held letter of this guardian to hand over."),
    "not_recorder": ("insufficient_privilege", _RECORD_MSG),
    "status_from_sis": (
        "insufficient_privilege",
        "The SIS decides the verified status at this school: record a request for the SIS "
        "update instead.",
    ),
    "not_verified_status": (
        "check_violation",
        "This guardian is not recorded as the verified parent and legal guardian.",
    ),
    "not_unlocker": (
        "insufficient_privilege",
        "Only a principal or an assistant principal of a school of this guardian can lift "
        "a verification lock.",
    ),
    "no_such_guardian": ("no_data_found", "No such guardian."),
    "no_sis_import": (
        "check_violation",
        "No SIS import carries this school: record the verified status at the desk.",
    ),
    "already_verified": (
        "check_violation",
        "The SIS already carries this guardian as the verified parent and legal guardian.",
    ),
    "already_requested": ("unique_violation", "An SIS update for this guardian is already open."),
    "invalid_documents": (
        "invalid_parameter_value",
        "Name at least one document seen, each one of: "
        + ", ".join(k for k, _ in DOCUMENT_KINDS)
        + " (other only with a note).",
    ),
    "no_open_request": ("no_data_found", "There is no open SIS update request to withdraw."),
    "not_district_verification": (
        "check_violation",
        "Only a passed verification made at a district office queues the letter for the school.",
    ),
    "pin_not_active": ("no_data_found", "That PIN is not this guardian's active PIN."),
    "no_such_letter": ("no_data_found", "No such letter waiting at a school."),
    "not_schools_staff": (
        "insufficient_privilege",
        "Only the school's own staff can print or close the letters queued for it.",
    ),
    "letter_closed": ("no_data_found", "This letter was printed or closed already."),
    "pin_still_active": (
        "check_violation",
        "The PIN of this letter is still active: print the letter instead.",
    ),
}
# Codes of pg_security.REFUSALS these functions give too (a test checks they are there).
SHARED_REFUSALS = frozenset(
    {"no_permission", "no_recent_verification", "not_verified_legal_guardian"}
)

# Every function this module makes in ppdesk_api (security_problems checks them).
DESK_FUNCTIONS = (
    "revoke_pin(integer, text)",
    "hand_over_pin(integer)",
    "set_legal_guardian(integer, boolean, text)",
    "remove_legal_guardian(integer, text)",
    "unlock_guardian(integer, text)",
    "request_sis_update(integer, text[], text)",
    "withdraw_sis_request(integer, text)",
    "queue_school_letter(integer, integer)",
    "close_school_letter(integer)",
)
PRIVATE_FUNCTIONS = (
    "text_ok(text, boolean)",
    "end_outstanding(integer, text, text)",
    "holds_at_school(text, integer)",
    "lock_guardian_if_due(integer)",
)

_P = PRIVATE
_VALID_MIN = int(VERIFICATION_VALID_FOR.total_seconds() // 60)
_MY = f"{API}.my_staff_id()"


def _json(**members: str) -> str:
    """An SQL expression: the JSON object of ``members`` (key -> SQL expression, typed),
    keys sorted and no spaces, as ``ppdesk.domain.audit.check_details`` writes it."""
    if not members:
        return "'{}'"
    parts = [
        lit(("{" if i == 0 else ",") + json.dumps(key) + ":") + f" || {_P}.jtxt({value})"
        for i, (key, value) in enumerate(sorted(members.items()))
    ]
    return "(" + " || ".join(parts) + " || '}')"


def _members(**members: str) -> str:
    """The members of a refusal's details before "reason" (``refuse``'s p_details)."""
    if not members:
        return "NULL"
    body = _json(**members)
    return f"substr({body}, 2, length({body}) - 2)"


def _code(reason: str) -> str:
    """A catalogued reason code as an SQL literal."""
    if reason not in DESK_REFUSALS and reason not in SHARED_REFUSALS:
        raise KeyError(reason)
    return lit(reason)


def _refuse(
    action: str, target_type: str, target_id: str, school: str, reason: str, details: str = "NULL"
) -> str:
    """The SQL expression that records one refusal (ppdesk_private.refuse) and yields its
    code; ``reason`` and ``details`` are SQL expressions."""
    return (
        f"{PRIVATE}.refuse({lit(action)}, {lit(target_type)}, {target_id}, {school}, "
        f"{reason}, {details})"
    )


def _no(
    action: str, target_type: str, target: str, school: str, reason: str, details: str = "NULL"
) -> str:
    """Refuse (one denied audit row, a WARNING) and return: the statement for a function
    whose only refusal column is ``refusal``."""
    refuse = _refuse(action, target_type, target, school, _code(reason), details)
    return f"refusal := {refuse}; RETURN;"


def _permission(name: str) -> str:
    return _members(permission=lit(name) + "::text")


def _helpers_sql() -> list[str]:
    window_h = int(FAILURE_WINDOW.total_seconds() // 3600)
    n = MAX_FAILED_VERIFICATIONS
    return [
        # The same rule as domain.text.clean_text for a one-line note (the desk cleaned it).
        f"""CREATE OR REPLACE FUNCTION {_P}.text_ok(p text, p_required boolean)
        RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN p IS NULL OR btrim(p) = '' THEN NOT p_required
                ELSE length(btrim(p)) <= {NOTE_MAX} AND p !~ '[[:cntrl:]]' END
        $$""",
        # End a link's outstanding PIN (its active, else its held one), row-locked: of two
        # transactions ending it (a revoke, a redemption, a hand-over) the second waits
        # for the first's lock, then finds it no longer outstanding and ends nothing.
        f"""CREATE OR REPLACE FUNCTION {_P}.end_outstanding(
            p_link_id integer, p_reason text, p_status text DEFAULT {_REVOKED},
            OUT pin_id integer, OUT was text)
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            SELECT x.id, x.status INTO pin_id, was FROM public.parent_pin x
                WHERE x.link_id = p_link_id AND x.status IN {_OUTSTANDING}
                ORDER BY x.status = {_ACTIVE} DESC, x.id DESC LIMIT 1 FOR UPDATE;
            IF pin_id IS NOT NULL THEN
                UPDATE public.parent_pin SET status = p_status, ciphertext = NULL,
                    ended_at = clock_timestamp(), ended_by_id = {_MY}, end_reason = p_reason
                    WHERE id = pin_id;
            END IF;
        END $$""",
        # A grant for this very school (not a local-district or district-wide one) allows
        # p_permission: the school's own staff (services.access.holds_at_school).
        f"""CREATE OR REPLACE FUNCTION {_P}.holds_at_school(p_permission text,
            p_school_id integer) RETURNS boolean LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT NOT {API}.scoped() OR EXISTS (SELECT 1 FROM public.role_grant g
                JOIN public.staff st ON st.id = g.staff_id AND st.username = session_user
                    AND st.active AND st.locked_at IS NULL
                JOIN {_P}.role_permission rp ON rp.role = g.role
                    AND rp.permission = p_permission
                WHERE g.revoked_at IS NULL AND g.school_id = p_school_id)
        $$""",
        # domain.verification.is_guardian_locked: MAX_FAILED_VERIFICATIONS failures within
        # any FAILURE_WINDOW since the last unlock lock the guardian. For the verification
        # function, in its transaction; its audit row says guardian_locked.
        f"""CREATE OR REPLACE FUNCTION {_P}.lock_guardian_if_due(p_guardian_id integer)
        RETURNS boolean LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_now timestamptz := clock_timestamp(); v_due boolean;
        BEGIN
            SELECT EXISTS (SELECT 1 FROM (
                    SELECT v.completed_at AS t, lead(v.completed_at, {n - 1})
                        OVER (ORDER BY v.completed_at) AS t_n
                    FROM public.verification v JOIN public.guardian g ON g.id = v.guardian_id
                    WHERE v.guardian_id = p_guardian_id AND v.outcome = 'failed'
                        AND v.completed_at >= v_now - interval '{window_h} hours'
                        AND v.completed_at <= v_now
                        AND (g.verification_unlocked_at IS NULL
                             OR v.completed_at > g.verification_unlocked_at)) w
                WHERE w.t_n - w.t < interval '{window_h} hours') INTO v_due;
            IF v_due THEN
                UPDATE public.guardian SET verification_locked_at = v_now
                    WHERE id = p_guardian_id;
            END IF;
            RETURN v_due;
        END $$""",
    ]


# The link, its student's school and the school's SIS state, as the caller may see them
# (row-level security): nothing for a link of a school outside their grants. Read first
# without a lock (_PEEK) for the permission check, so a refused caller locks nothing; then
# locked and read again (_LINK): acts on one link run one at a time.
_LINK = """SELECT l.id, l.student_id, l.guardian_id, l.active, l.verified_legal_guardian,
        s.school_id, sc.sis_fed_since IS NOT NULL AS from_sis
    INTO v_link FROM public.guardian_link l JOIN public.student s ON s.id = l.student_id
    JOIN public.school sc ON sc.id = s.school_id WHERE l.id = p_link_id FOR UPDATE OF l;"""
_PEEK = _LINK.replace(" FOR UPDATE OF l;", ";")


def _pin_sql() -> list[str]:
    def revoke_no(reason: str, details: str = "NULL") -> str:
        return _no("pin_revoke", "guardian_link", "p_link_id::text", "v_link.school_id",
                   reason, details)  # fmt: skip

    def hand_no(reason: str, details: str = "NULL") -> str:
        return _no("pin_handover", "guardian_link", "p_link_id::text", "v_link.school_id",
                   reason, details)  # fmt: skip

    hand_ver_no = _refuse(
        "pin_handover", "guardian_link", "p_link_id::text", "v_link.school_id", "v_ver.refusal"
    )
    hand_details = _json(
        id_type="v.id_type::text",
        letter_number="letter_number",
        mode="v.mode::text",
        pin_id="pin_id",
        verification_id="v_ver.ver_id",
    )
    return [
        # services.pins.revoke_pin: needs manage_pin at the student's school and a reason;
        # no verification (revoking only protects). Expired PINs are marked first, then the
        # active (else held) PIN ends, row-locked.
        f"""CREATE OR REPLACE FUNCTION {API}.revoke_pin(p_link_id integer, p_reason text,
            OUT pin_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_end record; v_now timestamptz := clock_timestamp();
        BEGIN
            {_PEEK}
            IF NOT {_P}.may('manage_pin', v_link.school_id) THEN
                {revoke_no("no_permission", _permission("manage_pin"))}
            END IF;
            {_LINK}
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {revoke_no("not_linked")}
            END IF;
            IF NOT {_P}.text_ok(p_reason, true) THEN
                {revoke_no("invalid_text")}
            END IF;
            UPDATE public.parent_pin SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE link_id = p_link_id AND status IN {_OUTSTANDING} AND expires_at <= v_now;
            SELECT * INTO v_end FROM {_P}.end_outstanding(p_link_id, btrim(p_reason));
            IF v_end.pin_id IS NULL THEN
                {revoke_no("no_pin_to_revoke")}
            END IF;
            pin_id := v_end.pin_id;
            PERFORM {_P}.audit_append('pin_revoke', 'success', 'guardian_link', p_link_id::text,
                v_link.school_id,
                {_json(pin_id="v_end.pin_id", reason="btrim(p_reason)", was="v_end.was")});
        END $$""",
        # services.handover.hand_over: manage_pin, a passed verification of this guardian
        # by the caller in the last 30 minutes (not a district office's: its letters go by
        # the school), then held -> active in one statement: at most once.
        f"""CREATE OR REPLACE FUNCTION {API}.hand_over_pin(p_link_id integer,
            OUT pin_id integer, OUT letter_number text, OUT verification_id integer,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_ver record; v record; v_now timestamptz := clock_timestamp();
        BEGIN
            SELECT l.id, l.active, s.school_id INTO v_link FROM public.guardian_link l
                JOIN public.student s ON s.id = l.student_id WHERE l.id = p_link_id;
            IF NOT {_P}.may('manage_pin', v_link.school_id) THEN
                {hand_no("no_permission", _permission("manage_pin"))}
            END IF;
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {hand_no("not_linked")}
            END IF;
            SELECT * INTO v_ver FROM {_P}.verification_for(p_link_id, 'screen');
            IF v_ver.refusal IS NOT NULL THEN
                refusal := {hand_ver_no};
                RETURN;
            END IF;
            UPDATE public.parent_pin SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE link_id = p_link_id AND status IN {_OUTSTANDING} AND expires_at <= v_now;
            UPDATE public.parent_pin x SET status = {_ACTIVE}, handed_over_at = v_now,
                handed_over_by_id = {_MY}, verification_id = v_ver.ver_id
                WHERE x.link_id = p_link_id AND x.status = {_HELD}
                    AND x.letter_number IS NOT NULL
                RETURNING x.id, x.letter_number INTO pin_id, letter_number;
            IF pin_id IS NULL THEN
                {hand_no("no_held_letter")}
            END IF;
            verification_id := v_ver.ver_id;
            SELECT x.mode, x.id_type INTO v FROM public.verification x WHERE x.id = v_ver.ver_id;
            PERFORM {_P}.audit_append('pin_handover', 'success', 'guardian_link',
                p_link_id::text, v_link.school_id,
                {hand_details});
        END $$""",
    ]


def _custody_sql() -> list[str]:
    def set_no(reason: str, details: str = "NULL") -> str:
        return _no("legal_guardian_set", "guardian_link", "p_link_id::text",
                   "v_link.school_id", reason, details)  # fmt: skip

    def remove_no(reason: str, details: str = "NULL") -> str:
        return _no(REMOVE_ACTION, "guardian_link", "p_link_id::text", "v_link.school_id",
                   reason, details)  # fmt: skip

    record = _permission("record_legal_guardian")
    set_details = _json(
        reason="btrim(p_reason)", revoked_pin_id="revoked_pin_id", verified="p_verified"
    )
    remove_details = _json(
        portal_link_to_remove="portal_link_to_remove",
        reason="btrim(p_reason)",
        revoked_pin_id="revoked_pin_id",
        sis_request_id="sis_request_id",
    )
    unlock_none = _no(
        "guardian_unlock", "guardian", "p_guardian_id::text", "NULL", "no_such_guardian"
    )
    unlock_no = _no(
        "guardian_unlock",
        "guardian",
        "p_guardian_id::text",
        "v_any",
        "not_unlocker",
        _permission("unlock_guardian"),
    )
    unlock_text = _no(
        "guardian_unlock", "guardian", "p_guardian_id::text", "v_school", "invalid_text"
    )
    return [
        # services.pins.record_legal_guardian: a principal or AP with a reason; marking is
        # refused at a school the SIS feeds; unmarking revokes the active or held PIN.
        f"""CREATE OR REPLACE FUNCTION {API}.set_legal_guardian(p_link_id integer,
            p_verified boolean, p_reason text, OUT revoked_pin_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_now timestamptz := clock_timestamp();
        BEGIN
            {_PEEK}
            IF NOT {_P}.may('record_legal_guardian', v_link.school_id) THEN
                {set_no("not_recorder", record)}
            END IF;
            {_LINK}
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {set_no("not_linked")}
            END IF;
            IF p_verified IS NULL OR NOT {_P}.text_ok(p_reason, true) THEN
                {set_no("invalid_text")}
            END IF;
            IF p_verified AND v_link.from_sis THEN
                {set_no("status_from_sis")}
            END IF;
            UPDATE public.guardian_link SET verified_legal_guardian = p_verified,
                verified_by = session_user, verified_at = v_now, verified_source = 'staff'
                WHERE id = p_link_id;
            IF NOT p_verified THEN
                revoked_pin_id := ({_P}.end_outstanding(p_link_id,
                    'no longer verified legal guardian')).pin_id;
            END IF;
            PERFORM {_P}.audit_append('legal_guardian_set', 'success', 'guardian_link',
                p_link_id::text, v_link.school_id,
                {set_details});
        END $$""",
        # services.custody.remove_legal_guardian_status: a court order or custody change.
        # At a school the SIS feeds, the removal is also a request to make in the SIS (an
        # earlier open request of the link is superseded).
        f"""CREATE OR REPLACE FUNCTION {API}.remove_legal_guardian(p_link_id integer,
            p_reason text, OUT revoked_pin_id integer, OUT portal_link_to_remove boolean,
            OUT sis_request_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_now timestamptz := clock_timestamp();
        BEGIN
            {_PEEK}
            IF NOT {_P}.may('record_legal_guardian', v_link.school_id) THEN
                {remove_no("not_recorder", record)}
            END IF;
            {_LINK}
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {remove_no("not_linked")}
            END IF;
            IF NOT {_P}.text_ok(p_reason, true) THEN
                {remove_no("invalid_text")}
            END IF;
            IF NOT v_link.verified_legal_guardian THEN
                {remove_no("not_verified_status")}
            END IF;
            UPDATE public.guardian_link SET verified_legal_guardian = false,
                verified_by = session_user, verified_at = v_now, verified_source = 'staff'
                WHERE id = p_link_id;
            revoked_pin_id := ({_P}.end_outstanding(p_link_id,
                'verified status removed (custody change)')).pin_id;
            portal_link_to_remove := EXISTS (SELECT 1 FROM public.parent_pin x
                WHERE x.link_id = p_link_id AND x.status = {_REDEEMED});
            IF v_link.from_sis THEN
                UPDATE public.sis_status_request SET closed_at = v_now, outcome = 'superseded'
                    WHERE link_id = p_link_id AND closed_at IS NULL;
                INSERT INTO public.sis_status_request (kind, link_id, student_id, guardian_id,
                    requested_by_id, requested_at, documents, note)
                VALUES ('remove', p_link_id, v_link.student_id, v_link.guardian_id, {_MY},
                    v_now, '', btrim(p_reason))
                RETURNING id INTO sis_request_id;
            END IF;
            PERFORM {_P}.audit_append({lit(REMOVE_ACTION)}, 'success', 'guardian_link',
                p_link_id::text, v_link.school_id,
                {remove_details});
        END $$""",
        # services.verification.unlock_guardian: the lock is the guardian's; a principal
        # or AP of any school where the guardian has a linked student lifts it (audited
        # at the first such school).
        f"""CREATE OR REPLACE FUNCTION {API}.unlock_guardian(p_guardian_id integer,
            p_reason text DEFAULT NULL, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_school integer; v_any integer; v_locked boolean;
        BEGIN
            SELECT g.verification_locked_at IS NOT NULL INTO v_locked FROM public.guardian g
                WHERE g.id = p_guardian_id;
            SELECT min(s.school_id) FILTER (WHERE {_P}.may('unlock_guardian', s.school_id)),
                    min(s.school_id)
                INTO v_school, v_any
                FROM public.guardian_link l JOIN public.student s ON s.id = l.student_id
                WHERE l.guardian_id = p_guardian_id AND l.active;
            IF v_locked IS NULL AND NOT {API}.scoped() THEN
                {unlock_none}
            END IF;
            IF v_school IS NULL THEN
                {unlock_no}
            END IF;
            IF NOT {_P}.text_ok(p_reason, false) THEN
                {unlock_text}
            END IF;
            SELECT g.verification_locked_at IS NOT NULL INTO v_locked FROM public.guardian g
                WHERE g.id = p_guardian_id FOR UPDATE;
            UPDATE public.guardian SET verification_locked_at = NULL,
                verification_unlocked_at = clock_timestamp() WHERE id = p_guardian_id;
            PERFORM {_P}.audit_append('guardian_unlock', 'success', 'guardian',
                p_guardian_id::text, v_school,
                {_json(reason="nullif(btrim(p_reason), '')", was_locked="v_locked")});
        END $$""",
    ]


def _sis_sql() -> list[str]:
    def req_no(reason: str, details: str = "NULL") -> str:
        return _no(REQUEST_ACTION, "guardian_link", "p_link_id::text", "v_link.school_id",
                   reason, details)  # fmt: skip

    def wd_no(reason: str, details: str = "NULL") -> str:
        return _no(WITHDRAW_ACTION, "guardian_link", "p_link_id::text", "v_link.school_id",
                   reason, details)  # fmt: skip

    record = _permission("record_legal_guardian")
    labels = ", ".join(
        f"({lit(k)}, {lit(label)}, {i})" for i, (k, label) in enumerate(DOCUMENT_KINDS)
    )
    return [
        # services.sis_requests.request_sis_update: a principal or AP asks the office to
        # record the status in the SIS (a school the SIS feeds), naming the documents seen.
        # One open request per link (the link row is locked while checking).
        f"""CREATE OR REPLACE FUNCTION {API}.request_sis_update(p_link_id integer,
            p_documents text[], p_note text DEFAULT NULL, OUT request_id integer,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_kinds text[]; v_text text;
            v_note text := nullif(btrim(p_note), '');
        BEGIN
            {_PEEK}
            IF NOT {_P}.may('record_legal_guardian', v_link.school_id) THEN
                {req_no("not_recorder", record)}
            END IF;
            {_LINK}
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {req_no("not_linked")}
            END IF;
            IF NOT v_link.from_sis THEN
                {req_no("no_sis_import")}
            END IF;
            IF v_link.verified_legal_guardian THEN
                {req_no("already_verified")}
            END IF;
            IF NOT {_P}.text_ok(p_note, false) THEN
                {req_no("invalid_text")}
            END IF;
            v_kinds := ARRAY(SELECT k FROM unnest(p_documents) WITH ORDINALITY u(k, o)
                GROUP BY k ORDER BY min(o));
            SELECT string_agg(d.label, '; ' ORDER BY min_o) INTO v_text FROM (
                SELECT k, min(o) AS min_o FROM unnest(p_documents) WITH ORDINALITY u(k, o)
                GROUP BY k) u JOIN (VALUES {labels}) d(kind, label, i) ON d.kind = u.k;
            IF cardinality(v_kinds) = 0 OR v_text IS NULL
                    OR (SELECT count(*) FROM unnest(v_kinds) k
                        WHERE k NOT IN (SELECT kind FROM (VALUES {labels}) d(kind, label, i)))
                       > 0
                    OR ('other' = ANY (v_kinds) AND v_note IS NULL) THEN
                {req_no("invalid_documents")}
            END IF;
            IF EXISTS (SELECT 1 FROM public.sis_status_request r
                    WHERE r.link_id = p_link_id AND r.closed_at IS NULL) THEN
                {req_no("already_requested")}
            END IF;
            INSERT INTO public.sis_status_request (kind, link_id, student_id, guardian_id,
                requested_by_id, requested_at, documents, note)
            VALUES ('verify', p_link_id, v_link.student_id, v_link.guardian_id, {_MY},
                clock_timestamp(), v_text, v_note)
            RETURNING id INTO request_id;
            PERFORM {_P}.audit_append({lit(REQUEST_ACTION)}, 'success', 'guardian_link',
                p_link_id::text, v_link.school_id,
                {_json(documents="v_kinds", request_id="request_id")});
        END $$""",
        # services.sis_requests.withdraw_sis_request: made in error, or the person does not
        # meet the requirements. One conditional UPDATE.
        f"""CREATE OR REPLACE FUNCTION {API}.withdraw_sis_request(p_link_id integer,
            p_reason text, OUT request_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record;
        BEGIN
            {_PEEK}
            IF NOT {_P}.may('record_legal_guardian', v_link.school_id) THEN
                {wd_no("not_recorder", record)}
            END IF;
            {_LINK}
            IF v_link.id IS NULL THEN
                {wd_no("not_linked")}
            END IF;
            IF NOT {_P}.text_ok(p_reason, true) THEN
                {wd_no("invalid_text")}
            END IF;
            UPDATE public.sis_status_request SET closed_at = clock_timestamp(),
                outcome = {lit(OUTCOME_WITHDRAWN)}
                WHERE id = (SELECT r.id FROM public.sis_status_request r
                    WHERE r.link_id = p_link_id AND r.closed_at IS NULL
                    ORDER BY r.id LIMIT 1)
                AND closed_at IS NULL
                RETURNING id INTO request_id;
            IF request_id IS NULL THEN
                {wd_no("no_open_request")}
            END IF;
            PERFORM {_P}.audit_append({lit(WITHDRAW_ACTION)}, 'success', 'guardian_link',
                p_link_id::text, v_link.school_id,
                {_json(reason="btrim(p_reason)", request_id="request_id")});
        END $$""",
    ]


def _letter_sql() -> list[str]:
    def q_no(reason: str, details: str = "NULL") -> str:
        return _no("letter_queue", "guardian_link", "p_link_id::text", "v_link.school_id",
                   reason, details)  # fmt: skip

    def c_no(reason: str, details: str = "NULL") -> str:
        return _no("letter_print", "guardian_link", "v_letter.link_id::text",
                   "v_letter.school_id", reason, details)  # fmt: skip

    queue_details = _json(
        issued="v_pin.issued",
        mode="v.mode::text",
        pin_id="p_pin_id",
        replaced_letter_id="v_waiting.id",
        school_letter_id="letter_id",
        verification_id="v.id",
    )
    close_details = _json(
        pin_id="v_letter.pin_id",
        reason="'pin ended'::text",
        school_letter_id="v_letter.id",
        was="v_status",
    )
    return [
        # The letter half of services.school_letters.queue_for_school: after a passed
        # verification made at a district office, the guardian's active PIN (just issued
        # with issue_pin in the same transaction, or kept) waits at the student's school.
        # A letter already waiting with the same PIN is returned as it is (no row).
        f"""CREATE OR REPLACE FUNCTION {API}.queue_school_letter(p_link_id integer,
            p_pin_id integer, OUT letter_id integer, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_ver record; v record; v_pin record; v_waiting record;
            v_now timestamptz := clock_timestamp();
        BEGIN
            {_PEEK}
            IF NOT {_P}.may('manage_pin', v_link.school_id) THEN
                {q_no("no_permission", _permission("manage_pin"))}
            END IF;
            {_LINK}
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {q_no("not_linked")}
            END IF;
            IF NOT v_link.verified_legal_guardian THEN
                {q_no("not_verified_legal_guardian")}
            END IF;
            SELECT x.id, x.mode, x.office INTO v FROM public.verification x
                WHERE x.link_id = p_link_id AND x.staff_id = {_MY} AND x.outcome = 'passed'
                    AND x.completed_at >= v_now - interval '{_VALID_MIN} minutes'
                ORDER BY x.completed_at DESC LIMIT 1;
            IF v.id IS NULL THEN
                {q_no("no_recent_verification")}
            END IF;
            IF v.office IS DISTINCT FROM 'district' THEN
                {q_no("not_district_verification")}
            END IF;
            SELECT x.id, x.issued_by_id = {_MY} AND x.issued_at >= now() AS issued
                INTO v_pin FROM public.parent_pin x
                WHERE x.id = p_pin_id AND x.link_id = p_link_id AND x.status = {_ACTIVE}
                    AND x.expires_at > v_now FOR UPDATE;
            IF v_pin.id IS NULL THEN
                {q_no("pin_not_active")}
            END IF;
            SELECT x.id, x.pin_id INTO v_waiting FROM public.school_letter x
                WHERE x.link_id = p_link_id AND x.closed_at IS NULL ORDER BY x.id LIMIT 1
                FOR UPDATE;
            IF v_waiting.pin_id = p_pin_id THEN
                letter_id := v_waiting.id;
                RETURN;
            END IF;
            IF v_waiting.id IS NOT NULL THEN
                UPDATE public.school_letter SET closed_at = v_now, outcome = 'replaced',
                    closed_by_id = {_MY} WHERE id = v_waiting.id;
            END IF;
            INSERT INTO public.school_letter (link_id, school_id, pin_id, verification_id,
                queued_by_id, queued_at)
            VALUES (p_link_id, v_link.school_id, p_pin_id, v.id, {_MY}, v_now)
            RETURNING id INTO letter_id;
            PERFORM {_P}.audit_append('letter_queue', 'success', 'guardian_link',
                p_link_id::text, v_link.school_id,
                {queue_details});
        END $$""",
        # services.school_letters.print_queued_letter finding the letter's PIN ended
        # (revoked, redeemed, expired): the school's own staff close it, recorded as the
        # failed print it is. A letter whose PIN is active is printed, not closed.
        f"""CREATE OR REPLACE FUNCTION {API}.close_school_letter(p_letter_id integer,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_letter record; v_status text; v_now timestamptz := clock_timestamp();
        BEGIN
            -- Only a letter of a link the caller may see (row-level security on the link):
            -- otherwise as if there were none.
            SELECT x.id, x.link_id, x.school_id, x.pin_id, x.closed_at INTO v_letter
                FROM public.school_letter x
                WHERE x.id = p_letter_id
                    AND EXISTS (SELECT 1 FROM public.guardian_link l WHERE l.id = x.link_id);
            IF NOT {_P}.may('manage_pin', v_letter.school_id) THEN
                {c_no("no_permission", _permission("manage_pin"))}
            END IF;
            IF v_letter.id IS NULL THEN
                {_no("letter_print", "guardian_link", "NULL", "NULL", "no_such_letter")}
            END IF;
            IF NOT {_P}.holds_at_school('manage_pin', v_letter.school_id) THEN
                {c_no("not_schools_staff", _members(school_letter_id="v_letter.id"))}
            END IF;
            SELECT x.closed_at INTO v_letter.closed_at FROM public.school_letter x
                WHERE x.id = v_letter.id FOR UPDATE;
            IF v_letter.closed_at IS NOT NULL THEN
                {c_no("letter_closed", _members(school_letter_id="v_letter.id"))}
            END IF;
            UPDATE public.parent_pin SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE link_id = v_letter.link_id AND status IN {_OUTSTANDING}
                    AND expires_at <= v_now;
            SELECT x.status INTO v_status FROM public.parent_pin x
                WHERE x.id = v_letter.pin_id FOR UPDATE;
            IF v_status = {_ACTIVE} THEN
                {c_no("pin_still_active", _members(school_letter_id="v_letter.id"))}
            END IF;
            UPDATE public.school_letter SET closed_at = v_now, outcome = 'pin_ended',
                closed_by_id = {_MY} WHERE id = v_letter.id;
            PERFORM {_P}.audit_append('letter_print', 'failed', 'guardian_link',
                v_letter.link_id::text, v_letter.school_id,
                {close_details});
        END $$""",
    ]


def desk_functions_sql(n: RoleNames) -> list[str]:
    """The functions, in order (security_sql runs them before the views and grants)."""
    return [*_helpers_sql(), *_pin_sql(), *_custody_sql(), *_sis_sql(), *_letter_sql()]


def desk_grants_sql(n: RoleNames) -> list[str]:
    """After pg_security's grants: these functions are the staff role's only (the
    login-admin role manages logins, not people's records)."""
    return staff_only_grants_sql(n, DESK_FUNCTIONS, PRIVATE_FUNCTIONS)


def desk_problems(conn: Connection, n: RoleNames) -> list[str]:
    """What differs from desk_functions_sql and desk_grants_sql (pg_sql.function_problems)."""
    return function_problems(conn, n, DESK_FUNCTIONS)
