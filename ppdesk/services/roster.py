"""The Student/Parent PIN roster (reference guide section IX): export, screen view, reveal.

Principals and assistant principals download the roster of their campus: one row per
student-guardian link with the student's and the guardian's details, the student's own
PIN and the Parent Portal PIN while it is active. The export streams from the database
straight into the write-only xlsx writer, so memory stays flat at any size. Every export
is audited with its selection and row count and records one ``pin_disclosure`` row per
active PIN in the file; a cancelled export leaves no file and records nothing.
"""

from __future__ import annotations

import os
import uuid
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import islice
from typing import Any

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import DomainError, PinUnavailable, ValidationError
from ppdesk.domain.letters import use_by_day
from ppdesk.domain.pin import OUTSTANDING, Pin, PinStatus
from ppdesk.domain.pin import effective_status as effective_status_of
from ppdesk.domain.reports import (
    LANGUAGE_NAMES,
    NOT_ISSUED,
    PIN_MASK,
    ROSTER_SORTS,
    STATUS_WORDS,
    STUDENT_PIN_MASK,
    CancelCheck,
    ExportMeta,
    ExportSummary,
    ProgressCallback,
    RosterAnchor,
    RosterEntry,
    RosterPage,
    RosterQuery,
    RosterRow,
    RosterSource,
    RosterTerm,
    full_name,
    grade_rank,
    language_name,
)
from ppdesk.domain.roles import Permission, permission_denied_code
from ppdesk.services.access import AuditedDenial, audit, require_recent_login, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import (
    audit_target,
    clean_selection,
    describe_schools,
    drop_pending,
    files_port,
    output_path,
    pending_path,
    publish,
    resolve_selection,
    school_zone,
    scope_schools,
    selection_details,
)
from ppdesk.services.pins import aad, keys_of, sweep_expired

EXPORT_ACTION = "roster_export"
REVEAL_ACTION = "roster_pin_reveal"
VIEW_ACTION = "roster_view"
MAX_REVEAL = 5_000
UNAVAILABLE = "Unavailable"  # a PIN whose key is missing or whose ciphertext is not its own
# The states whose expiry date the roster shows (a redeemed or revoked PIN's means nothing).
DATED = OUTSTANDING | {PinStatus.EXPIRED}
BATCH = 1_000  # rows converted at a time by RosterDecryptor.rows


@dataclass(frozen=True)
class RevealedPins:
    """The PINs of one roster row, to show once. Its repr never shows them."""

    link_id: int
    parent_pin: str | None  # XXX-XXX-XXX while active, else None
    student_pin: str | None
    pin_status: str | None

    def __repr__(self) -> str:
        return f"RevealedPins(link_id={self.link_id}, pin_status={self.pin_status!r})"

    __str__ = __repr__


def homeroom_label(homeroom: str | None, teacher: str | None) -> str | None:
    """The homeroom as staff know it: its name, with the teacher's name when not in it."""
    if homeroom and teacher and teacher not in homeroom:
        return f"{homeroom} ({teacher})"
    return homeroom or teacher


def effective_status(src: RosterSource, now: datetime) -> str | None:
    """The latest PIN's ``domain.pin.effective_status``; None without a PIN."""
    if src.pin_status is None or src.pin_expires_at is None:
        return src.pin_status
    return effective_status_of(src.pin_status, src.pin_expires_at, now)


