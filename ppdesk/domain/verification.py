"""The identity verification checklist (reference guide sections III and IV) as pure values.

Staff ask the five security questions and check a photo ID, in person or on a live video
call. :func:`evaluate` turns what staff recorded into a :class:`VerificationResult`. Its
reasons are plain sentences that never contain the record's values, so the screen cannot
hint the right answer to staff or to the person listening.

NIST SP 800-63A treats knowledge questions as weak evidence; the photo-ID step is what
verifies. Both must pass.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

from ppdesk.domain.addresses import parse_record_address
from ppdesk.domain.matching import (
    Question,
    address_matches,
    dob_matches,
    emergency_contact_matches,
    grade_matches,
    normalize_phone,
    parse_date,
    parse_grade,
    phone_matches,
    student_name_matches,
)
from ppdesk.domain.messages import CATALOGUE, render

__all__ = [
    "CLOCK_SKEW_TOLERANCE",
    "FAILURE_WINDOW",
    "GUARDIAN_NOT_VERIFIED_MESSAGE",
    "MAX_FAILED_VERIFICATIONS",
    "VERIFICATION_VALID_FOR",
    "ExpectedAnswers",
    "IdType",
    "PhotoIdCheck",
    "Question",
    "SecurityAnswers",
    "VerificationMode",
    "VerificationResult",
    "evaluate",
    "evaluate_photo_id",
    "is_guardian_locked",
    "match_answer",
    "missing_record_codes",
    "missing_record_data",
    "phone_disclosure_allowed",
    "record_incomplete_message",
    "remaining_attempts",
    "verification_unlocks_pin",
]

# A passed verification unlocks issuing/revealing this guardian's PIN for this long, and only
# for the staff member who ran it.
VERIFICATION_VALID_FOR = timedelta(minutes=30)
# This many failed verifications within FAILURE_WINDOW lock the guardian until a principal
# or assistant principal unlocks.
MAX_FAILED_VERIFICATIONS = 3
FAILURE_WINDOW = timedelta(hours=24)
# Times should all come from the database clock; this absorbs a small workstation skew.
CLOCK_SKEW_TOLERANCE = timedelta(minutes=2)

GUARDIAN_NOT_VERIFIED_MESSAGE = CATALOGUE["guardian.not_verified_parent"]


class VerificationMode(enum.StrEnum):
    """How the guardian was seen: at the counter, or on a live video call."""

    IN_PERSON = "in_person"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return "In person" if self is VerificationMode.IN_PERSON else "Live video call"


class IdType(enum.StrEnum):
    """Photo IDs the reference guide accepts."""

    CALIFORNIA_ID = "california_id"
    DRIVERS_LICENSE = "drivers_license"
    CONSULATE_CARD = "consulate_card"
    PASSPORT = "passport"

    @property
    def label(self) -> str:
        return _ID_LABELS[self]


_ID_LABELS = {
    IdType.CALIFORNIA_ID: "California ID",
    IdType.DRIVERS_LICENSE: "Driver's license",
    IdType.CONSULATE_CARD: "Consulate card",
    IdType.PASSPORT: "Passport",
}


@dataclass(frozen=True)
class PhotoIdCheck:
    """What staff saw on the photo ID.

    ``expires_on`` is the expiry date printed on the ID. ``None`` passes only when staff
    ticked ``no_expiry_date`` (the ID has none); otherwise it is a failure, so an empty
    field never counts as "not expired".
    """

    id_type: IdType | None
    name_matches: bool
    expires_on: date | None
    seen_on_screen: bool
    no_expiry_date: bool = False


def evaluate_photo_id(check: PhotoIdCheck, mode: VerificationMode, today: date) -> list[str]:
    """Reasons the photo-ID step fails (empty list: it passed). The ID is valid through its
    expiry date."""
    failures: list[str] = []
    if not isinstance(check.id_type, IdType):
        labels = ", ".join(t.label for t in IdType)
        failures.append(f"Choose the type of photo ID shown ({labels}).")
    if check.name_matches is not True:
        failures.append("The name on the photo ID does not match the guardian's name.")
    if check.expires_on is None:
        if not check.no_expiry_date:
            failures.append("Enter the photo ID's expiry date.")
    elif check.expires_on < today:
        failures.append("The photo ID has expired.")
    if mode is VerificationMode.VIDEO and check.seen_on_screen is not True:
        failures.append(
            "On a video call the guardian must be seen directly on the screen with the ID."
        )
    return failures


@dataclass(frozen=True, kw_only=True)
class SecurityAnswers:
    """The answers as the guardian gave them, typed by staff."""

    dob: str
    student_name: str
    grade: str
    address: str
    phone: str
    emergency_contact_name: str
    emergency_contact_phone: str


@dataclass(frozen=True, kw_only=True)
class ExpectedAnswers:
    """The student's record the answers are checked against.

    ``emergency_contacts`` holds ``(name, phone)`` pairs; ``city`` is optional and only lets
    an answer that includes the city match.
    """

    dob: date
    first_name: str
    last_name: str
    grade: str
    address_line: str
    zip_code: str | None
    phones: tuple[str, ...]
    emergency_contacts: tuple[tuple[str, str], ...]
    city: str | None = None


@dataclass(frozen=True)
class VerificationResult:
    """Outcome of one checklist run. ``reasons`` never contain the record's values."""

    mode: VerificationMode
    questions: Mapping[Question, bool]
    photo_id_failures: tuple[str, ...]
    reasons: tuple[str, ...]
    passed: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", MappingProxyType(dict(self.questions)))
        passed = (
            set(self.questions) == set(Question)
            and all(self.questions.values())
            and not self.photo_id_failures
            and not self.reasons
        )
        object.__setattr__(self, "passed", passed)

    @property
    def failed_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in Question if not self.questions.get(q, False))


