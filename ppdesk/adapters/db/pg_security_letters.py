"""The desk's letter tasks as ``ppdesk_api`` functions (PostgreSQL only).

Each function does in SQL what one service does today over the tables:

- ``issue_letter_pin``: the PIN half of ``services.school_letters.queue_for_school`` after
  a district office's verification: a new active PIN shown to nobody (no disclosure), in
  the transaction that then stores its ciphertext (``set_pin_ciphertext``) and queues the
  letter (``queue_school_letter``);
- ``print_school_letter``: ``services.school_letters.print_queued_letter`` printing a
  letter a district verifier queued: the PIN's ciphertext for the school's own staff, its
  "print" disclosure naming the district verification, the letter closed as printed and
  the ``letter_print`` row, at most once (the letter row is locked);
- a letter whose PIN ended is closed by ``close_school_letter`` (``pg_security_desk``);
- ``issue_held_pin``, ``set_held_pin_ciphertext``, ``held_letter_pins`` and
  ``record_bulk_letters``: ``services.letters.bulk_letters`` (the held PINs of a bulk run,
  issued one homeroom at a time while the file is drawn, the held PINs of earlier letters
  printed again, then the run recorded: one "print" disclosure per letter,
  ``pin_bulk_issue`` and ``letters_bulk``, one row each per run as the service writes them).
  A transaction that issued or read held PINs commits only with its run recorded: a
  deferred constraint trigger on ``ppdesk_private.bulk_open`` refuses the commit otherwise,
  so no held PIN is made or shown without its audit rows, whatever program calls;
- ``export_roster_pins``: the PIN cells of ``services.roster.export_roster``: the active
  Parent Portal PINs and the student PINs of the rows exported, for a principal or AP of
  their schools, each parent PIN's "export" disclosure and the export's ``roster_export``
  row, in the call's own transaction (the PINs are disclosed when they are read, before the
  file is written).

Like the functions of ``pg_security`` they check the role matrix in SQL before locking
anything, take the actor from the session, append their own audit row with the action,
target and details the service writes, and return a refusal as their ``refusal`` column
with a denied audit row (``ppdesk_private.refuse``).
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
    q,
    staff_only_grants_sql,
)
from ppdesk.adapters.db.pin_sql import OUTSTANDING_ORDER, status_sql, statuses_sql
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.settings import DEFAULT_PIN_EXPIRY_DAYS
from ppdesk.domain.verification import VERIFICATION_VALID_FOR

_ACTIVE = status_sql(PinStatus.ACTIVE)
_REVOKED = status_sql(PinStatus.REVOKED)
_EXPIRED = status_sql(PinStatus.EXPIRED)
_OUTSTANDING = statuses_sql(OUTSTANDING_ORDER)

# The refusals of these functions that are new to the catalogue: reason code ->
# (SQLSTATE, message), merged into pg_security.REFUSALS.
LETTER_REFUSALS: dict[str, tuple[str, str]] = {
    "no_bulk_permission": (
        "insufficient_privilege",
        "Only a principal or an assistant principal can print bulk letters for this school.",
    ),
    "bulk_letters_off": ("check_violation", "Bulk letters are switched off for this school."),
    "invalid_run": (
        "invalid_parameter_value",
        "A bulk run id is 'letters-' and 16 hexadecimal digits; a letter number L-XXXX-XXXX; "
        "a PIN hash 64 hexadecimal digits; the details a JSON object.",
    ),
    "not_held_letter": (
        "check_violation",
        "A PIN of this run is not a held letter PIN of this school.",
    ),
    "letter_not_printed": (
        "check_violation",
        "This letter's PIN was not read for printing by you since it was queued "
        "(ppdesk_api.school_letter_pin): there is no print of it to record.",
    ),
    "no_export_permission": (
        "insufficient_privilege",
        "Only a principal or an assistant principal can export the PIN roster of this school.",
    ),
    "run_mismatch": (
        "check_violation",
        "The run's record does not match the held PINs it issued or printed.",
    ),
}
# Codes of pg_security.REFUSALS (and pg_security_desk's) these functions give too.
SHARED_REFUSALS = frozenset(
    {
        "no_permission",
        "not_linked",
        "not_verified_legal_guardian",
        "invalid_text",
        "no_recent_verification",
        "not_district_verification",
        "already_active",
        "no_such_letter",
        "not_schools_staff",
        "letter_closed",
        "no_active_pin",
        "guardian_locked",
        "not_issuer_or_stored",
    }
)

# Every function this module makes in ppdesk_api (letters_problems checks them).
LETTER_FUNCTIONS = (
    "issue_letter_pin(integer, text, text, boolean, text)",
    "print_school_letter(integer)",
    "school_letter_pin(integer)",
    "finish_school_letter(integer)",
    "issue_held_pin(text, integer, text, text, text)",
    "set_held_pin_ciphertext(integer, text, bytea)",
    "held_letter_pins(integer[])",
    "record_bulk_letters(text, integer, integer[], text)",
    "export_roster_pins(text, integer[], integer[])",
)
PRIVATE_FUNCTIONS = ("bulk_open_check()", "bulk_open(text)")

_P = PRIVATE
_VALID_MIN = int(VERIFICATION_VALID_FOR.total_seconds() // 60)
_MY = f"{API}.my_staff_id()"


def _json(**members: str) -> str:
    """An SQL expression: the JSON object of ``members`` (key -> SQL expression, typed),
    keys sorted and no spaces, as ``ppdesk.domain.audit.check_details`` writes it (the
    same spelling as pg_security_desk's)."""
    parts = [
        lit(("{" if i == 0 else ",") + json.dumps(key) + ":") + f" || {_P}.jtxt({value})"
        for i, (key, value) in enumerate(sorted(members.items()))
    ]
    return "(" + " || ".join(parts) + " || '}')"


def _members(**members: str) -> str:
    """The members of a refusal's details before "reason" (``refuse``'s p_details)."""
    body = _json(**members)
    return f"substr({body}, 2, length({body}) - 2)"


def _permission(name: str) -> str:
    return _members(permission=lit(name) + "::text")


def _refuse(
    action: str, target_type: str, target_id: str, school: str, reason: str, details: str = "NULL"
) -> str:
    """The SQL expression that records one refusal (ppdesk_private.refuse) and yields its
    code; ``reason`` and ``details`` are SQL expressions."""
    return (
        f"{PRIVATE}.refuse({lit(action)}, {lit(target_type)}, {target_id}, {school}, "
        f"{reason}, {details})"
    )


def _code(reason: str) -> str:
    if reason not in LETTER_REFUSALS and reason not in SHARED_REFUSALS:
        raise KeyError(reason)
    return lit(reason)


def _school_letter_sql() -> list[str]:
    def issue_no(reason: str, details: str = "NULL") -> str:
        refuse = _refuse("pin_issue", "guardian_link", "p_link_id::text", "v_link.school_id",
                         _code(reason), details).replace("'pin_issue'", "v_action")  # fmt: skip
        return f"refusal := {refuse}; RETURN;"

    def print_no(reason: str, details: str = "NULL", target: str = "v_letter.link_id::text",
                 school: str = "v_letter.school_id") -> str:  # fmt: skip
        refuse = _refuse("letter_print", "guardian_link", target, school, _code(reason), details)
        return (
            "RETURN QUERY SELECT NULL::integer, NULL::bytea, NULL::text, NULL::timestamptz, "
            f"NULL::integer, {refuse}; RETURN;"
        )

    def finish_no(reason: str, details: str = "NULL", target: str = "v_letter.link_id::text",
                  school: str = "v_letter.school_id") -> str:  # fmt: skip
        refuse = _refuse("letter_print", "guardian_link", target, school, _code(reason), details)
        return f"refusal := {refuse}; RETURN;"

    issue_details = _json(
        channel="NULL::text",
        pin_id="pin_id",
        replaced_pin_id="v_old",
        request_id="p_request_id",
        route="'school_letter'::text",
        verification_id="v.id",
    )
    print_details = _json(
        channel="'print'::text",
        district_verification="true",
        pin_id="v_pin.id",
        school_letter_id="v_letter.id",
        verification_id="v_letter.verification_id",
    )
    letter = _members(school_letter_id="v_letter.id")
    return [
        # The PIN of a letter queued for the school after a district office's
        # verification (services.school_letters.queue_for_school): manage_pin at the
        # student's school, a verified parent and legal guardian, the caller's own passed
        # verification made at a district office in the last 30 minutes; a new active PIN
        # that nobody is shown (no disclosure), ending the outstanding one on a reissue.
        # The link row is locked: of N concurrent calls one issues, the others find the
        # PIN (already_active) or, on a reissue, end it and issue after it in turn.
        f"""CREATE OR REPLACE FUNCTION {API}.issue_letter_pin(p_link_id integer,
            p_request_id text, p_pin_hash text, p_reissue boolean DEFAULT false,
            p_reason text DEFAULT NULL, OUT pin_id integer, OUT expires_at timestamptz,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v record; v_old integer; v_now timestamptz := clock_timestamp();
            v_me integer := {_MY};
            v_action text := CASE WHEN p_reissue THEN 'pin_reissue' ELSE 'pin_issue' END;
        BEGIN
            SELECT l.id, l.student_id, l.guardian_id, l.active, l.verified_legal_guardian,
                    s.school_id, sc.pin_expiry_days
                INTO v_link FROM public.guardian_link l
                JOIN public.student s ON s.id = l.student_id
                JOIN public.school sc ON sc.id = s.school_id WHERE l.id = p_link_id;
            IF NOT {_P}.may('manage_pin', v_link.school_id) THEN
                {issue_no("no_permission", _permission("manage_pin"))}
            END IF;
            PERFORM 1 FROM public.guardian_link l WHERE l.id = p_link_id FOR UPDATE;
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {issue_no("not_linked")}
            END IF;
            IF NOT v_link.verified_legal_guardian THEN
                {issue_no("not_verified_legal_guardian")}
            END IF;
            IF NOT {_P}.text_ok(p_reason, false) OR p_pin_hash IS NULL
                    OR p_request_id IS NULL THEN
                {issue_no("invalid_text")}
            END IF;
            SELECT x.id, x.mode, x.office INTO v FROM public.verification x
                WHERE x.link_id = p_link_id AND x.staff_id = v_me AND x.outcome = 'passed'
                    AND x.completed_at >= v_now - interval '{_VALID_MIN} minutes'
                ORDER BY x.completed_at DESC LIMIT 1;
            IF v.id IS NULL THEN
                {issue_no("no_recent_verification")}
            END IF;
            IF v.office IS DISTINCT FROM 'district' THEN
                {issue_no("not_district_verification")}
            END IF;
            UPDATE public.parent_pin x SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE x.link_id = p_link_id AND x.status IN {_OUTSTANDING}
                    AND x.expires_at <= v_now;
            SELECT x.id INTO v_old FROM public.parent_pin x
                WHERE x.link_id = p_link_id AND x.status IN {_OUTSTANDING}
                ORDER BY x.status = {_ACTIVE} DESC, x.id DESC LIMIT 1 FOR UPDATE;
            IF v_old IS NOT NULL AND NOT p_reissue THEN
                {issue_no("already_active")}
            END IF;
            IF v_old IS NOT NULL THEN
                UPDATE public.parent_pin SET status = {_REVOKED}, ciphertext = NULL,
                    ended_at = v_now, ended_by_id = v_me,
                    end_reason = coalesce(nullif(btrim(p_reason), ''), 'reissued')
                    WHERE id = v_old;
            END IF;
            expires_at := v_now + make_interval(
                days => coalesce(v_link.pin_expiry_days, {DEFAULT_PIN_EXPIRY_DAYS}));
            INSERT INTO public.parent_pin (link_id, student_id, guardian_id, request_id,
                pin_hash, status, issued_at, issued_by_id, verification_id, expires_at)
            VALUES (p_link_id, v_link.student_id, v_link.guardian_id, p_request_id,
                p_pin_hash, {_ACTIVE}, v_now, v_me, v.id, expires_at)
            RETURNING id INTO pin_id;
            PERFORM {_P}.audit_append(v_action, 'success', 'guardian_link', p_link_id::text,
                v_link.school_id, {issue_details});
        END $$""",
        # services.school_letters.print_queued_letter: the school's own staff (a grant
        # for that very school that manages PINs) print a letter a district verifier
        # queued. The PIN's ciphertext is handed over with its "print" disclosure (naming
        # the district verification), the letter is closed as printed and the row is the
        # letter's own (letter_print), in one call: the letter row is locked, so N
        # concurrent prints of one letter give one success (the others: letter_closed).
        f"""CREATE OR REPLACE FUNCTION {API}.print_school_letter(p_letter_id integer)
        RETURNS TABLE (pin_id integer, ciphertext bytea, key_id text, expires_at timestamptz,
            link_id integer, refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_letter record; v_pin record; v_closed timestamptz;
            v_now timestamptz := clock_timestamp(); v_me integer := {_MY};
        BEGIN
            -- Only a letter of a link the caller may see (row-level security on the link):
            -- otherwise as if there were none.
            SELECT x.id, x.link_id, x.school_id, x.pin_id, x.verification_id INTO v_letter
                FROM public.school_letter x
                WHERE x.id = p_letter_id
                    AND EXISTS (SELECT 1 FROM public.guardian_link l WHERE l.id = x.link_id);
            IF NOT {_P}.may('manage_pin', v_letter.school_id) THEN
                {print_no("no_permission", _permission("manage_pin"))}
            END IF;
            IF v_letter.id IS NULL THEN
                {print_no("no_such_letter", target="NULL", school="NULL")}
            END IF;
            IF NOT {_P}.holds_at_school('manage_pin', v_letter.school_id) THEN
                {print_no("not_schools_staff", letter)}
            END IF;
            SELECT x.closed_at INTO v_closed FROM public.school_letter x
                WHERE x.id = v_letter.id FOR UPDATE;
            IF v_closed IS NOT NULL THEN
                {print_no("letter_closed", letter)}
            END IF;
            UPDATE public.parent_pin x SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE x.link_id = v_letter.link_id AND x.status IN {_OUTSTANDING}
                    AND x.expires_at <= v_now;
            SELECT x.id, x.ciphertext, x.key_id, x.expires_at INTO v_pin
                FROM public.parent_pin x
                WHERE x.id = v_letter.pin_id AND x.status = {_ACTIVE}
                    AND x.ciphertext IS NOT NULL
                FOR UPDATE;
            IF v_pin.id IS NULL THEN
                {print_no("no_active_pin", letter)}
            END IF;
            INSERT INTO public.pin_disclosure (pin_id, staff_id, channel, at, verification_id)
                VALUES (v_pin.id, v_me, 'print', v_now, v_letter.verification_id);
            UPDATE public.school_letter x SET closed_at = v_now, outcome = 'printed',
                closed_by_id = v_me WHERE x.id = v_letter.id;
            PERFORM {_P}.audit_append('letter_print', 'success', 'guardian_link',
                v_letter.link_id::text, v_letter.school_id, {print_details});
            RETURN QUERY SELECT v_pin.id, v_pin.ciphertext, v_pin.key_id::text,
                v_pin.expires_at, v_letter.link_id, NULL::text;
        END $$""",
        # The desk's print of a queued letter in two short transactions, so that no
        # transaction (row lock, audit chain head, pooled server connection) is held while
        # the letter is drawn, and a failure or crash while drawing leaves the letter open
        # to print again: school_letter_pin hands out the ciphertext with its "print"
        # disclosure and letter_print row, as print_school_letter does, but leaves the
        # letter open; after the drawing, finish_school_letter closes it as printed, once
        # (letter row locked; a concurrent print finds it closed: letter_closed), only while
        # its PIN is still active and only for a caller who read that PIN for printing
        # since the letter was queued. print_school_letter stays for desks of before.
        f"""CREATE OR REPLACE FUNCTION {API}.school_letter_pin(p_letter_id integer)
        RETURNS TABLE (pin_id integer, ciphertext bytea, key_id text, expires_at timestamptz,
            link_id integer, refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_letter record; v_pin record; v_closed timestamptz;
            v_now timestamptz := clock_timestamp(); v_me integer := {_MY};
        BEGIN
            SELECT x.id, x.link_id, x.school_id, x.pin_id, x.verification_id INTO v_letter
                FROM public.school_letter x
                WHERE x.id = p_letter_id
                    AND EXISTS (SELECT 1 FROM public.guardian_link l WHERE l.id = x.link_id);
            IF NOT {_P}.may('manage_pin', v_letter.school_id) THEN
                {print_no("no_permission", _permission("manage_pin"))}
            END IF;
            IF v_letter.id IS NULL THEN
                {print_no("no_such_letter", target="NULL", school="NULL")}
            END IF;
            IF NOT {_P}.holds_at_school('manage_pin', v_letter.school_id) THEN
                {print_no("not_schools_staff", letter)}
            END IF;
            SELECT x.closed_at INTO v_closed FROM public.school_letter x
                WHERE x.id = v_letter.id FOR SHARE;
            IF v_closed IS NOT NULL THEN
                {print_no("letter_closed", letter)}
            END IF;
            UPDATE public.parent_pin x SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE x.link_id = v_letter.link_id AND x.status IN {_OUTSTANDING}
                    AND x.expires_at <= v_now;
            SELECT x.id, x.ciphertext, x.key_id, x.expires_at INTO v_pin
                FROM public.parent_pin x
                WHERE x.id = v_letter.pin_id AND x.status = {_ACTIVE}
                    AND x.ciphertext IS NOT NULL
                FOR SHARE;
            IF v_pin.id IS NULL THEN
                {print_no("no_active_pin", letter)}
            END IF;
            INSERT INTO public.pin_disclosure (pin_id, staff_id, channel, at, verification_id)
                VALUES (v_pin.id, v_me, 'print', v_now, v_letter.verification_id);
            PERFORM {_P}.audit_append('letter_print', 'success', 'guardian_link',
                v_letter.link_id::text, v_letter.school_id, {print_details});
            RETURN QUERY SELECT v_pin.id, v_pin.ciphertext, v_pin.key_id::text,
                v_pin.expires_at, v_letter.link_id, NULL::text;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {API}.finish_school_letter(p_letter_id integer,
            OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_letter record; v_closed timestamptz; v_pin integer;
            v_now timestamptz := clock_timestamp(); v_me integer := {_MY};
        BEGIN
            SELECT x.id, x.link_id, x.school_id, x.pin_id, x.verification_id, x.queued_at
                INTO v_letter FROM public.school_letter x
                WHERE x.id = p_letter_id
                    AND EXISTS (SELECT 1 FROM public.guardian_link l WHERE l.id = x.link_id);
            IF NOT {_P}.may('manage_pin', v_letter.school_id) THEN
                {finish_no("no_permission", _permission("manage_pin"))}
            END IF;
            IF v_letter.id IS NULL THEN
                {finish_no("no_such_letter", target="NULL", school="NULL")}
            END IF;
            IF NOT {_P}.holds_at_school('manage_pin', v_letter.school_id) THEN
                {finish_no("not_schools_staff", letter)}
            END IF;
            SELECT x.closed_at INTO v_closed FROM public.school_letter x
                WHERE x.id = v_letter.id FOR UPDATE;
            IF v_closed IS NOT NULL THEN
                {finish_no("letter_closed", letter)}
            END IF;
            SELECT x.id INTO v_pin FROM public.parent_pin x
                WHERE x.id = v_letter.pin_id AND x.status = {_ACTIVE}
                    AND x.expires_at > v_now
                FOR SHARE;
            IF v_pin IS NULL THEN
                {finish_no("no_active_pin", letter)}
            END IF;
            IF NOT EXISTS (SELECT 1 FROM public.pin_disclosure d
                    WHERE d.pin_id = v_pin AND d.staff_id = v_me AND d.channel = 'print'
                        AND d.verification_id IS NOT DISTINCT FROM v_letter.verification_id
                        AND d.at >= v_letter.queued_at) THEN
                {finish_no("letter_not_printed", letter)}
            END IF;
            UPDATE public.school_letter x SET closed_at = v_now, outcome = 'printed',
                closed_by_id = v_me WHERE x.id = v_letter.id;
        END $$""",
    ]


_HELD = status_sql(PinStatus.HELD)
_RUN_OK = "p_run ~ '^letters-[0-9a-f]{16}$'"
_HASH_OK = "p_pin_hash ~ '^[0-9a-f]{64}$'"
_NUMBER_OK = "p_letter_number ~ '^L-[0-9A-Z]{4}-[0-9A-Z]{4}$'"


def _bulk_sql(n: RoleNames) -> list[str]:
    def held_no(reason: str, details: str = "NULL") -> str:
        return "refusal := " + _refuse("letters_bulk", "guardian_link", "p_link_id::text",
                                       "v_link.school_id", _code(reason), details) + "; RETURN;"  # fmt: skip

    def rec_no(reason: str, details: str = "NULL") -> str:
        return "refusal := " + _refuse("letters_bulk", "school", "v_code", "v_school",
                                       _code(reason), details) + "; RETURN;"  # fmt: skip

    def shown_no(reason: str, details: str = "NULL") -> str:
        refuse = _refuse("letters_bulk", "guardian_link", "v_link::text", "v_school",
                         _code(reason), details)  # fmt: skip
        return (
            "RETURN QUERY SELECT NULL::integer, NULL::integer, NULL::bytea, NULL::text, "
            f"NULL::timestamptz, NULL::text, {refuse}; RETURN;"
        )

    bulk = _permission("bulk_letters")
    issue_details = _json(
        channel="'print'::text",
        new_pin_count="v_new",
        run_id="p_run",
        state=f"{_HELD}::text",
    )
    return [
        # The transactions that issued or were shown held PINs and have not recorded their
        # run yet (one row per transaction and run; '' for PINs printed again only).
        f"""CREATE TABLE IF NOT EXISTS {_P}.bulk_open (
            tx bigint NOT NULL, run text NOT NULL, PRIMARY KEY (tx, run))""",
        f"ALTER TABLE {_P}.bulk_open OWNER TO {q(n.owner)}",
        f"REVOKE ALL ON {_P}.bulk_open FROM PUBLIC",
        f"""CREATE OR REPLACE FUNCTION {_P}.bulk_open(p_run text) RETURNS void
        LANGUAGE sql {DEFINER} AS $$
            INSERT INTO {_P}.bulk_open (tx, run) VALUES (txid_current(), p_run)
            ON CONFLICT DO NOTHING
        $$""",
        # At commit: a run still open was not recorded (record_bulk_letters): no commit.
        f"""CREATE OR REPLACE FUNCTION {_P}.bulk_open_check() RETURNS trigger
        LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM {_P}.bulk_open b
                    WHERE b.tx = NEW.tx AND b.run = NEW.run) THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                    MESSAGE = 'Held PINs of a bulk run are kept only with the run recorded '
                        || '(ppdesk_api.record_bulk_letters).';
            END IF;
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS bulk_open_recorded ON {_P}.bulk_open",
        f"""CREATE CONSTRAINT TRIGGER bulk_open_recorded AFTER INSERT ON {_P}.bulk_open
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            EXECUTE FUNCTION {_P}.bulk_open_check()""",
        # One held PIN of a bulk run (services.letter_run.HeldPins): bulk_letters at the
        # student's school (principal, AP), bulk letters switched on there, a verified
        # parent and legal guardian not locked after failed verifications, no outstanding
        # PIN (the unique index on outstanding PINs says so, as on the desk's own path).
        # No row now: record_bulk_letters writes the run's rows, before the commit.
        f"""CREATE OR REPLACE FUNCTION {API}.issue_held_pin(p_run text, p_link_id integer,
            p_request_id text, p_pin_hash text, p_letter_number text,
            OUT pin_id integer, OUT expires_at timestamptz, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link record; v_now timestamptz := clock_timestamp();
        BEGIN
            SELECT l.id, l.student_id, l.guardian_id, l.active, l.verified_legal_guardian,
                    s.school_id, sc.pin_expiry_days, sc.bulk_letters_enabled,
                    g.verification_locked_at IS NOT NULL AS locked
                INTO v_link FROM public.guardian_link l
                JOIN public.student s ON s.id = l.student_id
                JOIN public.school sc ON sc.id = s.school_id
                JOIN public.guardian g ON g.id = l.guardian_id WHERE l.id = p_link_id;
            IF NOT {_P}.may('bulk_letters', v_link.school_id) THEN
                {held_no("no_bulk_permission", bulk)}
            END IF;
            IF NOT v_link.bulk_letters_enabled THEN
                {held_no("bulk_letters_off")}
            END IF;
            IF p_run IS NULL OR NOT {_RUN_OK} OR p_pin_hash IS NULL OR NOT {_HASH_OK}
                    OR p_letter_number IS NULL OR NOT {_NUMBER_OK}
                    OR p_request_id IS NULL THEN
                {held_no("invalid_run")}
            END IF;
            PERFORM 1 FROM public.guardian_link l WHERE l.id = p_link_id FOR UPDATE;
            IF v_link.id IS NULL OR NOT v_link.active THEN
                {held_no("not_linked")}
            END IF;
            IF NOT v_link.verified_legal_guardian THEN
                {held_no("not_verified_legal_guardian")}
            END IF;
            IF v_link.locked THEN
                {held_no("guardian_locked")}
            END IF;
            UPDATE public.parent_pin x SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = v_now, end_reason = {_EXPIRED}
                WHERE x.link_id = p_link_id AND x.status IN {_OUTSTANDING}
                    AND x.expires_at <= v_now;
            expires_at := v_now + make_interval(
                days => coalesce(v_link.pin_expiry_days, {DEFAULT_PIN_EXPIRY_DAYS}));
            INSERT INTO public.parent_pin (link_id, student_id, guardian_id, request_id,
                pin_hash, status, issued_at, issued_by_id, verification_id, expires_at,
                bulk_run, letter_number)
            VALUES (p_link_id, v_link.student_id, v_link.guardian_id, p_request_id,
                p_pin_hash, {_HELD}, v_now, {_MY}, NULL, expires_at, p_run, p_letter_number)
            RETURNING id INTO pin_id;
            PERFORM {_P}.bulk_open(p_run);
        END $$""",
        # The ciphertext of a held PIN just issued (the workstation encrypts it: the key
        # never reaches the server), once, by the issuer only.
        f"""CREATE OR REPLACE FUNCTION {API}.set_held_pin_ciphertext(
            p_pin_id integer, p_key_id text, p_ciphertext bytea, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_school integer;
        BEGIN
            UPDATE public.parent_pin SET key_id = p_key_id, ciphertext = p_ciphertext
                WHERE id = p_pin_id AND status = {_HELD} AND ciphertext IS NULL
                    AND bulk_run IS NOT NULL AND issued_by_id = {_MY};
            IF NOT FOUND THEN
                SELECT s.school_id INTO v_school FROM public.parent_pin x
                    JOIN public.student s ON s.id = x.student_id WHERE x.id = p_pin_id;
                refusal := {
            _refuse(
                "pin_store",
                "parent_pin",
                "p_pin_id::text",
                "v_school",
                _code("not_issuer_or_stored"),
            )
        };
            END IF;
        END $$""",
        # The held PINs of earlier letters, to print again in a bulk run: bulk_letters at
        # each link's school; row-locked until the run ends (no hand-over or revoke while
        # the letter prints). Their disclosures are the run's (record_bulk_letters).
        f"""CREATE OR REPLACE FUNCTION {API}.held_letter_pins(p_link_ids integer[])
        RETURNS TABLE (link_id integer, pin_id integer, ciphertext bytea, key_id text,
            expires_at timestamptz, letter_number text, refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_link integer; v_school integer;
        BEGIN
            SELECT u.l, s.school_id INTO v_link, v_school
                FROM unnest(p_link_ids) u(l)
                LEFT JOIN public.guardian_link l ON l.id = u.l
                LEFT JOIN public.student s ON s.id = l.student_id
                WHERE s.school_id IS NULL OR NOT {_P}.may('bulk_letters', s.school_id)
                LIMIT 1;
            IF v_link IS NOT NULL THEN
                {shown_no("no_bulk_permission", bulk)}
            END IF;
            UPDATE public.parent_pin x SET status = {_EXPIRED}, ciphertext = NULL,
                ended_at = clock_timestamp(), end_reason = {_EXPIRED}
                WHERE x.link_id = ANY (p_link_ids) AND x.status IN {_OUTSTANDING}
                    AND x.expires_at <= clock_timestamp();
            PERFORM {_P}.bulk_open('');
            RETURN QUERY SELECT x.link_id, x.id, x.ciphertext, x.key_id::text, x.expires_at,
                    x.letter_number::text, NULL::text
                FROM public.parent_pin x
                WHERE x.link_id = ANY (p_link_ids) AND x.status = {_HELD}
                    AND x.ciphertext IS NOT NULL
                ORDER BY x.id FOR UPDATE;
        END $$""",
        # The record of a bulk run (services.letter_run.record_bulk): bulk_letters at the
        # school; every PIN printed is a held PIN of the school; the run's new PINs are
        # all among them and their count is the one the details give; a run is recorded
        # once (its letters' disclosures carry its id). One "print"
        # disclosure per letter, pin_bulk_issue (if PINs were issued) and letters_bulk
        # (the service's details) on the school's chain; the run is closed.
        f"""CREATE OR REPLACE FUNCTION {API}.record_bulk_letters(p_run text,
            p_school_id integer, p_pin_ids integer[], p_details text, OUT refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_school integer; v_code text; v_new integer; v_d jsonb;
            v_now timestamptz := clock_timestamp(); v_me integer := {_MY};
        BEGIN
            SELECT sc.id, sc.code INTO v_school, v_code FROM public.school sc
                WHERE sc.id = p_school_id;
            IF NOT {_P}.may('bulk_letters', v_school) THEN
                {rec_no("no_bulk_permission", bulk)}
            END IF;
            BEGIN
                v_d := p_details::jsonb;
            EXCEPTION WHEN invalid_text_representation THEN
                v_d := NULL;
            END;
            IF p_run IS NULL OR NOT {_RUN_OK} OR jsonb_typeof(v_d) IS DISTINCT FROM 'object'
                    OR p_pin_ids IS NULL THEN
                {rec_no("invalid_run")}
            END IF;
            IF EXISTS (SELECT 1 FROM unnest(p_pin_ids) u(p)
                    LEFT JOIN public.parent_pin x ON x.id = u.p AND x.status = {_HELD}
                        AND x.ciphertext IS NOT NULL
                    LEFT JOIN public.student s ON s.id = x.student_id
                    WHERE s.school_id IS DISTINCT FROM v_school)
                    OR cardinality(p_pin_ids) <> (SELECT count(DISTINCT p)
                        FROM unnest(p_pin_ids) u(p)) THEN
                {rec_no("not_held_letter")}
            END IF;
            SELECT count(*) INTO v_new FROM public.parent_pin x
                WHERE x.bulk_run = p_run AND x.issued_by_id = v_me AND x.status = {_HELD};
            IF EXISTS (SELECT 1 FROM public.parent_pin x WHERE x.bulk_run = p_run
                        AND x.issued_by_id = v_me AND x.status = {_HELD}
                        AND x.id <> ALL (p_pin_ids))
                    OR EXISTS (SELECT 1 FROM public.pin_disclosure d WHERE d.batch = p_run)
                    OR v_d->>'run_id' IS DISTINCT FROM p_run
                    OR (v_d->>'new_pin_count') IS DISTINCT FROM v_new::text
                    OR (v_d->>'held_pin_count') IS DISTINCT FROM
                        cardinality(p_pin_ids)::text THEN
                {rec_no("run_mismatch")}
            END IF;
            INSERT INTO public.pin_disclosure (pin_id, staff_id, channel, at, batch)
                SELECT u.p, v_me, 'print', v_now, p_run FROM unnest(p_pin_ids) u(p)
                ORDER BY u.p;
            IF v_new > 0 THEN
                PERFORM {_P}.audit_append('pin_bulk_issue', 'success', 'school', v_code,
                    v_school, {issue_details});
            END IF;
            PERFORM {_P}.audit_append('letters_bulk', 'success', 'school', v_code, v_school,
                p_details);
            DELETE FROM {_P}.bulk_open b WHERE b.tx = txid_current() AND b.run IN (p_run, '');
        END $$""",
    ]


def _export_sql() -> list[str]:
    def no(reason: str, details: str = "NULL") -> str:
        refuse = _refuse("roster_export", "school", "v_code", "v_school", _code(reason), details)
        return (
            "RETURN QUERY SELECT NULL::text, NULL::integer, NULL::integer, NULL::bytea, "
            f"NULL::text, {refuse}; RETURN;"
        )

    details = _json(
        batch="p_batch",
        channel="'export'::text",
        pin_count="cardinality(v_ids)",
        student_pin_count="v_students",
    )
    return [
        # The PIN cells of a roster export (services.roster.export_roster): export_roster
        # at the school of every row asked for (principal, AP); the active, unexpired
        # parent PINs (share-locked: not revoked while they are read) and the student PINs
        # asked for, with one "export" disclosure per parent PIN (batch p_batch) and the
        # roster_export row (counts and batch; on the school's chain when one school is
        # concerned, else the district's).
        f"""CREATE OR REPLACE FUNCTION {API}.export_roster_pins(p_batch text,
            p_pin_ids integer[], p_student_ids integer[])
        RETURNS TABLE (kind text, id integer, link_id integer, ciphertext bytea,
            key_id text, refusal text)
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE v_schools integer[]; v_school integer; v_code text; v_unseen boolean;
            v_ids integer[]; v_students integer; v_now timestamptz := clock_timestamp();
        BEGIN
            SELECT array_agg(DISTINCT s.school_id), bool_or(s.id IS NULL)
                INTO v_schools, v_unseen
                FROM (SELECT x.student_id AS sid FROM unnest(p_pin_ids) u(p)
                        LEFT JOIN public.parent_pin x ON x.id = u.p
                      UNION SELECT u.t FROM unnest(p_student_ids) u(t)) w
                LEFT JOIN public.student s ON s.id = w.sid;
            IF cardinality(v_schools) = 1 AND NOT coalesce(v_unseen, false) THEN
                v_school := v_schools[1];
                SELECT sc.code INTO v_code FROM public.school sc WHERE sc.id = v_school;
            END IF;
            IF coalesce(v_unseen, false) OR EXISTS (SELECT 1 FROM unnest(v_schools) u(sc)
                    WHERE u.sc IS NULL OR NOT {_P}.may('export_roster', u.sc)) THEN
                {no("no_export_permission", _permission("export_roster"))}
            END IF;
            IF p_batch IS NULL OR p_batch !~ '^roster-[0-9a-f]{{32}}$' THEN
                {no("invalid_run")}
            END IF;
            SELECT coalesce(array_agg(q.pid ORDER BY q.pid), '{{}}') INTO v_ids
                FROM (SELECT x.id AS pid FROM public.parent_pin x
                    WHERE x.id = ANY (p_pin_ids) AND x.status = {_ACTIVE}
                        AND x.expires_at > v_now AND x.ciphertext IS NOT NULL
                    FOR SHARE) q;
            SELECT count(*) INTO v_students FROM public.student s
                WHERE s.id = ANY (p_student_ids) AND s.student_pin_ciphertext IS NOT NULL;
            INSERT INTO public.pin_disclosure (pin_id, staff_id, channel, at, batch)
                SELECT u.p, {_MY}, 'export', v_now, p_batch FROM unnest(v_ids) u(p);
            PERFORM {_P}.audit_append('roster_export', 'success',
                CASE WHEN v_school IS NULL THEN NULL ELSE 'school' END, v_code, v_school,
                {details});
            RETURN QUERY SELECT 'parent'::text, x.id, x.link_id, x.ciphertext,
                    x.key_id::text, NULL::text
                FROM public.parent_pin x WHERE x.id = ANY (v_ids)
                UNION ALL
                SELECT 'student'::text, s.id, NULL::integer, s.student_pin_ciphertext,
                    s.student_pin_key_id::text, NULL::text
                FROM public.student s
                WHERE s.id = ANY (p_student_ids) AND s.student_pin_ciphertext IS NOT NULL;
        END $$""",
    ]


def letters_functions_sql(n: RoleNames) -> list[str]:
    """The functions, in order (security_sql runs them after pg_security_desk's)."""
    return [*_school_letter_sql(), *_bulk_sql(n), *_export_sql()]


def letters_grants_sql(n: RoleNames) -> list[str]:
    """After pg_security's grants: these functions are the staff role's only."""
    return staff_only_grants_sql(n, LETTER_FUNCTIONS, PRIVATE_FUNCTIONS)


def letters_problems(conn: Connection, n: RoleNames) -> list[str]:
    """What differs from letters_functions_sql and letters_grants_sql
    (pg_sql.function_problems)."""
    return function_problems(conn, n, LETTER_FUNCTIONS)
