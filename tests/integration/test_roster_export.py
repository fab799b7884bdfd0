"""The Student/Parent PIN roster export (issue 5), on SQLite and PostgreSQL.

Files are read back with openpyxl (and LibreOffice in test_roster_libreoffice.py) and
compared with what the database holds for the selection.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import PinDisclosure
from ppdesk.adapters.db.repos import pins as pins_repo
from ppdesk.adapters.xlsx.roster import ABOUT_SHEET, ROSTER_COLUMNS, ROSTER_SHEET
from ppdesk.domain.errors import PermissionDenied, SecretsUnavailable, StepUpRequired
from ppdesk.domain.letters import use_by_day
from ppdesk.domain.roles import Role
from ppdesk.services import roster
from ppdesk.services.context import AppContext
from ppdesk.services.exports import school_zone
from tests.support.memory_keyring import MemoryKeyring
from tests.support.roster_data import (
    HYPERLINK,
    PARK,
    RosterSchool,
    add_many_students,
    audit_rows,
    build_school,
    disclosures,
)
from tests.support.seed import add_staff, login, staff_with_role


@pytest.fixture
def school(app: AppContext) -> RosterSchool:
    return build_school(app)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the files (the SQLite database lives in ``tmp_path``)."""
    path = tmp_path / "exports"
    path.mkdir()
    return path


def expected_row(
    ctx: AppContext, link_id: int, parent_pin: str, status: str, student_pin: str | None
) -> list[object]:
    """The roster row of one link, built from the database records."""
    with ctx.uow(readonly=True) as uow:
        link = uow.people.link(link_id)
        student = uow.people.student(link.student_id)
        guardian = uow.people.guardian(link.guardian_id)
        pin = uow.pins.latest_for_link(link_id)
    expires = None
    if pin is not None and status in ("Active", "Expired"):
        at = pin.expires_at if pin.expires_at.tzinfo else pin.expires_at.replace(tzinfo=UTC)
        # The roster shows the letter's "use by" day (issue 18: one expiry everywhere).
        expires = use_by_day(at, school_zone(ctx))
    name = " ".join(p for p in (guardian.first_name, guardian.last_name) if p)
    return [
        student.student_number,
        student.last_name,
        student.first_name,
        student.grade,
        student.homeroom,
        student.student_email,
        student_pin,
        name.replace("\x07", ""),
        link.relationship,
        "Yes" if link.verified_legal_guardian else "No",
        parent_pin,
        status,
        expires,
        guardian.registered_portal_email,
        guardian.cell_phone,
        "Spanish",
    ]


def read_sheet(path: Path, title: str = ROSTER_SHEET) -> list[list[object]]:
    wb = openpyxl.load_workbook(path)
    values = [
        [c.date() if hasattr(c, "date") and callable(c.date) else c for c in row]
        for row in wb[title].iter_rows(values_only=True)
    ]
    wb.close()
    return values


def test_export_matches_the_database_for_a_grade_and_homeroom(
    school: RosterSchool, folder: Path
) -> None:
    ctx, fam, pin = school.ctx, school.families, school.pins
    out = folder / "roster.xlsx"
    summary = roster.export_roster(
        ctx, school.principal, out, school_code="1001", grade="4", homeroom=PARK
    )
    assert summary.path == str(out.resolve()) and summary.rows == 5
    assert summary.pins_disclosed == 1 and summary.cleaned_characters == 1
    rows = read_sheet(out)
    assert rows[0] == [title for title, _ in ROSTER_COLUMNS]
    assert rows[1:] == [
        expected_row(ctx, fam["A"].link_ids[0], pin["A"][1], "Active", "004211"),
        expected_row(ctx, fam["A"].link_ids[1], "Not issued", "Not issued", "004211"),
        expected_row(ctx, fam["B"].link_ids[0], "Redeemed", "Redeemed", "120034"),
        expected_row(ctx, fam["C"].link_ids[0], "Expired", "Expired", "Unavailable"),
        expected_row(ctx, fam["D"].link_ids[0], "Revoked", "Revoked", None),
    ]
    assert rows[3][13] == "ben.parent@example.net"  # registered portal email
    wb = openpyxl.load_workbook(out)
    sheet = wb[ROSTER_SHEET]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:P6"
    ids = [sheet.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in ids][:2] == ["00012345", "00012345"]
    assert all(c.data_type == "s" for c in ids)  # leading zeros kept as text
    assert sheet.cell(row=2, column=7).data_type == "s"  # student PIN "004211"
    assert sheet.cell(row=2, column=13).is_date
    about = {row[0].value: row[1].value for row in wb[ABOUT_SHEET].iter_rows(min_row=2)}
    assert about["Grade"] == "4" and about["Homeroom"] == PARK
    assert about["School"] == "1001 Maple Grove Elementary"
    assert about["Exported by"] == "Principal 1001 (principal_1001)"
    assert about["Rows (student-guardian links)"] == "5"


