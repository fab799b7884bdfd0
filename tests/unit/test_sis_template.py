"""ppdesk's own template: the blank workbook, a filled round trip, and its problems."""

from __future__ import annotations

import csv
import functools
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ppdesk.adapters.sis import template_layout as layout
from ppdesk.adapters.sis.template import read_template, write_blank_template
from ppdesk.domain import sis

TODAY = date(2025, 1, 15)

SCHOOL = ["1234", "Maple Street Elementary", "100 Maple St\nLos Angeles, CA 90001",
          "(213) 555-0100", "Dana Whitfield", "Central", "https://pp.example.org"]  # fmt: skip
STAFF = [["mrivera", "Marisol", "Rivera", "mrivera@example.org", "1234", "Teacher"]]
STUDENTS = [
    ["000123", "1234", "Ana", "Lopez", datetime(2015, 3, 4), "K", "mrivera",
     "12 Elm St", "(213) 555-0111", "ana@students.example.org", "0042", "Spanish"],
    ["000124", "1234", "Ben", "Lopez", "2016-02-29", 3],
]  # fmt: skip
GUARDIANS = [
    ["000123", "G1", "María", "López", "Mother", "Yes", "maria@example.net", "213 555 0101"],
    ["000124", "G1", None, None, "Mother", True],
    ["000124", "G2", "Jorge", "Lopez", "Father", "No", None, None, None, "213-555-0102"],
]
CONTACTS = [["000123", "Rosa Martinez", "213-555-0130", "Aunt"]]


@functools.cache
def _blank_template() -> bytes:
    """The blank template's bytes, written once per run (test_blank_template_layout and
    the tests below it check write_blank_template itself)."""
    with tempfile.TemporaryDirectory() as folder:
        return write_blank_template(Path(folder) / "blank.xlsx").read_bytes()


def filled(tmp_path: Path, **sheets: list[list[Any]]) -> Path:
    """The blank template with rows appended (sheets not given get the defaults)."""
    path = tmp_path / "blank.xlsx"
    path.write_bytes(_blank_template())
    book = openpyxl.load_workbook(path)
    rows = {"Schools": [SCHOOL], "Staff": STAFF, "Students": STUDENTS,
            "Guardians": GUARDIANS, "EmergencyContacts": CONTACTS} | sheets  # fmt: skip
    for name, values in rows.items():
        for row in values:
            book[name].append(row)
    target = tmp_path / "filled.xlsx"
    book.save(target)
    return target


def read(path: Path) -> sis.SisSnapshot:
    return read_template(path, today=TODAY)


def only(problems: tuple[sis.Problem, ...]) -> sis.Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def where(problem: sis.Problem) -> tuple[str, int | None, str | None]:
    return problem.file, problem.line, problem.column


# -- the blank workbook


def test_blank_template_layout(tmp_path: Path) -> None:
    path = write_blank_template(tmp_path / "blank.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", "Schools", "Students", "Guardians",
                               "EmergencyContacts", "Staff"]  # fmt: skip
    for spec in layout.SHEETS:
        sheet = book[spec.name]
        headers = [cell.value for cell in sheet[1]]
        assert headers == [c.header for c in spec.columns]
        assert sheet.freeze_panes == "A2"
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            assert cell.comment is not None
            assert cell.fill.fgColor.rgb.endswith("FCE4D6" if column.required else "EDEDED")
            letter = cell.column_letter
            fmt = sheet.column_dimensions[letter].number_format
            if column.kind in layout.TEXT_KINDS:
                assert fmt == "@", (spec.name, column.header)
            if column.kind == layout.DATE:
                assert fmt == "yyyy-mm-dd"
    notes = " ".join(str(c.value) for row in book["Instructions"].iter_rows() for c in row)
    assert "YYYY-MM-DD" in notes and "verified parent and legal guardian" in notes


def test_blank_template_offers_lists(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_blank_template(tmp_path / "blank.xlsx"))

    def lists(sheet: str) -> dict[str, str]:
        found = {}
        for rule in book[sheet].data_validations.dataValidation:
            found[str(rule.sqref)] = rule.formula1
        return found

    assert lists("Guardians")["F2:F1048576"] == '"Yes,No"'
    assert lists("Students")["F2:F1048576"] == '"TK,K,1,2,3,4,5,6,7,8,9,10,11,12"'
    assert lists("Students")["E2:E1048576"] == "DATE(1900,1,1)"
    assert lists("Staff")["F2:F1048576"] == '"Teacher,Office staff,Assistant principal,Principal"'


