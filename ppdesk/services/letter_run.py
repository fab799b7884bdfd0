"""The moving parts of a letter run: the output file, the PIN of each letter, the records.

A bulk run has four steps (``services.letters.bulk_letters``): *select* the letters
(``letter_selection.select_letters``), *issue* each homeroom's held PINs (``HeldPins``,
database only), *render* that homeroom (the renderer's ``LetterWriter``, file only: it is
handed letters, never a unit of work) and, once the file is drawn, *record* it
(``record_bulk``): disclosures and audit rows, then commit, then the file is published.

A PDF appears at the path asked for only once the database has recorded what it holds:
the renderer writes a private (0600) staging file beside the target, the transaction
commits, and only then is the file renamed over the target (``publishing``).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import Conflict, ValidationError
from ppdesk.domain.letters import LetterData, RenderResult, printable
from ppdesk.domain.pin import PinStatus
from ppdesk.services import letter_selection as sel_mod
from ppdesk.services.access import audit
from ppdesk.services.context import AppContext, StaffSession, wired
from ppdesk.services.exports import school_zone
from ppdesk.services.pins import create_pin, decrypt
from ppdesk.services.ports import LettersPort, SchoolRecord, UnitOfWork
from ppdesk.services.records import PinRow


def letters_port(ctx: AppContext) -> LettersPort:
    """The renderer (``ppdesk.adapters.letters``), as bootstrap wired it."""
    return wired(ctx.files, "The letter renderer").letters


def target_path(out_path: Path | str) -> Path:
    """The PDF to write: a ``.pdf`` name in a folder that exists."""
    target = Path(out_path).expanduser()
    if target.suffix.lower() != ".pdf":
        raise ValidationError("letters.out_not_pdf", field="out_path")
    if target.is_dir():
        raise ValidationError("letters.out_is_folder", path=str(target), field="out_path")
    if not target.parent.is_dir():
        raise ValidationError(
            "letters.out_folder_missing", folder=str(target.parent), field="out_path"
        )
    return target


@contextlib.contextmanager
def staged_pdf(ctx: AppContext, target: Path) -> Iterator[Path]:
    """A hidden name beside the target (same folder, so the final rename is atomic) for
    the letters while they wait for their audit row.

    Registered as a staging file for the block (removed at the next start if ppdesk dies
    meanwhile); whatever is still there when the block ends (not published) is removed.
    """
    staged = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.pending.pdf")
    files = wired(ctx.files, "The staging registry")
    files.register_staging(staged)
    try:
        yield staged
    finally:
        try:
            discard(staged)
        finally:
            files.unregister_staging(staged)


def discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def today(ctx: AppContext) -> date:
    """The letter's date: today in the school's time zone (``exports.school_zone``)."""
    return ctx.clock().astimezone(school_zone(ctx)).date()


@contextlib.contextmanager
def publishing(staged: Path, target: Path) -> Iterator[None]:
    """Run the block (record and commit), then move the staged PDF over the target.

    If the block fails, the staged PDF is deleted and nothing appears at the target.
    """
    try:
        yield
        os.replace(staged, target)
    except BaseException:
        discard(staged)
        raise


def homeroom_batches(chosen: Sequence[sel_mod.Candidate]) -> Iterator[list[sel_mod.Candidate]]:
    """The chosen letters (sorted by ``select_letters``) one homeroom at a time, grouped
    as the renderer groups its sign-out sheets (consecutive letters, same printed homeroom)."""
    for _room, batch in itertools.groupby(chosen, key=lambda c: printable(c.student.homeroom)):
        yield list(batch)


class HeldPins:
    """The *issue* step of a bulk run: the held PIN of each letter, written in the run's
    unit of work.

    ``issue(batch)`` is called for one homeroom just before that homeroom is drawn, and
    returns its letters ready to render: a new held PIN (with a letter number), or the one
    of an earlier letter not handed over yet, decrypted. Nothing is committed here: the
    run commits once the whole file is drawn and recorded, and rolls back if drawing fails
    or is cancelled, so no PIN of the run is left. Plaintext PINs exist for one homeroom at
    a time and are never logged. A guardian whose PIN was made live at the counter before
    the run reached them gets no letter (counted in ``skipped_live``).
    """

    def __init__(
        self,
        ctx: AppContext,
        uow: UnitOfWork,
        session: StaffSession,
        now: datetime,
        run: str,
        *,
        expiry_days: int,
        letter_date: date,
    ) -> None:
        self.ctx, self.uow, self.session, self.now, self.run = ctx, uow, session, now, run
        self.expiry_days = expiry_days  # the school's PIN lifetime
        self.letter_date = letter_date
        self.pin_ids: list[int] = []
        self.new = 0
        self.reused = 0  # held letters printed again (same PIN, same letter number)
        self.skipped_live = 0  # PINs made live at the counter while the run printed
        self.languages: Counter[str] = Counter()

    def issue(self, batch: Sequence[sel_mod.Candidate]) -> list[LetterData]:
        """The letters of ``batch`` with their held PINs (see the class)."""
        letters = []
        for c in batch:
            found = self._pin_for(c)
            if found is None:
                continue
            display, pin_id, expires, number = found
            self.pin_ids.append(pin_id)
            self.languages[c.language] += 1
            letters.append(
                sel_mod.letter_for(
                    c,
                    display,
                    expires,
                    self.letter_date,
                    school_zone(self.ctx),
                    letter_number=number,
                )
            )
        return letters

    def _pin_for(self, c: sel_mod.Candidate) -> tuple[str, int, datetime, str | None] | None:
        """The held PIN of the letter: the one printed before, or a new one. ``None`` when
        the guardian's PIN became live at the counter meanwhile (no letter then)."""
        if c.held_pin is not None:
            return self._reprint(c.held_pin)
        try:
            made = create_pin(
                self.ctx,
                self.uow,
                c.link,
                staff_id=self.session.staff_id,
                now=self.now,
                request_id=str(uuid.uuid4()),
                verification_id=None,
                expiry_days=self.expiry_days,
                bulk_run=self.run,
                held=True,
            )
        except Conflict:
            # Another workstation issued this guardian's PIN a moment ago: a live one is
            # never reprinted in bulk; a held one (another run) is printed again.
            outstanding, _ = self.uow.pins.letter_pin_state([c.link.id], lock=True)
            row = outstanding.get(c.link.id)
            if row is None:
                raise
            if row.status != PinStatus.HELD:
                self.skipped_live += 1
                return None
            return self._reprint(row)
        self.new += 1
        return made.pin.display, made.pin_id, made.expires_at, made.letter_number

    def _reprint(self, row: PinRow) -> tuple[str, int, datetime, str | None]:
        self.reused += 1
        return decrypt(self.ctx, row).display, row.id, row.expires_at, row.letter_number


