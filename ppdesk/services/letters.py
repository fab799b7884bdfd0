"""Parent Portal PIN letters: one at the counter, or a class, a grade or a whole school.

``single_letter`` follows the disclosure rules of the PIN services: a passed, recent
verification by the same staff member, a recent password entry, and an active PIN.
``bulk_letters`` is the principal's and assistant principal's run (reference guide section
XII, "Parent Portal Sample PIN Letter"): it issues *held* PINs (they do not link
until the letter is handed over at the counter after a passed checklist, see
``ppdesk.services.handover``), prints each letter (one page, two if bilingual) with its letter number and
barcode plus a sign-out sheet per homeroom, and records one "print" disclosure per letter.
A live PIN is never printed in bulk. ``plan_bulk`` says beforehand how many letters and new PINs a run means.

The renderer is reached through the file port ``ctx.files.letters``; this module
never imports it. A PDF appears at the path asked for only once the database has recorded
what it contains (see ``letter_run.publishing``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import PinUnavailable, ValidationError
from ppdesk.domain.letters import LetterData, RenderResult, full_name
from ppdesk.domain.pin import PinStatus, is_expired
from ppdesk.domain.roles import Permission
from ppdesk.domain.settings import pin_expiry_days
from ppdesk.services import letter_run as run_mod
from ppdesk.services import letter_selection as sel_mod
from ppdesk.services.access import audit, require, require_recent_login, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import school_zone
from ppdesk.services.pins import decrypt, keys_of, load_link, passed_verification, sweep_expired
from ppdesk.services.ports import LettersPort, SchoolRecord, UnitOfWork
from ppdesk.services.records import LinkRow, PinRow, StudentRow

Progress = Callable[[int, int | None], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class LetterRunResult:
    """What a letter run printed. ``path`` is ``None`` when the run was cancelled."""

    path: str | None
    letters: int
    pages: int
    sign_out_pages: int
    new_pins: int
    reused_pins: int
    homerooms: int
    languages: Mapping[str, int]
    cancelled: bool = False
    run_id: str | None = None


@dataclass(frozen=True)
class BulkPlan:
    """What a bulk run would print, for the confirmation ("312 letters, 240 new PINs").

    ``skipped_*`` count the guardians of the selection who would get no letter: not
    recorded as verified parent and legal guardian (section III), already registered in
    the portal (with ``unregistered_only``), already linked to this student in the portal
    (their PIN was redeemed), locked after failed verifications, or holding a live PIN
    (``skipped_live``: a bulk letter never carries a live PIN). ``unprintable_names``
    names each letter whose guardian or student name has characters no shipped font prints
    (an emoji, a rare script): the letter prints the name without them, or the Student ID
    if nothing readable is left.
    """

    school_code: str
    school_name: str
    grade: str | None
    homeroom: str | None
    letters: int
    new_pins_needed: int
    existing_pins: int
    homerooms: int
    languages: Mapping[str, int] = field(default_factory=dict)
    skipped_not_verified: int = 0
    skipped_registered: int = 0
    skipped_already_linked: int = 0
    skipped_locked: int = 0
    unprintable_names: tuple[str, ...] = ()
    skipped_live: int = 0


# -- one letter at the counter --------------------------------------------------------------


_PAST_PIN = frozenset({PinStatus.REDEEMED, PinStatus.REVOKED, PinStatus.EXPIRED})


def _no_active_pin(latest: PinRow | None) -> PinUnavailable:
    """Why there is no PIN to print, naming what became of the last one (if any)."""
    if latest is not None and latest.status in _PAST_PIN:
        return PinUnavailable(
            "letters.no_active_pin_why", why=(f"letters.past_pin.{latest.status}",)
        )
    return PinUnavailable("letters.no_active_pin")


def counter_letter(
    ctx: AppContext,
    uow: UnitOfWork,
    link: LinkRow,
    student: StudentRow,
    pin: PinRow,
    forced: str | None,
    available: Sequence[str],
) -> tuple[LetterData, str]:
    """The letter of one guardian with the PIN ``pin`` (decrypted here), and its language."""
    guardian = uow.people.guardian(link.guardian_id)
    assert guardian is not None
    code = sel_mod.guardian_language(forced, guardian, available)
    candidate = sel_mod.Candidate(link, guardian, student, pin, code)
    letter = sel_mod.letter_for(
        candidate, decrypt(ctx, pin).display, pin.expires_at, run_mod.today(ctx), school_zone(ctx)
    )
    return letter, code


def render_one(
    ctx: AppContext,
    port: LettersPort,
    staged: Path,
    letter: LetterData,
    school: SchoolRecord,
    bilingual: bool,
) -> RenderResult:
    return port.render_letters(
        staged,
        [letter],
        school=sel_mod.letterhead(school, ctx.settings),
        options=sel_mod.letter_options(ctx.settings, bilingual=bilingual, sign_out_sheets=False),
    )


def record_print(
    ctx: AppContext,
    session: StaffSession,
    uow: UnitOfWork,
    link: LinkRow,
    school: SchoolRecord,
    pin: PinRow,
    now: datetime,
    verification_id: int | None,
    code: str,
    bilingual: bool,
    target: Path,
    details: Mapping[str, Any] | None = None,
) -> None:
    """One "print" disclosure of ``pin`` and its ``letter_print`` audit row, in ``uow``."""
    uow.pins.add_disclosure(
        pin_id=pin.id,
        staff_id=session.staff_id,
        channel="print",
        at=now,
        verification_id=verification_id,
    )
    audit(
        uow,
        ctx,
        session,
        AuditEntry(
            "letter_print",
            Outcome.SUCCESS,
            "guardian_link",
            str(link.id),
            school.id,
            {
                "pin_id": pin.id,
                **(details or {}),
                "verification_id": verification_id,
                "channel": "print",
                "language": code,
                "bilingual": bilingual,
                "file_name": target.name,
            },
        ),
    )


@service
def single_letter(
    ctx: AppContext,
    session: StaffSession,
    link_id: int,
    out_path: Path | str,
    *,
    language: str = "auto",
    bilingual: bool = False,
) -> LetterRunResult:
    """Print the PIN letter of one guardian (one page, two if bilingual) after a verification at
    the counter.

    Needs the MANAGE_PIN role, a recent password entry, a passed verification of this
    guardian by this staff member within ``VERIFICATION_VALID_FOR`` and an active PIN (issue
    one first). Language: the guardian's preferred language if a template exists, else English
    (or ``language``); ``bilingual`` adds English beside the home language. Records one
    "print" disclosure and a ``letter_print`` audit row.

    The letter is drawn outside any transaction (50-300 ms, seconds for the first letter of
    a process), so no connection, row lock or audit chain head is held while it is drawn: a
    first transaction checks and reads the PIN; a second one, after the drawing, checks
    that this PIN is still active, records the print and commits, and only then does the
    file appear. Where the database records the disclosure when the PIN is read (personal
    logins: ``ppdesk_api.print_letter_pin``, which appends the school's audit row), the
    first transaction commits that record before the drawing and there is no second one.
    """
    require_recent_login(ctx, session, action="letter_print")
    keys_of(ctx)
    target = run_mod.target_path(out_path)
    port = run_mod.letters_port(ctx)
    available = sel_mod.available_languages(ctx, port)
    forced = sel_mod.requested_language(language, available)
    sweep_expired(ctx)
    with ctx.uow() as uow:
        link, student = load_link(uow, link_id)
        school = uow.schools.get(student.school_id)
        require(
            uow,
            session,
            Permission.MANAGE_PIN,
            school,
            action="letter_print",
            target_type="guardian_link",
            target_id=str(link.id),
        )
        assert school is not None
        now = uow.now()
        v = passed_verification(uow, session, link, now, "print", "letter_print", school.id)
        uow.pins.expire_due(now)
        row = uow.pins.active_for_disclosure(link.id, channel="print", action="letter_print")
        if row is None:
            raise _no_active_pin(uow.pins.latest_for_link(link.id))
        letter, code = counter_letter(ctx, uow, link, student, row, forced, available)
        recorded = uow.pins.disclosure_recorded(row.id, "print")
        if recorded:
            record_print(ctx, session, uow, link, school, row, now, v.id, code, bilingual, target)
        uow.commit()
    with run_mod.staged_pdf(ctx, target) as staged:
        result = render_one(ctx, port, staged, letter, school, bilingual)
        with run_mod.publishing(staged, target):
            if not recorded:
                with ctx.uow() as uow:
                    current = uow.pins.get(row.id)
                    if (
                        current is None
                        or current.status != PinStatus.ACTIVE
                        or is_expired(current.expires_at, uow.now())
                    ):
                        # Revoked, reissued, redeemed or expired while the letter was drawn.
                        raise _no_active_pin(uow.pins.latest_for_link(link.id))
                    record_print(
                        ctx, session, uow, link, school, row, now, v.id, code, bilingual, target
                    )
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


# -- bulk --------------------------------------------------------------------------------


@service
def plan_bulk(
    ctx: AppContext,
    session: StaffSession,
    *,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
    unregistered_only: bool = False,
    language: str = "auto",
) -> BulkPlan:
    """How many letters and new PINs a bulk run with these choices would print (read-only).

    ``school_code`` may be left out when the staff member prints for one school only.
    ``grade`` accepts "4", "4th", "K", "TK"; ``homeroom`` the room's name, or a unique
    beginning or part of it ("Rm 12").
    """
    port = run_mod.letters_port(ctx)
    available = sel_mod.available_languages(ctx, port)
    forced = sel_mod.requested_language(language, available)
    with ctx.uow(readonly=True) as uow:
        school = sel_mod.resolve_school(uow, session, school_code)
        _require_bulk(uow, session, school)
        now = uow.now()
        sel = sel_mod.select_letters(
            uow,
            school,
            grade=grade,
            homeroom=homeroom,
            unregistered_only=unregistered_only,
            language=forced,
            available=available,
            lock=False,
        )
    # A held PIN that expires before the run would be replaced by a new one.
    new = sum(1 for c in sel.chosen if c.held_pin is None or is_expired(c.held_pin.expires_at, now))
    return BulkPlan(
        school_code=school.code,
        school_name=school.name,
        grade=sel.grade,
        homeroom=sel.homeroom,
        letters=len(sel.chosen),
        new_pins_needed=new,
        existing_pins=len(sel.chosen) - new,
        homerooms=sel.homerooms,
        languages=sel.languages,
        skipped_not_verified=sel.skipped_not_verified,
        skipped_registered=sel.skipped_registered,
        skipped_already_linked=sel.skipped_already_linked,
        skipped_locked=sel.skipped_locked,
        unprintable_names=_unprintable_names(port, sel.chosen),
        skipped_live=sel.skipped_live,
    )


def _unprintable_names(port: LettersPort, chosen: list[sel_mod.Candidate]) -> tuple[str, ...]:
    """One warning per letter with a name the fonts cannot print in full."""
    check = port.unprintable
    found = []
    for c in chosen:
        for who, first, last in (
            ("guardian", c.guardian.first_name, c.guardian.last_name),
            ("student", c.student.first_name, c.student.last_name),
        ):
            name = full_name(first, last)
            missing = check(name)
            if missing:
                found.append(
                    f"Student ID {c.student.student_number}: the {who}'s name {name!r} has "
                    f"characters no font can print ({' '.join(missing)}); the letter leaves "
                    "them out (or shows the Student ID)."
                )
    return tuple(found)


def _require_bulk(uow: UnitOfWork, session: StaffSession, school: Any) -> None:
    require(
        uow,
        session,
        Permission.BULK_LETTERS,
        school,
        action="letters_bulk",
        target_type="school",
        target_id=school.code,
    )
    if not getattr(school, "bulk_letters_enabled", True):
        raise ValidationError("letters.bulk_off", field="school_code")


@service
def bulk_letters(
    ctx: AppContext,
    session: StaffSession,
    out_path: Path | str,
    *,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
    unregistered_only: bool = False,
    language: str = "auto",
    bilingual: bool = False,
    sign_out_sheets: bool = True,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> LetterRunResult:
    """Print PIN letters for a school, grade or homeroom (principals and assistant
    principals; a recent password entry is needed).

    Selection as in ``plan_bulk``. Letters are sorted by grade, homeroom and student name,
    each homeroom preceded by its sign-out sheet (``sign_out_sheets``). Each letter carries
    a *held* PIN: the one of an earlier letter not handed over yet, or a new one (with the
    run id and a letter number). A held PIN does not link until staff hand the letter over
    after a passed checklist; guardians whose PIN is live get no letter. One "print"
    disclosure per letter, one ``letters_bulk`` audit row for the run and, if PINs were
    issued, one ``pin_bulk_issue`` row with their count (state "held").

    The steps: *select* the letters (``letter_selection.select_letters``), then for each
    homeroom *issue* its held PINs (``letter_run.HeldPins``, in the run's unit of work)
    and *render* its pages (the renderer's ``LetterWriter``, which is handed letters and
    nothing else), then *record* the run (``letter_run.record_bulk``) and commit; the
    PDF appears at ``out_path`` only after the commit.

    ``progress(done, total)`` is called after each letter (and once with 0 first);
    ``is_cancelled()`` is checked before each. Cancelling is all or nothing, and so is a
    failure while drawing: the run's PINs are written in its one transaction, which
    commits only after the whole file is drawn and recorded; a cancelled or failed run
    rolls it back and discards the partial file. It therefore issues no PIN and records
    no disclosure (nothing was printed); a cancelled run leaves only a ``letters_bulk``
    audit row with outcome "failed" and reason "cancelled". While the run lasts, other
    workstations wait to change the PINs of the homerooms already drawn; a guardian the
    run has not reached yet may still be issued a PIN at the counter (that letter is then
    left out).
    """
    keys_of(ctx)
    target = run_mod.target_path(out_path)
    port = run_mod.letters_port(ctx)
    available = sel_mod.available_languages(ctx, port)
    forced = sel_mod.requested_language(language, available)
    sweep_expired(ctx)
    run = f"letters-{uuid.uuid4().hex[:16]}"
    selection: dict[str, Any] = {
        "grade": grade,
        "homeroom": homeroom,
        "unregistered_only": unregistered_only,
        "language": language,
        "bilingual": bilingual,
    }
    cancelled_school: Any = None
    with ctx.uow() as uow:
        school = sel_mod.resolve_school(uow, session, school_code)
        _require_bulk(uow, session, school)
        require_recent_login(ctx, session, action="letters_bulk")
        now = uow.now()
        uow.pins.expire_due(now)
        sel = sel_mod.select_letters(
            uow,
            school,
            grade=grade,
            homeroom=homeroom,
            unregistered_only=unregistered_only,
            language=forced,
            available=available,
            lock=True,
        )
        if not sel.chosen:
            raise ValidationError(
                "letters.none_selected",
                not_verified=sel.skipped_not_verified,
                registered=sel.skipped_registered + sel.skipped_already_linked,
                locked=sel.skipped_locked,
                live=sel.skipped_live,
                field="selection",
            )
        selection.update(school_code=school.code, grade=sel.grade, homeroom=sel.homeroom)
        total = len(sel.chosen)
        if progress is not None:
            progress(0, total)
        # issue + render, one homeroom at a time: the homeroom's held PINs are written in
        # this unit of work, then its pages are drawn by a writer that is handed letters only.
        source = run_mod.HeldPins(
            ctx,
            uow,
            session,
            now,
            run,
            expiry_days=pin_expiry_days(school),
            letter_date=run_mod.today(ctx),
        )
        with run_mod.staged_pdf(ctx, target) as staged:
            with port.open_letters(
                staged,
                school=sel_mod.letterhead(school, ctx.settings),
                options=sel_mod.letter_options(
                    ctx.settings, bilingual=bilingual, sign_out_sheets=sign_out_sheets
                ),
                total=total,
                progress=progress,
                is_cancelled=is_cancelled,
            ) as writer:
                for batch in run_mod.homeroom_batches(sel.chosen):
                    if writer.cancelled or not writer.add(source.issue(batch)):
                        break
            result = writer.result
            if result.cancelled:
                uow.rollback()
                cancelled_school = school
            else:
                # record: disclosures and audit rows, commit, then the file is published.
                with run_mod.publishing(staged, target):
                    run_mod.record_bulk(
                        ctx,
                        uow,
                        session,
                        school,
                        sel,
                        source,
                        {**selection, "run_id": run, "file_name": target.name},
                        result,
                        now,
                        homeroom_count=sel.homerooms if sign_out_sheets else 0,
                    )
                    uow.commit()
    if cancelled_school is not None:
        run_mod.audit_cancelled(ctx, session, cancelled_school, {**selection, "run_id": run})
        return LetterRunResult(None, 0, 0, 0, 0, 0, 0, {}, cancelled=True, run_id=run)
    return LetterRunResult(
        path=str(target),
        letters=result.letters,
        pages=result.pages,
        sign_out_pages=result.sign_out_pages,
        new_pins=source.new,
        reused_pins=source.reused,
        homerooms=sel.homerooms,
        languages=dict(sorted(source.languages.items())),
        run_id=run,
    )