class RosterDecryptor:
    """Turns database rows into roster rows, decrypting PINs with the key ring.

    ``pin_ids`` collects the id of every Parent Portal PIN put into a row (a compact
    array: 8 bytes per PIN, so a district export stays small); ``unavailable`` counts PINs
    that could not be decrypted and are shown as "Unavailable".
    """

    def __init__(self, keys: Any, now: datetime, zone: tzinfo) -> None:
        self.keys = keys
        self.now = now
        self.zone = zone  # the school's time zone, for the use-by day
        self.pin_ids: array[int] = array("q")
        self.student_pins = 0
        self.unavailable = 0
        self._student_key: int | None = None
        self._student_pin: str | None = None
        self._languages: dict[str | None, str | None] = {}

    def rows(self, sources: Iterable[RosterSource]) -> Iterator[RosterRow]:
        """The export rows, lazily, in the order of ``sources``.

        Converted ``BATCH`` rows at a time: the database cursor, this loop and the writer
        each run over a whole batch in turn, which keeps each one's code and data hot in
        the CPU cache (measured: about a tenth less time than row by row).
        """
        it = iter(sources)
        while batch := list(islice(it, BATCH)):
            yield from self.convert(batch)

    def convert(self, batch: Sequence[RosterSource]) -> list[RosterRow]:
        """The rows of ``batch``, in its order, with the PINs decrypted.

        The per-row hot path of a 500,000-row export, hence the tuple unpacking, the
        positional ``RosterRow`` and the inlined rules (see ``homeroom_label``, ``full_name`` and ``language_name``). A student's PIN is
        decrypted once for consecutive rows of that student.
        """
        now = self.now
        languages = self._languages
        decrypt = self.keys.decrypt
        pin_ids = self.pin_ids
        out: list[RosterRow] = []
        append = out.append
        for (
            _, student_key, number, last, first, grade, room, teacher, email, s_key_id, s_blob,
            link_id, g_first, g_last, relationship, verified, pin_id, status, expires, p_key_id,
            p_blob, registered, cell, home, work, language,
        ) in batch:  # fmt: skip
            if student_key != self._student_key:
                self._student_key = student_key
                self._student_pin = None
                if s_blob is not None:
                    try:
                        self._student_pin = decrypt(
                            s_key_id, s_blob, f"ppdesk/student_pin/{student_key}".encode()
                        )
                    except PinUnavailable:
                        self.unavailable += 1
                        self._student_pin = UNAVAILABLE
            student_pin = self._student_pin
            if student_pin is not None:
                self.student_pins += 1
            parent_pin = None
            if expires is not None:
                if status is not None:
                    status = effective_status_of(status, expires, now)
                if status not in DATED:
                    expires = None
            if status == PinStatus.ACTIVE:
                if p_blob is None or pin_id is None or link_id is None:
                    self.unavailable += 1
                else:
                    try:
                        parent_pin = Pin(decrypt(p_key_id, p_blob, aad(pin_id, link_id))).display
                    except DomainError:  # PinUnavailable, or a stored value that is not a PIN
                        self.unavailable += 1
                    else:
                        pin_ids.append(pin_id)
            if room and teacher and teacher not in room:
                room = f"{room} ({teacher})"
            if language not in languages:
                languages[language] = language_name(language)
            append(
                RosterRow(
                    number,
                    last,
                    first,
                    grade,
                    room or teacher,
                    email,
                    student_pin,
                    f"{g_first} {g_last}" if g_first and g_last else (g_first or g_last or ""),
                    relationship,
                    None if link_id is None else bool(verified),
                    status,
                    parent_pin,
                    use_by_day(expires, self.zone) if expires is not None else None,
                    registered,
                    cell or home or work,
                    languages[language],
                )
            )
        return out


