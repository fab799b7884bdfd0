"""OneRoster CSV import: real-world mess. Every case ends in problems, never a traceback."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.sis import oneroster
from ppdesk.adapters.sis.oneroster import read_oneroster
from ppdesk.domain import sis
from tests.fixtures.sis.helpers import (
    FIXTURES,
    add_row,
    copy_row,
    copy_set,
    line_of,
    read_rows,
    set_cell,
    write_rows,
)

TODAY = date(2025, 1, 15)
CLEAN = read_oneroster(FIXTURES / "oneroster_1_1", today=TODAY)


def read(folder: Path) -> sis.SisSnapshot:
    return read_oneroster(folder, today=TODAY)


def only(problems: tuple[sis.Problem, ...]) -> sis.Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def where(problem: sis.Problem) -> tuple[str, int | None, str | None]:
    return problem.file, problem.line, problem.column


# -- encodings and line ends


def test_bom_and_crlf_read_the_same(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    for name in ("users.csv", "orgs.csv", "demographics.csv"):
        text = (folder / name).read_text(encoding="utf-8").replace("\n", "\r\n")
        (folder / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    snap = read(folder)
    assert snap.problems == ()
    assert snap.students == CLEAN.students
    assert snap.schools == CLEAN.schools  # the quoted CRLF in the address became LF


def test_cp1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    text = users.read_text(encoding="utf-8").replace("Nguyễn", "Nguyen")  # not in cp1252
    users.write_bytes(text.encode("cp1252"))
    snap = read(folder)
    warning = only(snap.problems)
    assert warning.severity == "warning" and warning.file == "users.csv"
    assert warning.line == 9  # Chloé, the first non-UTF-8 byte
    assert "Windows-1252" in warning.message
    guardians = {g.source_id: g for g in snap.guardians}
    assert (guardians["p-1"].first_name, guardians["p-1"].last_name) == ("María", "López")


def test_bytes_that_are_neither_utf8_nor_cp1252_are_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    users.write_bytes(users.read_bytes().replace(b"Ana,Lopez", b"An\x81a,Lopez"))
    error = only(read(folder).errors)
    assert where(error) == ("users.csv", 5, None)
    assert "CSV UTF-8" in error.message


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    users.write_bytes(users.read_text(encoding="utf-8").encode("utf-16"))
    snap = read(folder)
    assert snap.problems == ()
    assert snap.students == CLEAN.students


def test_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "s-3", "givenName", "Chlo\x1be")
    error = only(read(folder).errors)
    assert where(error) == ("users.csv", line_of(users, "s-3"), "givenName")
    assert line_of(users, "s-3") == 9  # s-1 and s-2 each span two lines
    assert "control character" in error.message


# -- header problems


def test_extra_columns_are_ignored_with_one_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    rows = read_rows(users)
    rows[0] += ["favouriteColour", "metadata.vendor.x", "shoeSize"]
    for row in rows[1:]:
        row += ["blue", "1", "40"]
    write_rows(users, rows)
    snap = read(folder)
    warning = only(snap.problems)
    assert where(warning) == ("users.csv", 1, None)
    assert "'favouriteColour', 'shoeSize'" in warning.message  # metadata.* of others: silent
    assert snap.students == CLEAN.students


def test_misspelt_ppdesk_column_is_named(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    rows = read_rows(users)
    rows[0][rows[0].index("metadata.ppdesk.verifiedLegalGuardian")] = (
        "metadata.ppdesk.verifiedLegalGuardain"
    )
    write_rows(users, rows)
    snap = read(folder)
    warnings = [p for p in snap.warnings if p.line == 1]
    assert [p.column for p in warnings] == ["metadata.ppdesk.verifiedLegalGuardain"]
    assert not any(link.verified_legal_guardian for link in snap.links)


@pytest.mark.parametrize(
    ("name", "column"),
    [("demographics.csv", "birthDate"), ("users.csv", "identifier"), ("orgs.csv", "type")],
)
def test_missing_required_column_is_an_error_naming_it(
    tmp_path: Path, name: str, column: str
) -> None:
    folder = copy_set(tmp_path)
    rows = read_rows(folder / name)
    index = rows[0].index(column)
    write_rows(folder / name, [row[:index] + row[index + 1 :] for row in rows])
    snap = read(folder)
    assert where(snap.errors[0]) == (name, 1, column)
    assert column in snap.errors[0].message
    assert not snap.ok


def test_duplicate_header_column_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    rows = read_rows(folder / "demographics.csv")
    rows = [[*row, row[3]] for row in rows]  # a second birthDate column
    write_rows(folder / "demographics.csv", rows)
    error = only(read(folder).errors)
    assert where(error) == ("demographics.csv", 1, "birthDate")


# -- empty files and missing files


def test_empty_users_file_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    (folder / "users.csv").write_bytes(b"")
    snap = read(folder)
    assert where(only(snap.errors)) == ("users.csv", None, None)
    assert "empty" in snap.errors[0].message
    assert snap.students == ()


def test_header_only_users_file_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    write_rows(users, read_rows(users)[:1])
    assert "only a header" in only(read(folder).errors).message


def test_empty_optional_file_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    (folder / "emergency_contacts.csv").write_bytes(b"\r\n")
    snap = read(folder)
    assert where(only(snap.problems)) == ("emergency_contacts.csv", None, None)
    assert snap.ok and snap.emergency_contacts == ()


def test_missing_demographics_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    (folder / "demographics.csv").unlink()
    snap = read(folder)
    assert any(where(p) == ("demographics.csv", None, None) for p in snap.errors)
    # And each student says why it cannot be imported.
    assert sum("no birthDate" in p.message for p in snap.errors) == 4


def test_classes_without_enrollments_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    (folder / "enrollments.csv").unlink()
    manifest = folder / "manifest.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("file.enrollments,bulk", "file.x,bulk"),
        encoding="utf-8",
    )
    snap = read(folder)
    assert where(only(snap.problems)) == ("classes.csv", None, None)
    assert all(s.homeroom_teacher is None for s in snap.students)


# -- links


def test_link_to_a_teacher_or_a_missing_user_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "s-4", "agentSourcedIds", "p-4,t-1,p-99")
    snap = read(folder)
    assert snap.ok
    assert [where(p) for p in snap.problems] == [("users.csv", 10, "agentSourcedIds")] * 2
    messages = sorted(p.message for p in snap.problems)
    assert messages == [
        "'t-1' is a teacher or staff member; this link is ignored.",
        "no user with sourcedId 'p-99' in users.csv; this link is ignored.",
    ]
    assert snap.links == CLEAN.links


def test_guardian_listing_a_missing_student_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-3", "agentSourcedIds", "s-3,s-77")
    warning = only(read(folder).problems)
    assert where(warning) == ("users.csv", 13, "agentSourcedIds")
    assert "'s-77'" in warning.message


# -- duplicates


def test_identical_duplicate_row_is_a_warning_and_deduplicated(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    copy_row(folder / "users.csv", "p-1", dateLastModified="2024-09-01T00:00:00Z")
    snap = read(folder)
    warning = only(snap.problems)
    assert where(warning) == ("users.csv", 15, "sourcedId")
    assert "repeats line 11" in warning.message
    assert snap.guardians == CLEAN.guardians
    assert snap.links == CLEAN.links


def test_conflicting_duplicate_row_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    copy_row(folder / "users.csv", "p-1", givenName="Marta")
    snap = read(folder)
    error = only(snap.errors)
    assert where(error) == ("users.csv", 15, "sourcedId")
    assert "also on line 11" in error.message
    assert "p-1" not in {g.source_id for g in snap.guardians}


def test_two_users_with_one_student_id_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "s-4", "identifier", "000123456")
    snap = read(folder)
    error = only(snap.errors)
    assert where(error) == ("users.csv", 10, "identifier")
    assert "line 5" in error.message
    assert "000123456" not in {s.student_id for s in snap.students}


def test_conflicting_demographics_rows_are_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    copy_row(folder / "demographics.csv", "s-2", birthDate="2019-03-28")
    snap = read(folder)
    assert where(only(snap.errors)) == ("demographics.csv", 7, "sourcedId")
    assert "000123457" not in {s.student_id for s in snap.students}


# -- values


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("03/04/2015", "YYYY-MM-DD"),
        ("2015-02-29", "not a leap year"),
        ("2031-05-01", "future"),
        ("1899-06-01", "before 1900"),
        ("", "required"),
    ],
)
def test_bad_birth_date_is_a_row_error(tmp_path: Path, value: str, needle: str) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "demographics.csv", "s-2", "birthDate", value)
    snap = read(folder)
    error = only(snap.errors)
    assert where(error) == ("demographics.csv", 3, "birthDate")
    assert needle in error.message
    assert "000123457" not in {s.student_id for s in snap.students}
    # The student's links are dropped without further messages.
    assert all(link.student_id != "000123457" for link in snap.links)


def test_placeholder_birth_date_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "demographics.csv", "s-2", "birthDate", "1900-01-01")
    warning = only(read(folder).problems)
    assert where(warning) == ("demographics.csv", 3, "birthDate")


def test_pre_k_student_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "s-4", "grades", "PK")
    snap = read(folder)
    warning = only(snap.problems)  # p-4's link to s-4 is not reported again
    assert where(warning) == ("users.csv", 10, "grades")
    assert "000765433" not in {s.student_id for s in snap.students}


@pytest.mark.parametrize(("grades", "needle"), [("13", "not a grade"), ("03,04", "one grade")])
def test_bad_grade_is_an_error(tmp_path: Path, grades: str, needle: str) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "s-4", "grades", grades)
    error = only(read(folder).errors)
    assert where(error) == ("users.csv", 10, "grades") and needle in error.message


def test_nul_byte_is_a_row_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-2", "familyName", "Lo\x00pez")
    snap = read(folder)
    error = only(snap.errors)
    assert where(error) == ("users.csv", 12, "familyName") and "NUL" in error.message
    assert "p-2" not in {g.source_id for g in snap.guardians}


def test_student_pin_never_appears_in_a_message(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "s-1", "metadata.ppdesk.studentPin", "ZX81 SECRET")
    error = only(read(folder).errors)
    assert where(error) == ("users.csv", 5, "metadata.ppdesk.studentPin")
    assert "SECRET" not in str(error)


def test_malformed_email_and_phone_are_warnings_and_left_out(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-1", "email", "maria.lopez.example.net")
    set_cell(folder / "users.csv", "p-1", "sms", "none")
    snap = read(folder)
    assert snap.ok
    assert sorted(p.column for p in snap.warnings) == ["email", "sms"]
    maria = next(g for g in snap.guardians if g.source_id == "p-1")
    assert maria.email is None and maria.cell_phone is None


def test_forty_thousand_character_name_is_a_row_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-2", "givenName", "J" * 40_000)
    error = only(read(folder).errors)
    assert where(error) == ("users.csv", 12, "givenName")
    assert "40000 characters" in error.message


def test_field_over_the_csv_module_limit_is_a_row_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-2", "metadata.ppdesk.address", "A" * 140_000)
    snap = read(folder)
    error = only(snap.errors)
    assert where(error) == ("users.csv", 12, "metadata.ppdesk.address")
    assert "140,000 characters" in error.message
    assert len(snap.students) == 4  # the rest of the file is read


def test_unterminated_quote_is_reported_not_raised(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    with (folder / "emergency_contacts.csv").open("a", encoding="utf-8") as handle:
        handle.write('s-2,"Unclosed Name,213-555-0150,Aunt\n')
    snap = read(folder)
    error = only(snap.errors)
    assert where(error) == ("emergency_contacts.csv", 4, None)


def test_row_with_an_unquoted_comma_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    with (folder / "emergency_contacts.csv").open("a", encoding="utf-8") as handle:
        handle.write("s-2,Lopez, Rosa,213-555-0150,Aunt\n")
    error = only(read(folder).errors)
    assert where(error) == ("emergency_contacts.csv", 4, None)
    assert "5 values but the header has 4" in error.message


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    demographics = folder / "demographics.csv"
    demographics.write_text(
        demographics.read_text(encoding="utf-8").replace("\ns-3", "\n,,,,,\n\ns-3"),
        encoding="utf-8",
    )
    assert read(folder).problems == ()


def test_student_at_an_unknown_school_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "s-3", "orgSourcedIds", "sch-9")
    error = only(read(folder).errors)
    assert where(error) == ("users.csv", 9, "orgSourcedIds") and "'sch-9'" in error.message


def test_school_without_code_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "orgs.csv", "sch-2", "identifier", "")
    snap = read(folder)
    assert where(snap.errors[0]) == ("orgs.csv", 6, "identifier")
    # Its students are not reported once more per student.
    assert len(snap.errors) == 1


def test_many_identical_problems_are_capped_with_a_summary(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    for n in range(620):
        add_row(
            folder / "emergency_contacts.csv",
            studentSourcedId=f"s-x{n}",
            name="A B",
            phone="213-555-0100",
        )
    snap = read(folder)
    assert len(snap.problems) == 501
    assert "120 more warnings" in snap.problems[-1].message


# -- containers and unexpected failures


def test_not_a_zip_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "roster.zip"
    bad.write_bytes(b"this is not a zip")
    error = only(read(bad).problems)
    assert error.file == "roster.zip" and error.severity == "error"


def test_zip_with_two_users_files_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "roster.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for child in (FIXTURES / "oneroster_1_1").iterdir():
            archive.write(child, child.name)
        archive.write(FIXTURES / "oneroster_1_1" / "users.csv", "old/users.csv")
    assert "two files named users.csv" in read(target).errors[0].message


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    assert "does not exist" in only(read(tmp_path / "nowhere.zip").errors).message


def test_unexpected_failure_becomes_a_problem(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(_roster: object) -> None:
        raise KeyError("reader bug")

    monkeypatch.setattr(oneroster, "read_demographics", broken)
    snap = read(FIXTURES / "oneroster_1_1")
    error = only(snap.errors)
    assert "unexpected KeyError" in error.message
    assert snap.students == ()
