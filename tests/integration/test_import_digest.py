"""The SIS import compares students and guardians by a digest of their compared fields
(``sis_state.digest``), computed by PostgreSQL on PostgreSQL and in Python on SQLite, and
reads the full rows only of those whose digest differs. The digest must be the same
whichever computes it, and a row changed outside the import (at the desk, by hand) must
never look unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update

from ppdesk.adapters.db.models import Guardian, Student
from ppdesk.services.sis_state import (
    GuardianState,
    StudentState,
    digest,
    guardian_digest,
    student_digest,
)
from tests.integration.test_import import (
    ONEROSTER_11,
    apply,
    dump,
    guardian,
    importer,
    student,
)

# Values that an ambiguous encoding would confuse: separators inside values, empty text
# against NULL, line breaks, letters outside ASCII and outside the BMP.
ODD = {
    "first_name": "1:a-",
    "last_name": "",
    "homeroom": "-",
    "address": "12 Elm St\nApt 3:4, Los Ángeles, CA 90001",
    "phone": None,
    "student_email": "x:y@example.org",
    "home_language": "中文 𝔘",
}


def _state(app: Any) -> Any:
    with app.uow(readonly=True) as uow:
        state = uow.sis.load_state(uow.now())
        uow.rollback()
    return state


def test_the_database_digest_is_the_python_digest(app, runtime) -> None:
    admin = importer(app)
    apply(app, admin, ONEROSTER_11)
    with runtime.engine.begin() as conn:
        conn.execute(
            update(Student)
            .where(Student.student_number == "000123456")
            .values(**ODD, dob=date(1905, 1, 2), zip_code=None, homeroom_teacher_id=None)
        )
        conn.execute(
            update(Guardian)
            .where(Guardian.sis_source_id == "p-1")
            .values(first_name="Ma:ría", last_name="", email=None, work_phone="-")
        )
    state = _state(app)
    keys = {number: state.students[number] for number in ("000123456", "000765432")}
    rows = state.student_rows([k.id for k in keys.values()])
    for number, key in keys.items():
        row = rows[key.id]
        assert isinstance(row, StudentState) and row.student_number == number
        assert key.digest == student_digest(row)
    odd = rows[keys["000123456"].id]
    assert (odd.first_name, odd.last_name, odd.address, odd.dob) == (
        "1:a-",
        "",
        ODD["address"],
        date(1905, 1, 2),
    )
    for source, key in state.guardians.items():
        [row] = state.guardian_rows([key.id]).values()
        assert isinstance(row, GuardianState) and row.source_id == source
        assert key.digest == guardian_digest(row)
    odd_guardian = state.guardian_rows([state.guardians["p-1"].id])[state.guardians["p-1"].id]
    assert (odd_guardian.first_name, odd_guardian.email, odd_guardian.work_phone) == (
        "Ma:ría",
        None,
        "-",
    )


def test_the_encoding_tells_values_apart() -> None:
    assert digest(("a", None)) != digest(("a", ""))
    assert digest(("1:a", "")) != digest(("1", "a"))
    assert digest(("-", None)) != digest((None, "-"))
    assert digest((date(2015, 3, 4),)) == digest(("2015-03-04",))
    assert digest((12,)) == digest(("12",))


def test_a_row_changed_outside_the_import_is_set_back(app, runtime) -> None:
    """The digest is the row's as it is now, not as the import last wrote it: an address
    changed at the desk, a name changed by hand, are seen and set back to the SIS's."""
    admin = importer(app)
    apply(app, admin, ONEROSTER_11)
    before = dump(runtime)
    wanted = student(runtime, "000123456").address
    maria = guardian(runtime, "p-1")
    with runtime.engine.begin() as conn:
        conn.execute(
            update(Student)
            .where(Student.student_number == "000123456")
            .values(address="1 Elsewhere Rd")
        )
        conn.execute(
            update(Guardian).where(Guardian.id == maria.id).values(cell_phone="(213) 555-0000")
        )
    result = apply(app, admin, ONEROSTER_11)
    changed = {(c.kind, c.key, c.fields) for c in result.plan.changes}
    assert changed == {
        ("student", "000123456", ("address",)),
        ("guardian", "p-1", ("cell_phone",)),
    }
    assert student(runtime, "000123456").address == wanted
    assert guardian(runtime, "p-1").cell_phone == maria.cell_phone
    again = apply(app, admin, ONEROSTER_11)
    assert again.counts.total == 0
    after = dump(runtime)
    assert after["guardian_link"] == before["guardian_link"]