def match_answer(question: Question, answers: SecurityAnswers, expected: ExpectedAnswers) -> bool:
    """True if the answer to ``question`` matches the record."""
    if question is Question.DOB:
        return dob_matches(answers.dob, expected.dob)
    if question is Question.NAME:
        return student_name_matches(answers.student_name, expected.first_name, expected.last_name)
    if question is Question.GRADE:
        return grade_matches(answers.grade, expected.grade)
    if question is Question.ADDRESS_PHONE:
        return address_matches(
            answers.address, expected.address_line, expected.zip_code, expected.city
        ) and phone_matches(answers.phone, expected.phones)
    if question is Question.EMERGENCY_CONTACT:
        return emergency_contact_matches(
            answers.emergency_contact_name,
            answers.emergency_contact_phone,
            expected.emergency_contacts,
        )
    raise ValueError(f"unknown question {question!r}")


def _blank(text: str) -> bool:
    return not isinstance(text, str) or not text.strip()


def _question_reasons(answers: SecurityAnswers, expected: ExpectedAnswers) -> list[str]:
    # Each reason is a fixed sentence: nothing from the record or the answer is echoed.
    out: list[str] = []
    if _blank(answers.dob):
        out.append("Date of birth: no answer recorded.")
    elif parse_date(answers.dob) is None:
        out.append(
            "Date of birth: not understood as a date. Type month/day/year with a "
            "four-digit year, or write the month's name."
        )
    elif not dob_matches(answers.dob, expected.dob):
        out.append("Date of birth: does not match the record.")
    if _blank(answers.student_name):
        out.append("Student's name: no answer recorded.")
    elif not match_answer(Question.NAME, answers, expected):
        out.append("Student's name: does not match the record.")
    if _blank(answers.grade):
        out.append("Grade: no answer recorded.")
    elif parse_grade(answers.grade) is None:
        out.append("Grade: not understood (for example: TK, K, first, grade five, tenth).")
    elif not grade_matches(answers.grade, expected.grade):
        out.append("Grade: does not match the record.")
    if _blank(answers.address):
        out.append("Address: no answer recorded.")
    elif not address_matches(
        answers.address, expected.address_line, expected.zip_code, expected.city
    ):
        out.append("Address: does not match the record.")
    out.extend(_phone_reasons(answers.phone, "Phone number", expected.phones))
    if _blank(answers.emergency_contact_name) or _blank(answers.emergency_contact_phone):
        out.append("Emergency contact: a name and a phone number are both needed.")
    elif normalize_phone(answers.emergency_contact_phone) is None:
        out.append("Emergency contact: the phone number is not a ten-digit US number.")
    elif not match_answer(Question.EMERGENCY_CONTACT, answers, expected):
        out.append(
            "Emergency contact: this name and phone number do not match any emergency "
            "contact on the record."
        )
    return out


def _phone_reasons(given: str, what: str, phones: Sequence[str]) -> list[str]:
    if _blank(given):
        return [f"{what}: no answer recorded."]
    if normalize_phone(given) is None:
        return [f"{what}: not a ten-digit US number."]
    if not phone_matches(given, phones):
        return [f"{what}: does not match any phone number on the record."]
    return []


