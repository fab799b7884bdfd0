"""The verification checklist as values: evaluation, reasons, photo ID, lock, unlock window."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from ppdesk.domain.verification import (
    FAILURE_WINDOW,
    GUARDIAN_NOT_VERIFIED_MESSAGE,
    MAX_FAILED_VERIFICATIONS,
    VERIFICATION_VALID_FOR,
    ExpectedAnswers,
    IdType,
    PhotoIdCheck,
    Question,
    SecurityAnswers,
    VerificationMode,
    VerificationResult,
    evaluate,
    evaluate_photo_id,
    is_guardian_locked,
    match_answer,
    phone_disclosure_allowed,
    remaining_attempts,
    verification_unlocks_pin,
)

TODAY = date(2026, 3, 2)

EXPECTED = ExpectedAnswers(
    dob=date(2015, 3, 4),
    first_name="Valentina",
    last_name="Quiñónez",
    grade="05",
    address_line="4417 Wildflower Lane Apt 12",
    zip_code="90031",
    phones=("(323) 555-0187", "213-555-0162"),
    emergency_contacts=(("Héctor Quiñónez", "818-555-0133"), ("Alba Ruiz", "626-555-0171")),
    city="Los Angeles",
)

GOOD = SecurityAnswers(
    dob="March 4, 2015",
    student_name="quinonez, valentina",
    grade="fifth",
    address="4417 Wildflower Ln #12, Los Angeles, CA 90031",
    phone="213 555 0162",
    emergency_contact_name="Alba Ruiz",
    emergency_contact_phone="(626) 555-0171",
)

GOOD_ID = PhotoIdCheck(IdType.CALIFORNIA_ID, True, date(2029, 1, 31), True)

# A wrong answer for each field, and the question it must fail.
WRONG = {
    "dob": ("4/3/2015", Question.DOB),
    "student_name": ("Valeria Quiñónez", Question.NAME),
    "grade": ("4th", Question.GRADE),
    "address": ("4471 Wildflower Ln #12", Question.ADDRESS_PHONE),
    "phone": ("213-555-0169", Question.ADDRESS_PHONE),
    "emergency_contact_name": ("Alba Ríos", Question.EMERGENCY_CONTACT),
    "emergency_contact_phone": ("818-555-0133", Question.EMERGENCY_CONTACT),  # Héctor's
}

# What must never appear in a reason: every value of the record, in the forms staff know.
SECRET_FORMS = [
    "Valentina", "Quiñónez", "Quinonez", "Wildflower", "4417", "90031", "323", "555", "0187",
    "0162", "Héctor", "Hector", "Alba", "Ruiz", "0133", "0171", "2015", "March", "fifth",
    "05", "Los Angeles",
]  # fmt: skip


def assert_reasons_reveal_nothing(reasons: tuple[str, ...]) -> None:
    for reason in reasons:
        assert not re.search(r"\d", reason), reason  # no dates, numbers, phones or ZIPs
        for value in SECRET_FORMS:
            assert value.lower() not in reason.lower(), (value, reason)


def run(
    answers: SecurityAnswers = GOOD,
    photo: PhotoIdCheck = GOOD_ID,
    mode: VerificationMode = VerificationMode.IN_PERSON,
) -> VerificationResult:
    return evaluate(answers, EXPECTED, photo, mode, TODAY)


# -- evaluate ------------------------------------------------------------------------------


def test_all_correct_passes_in_person_and_on_video() -> None:
    for mode in VerificationMode:
        result = run(mode=mode)
        assert result.passed
        assert result.reasons == ()
        assert result.photo_id_failures == ()
        assert dict(result.questions) == dict.fromkeys(Question, True)
        assert result.failed_questions == ()
        assert result.mode is mode


@pytest.mark.parametrize("field", list(WRONG))
def test_each_single_wrong_answer_fails_its_question_only(field: str) -> None:
    wrong, question = WRONG[field]
    result = run(dataclasses.replace(GOOD, **{field: wrong}))
    assert not result.passed
    assert result.failed_questions == (question,)
    assert len(result.reasons) == 1
    assert result.photo_id_failures == ()
    assert_reasons_reveal_nothing(result.reasons)


@pytest.mark.parametrize("field", list(WRONG))
def test_each_blank_answer_fails(field: str) -> None:
    result = run(dataclasses.replace(GOOD, **{field: "  "}))
    assert not result.passed
    assert result.failed_questions == (WRONG[field][1],)
    assert "no answer" in result.reasons[0] or "both needed" in result.reasons[0]
    assert_reasons_reveal_nothing(result.reasons)


def test_everything_wrong_gives_reasons_that_reveal_nothing() -> None:
    answers = SecurityAnswers(
        dob="31/31/2015",
        student_name="Someone Else",
        grade="purple",
        address="1 Nowhere Rd",
        phone="12",
        emergency_contact_name="Nobody",
        emergency_contact_phone="999",
    )
    photo = PhotoIdCheck(None, False, date(2020, 1, 1), False)
    result = run(answers, photo, VerificationMode.VIDEO)
    assert not result.passed
    assert set(result.failed_questions) == set(Question)
    assert len(result.photo_id_failures) == 4
    assert len(result.reasons) == 6 + 4  # address and phone are reported apart
    assert_reasons_reveal_nothing(result.reasons)
    assert any("not understood as a date" in r for r in result.reasons)
    assert any("Grade: not understood" in r for r in result.reasons)
    assert any("not a ten-digit" in r for r in result.reasons)


def test_correct_answers_with_a_failed_photo_id_do_not_pass() -> None:
    result = run(photo=dataclasses.replace(GOOD_ID, name_matches=False))
    assert not result.passed
    assert all(result.questions.values())
    assert result.reasons == result.photo_id_failures


def test_result_is_immutable() -> None:
    result = run()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.questions[Question.DOB] = False  # type: ignore[index]


def test_mode_must_be_a_mode() -> None:
    with pytest.raises(ValueError):
        evaluate(GOOD, EXPECTED, GOOD_ID, "video", TODAY)  # type: ignore[arg-type]


def test_match_answer_per_question() -> None:
    for question in Question:
        assert match_answer(question, GOOD, EXPECTED)
    both_wrong = dataclasses.replace(GOOD, address="4417 Wildflower Ln #21")
    assert not match_answer(Question.ADDRESS_PHONE, both_wrong, EXPECTED)
    phone_from_contact = dataclasses.replace(GOOD, phone="818-555-0133")
    assert not match_answer(Question.ADDRESS_PHONE, phone_from_contact, EXPECTED)
    other_home_phone = dataclasses.replace(GOOD, phone="323.555.0187")
    assert match_answer(Question.ADDRESS_PHONE, other_home_phone, EXPECTED)


# -- photo ID ------------------------------------------------------------------------------


def test_photo_id_each_failure() -> None:
    mode = VerificationMode.IN_PERSON
    assert evaluate_photo_id(GOOD_ID, mode, TODAY) == []
    cases = {
        "type": dataclasses.replace(GOOD_ID, id_type=None),
        "name": dataclasses.replace(GOOD_ID, name_matches=False),
        "expired": dataclasses.replace(GOOD_ID, expires_on=TODAY - timedelta(days=1)),
        "expiry date": dataclasses.replace(GOOD_ID, expires_on=None),
    }
    for word, check in cases.items():
        failures = evaluate_photo_id(check, mode, TODAY)
        assert len(failures) == 1 and word in failures[0].lower(), (word, failures)


def test_photo_id_valid_through_its_expiry_date() -> None:
    check = dataclasses.replace(GOOD_ID, expires_on=TODAY)
    assert evaluate_photo_id(check, VerificationMode.IN_PERSON, TODAY) == []


def test_photo_id_without_expiry_needs_the_explicit_tick() -> None:
    no_date = dataclasses.replace(GOOD_ID, expires_on=None, no_expiry_date=True)
    assert evaluate_photo_id(no_date, VerificationMode.IN_PERSON, TODAY) == []


def test_video_needs_the_guardian_seen_on_screen() -> None:
    unseen = dataclasses.replace(GOOD_ID, seen_on_screen=False)
    assert evaluate_photo_id(unseen, VerificationMode.IN_PERSON, TODAY) == []
    failures = evaluate_photo_id(unseen, VerificationMode.VIDEO, TODAY)
    assert len(failures) == 1 and "screen" in failures[0]


def test_id_types_and_labels() -> None:
    assert [t.value for t in IdType] == [
        "california_id",
        "drivers_license",
        "consulate_card",
        "passport",
    ]
    assert [t.label for t in IdType] == [
        "California ID",
        "Driver's license",
        "Consulate card",
        "Passport",
    ]
    assert VerificationMode.VIDEO.label == "Live video call"


# -- lock after failures -------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_constants() -> None:
    assert timedelta(minutes=30) == VERIFICATION_VALID_FOR
    assert MAX_FAILED_VERIFICATIONS == 3
    assert timedelta(hours=24) == FAILURE_WINDOW


def test_three_failures_within_a_day_lock() -> None:
    failures = [T0, T0 + timedelta(hours=3)]
    now = T0 + timedelta(hours=4)
    assert not is_guardian_locked(failures, now)
    assert remaining_attempts(failures, now) == 1
    failures.append(T0 + timedelta(hours=23, minutes=59))
    now = T0 + timedelta(hours=24)
    assert is_guardian_locked(failures, now)
    assert remaining_attempts(failures, now) == 0


def test_failures_spread_over_more_than_a_day_do_not_lock() -> None:
    failures = [T0, T0 + timedelta(hours=12), T0 + timedelta(hours=24)]
    now = T0 + timedelta(hours=25)
    assert not is_guardian_locked(failures, now)
    assert remaining_attempts(failures, now) == 1  # the first one has left the window


def test_lock_does_not_lift_by_itself_only_an_unlock_clears_it() -> None:
    failures = [T0, T0 + timedelta(minutes=5), T0 + timedelta(minutes=10)]
    a_week_later = T0 + timedelta(days=7)
    assert is_guardian_locked(failures, a_week_later)
    unlocked = T0 + timedelta(days=1)
    assert not is_guardian_locked(failures, a_week_later, unlocked_at=unlocked)
    assert remaining_attempts(failures, a_week_later, unlocked_at=unlocked) == 3
    later = [*failures, a_week_later, a_week_later + timedelta(minutes=1)]
    assert not is_guardian_locked(later, a_week_later + timedelta(minutes=2), unlocked_at=unlocked)
    later.append(a_week_later + timedelta(minutes=2))
    assert is_guardian_locked(later, a_week_later + timedelta(minutes=3), unlocked_at=unlocked)


def test_failures_after_now_are_not_counted() -> None:
    failures = [T0, T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)]
    assert not is_guardian_locked(failures, T0 + timedelta(minutes=1, seconds=30))
    assert is_guardian_locked(failures, T0 + timedelta(minutes=2))
    assert not is_guardian_locked([], T0)
    assert remaining_attempts([], T0) == 3


# -- after a passed verification -----------------------------------------------------------


def test_verification_unlocks_pin_for_the_same_staff_for_thirty_minutes() -> None:
    assert verification_unlocks_pin(T0, "staff-7", "staff-7", T0)
    assert verification_unlocks_pin(T0, "staff-7", "staff-7", T0 + timedelta(minutes=30))
    assert not verification_unlocks_pin(
        T0, "staff-7", "staff-7", T0 + timedelta(minutes=30, seconds=1)
    )
    assert not verification_unlocks_pin(T0, "staff-7", "staff-8", T0 + timedelta(minutes=1))
    assert not verification_unlocks_pin(None, "staff-7", "staff-7", T0)
    assert not verification_unlocks_pin(T0, None, None, T0)
    assert verification_unlocks_pin(T0, 7, 7, T0 + timedelta(minutes=1))
    # A verification dated in the future: small clock skew accepted, more is refused.
    assert verification_unlocks_pin(T0 + timedelta(minutes=1), 7, 7, T0)
    assert not verification_unlocks_pin(T0 + timedelta(hours=1), 7, 7, T0)


def test_phone_disclosure_only_after_video() -> None:
    assert phone_disclosure_allowed(VerificationMode.VIDEO)
    assert not phone_disclosure_allowed(VerificationMode.IN_PERSON)


def test_guardian_not_verified_message_follows_section_iii() -> None:
    message = GUARDIAN_NOT_VERIFIED_MESSAGE
    assert "verified parent and legal guardian" in message
    assert "MiSiS" in message
    assert "standard procedure" in message
    assert "updated" in message and "before" in message
    assert "PIN" in message


def test_point2_missing_record_data_names_each_unanswerable_question() -> None:
    from ppdesk.domain.verification import (
        ExpectedAnswers,
        missing_record_data,
        record_incomplete_message,
    )

    full = ExpectedAnswers(
        dob=date(2015, 3, 4),
        first_name="José",
        last_name="Núñez",
        grade="4",
        address_line="12 Elm Street, Apt 4\nLos Angeles, CA 90001",
        zip_code="90001",
        phones=("(213) 555-0142",),
        emergency_contacts=(("Ana Torres", "818-555-0199"),),
    )
    assert missing_record_data(full) == ()
    empty = dataclasses.replace(
        full, address_line="", phones=("n/a",), emergency_contacts=(("", "818"),)
    )
    assert missing_record_data(empty) == ("address", "phone", "emergency_contact")
    message = record_incomplete_message(missing_record_data(empty))
    assert message.count("cannot be asked") == 3 and "section VIII" in message
    # The sentence never carries the record's values.
    assert "Elm" not in message and "555" not in message


def test_point2_the_missing_parts_are_catalogued_for_the_translators() -> None:
    """The refusal is code ``verification.record_incomplete``; each missing part is a
    catalogued sentence of its own, so the desk translates the parts it joins (their Spanish
    is checked by tests/unit/test_error_codes.py)."""
    from ppdesk.domain.messages import CATALOGUE
    from ppdesk.domain.verification import missing_record_codes, record_incomplete_message

    for missing in ("emergency_contact", "address", "phone"):
        (code,) = missing_record_codes([missing])
        assert CATALOGUE[code] in record_incomplete_message([missing]), missing
