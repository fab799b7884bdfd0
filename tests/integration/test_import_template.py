"""The ppdesk template path: save the blank workbook, fill it with openpyxl, import it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import EmergencyContact, RoleGrant, School, Staff
from ppdesk.domain.errors import ValidationError
from ppdesk.services import sis_import
from ppdesk.services.sis_write import student_pin_aad
from tests.integration.test_import import (
    all_,
    counts,
    dump,
    guardian,
    importer,
    link,
    one,
    student,
)

SCHOOLS = [["1234", "Maple Street Elementary", "100 Maple St\nLos Angeles, CA 90001",
            "(213) 555-0100", "Dana Whitfield", "Central", "https://pp.example.org"]]  # fmt: skip
STAFF = [
    ["MRivera", "Marisol", "Rivera", "mrivera@example.org", "1234", "Teacher"],
    ["jokafor", "Jide", "Okafor", None, "1234", "Principal"],
]
STUDENTS = [
    ["000123", "1234", "Ana", "Lopez", datetime(2015, 3, 4), "K", "mrivera",
     "12 Elm St, Los Angeles, CA 90001", "(213) 555-0111", "ana@students.example.org", "0042",
     "es"],
    ["000124", "1234", "Ben", "Lopez", "2016-02-29", 3],
]  # fmt: skip
GUARDIANS = [
    ["000123", "G1", "María", "López", "Mother", "Yes", "maria@example.net", "213 555 0101"],
    ["000124", "G1", None, None, "Mother", "No"],
    ["000124", "G2", "Jorge", "Lopez", "Father", True, None, None, None, "213-555-0102"],
]
CONTACTS = [["000123", "Rosa Martinez", "213-555-0130", "Aunt"]]


def fill(ctx: Any, folder: Path, **sheets: list[list[Any]]) -> Path:
    """Save the blank template through the service, then fill it like a user would."""
    blank = sis_import.write_blank_template(ctx, folder / "blank.xlsx")
    book = openpyxl.load_workbook(blank)
    rows = {"Schools": SCHOOLS, "Staff": STAFF, "Students": STUDENTS,
            "Guardians": GUARDIANS, "EmergencyContacts": CONTACTS} | sheets  # fmt: skip
    for name, values in rows.items():
        for row in values:
            book[name].append(row)
    target = folder / "roster.xlsx"
    book.save(target)
    return target


def test_blank_template_is_a_workbook_with_the_sheets(app, tmp_path) -> None:
    path = sis_import.write_blank_template(app, tmp_path / "blank.xlsx")
    book = openpyxl.load_workbook(path)
    assert {"Schools", "Students", "Guardians", "EmergencyContacts", "Staff"} <= set(
        book.sheetnames
    )
    assert [c.value for c in book["Students"][1]][:2] == ["Student ID", "School Code"]
    with pytest.raises(ValidationError):
        sis_import.write_blank_template(app, tmp_path / "blank.csv")


def test_filled_template_lands_exactly(app, runtime, tmp_path) -> None:
    admin = importer(app)
    result = sis_import.apply_import(app, admin, fill(app, tmp_path), kind="template")
    assert result.plan.source_kind == "template-xlsx" and result.plan.full
    c = result.counts
    assert (c.schools_added, c.students_added, c.guardians_added, c.links_added) == (1, 2, 2, 3)
    assert (c.staff_added, c.roles_granted, c.contacts_added) == (2, 1, 1)
    school = one(runtime, select(School).where(School.code == "1234"))
    assert (school.local_district, school.principal_name) == ("Central", "Dana Whitfield")
    ana = student(runtime, "000123")
    assert (ana.dob, ana.grade, ana.zip_code, ana.home_language) == (
        date(2015, 3, 4),
        "K",
        "90001",
        "es",
    )
    assert (
        app.keys.decrypt(
            ana.student_pin_key_id, ana.student_pin_ciphertext, student_pin_aad(ana.id)
        )
        == "0042"
    )
    rivera = one(runtime, select(Staff).where(Staff.username == "mrivera"))
    assert ana.homeroom_teacher_id == rivera.id and rivera.password_hash is None
    assert student(runtime, "000124").dob == date(2016, 2, 29)
    # The verified flag is per link in the template.
    assert link(runtime, "000123", "G1").verified_legal_guardian
    assert not link(runtime, "000124", "G1").verified_legal_guardian
    assert link(runtime, "000124", "G2").verified_legal_guardian
    assert guardian(runtime, "G2").cell_phone == "213-555-0102"
    [rosa] = all_(runtime, select(EmergencyContact).where(EmergencyContact.student_id == ana.id))
    assert (rosa.name, rosa.phone) == ("Rosa Martinez", "213-555-0130")
    # A principal in the SIS gets an account, but no principal's rights from an import.
    okafor = one(runtime, select(Staff).where(Staff.username == "jokafor"))
    assert all_(runtime, select(RoleGrant).where(RoleGrant.staff_id == okafor.id)) == []
    again = sis_import.apply_import(app, admin, tmp_path / "roster.xlsx", kind="template")
    assert again.counts.total == 0


def test_a_number_in_an_id_column_is_reported_and_nothing_written(app, runtime, tmp_path) -> None:
    admin = importer(app)
    students = [
        STUDENTS[0],
        ["000124", "1234", "Ben", "Lopez", "2016-02-29", 3],
        [125, "1234", "Cy", "Lopez", "2017-01-01", 2],
    ]
    before, rows = counts(runtime), dump(runtime, audit=True)
    with pytest.raises(sis_import.ImportRejected) as caught:
        sis_import.apply_import(app, admin, fill(app, tmp_path, Students=students), kind="template")
    [error] = [p for p in caught.value.problems if p.severity == "error"]
    assert (error.file, error.line, error.column) == ("roster.xlsx [Students]", 4, "Student ID")
    assert counts(runtime) == before and dump(runtime, audit=True) == rows


def test_one_changed_flag_in_the_template_is_one_change(app, runtime, tmp_path) -> None:
    admin = importer(app)
    sis_import.apply_import(app, admin, fill(app, tmp_path), kind="template")
    folder = tmp_path / "b"
    folder.mkdir()
    guardians = [GUARDIANS[0], GUARDIANS[1], [*GUARDIANS[2][:5], "No", *GUARDIANS[2][6:]]]
    plan = sis_import.preview_import(
        app, admin, fill(app, folder, Guardians=guardians), kind="template"
    )
    assert [(x.kind, x.action, x.key, x.fields) for x in plan.changes] == [
        ("link", "update", "000124/G2", ("verified_legal_guardian",))
    ]
    result = sis_import.apply_import(app, admin, folder / "roster.xlsx", kind="template")
    assert result.counts.links_updated == 1 and result.counts.total == 1
    assert not link(runtime, "000124", "G2").verified_legal_guardian
    assert link(runtime, "000124", "G2").verified_by == "importer"
