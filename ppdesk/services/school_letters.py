"""The PIN letter of a district verification goes by the school's route.

A verifier of a local district office, the Office of Parent and Community Services or the
hotline (a parent access admin granted for a local district or the whole district) verifies
in person at the district office or on live video and issues the PIN as the school would
(reference guide section IV). The counter letter is the school's (section XII: a template
"that schools can use"), so the district office neither shows, prints nor exports it
(``pins.passed_verification`` refuses those channels after a district verification). Two
routes remain:

- after a passed *video* verification the PIN may be read out by phone with its phonetic
  spelling (section IV, step 3): ``pins.issue_pin(..., channel="phone")``, recorded as a
  "phone" disclosure;
- otherwise (and always after an in-person check at the district office) the letter is
  queued for the student's school (``queue_for_school``): the PIN is issued (or the active
  one kept) without being shown to anyone, and the school's own staff (a grant *for that
  school*: principal, assistant principal, the school's parent access admin) find it on
  their list (``letters_to_print``) and print it (``print_queued_letter``), recorded as a
  "print" disclosure that names the district verification.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import (
    Conflict,
    GuardianNotEligible,
    NotFound,
    PinUnavailable,
    ValidationError,
    VerificationRequired,
)
from ppdesk.domain.pin import PinStatus, is_expired
from ppdesk.domain.roles import Permission
from ppdesk.domain.settings import pin_expiry_days
from ppdesk.domain.text import NOTE_MAX, clean_text
from ppdesk.domain.verification import VERIFICATION_VALID_FOR
from ppdesk.services import letter_run as run_mod
from ppdesk.services import letter_selection as sel_mod
from ppdesk.services.access import (
    AuditedDenial,
    audit,
    holds_at_school,
    require,
    require_recent_login,
    retries_when_busy,
    schools_with,
    service,
)
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.letters import (
    LetterRunResult,
    counter_letter,
    record_print,
    render_one,
)
from ppdesk.services.pins import (
    create_pin,
    denied,
    keys_of,
    load_link,
    load_managed_at,
    sweep_expired,
)
from ppdesk.services.ports import SchoolRecord, UnitOfWork
from ppdesk.services.records import LinkRow, PinRow, SchoolLetterRow, VerificationRow


@dataclass(frozen=True)
class QueuedLetter:
    """A letter waiting at the school. Carries no PIN."""

    letter_id: int
    link_id: int
    school_code: str
    school_name: str
    pin_expires_at: datetime
    new_pin: bool


def _district_verification(
    uow: UnitOfWork, session: StaffSession, link: LinkRow, now: datetime, school_id: int
) -> VerificationRow:
    """This verifier's passed, recent verification of the link, made from a district office."""
    v = uow.pins.latest_passed_verification(link.id, session.staff_id)
    if v is None or v.completed_at is None or now - v.completed_at > VERIFICATION_VALID_FOR:
        raise denied(
            VerificationRequired(
                "verification.required",
                minutes=int(VERIFICATION_VALID_FOR.total_seconds() // 60),
            ),
            "letter_queue",
            link,
            school_id,
        )
    if v.office != "district":
        raise denied(
            ValidationError("letters.queue_district_only"), "letter_queue", link, school_id
        )
    return v


@service
@retries_when_busy
def queue_for_school(
    ctx: AppContext,
    session: StaffSession,
    link_id: int,
    *,
    request_id: str | None = None,
    reissue: bool = False,
    reason: str | None = None,
) -> QueuedLetter:
    """After a passed district verification: the guardian's PIN letter goes to the student's
    school to print. A new PIN is issued (active, shown to nobody) unless one is active
    already; ``reissue`` replaces it. A retry with the same ``request_id`` returns the letter
    already queued. Audited as ``letter_queue`` (and ``pin_issue``/``pin_reissue`` when a
    PIN is issued); nothing is disclosed here."""
    request_id = request_id or str(uuid.uuid4())
    reason = clean_text(reason, field="reason", max_len=NOTE_MAX)
    keys_of(ctx)
    sweep_expired(ctx)
    with ctx.uow() as uow:
        link, _student, school = load_managed_at(uow, session, link_id, action="letter_queue")
        assert school is not None
        now = uow.now()
        waiting = uow.school_letters.open_for_link(link.id)
        earlier = uow.pins.by_request(request_id)
        if earlier is not None and waiting is not None and waiting.pin_id == earlier.id:
            return _queued(waiting, school.name, new_pin=False)  # a retry: already queued
        if not link.verified_legal_guardian:
            raise denied(
                GuardianNotEligible("guardian.not_verified_parent"),
                "letter_queue",
                link,
                school.id,
            )
        v = _district_verification(uow, session, link, now, school.id)
        uow.pins.expire_due(now, link_id=link.id)
        outstanding = uow.pins.outstanding_for_link(link.id)
        if outstanding is not None and outstanding.status == PinStatus.HELD and not reissue:
            raise denied(
                Conflict("pin.letter_waiting", letter=outstanding.letter_number or ""),
                "letter_queue",
                link,
                school.id,
                outcome=Outcome.FAILED,
            )
        if (
            waiting is not None
            and not reissue
            and outstanding is not None
            and waiting.pin_id == outstanding.id
        ):
            return _queued(waiting, school.name, new_pin=False)  # the same letter waits
        pin_id, expires, new_pin, replaced = _pin_for_letter(
            ctx, uow, session, link, v, now, request_id, outstanding, reissue, reason, school
        )
        if waiting is not None:
            uow.school_letters.close(waiting.id, at=now, outcome="replaced", by_id=session.staff_id)
        letter_id = uow.school_letters.add(
            link_id=link.id,
            school_id=school.id,
            pin_id=pin_id,
            verification_id=v.id,
            queued_by_id=session.staff_id,
            queued_at=now,
        )
        if new_pin:
            audit(
                uow,
                ctx,
                session,
                AuditEntry(
                    "pin_reissue" if replaced else "pin_issue",
                    Outcome.SUCCESS,
                    "guardian_link",
                    str(link.id),
                    school.id,
                    {
                        "pin_id": pin_id,
                        "verification_id": v.id,
                        "request_id": request_id,
                        "channel": None,
                        "route": "school_letter",
                        "replaced_pin_id": replaced,
                    },
                ),
            )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "letter_queue",
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                school.id,
                {
                    "school_letter_id": letter_id,
                    "pin_id": pin_id,
                    "verification_id": v.id,
                    "mode": v.mode,
                    "issued": new_pin,
                    "replaced_letter_id": waiting.id if waiting else None,
                },
            ),
        )
        uow.commit()
    return QueuedLetter(letter_id, link.id, school.code, school.name, expires, new_pin)


