"""Reader rules that make every imported value fit its database column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from ppdesk.adapters.sis.oneroster import read_oneroster
from ppdesk.adapters.sis.template import read_template, write_blank_template
from ppdesk.domain import sis
from tests.fixtures.sis.helpers import copy_set, line_of, set_cell

TODAY = date(2025, 1, 15)


def where(p: sis.Problem) -> tuple[str, int | None, str | None]:
    return p.file, p.line, p.column


def test_usernames_are_lower_case_and_at_most_60(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "t-1", "username", "MRivera")
    snap = read_oneroster(folder, today=TODAY)
    assert snap.ok
    assert {s.username for s in snap.staff} == {"mrivera", "kchen", "ogrant"}
    assert {s.homeroom_teacher for s in snap.students} >= {"mrivera"}
    set_cell(users, "t-1", "username", "m" * 61)
    [error] = read_oneroster(folder, today=TODAY).errors
    assert where(error) == ("users.csv", 2, "username") and "limit of 60" in error.message
    set_cell(users, "t-1", "username", "m" * 60)
    assert read_oneroster(folder, today=TODAY).ok


def test_two_staff_differing_only_in_case_are_one_username(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "t-2", "username", "MRIVERA")
    errors = read_oneroster(folder, today=TODAY).errors
    assert [where(e) for e in errors] == [("users.csv", 3, "username")]


def test_a_language_over_16_characters_is_left_out_with_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "s-1", "metadata.ppdesk.homeLanguage", "Spanish (Mexico, Oaxaca)")
    set_cell(users, "p-1", "metadata.ppdesk.preferredLanguage", "es-419")
    snap = read_oneroster(folder, today=TODAY)
    [warning] = snap.problems
    assert where(warning) == ("users.csv", line_of(users, "s-1"), "metadata.ppdesk.homeLanguage")
    assert warning.severity == "warning" and "16 characters" in warning.message
    ana = next(s for s in snap.students if s.student_id == "000123456")
    assert ana.home_language is None
    assert next(g for g in snap.guardians if g.source_id == "p-1").preferred_language == "es-419"


def test_a_local_district_name_over_60_characters_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    orgs = folder / "orgs.csv"
    set_cell(orgs, "ld-c", "name", "Local District " + "Central " * 7)
    errors = read_oneroster(folder, today=TODAY).errors
    assert [where(e) for e in errors] == [("orgs.csv", line_of(orgs, "ld-c"), "name")]
    assert "metadata.ppdesk.localDistrict" in errors[0].message


def test_a_staff_name_too_long_for_an_account_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "t-2", "givenName", "K" * 60)
    set_cell(users, "t-2", "familyName", "C" * 60)
    [error] = read_oneroster(folder, today=TODAY).errors
    assert where(error) == ("users.csv", 3, "familyName") and "121 characters" in error.message


def _template(tmp_path: Path, district: str) -> Path:
    path = write_blank_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    book["Schools"].append(["1234", "Maple", None, None, None, district])
    book["Staff"].append(["MRivera", "Marisol", "Rivera", None, "1234", "Teacher"])
    book["Students"].append(
        ["000123", "1234", "Ana", "Lopez", "2015-03-04", "K", "mrivera", None, None, None, None,
         "Haitian Creole (Kreyol)"]
    )  # fmt: skip
    book.save(path)
    return path


def test_template_usernames_match_whatever_the_case(tmp_path: Path) -> None:
    snap = read_template(_template(tmp_path, "Central"), today=TODAY)
    [warning] = snap.problems
    assert (where(warning), warning.severity) == (
        ("t.xlsx [Students]", 2, "Home Language"),
        "warning",
    )
    assert [s.username for s in snap.staff] == ["mrivera"]
    assert [(s.homeroom_teacher, s.home_language) for s in snap.students] == [("mrivera", None)]


def test_template_local_district_over_60_characters_is_an_error(tmp_path: Path) -> None:
    snap = read_template(_template(tmp_path, "Central " * 8), today=TODAY)
    assert where(snap.errors[0]) == ("t.xlsx [Schools]", 2, "Local District")
    assert "limit of 60" in snap.errors[0].message


def test_records_built_fast_are_the_same_frozen_records() -> None:
    import dataclasses
    import pickle

    import pytest

    values = ("00123", "1234", "Ana", "Lopez", date(2015, 3, 4), "3", "mrivera",
              "12 Elm St\nLA", "(213) 555-0111", "ana@example.org", "9911", "es")  # fmt: skip
    built = sis.new_student(*values)
    plain = sis.SisStudent(*values)
    assert type(built) is sis.SisStudent
    assert built == plain and hash(built) == hash(plain) and repr(built) == repr(plain)
    assert "9911" not in repr(built)  # the PIN stays out of repr
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.grade = "4"  # type: ignore[misc]
    assert dataclasses.replace(built, grade="4") == sis.SisStudent(*values[:5], "4", *values[6:])
    assert pickle.loads(pickle.dumps(built)) == plain
    assert sis.new_link("00123", "p-1", "Mother", True) == sis.SisLink(
        "00123", "p-1", "Mother", True
    )
    guardian = ("p-1", "Rosa", "Lopez", None, "213-555-0100", None, None, "es", None, None)
    assert sis.new_guardian(*guardian) == sis.SisGuardian(*guardian)
    assert sis.new_emergency_contact("1", "Al", "555-0100", None) == sis.SisEmergencyContact(
        "1", "Al", "555-0100"
    )
    assert sis.new_link("00123", "p-1", "Mother", True) != sis.SisLink(
        "00123", "p-1", "Mother", False
    )

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        name: str

    with pytest.raises(TypeError, match="not a slots record"):
        sis.record_builder(NoSlots)
