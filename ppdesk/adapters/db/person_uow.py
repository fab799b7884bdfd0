"""The desk's work over the signed-in person's own database connection (PostgreSQL with
personal logins, ``ppdesk db person-logins on``).

After sign-in every unit of work runs on an engine connected as the person's own login
role, so the database's rules apply to whatever the desk does:

- reads go to the ``ppdesk_api`` views, named like the tables (``search_path`` is set at
  the start of every transaction, which also holds behind a transaction-pooling
  PgBouncer), scoped by row-level security. The views lack the hidden columns
  (``pg_security.HIDDEN_COLUMNS``: PIN ciphertexts and hashes, request ids, password
  hashes); the repositories' reads get NULL in their place. That rewrite is a convenience
  of this client only: the database has no such column to give.
- the counter's writes go through the ``ppdesk_api`` functions, which check the role matrix
  and append their audit row themselves with the session's user as the actor: a PIN issue
  (``issue_pin`` then ``set_pin_ciphertext``), a reveal or a counter letter
  (``disclose_pin``, ``print_letter_pin``), a verification (``start_verification``,
  ``complete_verification``), the expiry sweep (``expire_due_pins``), and the letter tasks
  of ``pg_security_letters`` (a queued school letter's PIN and print, bulk runs, a roster
  export's PIN cells). The service's own
  audit entry for such an act is not written again (one row per act); the desk's notes of
  acts that change nothing, and refusals, go through ``audit_note``.
- any other write raises ``NotAvailable`` (a translated message naming the task) before
  anything is saved; it never falls back to the workstation's connection. One class per
  repository below is where a new function plugs in.
- the rows the functions appended are signed by the desk once its transaction commits
  (``Countersigner``): the database has no audit key, the desk has.
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, Self

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db.person_sis import (
    PersonSisRepository,
    is_import_denial,
    note_import_denial,
)
from ppdesk.adapters.db.pg_security import HIDDEN_COLUMNS, NOTE_ACTIONS
from ppdesk.adapters.db.pg_security_desk import REMOVE_ACTION
from ppdesk.adapters.db.pg_sql import API
from ppdesk.adapters.db.repos.audit import AuditSigner, SqlAuditRepository
from ppdesk.adapters.db.repos.keys import SqlKeysRepository
from ppdesk.adapters.db.repos.logins import SqlLoginRepository
from ppdesk.adapters.db.repos.people import SqlPeopleRepository
from ppdesk.adapters.db.repos.pins import SqlPinRepository
from ppdesk.adapters.db.repos.roster import SqlRosterRepository
from ppdesk.adapters.db.repos.school_letters import SqlSchoolLetterRepository
from ppdesk.adapters.db.repos.staff import (
    SqlGrantRepository,
    SqlSchoolRepository,
    SqlStaffRepository,
)
from ppdesk.adapters.db.repos.status_requests import SqlStatusRequestRepository
from ppdesk.adapters.db.uow import SqlUnitOfWork
from ppdesk.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    ChainState,
    Outcome,
    check_details,
    row_mac,
)
from ppdesk.domain.errors import (
    Conflict,
    DatabaseUnavailable,
    DomainError,
    GuardianLocked,
    GuardianNotEligible,
    NotAvailable,
    NotFound,
    PermissionDenied,
    PinUnavailable,
    ValidationError,
    VerificationRequired,
)
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.roles import Permission, Role, permission_denied_code
from ppdesk.domain.sis_status import (
    DOCUMENT_KINDS,
    OUTCOME_WITHDRAWN,
    REQUEST_ACTION,
    WITHDRAW_ACTION,
)
from ppdesk.domain.verification import MAX_FAILED_VERIFICATIONS, VERIFICATION_VALID_FOR
from ppdesk.services.records import InsertOutcome, PinRow

SEARCH_PATH = f"SET LOCAL search_path TO {API}, public"

log = logging.getLogger(__name__)

# ``<table>.<hidden column>`` (or an alias ``<table>_1``), maybe schema-qualified, in a SELECT.
_HIDDEN = re.compile(
    "|".join(
        rf"\b(?:{API}\.)?{table}(?:_\d+)?\.(?:{'|'.join(sorted(cols))})\b"
        for table, cols in sorted(HIDDEN_COLUMNS.items())
    )
)


_READ = re.compile(r"\s*(?:SELECT|WITH)\b", re.IGNORECASE)


def without_hidden_columns(statement: str) -> str:
    """A SELECT with every hidden column read as NULL (the views do not have them)."""
    if not _READ.match(statement):
        return statement
    return _HIDDEN.sub("NULL", statement)


# A password file that is never there (libpq reads ~/.pgpass when given none).
_NO_PASSFILE = Path(__file__).with_name("no-such-passfile")


def person_engine(url: str | URL, username: str, password: str | None) -> Engine:
    """An engine connected as ``username`` (the password, if any, stays in this engine's
    memory for reconnects; a directory or Kerberos login may need none)."""
    u = db_engine.parse_url(url) if isinstance(url, str) else url
    engine = db_engine.create_engine(u.set(username=username, password=None), password=password)
    if not password:

        @event.listens_for(engine, "do_connect")
        def _no_stored_password(_dialect: Any, _rec: Any, _args: Any, cparams: Any) -> None:
            # No password typed (Kerberos single sign-on): libpq must not fall back to one
            # stored on this machine (PGPASSWORD, ~/.pgpass) for whatever name was typed.
            cparams["password"] = ""
            cparams["passfile"] = str(_NO_PASSFILE)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(SEARCH_PATH)

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _reads(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> tuple[str, Any]:
        return without_hidden_columns(statement), parameters

    return engine


# -- the countersign of the functions' audit rows --------------------------------------------

# ``countersign_audit`` refused (a row not the caller's, or signed already with another MAC)
# or was given a malformed MAC: trying the same rows again will not help.
_COUNTERSIGN_REFUSED = frozenset({"42501", "22023"})


def countersign_available(conn: Connection) -> bool:
    """Whether the database has the countersign functions (rules applied since they came)."""
    return bool(
        conn.execute(
            text(
                f"SELECT to_regprocedure('{API}.audit_to_sign()') IS NOT NULL "
                f"AND to_regprocedure('{API}.countersign_audit(integer[], text[])') IS NOT NULL"
            )
        ).scalar_one()
    )


class Countersigner:
    """Signs the audit rows the ``ppdesk_api`` functions appended for this person.

    Such rows are appended inside the database (``ppdesk_private.audit_append``), which holds
    no audit key, so they are written with no ``row_mac``. Before a unit of work commits,
    ``rows_to_sign`` reads the rows its own transaction appended (``audit_to_sign``: the
    sequence and hash of each); once it has committed, ``sign`` computes each row's MAC with
    the audit key and hands them to ``countersign_audit``, which sets them once. Only rows
    this desk saw its own transaction append are signed, never "every unsigned row of mine":
    a row forged in the person's name by someone who can write the table must stay unsigned.

    A countersign that fails (the connection lost between the commit and it) is tried again
    after the next commit of this sign-in; rows left unsigned when the desk ends (a crash
    between the two) stay unsigned, and ``audit verify`` counts and names them.
    """

    def __init__(self, available: bool = True) -> None:
        self.available = available
        self.signer: AuditSigner | None = None
        self.pending: dict[int, str] = {}  # seq -> row hash, committed and not yet signed

    def mac(self) -> Callable[[str], str] | None:
        return self.signer() if self.available and self.signer is not None else None

    def rows_to_sign(self, db: Session | Connection) -> dict[int, str]:
        """The rows this transaction appended as the person (call before the commit). Not
        read when the desk has no audit key to sign them with; read when no signer is wired
        yet (the sign-in's row: the keys may come with the sign-in)."""
        if not self.available or (self.signer is not None and self.mac() is None):
            return {}
        rows = db.execute(text(f"SELECT seq, row_hash FROM {API}.audit_to_sign()")).all()
        return {int(seq): str(h) for seq, h in rows}

    def sign(self, db: Session | Connection) -> int:
        """Countersign the committed rows not signed yet, in a transaction of their own on
        ``db``; returns how many were signed. Never raises: the act itself is committed."""
        mac = self.mac()
        if mac is None or not self.pending:
            return 0
        seqs = sorted(self.pending)
        macs = [row_mac(mac, self.pending[seq]) for seq in seqs]
        try:
            done = self._call(db, seqs, macs)
        except DBAPIError as exc:
            _rollback(db)
            if getattr(exc.orig, "sqlstate", None) not in _COUNTERSIGN_REFUSED:
                log.warning("Audit rows %s are not countersigned yet: %s", seqs, type(exc).__name__)
                return 0  # kept: tried again after the next commit
            done = 0
            for seq, one in zip(seqs, macs, strict=True):  # sign what may be signed
                try:
                    done += self._call(db, [seq], [one])
                except DBAPIError:
                    _rollback(db)
                    log.warning("Audit row %s could not be countersigned", seq)
        self.pending.clear()
        return done

    @staticmethod
    def _call(db: Session | Connection, seqs: list[int], macs: list[str]) -> int:
        done = db.execute(
            text(f"SELECT {API}.countersign_audit(:s, :m)"), {"s": seqs, "m": macs}
        ).scalar_one()
        db.commit()
        return int(done)


def _rollback(db: Session | Connection) -> None:
    with contextlib.suppress(DBAPIError):  # the connection is gone
        db.rollback()


# -- what the functions did in this transaction --------------------------------------------


@dataclass
class Acts:
    """The acts a ``ppdesk_api`` function performed (and audited) in this unit of work, so
    the service's own record of them is not written twice."""

    audited: set[tuple[str, str | None]] = field(default_factory=set)  # (action, target id)
    disclosed: set[tuple[int, str]] = field(default_factory=set)  # (pin id, channel)
    ends: dict[int, str | None] = field(default_factory=dict)  # PIN id -> reason
    locked_guardians: set[int] = field(default_factory=set)
    # Verification locks lifted, made by ``unlock_guardian`` when the service records the
    # act (its reason is in the audit entry).
    unlocks: set[int] = field(default_factory=set)
    # Legal guardian status set or removed (link -> verified), made by
    # ``set_legal_guardian`` / ``remove_legal_guardian`` when the service records the act
    # (or, for a removal at a school the SIS feeds, when it adds the removal request); the
    # open request a removal supersedes is closed by the function too.
    custody: dict[int, bool] = field(default_factory=dict)
    superseded: set[int] = field(default_factory=set)
    # SIS status requests withdrawn at the desk, closed by ``withdraw_sis_request`` when the
    # service records the act (its reason is in the audit entry).
    withdrawals: set[int] = field(default_factory=set)
    # School letters a new queued letter replaces: closed by ``queue_school_letter``.
    replaced_letters: set[int] = field(default_factory=set)
    # Held PINs of a bulk run issued by ``issue_held_pin`` (their ciphertext goes to
    # ``set_held_pin_ciphertext``), and the run's letters to record (run id -> PIN ids)
    # with ``record_bulk_letters`` when the service records the run.
    held_issued: set[int] = field(default_factory=set)
    bulk_printed: dict[str, list[int]] = field(default_factory=dict)
    # School letters whose PIN ended, closed by ``close_school_letter`` when the service
    # records the act.
    ended_letters: set[int] = field(default_factory=set)
    # Staff account changes, made by ``update_staff`` when the service records the act
    # (its reason is in the audit entry); the login follow-through runs after it.
    staff_changes: dict[int, dict[str, Any]] = field(default_factory=dict)
    login_calls: list[tuple[str, str, str | None]] = field(default_factory=list)
    # The SIS import being staged (``person_sis.PersonSisRepository``), until applied.
    sis_import: Any = None

    def settled(self) -> None:
        """Nothing asked of the functions is left undone (a PIN ended only by an issue)."""
        if self.ends:
            raise not_available("pins")
        if self.staff_changes or self.login_calls:
            raise not_available("staff")
        if self.unlocks or self.custody or self.superseded:
            raise not_available("guardians")
        if self.withdrawals or self.sis_import is not None:
            raise not_available("sis")
        if self.replaced_letters or self.ended_letters or self.bulk_printed:
            raise not_available("letters")


def not_available(task: str) -> NotAvailable:
    return NotAvailable("person_login.not_available", task=(f"person_task.{task}",))


def _unsupported(task: str) -> NoReturn:
    raise not_available(task)


_TASK_OF_TABLE = {
    "parent_pin": "pins",
    "pin_disclosure": "pins",
    "verification": "guardians",
    "guardian": "guardians",
    "guardian_link": "guardians",
    "guardian_phone": "guardians",
    "emergency_contact": "guardians",
    "contact_change": "guardians",
    "student": "sis",
    "school_letter": "letters",
    "status_request": "sis",
    "staff": "staff",
    "role_grant": "staff",
    "school": "staff",
}


def _task_of_action(action: str) -> str:
    for prefix, task in (
        ("pin_", "pins"),
        ("letter", "letters"),
        ("guardian", "guardians"),
        ("legal_guardian", "guardians"),
        ("verification", "guardians"),
        ("contact", "guardians"),
        ("sis", "sis"),
        ("status_request", "sis"),
        ("staff", "staff"),
        ("role_", "staff"),
        ("school_profile", "staff"),
    ):
        if action.startswith(prefix):
            return task
    return "other"


def _denied_task(exc: BaseException) -> str | None:
    """The task behind a "permission denied" of the database (SQLSTATE 42501), or None."""
    if not isinstance(exc, DBAPIError) or getattr(exc.orig, "sqlstate", None) != "42501":
        return None
    found = re.search(r"permission denied for (?:table|view|relation|sequence) (\w+)", str(exc))
    return _TASK_OF_TABLE.get(found.group(1), "other") if found else "other"


# -- refusals: the function's reason code as the desk's error ------------------------------


def refusal_error(code: str) -> DomainError:
    minutes = int(VERIFICATION_VALID_FOR.total_seconds() // 60)
    known: dict[str, DomainError] = {
        "no_permission": PermissionDenied(permission_denied_code(Permission.MANAGE_PIN)),
        "no_verify_permission": PermissionDenied(
            permission_denied_code(Permission.VERIFY_IDENTITY)
        ),
        "no_recent_verification": VerificationRequired("verification.required", minutes=minutes),
        "district_route": VerificationRequired("verification.district_route"),
        "phone_needs_video": VerificationRequired("verification.video_required_for_phone"),
        "not_verified_legal_guardian": GuardianNotEligible("guardian.not_verified_parent"),
        "already_active": Conflict("pin.already_active"),
        "not_issuer_or_stored": Conflict("pin.issued_elsewhere"),
        "guardian_locked": GuardianLocked(
            "verification.guardian_locked", failures=MAX_FAILED_VERIFICATIONS
        ),
        "not_your_verification": PermissionDenied("verification.not_yours"),
        "verification_closed": NotFound("verification.not_found"),
        "grant_out_of_scope": PermissionDenied(permission_denied_code(Permission.GRANT_ANY_ROLE)),
        "district_wide_role": PermissionDenied(permission_denied_code(Permission.GRANT_ANY_ROLE)),
        "own_roles": PermissionDenied(permission_denied_code(Permission.GRANT_ANY_ROLE)),
        "not_staff_manager": PermissionDenied(permission_denied_code(Permission.MANAGE_STAFF)),
        "not_profile_editor": PermissionDenied(permission_denied_code(Permission.MANAGE_STAFF)),
    }
    return known.get(code) or PermissionDenied(f"Refused by the database ({code}).")


def _refused(
    code: str, action: str, target_type: str, target_id: object, school_id: int | None
) -> DomainError:
    """The desk's error for a function's refusal, carrying the denied audit row: the
    function's own row goes with the act's rolled-back transaction, and ``@service`` writes
    this one after the rollback (``audit_note``), so the refusal keeps exactly one row."""
    return refusal_error(code).with_audit(
        AuditEntry(
            action,
            Outcome.DENIED,
            target_type,
            None if target_id is None else str(target_id),
            school_id,
            {"reason": code, "refused_by": "database"},
        )
    )


# -- repositories ---------------------------------------------------------------------------


def _school_of_link(s: Session, link_id: int) -> int | None:
    return s.execute(
        text(
            "SELECT st.school_id FROM guardian_link l JOIN student st ON st.id = l.student_id "
            "WHERE l.id = :l"
        ),
        {"l": link_id},
    ).scalar()


class PersonPinRepository(SqlPinRepository):
    """PINs through the PIN functions. Not yet: bulk letters."""

    def __init__(self, session: Session, acts: Acts, exported: Exported | None = None) -> None:
        super().__init__(session)
        self.acts = acts
        self.exported = exported or Exported()

    def expire_due(self, now: datetime, *, link_id: int | None = None) -> int:
        return int(
            self.s.execute(text(f"SELECT {API}.expire_due_pins(:l)"), {"l": link_id}).scalar_one()
        )

    def active_for_disclosure(self, link_id: int, *, channel: str, action: str) -> PinRow | None:
        if action == "pin_reveal":
            call = f"SELECT * FROM {API}.disclose_pin(:l, :c)"
        elif action == "letter_print" and channel == "print":
            call = f"SELECT * FROM {API}.print_letter_pin(:l)"
        else:
            _unsupported("pins")
        got = self.s.execute(text(call), {"l": link_id, "c": channel}).one()
        if got.refusal == "no_active_pin":
            return None  # the service says which state the PIN is in
        if got.refusal is not None:
            raise _refused(
                got.refusal, action, "guardian_link", link_id, _school_of_link(self.s, link_id)
            )
        row = self.active_for_link(link_id)
        assert row is not None and row.id == got.pin_id
        self.acts.disclosed.add((int(got.pin_id), channel))
        self.acts.audited.add((action, str(link_id)))
        return replace(row, key_id=got.key_id, ciphertext=got.ciphertext)

    def disclosure_recorded(self, pin_id: int, channel: str) -> bool:
        """True once ``active_for_disclosure`` read it: the function recorded it."""
        return (pin_id, channel) in self.acts.disclosed

    def for_school_letter(self, letter_id: int, pin_id: int) -> PinRow | None:
        """An active PIN through ``school_letter_pin``: its ciphertext, the recorded print
        disclosure and the ``letter_print`` row, at once (the service's own record of them
        is not written again); the letter stays open until the print is done
        (``PersonSchoolLetterRepository.close``: ``finish_school_letter``). A PIN that ended
        is returned as the view shows it: the service closes the letter
        (``close_school_letter``)."""
        row = super().get(pin_id)
        if row is None or row.status != PinStatus.ACTIVE:
            return row
        got = self.s.execute(
            text(f"SELECT * FROM {API}.school_letter_pin(:i)"), {"i": letter_id}
        ).one()
        if got.refusal is not None:
            raise _refused(
                got.refusal, "letter_print", "guardian_link", row.link_id,
                _school_of_link(self.s, row.link_id),
            )  # fmt: skip
        self.acts.disclosed.add((int(got.pin_id), "print"))
        self.acts.audited.add(("letter_print", str(got.link_id)))
        return replace(row, key_id=got.key_id, ciphertext=got.ciphertext)

    def by_request(self, request_id: str) -> PinRow | None:
        return None  # request ids are not readable; a reused one is refused by issue_pin

    def end(
        self,
        pin_id: int,
        *,
        status: str,
        at: datetime,
        by_id: int | None,
        reason: str | None,
        from_statuses: Sequence[str] = (),
    ) -> bool:
        """Revoking only, and only as part of an act a function performs: a reissue
        (``issue_pin`` ends the old PIN in the statement that issues the new one) or a
        revoke (``revoke_pin``, when the service records it). An end left over at commit
        is refused."""
        if status != PinStatus.REVOKED:
            _unsupported("pins")
        self.acts.ends[pin_id] = reason
        return True

    def try_insert(
        self,
        *,
        link_id: int,
        student_id: int,
        guardian_id: int,
        request_id: str,
        pin_hash: str,
        issued_at: datetime,
        issued_by_id: int,
        verification_id: int | None,
        expires_at: datetime,
        bulk_run: str | None = None,
        status: str = PinStatus.ACTIVE,
        letter_number: str | None = None,
        channel: str | None = None,
    ) -> tuple[InsertOutcome, int | None]:
        if status == PinStatus.HELD and bulk_run is not None and letter_number is not None:
            return self._issue_held(link_id, bulk_run, request_id, pin_hash, letter_number)
        if status != PinStatus.ACTIVE or bulk_run is not None or letter_number is not None:
            _unsupported("letters")
        old = self.outstanding_for_link(link_id)
        reissue = old is not None and old.id in self.acts.ends
        reason = self.acts.ends.pop(old.id) if reissue and old is not None else None
        # No channel: the PIN of a letter queued for the school after a district office's
        # verification, shown to nobody (``issue_letter_pin``).
        call = (
            f"{API}.issue_pin(:l, :r, :h, :c, :re, :why)"
            if channel is not None
            else f"{API}.issue_letter_pin(:l, :r, :h, :re, :why)"
        )
        try:
            with self.s.begin_nested():
                got = self.s.execute(
                    text(f"SELECT * FROM {call}"),
                    {
                        "l": link_id,
                        "r": request_id,
                        "h": pin_hash,
                        "c": channel,
                        "re": reissue,
                        "why": reason,
                    },
                ).one()
        except IntegrityError as exc:
            what = str(exc.orig).lower()
            if "pin_hash" in what:
                return InsertOutcome.HASH_COLLISION, None
            if "request_id" in what:
                return InsertOutcome.REQUEST_EXISTS, None
            if "one_active" in what or "link_id" in what:
                return InsertOutcome.ACTIVE_EXISTS, None
            raise
        if got.refusal is not None:
            action = "pin_reissue" if reissue else "pin_issue"
            raise _refused(
                got.refusal, action, "guardian_link", link_id, _school_of_link(self.s, link_id)
            )
        if channel is not None:
            self.acts.disclosed.add((int(got.pin_id), channel))
        self.acts.audited.add(("pin_reissue" if reissue else "pin_issue", str(link_id)))
        return InsertOutcome.OK, int(got.pin_id)

    def _issue_held(
        self, link_id: int, run: str, request_id: str, pin_hash: str, letter_number: str
    ) -> tuple[InsertOutcome, int | None]:
        """A bulk letter's held PIN (``issue_held_pin``): its rows are the run's, written
        by ``record_bulk_letters`` when the service records the run."""
        try:
            with self.s.begin_nested():
                got = self.s.execute(
                    text(f"SELECT * FROM {API}.issue_held_pin(:run, :l, :r, :h, :n)"),
                    {"run": run, "l": link_id, "r": request_id, "h": pin_hash,
                     "n": letter_number},
                ).one()  # fmt: skip
        except IntegrityError as exc:
            what = str(exc.orig).lower()
            if "pin_hash" in what:
                return InsertOutcome.HASH_COLLISION, None
            if "request_id" in what:
                return InsertOutcome.REQUEST_EXISTS, None
            if "letter_number" in what:
                return InsertOutcome.LETTER_NUMBER_COLLISION, None
            if "one_active" in what or "link_id" in what:
                return InsertOutcome.ACTIVE_EXISTS, None
            raise
        if got.refusal is not None:
            raise _refused(got.refusal, "letters_bulk", "guardian_link", link_id,
                           _school_of_link(self.s, link_id))  # fmt: skip
        self.acts.held_issued.add(int(got.pin_id))
        return InsertOutcome.OK, int(got.pin_id)

    def letter_pin_state(
        self, link_ids: Sequence[int], *, lock: bool = False, chunk: int = 500
    ) -> tuple[dict[int, PinRow], set[int]]:
        """Read through the view; with ``lock`` (a bulk run) the held PINs, to print
        again, come from ``held_letter_pins`` with their ciphertext, row-locked (their
        disclosures are the run's, recorded by ``record_bulk_letters``)."""
        outstanding, redeemed = super().letter_pin_state(link_ids, lock=False, chunk=chunk)
        held = [k for k, row in outstanding.items() if row.status == PinStatus.HELD]
        if lock and held:
            shown: dict[int, Any] = {}
            for start in range(0, len(held), chunk):
                for got in self.s.execute(
                    text(f"SELECT * FROM {API}.held_letter_pins(:ids)"),
                    {"ids": held[start : start + chunk]},
                ):
                    if got.refusal is not None:
                        raise _refused(got.refusal, "letters_bulk", "guardian_link", None, None)
                    shown[int(got.link_id)] = got
            for link_id in held:
                pin = shown.get(link_id)
                if pin is None:  # ended meanwhile: no letter
                    outstanding.pop(link_id)
                else:
                    outstanding[link_id] = replace(
                        outstanding[link_id], key_id=pin.key_id, ciphertext=pin.ciphertext
                    )
        return outstanding, redeemed

    def set_ciphertext(self, pin_id: int, key_id: str, blob: bytes) -> None:
        if pin_id in self.acts.held_issued:
            refusal = self.s.execute(
                text(f"SELECT refusal FROM {API}.set_held_pin_ciphertext(:p, :k, :b)"),
                {"p": pin_id, "k": key_id, "b": blob},
            ).scalar()
            if refusal is not None:
                raise _refused(refusal, "pin_store", "parent_pin", pin_id, None)
            return
        refusal = self.s.execute(
            text(f"SELECT refusal FROM {API}.set_pin_ciphertext(:p, :k, :b)"),
            {"p": pin_id, "k": key_id, "b": blob},
        ).scalar()
        if refusal is not None:
            raise _refused(refusal, "pin_store", "parent_pin", pin_id, None)

    def add_disclosure(
        self,
        *,
        pin_id: int,
        staff_id: int,
        channel: str,
        at: datetime,
        verification_id: int | None = None,
        batch: str | None = None,
    ) -> None:
        """Recorded already by the function that disclosed the PIN."""
        if (pin_id, channel) not in self.acts.disclosed or batch is not None:
            _unsupported("pins")

    def add_disclosures(
        self,
        pin_ids: Any,
        *,
        staff_id: int,
        channel: str,
        at: datetime,
        batch: str | None = None,
    ) -> int:
        """A bulk run's letters: recorded by ``record_bulk_letters`` with the run's rows
        (when the service records ``letters_bulk``)."""
        ids = [int(p) for p in pin_ids]
        if channel == "export" and set(ids) <= self.exported.pins:
            return len(ids)  # recorded by export_roster_pins when the PINs were read
        if channel != "print" or batch is None:
            _unsupported("letters")
        self.acts.bulk_printed.setdefault(batch, []).extend(ids)
        return len(ids)

    def held_for_link(self, link_id: int, *, lock: bool = False) -> PinRow | None:
        """Read through the view without a row lock: ``hand_over_pin`` takes the lock when
        it makes the PIN live, in one statement."""
        return super().held_for_link(link_id)

    def activate(self, pin_id: int, *, at: datetime, by_id: int, verification_id: int) -> bool:
        """The hand-over: ``hand_over_pin`` checks the role and the caller's own recent
        verification, makes the link's held PIN live (at most once) and writes the
        ``pin_handover`` row. False if no held letter is left (handed over meanwhile)."""
        link_id = self.s.execute(
            text("SELECT link_id FROM parent_pin WHERE id = :p"), {"p": pin_id}
        ).scalar()
        if link_id is None:
            return False
        got = self.s.execute(text(f"SELECT * FROM {API}.hand_over_pin(:l)"), {"l": link_id}).one()
        if got.refusal == "no_held_letter":
            return False
        if got.refusal is not None:
            raise _refused(
                got.refusal, "pin_handover", "guardian_link", link_id,
                _school_of_link(self.s, link_id),
            )  # fmt: skip
        if got.pin_id != pin_id or got.verification_id != verification_id:
            raise Conflict("handover.changed_elsewhere")  # rolled back: not the letter shown
        self.acts.audited.add(("pin_handover", str(link_id)))
        return True

    # -- verifications ---------------------------------------------------------------------
    def add_verification(
        self,
        *,
        link_id: int,
        guardian_id: int,
        staff_id: int,
        mode: str,
        started_at: datetime,
        office: str = "school",
    ) -> int:
        got = self.s.execute(
            text(f"SELECT * FROM {API}.start_verification(:l, :m)"), {"l": link_id, "m": mode}
        ).one()
        if got.refusal is not None:
            raise _refused(
                got.refusal,
                "verification_start",
                "guardian_link",
                link_id,
                _school_of_link(self.s, link_id),
            )
        self.acts.audited.add(("verification_start", str(link_id)))
        return int(got.verification_id)

    def complete_verification(
        self,
        verification_id: int,
        *,
        outcome: str,
        completed_at: datetime,
        question_results: str,
        id_type: str | None,
        id_failures: str,
    ) -> None:
        v = self.verification(verification_id)
        got = self.s.execute(
            text(f"SELECT * FROM {API}.complete_verification(:v, :ok, :q, :t, :f)"),
            {
                "v": verification_id,
                "ok": outcome == "passed",
                "q": question_results,
                "t": id_type,
                "f": id_failures,
            },
        ).one()
        link_id = v.link_id if v is not None else None
        if got.refusal is not None:
            school = _school_of_link(self.s, link_id) if link_id is not None else None
            raise _refused(got.refusal, "verification", "guardian_link", link_id, school)
        self.acts.audited.add(("verification", str(link_id)))
        if got.guardian_locked and v is not None:
            self.acts.locked_guardians.add(v.guardian_id)


class PersonPeopleRepository(SqlPeopleRepository):
    """Students and guardians: read through the views. The lock after failed verifications
    comes with ``complete_verification``; other changes are not available yet."""

    def __init__(self, session: Session, acts: Acts) -> None:
        super().__init__(session)
        self.acts = acts

    def lock_guardian(self, guardian_id: int, at: datetime) -> None:
        if guardian_id not in self.acts.locked_guardians:
            _unsupported("guardians")

    def unlock_guardian(self, guardian_id: int, at: datetime) -> None:
        """Made by ``ppdesk_api.unlock_guardian`` when the service records the act."""
        self.acts.unlocks.add(guardian_id)

    def set_legal_guardian(
        self, link_id: int, *, verified: bool, by: str, at: datetime, source: str
    ) -> None:
        """Made by ``set_legal_guardian`` or ``remove_legal_guardian`` when the service
        records the act (the PIN it revokes with it, too)."""
        if source != "staff":
            _unsupported("sis")
        self.acts.custody[link_id] = verified


def _remove_status(
    s: Session, acts: Acts, link_id: int, reason: object, school_id: int | None
) -> Any:
    """``remove_legal_guardian``: the status, the link's active or held PIN and, at a school
    the SIS feeds, the removal request (superseding an open one), with one row."""
    acts.custody.pop(link_id, None)
    got = s.execute(
        text(f"SELECT * FROM {API}.remove_legal_guardian(:l, :r)"), {"l": link_id, "r": reason}
    ).one()
    if got.refusal is not None:
        raise _refused(got.refusal, REMOVE_ACTION, "guardian_link", link_id, school_id)
    acts.superseded.clear()
    acts.audited.add((REMOVE_ACTION, str(link_id)))
    return got


class PersonAuditRepository(SqlAuditRepository):
    """The audit trail: read through the view (the caller's schools); the functions append
    the rows of their own acts, and the desk's notes go through ``audit_note``."""

    def __init__(
        self,
        session: Session,
        acts: Acts,
        logins: PersonLoginRepository,
        exported: Exported | None = None,
    ) -> None:
        super().__init__(session, None)
        self.acts = acts
        self.logins = logins
        self.exported = exported or Exported()

    def verifiable_chains(self) -> frozenset[int] | None:
        """The chains of the schools where the person may read the audit trail: the view
        shows those whole (and of other chains only the person's own rows)."""
        ids = self.s.execute(text(f"SELECT {API}.my_school_ids('read_audit')")).scalar_one()
        return frozenset(int(i) for i in ids or ())

    def chain_state(self) -> ChainState:
        """The heads of those chains and the fork, through ``audit_heads`` (the heads table
        has no view)."""
        heads: dict[int, tuple[int, str]] = {}
        fork_seq, fork_hash, mac_from = 1, GENESIS_HASH, 1
        for row in self.s.execute(text(f"SELECT * FROM {API}.audit_heads()")):
            if row.chain == 0:
                fork_seq = 1 if row.fork_seq is None else int(row.fork_seq)
                fork_hash = row.fork_hash or GENESIS_HASH
                mac_from = 1 if row.mac_from_seq is None else int(row.mac_from_seq)
            if row.last_seq is not None:
                heads[int(row.chain)] = (int(row.last_seq), str(row.last_hash))
        return ChainState(heads, fork_seq, fork_hash, mac_from)

    def _revoke(self, entry: AuditEntry) -> None:
        """The revoke the service made: ``revoke_pin`` ends the link's PIN (row-locked, so a
        redemption racing it ends it at most once) and writes the row, with the reason the
        service's entry carries."""
        link_id = int(entry.target_id or 0)
        pin_id = (entry.details or {}).get("pin_id")
        self.acts.ends.pop(int(pin_id or 0), None)
        got = self.s.execute(
            text(f"SELECT * FROM {API}.revoke_pin(:l, :r)"),
            {"l": link_id, "r": (entry.details or {}).get("reason")},
        ).one()
        if got.refusal == "no_pin_to_revoke":
            raise PinUnavailable("pin.ended_meanwhile")
        if got.refusal is not None:
            raise _refused(got.refusal, "pin_revoke", "guardian_link", link_id, entry.school_id)
        if got.pin_id != pin_id:
            raise PinUnavailable("pin.ended_meanwhile")  # rolled back: not the PIN shown

    def _unlock(self, entry: AuditEntry) -> None:
        """The unlock the service made: ``unlock_guardian`` lifts the lock and writes the
        row (at the first of the guardian's schools where the person may), with the
        entry's reason."""
        guardian_id = int(entry.target_id or 0)
        self.acts.unlocks.discard(guardian_id)
        refusal = self.s.execute(
            text(f"SELECT refusal FROM {API}.unlock_guardian(:g, :r)"),
            {"g": guardian_id, "r": (entry.details or {}).get("reason")},
        ).scalar()
        if refusal is not None:
            raise _refused(refusal, "guardian_unlock", "guardian", guardian_id, entry.school_id)

    def _custody(self, entry: AuditEntry) -> None:
        """The status change the service made: ``set_legal_guardian`` (or, for a removal,
        ``remove_legal_guardian``) changes it, revokes the PIN the service revoked and
        writes the row, with the entry's reason."""
        link_id = int(entry.target_id or 0)
        details = entry.details or {}
        revoked = details.get("revoked_pin_id")
        self.acts.ends.pop(int(revoked or 0), None)
        if entry.action == REMOVE_ACTION:
            got = _remove_status(self.s, self.acts, link_id, details.get("reason"),
                                 entry.school_id)  # fmt: skip
        else:
            verified = self.acts.custody.pop(link_id)
            got = self.s.execute(
                text(f"SELECT * FROM {API}.set_legal_guardian(:l, :v, :r)"),
                {"l": link_id, "v": verified, "r": details.get("reason")},
            ).one()
            if got.refusal is not None:
                raise _refused(got.refusal, entry.action, "guardian_link", link_id, entry.school_id)
        if got.revoked_pin_id != revoked:
            raise PinUnavailable("pin.ended_meanwhile")  # rolled back: not the PIN shown

    def _withdraw(self, entry: AuditEntry) -> None:
        """The withdrawal the service made: ``withdraw_sis_request`` closes the link's open
        request and writes the row, with the entry's reason."""
        link_id = int(entry.target_id or 0)
        request_id = (entry.details or {}).get("request_id")
        self.acts.withdrawals.discard(int(request_id or 0))
        got = self.s.execute(
            text(f"SELECT * FROM {API}.withdraw_sis_request(:l, :r)"),
            {"l": link_id, "r": (entry.details or {}).get("reason")},
        ).one()
        if got.refusal == "no_open_request" or (
            got.refusal is None and got.request_id != request_id
        ):
            raise ValidationError("sis_status.no_open_request", field="link")
        if got.refusal is not None:
            raise _refused(got.refusal, WITHDRAW_ACTION, "guardian_link", link_id, entry.school_id)

    def _record_bulk(self, entry: AuditEntry, run: str) -> None:
        """The bulk run the service records: ``record_bulk_letters`` writes its letters'
        disclosures, ``pin_bulk_issue`` (if it issued PINs) and ``letters_bulk`` with the
        service's details, and checks them against the run's held PINs."""
        pin_ids = self.acts.bulk_printed.pop(run)
        refusal = self.s.execute(
            text(f"SELECT refusal FROM {API}.record_bulk_letters(:r, :s, :p, :d)"),
            {"r": run, "s": entry.school_id, "p": pin_ids, "d": check_details(entry.details)},
        ).scalar()
        if refusal is not None:
            raise _refused(refusal, "letters_bulk", "school", entry.target_id, entry.school_id)
        self.acts.held_issued.clear()

    def _close_letter(self, entry: AuditEntry) -> None:
        """A queued letter whose PIN ended, as the service found it: ``close_school_letter``
        closes it and writes the failed ``letter_print`` row."""
        letter_id = int((entry.details or {}).get("school_letter_id") or 0)
        self.acts.ended_letters.discard(letter_id)
        refusal = self.s.execute(
            text(f"SELECT refusal FROM {API}.close_school_letter(:i)"), {"i": letter_id}
        ).scalar()
        if refusal == "letter_closed":
            raise Conflict("letters.queued_printed_elsewhere")
        if refusal is not None:
            raise _refused(
                refusal, "letter_print", "guardian_link", entry.target_id, entry.school_id
            )

    def _staff_update(self, entry: AuditEntry) -> None:
        """The staff change the service made, with the reason its entry carries: the row is
        ``update_staff``'s; the login functions follow."""
        staff_id = int(entry.target_id or 0)
        fields = self.acts.staff_changes.pop(staff_id)
        refusal = self.s.execute(
            text(f"SELECT refusal FROM {API}.update_staff(:s, :a, :u, :h, :r)"),
            {
                "s": staff_id,
                "a": fields.get("active"),
                "u": "failed_logins" in fields,
                "h": fields.get("password_hash"),
                "r": (entry.details or {}).get("reason"),
            },
        ).scalar()
        if refusal is not None:
            raise _refused(refusal, "staff_update", "staff", staff_id, None)
        self.logins.run_pending()

    def _my_schools(self) -> set[int]:
        return {
            int(i)
            for i in self.s.execute(text(f"SELECT unnest({API}.my_school_ids('lookup'))")).scalars()
        }

    def append_many(
        self,
        entries: Sequence[AuditEntry],
        *,
        actor: str,
        actor_staff_id: int | None,
        workstation: str,
    ) -> list[int]:
        """The actor is the database session's user, whatever ``actor`` says."""
        sis = self.acts.sis_import
        if sis is not None and entries and entries[-1].action == "sis_import":
            return list(sis.apply(entries))  # apply_sis_import writes the import's rows
        if is_import_denial(entries) and entries[0].school_id not in self._my_schools():
            return [note_import_denial(self.s, entries[0])]
        seqs: list[int] = []
        for entry in entries:
            if (
                entry.action == "staff_update"
                and entry.outcome is Outcome.SUCCESS
                and int(entry.target_id or 0) in self.acts.staff_changes
            ):
                self._staff_update(entry)
                seqs.append(0)
                continue
            if (
                entry.action == "pin_revoke"
                and entry.outcome is Outcome.SUCCESS
                and int((entry.details or {}).get("pin_id") or 0) in self.acts.ends
            ):
                self._revoke(entry)
                seqs.append(0)
                continue
            if (
                entry.action == "guardian_unlock"
                and entry.outcome is Outcome.SUCCESS
                and int(entry.target_id or 0) in self.acts.unlocks
            ):
                self._unlock(entry)
                seqs.append(0)
                continue
            if (
                entry.action in ("legal_guardian_set", REMOVE_ACTION)
                and entry.outcome is Outcome.SUCCESS
                and int(entry.target_id or 0) in self.acts.custody
            ):
                self._custody(entry)
                seqs.append(0)
                continue
            if (
                entry.action == WITHDRAW_ACTION
                and entry.outcome is Outcome.SUCCESS
                and int((entry.details or {}).get("request_id") or 0) in self.acts.withdrawals
            ):
                self._withdraw(entry)
                seqs.append(0)
                continue
            if (
                entry.action == "roster_export"
                and entry.outcome is Outcome.SUCCESS
                and self.exported.pending
            ):
                self.exported.pending = False  # export_roster_pins wrote the export's row
                self.exported.pins.clear()
                seqs.append(0)
                continue
            run = str((entry.details or {}).get("run_id"))
            if entry.outcome is Outcome.SUCCESS and run in self.acts.bulk_printed:
                if entry.action == "letters_bulk":
                    self._record_bulk(entry, run)
                if entry.action in ("letters_bulk", "pin_bulk_issue"):
                    seqs.append(0)  # the run's rows: record_bulk_letters writes them
                    continue
            if (
                entry.action == "letter_print"
                and entry.outcome is Outcome.FAILED
                and int((entry.details or {}).get("school_letter_id") or 0)
                in self.acts.ended_letters
            ):
                self._close_letter(entry)
                seqs.append(0)
                continue
            if (entry.action, entry.target_id) in self.acts.audited:
                seqs.append(0)  # the function wrote this act's row
                continue
            if entry.outcome is Outcome.SUCCESS and entry.action not in NOTE_ACTIONS:
                _unsupported(_task_of_action(entry.action))  # an act no function performed
            seqs.append(
                int(
                    self.s.execute(
                        text(f"SELECT {API}.audit_note(:a, :o, :tt, :t, :s, :d)"),
                        {
                            "a": entry.action,
                            "o": entry.outcome.value,
                            "tt": entry.target_type,
                            "t": entry.target_id,
                            "s": entry.school_id,
                            "d": check_details(entry.details),
                        },
                    ).scalar_one()
                )
            )
        return seqs


# Repositories with no function yet: reads through the views; a write is refused by the
# database (no privilege) and reported as not available (``PersonUnitOfWork.__exit__``).
class PersonStaffRepository(SqlStaffRepository):
    """Staff accounts: read through the view; deactivate, reactivate, unlock and a new
    ppdesk password through ``update_staff`` (called when the service records the act,
    ``PersonAuditRepository``); a new account through ``add_staff``."""

    def __init__(self, session: Session, acts: Acts) -> None:
        super().__init__(session)
        self.acts = acts

    def add(
        self,
        *,
        username: str,
        display_name: str,
        email: str | None,
        password_hash: str | None,
        school_id: int | None = None,
    ) -> int:
        """``add_staff``: the matrix at the school, the account and its ``staff_add`` row.
        No ppdesk password is kept (``password_hash`` is dropped): with personal logins the
        person signs in as their login role, which the service creates next
        (``create_login``, its own row), in this transaction."""
        got = self.s.execute(
            text(f"SELECT * FROM {API}.add_staff(:u, :n, :e, :s)"),
            {"u": username, "n": display_name, "e": email, "s": school_id},
        ).one()
        if got.refusal is not None:
            raise _refused(got.refusal, "staff_add", "staff", None, school_id)
        self.acts.audited.add(("staff_add", str(got.staff_id)))
        return int(got.staff_id)

    def update(self, staff_id: int, **fields: Any) -> None:
        allowed = {"active", "locked_at", "failed_logins", "password_hash"}
        if not set(fields) <= allowed or fields.get("locked_at") is not None:
            _unsupported("staff")
        self.acts.staff_changes.setdefault(staff_id, {}).update(fields)


class PersonGrantRepository(SqlGrantRepository):
    """Role grants through ``grant_role`` and ``revoke_role`` (the matrix in SQL: a
    principal grants the parent access administrator role at their school, other roles
    need a district administrator; nobody changes their own roles)."""

    def __init__(self, session: Session, acts: Acts) -> None:
        super().__init__(session)
        self.acts = acts

    def add(
        self,
        *,
        staff_id: int,
        role: Role,
        school_id: int | None,
        local_district: str | None,
        granted_by_id: int | None,
        granted_at: datetime,
        reason: str | None,
    ) -> int:
        got = self.s.execute(
            text(f"SELECT * FROM {API}.grant_role(:s, :r, :sc, :d, :why)"),
            {
                "s": staff_id,
                "r": Role(role).value,
                "sc": school_id,
                "d": local_district,
                "why": reason,
            },
        ).one()
        if got.refusal is not None:
            raise _refused(got.refusal, "role_grant", "staff", staff_id, school_id)
        self.acts.audited.add(("role_grant", str(staff_id)))
        return int(got.grant_id)

    def revoke(
        self, grant_id: int, *, revoked_by_id: int, revoked_at: datetime, reason: str | None
    ) -> None:
        grant = self.s.execute(
            text("SELECT staff_id, school_id FROM role_grant WHERE id = :g"), {"g": grant_id}
        ).first()
        refusal = self.s.execute(
            text(f"SELECT refusal FROM {API}.revoke_role(:g, :why)"),
            {"g": grant_id, "why": reason},
        ).scalar()
        staff_id, school_id = (grant.staff_id, grant.school_id) if grant else (None, None)
        if refusal is not None:
            raise _refused(refusal, "role_revoke", "staff", staff_id, school_id)
        self.acts.audited.add(("role_revoke", str(staff_id)))


# services.settings_service.save_school_profile's fields, in its order.
PROFILE_FIELDS = (
    "name",
    "address",
    "phone",
    "principal_name",
    "portal_url",
    "pin_expiry_days",
    "bulk_letters_enabled",
    "outreach_days",
)


class PersonSchoolRepository(SqlSchoolRepository):
    """Schools: read through the view; the school profile through
    ``update_school_profile`` (the matrix, the fields that changed, the row); added
    or changed by an SIS import, staged with its other writes (``person_sis``). Other
    changes (the status source) are not available yet."""

    def __init__(self, session: Session, acts: Acts) -> None:
        super().__init__(session)
        self.acts = acts

    def add(self, **fields: Any) -> int:
        if self.acts.sis_import is None:
            _unsupported("staff")
        return int(self.acts.sis_import.add_school(fields))

    def update(self, school_id: int, **fields: Any) -> None:
        if self.acts.sis_import is not None:
            self.acts.sis_import.update_school(school_id, fields)
            return
        if set(fields) != set(PROFILE_FIELDS):
            _unsupported("staff" if "sis_fed_since" not in fields else "sis")
        got = self.s.execute(
            text(
                f"SELECT * FROM {API}.update_school_profile(:id, :name, :address, :phone, "
                ":principal_name, :portal_url, :pin_expiry_days, :bulk_letters_enabled, "
                ":outreach_days)"
            ),
            {"id": school_id, **fields},
        ).one()
        if got.refusal is not None:
            code = self.s.execute(
                text("SELECT code FROM school WHERE id = :i"), {"i": school_id}
            ).scalar()
            raise _refused(got.refusal, "school_profile_update", "school", code, school_id)
        self.acts.audited.add(("school_profile_update", str(got.code)))


@dataclass
class Exported:
    """The PINs a roster export read through ``export_roster_pins`` (which recorded their
    disclosures and the ``roster_export`` row): the export reads in one unit of work and
    records in the next, so this lives as long as the person's connection."""

    pins: set[int] = field(default_factory=set)
    pending: bool = False
    countersigner: Countersigner | None = None  # the factory's: signs the export's rows


# Column positions of a roster source row (``SqlRosterRepository._source_rows``).
_STUDENT, _S_KEY, _S_BLOB, _PIN, _STATUS, _P_KEY, _P_BLOB = 1, 9, 10, 16, 17, 19, 20


class PersonRosterRepository(SqlRosterRepository):
    """The roster through the views; an export's PIN cells through ``export_roster_pins``,
    called on a connection of its own and committed there: the disclosures and the
    ``roster_export`` row are recorded when the PINs are read (the export reads in a
    read-only unit of work), before the file is written."""

    search_table = False  # roster_search has no view: the tables' own search indexes

    def __init__(self, session: Session, exported: Exported) -> None:
        super().__init__(session)
        self.exported = exported

    def stream(self, *args: Any, **kwargs: Any) -> Generator[Any, None, None]:
        return self._with_pins(super().stream(*args, **kwargs))

    def stream_tab(self, *args: Any, **kwargs: Any) -> Generator[Any, None, None]:
        return self._with_pins(super().stream_tab(*args, **kwargs))

    def _with_pins(self, source: Generator[Any, None, None]) -> Generator[Any, None, None]:
        try:
            rows = [tuple(r) for r in source]
        finally:
            source.close()
        pin_ids = sorted(
            {r[_PIN] for r in rows if r[_PIN] is not None and r[_STATUS] == PinStatus.ACTIVE}
        )
        student_ids = sorted({r[_STUDENT] for r in rows if r[_STUDENT] is not None})
        self.exported.pins.clear()
        self.exported.pending = False
        engine = self.s.get_bind()
        assert isinstance(engine, Engine)
        cs = self.exported.countersigner
        with engine.connect() as conn:
            got = conn.execute(
                text(f"SELECT * FROM {API}.export_roster_pins(:b, :p, :s)"),
                {"b": f"roster-{uuid.uuid4().hex}", "p": pin_ids, "s": student_ids},
            ).all()
            signed = cs.rows_to_sign(conn) if cs is not None else {}
            conn.commit()
            if cs is not None:
                cs.pending.update(signed)
                cs.sign(conn)
        refused = next((g.refusal for g in got if g.refusal is not None), None)
        if refused is not None:
            raise refusal_error(refused)  # its denied row is committed already
        parents = {g.id: g for g in got if g.kind == "parent"}
        students = {g.id: g for g in got if g.kind == "student"}
        self.exported.pins.update(parents)
        self.exported.pending = True
        for r in rows:
            row = list(r)
            if (st := students.get(r[_STUDENT])) is not None:
                row[_S_KEY], row[_S_BLOB] = st.key_id, st.ciphertext
            if (pin := parents.get(r[_PIN])) is not None:
                row[_P_KEY], row[_P_BLOB] = pin.key_id, pin.ciphertext
            yield tuple(row)


class PersonKeysRepository(SqlKeysRepository):
    pass


class PersonLoginRepository(SqlLoginRepository):
    """The login functions, called after ``update_staff`` when they follow a staff change
    (reactivating needs the account active first)."""

    def __init__(self, session: Session, acts: Acts) -> None:
        super().__init__(session)
        self.acts = acts

    def set_password(self, username: str, password: str | None) -> None:
        verifier = self._verifier(username, password) if password is not None else None
        self.acts.login_calls.append(("set_login_password(:u, :v)", username, verifier))

    def disable(self, username: str) -> None:
        self.acts.login_calls.append(("disable_login(:u)", username, None))

    def enable(self, username: str) -> None:
        self.acts.login_calls.append(("enable_login(:u)", username, None))

    def run_pending(self) -> None:
        actions = {"set_login_password": "login_password_set", "disable_login": "login_disable",
                   "enable_login": "login_enable"}  # fmt: skip
        calls, self.acts.login_calls[:] = list(self.acts.login_calls), []
        for call, username, verifier in calls:
            more = {"v": verifier} if ":v" in call else {}
            self._call(call, actions[call.split("(")[0]], username, more)


_DOCUMENT_KIND = {label: kind for kind, label in DOCUMENT_KINDS}


class PersonStatusRequestRepository(SqlStatusRequestRepository):
    """SIS status requests: read through the view; a request through
    ``request_sis_update``, a withdrawal through ``withdraw_sis_request`` (when the service
    records it); a removal of the status at a school the SIS feeds adds its request (and
    supersedes an open one) through ``remove_legal_guardian``."""

    def __init__(self, session: Session, acts: Acts) -> None:
        super().__init__(session)
        self.acts = acts

    def mark_sis_fed(self, school_ids: Sequence[int], at: datetime) -> list[int]:
        if self.acts.sis_import is None:
            return super().mark_sis_fed(school_ids, at)
        return list(self.acts.sis_import.mark_sis_fed(school_ids))  # apply_sis_import marks

    def closable(
        self, school_ids: Sequence[int], unverified_links: Sequence[int] = ()
    ) -> list[Any]:
        """During an import, none here: ``apply_sis_import`` closes the requests it settles
        (after its writes) and writes their rows."""
        if self.acts.sis_import is None:
            return super().closable(school_ids, unverified_links)
        self.acts.sis_import.stage_unverified(unverified_links)
        return []

    def withdraw(self, request_id: int, *, at: datetime, outcome: str) -> bool:
        if outcome == "superseded" and False in self.acts.custody.values():
            self.acts.superseded.add(request_id)  # closed by remove_legal_guardian
            return True
        if outcome == OUTCOME_WITHDRAWN:
            self.acts.withdrawals.add(request_id)  # closed by withdraw_sis_request
            return True
        return super().withdraw(request_id, at=at, outcome=outcome)

    def add(
        self,
        *,
        link_id: int,
        student_id: int,
        guardian_id: int,
        requested_by_id: int,
        requested_at: datetime,
        documents: str,
        note: str | None,
        kind: str = "verify",
    ) -> int:
        if kind == "remove" and self.acts.custody.get(link_id) is False:
            school = _school_of_link(self.s, link_id)
            got = _remove_status(self.s, self.acts, link_id, note, school)
            desk = set(self.acts.ends)  # the PIN the service revoked with it, if any
            self.acts.ends.clear()
            if desk != ({got.revoked_pin_id} - {None}):
                raise PinUnavailable("pin.ended_meanwhile")  # rolled back: not the PIN shown
            return int(got.sis_request_id)
        if kind == "verify":
            # ``request_sis_update`` takes the kinds; the service passes their labels as the
            # report prints them ("; "-joined, in the order named).
            kinds = [_DOCUMENT_KIND[label] for label in documents.split("; ")]
            got = self.s.execute(
                text(f"SELECT * FROM {API}.request_sis_update(:l, :d, :n)"),
                {"l": link_id, "d": kinds, "n": note},
            ).one()
            if got.refusal is not None:
                raise _refused(
                    got.refusal, REQUEST_ACTION, "guardian_link", link_id,
                    _school_of_link(self.s, link_id),
                )  # fmt: skip
            self.acts.audited.add((REQUEST_ACTION, str(link_id)))
            return int(got.request_id)
        return super().add(
            link_id=link_id,
            student_id=student_id,
            guardian_id=guardian_id,
            requested_by_id=requested_by_id,
            requested_at=requested_at,
            documents=documents,
            note=note,
            kind=kind,
        )


class PersonSchoolLetterRepository(SqlSchoolLetterRepository):
    """Letters of district verifications: read through the view; queuing the letter of the
    guardian's PIN through ``queue_school_letter`` (which closes the letter it replaces and
    writes the ``letter_queue`` row; a new PIN comes from ``issue_letter_pin`` first).
    Printing reads the PIN in ``school_letter_pin`` (``PersonPinRepository``) and, once
    the letter is drawn, closes it in ``finish_school_letter``; a letter whose PIN ended
    is closed by ``close_school_letter`` when the service records it."""

    def __init__(self, session: Session, acts: Acts) -> None:
        super().__init__(session)
        self.acts = acts

    def close(self, letter_id: int, *, at: datetime, outcome: str, by_id: int | None) -> bool:
        if outcome == "replaced":
            self.acts.replaced_letters.add(letter_id)  # closed by queue_school_letter
            return True
        if outcome == "printed":
            return self._finish(letter_id)
        if outcome == "pin_ended":
            self.acts.ended_letters.add(letter_id)  # closed by close_school_letter
            return True
        return super().close(letter_id, at=at, outcome=outcome, by_id=by_id)

    def _finish(self, letter_id: int) -> bool:
        """``finish_school_letter``: closed as printed; False if it was closed meanwhile
        (printed at another desk)."""
        refusal = self.s.execute(
            text(f"SELECT refusal FROM {API}.finish_school_letter(:i)"), {"i": letter_id}
        ).scalar()
        if refusal == "letter_closed":
            return False
        if refusal is not None:
            got = super().get(letter_id)
            raise _refused(
                refusal, "letter_print", "guardian_link",
                got.link_id if got else None, got.school_id if got else None,
            )  # fmt: skip
        return True

    def add(
        self,
        *,
        link_id: int,
        school_id: int,
        pin_id: int,
        verification_id: int,
        queued_by_id: int,
        queued_at: datetime,
    ) -> int:
        got = self.s.execute(
            text(f"SELECT * FROM {API}.queue_school_letter(:l, :p)"), {"l": link_id, "p": pin_id}
        ).one()
        if got.refusal is not None:
            raise _refused(got.refusal, "letter_queue", "guardian_link", link_id, school_id)
        self.acts.replaced_letters.clear()
        self.acts.audited.add(("letter_queue", str(link_id)))
        return int(got.letter_id)


class PersonUnitOfWork(SqlUnitOfWork):
    exported: Exported | None = None  # the factory's, shared by its units of work

    def __enter__(self) -> Self:
        super().__enter__()
        s = self.session
        assert s is not None
        self.acts = Acts()
        exported = self.exported or Exported()
        self.staff = PersonStaffRepository(s, self.acts)
        self.grants = PersonGrantRepository(s, self.acts)
        self.schools = PersonSchoolRepository(s, self.acts)
        self.logins = PersonLoginRepository(s, self.acts)
        self.audit = PersonAuditRepository(s, self.acts, self.logins, exported)
        self.people = PersonPeopleRepository(s, self.acts)
        self.pins = PersonPinRepository(s, self.acts, exported)
        self.roster = PersonRosterRepository(s, exported)
        self.sis = PersonSisRepository(s, self.acts, without_hidden_columns)
        self.keys = PersonKeysRepository(s)
        self.status_requests = PersonStatusRequestRepository(s, self.acts)
        self.school_letters = PersonSchoolLetterRepository(s, self.acts)
        return self

    countersigner: Countersigner | None = None  # the factory's

    def commit(self) -> None:
        """Commit; then countersign the audit rows the functions appended in it."""
        self.acts.settled()
        s, cs = self.session, self.countersigner
        assert s is not None
        rows = cs.rows_to_sign(s) if cs is not None and not self._readonly else {}
        try:
            super().commit()
        except DatabaseUnavailable:
            if cs is not None:
                cs.pending.update(rows)  # maybe committed: tried after the next commit
            raise
        if cs is not None:
            cs.pending.update(rows)
            cs.sign(s)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        super().__exit__(exc_type, exc, tb)
        task = _denied_task(exc) if exc is not None else None
        if task is not None:
            raise not_available(task) from exc


class PersonUnitOfWorkFactory:
    """``ctx.uow`` after a sign-in with a personal login: every unit of work on the
    person's own connection. ``dispose`` at sign-out closes it."""

    def __init__(
        self, engine: Engine, username: str, countersigner: Countersigner | None = None
    ) -> None:
        self.engine = engine
        self.username = username
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        self.exported = Exported()
        self.countersigner = countersigner or Countersigner()
        self.exported.countersigner = self.countersigner

    def __call__(self, *, readonly: bool = False, transaction: bool = True) -> PersonUnitOfWork:
        # Always a transaction: its first statement sets the search path to the views
        # (``SET LOCAL``, which holds only inside a transaction).
        uow = PersonUnitOfWork(self._sessions, readonly=readonly)
        uow.exported = self.exported  # a roster export reads and records in two
        uow.countersigner = self.countersigner
        return uow

    def countersign_with(self, signer: AuditSigner) -> None:
        """Sign this person's audit rows with ``signer`` (the audit key of the keys the desk
        holds now), and sign at once those of the sign-in (``session_start``)."""
        self.countersigner.signer = signer
        if self.countersigner.pending and self.countersigner.mac() is not None:
            try:
                with self.engine.connect() as conn:
                    self.countersigner.sign(conn)
            except DBAPIError:  # no connection now: tried again after the next commit
                log.warning("The sign-in's audit row is not countersigned yet")

    def dispose(self) -> None:
        self.engine.dispose()
