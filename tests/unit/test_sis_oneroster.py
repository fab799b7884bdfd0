"""OneRoster CSV import: the clean 1.1 and 1.2 fixture sets, zips, manifests, options."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.sis.oneroster import read_oneroster
from ppdesk.domain import sis
from tests.fixtures.sis.helpers import FIXTURES, copy_set, set_cell

TODAY = date(2025, 1, 15)


def read(folder: Path, **options: object) -> sis.SisSnapshot:
    return read_oneroster(folder, today=TODAY, **options)  # type: ignore[arg-type]


def by_id(snap: sis.SisSnapshot) -> dict[str, sis.SisStudent]:
    return {s.student_id: s for s in snap.students}


def test_clean_1_1_set_reads_without_problems() -> None:
    snap = read(FIXTURES / "oneroster_1_1")
    assert snap.problems == ()
    assert snap.source_kind == "oneroster-1.1"
    assert snap.full is True
    assert [s.code for s in snap.schools] == ["1234", "0567"]
    maple = snap.schools[0]
    assert maple.address == "100 Maple Street\nLos Angeles, CA 90001"  # quoted newline
    assert maple.local_district == "Local District Central"  # from the parent org of type local
    assert maple.principal == "Dana Whitfield"
    assert maple.portal_url == "https://parentportal.example.org"
    students = by_id(snap)
    assert set(students) == {"000123456", "000123457", "000765432", "000765433"}
    ana = students["000123456"]
    assert (ana.first_name, ana.last_name, ana.school_code) == ("Ana", "Lopez", "1234")
    assert ana.dob == date(2015, 3, 4)
    assert ana.grade == "3"
    assert ana.homeroom_teacher == "mrivera"
    assert ana.phone == "(213) 555-0111"
    assert ana.student_email == "ana.lopez@students.example.org"
    assert ana.student_pin == "4829"
    assert ana.home_language == "Spanish"
    assert ana.address == "12 Elm Street, Apt 4\nLos Angeles, CA 90001"
    assert students["000123457"].grade == "K"
    assert students["000765432"].dob == date(2012, 2, 29)
    assert students["000765432"].last_name == "Nguyễn"
    assert students["000765432"].homeroom_teacher == "kchen"
    assert students["000765433"].grade == "TK"
    assert students["000765433"].homeroom_teacher is None  # only in a scheduled class


def test_clean_1_1_guardians_links_contacts_staff() -> None:
    snap = read(FIXTURES / "oneroster_1_1")
    guardians = {g.source_id: g for g in snap.guardians}
    maria = guardians["p-1"]
    assert (maria.first_name, maria.last_name) == ("María", "López")
    assert (maria.home_phone, maria.cell_phone, maria.work_phone) == (
        "213-555-0120",
        "213-555-0121",
        "213-555-0122",
    )
    assert maria.preferred_language == "Spanish"
    links = {(link.student_id, link.guardian_source_id): link for link in snap.links}
    # s-1 lists p-1 and p-2; p-3 lists s-3 (the other direction); p-1 also lists s-1: one link.
    assert set(links) == {
        ("000123456", "p-1"),
        ("000123456", "p-2"),
        ("000123457", "p-1"),
        ("000765432", "p-3"),
        ("000765433", "p-4"),
    }
    assert links[("000123456", "p-1")] == sis.SisLink("000123456", "p-1", "Mother", True)
    assert links[("000123456", "p-2")].verified_legal_guardian is False
    assert links[("000765433", "p-4")].relationship == "Relative"  # from the role
    assert links[("000765433", "p-4")].verified_legal_guardian is False
    assert set(snap.emergency_contacts) == {
        sis.SisEmergencyContact("000123456", "Rosa Martinez", "(213) 555-0130", "Aunt"),
        sis.SisEmergencyContact("000765432", "Lan Tran", "213.555.0140", "Grandmother"),
    }
    staff = {s.username: s for s in snap.staff}
    assert staff["mrivera"].role == "teacher"
    assert staff["kchen"].school_code == "0567"
    assert staff["kchen"].also_school_codes == ("1234",)
    assert staff["ogrant"].role == "office_staff"


def test_clean_1_2_set_with_roles_file() -> None:
    snap = read(FIXTURES / "oneroster_1_2")
    assert snap.problems == ()
    assert snap.source_kind == "oneroster-1.2"
    assert len(snap.students) == 4
    staff = {s.username: s for s in snap.staff}
    # t-1 is a teacher at 1234 and a parent at 0567: staff only at the teacher's school.
    assert staff["mrivera"].school_code == "1234"
    assert staff["mrivera"].also_school_codes == ()
    links = {(link.student_id, link.guardian_source_id): link for link in snap.links}
    assert links[("000765432", "t-1")].verified_legal_guardian is True
    assert links[("000765432", "t-1")].relationship == "Parent"
    assert {g.source_id for g in snap.guardians} == {"t-1", "p-1", "p-4"}
    assert by_id(snap)["000123456"].homeroom_teacher == "mrivera"


def _zip(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for child in sorted(folder.iterdir()):
            archive.write(child, prefix + child.name)
    return target


@pytest.mark.parametrize("prefix", ["", "export-2025-01-15/"])
def test_zip_reads_like_the_folder(tmp_path: Path, prefix: str) -> None:
    archive = _zip(FIXTURES / "oneroster_1_1", tmp_path / "roster.zip", prefix)
    from_zip = read(archive)
    from_folder = read(FIXTURES / "oneroster_1_1")
    assert from_zip.problems == ()
    assert from_zip.students == from_folder.students
    assert from_zip.links == from_folder.links
    assert from_zip.staff == from_folder.staff


def test_upper_case_file_names_are_found(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    (folder / "users.csv").rename(folder / "Users.CSV")
    snap = read(folder)
    assert snap.problems == ()
    assert len(snap.students) == 4


def test_verified_from_role_option(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-2", "metadata.ppdesk.verifiedLegalGuardian", "")
    plain = {link.guardian_source_id: link for link in read(folder).links}
    assert plain["p-2"].verified_legal_guardian is False  # blank means not verified
    by_role = {lk.guardian_source_id: lk for lk in read(folder, verified_from_role=True).links}
    assert by_role["p-2"].verified_legal_guardian is True  # guardian role
    assert by_role["p-4"].verified_legal_guardian is False  # relative never
    set_cell(folder / "users.csv", "p-2", "metadata.ppdesk.verifiedLegalGuardian", "false")
    explicit = {lk.guardian_source_id: lk for lk in read(folder, verified_from_role=True).links}
    assert explicit["p-2"].verified_legal_guardian is False  # the column wins


def test_no_verified_guardian_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    for key in ("p-1", "p-3"):
        set_cell(folder / "users.csv", key, "metadata.ppdesk.verifiedLegalGuardian", "false")
    snap = read(folder)
    assert snap.ok
    assert any("no guardian is marked as verified" in p.message for p in snap.warnings)


def test_bad_verified_flag_is_a_row_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-1", "metadata.ppdesk.verifiedLegalGuardian", "perhaps")
    snap = read(folder)
    [error] = snap.errors
    assert (error.file, error.line, error.column) == (
        "users.csv",
        11,
        "metadata.ppdesk.verifiedLegalGuardian",  # s-1 and s-2 span 2 lines
    )
    assert "p-1" not in {g.source_id for g in snap.guardians}


def test_without_manifest_the_set_is_bulk_with_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    (folder / "manifest.csv").unlink()
    snap = read(folder)
    assert snap.full is True
    [warning] = snap.problems
    assert warning.file == "manifest.csv" and warning.severity == "warning"
    assert snap.source_kind == "oneroster-1.1"


def test_delta_manifest_lists_deletions(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    manifest = folder / "manifest.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("file.users,bulk", "file.users,delta"),
        encoding="utf-8",
    )
    set_cell(folder / "users.csv", "s-4", "status", "tobedeleted")
    set_cell(folder / "users.csv", "p-2", "status", "tobedeleted")
    set_cell(folder / "users.csv", "a-1", "status", "tobedeleted")
    snap = read(folder)
    assert snap.full is False
    assert snap.deleted_student_ids == ("000765433",)
    assert snap.deleted_guardian_ids == ("p-2",)
    assert snap.deleted_staff_usernames == ("ogrant",)
    assert "000765433" not in by_id(snap)
    # Links to a deleted user are dropped without a "missing user" warning.
    assert snap.problems == ()


def test_tobedeleted_rows_in_a_bulk_set_are_skipped_quietly(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-2", "status", "tobedeleted")
    snap = read(folder)
    assert snap.full is True and snap.deleted_guardian_ids == ()
    assert "p-2" not in {g.source_id for g in snap.guardians}
    assert snap.problems == ()


def test_manifest_absent_file_is_ignored_with_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    manifest = folder / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("file.classes,bulk", "file.classes,absent")
    text = text.replace("file.enrollments,bulk", "file.enrollments,absent")
    manifest.write_text(text, encoding="utf-8")
    snap = read(folder)
    assert all(s.homeroom_teacher is None for s in snap.students)
    assert {p.message.split(" is absent")[0] for p in snap.warnings} == {
        "says classes.csv",
        "says enrollments.csv",
    }


def test_bad_manifest_mode_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    manifest = folder / "manifest.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("file.users,bulk", "file.users,full"),
        encoding="utf-8",
    )
    [error] = read(folder).errors
    assert (error.file, error.line, error.column) == ("manifest.csv", 16, "value")


def test_emergency_contact_for_unknown_student_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    with (folder / "emergency_contacts.csv").open("a", encoding="utf-8") as handle:
        handle.write("s-99,Nobody Known,213-555-0199,Uncle\n")
    snap = read(folder)
    [warning] = snap.problems
    assert (warning.file, warning.line, warning.column) == (
        "emergency_contacts.csv",
        4,
        "studentSourcedId",
    )
    assert len(snap.emergency_contacts) == 2


def test_guardian_without_any_student_is_a_warning(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    set_cell(folder / "users.csv", "p-4", "agentSourcedIds", "")
    set_cell(folder / "users.csv", "s-4", "agentSourcedIds", "")
    snap = read(folder)
    # s-4 is left with no guardian, and p-4 with no student: a warning each (issue 16).
    [student, warning] = snap.problems
    assert "student" in student.message and "left with no guardian" in student.message
    assert warning.line == 14 and "linked to no student" in warning.message
    assert "p-4" in {g.source_id for g in snap.guardians}


def test_read_sis_picks_the_reader(tmp_path: Path) -> None:
    from ppdesk.adapters.sis import read_sis, write_blank_template

    assert read_sis(FIXTURES / "oneroster_1_2", today=TODAY).source_kind == "oneroster-1.2"
    archive = _zip(FIXTURES / "oneroster_1_1", tmp_path / "x.zip")
    assert read_sis(archive, today=TODAY).source_kind == "oneroster-1.1"
    blank = write_blank_template(tmp_path / "blank.xlsx")
    assert read_sis(blank).source_kind == "template-xlsx"
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "Students.csv").write_text("Student ID\n")
    assert read_sis(tmp_path / "tpl").source_kind == "template-csv"
    (tmp_path / "other").mkdir()
    [problem] = read_sis(tmp_path / "other").problems
    assert problem.severity == "error" and "neither" in problem.message
