"""Messy SIS exports and refusals: every problem reported by file, line and column, and
then nothing at all written (not even an audit row); refusals audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import sis_import
from tests.fixtures.sis.helpers import add_row, copy_row, copy_set, read_rows, set_cell, write_rows
from tests.integration.test_import import (
    ONEROSTER_11,
    apply,
    audit_rows,
    counts,
    dump,
    family_set,
    guardian,
    importer,
    link,
    student,
)
from tests.support.seed import add_school, add_staff, login, staff_with_role


def _drop_column(name: str, column: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        rows = read_rows(folder / name)
        index = rows[0].index(column)
        write_rows(folder / name, [row[:index] + row[index + 1 :] for row in rows])

    return edit


def _append(name: str, text: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return edit


def _cell(name: str, key: str, column: str, value: str) -> Callable[[Path], None]:
    return lambda folder: set_cell(folder / name, key, column, value)


def _bytes(name: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / name
        path.write_bytes(path.read_bytes().replace(old, new))

    return edit


ERRORS = {
    "day/month date": (
        _cell("demographics.csv", "s-2", "birthDate", "03/04/2015"),
        ("demographics.csv", 3, "birthDate"),
        "YYYY-MM-DD",
    ),
    "29 February of a common year": (
        _cell("demographics.csv", "s-2", "birthDate", "2015-02-29"),
        ("demographics.csv", 3, "birthDate"),
        "leap year",
    ),
    "NUL byte": (
        _cell("users.csv", "p-2", "familyName", "Lo\x00pez"),
        ("users.csv", 12, "familyName"),
        "NUL",
    ),
    "control character": (
        _cell("users.csv", "s-3", "givenName", "Chlo\x1be"),
        ("users.csv", 9, "givenName"),
        "control character",
    ),
    "40,000-character name": (
        _cell("users.csv", "p-2", "givenName", "J" * 40_000),
        ("users.csv", 12, "givenName"),
        "40000 characters",
    ),
    "field over the csv limit": (
        _cell("users.csv", "p-2", "metadata.ppdesk.address", "A" * 140_000),
        ("users.csv", 12, "metadata.ppdesk.address"),
        "140,000",
    ),
    "grade 13": (
        _cell("users.csv", "s-4", "grades", "13"),
        ("users.csv", 10, "grades"),
        "not a grade",
    ),
    "two users, one student ID": (
        _cell("users.csv", "s-4", "identifier", "000123456"),
        ("users.csv", 10, "identifier"),
        "line 5",
    ),
    "conflicting duplicate row": (
        lambda f: copy_row(f / "users.csv", "p-1", givenName="Marta"),
        ("users.csv", 15, "sourcedId"),
        "also on line 11",
    ),
    "missing required column": (
        _drop_column("users.csv", "identifier"),
        ("users.csv", 1, "identifier"),
        "identifier",
    ),
    "unquoted comma": (
        _append("emergency_contacts.csv", "s-2,Lopez, Rosa,213-555-0150,Aunt\n"),
        ("emergency_contacts.csv", 4, None),
        "5 values",
    ),
    "broken quote": (
        _append("emergency_contacts.csv", 's-2,"Unclosed Name,213-555-0150,Aunt\n'),
        ("emergency_contacts.csv", 4, None),
        "",
    ),
    "neither UTF-8 nor cp1252": (
        _bytes("users.csv", b"Ana,Lopez", b"An\x81a,Lopez"),
        ("users.csv", 5, None),
        "UTF-8",
    ),
    "unknown school": (
        _cell("users.csv", "s-3", "orgSourcedIds", "sch-9"),
        ("users.csv", 9, "orgSourcedIds"),
        "'sch-9'",
    ),
    "user name too long for ppdesk": (
        _cell("users.csv", "t-1", "username", "m" * 61),
        ("users.csv", 2, "username"),
        "limit of 60",
    ),
    "verified flag not yes/no": (
        _cell("users.csv", "p-1", "metadata.ppdesk.verifiedLegalGuardian", "maybe"),
        ("users.csv", 11, "metadata.ppdesk.verifiedLegalGuardian"),
        "Yes or No",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_an_error_is_located_and_nothing_is_written(app, runtime, tmp_path, case) -> None:
    admin = importer(app)
    apply(app, admin, ONEROSTER_11)  # something to spoil
    folder = copy_set(tmp_path)
    edit, where, needle = ERRORS[case]
    edit(folder)
    before, rows = counts(runtime), dump(runtime, audit=True)
    with pytest.raises(sis_import.ImportRejected) as caught:
        apply(app, admin, folder)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert where in [(p.file, p.line, p.column) for p in errors], [str(p) for p in errors]
    assert any(needle in p.message for p in errors if (p.file, p.line, p.column) == where)
    assert "nothing was changed" in str(caught.value)
    assert counts(runtime) == before and dump(runtime, audit=True) == rows
    # The dry run shows the same problems, and writes nothing either.
    plan = sis_import.preview_import(app, admin, folder)
    assert not plan.ok and where in [(p.file, p.line, p.column) for p in plan.errors]
    assert dump(runtime, audit=True) == rows


def test_a_bad_first_import_leaves_an_empty_database_empty(app, runtime, tmp_path) -> None:
    admin = importer(app)
    folder = copy_set(tmp_path)
    set_cell(folder / "demographics.csv", "s-1", "birthDate", "2015/03/04")
    before = counts(runtime)
    with pytest.raises(sis_import.ImportRejected):
        apply(app, admin, folder)
    assert counts(runtime) == before


def test_bom_crlf_and_quoted_newlines_land_exactly(app, runtime, tmp_path) -> None:
    admin = importer(app)
    folder = copy_set(tmp_path)
    for name in ("users.csv", "orgs.csv", "demographics.csv"):
        text = (folder / name).read_text(encoding="utf-8").replace("\n", "\r\n")
        (folder / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = apply(app, admin, folder)
    assert result.plan.problems == ()
    assert student(runtime, "000123456").address == "12 Elm Street, Apt 4\nLos Angeles, CA 90001"
    assert apply(app, admin, ONEROSTER_11).counts.total == 0  # same data as the plain set


def test_cp1252_lands_with_a_warning_and_the_right_letters(app, runtime, tmp_path) -> None:
    admin = importer(app)
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    users.write_bytes(
        users.read_text(encoding="utf-8").replace("Nguyễn", "Nguyen").encode("cp1252")
    )
    result = apply(app, admin, folder)
    [warning] = result.warnings
    assert (warning.file, warning.line) == ("users.csv", 9) and "Windows-1252" in warning.message
    maria = guardian(runtime, "p-1")
    assert (maria.first_name, maria.last_name) == ("María", "López")


def test_warnings_do_not_block_and_what_they_skip_is_left_out(app, runtime, tmp_path) -> None:
    admin = importer(app)
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    set_cell(users, "s-4", "agentSourcedIds", "p-4,t-1,p-99")  # a teacher, a missing user
    set_cell(users, "p-3", "metadata.ppdesk.preferredLanguage", "Vietnamese (Southern dialect)")
    copy_row(users, "p-3", dateLastModified="2024-09-01T00:00:00Z")  # an identical repeat
    set_cell(users, "p-1", "email", "maria.lopez.example.net")
    rows = read_rows(users)
    write_rows(users, [[*r, "x" if i else "shoeSize"] for i, r in enumerate(rows)])
    add_row(
        folder / "emergency_contacts.csv",
        studentSourcedId="s-404",
        name="Nobody",
        phone="213-555-0100",
    )
    result = apply(app, admin, folder)
    located = {(p.file, p.line, p.column) for p in result.warnings}
    assert ("users.csv", 10, "agentSourcedIds") in located
    [extra] = [p for p in result.warnings if (p.file, p.line, p.column) == ("users.csv", 1, None)]
    assert "'shoeSize'" in extra.message
    assert ("users.csv", 13, "metadata.ppdesk.preferredLanguage") in located
    assert ("users.csv", 11, "email") in located
    assert ("users.csv", 15, "sourcedId") in located  # "repeats line 13"
    assert result.counts.links_added == 5  # the teacher and the missing user are not linked
    assert guardian(runtime, "p-3").preferred_language is None  # too long: left out
    assert guardian(runtime, "p-1").email is None
    assert link(runtime, "000765433", "p-4").active


def test_missing_pin_keys_refuse_an_import_with_student_pins(app, runtime, tmp_path) -> None:
    admin = importer(app)
    keys, app.keys = app.keys, None
    try:
        before = counts(runtime)
        with pytest.raises(sis_import.ImportRejected) as caught:
            apply(app, admin, ONEROSTER_11)
        assert "PIN keys" in str(caught.value)
        assert counts(runtime) == before
        # Without student PINs in the files the import can go ahead.
        folder = copy_set(tmp_path)
        set_cell(folder / "users.csv", "s-1", "metadata.ppdesk.studentPin", "")
        assert apply(app, admin, folder).counts.students_added == 4
    finally:
        app.keys = keys


# ------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    "role", [Role.OFFICE_STAFF, Role.TEACHER, Role.ASSISTANT_PRINCIPAL, Role.PARENT_ACCESS_ADMIN]
)
def test_roles_without_import_sis_are_refused_and_audited(app, runtime, tmp_path, role) -> None:
    session = staff_with_role(app, role)
    before = dump(runtime)
    audits = len(audit_rows(runtime, "sis_import"))
    for call in (sis_import.apply_import, sis_import.preview_import):
        with pytest.raises(PermissionDenied):
            call(app, session, family_set(tmp_path / "set"))
    assert dump(runtime) == before
    events = audit_rows(runtime, "sis_import")[audits:]
    assert [(e.outcome, e.actor) for e in events] == [("denied", session.username)] * 2
    assert [json.loads(e.details)["dry_run"] for e in events] == [False, True]


def test_no_file_is_read_for_someone_who_may_never_import(app, runtime, tmp_path) -> None:
    session = staff_with_role(app, Role.TEACHER)
    with pytest.raises(PermissionDenied):
        sis_import.apply_import(app, session, tmp_path / "does-not-exist")


def test_principal_imports_own_school_but_not_others(app, runtime, tmp_path) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)  # at 1001
    result = apply(app, principal, family_set(tmp_path / "own"))
    assert result.counts.students_added == 2
    before = dump(runtime)
    with pytest.raises(PermissionDenied, match=r"0567|1234"):
        apply(app, principal, ONEROSTER_11)
    assert dump(runtime) == before
    [event] = [e for e in audit_rows(runtime, "sis_import") if e.outcome == "denied"]
    assert event.target_type == "school" and event.target_id in ("0567", "1234")


def test_district_admin_only_within_the_local_district(app, runtime, tmp_path) -> None:
    add_staff(app, "central_admin", Role.DISTRICT_ADMIN, school_code=None, local_district="Central")
    central = login(app, "central_admin")
    assert apply(app, central, family_set(tmp_path / "own")).counts.students_added == 2
    with pytest.raises(PermissionDenied):  # new schools of "Local District Central"
        apply(app, central, ONEROSTER_11)


def test_moving_a_student_needs_the_right_at_the_old_school(app, runtime, tmp_path) -> None:
    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "a"))
    add_school(app, "2002", "Cedar Heights Elementary")
    principal = staff_with_role(app, Role.PRINCIPAL, "2002")
    folder = family_set(tmp_path / "b", students=("s-1",))
    for name in ("orgs.csv",):
        set_cell(folder / name, "sch", "identifier", "2002")
        set_cell(folder / name, "sch", "name", "Cedar Heights Elementary")
    before = dump(runtime)
    with pytest.raises(PermissionDenied, match="1001"):
        apply(app, principal, folder)  # would take José away from school 1001
    assert dump(runtime) == before
    moved = apply(app, admin, folder)  # a district administrator may
    assert moved.counts.students_updated == 1
    assert [
        x.fields for x in moved.plan.changes if x.kind == "student" and x.action == "update"
    ] == [("school",)]


def test_a_mixed_encoding_changes_nothing_and_a_declared_one_lands(app, runtime, tmp_path) -> None:
    admin = importer(app)
    apply(app, admin, ONEROSTER_11)
    before, rows_before = dump(runtime), counts(runtime)
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    data = users.read_bytes()  # UTF-8 with María López in it; one row edited on Windows
    at = data.index(b"\np-2,") + 1
    users.write_bytes(data[:at] + data[at:].replace(b"Jorge", "Jórge".encode("cp1252"), 1))
    with pytest.raises(sis_import.ImportRejected) as refused:
        apply(app, admin, folder)
    (error,) = [p for p in refused.value.problems if p.severity == "error"]
    assert error.file == "users.csv" and "mixes UTF-8" in error.message and "0xF3" in error.message
    assert dump(runtime) == before and counts(runtime) == rows_before
    maria = guardian(runtime, "p-1")
    assert (maria.first_name, maria.last_name) == ("María", "López")  # no mojibake
    legacy = copy_set(tmp_path / "legacy")
    text = (legacy / "users.csv").read_text(encoding="utf-8").replace("Nguyễn", "Nguyen")
    (legacy / "users.csv").write_bytes(text.encode("cp1252"))
    result = apply(app, admin, legacy, encoding="cp1252")
    assert result.warnings == ()
    assert (guardian(runtime, "p-1").first_name, guardian(runtime, "p-1").last_name) == (
        "María",
        "López",
    )
