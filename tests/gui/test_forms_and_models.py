"""The compiled Designer forms are fresh; the table models and their sort proxy work
without a window."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ppdesk.gui import build_forms
from ppdesk.gui.models import (
    ROW_ROLE,
    GuardianDetailModel,
    StudentTableModel,
    format_date,
    pin_status_text,
    sorting_proxy,
)
from ppdesk.services.lookup import GuardianDetail
from ppdesk.services.records import StudentHit, StudentRow

UI_FILES = sorted(build_forms.UI_DIR.glob("*.ui"))


_compile = build_forms.compile_form  # the real uic run, kept before any monkeypatch
_cache: dict[Path, str] = {}


def _compiled(ui_path: Path) -> str:
    if ui_path not in _cache:
        _cache[ui_path] = _compile(ui_path)
    return _cache[ui_path]


def test_every_form_has_a_compiled_module() -> None:
    assert len(UI_FILES) >= 10
    compiled = {p.name for p in build_forms.FORMS_DIR.glob("ui_*.py")}
    assert compiled == {build_forms.form_target(u).name for u in UI_FILES}


@pytest.mark.parametrize("ui_path", UI_FILES, ids=lambda p: p.name)
def test_compiled_form_is_fresh(ui_path: Path) -> None:
    fresh = _compiled(ui_path)
    committed = build_forms.form_target(ui_path).read_text(encoding="utf-8")
    assert build_forms.comparable(committed) == build_forms.comparable(fresh), (
        f"{ui_path.name} changed: run `python -m ppdesk.gui.build_forms` (make forms)"
    )


def test_stale_check_notices_an_edited_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    for ui_path in UI_FILES:
        target = forms / build_forms.form_target(ui_path).name
        target.write_text(build_forms.form_target(ui_path).read_text(encoding="utf-8"))
    monkeypatch.setattr(build_forms, "FORMS_DIR", forms)
    monkeypatch.setattr(build_forms, "compile_form", _compiled)
    assert build_forms.stale_forms() == []
    (forms / "ui_login.py").write_text("# edited by hand\n")
    assert [p.name for p, _code in build_forms.stale_forms()] == ["login.ui"]


def _student(n: int, name: str, grade: str) -> StudentHit:
    first, last = name.split(" ", 1)
    row = StudentRow(
        id=n,
        school_id=1,
        student_number=f"{n:08d}",
        first_name=first,
        last_name=last,
        dob=date(2015, 1, 1),
        grade=grade,
        homeroom="Rm 101",
        homeroom_teacher_id=None,
        address=None,
        zip_code=None,
        phone=None,
        student_email=None,
        home_language=None,
        active=True,
    )
    return StudentHit(row, "1847")


def test_student_model_columns_and_grade_sort(qtbot: object) -> None:
    model = StudentTableModel()
    rows = [
        _student(1, "Zoë Álvarez", "10"),
        _student(2, "ana Brown", "K"),
        _student(3, "Bo Chen", "2"),
        _student(4, "Cy Diaz", "TK"),
    ]
    model.set_rows(rows)
    assert model.rowCount() == 4 and model.columnCount() == 5
    assert model.headerData(StudentTableModel.COL_ID, Qt.Orientation.Horizontal) == "Student ID"
    assert model.index(0, StudentTableModel.COL_ID).data() == "00000001"  # leading zeros kept
    assert model.index(2, StudentTableModel.COL_NAME).data(ROW_ROLE) is rows[2]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Date of birth" not in headers  # a security answer is never in the results
    proxy = sorting_proxy(model)
    proxy.sort(StudentTableModel.COL_GRADE, Qt.SortOrder.AscendingOrder)
    grades = [proxy.index(r, StudentTableModel.COL_GRADE).data() for r in range(4)]
    assert grades == ["TK", "K", "2", "10"]
    proxy.sort(StudentTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, StudentTableModel.COL_NAME).data() for r in range(4)]
    assert names == ["ana Brown", "Bo Chen", "Cy Diaz", "Zoë Álvarez"]


def test_guardian_model_says_pin_status_in_words() -> None:
    g = GuardianDetail(
        guardian_id=1,
        link_id=2,
        name="Rosa Díaz",
        relationship="Mother",
        verified_legal_guardian=True,
        verified_by="SIS",
        verified_at=None,
        pin_status="active",
        pin_expires_at=datetime(2031, 3, 4, 12, 0, tzinfo=UTC),
        registered_portal_email=None,
        email=None,
        phones=(),
        preferred_language="es",
        locked=False,
    )
    model = GuardianDetailModel()
    model.set_rows([g])
    # The last whole day in local time, as the letter prints it.
    assert model.index(0, GuardianDetailModel.COL_PIN).data() == "active, use by Mar 3, 2031"
    assert model.index(0, GuardianDetailModel.COL_LEGAL).data() == "yes"
    assert model.index(0, GuardianDetailModel.COL_PORTAL_EMAIL).data() == "not registered"
    assert pin_status_text("redeemed") == "used (linked in the portal)"
    assert format_date(date(2015, 3, 4)) == "Mar 4, 2015"


def test_the_desk_shows_the_use_by_day_in_the_school_zone() -> None:
    # 08:30 UTC on March 4 is still March 3 in Honolulu (use by the 2nd), the 4th in Los
    # Angeles and on a workstation set to UTC or Tokyo (use by the 3rd).
    from zoneinfo import ZoneInfo

    from ppdesk.gui.models import last_day_text, use_school_zone

    stops = datetime(2031, 3, 4, 8, 30, tzinfo=UTC)
    try:
        use_school_zone(lambda: ZoneInfo("Pacific/Honolulu"))
        assert last_day_text(stops) == "Mar 2, 2031"
        assert pin_status_text("active", stops) == "active, use by Mar 2, 2031"
    finally:
        use_school_zone(lambda: ZoneInfo("America/Los_Angeles"))
    assert last_day_text(stops) == "Mar 3, 2031"


def test_the_desk_shows_times_in_the_school_zone() -> None:
    # 03:00 UTC on December 3 is 17:00 on December 2 in Honolulu (the school's zone here),
    # noon on the 3rd in Tokyo (the workstation's): the desk shows the school's.
    import os
    import time
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from ppdesk.gui.models import school_time, use_school_zone
    from ppdesk.gui.office.audit_tab import AuditModel

    moment = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    try:
        use_school_zone(lambda: ZoneInfo("Pacific/Honolulu"))
        assert school_time(moment) == "2026-12-02 17:00"
        assert school_time(moment, "%H:%M") == "17:00"
        assert format_date(moment) == "Dec 2, 2026"
        model = AuditModel()
        model.set_rows([SimpleNamespace(seq=1, occurred_at=moment)])
        assert model.index(0, AuditModel.COL_WHEN).data() == "2026-12-02 17:00:00"
    finally:
        use_school_zone(lambda: ZoneInfo("America/Los_Angeles"))
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