def test_blank_template_read_back_reports_missing_rows(tmp_path: Path) -> None:
    snap = read(write_blank_template(tmp_path / "blank.xlsx"))
    assert {(p.file, p.message) for p in snap.errors} == {
        ("blank.xlsx [Schools]", "has a header but no rows."),
        ("blank.xlsx [Students]", "has a header but no rows."),
    }


# -- round trip


def test_filled_template_round_trip(tmp_path: Path) -> None:
    snap = read(filled(tmp_path))
    assert snap.problems == ()
    assert snap.source_kind == "template-xlsx" and snap.full is True
    assert snap.schools == (sis.SisSchool(*SCHOOL),)
    ana, ben = snap.students
    assert ana == sis.SisStudent(
        "000123", "1234", "Ana", "Lopez", date(2015, 3, 4), "K", "mrivera", "12 Elm St",
        "(213) 555-0111", "ana@students.example.org", "0042", "Spanish",
    )  # fmt: skip
    assert (ben.dob, ben.grade, ben.homeroom_teacher) == (date(2016, 2, 29), "3", None)
    guardians = {g.source_id: g for g in snap.guardians}
    # The blank template has a Text Opt-In column; blank on every row of a guardian is No.
    assert guardians["G1"] == sis.SisGuardian(
        "G1", "María", "López", "maria@example.net", "213 555 0101", text_opt_in=False
    )
    assert guardians["G2"].cell_phone == "213-555-0102"
    assert set(snap.links) == {
        sis.SisLink("000123", "G1", "Mother", True),
        sis.SisLink("000124", "G1", "Mother", True),
        sis.SisLink("000124", "G2", "Father", False),
    }
    assert snap.emergency_contacts == (
        sis.SisEmergencyContact("000123", "Rosa Martinez", "213-555-0130", "Aunt"),
    )
    assert snap.staff == (
        sis.SisStaff("mrivera", "Marisol", "Rivera", "mrivera@example.org", "1234", "teacher"),
    )


