"""Value rules and records of the SIS snapshot (ppdesk.domain.sis)."""

from __future__ import annotations

from datetime import date

import pytest

from ppdesk.domain import sis
from ppdesk.domain.errors import ValidationError

TODAY = date(2025, 1, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-03-04", date(2015, 3, 4)),
        (" 2016-02-29 ", date(2016, 2, 29)),
        ("2000-02-29", date(2000, 2, 29)),
        ("1900-01-01", date(1900, 1, 1)),
    ],
)
def test_iso_birth_dates_are_read(text: str, expected: date) -> None:
    assert sis.parse_birth_date(text, field="birthDate", today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("03/04/2015", "YYYY-MM-DD"),
        ("3/4/15", "ambiguous"),
        ("04.03.2015", "ambiguous"),
        ("2015/03/04", "ambiguous"),
        ("07/23/2019", "write it as 2019-07-23"),  # not ambiguous (issue 16), still refused
        ("23.07.2019", "write it as 2019-07-23"),
        ("March 4, 2015", "not a date"),
        ("2015-03-04T00:00:00Z", "not a date"),
        ("42068", "not a date"),
        ("2015-02-29", "not a leap year"),
        ("1900-02-29", "not a leap year"),
        ("2015-13-01", "not a real date"),
        ("2026-01-01", "future"),
        ("1899-12-31", "before 1900"),
        ("", "required"),
    ],
)
def test_other_birth_dates_are_refused_never_guessed(text: str, needle: str) -> None:
    with pytest.raises(ValidationError) as caught:
        sis.parse_birth_date(text, field="birthDate", today=TODAY)
    assert needle in str(caught.value)
    assert caught.value.field == "birthDate"


def test_the_ambiguous_date_message_says_which_form_to_use() -> None:
    with pytest.raises(ValidationError, match=r"use YYYY-MM-DD, for example 2015-03-04"):
        sis.parse_iso_date("03/04/2015", field="DOB")


def test_birth_date_doubt_flags_placeholder_ages() -> None:
    assert sis.birth_date_doubt(date(1900, 1, 1), today=TODAY) is not None
    assert sis.birth_date_doubt(date(2024, 6, 1), today=TODAY) is not None
    assert sis.birth_date_doubt(date(2015, 3, 4), today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("TK", "TK"),
        ("tk", "TK"),
        ("K", "K"),
        ("KG", "K"),
        ("kg", "K"),
        ("03", "3"),
        ("3", "3"),
        ("12", "12"),
        (" 01 ", "1"),
    ],
)
def test_grades_map_to_canonical(text: str, grade: str) -> None:
    assert sis.canonical_grade(text, field="grades") == grade


@pytest.mark.parametrize("text", ["13", "0", "00", "PK", "UG", "Other", "3rd", "", "123"])
def test_other_grades_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        sis.canonical_grade(text, field="grades")


def test_pre_k_codes_are_recognised() -> None:
    assert all(sis.is_pre_k_grade(g) for g in ("PK", "pk", " PR", "IT", "PS"))
    assert not sis.is_pre_k_grade("TK")


def test_ids_keep_leading_zeros_and_refuse_spaces_and_controls() -> None:
    assert sis.clean_id(" 000123 ", field="identifier") == "000123"
    with pytest.raises(ValidationError, match="spaces"):
        sis.clean_id("001 23", field="identifier")
    with pytest.raises(ValidationError, match="NUL"):
        sis.clean_id("00\x0012", field="identifier")
    with pytest.raises(ValidationError, match="control"):
        sis.clean_id("00\x1b12", field="identifier")
    with pytest.raises(ValidationError, match="longer than the limit"):
        sis.clean_id("9" * 41, field="identifier")
    assert sis.clean_id("", field="x", required=False) is None


def test_names_use_the_shared_text_rules() -> None:
    assert sis.clean_name("Jose\u0301", field="givenName") == "José"  # NFC
    with pytest.raises(ValidationError, match="single line"):
        sis.clean_name("Ana\nINFO admin granted", field="givenName")
    with pytest.raises(ValidationError, match="300 characters"):
        sis.clean_name("x" * 300, field="givenName")
    with pytest.raises(ValidationError, match="required"):
        sis.clean_name("  ", field="givenName", required=True)


def test_address_keeps_line_breaks_as_lf() -> None:
    text = sis.clean_address("12 Elm St\r\n\r\n Los Angeles, CA ", field="address")
    assert text == "12 Elm St\nLos Angeles, CA"