def record_bulk(
    ctx: AppContext,
    uow: UnitOfWork,
    session: StaffSession,
    school: SchoolRecord,
    sel: sel_mod.Selection,
    source: HeldPins,
    details: Mapping[str, Any],
    result: RenderResult,
    now: datetime,
    *,
    homeroom_count: int,
) -> None:
    """One "print" disclosure per letter, ``pin_bulk_issue`` (if PINs were issued) and
    ``letters_bulk``, in the run's transaction. Counts and ids only, never a PIN."""
    run = str(details["run_id"])
    uow.pins.add_disclosures(
        source.pin_ids, staff_id=session.staff_id, channel="print", at=now, batch=run
    )
    if source.new:
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "pin_bulk_issue",
                Outcome.SUCCESS,
                "school",
                school.code,
                school.id,
                {
                    "run_id": run,
                    "new_pin_count": source.new,
                    "state": PinStatus.HELD.value,
                    "channel": "print",
                },
            ),
        )
    audit(
        uow,
        ctx,
        session,
        AuditEntry(
            "letters_bulk",
            Outcome.SUCCESS,
            "school",
            school.code,
            school.id,
            {
                **details,
                "letter_count": result.letters,
                "page_count": result.pages,
                "homeroom_count": homeroom_count,
                "new_pin_count": source.new,
                "reused_pin_count": source.reused,
                "held_pin_count": source.new + source.reused,
                "skipped_live_count": sel.skipped_live + source.skipped_live,
                "skipped_not_verified_count": sel.skipped_not_verified,
                "skipped_registered_count": sel.skipped_registered,
                "skipped_already_linked_count": sel.skipped_already_linked,
                "skipped_locked_count": sel.skipped_locked,
                "languages": dict(sorted(source.languages.items())),
            },
        ),
    )


def audit_cancelled(
    ctx: AppContext, session: StaffSession, school: SchoolRecord, details: Mapping[str, Any]
) -> None:
    """The one trace of a cancelled run, in its own transaction (the run's rolled back)."""
    with ctx.uow() as uow:
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "letters_bulk",
                Outcome.FAILED,
                "school",
                school.code,
                school.id,
                {**details, "reason": "cancelled", "letter_count": 0},
            ),
        )
        uow.commit()