def test_formula_like_names_stay_text(school: RosterSchool, folder: Path) -> None:
    out = folder / "roster.xlsx"
    roster.export_roster(school.ctx, school.principal, out, grade="4", homeroom=PARK)
    sheet = openpyxl.load_workbook(out)[ROSTER_SHEET]
    names = {sheet.cell(row=r, column=8).value: sheet.cell(row=r, column=8) for r in range(2, 7)}
    for name in (HYPERLINK, "+1-555"):
        assert names[name].value == name and names[name].data_type == "s"
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_control_character_is_removed_and_counted(school: RosterSchool, folder: Path) -> None:
    out = folder / "roster.xlsx"
    summary = roster.export_roster(school.ctx, school.principal, out, grade="4", homeroom=PARK)
    assert summary.cleaned_characters == 1
    assert "Mei Liu" in [row[7] for row in read_sheet(out)]
    about = {row[0]: row[1] for row in read_sheet(out, ABOUT_SHEET)[1:]}
    assert about["Characters removed"].startswith("1 ")
    (event,) = audit_rows(school.ctx, "roster_export")
    assert json.loads(event.details)["cleaned_characters"] == 1


def test_export_is_audited_and_discloses_each_active_pin(
    school: RosterSchool, folder: Path
) -> None:
    ctx, pin = school.ctx, school.pins
    before = disclosures(ctx, "export")
    assert before == []
    summary = roster.export_roster(ctx, school.principal, folder / "all.xlsx", school_code="1001")
    # Active at school 1001: A (issued), E and F. C expired unused; G is another school.
    assert summary.rows == 7 and summary.pins_disclosed == 3
    found = disclosures(ctx, "export")
    assert sorted(p for p, _, _ in found) == sorted([pin["A"][0], pin["E"][0], pin["F"][0]])
    assert {s for _, s, _ in found} == {school.principal.staff_id}
    (event,) = audit_rows(ctx, "roster_export")
    details = json.loads(event.details)
    assert event.outcome == "success" and event.actor == "principal_1001"
    assert (event.target_type, event.target_id) == ("school", "1001")
    assert details["rows"] == 7 and details["pin_count"] == 3
    assert details["schools"] == ["1001"] and details["grade"] is None
    assert {b for _, _, b in found} == {details["batch"]}
    assert 'pin":' not in event.details  # counts and ids only, never a PIN
    for _, display in pin.values():
        assert display not in event.details