def test_optional_values_raise_the_soft_error() -> None:
    with pytest.raises(sis.OptionalValueError):
        sis.clean_email("maria.example.net", field="email")
    with pytest.raises(sis.OptionalValueError):
        sis.clean_phone("n/a", field="phone")
    with pytest.raises(sis.OptionalValueError):
        sis.clean_url("javascript:alert(1)", field="portalUrl")
    assert sis.clean_email("maria@example.net", field="email") == "maria@example.net"
    assert sis.clean_phone("(213) 555-0100 x12", field="phone") == "(213) 555-0100 x12"
    assert sis.clean_url("https://pp.example.org/x", field="u") == "https://pp.example.org/x"
    # A control character is not "optional": it stays a hard error.
    with pytest.raises(ValidationError) as caught:
        sis.clean_email("a@b.c\x07", field="email")
    assert not isinstance(caught.value, sis.OptionalValueError)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Yes", True),
        ("y", True),
        ("TRUE", True),
        ("1", True),
        ("x", True),
        ("No", False),
        ("n", False),
        ("false", False),
        ("0", False),
        ("", False),
        (None, False),
    ],
)
def test_flags(text: str | None, value: bool) -> None:
    assert sis.parse_flag(text, field="verified") is value


def test_unknown_flag_is_an_error() -> None:
    with pytest.raises(ValidationError, match="not Yes or No"):
        sis.parse_flag("maybe", field="verified")


def test_staff_roles() -> None:
    assert sis.staff_role("Office staff", field="Role") == "office_staff"
    assert sis.staff_role("Assistant Principal", field="Role") == "assistant_principal"
    assert sis.staff_role("", field="Role") is None
    with pytest.raises(ValidationError):
        sis.staff_role("Parent access admin", field="Role")  # granted in ppdesk, never imported


def test_fast_path_matches_clean_text_exactly() -> None:
    from ppdesk.domain.text import clean_text

    for value in ["Ana", "  Ana  ", "", "   ", "x" * 100, "x" * 101, "Zoë", "a\tb", "王小明"]:
        try:
            expected: object = clean_text(value, field="f", max_len=100)
        except ValidationError as exc:
            expected = str(exc)
        try:
            got: object = sis._text(value, field="f", max_len=100)
        except ValidationError as exc:
            got = str(exc)
        assert got == expected, value


def test_problem_text_and_snapshot_partitions() -> None:
    error = sis.Problem("users.csv", 12, "birthDate", "error", "is in the future.")
    warning = sis.Problem("orgs.csv", None, None, "warning", "something")
    assert str(error) == "users.csv, line 12, column birthDate: error: is in the future."
    assert str(warning) == "orgs.csv: warning: something"
    snap = sis.SisSnapshot((), (), (), (), (), (), (error, warning), "oneroster-1.1", True)
    assert snap.errors == (error,)
    assert snap.warnings == (warning,)
    assert not snap.ok
    assert sis.SisSnapshot((), (), (), (), (), (), (warning,), "x", True).ok


def test_student_pin_is_not_in_repr() -> None:
    student = sis.SisStudent(
        "000123", "1234", "Ana", "Lopez", date(2015, 3, 4), "3", student_pin="SECRET42"
    )
    assert "SECRET42" not in repr(student)
    assert student.student_pin == "SECRET42"


def test_records_are_frozen() -> None:
    link = sis.SisLink("000123", "p-1", "Mother", True)
    with pytest.raises(AttributeError):
        link.verified_legal_guardian = False  # type: ignore[misc]


@pytest.mark.parametrize(
    "value",
    ["12 Elm St\nLA", " 12 Elm St\r\n\r\nLA ", "12\tElm St\nLA", "12 Elm\x00 St", "x" * 300,
     "x" * 301, " " + "x" * 300, "Calle Niño 5\nLA", "\n\n", "", "12 Elm St\x1b"],
)  # fmt: skip
def test_address_fast_path_matches_the_general_rule(value: str) -> None:
    from ppdesk.domain.text import clean_text

    def reference(text: str) -> str | None:
        cleaned = clean_text(text, field="a", max_len=300, multiline=True)
        if cleaned is None:
            return None
        lines = [p.strip() for p in cleaned.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return "\n".join(p for p in lines if p) or None

    def outcome(rule) -> object:  # type: ignore[no-untyped-def]
        try:
            return rule(value)
        except ValidationError as exc:
            return str(exc)

    assert outcome(lambda v: sis.clean_address(v, field="a")) == outcome(reference)


def test_gc_paused_pauses_the_collector_and_restores_its_state() -> None:
    import gc

    was = gc.isenabled()
    try:
        gc.enable()
        with pytest.raises(RuntimeError), sis.gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("a reader failed")
        assert gc.isenabled()  # back on, even after an error
        gc.disable()
        with sis.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # was off before: stays off
    finally:
        (gc.enable if was else gc.disable)()