@service
def export_roster(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    school_code: str | None = None,
    grade: str | None = None,
    homeroom: str | None = None,
    link_ids: Sequence[int] | None = None,
    student_ids: Sequence[int] | None = None,
    view: RosterView | None = None,
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ExportSummary:
    """Export the Student/Parent PIN roster to ``out_path`` (.xlsx).

    Principal or assistant principal of the school (``school_code``; ``None``: every
    school where they may export), with a recent login. ``grade`` and ``homeroom`` (name or
    teacher) narrow the selection; ``link_ids`` (and ``student_ids``, for students with no
    guardian yet) narrow it further to those rows. ``view`` (the roster tab's filters,
    search and order: the rows the tab shows, in its order) replaces all three. ``progress(done, total)`` and ``is_cancelled()`` are polled every
    1,000 rows. The file appears only once the export is audited and its disclosures are
    recorded; a cancel returns ``cancelled=True``, leaves no file and records nothing.
    """
    selection = clean_selection(school_code, grade, homeroom)
    target = output_path(out_path, (".xlsx",))
    require_recent_login(ctx, session, action=EXPORT_ACTION)
    keys = keys_of(ctx)  # fail closed before anything is read
    writer = files_port(ctx).xlsx
    sweep_expired(ctx)
    pending = pending_path(ctx, target)
    try:
        with ctx.uow(readonly=True) as uow:
            schools = scope_schools(
                uow, session, Permission.EXPORT_ROSTER, selection.school_code, action=EXPORT_ACTION
            )
            selection = resolve_selection(uow, schools, selection)
            now = uow.now()
            ids = [s.id for s in schools]
            filtered = link_ids is not None or student_ids is not None
            decryptor = RosterDecryptor(keys, now, school_zone(ctx))
            if view is not None:
                query = roster_query(view, uow.roster.classes(ids) if view.homeroom else ())
                total = uow.roster.count_tab(ids, query, now)
                sources = uow.roster.stream_tab(ids, query, now)
            else:
                total = (
                    len(set(link_ids or ())) + len(set(student_ids or ()))
                    if filtered
                    else uow.roster.count_links(
                        ids, grade=selection.grade, homeroom=selection.homeroom
                    )
                )
                sources = uow.roster.stream(
                    ids,
                    grade=selection.grade,
                    homeroom=selection.homeroom,
                    link_ids=link_ids if filtered else None,
                    student_ids=student_ids if filtered else None,
                )
            meta = ExportMeta(
                exported_by=f"{session.display_name} ({session.username})",
                exported_at=now,
                school=describe_schools(schools),
                local_timezone=school_zone(ctx),
                grade=selection.grade,
                homeroom=selection.homeroom,
                workstation=session.workstation,
            )
            try:
                result = writer.write_roster(
                    pending,
                    decryptor.rows(sources),
                    meta,
                    total=total,
                    progress=progress,
                    is_cancelled=is_cancelled,
                )
            finally:
                sources.close()
        if result.cancelled:
            return ExportSummary(None, result.rows, result.cleaned_characters, cancelled=True)
        with ctx.uow() as uow:
            batch = f"roster-{uuid.uuid4().hex}"
            disclosed = uow.pins.add_disclosures(
                decryptor.pin_ids, staff_id=session.staff_id, channel="export", at=now, batch=batch
            )
            target_type, target_id, school_id = audit_target(schools)
            details = selection_details(schools, selection) | {
                "rows": result.rows,
                "pin_count": disclosed,
                "student_pin_count": decryptor.student_pins,
                "unavailable_count": decryptor.unavailable,
                "cleaned_characters": result.cleaned_characters,
                "link_filter": len(set(link_ids or ())) if filtered else None,
                "student_filter": len(set(student_ids or ())) if filtered else None,
                # The tab's view: its filters, and how many search words (never the words:
                # someone may type a PIN into the search box).
                "view": None
                if view is None
                else {
                    "grade": view.grade,
                    "homeroom": view.homeroom,
                    "search_words": len(view.search.split()),
                    "sort": view.sort,
                    "descending": view.descending,
                },
                "batch": batch,
                "file": target.name,
            }
            audit(
                uow,
                ctx,
                session,
                AuditEntry(
                    EXPORT_ACTION, Outcome.SUCCESS, target_type, target_id, school_id, details
                ),
            )
            uow.commit()
        publish(pending, target)
        return ExportSummary(str(target), result.rows, result.cleaned_characters, disclosed)
    finally:
        drop_pending(ctx, pending)  # gone once published; unregistered either way


def _status_text(status: str | None) -> str:
    return STATUS_WORDS.get(status, status.title()) if status else NOT_ISSUED


@service
def roster_rows(
    ctx: AppContext,
    session: StaffSession,
    *,
    school_code: str | None,
    grade: str | None = None,
    homeroom: str | None = None,
) -> list[RosterEntry]:
    """The roster for the screen, PINs masked: principal or assistant principal.

    Nothing secret is read or decrypted, so this is neither a disclosure nor audited; use
    :func:`reveal_roster_pins` to show PINs.
    """
    selection = clean_selection(school_code, grade, homeroom)
    with ctx.uow(readonly=True) as uow:
        schools = scope_schools(
            uow, session, Permission.EXPORT_ROSTER, selection.school_code, action=VIEW_ACTION
        )
        selection = resolve_selection(uow, schools, selection)
        now, zone = uow.now(), school_zone(ctx)
        return [
            _entry(src, now, zone)
            for src in uow.roster.stream(
                [s.id for s in schools], grade=selection.grade, homeroom=selection.homeroom
            )
        ]


def _entry(src: RosterSource, now: datetime, zone: tzinfo) -> RosterEntry:
    """A database row as the roster tab shows it: PINs masked, states in words."""
    status = effective_status(src, now)
    expires = src.pin_expires_at if status in DATED else None
    return RosterEntry(
        link_id=src.link_id,
        school_code=src.school_code,
        student_id=src.student_number,
        student_last_name=src.student_last_name,
        student_first_name=src.student_first_name,
        grade=src.grade,
        homeroom_teacher=homeroom_label(src.homeroom, src.homeroom_teacher),
        student_email=src.student_email,
        student_pin=STUDENT_PIN_MASK if src.student_pin_ciphertext else None,
        guardian_name=full_name(src.guardian_first_name, src.guardian_last_name),
        relationship=src.relationship,
        verified_legal_guardian=None if src.link_id is None else bool(src.verified_legal_guardian),
        pin_status=status,
        parent_pin=PIN_MASK if status == PinStatus.ACTIVE else _status_text(status),
        pin_expires=use_by_day(expires, zone) if expires else None,
        registered_portal_email=src.registered_portal_email,
        guardian_phone=src.cell_phone or src.home_phone or src.work_phone,
        preferred_language=language_name(src.preferred_language),
        student_key=src.student_key,
    )


# -- the roster tab at any scope: one page at a time, the database does the work --

PAGE = 200  # rows per page of the roster tab
MAX_PAGE = 2_000
# The words the tab shows for each PIN state and for yes / no (the GUI passes its
# translations, so a search word and the order match what is on the screen).
DEFAULT_WORDS: tuple[tuple[str, str], ...] = (
    *((str(status), word) for status, word in STATUS_WORDS.items() if status != PinStatus.ACTIVE),
    (PinStatus.ACTIVE.value, PIN_MASK),
    ("not_issued", NOT_ISSUED),
    ("yes", "yes"),
    ("no", "no"),
)


@dataclass(frozen=True)
class RosterView:
    """What the roster tab shows: grade, homeroom as the tab names it (see
    ``homeroom_label``), search words (each must match some column), the sort (one of
    ``ROSTER_SORTS``) and the words shown for PIN states and yes / no (``DEFAULT_WORDS``'
    keys; missing ones default to English)."""

    grade: str | None = None
    homeroom: str | None = None
    search: str = ""
    sort: str = "last_name"
    descending: bool = False
    words: tuple[tuple[str, str], ...] = ()


def roster_query(
    view: RosterView, classes: Iterable[tuple[str, str | None, str | None]]
) -> RosterQuery:
    """The database query for ``view``; ``classes`` are the scope's (grade, homeroom,
    teacher) triples, to find the pairs behind the homeroom the tab names."""
    if view.sort not in ROSTER_SORTS:
        raise ValidationError("roster.sort_unknown", sort=view.sort, field="sort")
    words = dict(DEFAULT_WORDS) | dict(view.words)
    states: dict[str | None, str] = {
        (None if key == "not_issued" else key): words[key] for key in (*STATUS_WORDS, "not_issued")
    }
    answers = {True: words["yes"], False: words["no"]}
    pairs = None
    if view.homeroom:
        pairs = tuple(
            sorted(
                {(h, t) for _, h, t in classes if homeroom_label(h, t) == view.homeroom},
                key=lambda p: (p[0] or "", p[1] or ""),
            )
        )
    terms = tuple(
        RosterTerm(
            text,
            frozenset(s for s, w in states.items() if text in w.casefold()),
            frozenset(a for a, w in answers.items() if text in w.casefold()),
            frozenset(c for c, name in LANGUAGE_NAMES.items() if text in name.casefold()),
        )
        for text in dict.fromkeys(view.search.casefold().split())
    )
    ranked = sorted(states.items(), key=lambda sw: sw[1].casefold())
    yes_no = sorted(answers.items(), key=lambda aw: aw[1].casefold())
    return RosterQuery(
        grade=view.grade or None,
        classes=pairs,
        terms=terms,
        sort=view.sort,
        descending=view.descending,
        status_rank=tuple((s, n) for n, (s, _) in enumerate(ranked)),
        verified_rank=tuple((a, n) for n, (a, _) in enumerate(yes_no)),
    )


@service
def roster_choices(
    ctx: AppContext, session: StaffSession, *, school_code: str | None = None
) -> tuple[list[str], list[str]]:
    """The grades and the homerooms (as the tab names them) of the roster's scope, for
    the tab's filter boxes: principal or assistant principal."""
    with ctx.uow(readonly=True) as uow:
        schools = scope_schools(
            uow, session, Permission.EXPORT_ROSTER, school_code, action=VIEW_ACTION
        )
        classes = uow.roster.classes([s.id for s in schools])
    grades = sorted({g for g, _, _ in classes}, key=grade_rank)
    rooms = sorted({label for _, h, t in classes if (label := homeroom_label(h, t))})
    return grades, rooms


@service
def roster_page(
    ctx: AppContext,
    session: StaffSession,
    view: RosterView,
    *,
    school_code: str | None = None,
    offset: int = 0,
    limit: int = PAGE,
    count: bool = True,
    anchor: RosterAnchor | None = None,
) -> RosterPage:
    """Rows ``offset`` to ``offset + limit`` of the roster tab for ``view``, PINs masked,
    filtered, searched and sorted by the database: the tab never holds the whole roster.
    ``count``: also count the rows of ``view`` and of the whole roster. ``anchor``: a
    row of the same view whose position and sort key are known (an earlier page's
    ``first_key`` or ``last_key``, or the end): the page is found from it, not by walking
    every row before ``offset``; the same rows either way.

    Principal or assistant principal; like :func:`roster_rows`, nothing secret is read, so
    it is not audited.
    """
    if not 0 < limit <= MAX_PAGE:
        raise ValidationError("roster.page_size", maximum=MAX_PAGE, field="limit")
    with ctx.uow(readonly=True) as uow:
        schools = scope_schools(
            uow, session, Permission.EXPORT_ROSTER, school_code, action=VIEW_ACTION
        )
        ids = [s.id for s in schools]
        query = roster_query(view, uow.roster.classes(ids) if view.homeroom else ())
        now = uow.now()
        zone = school_zone(ctx)
        page = uow.roster.tab_page(ids, query, now, offset=offset, limit=limit, anchor=anchor)
        rows = [_entry(src, now, zone) for src in page.rows]
        total = everything = None
        if count:
            total = uow.roster.count_tab(ids, query, now)
            everything = uow.roster.count_links(ids) if query.filtered else total
        return RosterPage(max(offset, 0), rows, total, everything, page.first_key, page.last_key)


@service
def roster_count(
    ctx: AppContext,
    session: StaffSession,
    view: RosterView,
    *,
    school_code: str | None = None,
    everything: bool = False,
) -> tuple[int, int | None]:
    """How many rows ``view`` shows, and (``everything``) how many the whole roster has:
    the tab asks for it beside the first page, so the rows show without waiting for it."""
    with ctx.uow(readonly=True) as uow:
        schools = scope_schools(
            uow, session, Permission.EXPORT_ROSTER, school_code, action=VIEW_ACTION
        )
        ids = [s.id for s in schools]
        query = roster_query(view, uow.roster.classes(ids) if view.homeroom else ())
        now = uow.now()
        total = uow.roster.count_tab(ids, query, now)
        if not everything:
            return total, None
        return total, uow.roster.count_links(ids) if query.filtered else total


@service
def reveal_roster_pins(
    ctx: AppContext, session: StaffSession, link_ids: Sequence[int]
) -> list[RevealedPins]:
    """Show the PINs of some roster rows (the roster tab's "Reveal"), with a recent login.

    Each active Parent Portal PIN shown is recorded as a disclosure on the "screen"
    channel; one audit row names the links. Every link must be on a roster the staff
    member may export, or nothing is shown.
    """
    wanted = sorted({int(i) for i in link_ids})
    if not wanted:
        return []
    if len(wanted) > MAX_REVEAL:
        raise ValidationError("roster.reveal_too_many", maximum=MAX_REVEAL, field="link_ids")
    require_recent_login(ctx, session, action=REVEAL_ACTION)
    keys = keys_of(ctx)
    sweep_expired(ctx)
    with ctx.uow() as uow:
        schools = scope_schools(uow, session, Permission.EXPORT_ROSTER, None, action=REVEAL_ACTION)
        now = uow.now()
        decryptor = RosterDecryptor(keys, now, school_zone(ctx))
        sources = list(uow.roster.stream([s.id for s in schools], link_ids=wanted))
        shown = [
            RevealedPins(src.link_id, row.parent_pin, row.student_pin, row.pin_status)
            for src, row in zip(sources, decryptor.convert(sources), strict=True)
            if src.link_id is not None
        ]
        missing = set(wanted) - {r.link_id for r in shown}
        if missing:
            raise AuditedDenial(
                permission_denied_code(Permission.EXPORT_ROSTER),
                AuditEntry(
                    REVEAL_ACTION,
                    Outcome.DENIED,
                    details={
                        "permission": Permission.EXPORT_ROSTER.value,
                        "link_ids": sorted(missing)[:50],
                    },
                ),
            )
        uow.pins.add_disclosures(
            decryptor.pin_ids, staff_id=session.staff_id, channel="screen", at=now, batch=None
        )
        single = len(wanted) == 1
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                REVEAL_ACTION,
                Outcome.SUCCESS,
                "guardian_link" if single else None,
                str(wanted[0]) if single else None,
                schools[0].id if len(schools) == 1 else None,
                {
                    "link_ids": wanted[:50],
                    "link_count": len(wanted),
                    "pin_count": len(decryptor.pin_ids),
                    "student_pin_count": decryptor.student_pins,
                    "unavailable_count": decryptor.unavailable,
                },
            ),
        )
        uow.commit()
    return shown
