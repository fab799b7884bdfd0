"""Which guardians get a PIN letter, in which language and order (helpers of ``letters``).

A bulk run prints for the verified parents and legal guardians (reference guide section
III) of the active students of one school, optionally one grade and one homeroom, and
optionally only guardians with no Parent Portal account yet. A guardian who has already
added this student in the portal (a redeemed PIN) needs no letter, a guardian locked
after failed verifications gets none until a principal unlocks them, and a guardian whose
PIN is live (issued or handed over at the counter) gets none either: a bulk letter only
ever carries a held PIN, and a live PIN is never reprinted in bulk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from ppdesk.domain.errors import NotFound, ValidationError
from ppdesk.domain.letters import (
    FALLBACK,
    LetterData,
    LetterOptions,
    SchoolLetterhead,
    full_name,
    use_by_day,
)
from ppdesk.domain.letters import choose_language as _choose
from ppdesk.domain.matching import GRADE_CODES, parse_grade
from ppdesk.domain.pin import PinStatus, effective_status
from ppdesk.domain.roles import Permission
from ppdesk.domain.selection import resolve
from ppdesk.domain.settings import Settings
from ppdesk.domain.text import fold
from ppdesk.services.access import schools_with
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import LettersPort, SchoolRecord, UnitOfWork
from ppdesk.services.records import GuardianRow, LinkRow, PinRow, StudentRow

_ENGLISH_NAMES = frozenset({"en", "eng", "english"})


@dataclass(frozen=True)
class Candidate:
    """One letter to print: a link, its people, its held PIN (if a letter was printed
    before and not handed over yet) and language."""

    link: LinkRow
    guardian: GuardianRow
    student: StudentRow
    held_pin: PinRow | None
    language: str


@dataclass
class Selection:
    school: SchoolRecord
    grade: str | None
    homeroom: str | None
    chosen: list[Candidate] = field(default_factory=list)
    skipped_not_verified: int = 0
    skipped_registered: int = 0
    skipped_already_linked: int = 0
    skipped_locked: int = 0
    skipped_live: int = 0

    @property
    def new_pins_needed(self) -> int:
        return sum(1 for c in self.chosen if c.held_pin is None)

    @property
    def homerooms(self) -> int:
        return len({c.student.homeroom for c in self.chosen})

    @property
    def languages(self) -> dict[str, int]:
        return dict(sorted(Counter(c.language for c in self.chosen).items()))


# -- school, grade, homeroom ---------------------------------------------------------------


def resolve_school(uow: UnitOfWork, session: StaffSession, code: str | None) -> SchoolRecord:
    """The school asked for; without a code, the one school where the staff member may
    print letters in bulk (several: they must choose)."""
    if code:
        school = uow.schools.get_by_code(code.strip())
        if school is None:
            raise NotFound("letters.school_not_found", code=code.strip())
        return school
    mine = schools_with(uow, session, Permission.BULK_LETTERS)
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise ValidationError("letters.choose_school", field="school_code")
    codes = ", ".join(s.code for s in mine[:10])
    raise ValidationError("letters.choose_school_of", codes=codes, field="school_code")


def grade_rank(grade: str | None) -> tuple[int, str]:
    """TK, K, 1 ... 12, then anything else alphabetically."""
    code = parse_grade(grade or "")
    if code is not None:
        return GRADE_CODES.index(code), ""
    return len(GRADE_CODES), fold(grade or "")


def resolve_class(
    uow: UnitOfWork, school: SchoolRecord, grade: str | None, homeroom: str | None
) -> tuple[list[str] | None, list[str] | None]:
    """The stored grade and homeroom values a typed grade and homeroom mean (the rule of
    ``domain.selection``, shared with the roster and the reports)."""
    if not grade and not homeroom:
        return None, None
    classes = uow.roster.classes([school.id])
    grades, room = resolve(grade, homeroom, classes, f"at {school.name}")
    return grades, [room] if room else None


# -- languages -----------------------------------------------------------------------------


def available_languages(ctx: AppContext, letters_port: LettersPort) -> list[str]:
    """Template languages shipped, limited to the ones the school's settings enable."""
    shipped = list(letters_port.available_languages())
    enabled = ctx.settings.letter_languages
    codes = [c for c in shipped if c in enabled or c == FALLBACK]
    return codes if FALLBACK in codes else [*codes, FALLBACK]


def requested_language(requested: str | None, available: Sequence[str]) -> str | None:
    """``None`` for "auto" (each guardian's own language), else a template code."""
    text = (requested or "auto").strip()
    if text.casefold() == "auto":
        return None
    code = _choose(text, available)
    if code == FALLBACK and text.casefold().split("-")[0] not in _ENGLISH_NAMES:
        raise ValidationError(
            "letters.template_unknown",
            language=text,
            available=", ".join(sorted(available)),
            field="language",
        )
    return code


def guardian_language(forced: str | None, guardian: GuardianRow, available: Sequence[str]) -> str:
    return forced or _choose(guardian.preferred_language, available)


# -- selection -----------------------------------------------------------------------------


