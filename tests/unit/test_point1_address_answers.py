"""Issue 15 point 1: address answers against SIS addresses (street line + "City, ST ZIP").

The record is kept as the SIS exports it: ``12 Elm Street, Apt 4`` + newline +
``Los Angeles, CA 90001``. The street line must match with USPS abbreviations read either
way; city, state and ZIP are optional extras that must agree when given.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ppdesk.domain.addresses import address_matches, parse_record_address

SIS_RECORD = "12 Elm Street, Apt 4\nLos Angeles, CA 90001"


@pytest.mark.parametrize(
    "typed",
    [
        "12 Elm Street, Apt 4",
        "12 Elm St Apt 4",
        "12 Elm Street, Apt 4, 90001",
        "12 elm st #4",
        "12 Elm St. Unit 4",
        "12 Elm Street Apartment 4, Los Angeles",
        "12 Elm St Apt 4, Los Angeles, CA 90001",
        "12 Elm St Apt 4 Los Angeles California 90001-1234",
        "12 Elm St Apt 4, LA",
        "12 Elm St Apt 4, CA",
        "Apt 4, 12 Elm St",
        "12 Elm Street, Apt 4\nLos Angeles, CA 90001",
    ],
)
def test_point1_spoken_forms_of_a_two_line_sis_address_match(typed: str) -> None:
    assert address_matches(typed, SIS_RECORD)


@pytest.mark.parametrize(
    "typed",
    [
        "12 Elm Street",  # the unit is part of the street line
        "12 Elm Street, Apt 5",
        "12 Elm Avenue, Apt 4",
        "21 Elm Street, Apt 4",
        "12 Elm Street, Apt 4, 90002",  # a ZIP given must agree
        "12 Elm Street, Apt 4, Pasadena",  # so must a city
        "12 Elm Street, Apt 4, Los Angeles, NV",  # and a state
        "Los Angeles, CA 90001",
        "12 Elm Street, Apt 4, banana",
        "",
    ],
)
def test_point1_wrong_street_or_disagreeing_extras_do_not_match(typed: str) -> None:
    assert not address_matches(typed, SIS_RECORD)


@pytest.mark.parametrize(
    "record",
    [
        "12 Elm Street, Apt 4\nLos Angeles, CA 90001",
        "12 Elm Street\nApt 4\nLos Angeles, CA 90001",
        "12 Elm Street, Apt 4, Los Angeles, CA 90001",
        "12 Elm Street Apt 4\r\nLos Angeles CA 90001-0042",
        "12 ELM ST APT 4\nLOS ANGELES 90001",
    ],
)
def test_point1_record_layouts_are_cut_into_street_city_state_zip(record: str) -> None:
    parsed = parse_record_address(record)
    assert parsed.street == ("12", "elm", "st", "apt", "4")
    assert parsed.city == ("los", "angeles")
    assert parsed.state == "ca"
    assert parsed.zip_code == "90001"


def test_point1_the_zip_field_wins_and_a_bare_street_line_is_not_cut() -> None:
    assert parse_record_address("12 Elm St", "90026-1234").zip_code == "90026"
    # "Ct" is also Connecticut's code, "NE" Nebraska's: a street line keeps them.
    assert parse_record_address("12 Elm Ct").street == ("12", "elm", "ct")
    assert parse_record_address("5 Oak St NE").street == ("5", "oak", "st", "ne")
    assert address_matches("12 Elm Court", "12 Elm Ct")
    assert not address_matches("12 Elm", "12 Elm Ct")


def test_point1_unit_letters_and_directionals() -> None:
    record = "300 N. Broadway, Apt 4-B\nLos Angeles, CA 90012"
    for typed in ("300 North Broadway Apt 4B", "300 N Broadway #4 B", "300 n broadway unit 4-b"):
        assert address_matches(typed, record), typed
    assert not address_matches("300 S Broadway Apt 4B", record)
    assert not address_matches("300 N Broadway Apt 4C", record)
    assert address_matches("Apt B, 1 Elm St", "1 Elm St, Apt B")


def test_point1_a_city_on_a_record_without_one_cannot_agree() -> None:
    assert address_matches("12 Elm St Apt 4, 90001", "12 Elm Street Apt 4", "90001")
    assert not address_matches("12 Elm St Apt 4, Pasadena", "12 Elm Street Apt 4", "90001")


# -- properties over generated addresses ------------------------------------------------------

STREET_NAMES = ("Elm", "Maple", "Jacaranda", "Vermont", "Olympic", "Cesar Chavez", "Hoover")
SUFFIXES = {  # record form -> spoken forms
    "Street": ("St", "St.", "Street", "street"),
    "Avenue": ("Ave", "Av", "Avenue", "ave."),
    "Boulevard": ("Blvd", "Blvd.", "Boulevard"),
    "Drive": ("Dr", "Drive"),
    "Place": ("Pl", "Place"),
    "Court": ("Ct", "Court"),
}
DIRECTIONS = {"North": ("N", "N.", "North"), "W": ("W", "West", "w."), "": ("",)}
UNITS = ("Apt", "Unit", "Ste", "#", "Apartment", "Suite")
CITIES = ("Los Angeles", "Pasadena", "Long Beach", "San Pedro", "Van Nuys")

# The strategies that do not depend on the drawn address, built once: the same draws, without
# Hypothesis validating a new strategy object at every example (most of these tests' time).
_DIRECTION = st.sampled_from(sorted(DIRECTIONS))
_SUFFIX = st.sampled_from(sorted(SUFFIXES))
_UNIT = st.one_of(st.just(""), st.integers(1, 999).map(str), st.just("12C"))
_LAYOUT = st.sampled_from(("two lines", "one line", "three lines"))
_SPOKEN_DIRECTION = {record: st.sampled_from(forms) for record, forms in DIRECTIONS.items()}
_SPOKEN_SUFFIX = {record: st.sampled_from(forms) for record, forms in SUFFIXES.items()}
_SEPARATOR = st.sampled_from((", ", " "))
_STATE = st.sampled_from(("CA", "Calif.", "California", "ca"))
_ZIP_PLUS_4 = st.sampled_from(("", "-0042"))


@st.composite
def sis_addresses(draw: st.DrawFn) -> dict[str, str]:
    parts = {
        "number": str(draw(st.integers(1, 99999))),
        "direction": draw(_DIRECTION),
        "name": draw(st.sampled_from(STREET_NAMES)),
        "suffix": draw(_SUFFIX),
        "unit": draw(_UNIT),
        "city": draw(st.sampled_from(CITIES)),
        "zip": f"{draw(st.integers(90001, 93599)):05d}",
    }
    street = " ".join(
        p for p in (parts["number"], parts["direction"], parts["name"], parts["suffix"]) if p
    )
    if parts["unit"]:
        street += f", Apt {parts['unit']}"
    layout = draw(_LAYOUT)
    if layout == "two lines":
        parts["record"] = f"{street}\n{parts['city']}, CA {parts['zip']}"
    elif layout == "one line":
        parts["record"] = f"{street}, {parts['city']}, CA {parts['zip']}"
    else:
        first, _, unit = street.partition(", ")
        lines = [first, unit] if unit else [first]
        parts["record"] = "\n".join([*lines, f"{parts['city']}, CA {parts['zip']}"])
    return parts


@st.composite
def spoken(
    draw: st.DrawFn, parts: dict[str, str], *, with_city: bool = False, with_zip: bool = False
) -> str:
    words = [parts["number"]]
    if parts["direction"]:
        words.append(draw(_SPOKEN_DIRECTION[parts["direction"]]))
    words += [parts["name"], draw(_SPOKEN_SUFFIX[parts["suffix"]])]
    text = " ".join(words)
    if parts["unit"]:
        unit = parts["unit"]
        if unit[-1].isalpha() and draw(st.booleans()):
            unit = f"{unit[:-1]}-{unit[-1]}"
        designator = draw(st.sampled_from(UNITS))
        sep = draw(_SEPARATOR)
        text += f"{sep}{designator}{'' if designator == '#' else ' '}{unit}"
    extras = []
    if with_city or draw(st.booleans()):
        extras.append(draw(st.sampled_from((parts["city"], parts["city"].upper()))))
    if draw(st.booleans()):
        extras.append(draw(_STATE))
    if with_zip or draw(st.booleans()):
        extras.append(parts["zip"] + draw(_ZIP_PLUS_4))
    if extras:
        text += draw(_SEPARATOR) + " ".join(extras)
    return draw(st.sampled_from((text, text.lower(), text.upper())))


@given(st.data())
def test_point1_property_every_common_spoken_form_matches(data: st.DataObject) -> None:
    parts = data.draw(sis_addresses())
    typed = data.draw(spoken(parts))
    assert address_matches(typed, parts["record"]), (typed, parts["record"])


@given(st.data())
def test_point1_property_a_different_house_number_never_matches(data: st.DataObject) -> None:
    parts = data.draw(sis_addresses())
    typed = data.draw(spoken(parts))
    other = str(int(parts["number"]) + data.draw(st.integers(1, 9)))
    typed = other + typed[len(parts["number"]) :]
    assert not address_matches(typed, parts["record"]), (typed, parts["record"])


@given(st.data())
def test_point1_property_a_wrong_zip_never_matches(data: st.DataObject) -> None:
    parts = data.draw(sis_addresses())
    wrong_zip = f"{(int(parts['zip']) - 90000 + 1) % 3600 + 90000:05d}"
    typed = data.draw(spoken({**parts, "zip": wrong_zip}, with_zip=True))
    assert not address_matches(typed, parts["record"]), (typed, parts["record"])


@given(st.data())
def test_point1_property_a_wrong_city_never_matches(data: st.DataObject) -> None:
    parts = data.draw(sis_addresses())
    other_city = data.draw(st.sampled_from([c for c in CITIES if c != parts["city"]]))
    typed = data.draw(spoken({**parts, "city": other_city}, with_city=True))
    assert not address_matches(typed, parts["record"]), (typed, parts["record"])


@given(st.data())
def test_point1_property_a_missing_or_different_unit_never_matches(data: st.DataObject) -> None:
    parts = data.draw(sis_addresses())
    assume(parts["unit"] != "")
    bare = {**parts, "unit": ""}
    assert not address_matches(data.draw(spoken(bare)), parts["record"])
    other = {**parts, "unit": parts["unit"] + "7"}
    assert not address_matches(data.draw(spoken(other)), parts["record"])