def _pin_for_letter(
    ctx: AppContext,
    uow: UnitOfWork,
    session: StaffSession,
    link: LinkRow,
    v: VerificationRow,
    now: datetime,
    request_id: str,
    active: PinRow | None,
    reissue: bool,
    reason: str | None,
    school: SchoolRecord,
) -> tuple[int, datetime, bool, int | None]:
    """(pin id, expiry, new?, replaced pin id): the active PIN kept, or a new active one."""
    if active is not None and not reissue:
        return active.id, active.expires_at, False, None
    if active is not None and not uow.pins.end(
        active.id,
        status=PinStatus.REVOKED,
        at=now,
        by_id=session.staff_id,
        reason=reason or "reissued",
    ):
        raise denied(
            Conflict("pin.ended_meanwhile"),
            "letter_queue",
            link,
            school.id,
            outcome=Outcome.FAILED,
        )
    try:
        made = create_pin(
            ctx,
            uow,
            link,
            staff_id=session.staff_id,
            now=now,
            request_id=request_id,
            verification_id=v.id,
            expiry_days=pin_expiry_days(school),
        )
    except Conflict as exc:  # another workstation won the race
        raise denied(exc, "letter_queue", link, school.id, outcome=Outcome.FAILED) from None
    return made.pin_id, made.expires_at, True, active.id if active is not None else None


def _queued(row: SchoolLetterRow, school_name: str, *, new_pin: bool) -> QueuedLetter:
    return QueuedLetter(
        row.id, row.link_id, row.school_code, school_name, row.pin_expires_at, new_pin
    )


@service
def letters_to_print(
    ctx: AppContext, session: StaffSession, *, school_code: str | None = None
) -> list[SchoolLetterRow]:
    """The letters of district verifications waiting at the caller's schools (or one of
    them), oldest first. Shows no PIN; ``pin_status`` says whether each can still print."""
    with ctx.uow(readonly=True) as uow:
        schools = schools_with(uow, session, Permission.MANAGE_PIN)
        if school_code is not None:
            schools = [s for s in schools if s.code == school_code.strip()]
            if not schools:
                raise NotFound("letters.school_not_found", code=school_code)
        rows = uow.school_letters.open_rows([s.id for s in schools])
        now = uow.now()
    return [
        r
        if r.pin_status != PinStatus.ACTIVE or not is_expired(r.pin_expires_at, now)
        else _with_status(r, PinStatus.EXPIRED)
        for r in rows
    ]


def _with_status(row: SchoolLetterRow, status: str) -> SchoolLetterRow:
    return dataclasses.replace(row, pin_status=status)


def _still_open(queued: SchoolLetterRow) -> None:
    """A closed letter (printed, replaced, its PIN ended) is not printed."""
    if queued.closed_at is not None:
        raise PinUnavailable("letters.queued_closed", outcome=(f"letters.queued.{queued.outcome}",))


def _close_ended(
    ctx: AppContext,
    session: StaffSession,
    uow: UnitOfWork,
    queued: SchoolLetterRow,
    school: SchoolRecord,
    now: datetime,
    row: PinRow | None,
) -> None:
    """Close a queued letter whose PIN ended (revoked, redeemed, expired), recorded as the
    failed print it is."""
    uow.school_letters.close(queued.id, at=now, outcome="pin_ended", by_id=session.staff_id)
    audit(
        uow,
        ctx,
        session,
        AuditEntry(
            "letter_print",
            Outcome.FAILED,
            "guardian_link",
            str(queued.link_id),
            school.id,
            {
                "school_letter_id": queued.id,
                "pin_id": queued.pin_id,
                "reason": "pin ended",
                "was": row.status if row else None,
            },
        ),
    )