def select_letters(
    uow: UnitOfWork,
    school: SchoolRecord,
    *,
    grade: str | None,
    homeroom: str | None,
    unregistered_only: bool,
    language: str | None,
    available: Sequence[str],
    lock: bool,
) -> Selection:
    """Choose the letters of a bulk run and sort them for printing (see ``sort_letters``).

    With ``lock`` the held PINs chosen are locked until the transaction ends, so a
    revoke or hand-over elsewhere waits instead of invalidating a letter being printed.
    """
    grades, homerooms = resolve_class(uow, school, grade, homeroom)
    rows = uow.people.letter_candidates(school.id, grades=grades, homerooms=homerooms)
    sel = Selection(
        school, ", ".join(grades) if grades else None, homerooms[0] if homerooms else None
    )
    eligible: list[tuple[LinkRow, GuardianRow, StudentRow]] = []
    for link, guardian, student in rows:
        if not link.verified_legal_guardian:
            sel.skipped_not_verified += 1
        elif unregistered_only and guardian.registered_portal_email:
            sel.skipped_registered += 1
        elif guardian.verification_locked_at is not None:
            sel.skipped_locked += 1
        else:
            eligible.append((link, guardian, student))
    now = uow.now()
    outstanding, redeemed = uow.pins.letter_pin_state([k.id for k, _, _ in eligible], lock=lock)
    for link, guardian, student in eligible:
        pin = outstanding.get(link.id)
        if pin is None and link.id in redeemed:
            sel.skipped_already_linked += 1
            continue
        if pin is not None and pin.status == PinStatus.ACTIVE:
            if effective_status(pin.status, pin.expires_at, now) is PinStatus.ACTIVE:
                sel.skipped_live += 1
                continue
            pin = None  # expired, not swept yet (a plan reads only): the run issues a new one
        lang = guardian_language(language, guardian, available)
        sel.chosen.append(Candidate(link, guardian, student, pin, lang))
    sel.chosen = sort_letters(sel.chosen)
    return sel


def sort_letters(chosen: Iterable[Candidate]) -> list[Candidate]:
    """By grade, homeroom, student name, then guardian name.

    A homeroom is placed by its lowest grade, so a combination class (grades 4 and 5 in
    one room) stays together under one sign-out sheet. Students with no homeroom come last.
    """
    chosen = list(chosen)
    room_rank: dict[str | None, tuple[int, str]] = {}
    for c in chosen:
        rank = grade_rank(c.student.grade)
        room = c.student.homeroom
        room_rank[room] = min(room_rank.get(room, rank), rank)

    def key(c: Candidate) -> tuple[Any, ...]:
        s, g = c.student, c.guardian
        room = s.homeroom
        return (
            room is None,
            room_rank[room] if room is not None else (0, ""),
            fold(room or ""),
            grade_rank(s.grade),
            fold(s.last_name),
            fold(s.first_name),
            s.student_number,
            fold(g.last_name),
            fold(g.first_name),
            c.link.id,
        )

    return sorted(chosen, key=key)


# -- what goes on the page -----------------------------------------------------------------


def letterhead(school: SchoolRecord, settings: Settings) -> SchoolLetterhead:
    """The school's letterhead from its record and the workstation settings (logo)."""
    address = (school.address or "").strip()
    if "\n" in address:
        lines = tuple(line.strip() for line in address.splitlines() if line.strip())
    elif ", " in address:
        street, rest = address.split(", ", 1)
        lines = (street, rest)
    else:
        lines = (address,) if address else ()
    extra: dict[str, str] = {}
    if school.portal_url:
        extra["portal_url"] = school.portal_url
    logo = settings.logo_path
    return SchoolLetterhead(
        name=school.name,
        address_lines=lines,
        phone=school.phone or "",
        principal=school.principal_name or "",
        logo_path=Path(logo) if logo else None,
        **extra,
    )


def letter_options(settings: Settings, *, bilingual: bool, sign_out_sheets: bool) -> LetterOptions:
    return LetterOptions(
        page_size=settings.paper_size or "letter",
        bilingual=bilingual,
        sign_out_sheets=sign_out_sheets,
    )


def last_valid_day(expires_at: datetime, zone: tzinfo) -> date:
    """The last whole day the PIN can be used in the school's time ``zone``
    (``domain.letters.use_by_day``)."""
    return use_by_day(expires_at, zone)


def letter_for(
    c: Candidate,
    pin_display: str,
    expires_at: datetime,
    letter_date: date,
    zone: tzinfo,
    *,
    letter_number: str | None = None,
) -> LetterData:
    """The letter's data; ``letter_number`` makes it a bulk letter (held PIN). The use-by
    day is taken in the school's time ``zone``."""
    return LetterData(
        guardian_name=full_name(c.guardian.first_name, c.guardian.last_name),
        student_first=c.student.first_name,
        student_last=c.student.last_name,
        student_id=c.student.student_number,
        pin_display=pin_display,
        pin_expires=last_valid_day(expires_at, zone),
        language=c.language,
        letter_date=letter_date,
        homeroom=c.student.homeroom,
        grade=c.student.grade,
        letter_number=letter_number,
    )