def evaluate(
    answers: SecurityAnswers,
    expected: ExpectedAnswers,
    photo_id: PhotoIdCheck,
    mode: VerificationMode,
    today: date,
) -> VerificationResult:
    """Run the checklist: passed only if all five questions and the photo ID pass."""
    if not isinstance(mode, VerificationMode):
        raise ValueError("mode must be a VerificationMode")
    questions = {q: match_answer(q, answers, expected) for q in Question}
    photo_failures = tuple(evaluate_photo_id(photo_id, mode, today))
    reasons = tuple(_question_reasons(answers, expected)) + photo_failures
    if not reasons and not all(questions.values()):
        # Defensive: a mismatch must always come with a reason.
        reasons = ("One or more answers do not match the record.",)
    return VerificationResult(
        mode=mode, questions=questions, photo_id_failures=photo_failures, reasons=reasons
    )


# --- before the checklist: can every question be asked? --------------------------------


def missing_record_data(expected: ExpectedAnswers) -> tuple[str, ...]:
    """What the record lacks for a question to be answerable ("address", "phone",
    "emergency_contact"); empty when every question can be asked.

    A question that cannot be answered right would fail every honest guardian and lock
    them after three visits, so the checklist does not start until the record is fixed.
    """
    missing: list[str] = []
    if not parse_record_address(expected.address_line, expected.zip_code).street:
        missing.append("address")
    if not any(normalize_phone(p) for p in expected.phones):
        missing.append("phone")
    if not any(
        name.strip() and normalize_phone(phone) for name, phone in expected.emergency_contacts
    ):
        missing.append("emergency_contact")
    return tuple(missing)


def missing_record_codes(missing: Sequence[str]) -> tuple[str, ...]:
    """The catalogue codes of the parts of the sentence for ``missing``."""
    return tuple(f"verification.missing.{m}" for m in missing)


def record_incomplete_message(missing: Sequence[str]) -> str:
    """The desk's sentence for a record that lacks ``missing`` (see missing_record_data)."""
    return render("verification.record_incomplete", {"missing": missing_record_codes(missing)})


# --- after the checklist ------------------------------------------------------------------


def _since_unlock(
    failure_times: Iterable[datetime], now: datetime, unlocked_at: datetime | None
) -> list[datetime]:
    return sorted(t for t in failure_times if t <= now and (unlocked_at is None or t > unlocked_at))


def is_guardian_locked(
    failure_times: Iterable[datetime], now: datetime, *, unlocked_at: datetime | None = None
) -> bool:
    """True once MAX_FAILED_VERIFICATIONS failures fell within any FAILURE_WINDOW since the
    last unlock.

    The lock does not lift by itself when the window passes: only a principal's or
    assistant principal's unlock (``unlocked_at``) clears it. Failures after ``now`` are
    not counted, so the state at any past moment can be replayed.
    """
    times = _since_unlock(failure_times, now, unlocked_at)
    n = MAX_FAILED_VERIFICATIONS
    return any(times[i + n - 1] - times[i] < FAILURE_WINDOW for i in range(len(times) - n + 1))


def remaining_attempts(
    failure_times: Iterable[datetime], now: datetime, *, unlocked_at: datetime | None = None
) -> int:
    """Failed verifications still allowed before the lock (0 when locked)."""
    times = _since_unlock(failure_times, now, unlocked_at)
    if is_guardian_locked(times, now):
        return 0
    recent = sum(1 for t in times if now - t < FAILURE_WINDOW)
    return max(0, MAX_FAILED_VERIFICATIONS - recent)


def verification_unlocks_pin(
    verified_at: datetime | None,
    verified_by: object,
    staff_id: object,
    now: datetime,
) -> bool:
    """True if a PASSED verification at ``verified_at`` by ``verified_by`` lets ``staff_id``
    issue or reveal the PIN at ``now``: same staff member, at most VERIFICATION_VALID_FOR
    old. Pass only the time of a passed verification."""
    if verified_at is None or verified_by is None or staff_id is None:
        return False
    if verified_by != staff_id:
        return False
    age = now - verified_at
    return -CLOCK_SKEW_TOLERANCE <= age <= VERIFICATION_VALID_FOR


def phone_disclosure_allowed(mode: VerificationMode) -> bool:
    """A PIN may be read out by phone only after a passed verification on live video."""
    return mode is VerificationMode.VIDEO