@service
def print_queued_letter(
    ctx: AppContext,
    session: StaffSession,
    letter_id: int,
    out_path: Path | str,
    *,
    language: str = "auto",
    bilingual: bool = False,
) -> LetterRunResult:
    """Print a letter a district verifier queued for this school (the school's own staff:
    a grant for this school that allows PIN management; a recent password entry). Records
    one "print" disclosure naming the district verification and a ``letter_print`` audit
    row, and takes the letter off the list. If its PIN ended meanwhile (revoked, redeemed,
    expired) the letter is closed and nothing is printed.

    The letter is drawn outside any transaction, as the counter letter is
    (``letters.single_letter``): a first transaction checks the letter and reads its PIN;
    after the drawing a second one checks that the letter is still open and its PIN still
    active, closes the letter as printed (once: a letter printed meanwhile at another desk
    is ``Conflict``), records the print and commits, and only then does the file appear. A
    PIN that ended while the letter was drawn closes the letter as ``pin_ended`` (the
    failed row) and no file appears. A failure or crash while drawing leaves the letter
    open, to print again. Where the database records the disclosure when the PIN is read
    (personal logins: ``ppdesk_api.school_letter_pin``, with the letter's ``letter_print``
    row), the first transaction commits that record before the drawing, and the second one
    only closes the letter (``ppdesk_api.finish_school_letter``)."""
    require_recent_login(ctx, session, action="letter_print")
    keys_of(ctx)
    target = run_mod.target_path(out_path)
    port = run_mod.letters_port(ctx)
    available = sel_mod.available_languages(ctx, port)
    forced = sel_mod.requested_language(language, available)
    sweep_expired(ctx)
    with ctx.uow() as uow:
        queued = uow.school_letters.get(letter_id)
        if queued is None:
            raise NotFound("letters.queued_not_found")
        school = uow.schools.get(queued.school_id)
        assert school is not None
        require(
            uow,
            session,
            Permission.MANAGE_PIN,
            school,
            action="letter_print",
            target_type="guardian_link",
            target_id=str(queued.link_id),
        )
        if not holds_at_school(uow, session, Permission.MANAGE_PIN, school):
            raise AuditedDenial(
                "letters.queued_school_only",
                AuditEntry(
                    "letter_print",
                    Outcome.DENIED,
                    "guardian_link",
                    str(queued.link_id),
                    school.id,
                    {"school_letter_id": queued.id, "reason": "not the school's staff"},
                ),
            )
        _still_open(queued)
        now = uow.now()
        link, student = load_link(uow, queued.link_id)
        uow.pins.expire_due(now, link_id=link.id)
        row = uow.pins.for_school_letter(queued.id, queued.pin_id)
        if row is None or row.status != PinStatus.ACTIVE or row.ciphertext is None:
            _close_ended(ctx, session, uow, queued, school, now, row)
            uow.commit()
            raise PinUnavailable("letters.queued_pin_ended")
        letter, code = counter_letter(ctx, uow, link, student, row, forced, available)
        details = {"school_letter_id": queued.id, "district_verification": True}
        recorded = uow.pins.disclosure_recorded(row.id, "print")
        if recorded:  # the database recorded it with the read: its row, committed now
            record_print(
                ctx, session, uow, link, school, row, now, queued.verification_id, code,
                bilingual, target, details,
            )  # fmt: skip
        uow.commit()
    with run_mod.staged_pdf(ctx, target) as staged:
        result = render_one(ctx, port, staged, letter, school, bilingual)
        with run_mod.publishing(staged, target), ctx.uow() as uow:
            now = uow.now()
            current = uow.school_letters.get(queued.id)
            if current is None:
                raise NotFound("letters.queued_not_found")
            if current.closed_at is not None and current.outcome == "printed":
                raise Conflict("letters.queued_printed_elsewhere")  # while this one was drawn
            _still_open(current)
            pin = uow.pins.get(row.id)
            if pin is None or pin.status != PinStatus.ACTIVE or is_expired(pin.expires_at, now):
                # Revoked, redeemed or expired while the letter was drawn: no file.
                uow.pins.expire_due(now, link_id=link.id)
                _close_ended(ctx, session, uow, current, school, now, uow.pins.get(row.id))
                uow.commit()
                raise PinUnavailable("letters.queued_pin_ended")
            if not uow.school_letters.close(
                queued.id, at=now, outcome="printed", by_id=session.staff_id
            ):
                raise Conflict("letters.queued_printed_elsewhere")
            if not recorded:
                record_print(
                    ctx, session, uow, link, school, row, now, queued.verification_id, code,
                    bilingual, target, details,
                )  # fmt: skip
            uow.commit()
    return LetterRunResult(
        path=str(target),
        letters=1,
        pages=result.pages,
        sign_out_pages=0,
        new_pins=0,
        reused_pins=1,
        homerooms=0,
        languages={code: 1},
    )