def test_disclosures_written_in_chunks_keep_every_field(
    school: RosterSchool, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two PIN ids per INSERT ... SELECT, so the three PINs take two statements.
    monkeypatch.setattr(pins_repo, "DISCLOSURE_CHUNK", 2)
    ctx = school.ctx
    summary = roster.export_roster(ctx, school.principal, folder / "all.xlsx", school_code="1001")
    assert summary.pins_disclosed == 3
    (event,) = audit_rows(ctx, "roster_export")
    with ctx.uow(readonly=True) as uow:
        rows = (
            uow.session.execute(select(PinDisclosure).where(PinDisclosure.channel == "export"))
            .scalars()
            .all()
        )
        found = [(r.pin_id, r.staff_id, r.batch, r.verification_id, r.at) for r in rows]
    pins = school.pins
    assert sorted(p for p, *_ in found) == sorted([pins["A"][0], pins["E"][0], pins["F"][0]])
    batch = json.loads(event.details)["batch"]
    assert {(s, b, v) for _, s, b, v, _ in found} == {(school.principal.staff_id, batch, None)}
    (at,) = {a if a.tzinfo else a.replace(tzinfo=UTC) for *_, a in found}
    assert abs(at - event.occurred_at.replace(tzinfo=event.occurred_at.tzinfo or UTC)) < timedelta(
        minutes=1
    )


def test_pin_past_its_date_is_swept_and_not_shown(school: RosterSchool, folder: Path) -> None:
    ctx = school.ctx
    out = folder / "roster.xlsx"
    roster.export_roster(ctx, school.principal, out, grade="4", homeroom=PARK)
    with ctx.uow(readonly=True) as uow:
        row = uow.pins.get(school.pins["C"][0])
    assert row.status == "expired" and row.ciphertext is None
    texts = [str(v) for line in read_sheet(out) for v in line]
    assert school.pins["C"][1] not in texts
    assert school.pins["C"][0] not in [p for p, _, _ in disclosures(ctx, "export")]


def test_assistant_principal_and_district_principal_may_export(
    school: RosterSchool, folder: Path
) -> None:
    ctx = school.ctx
    ap = staff_with_role(ctx, Role.ASSISTANT_PRINCIPAL)
    assert roster.export_roster(ctx, ap, folder / "ap.xlsx", grade="5").rows == 1
    add_staff(ctx, "area_principal", Role.PRINCIPAL, school_code=None, local_district="Central")
    area = login(ctx, "area_principal")
    summary = roster.export_roster(ctx, area, folder / "area.xlsx", homeroom=PARK)
    assert summary.rows == 6  # five at 1001, one at 1002
    assert {row[0] for row in read_sheet(folder / "area.xlsx")[1:]} >= {"00099999"}
    event = audit_rows(ctx, "roster_export")[-1]
    assert event.target_id is None and json.loads(event.details)["schools"] == ["1001", "1002"]


@pytest.mark.parametrize(
    "role",
    [Role.PARENT_ACCESS_ADMIN, Role.OFFICE_STAFF, Role.TEACHER, Role.DISTRICT_ADMIN],
)
def test_other_roles_are_refused_and_the_refusal_audited(
    school: RosterSchool, folder: Path, role: Role
) -> None:
    session = staff_with_role(school.ctx, role)
    with pytest.raises(PermissionDenied):
        roster.export_roster(school.ctx, session, folder / "r.xlsx", school_code="1001")
    assert list(folder.iterdir()) == []
    (event,) = audit_rows(school.ctx, "roster_export")
    assert event.outcome == "denied" and event.actor == session.username
    assert json.loads(event.details)["permission"] == "export_roster"
    assert disclosures(school.ctx, "export") == []


def test_principal_of_another_school_is_refused(school: RosterSchool, folder: Path) -> None:
    with pytest.raises(PermissionDenied):
        roster.export_roster(school.ctx, school.principal, folder / "r.xlsx", school_code="1002")
    (event,) = audit_rows(school.ctx, "roster_export")
    assert (event.outcome, event.target_id) == ("denied", "1002")
    assert list(folder.iterdir()) == []


def test_export_needs_a_recent_login(school: RosterSchool, folder: Path) -> None:
    stale = replace(
        school.principal, authenticated_at=school.principal.authenticated_at - timedelta(hours=1)
    )
    with pytest.raises(StepUpRequired):
        roster.export_roster(school.ctx, stale, folder / "r.xlsx")
    assert list(folder.iterdir()) == []


def test_without_keys_export_fails_closed(
    school: RosterSchool, folder: Path, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.store.clear()  # the keys are gone from this workstation's keyring
    school.ctx.keys = None
    with pytest.raises(SecretsUnavailable):
        roster.export_roster(school.ctx, school.principal, folder / "r.xlsx")
    assert list(folder.iterdir()) == []


def test_cancel_leaves_no_file_and_records_nothing(school: RosterSchool, folder: Path) -> None:
    add_many_students(school.ctx, 1_200, grade="6")
    seen: list[int] = []
    summary = roster.export_roster(
        school.ctx,
        school.principal,
        folder / "big.xlsx",
        grade="6",
        progress=lambda done, total: seen.append(done),
        is_cancelled=lambda: bool(seen),
    )
    assert summary.cancelled and summary.path is None and seen == [1_000]
    assert list(folder.iterdir()) == []  # not the file, not a part file
    assert audit_rows(school.ctx, "roster_export") == []
    assert disclosures(school.ctx, "export") == []


def test_staging_files_are_registered_only_while_they_exist(
    school: RosterSchool, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppdesk.adapters import staging

    registry = staging.registry_folder()
    assert registry is not None  # open_app configured it under this test's data folder
    seen: list[int] = []
    real_register = staging.register

    def register(path: Path) -> None:
        seen.append(len(list(registry.glob("*.json"))))
        real_register(path)

    monkeypatch.setattr(staging, "register", register)
    roster.export_roster(school.ctx, school.principal, folder / "a.xlsx", school_code="1001")
    # The pending file, the sheet stream and the file being written were all registered...
    assert len(seen) >= 3
    # ...and nothing is left registered, or left in the folder, once the export is done.
    assert list(registry.glob("*.json")) == []
    assert [p.name for p in folder.iterdir()] == ["a.xlsx"]
    with pytest.raises(PermissionDenied):
        roster.export_roster(
            school.ctx, staff_with_role(school.ctx, Role.OFFICE_STAFF), folder / "b.xlsx"
        )
    assert list(registry.glob("*.json")) == []


def test_selected_rows_only(school: RosterSchool, folder: Path) -> None:
    fam = school.families
    wanted = [fam["E"].link_ids[0], fam["A"].link_ids[1], fam["G"].link_ids[0]]
    out = folder / "some.xlsx"
    summary = roster.export_roster(school.ctx, school.principal, out, link_ids=wanted)
    # G is at another school: never exported by this principal.
    assert summary.rows == 2 and summary.pins_disclosed == 1
    assert sorted(row[0] for row in read_sheet(out)[1:]) == ["00012345", "00055555"]


def test_bad_output_and_selection_are_refused_plainly(school: RosterSchool, folder: Path) -> None:
    from ppdesk.domain.errors import ValidationError

    for bad in (folder / "roster.csv", folder / "missing" / "r.xlsx"):
        with pytest.raises(ValidationError):
            roster.export_roster(school.ctx, school.principal, bad)
    with pytest.raises(ValidationError):
        roster.export_roster(school.ctx, school.principal, folder / "r.xlsx", grade="4\x00")
    assert list(folder.iterdir()) == []


def test_a_selection_matching_nothing_is_an_error_not_an_empty_file(
    school: RosterSchool, folder: Path
) -> None:
    # Issue 18, point 5: it used to write a header-only file and audit a 0-row export.
    from ppdesk.domain.errors import ValidationError

    out = folder / "none.xlsx"
    with pytest.raises(ValidationError, match="No students in grade 12"):
        roster.export_roster(school.ctx, school.principal, out, grade="12")
    assert not out.exists()
    assert audit_rows(school.ctx, "roster_export") == []


def test_a_large_selection_streams_in_order_with_progress(
    school: RosterSchool, folder: Path
) -> None:
    add_many_students(school.ctx, 4_500, grade="7")  # more than two database fetches
    seen: list[tuple[int, int | None]] = []
    out = folder / "grade7.xlsx"
    summary = roster.export_roster(
        school.ctx,
        school.principal,
        out,
        grade="7",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert summary.rows == 4_500
    assert seen == [(n, 4_500) for n in (1_000, 2_000, 3_000, 4_000, 4_500)]
    wb = openpyxl.load_workbook(out, read_only=True)
    last_names = [row[1] for row in wb[ROSTER_SHEET].iter_rows(min_row=2, values_only=True)]
    wb.close()
    assert last_names == [f"Bulk{n:05d}" for n in range(1, 4_501)]
