"""Answer normalisation for the five security questions (all data invented)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ppdesk.domain.matching import (
    GRADE_CODES,
    Question,
    address_matches,
    dob_matches,
    emergency_contact_matches,
    full_name_matches,
    grade_matches,
    normalize_phone,
    parse_date,
    parse_grade,
    phone_matches,
    student_name_matches,
)

MARCH_4 = date(2015, 3, 4)

# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "3/4/2015",
        "03/04/2015",
        "03-04-2015",
        "3.4.2015",
        "2015-03-04",
        "2015/3/4",
        "20150304",
        "03042015",
        "March 4 2015",
        "March 4, 2015",
        "march 4th, 2015",
        "Mar 4, 2015",
        "Mar. 4, 2015",
        "MAR 4 2015",
        "4 March 2015",
        "4th of March, 2015",
        "4-Mar-2015",
        "marzo 4, 2015",
        "4 de marzo de 2015",
        "4 de Marzo del 2015",
        " 3/4/2015 ",
        "３/４/２０１５",  # full-width digits
    ],
)
def test_date_forms(typed: str) -> None:
    assert parse_date(typed) == MARCH_4
    assert dob_matches(typed, MARCH_4)


def test_numeric_dates_are_month_first() -> None:
    assert parse_date("04/03/2015") == date(2015, 4, 3)
    assert parse_date("12/01/2014") == date(2014, 12, 1)
    assert not dob_matches("4/3/2015", MARCH_4)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("20/9/2016", date(2016, 9, 20)),  # only a day can be 20
        ("31/12/2015", date(2015, 12, 31)),
        ("13-1-2020", date(2020, 1, 13)),
        ("9/20/2016", date(2016, 9, 20)),
        ("12/12/2012", date(2012, 12, 12)),
        ("4/3/2015", date(2015, 4, 3)),  # both could be a month: month first
    ],
)
def test_a_date_that_reads_one_way_is_accepted_in_any_order(typed: str, read: date) -> None:
    assert parse_date(typed) == read


@pytest.mark.parametrize("typed", ["31/31/2015", "20/13/2016", "0/5/2015", "31/2/2016"])
def test_numbers_that_are_no_date_either_way_are_refused(typed: str) -> None:
    assert parse_date(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "13/45/2015",  # no month 13, no day 45
        "2015-02-29",  # not a leap year
        "2/29/2015",
        "4/31/2015",
        "3/4/15",  # two-digit year: the century would be a guess
        "03-04-15",
        "42067",  # an Excel serial number
        "2015",
        "March 2015",
        "March 4",
        "4 March",
        "March April 4 2015",
        "March 4 2015 2016",
        "3/4-2015",  # mixed separators
        "1899-12-31",
        "2101-01-01",
        "03/04/2015/1",
        "",
        "   ",
        "yesterday",
        "3/4/2015\x00",
        "1" * 400,
    ],
)
def test_dates_refused(typed: str) -> None:
    assert parse_date(typed) is None
    assert not dob_matches(typed, MARCH_4)


def test_leap_day_and_spanish_september() -> None:
    assert parse_date("2016-02-29") == date(2016, 2, 29)
    assert parse_date("29 de febrero de 2016") == date(2016, 2, 29)
    assert parse_date("15 de septiembre de 2014") == date(2014, 9, 15)
    assert parse_date("15 setiembre 2014") == date(2014, 9, 15)
    assert parse_date("1 ene 2013") == date(2013, 1, 1)
    assert parse_date("Dec 25 2012") == parse_date("25 dic 2012") == date(2012, 12, 25)


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]  # fmt: skip


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_format_round_trips(d: date) -> None:
    name = _MONTH_NAMES[d.month - 1]
    forms = [
        f"{d.month}/{d.day}/{d.year}",
        f"{d.month:02d}-{d.day:02d}-{d.year}",
        d.isoformat(),
        d.strftime("%Y%m%d"),
        f"{name} {d.day}, {d.year}",
        f"{name[:3]} {d.day} {d.year}",
        f"{d.day} {name} {d.year}",
    ]
    for form in forms:
        assert parse_date(form) == d, form


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "María José López",
        "maria jose lopez",
        "  MARIA   JOSÉ  LÓPEZ ",
        "López, María José",
        "lopez,maria jose",
        "López María José",
        unicodedata.normalize("NFD", "María José López"),
        "Maria-Jose Lopez",
        "MariaJose Lopez",
    ],
)
def test_student_name_matches(typed: str) -> None:
    assert student_name_matches(typed, "María José", "López")
    nfd_first = unicodedata.normalize("NFD", "María José")
    assert student_name_matches(typed, nfd_first, unicodedata.normalize("NFD", "López"))


@pytest.mark.parametrize(
    "typed",
    [
        "María López",
        "María José Lopes",
        "José López",
        "López",
        "",
        "   ",
        ",",
        "María José López Jr",
    ],
)
def test_student_name_mismatch(typed: str) -> None:
    assert not student_name_matches(typed, "María José", "López")


def test_names_with_apostrophes_hyphens_and_particles() -> None:
    assert student_name_matches("Liam O'Neil", "Liam", "O’Neil")
    assert student_name_matches("liam oneil", "Liam", "O'Neil")
    assert student_name_matches("Ana de la Cruz", "Ana", "De La Cruz")
    assert student_name_matches("de la Cruz, Ana", "Ana", "De La Cruz")
    assert student_name_matches("Ana DeLaCruz", "Ana", "De La Cruz")
    assert student_name_matches("Zoë Smith-Park", "Zoe", "Smith Park")
    assert student_name_matches("Kim Minjun", "Minjun", "Kim")  # family name first
    assert student_name_matches("王小明", "小明", "王")  # only when written the same way
    assert not student_name_matches("Ana Cruz", "Ana", "De La Cruz")


def test_full_name_matches() -> None:
    assert full_name_matches("Rosa Díaz", "Díaz, Rosa")
    assert full_name_matches("DIAZ ROSA", "Rosa Diaz")
    assert not full_name_matches("Rosa", "Rosa Diaz")
    assert not full_name_matches("", "")


# -- grades --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("K", "K"), ("k", "K"), ("kinder", "K"), ("Kindergarten", "K"), ("kínder", "K"),
        ("KG", "K"), ("TK", "TK"), ("T-K", "TK"), ("transitional kindergarten", "TK"),
        ("Transitional Kinder", "TK"), ("kínder de transición", "TK"),
        ("3", "3"), ("3rd", "3"), ("third", "3"), ("Third Grade", "3"), ("grade 3", "3"),
        ("Grade: 3", "3"), ("3rd grade", "3"), ("03", "3"), ("gr. 3", "3"), ("3 rd", "3"),
        ("tercer grado", "3"), ("3er grado", "3"), ("3º grado", "3"), ("1st", "1"),
        ("first", "1"), ("01", "1"), ("one", "1"), ("2nd", "2"), ("12th", "12"),
        ("twelfth grade", "12"), ("senior", "12"), ("freshman", "9"), ("10", "10"),
        ("eleventh", "11"), ("décimo", "10"),
    ],
)  # fmt: skip
def test_grades(typed: str, code: str) -> None:
    assert parse_grade(typed) == code
    assert code in GRADE_CODES


@pytest.mark.parametrize(
    "typed", ["0", "00", "13", "pre-k", "PK", "K-3", "grade", "", "3rd 4th", "x"]
)
def test_grades_refused(typed: str) -> None:
    assert parse_grade(typed) is None


def test_grade_matches() -> None:
    assert grade_matches("third", "03")
    assert grade_matches("kinder", "KG")
    assert grade_matches("TK", "TK")
    assert not grade_matches("K", "TK")
    assert not grade_matches("TK", "K")
    assert not grade_matches("4th", "3")
    assert not grade_matches("", "3")
    assert not grade_matches("?", "?")


# -- addresses -----------------------------------------------------------------------------

RECORD = "1234 North Maple Avenue Apt 5"


@pytest.mark.parametrize(
    "typed",
    [
        "1234 N Maple Ave Apt 5",
        "1234 n. maple ave., apt. 5",
        "1234 North Maple Avenue #5",
        "1234 N Maple Ave # 5",
        "1234 N Maple Ave Apt #5",
        "1234 N Maple Ave Unit 5",
        "1234 N Maple Ave Apt5",
        "Apt 5, 1234 N Maple Ave",
        "1234 N Maple Ave Apt 5, CA 90012",
        "1234 N Maple Ave Apt 5 90012",
        "1234 N Maple Ave Apt 5, Los Ángeles, CA 90012-3456",
        "1234 N MAPLE AVE APT 5, LOS ANGELES, CALIFORNIA",
    ],
)
def test_address_matches(typed: str) -> None:
    assert address_matches(typed, RECORD, "90012", "Los Angeles")


@pytest.mark.parametrize(
    "typed",
    [
        "1243 N Maple Ave Apt 5",  # number transposed
        "1234 S Maple Ave Apt 5",
        "1234 N Maple St Apt 5",
        "1234 N Maple Ave Apt 6",
        "1234 N Maple Ave",  # apartment missing
        "1234 N Maple Ave Apt 5 90013",  # wrong ZIP
        "1234 N Maple Ave Apt 5, Pasadena, CA 90012",
        "1234 Maple",
        "",
    ],
)
def test_address_mismatch(typed: str) -> None:
    assert not address_matches(typed, RECORD, "90012", "Los Angeles")


def test_address_city_needs_the_record_city_and_zip_is_optional() -> None:
    assert not address_matches("1234 N Maple Ave Apt 5, Los Angeles", RECORD, "90012")
    assert address_matches("1234 N Maple Ave Apt 5 90013", RECORD, None)  # no ZIP on record
    assert address_matches("500 West 3rd Street", "500 W Third St", "90071")
    assert address_matches("77 Saint Andrews Place", "77 St. Andrews Pl")
    assert address_matches("9 Sunset Blvd.", "9 Sunset Boulevard")
    assert address_matches("12 Elm Dr", "12 Elm Drive")
    assert address_matches("12 Elm Rd", "12 Elm Road")
    assert address_matches("12 Elm Ln", "12 Elm Lane")
    assert address_matches("12 elm court", "12 Elm Ct.")


def test_po_box_number_is_not_taken_for_a_zip() -> None:
    assert not address_matches("PO Box 12345", "PO Box 54321")
    assert address_matches("P.O. Box 12345", "PO Box 12345")


# -- phones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "(213) 555-0148",
        "213-555-0148",
        "213.555.0148",
        "2135550148",
        "+1 213 555 0148",
        "1-213-555-0148",
        "213 555 0148 ext. 12",
        "213-555-0148 x12",
        "２１３５５５０１４８",
    ],
)
def test_phone_forms(typed: str) -> None:
    assert normalize_phone(typed) == "2135550148"
    assert phone_matches(typed, ["(818) 555-0199", "213.555.0148"])


@pytest.mark.parametrize(
    "typed", ["555-0148", "213555014", "21355501481", "", "none", "2-135-550-1488"]
)
def test_phone_refused(typed: str) -> None:
    assert normalize_phone(typed) is None
    assert not phone_matches(typed, ["2135550148", "213555014"])


def test_phone_mismatch_and_empty_record() -> None:
    assert not phone_matches("213-555-0149", ["213-555-0148"])
    assert not phone_matches("213-555-0148", [])
    assert not phone_matches("213-555-0148", [None, ""])


# -- emergency contacts --------------------------------------------------------------------

CONTACTS = (("Rosa Díaz", "(323) 555-0110"), ("Diaz, Tomás", "323-555-0122"))


def test_emergency_contact_matches_any_one_contact() -> None:
    assert emergency_contact_matches("rosa diaz", "3235550110", CONTACTS)
    assert emergency_contact_matches("Tomas Diaz", "+1 323 555 0122", CONTACTS)
    assert emergency_contact_matches("Díaz, Tomás", "323.555.0122", CONTACTS)


def test_emergency_contact_name_and_phone_must_belong_to_the_same_contact() -> None:
    assert not emergency_contact_matches("Rosa Díaz", "323-555-0122", CONTACTS)
    assert not emergency_contact_matches("Rosa Díaz", "", CONTACTS)
    assert not emergency_contact_matches("", "323-555-0110", CONTACTS)
    assert not emergency_contact_matches("Rosa", "323-555-0110", CONTACTS)
    assert not emergency_contact_matches("Rosa Díaz", "323-555-0110", ())
    assert not emergency_contact_matches("Rosa Díaz", "323-555-0110", [("Rosa Díaz", None)])


def test_question_labels() -> None:
    assert [q.value for q in Question] == [
        "dob",
        "name",
        "grade",
        "address_phone",
        "emergency_contact",
    ]
    assert all(q.label for q in Question)
