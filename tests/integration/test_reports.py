"""Reports (issue 5) against a small school whose numbers are worked out by hand.

School 1001 (school 1002 holds one more family that must never be counted):

    grade 4, Rm 12 - Ms. Park
      Adams  guardian 1 verified, PIN redeemed      guardian 2 not verified, no PIN
      Baker  guardian 1 verified, PIN active        guardian 2 link inactive (ignored)
      Cruz   guardian 1 verified, PIN past its date (swept to expired)
    grade 4, Rm 14 - Mr. Ito
      Diaz   guardian 1 verified, PIN revoked       guardian 2 verified, no PIN
    grade K, Rm 1
      Evans  guardian 1 verified, PIN redeemed, then a new PIN issued (still counts redeemed)
      Fox    no guardian at all
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.reports import AdoptionRow
from ppdesk.domain.roles import Role
from ppdesk.services import reports
from ppdesk.services.context import AppContext, StaffSession
from tests.support.family import Family, make_family
from tests.support.roster_data import ITO, PARK, add_contact, add_pin, audit_rows, set_link, utc
from tests.support.seed import add_school, staff_with_role


@dataclass
class SmallSchool:
    ctx: AppContext
    principal: StaffSession
    fam: dict[str, Family]


@pytest.fixture
def small(app: AppContext) -> SmallSchool:
    add_school(app, "1002", "Cedar Hill Elementary")
    principal = staff_with_role(app, Role.PRINCIPAL)
    by = principal.staff_id

    def family(key: str, last: str, grade: str, room: str, guardians: int, **kw) -> Family:
        return make_family(
            app, first=key, last=last, grade=grade, homeroom=room, guardians=guardians, **kw
        )

    fam = {
        "A": family("Ana", "Adams", "4", PARK, 2),
        "B": family("Ben", "Baker", "4", PARK, 2),
        "C": family("Cara", "Cruz", "4", PARK, 1),
        "D": family("Dan", "Diaz", "4", ITO, 2),
        "E": family("Eve", "Evans", "K", "Rm 1", 1),
        "F": family("Fay", "Fox", "K", "Rm 1", 0),
        "G": family("Gil", "Gray", "4", PARK, 1, school_code="1002"),
    }
    add_pin(app, fam["A"].link_ids[0], issued_by=by, status="redeemed")
    add_pin(app, fam["B"].link_ids[0], issued_by=by)
    set_link(app, fam["B"].link_ids[1], active=False)
    add_pin(app, fam["C"].link_ids[0], issued_by=by, expires_in=timedelta(days=-1))
    add_pin(app, fam["D"].link_ids[0], issued_by=by, status="revoked")
    set_link(app, fam["D"].link_ids[1], verified_legal_guardian=True)
    add_pin(app, fam["E"].link_ids[0], issued_by=by, status="redeemed")
    add_pin(app, fam["E"].link_ids[0], issued_by=by)
    add_pin(app, fam["G"].link_ids[0], issued_by=by, status="redeemed")
    return SmallSchool(app, principal, fam)


def counts(row: AdoptionRow) -> tuple[object, ...]:
    return (
        row.grade, row.homeroom, row.students, row.students_connected, row.guardians,
        row.guardians_verified, row.pins_issued, row.pins_active, row.pins_redeemed,
        row.pins_expired, row.pins_revoked,
    )  # fmt: skip


def test_adoption_numbers_match_the_hand_count(small: SmallSchool) -> None:
    report = reports.adoption_report(small.ctx, small.principal, school_code="1001")
    assert [counts(r) for r in report.homerooms] == [
        ("K", "Rm 1", 2, 1, 1, 1, 1, 0, 1, 0, 0),
        ("4", PARK, 3, 1, 4, 3, 3, 1, 1, 1, 0),
        ("4", ITO, 1, 0, 2, 2, 1, 0, 0, 0, 1),
    ]
    assert [counts(r) for r in report.grades] == [
        ("K", None, 2, 1, 1, 1, 1, 0, 1, 0, 0),
        ("4", None, 4, 1, 6, 5, 4, 1, 1, 1, 1),
    ]
    assert counts(report.total) == (None, None, 6, 2, 7, 6, 5, 1, 2, 1, 1)
    park = report.homerooms[1]
    assert park.verified_rate == 0.75 and park.issued_rate == 1.0
    assert park.redeemed_rate == pytest.approx(1 / 3) and park.expired_rate == pytest.approx(1 / 3)
    assert park.students_connected_rate == pytest.approx(1 / 3)
    assert report.total.redeemed_rate == pytest.approx(2 / 6)


def test_adoption_for_one_grade(small: SmallSchool) -> None:
    report = reports.adoption_report(small.ctx, small.principal, school_code="1001", grade="K")
    assert [counts(r) for r in report.grades] == [("K", None, 2, 1, 1, 1, 1, 0, 1, 0, 0)]
    assert report.total.students == 2


def test_adoption_xlsx_holds_the_same_numbers(small: SmallSchool, tmp_path: Path) -> None:
    out = tmp_path / "adoption.xlsx"
    summary = reports.export_adoption(small.ctx, small.principal, out, school_code="1001")
    assert summary.rows == 6  # three homerooms, two grade subtotals, one total
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("School", "Grade", "Homeroom", "Students")
    assert [r[:5] for r in rows[1:]] == [
        ("1001", "K", "Rm 1", 2, 1),
        ("1001", "K", "All homerooms", 2, 1),
        ("1001", "4", PARK, 3, 1),
        ("1001", "4", ITO, 1, 0),
        ("1001", "4", "All homerooms", 4, 1),
        ("All", "All grades", "All homerooms", 6, 2),
    ]
    park = rows[3]
    assert park[6:] == (4, 3, 0.75, 3, 1.0, 1, pytest.approx(1 / 3), 1, 1, pytest.approx(1 / 3), 0)
    assert sheet.cell(row=4, column=9).number_format == "0.0%"
    (event,) = audit_rows(small.ctx, "report_export")
    details = json.loads(event.details)
    assert (details["report"], details["rows"], details["format"]) == ("adoption", 6, "xlsx")
    assert event.target_id == "1001"


def test_adoption_pdf_shows_the_numbers(small: SmallSchool, tmp_path: Path) -> None:
    out = tmp_path / "adoption.pdf"
    reports.export_adoption(small.ctx, small.principal, out, school_code="1001")
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Parent Portal Adoption by Grade and Homeroom" in text
    assert PARK in text and "All grades" in text
    assert "33.3%" in text and "75.0%" in text


def test_outreach_lists_who_has_not_connected(small: SmallSchool, tmp_path: Path) -> None:
    fam = small.fam
    found = reports.outreach_list(small.ctx, small.principal, school_code="1001")
    assert [(r.link_id, r.pin_status) for r in found] == [
        (fam["A"].link_ids[1], None),
        (fam["B"].link_ids[0], "active"),
        (fam["C"].link_ids[0], "expired"),
        (fam["D"].link_ids[0], "revoked"),
        (fam["D"].link_ids[1], None),
    ]
    reasons = [r.reason for r in found]
    assert reasons[0].startswith("Not yet a verified parent") and reasons[4] == "No PIN issued yet"
    assert reasons[1] == "PIN issued, not redeemed yet" and "reissue" in reasons[2]
    assert all(r.phone and r.phone.startswith("(323) 555-") for r in found)
    assert {r.preferred_language for r in found} == {"es"}
    out = tmp_path / "outreach.xlsx"
    summary = reports.export_outreach(small.ctx, small.principal, out, school_code="1001")
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert summary.rows == 5 and len(rows) == 6
    assert rows[2][2] == "Ben Baker" and rows[2][8] == "Active" and rows[2][12] == "Spanish"
    assert rows[2][10] is not None  # expiry as a real date
    assert rows[1][8] == "Not issued" and rows[1][9] is None


def test_new_emergency_contacts_since_a_day(small: SmallSchool, tmp_path: Path) -> None:
    ctx, fam = small.ctx, small.fam
    add_contact(
        ctx,
        fam["E"].student_id,
        "Old Contact",
        created_at=utc(2021, 1, 5),
        updated_at=utc(2021, 1, 5),
    )
    add_contact(
        ctx,
        fam["E"].student_id,
        "New Contact",
        created_at=utc(2022, 2, 1),
        updated_at=utc(2022, 2, 1),
    )
    add_contact(ctx, fam["F"].student_id, "Changed Contact", created_at=utc(2021, 1, 5), updated_at=utc(2022, 3, 1))  # fmt: skip
    found = reports.emergency_contact_changes(
        ctx, small.principal, since=date(2022, 1, 1), school_code="1001", grade="K"
    )
    assert [(c.student_name, c.contact_name, c.change) for c in found] == [
        ("Eve Evans", "New Contact", "New"),
        ("Eve Evans", "Ana Torres", "New"),  # added with the family, today
        ("Fay Fox", "Changed Contact", "Changed"),
        ("Fay Fox", "Ana Torres", "New"),
    ]
    assert found[2].changed_at == utc(2022, 3, 1)
    everyone = reports.emergency_contact_changes(ctx, small.principal, since=date(2022, 1, 1))
    assert "Gil Gray" not in {c.student_name for c in everyone}  # school 1002
    assert len(everyone) == 8  # six families' contacts today, plus two above
    out = tmp_path / "contacts.pdf"
    summary = reports.export_emergency_contacts(
        ctx, small.principal, out, since=date(2022, 1, 1), grade="K"
    )
    assert summary.rows == 4
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "New Emergency Contact Report" in text and "Changed Contact" in text
    assert "Old Contact" not in text


def test_audit_trail_export_keeps_to_the_readers_school(small: SmallSchool, tmp_path: Path) -> None:
    ctx = small.ctx
    other = staff_with_role(ctx, Role.PRINCIPAL, "1002")
    reports.export_adoption(ctx, other, tmp_path / "other.xlsx", school_code="1002")
    reports.export_adoption(ctx, small.principal, tmp_path / "mine.xlsx", school_code="1001")
    out = tmp_path / "audit.xlsx"
    today = date.today()
    summary = reports.export_audit_trail(
        ctx, small.principal, out, since=today - timedelta(days=1), until=today + timedelta(days=1)
    )
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("Seq", "Time (UTC)", "Staff", "Workstation", "Action")
    body = rows[1:]
    assert summary.rows == len(body) > 0
    assert {r[2] for r in body} == {"principal_1001"}  # not principal_1002's login or export
    assert {r[8] for r in body} <= {"1001", None}
    assert [r[4] for r in body] == ["login", "report_export"]
    assert all(isinstance(r[1], type(rows[1][1])) and r[1] is not None for r in body)
    (event,) = audit_rows(ctx, "audit_export")
    assert json.loads(event.details)["rows"] == len(body)
    nothing = reports.export_audit_trail(
        ctx, small.principal, tmp_path / "none.xlsx", since=today + timedelta(days=2)
    )
    assert nothing.rows == 0


@pytest.mark.parametrize("role", [Role.OFFICE_STAFF, Role.TEACHER, Role.PARENT_ACCESS_ADMIN])
def test_reports_are_refused_to_other_roles(small: SmallSchool, tmp_path: Path, role: Role) -> None:
    # Issue 15 point 6: office staff and parent access admins run the reports that show no
    # PIN (adoption, new emergency contacts); the outreach list and the audit trail stay
    # refused to them. A teacher gets none.
    session = staff_with_role(small.ctx, role)
    if role is Role.TEACHER:
        with pytest.raises(PermissionDenied):
            reports.adoption_report(small.ctx, session, school_code="1001")
    else:
        assert reports.adoption_report(small.ctx, session, school_code="1001").total.students
    with pytest.raises(PermissionDenied):
        reports.export_outreach(small.ctx, session, tmp_path / "o.xlsx", school_code="1001")
    with pytest.raises(PermissionDenied):
        reports.export_audit_trail(small.ctx, session, tmp_path / "a.xlsx", since=date.today())
    assert not list(tmp_path.glob("*.xlsx"))
    views = [e.outcome for e in audit_rows(small.ctx, "report_view")]
    assert views == (["denied"] if role is Role.TEACHER else [])
    assert [e.outcome for e in audit_rows(small.ctx, "report_export")] == ["denied"]
    assert [e.outcome for e in audit_rows(small.ctx, "audit_export")] == ["denied"]


def test_district_admin_reads_reports_across_the_district(small: SmallSchool) -> None:
    admin = staff_with_role(small.ctx, Role.DISTRICT_ADMIN)
    report = reports.adoption_report(small.ctx, admin)
    assert {r.school_code for r in report.homerooms} == {"1001", "1002"}
    assert report.total.students == 7 and report.total.pins_redeemed == 3


def test_cancelled_report_leaves_nothing(small: SmallSchool, tmp_path: Path) -> None:
    out = tmp_path / "outreach.xlsx"
    summary = reports.export_outreach(
        small.ctx, small.principal, out, school_code="1001", is_cancelled=lambda: True
    )
    assert summary.cancelled and not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ppdesk-")]
    assert audit_rows(small.ctx, "report_export") == []


def test_demo_outreach_pdf_is_a_readable_call_sheet(runtime, tmp_path: Path) -> None:
    # The demo school's outreach list on paper: landscape, one family per row, no word,
    # phone number or ID broken across lines, boxes to tick, only embedded shipped fonts.
    import re
    import shutil
    import subprocess

    from ppdesk.services import demo
    from tests.support.seed import login

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    made = demo.create_demo(runtime.ctx, students=40, seed=5, password="demo passphrase 1")
    principal = next(a for a in made.accounts if "principal" in a)
    session = login(runtime.ctx, principal, "demo passphrase 1")
    out = tmp_path / "outreach.pdf"
    summary = reports.export_outreach(runtime.ctx, session, out)
    assert summary.rows > 10
    page = PdfReader(out).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    layout = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    phones = re.findall(r"\(\d{3}\)\s\d{3}-\d{4}", layout)
    assert len(phones) == summary.rows  # every phone number whole, on one line
    for header in ("Student ID", "Guardian", "Phone", "Called", "Left message", "Reached"):
        assert header in layout or header.split()[0] in layout
    # No word broken: every line's words are whole words of the table (no "G", "r" pieces
    # of "Grade", no ID in two halves).
    assert len(re.findall(r"\b\d{8}\b", layout)) == summary.rows  # 8-digit IDs, whole
    for word in ("Grade", "Homeroom", "Relationship", "Language"):
        assert word in layout  # headers whole
    assert not re.search(r"\(\d{3}\)\s*$", layout, re.MULTILINE)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts
    assert all(" yes yes " in line for line in fonts.splitlines()[2:])


def test_audit_pdf_shows_school_time_and_readable_details(
    small: SmallSchool, tmp_path: Path
) -> None:
    # Times on paper are the school's (time_zone setting, Los Angeles by default), with
    # their zone; details read as words, not JSON. The spreadsheet keeps UTC and JSON.
    import dataclasses
    import subprocess

    ctx = small.ctx
    reports.export_adoption(ctx, small.principal, tmp_path / "mine.xlsx", school_code="1001")
    today = date.today()
    ctx.settings = dataclasses.replace(ctx.settings, time_zone="America/New_York")
    out = tmp_path / "audit.pdf"
    reports.export_audit_trail(
        ctx, small.principal, out, since=today - timedelta(days=1), until=today + timedelta(days=1)
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "(UTC)" not in text
    assert " EST" in text or " EDT" in text  # each time with the school's zone
    assert "report: adoption" in text and "format: xlsx" in text
    assert '{"' not in text
    assert "Run at:" in text and " UTC" not in text.split("Run at:", 1)[1].splitlines()[0]


def test_one_selection_rule_for_reports_and_the_roster(small: SmallSchool, tmp_path: Path) -> None:
    # The rule letters use (domain.selection): a grade as people say it, a homeroom by a
    # unique part of its name or its teacher's name; no match is an error, not an empty file.
    from ppdesk.domain.errors import ValidationError
    from ppdesk.services import roster

    ctx, principal = small.ctx, small.principal
    by_part = reports.outreach_list(ctx, principal, school_code="1001", homeroom="park")
    exact = reports.outreach_list(ctx, principal, school_code="1001", homeroom=PARK)
    assert by_part and [r.link_id for r in by_part] == [r.link_id for r in exact]
    assert reports.adoption_report(ctx, principal, school_code="1001", grade="4th").homerooms
    rows = roster.roster_rows(ctx, principal, school_code="1001", homeroom="ito")
    assert rows and {r.homeroom_teacher for r in rows} == {ITO}
    for bad in ("Rm 99", "Kowalski"):
        with pytest.raises(ValidationError, match="No homeroom"):
            reports.outreach_list(ctx, principal, school_code="1001", homeroom=bad)
        with pytest.raises(ValidationError, match="No homeroom"):
            reports.export_outreach(
                ctx, principal, tmp_path / "o.pdf", school_code="1001", homeroom=bad
            )
        with pytest.raises(ValidationError, match="No homeroom"):
            roster.export_roster(ctx, principal, tmp_path / "r.xlsx", homeroom=bad)
    with pytest.raises(ValidationError, match="grade 7"):
        reports.adoption_report(ctx, principal, school_code="1001", grade="7")
    with pytest.raises(ValidationError, match="several homerooms"):
        reports.outreach_list(ctx, principal, school_code="1001", homeroom="Rm")
    assert not (tmp_path / "o.pdf").exists() and not (tmp_path / "r.xlsx").exists()