def test_csv_folder_reads_like_the_workbook(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(filled(tmp_path), data_only=True)
    folder = tmp_path / "csv"
    folder.mkdir()
    for spec in layout.SHEETS:
        with (folder / f"{spec.name}.csv").open("w", newline="", encoding="utf-8-sig") as out:
            writer = csv.writer(out)
            for row in book[spec.name].iter_rows(values_only=True):
                writer.writerow([v.date().isoformat() if isinstance(v, datetime) else v
                                 for v in row])  # fmt: skip
    from_csv = read(folder)
    from_xlsx = read(tmp_path / "filled.xlsx")
    assert from_csv.problems == ()
    assert from_csv.source_kind == "template-csv"
    assert from_csv.students == from_xlsx.students
    assert from_csv.links == from_xlsx.links
    assert from_csv.guardians == from_xlsx.guardians


def test_headers_match_loosely_and_columns_may_move(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "schools"
    book["schools"].append(["school name", "SCHOOL CODE"])
    book["schools"].append(["Maple", "1234"])
    students = book.create_sheet("Students")
    students.append(["Grade", "Date of Birth (YYYY-MM-DD)", "Student ID *", "School Code",
                     "First Name", "Last Name", "Shoe Size"])  # fmt: skip
    students.append(["5", "2014-05-06", "000777", "1234", "Kai", "Moana", "40"])
    path = tmp_path / "loose.xlsx"
    book.save(path)
    snap = read(path)
    assert snap.ok
    assert [s.student_id for s in snap.students] == ["000777"]
    assert {where(p) for p in snap.warnings} == {
        ("loose.xlsx", None, None),  # no Guardians sheet
        ("loose.xlsx [Students]", 1, None),  # Shoe Size ignored
    }


# -- cells that would lose data


def test_student_id_stored_as_a_number_is_an_error(tmp_path: Path) -> None:
    rows = [[123, "1234", "Ana", "Lopez", "2015-03-04", "K"]]
    snap = read(filled(tmp_path, Students=rows, Guardians=[], EmergencyContacts=[]))
    error = only(snap.errors)
    assert where(error) == ("filled.xlsx [Students]", 2, "Student ID")
    assert "leading zeros" in error.message and "(123)" in error.message


def test_student_pin_stored_as_a_number_is_an_error_without_the_value(tmp_path: Path) -> None:
    rows = [["000123", "1234", "Ana", "Lopez", "2015-03-04", "K", None, None, None, None, 4829]]
    snap = read(filled(tmp_path, Students=rows, Guardians=[], EmergencyContacts=[]))
    error = only(snap.errors)
    assert where(error) == ("filled.xlsx [Students]", 2, "Student PIN")
    assert "4829" not in str(error)


@pytest.mark.parametrize(
    ("dob", "needle"),
    [
        (42068, "plain number"),
        ("03/04/2015", "YYYY-MM-DD"),
        (datetime(2015, 3, 4, 13, 30), "time of day"),
        (datetime(2030, 1, 1), "future"),
        ("2015-02-29", "leap year"),
        (None, "required"),
    ],
)
def test_bad_dates_of_birth(tmp_path: Path, dob: object, needle: str) -> None:
    rows = [["000123", "1234", "Ana", "Lopez", dob, "K"]]
    snap = read(filled(tmp_path, Students=rows, Guardians=[], EmergencyContacts=[]))
    error = only(snap.errors)
    assert where(error) == ("filled.xlsx [Students]", 2, "Date of Birth")
    assert needle in error.message
    assert snap.students == ()


def test_date_typed_as_date_cell_is_accepted(tmp_path: Path) -> None:
    rows = [["000123", "1234", "Ana", "Lopez", date(2015, 3, 4), "TK"]]
    snap = read(filled(tmp_path, Students=rows, Guardians=[], EmergencyContacts=[]))
    assert snap.ok and snap.students[0].dob == date(2015, 3, 4)


def test_pre_k_is_skipped_and_bad_grade_is_an_error(tmp_path: Path) -> None:
    rows = [["000123", "1234", "Ana", "Lopez", "2021-03-04", "PK"],
            ["000124", "1234", "Ben", "Lopez", "2010-03-04", "13"]]  # fmt: skip
    snap = read(filled(tmp_path, Students=rows, Guardians=[], EmergencyContacts=[]))
    assert [(p.severity, p.line, p.column) for p in snap.problems] == [
        ("warning", 2, "Grade"), ("error", 3, "Grade"),
    ]  # fmt: skip


# -- references and repeats


def test_unknown_references_are_errors(tmp_path: Path) -> None:
    students = [["000123", "9999", "Ana", "Lopez", "2015-03-04", "K"],
                ["000124", "1234", "Ben", "Lopez", "2015-03-04", "K", "nobody"]]  # fmt: skip
    guardians = [["000555", "G1", "Maria", "Lopez", "Mother", "Yes"]]
    contacts = [["000556", "Rosa", "213-555-0130"]]
    snap = read(filled(tmp_path, Students=students, Guardians=guardians,
                       EmergencyContacts=contacts))  # fmt: skip
    assert {(where(p), p.message) for p in snap.problems} == {
        (("filled.xlsx [Students]", 2, "School Code"), "no school 9999 in the Schools sheet."),
        (("filled.xlsx [Students]", 3, "Homeroom Teacher"),
         "no username nobody in the Staff sheet."),
        (("filled.xlsx [Guardians]", 2, "Student ID"),
         "no student 000555 in the Students sheet."),
        (("filled.xlsx [EmergencyContacts]", 2, "Student ID"),
         "no student 000556 in the Students sheet."),
    }  # fmt: skip


def test_guardian_rows_must_agree(tmp_path: Path) -> None:
    guardians = [
        ["000123", "G1", "María", "López", "Mother", "Yes", None, "213 555 0101"],
        ["000124", "G1", "MARIA", "Lopez", "Mother", "Yes", None, "(213) 555-0101"],
        ["000124", "G1", "Marta", None, "Mother", "Yes"],
    ]
    snap = read(filled(tmp_path, Guardians=guardians))
    error = only(snap.errors)  # case, accents and phone punctuation may differ
    assert where(error) == ("filled.xlsx [Guardians]", 4, "First Name")
    assert "row 2" in error.message
    assert snap.guardians == () and snap.links == ()


def test_repeated_and_conflicting_links(tmp_path: Path) -> None:
    guardians = [
        ["000123", "G1", "Maria", "Lopez", "Mother", "Yes"],
        ["000123", "G1", None, None, "Mother", "Yes"],
        ["000124", "G1", None, None, "Mother", "Yes"],
        ["000124", "G1", None, None, "Mother", "No"],
    ]
    snap = read(filled(tmp_path, Guardians=guardians))
    assert [(p.severity, p.line, p.column) for p in snap.problems] == [
        ("warning", 3, None), ("error", 5, "Verified Parent/Legal Guardian"),
    ]  # fmt: skip


def test_guardian_without_a_name_is_an_error(tmp_path: Path) -> None:
    guardians = [["000123", "G7", None, "Lopez", "Aunt", "No"]]
    error = only(read(filled(tmp_path, Guardians=guardians)).errors)
    assert where(error) == ("filled.xlsx [Guardians]", 2, "First Name")


def test_repeated_and_conflicting_students(tmp_path: Path) -> None:
    rows = [["000123", "1234", "Ana", "Lopez", "2015-03-04", "K"],
            ["000123", "1234", "Ana", "Lopez", "2015-03-04", "K"],
            ["000124", "1234", "Ben", "Lopez", "2015-03-04", "K"],
            ["000124", "1234", "Ben", "Lopez", "2015-04-03", "K"]]  # fmt: skip
    snap = read(filled(tmp_path, Students=rows, Guardians=[], EmergencyContacts=[]))
    assert [(p.severity, p.line, p.column) for p in snap.problems] == [
        ("warning", 3, "Student ID"), ("error", 5, "Student ID"),
    ]  # fmt: skip
    assert [s.student_id for s in snap.students] == ["000123"]


def test_staff_on_several_schools(tmp_path: Path) -> None:
    schools = [SCHOOL, ["0567", "Oak Hill Middle"]]
    staff = [["kchen", "Kevin", "Chen", None, "0567", "Teacher"],
             ["kchen", "Kevin", "Chen", None, "1234", "Teacher"],
             ["kchen", "Kevin", "Chen", None, "1234", "Teacher"],
             ["ogrant", "Olivia", "Grant", None, None, "Office staff"],
             ["ogrant", "Olivia", "Grant", None, None, "Principal"]]  # fmt: skip
    snap = read(filled(tmp_path, Schools=schools, Staff=staff, Students=STUDENTS[1:],
                       Guardians=[], EmergencyContacts=[]))  # fmt: skip
    assert [(p.severity, p.line) for p in snap.problems] == [("warning", 4), ("error", 6)]
    [kchen] = [s for s in snap.staff if s.username == "kchen"]
    assert (kchen.school_code, kchen.also_school_codes) == ("0567", ("1234",))


# -- whole-file problems


def test_missing_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    path = tmp_path / "empty.xlsx"
    book.save(path)
    snap = read(path)
    assert {(p.severity, p.message) for p in snap.problems} == {
        ("error", "has no Schools sheet (or Schools.csv file)."),
        ("error", "has no Students sheet (or Students.csv file)."),
        ("warning", "has no Guardians sheet: no guardian can get a PIN."),
    }


def test_missing_required_column(tmp_path: Path) -> None:
    path = filled(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Guardians"].delete_cols(6)  # Verified Parent/Legal Guardian
    book.save(path)
    error = only(read(path).errors)
    assert where(error) == ("filled.xlsx [Guardians]", 1, "Verified Parent/Legal Guardian")


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken", b"name,code\n"])
def test_unreadable_workbook_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    error = only(read(path).problems)
    assert error.severity == "error" and error.file == "broken.xlsx"


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.ods"
    path.write_bytes(b"x")
    assert "not an .xlsx workbook" in only(read(path).errors).message


def test_long_values_are_row_errors(tmp_path: Path) -> None:
    rows = [["000124", "1234", "Ben", "L" * 40_000, "2015-03-04", "K"]]
    snap = read(filled(tmp_path, Students=rows, Guardians=[], EmergencyContacts=[]))
    assert where(only(snap.errors)) == ("filled.xlsx [Students]", 2, "Last Name")


def test_control_characters_in_a_csv_template_are_row_errors(tmp_path: Path) -> None:
    # openpyxl refuses to write control characters, so this case comes as CSV files.
    (tmp_path / "Schools.csv").write_text("School Code,School Name\n1234,Maple\n")
    (tmp_path / "Students.csv").write_text(
        "Student ID,School Code,First Name,Last Name,Date of Birth,Grade\r\n"
        "000123,1234,Ana\x07,Lopez,2015-03-04,K\r\n"
        "000124,1234,Ben,Lo\x00pez,2015-03-04,K\r\n",
        encoding="utf-8",
    )
    snap = read(tmp_path)
    assert [where(p) for p in snap.errors] == [
        ("Students.csv", 2, "First Name"),
        ("Students.csv", 3, "Last Name"),
    ]
    assert snap.students == ()


def test_no_verified_guardian_is_a_warning_on_the_guardians_sheet(tmp_path: Path) -> None:
    guardians = [["000123", "G1", "Maria", "Lopez", "Mother", "No"],
                 ["000124", "G1", None, None, "Mother", None]]  # fmt: skip
    snap = read(filled(tmp_path, Guardians=guardians))
    warning = only(snap.problems)
    assert warning.file == "filled.xlsx [Guardians]" and "no guardian" in warning.message
    assert snap.ok and len(snap.links) == 2
