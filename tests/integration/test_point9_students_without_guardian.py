"""Issue 15 point 9 on both engines: a student with a student PIN and no guardian link yet
is on the roster (export, screen, count), with the guardian columns empty."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ppdesk.adapters.xlsx.roster import ROSTER_SHEET
from ppdesk.services import roster
from ppdesk.services.context import AppContext
from tests.support.family import make_family
from tests.support.roster_data import PARK, RosterSchool, build_school, set_link, set_student_pin


@pytest.fixture
def school(app: AppContext) -> RosterSchool:
    built = build_school(app)
    lone = make_family(
        app, first="Lia", last="Lone", student_number="00044444", homeroom=PARK, guardians=0
    )
    set_student_pin(app, lone.student_id, "314159")
    # A student whose only link was ended counts as having no guardian too.
    ended = make_family(
        app, first="Max", last="Moss", student_number="00044445", homeroom=PARK, guardians=1
    )
    set_link(app, ended.link_ids[0], active=False)
    return built


def _rows(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path)
    values = [list(r) for r in wb[ROSTER_SHEET].iter_rows(values_only=True)]
    wb.close()
    return values


def test_point9_export_includes_students_without_a_guardian(school, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    summary = roster.export_roster(
        school.ctx, school.principal, out, school_code="1001", grade="4", homeroom=PARK
    )
    rows = _rows(out)
    assert summary.rows == 7 == len(rows) - 1
    lone = next(r for r in rows if r[0] == "00044444")
    assert lone[1:3] == ["Lone", "Lia"] and lone[6] == "314159"  # the student PIN
    assert lone[7:10] == [None, None, None]  # guardian, relationship, verified: empty
    assert lone[10] == "Not issued" and lone[13:15] == [None, None]
    moss = next(r for r in rows if r[0] == "00044445")
    assert moss[6] is None and moss[7] is None


def test_point9_screen_and_row_count_include_them(school) -> None:
    entries = roster.roster_rows(school.ctx, school.principal, school_code="1001", grade="4")
    lone = [e for e in entries if e.link_id is None]
    assert sorted(e.student_id for e in lone) == ["00044444", "00044445"]
    assert all(e.guardian_name == "" and e.verified_legal_guardian is None for e in lone)
    assert lone[0].student_pin is not None or lone[1].student_pin is not None
    with school.ctx.uow(readonly=True) as uow:
        ids = [uow.schools.get_by_code("1001").id]
        assert uow.roster.count_links(ids, grade="4") == len(entries)


def test_point9_exporting_the_rows_shown_keeps_the_lone_students(school, tmp_path: Path) -> None:
    entries = roster.roster_rows(school.ctx, school.principal, school_code="1001", grade="4")
    out = tmp_path / "shown.xlsx"
    roster.export_roster(
        school.ctx,
        school.principal,
        out,
        link_ids=[e.link_id for e in entries if e.link_id is not None][:1],
        student_ids=[e.student_key for e in entries if e.link_id is None],
    )
    assert sorted(r[0] for r in _rows(out)[1:]) == ["00012345", "00044444", "00044445"]
