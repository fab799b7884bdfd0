"""The SIS import as the person (issue 19 point 2, issue 16 point 1): a principal signed in
with their own PostgreSQL login imports their school's OneRoster export; the writes are
staged in the session and applied by ``ppdesk_api.apply_sis_import``, which checks the role
matrix in SQL and appends the audit rows with the session's user as the actor.

PostgreSQL only: it tests PostgreSQL's own enforcement (roles, functions, row-level
security). The workstation's engine is watched after sign-in: nothing may go over it.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import event

from bench.gen_oneroster import generate
from ppdesk import bootstrap
from ppdesk.adapters.db import pg_security_import
from ppdesk.adapters.db.person import PgPersonConnector
from ppdesk.adapters.db.person_uow import PersonUnitOfWorkFactory
from ppdesk.cli.main import main
from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.domain.sis_status import CLOSE_ACTION
from ppdesk.services import sis_import
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.person_auth import authenticator_for
from ppdesk.services.sis_plan import GRANTED_ROLES
from ppdesk.services.sis_write import VERIFIED_SOURCE
from tests.support.family import make_family
from tests.support.pg_roles import RolesDatabase, refusal
from tests.support.seed import add_school, add_staff

PW = "principal scram passphrase 4"
TABLES = ("school", "staff", "role_grant", "student", "guardian", "guardian_link",
          "guardian_phone", "emergency_contact", "contact_change", "parent_pin")  # fmt: skip


@pytest.fixture
def shared(pg_databases, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """School 0000 (the export's) with its principal and an office clerk, school 2002 with
    its principal and a family, roles applied, personal logins on (the principal's with a
    SCRAM password)."""
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new())
    rt = bootstrap.open_app(database=db.url, create_keys=True)
    try:
        ctx = rt.ctx
        add_school(ctx, code="0000", name="Holloway School 0", local_district=None)  # type: ignore[arg-type]
        oak = add_school(ctx, code="2002", name="Oak Ridge Middle", local_district="East")
        names = {who: db.login_name(who) for who in ("principal", "clerk", "oak")}
        add_staff(ctx, names["principal"], Role.PRINCIPAL, school_code="0000")
        add_staff(ctx, names["clerk"], Role.OFFICE_STAFF, school_code="0000")
        add_staff(ctx, names["oak"], Role.PRINCIPAL, school_code="2002")
        oak_family = make_family(ctx, school_code="2002")
        bootstrap.db_roles(db.url, apply=True)
        for name in names.values():
            db.admin("SELECT ppdesk_api.create_login(%s, NULL)", name)
        db.admin(f"ALTER ROLE \"{names['principal']}\" PASSWORD '{PW}'")
        (verifier,) = db.admin(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", names["principal"]
        )[0]
        assert verifier.startswith("SCRAM-SHA-256$")
        folder = tmp_path / "export"
        generate(folder, 40, 1.5, 5)
        yield {"db": db, "ctx": ctx, "names": names, "oak": oak, "oak_family": oak_family,
               "folder": folder}  # fmt: skip
    finally:
        rt.close()
        db.close()


def _cli(url: str):
    runner = CliRunner()

    def run(*args: str, password: str = PW) -> Any:
        return runner.invoke(
            main, ["--database", url, *args], env={"PPDESK_PASSWORD": password},
            catch_exceptions=False,
        )  # fmt: skip

    return run


def _signed_in(d: dict, who: str) -> tuple[AppContext, StaffSession]:
    ctx = copy.copy(d["ctx"])
    ctx.person_connector = PgPersonConnector(d["db"].url)
    session = authenticator_for(ctx).login(d["names"][who], PW)
    assert isinstance(ctx.uow, PersonUnitOfWorkFactory)
    assert ctx.uow.engine.url.username == d["names"][who]
    return ctx, session


def _snapshot(db: RolesDatabase) -> dict[str, list[tuple]]:
    """Every row of the tables an import writes (as the administrator); of staff accounts
    what an import writes (a sign-in records its time on the row)."""
    columns = {"staff": "id, username, display_name, email, active, password_hash"}
    return {t: db.admin(f"SELECT {columns.get(t, '*')} FROM {t} ORDER BY id") for t in TABLES}


def _rows_since(db: RolesDatabase, seq: int) -> list[tuple]:
    return db.admin(
        "SELECT actor, action, outcome, school_id, details FROM audit_event WHERE seq > %s "
        "ORDER BY seq",
        seq,
    )


def _last_seq(db: RolesDatabase) -> int:
    return int(db.admin("SELECT max(seq) FROM audit_event")[0][0])


def _drop_student(folder: Path, number: str) -> None:
    path = folder / "users.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kept = [r for r in rows if r["identifier"] != number]
    assert len(kept) == len(rows) - 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(kept)


def test_the_adapter_copies_match_the_services() -> None:
    assert pg_security_import.VERIFIED_SOURCE == VERIFIED_SOURCE
    assert pg_security_import.CLOSE_ACTION == CLOSE_ACTION
    assert set(pg_security_import.SIS_ROLES) == {r.value for r in GRANTED_ROLES.values()}


@pytest.mark.postgres
def test_a_principal_imports_their_school_as_the_person(shared: dict) -> None:
    db, folder, names = shared["db"], shared["folder"], shared["names"]
    principal = names["principal"]
    cli = _cli(db.url)
    assert cli("db", "person-logins", "on").exit_code == 0
    start = _last_seq(db)

    # The first import, from the command line, over the principal's own login.
    done = cli("import", "oneroster", str(folder), "-u", principal)
    assert done.exit_code == 0, done.output
    (students, guardians, links, contacts, teachers) = db.admin(
        "SELECT (SELECT count(*) FROM student WHERE school_id = s.id), "
        "(SELECT count(*) FROM guardian), "
        "(SELECT count(*) FROM guardian_link l JOIN student x ON x.id = l.student_id "
        "WHERE x.school_id = s.id), "
        "(SELECT count(*) FROM emergency_contact), "
        "(SELECT count(*) FROM role_grant g WHERE g.school_id = s.id AND g.role = 'teacher') "
        "FROM school s WHERE s.code = '0000'"
    )[0]
    assert students == 40 and guardians >= 40 and links >= 40 and teachers >= 1
    assert contacts > 0
    assert db.admin("SELECT local_district, sis_fed_since IS NOT NULL FROM school "
                    "WHERE code = '0000'") == [("Local District One", True)]  # fmt: skip
    rows = _rows_since(db, start)
    assert {actor for actor, *_ in rows} == {principal}  # the session's user, every row
    actions = [action for _a, action, *_ in rows]
    summary = [r for r in rows if r[1] == "sis_import"]
    assert len(summary) == 1 and summary[0][2] == "success"
    assert '"students_added_count":40' in summary[0][4]
    assert '"pins_revoked_count":0' in summary[0][4]
    assert actions.count("staff_add") == teachers and actions.count("role_grant") == teachers
    db.assert_audit_intact()

    # From here on, in process: nothing may go over the workstation's own connection.
    ctx, session = _signed_in(shared, "principal")
    shared_sql: list[str] = []
    engine = shared["ctx"].uow.engine

    def _tripwire(_conn, _cursor, statement, *_rest) -> None:
        shared_sql.append(statement)

    event.listen(engine, "before_cursor_execute", _tripwire)
    try:
        before = _snapshot(db)
        again = sis_import.apply_import(ctx, session, folder)
        assert again.counts.total == 0
        assert _snapshot(db) == before  # a re-import changes nothing

        # A roll-over: a student left the export; the PIN of their guardian's link ends.
        number, link = db.admin(
            "SELECT s.student_number, l.id FROM student s JOIN guardian_link l "
            "ON l.student_id = s.id ORDER BY s.student_number LIMIT 1"
        )[0]
        pin_id = db.held_pin(link, "L-ROLL-1")
        _drop_student(folder, number)
        mark = _last_seq(db)
        rolled = sis_import.apply_import(ctx, session, folder)
        assert rolled.counts.students_deactivated == 1
        assert rolled.revoked_pin_ids == (pin_id,)
    finally:
        event.remove(engine, "before_cursor_execute", _tripwire)
    assert shared_sql == [], shared_sql[:3]
    assert db.admin("SELECT status, ciphertext FROM parent_pin WHERE id = %s", pin_id) == [
        ("revoked", None)
    ]
    assert db.admin("SELECT active FROM student WHERE student_number = %s", number) == [(False,)]
    rows = _rows_since(db, mark)
    assert [(a, act, o) for a, act, o, _s, _d in rows] == [
        (principal, "pin_revoke", "success"),
        (principal, "sis_import", "success"),
    ]
    assert f'"pin_id":{pin_id}' in rows[0][4] and '"pins_revoked_count":1' in rows[1][4]
    db.assert_audit_intact()


@pytest.mark.postgres
def test_an_import_outside_the_persons_schools_is_refused_once(shared: dict) -> None:
    db, folder = shared["db"], shared["folder"]
    before = _snapshot(db)
    for who in ("oak", "clerk"):  # school 0000 is not Oak's; a clerk may not import at all
        ctx, session = _signed_in(shared, who)
        start = _last_seq(db)
        with pytest.raises(PermissionDenied):
            sis_import.apply_import(ctx, session, folder)
        rows = _rows_since(db, start)
        assert [(a, act, o) for a, act, o, _s, _d in rows] == [
            (shared["names"][who], "sis_import", "denied")
        ]
    assert _snapshot(db) == before
    db.assert_audit_intact()


@pytest.mark.postgres
def test_rows_of_a_school_the_person_cannot_see_are_named_not_duplicates(shared: dict) -> None:
    """The export carries a student number and a guardian ID that Oak's rows hold (a
    transfer the SIS has not sent to Oak yet): the principal of 0000 cannot see them. The
    dry run and the import name each at its file and line as another school's; nothing is
    written (before: a unique-index error, "duplicate key value")."""
    db, folder, names = shared["db"], shared["folder"], shared["names"]
    line_of: dict[str, int] = {}  # the line a row starts on (an address spans two)
    with (folder / "users.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        users, start = [], 2
        for row in reader:
            users.append(row)
            line_of[row["sourcedId"]] = start
            start = reader.line_num + 1
    student = next(r for r in users if r["role"] == "student")
    guardian = next(r for r in users if r["role"] in ("parent", "guardian", "relative"))
    family = shared["oak_family"]
    db.admin("UPDATE student SET student_number = %s WHERE id = %s",
             student["identifier"], family.student_id)  # fmt: skip
    db.admin("UPDATE guardian SET sis_source_id = %s WHERE id = %s",
             guardian["sourcedId"], family.guardian_ids[0])  # fmt: skip
    assert db.admin("SELECT count(*) FROM guardian_link WHERE guardian_id = %s",
                    family.guardian_ids[0]) == [(1,)]  # Oak's only  # fmt: skip
    before = _snapshot(db)
    ctx, session = _signed_in(shared, "principal")
    wanted = {
        ("users.csv", line_of[student["sourcedId"]], f"student {student['identifier']}"),
        ("users.csv", line_of[guardian["sourcedId"]], f"guardian {guardian['sourcedId']}"),
    }

    dry = sis_import.preview_import(ctx, session, folder)
    assert not dry.ok
    assert {(p.file, p.line, p.message.split(" is ")[0]) for p in dry.errors} == wanted
    assert all("outside your schools" in p.message for p in dry.errors)

    start = _last_seq(db)
    with pytest.raises(sis_import.ImportRejected) as rejected:
        sis_import.apply_import(ctx, session, folder)
    assert {(p.file, p.line, p.message.split(" is ")[0]) for p in rejected.value.problems
            if p.severity == "error"} == wanted  # fmt: skip
    assert _snapshot(db) == before  # nothing written, the probes' rows included
    assert _rows_since(db, start) == []

    # What the principal reads at the command line.
    cli = _cli(db.url)
    assert cli("db", "person-logins", "on").exit_code == 0
    done = cli("import", "oneroster", str(folder), "-u", names["principal"])
    assert done.exit_code != 0
    line = line_of[student["sourcedId"]]
    assert (
        f"users.csv, line {line}: error: student {student['identifier']} is a student "
        "of a school outside your schools" in done.output
    ), done.output
    assert "duplicate key" not in done.output
    assert _snapshot(db) == before


@pytest.mark.postgres
def test_concurrent_applies_add_a_student_once_and_tell_each_the_truth(shared: dict) -> None:
    """``apply_sis_import`` called directly by two real connections at once (two principals
    of the school, then one principal twice), each planning as the desk does: after
    ``begin_sis_import``, against what it sees. Both begin before either stages (a barrier,
    no timing): the second is told another import is running (before: both began, both
    staged the new student, and the second failed on the unique index once the first
    committed). One student row, one summary row, the chain intact."""
    import threading

    import psycopg
    from sqlalchemy.engine import make_url

    db, names = shared["db"], shared["names"]
    second = db.login_name("principal2")
    add_staff(shared["ctx"], second, Role.PRINCIPAL, school_code="0000")
    db.admin("SELECT ppdesk_api.create_login(%s, NULL)", second)
    school = db.admin("SELECT id FROM school WHERE code = '0000'")[0][0]
    u = make_url(db.url)

    def attempt(
        i: int, who: str, number: str, began: threading.Barrier, told: dict[int, str]
    ) -> None:
        conninfo = f"host={u.host} port={u.port or 5432} dbname={db.name} user={who}"
        with psycopg.connect(conninfo) as conn:
            try:
                refusal = conn.execute("SELECT refusal FROM ppdesk_api.begin_sis_import()")
                refused = refusal.fetchone()[0]  # type: ignore[index]
                began.wait()  # both have begun (or been told why not) before either stages
                if refused is not None:
                    told[i] = refused
                    return
                seen = conn.execute(
                    "SELECT count(*) FROM ppdesk_api.student WHERE student_number = %s",
                    (number,),
                ).fetchone()[0]  # type: ignore[index]
                if seen:
                    told[i] = "already there"
                    return
                conn.execute(
                    "INSERT INTO pg_temp.sis_stage_student (batch, id, school_id, "
                    "student_number, first_name, last_name, search_name, search_last, dob, "
                    "grade) VALUES (1, (SELECT (ppdesk_api.reserve_sis_ids('student', 1))"
                    ".ids[1]), %s, %s, 'Race', 'Test', 'race test', 'test race', "
                    "'2015-01-01', '3')",
                    (school, number),
                )
                conn.execute(
                    "INSERT INTO pg_temp.sis_stage_batch VALUES (1, 'student', 'insert', "
                    "'{id,school_id,student_number,first_name,last_name,search_name,"
                    "search_last,dob,grade}')"
                )
                seq, refused = conn.execute(
                    "SELECT audit_seq, refusal FROM ppdesk_api.apply_sis_import(%s, %s)",
                    ('{"students_added_count":1}', school),
                ).fetchone()  # type: ignore[misc]
                conn.commit()
                told[i] = "added" if refused is None and seq else f"refused: {refused}"
            except psycopg.Error as exc:
                told[i] = f"error: {exc.sqlstate}"

    for round_, pair in enumerate(((names["principal"], second), (second, second))):
        number = f"88800000{round_}"
        start = _last_seq(db)
        began = threading.Barrier(2)
        told: dict[int, str] = {}
        threads = [
            threading.Thread(target=attempt, args=(i, who, number, began, told))
            for i, who in enumerate(pair)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(told.values()) == ["added", "import_running"], (round_, told)
        loser = pair[next(i for i, said in told.items() if said == "import_running")]
        # The one told "another import is running" tries again: nothing left to add.
        late: dict[int, str] = {}
        attempt(0, loser, number, threading.Barrier(1), late)
        assert late == {0: "already there"}
        assert db.admin("SELECT count(*) FROM student WHERE student_number = %s", number) == [(1,)]
        rows = _rows_since(db, start)
        assert [(act, o) for _a, act, o, _s, _d in rows] == [("sis_import", "success")]
        assert rows[0][0] in pair
    db.assert_audit_intact()


def _stage(sql: str) -> str:
    return f"BEGIN; SELECT refusal FROM ppdesk_api.begin_sis_import(); {sql} COMMIT;"


@pytest.mark.postgres
def test_psql_as_the_person_cannot_write_beyond_the_import_rules(shared: dict) -> None:
    db, names = shared["db"], shared["names"]
    principal, clerk = names["principal"], names["clerk"]
    oak_student = shared["oak_family"].student_id
    db.admin(  # a student of the principal's own school
        "INSERT INTO student (school_id, student_number, first_name, last_name, search_name, "
        "search_last, dob, grade) SELECT id, '555000111', 'Ann', 'Lee', 'ann lee', 'lee ann', "
        "'2015-01-01', '3' FROM school WHERE code = '0000'"
    )
    before = _snapshot(db)

    # No table privilege, no temporary table of their own.
    for sql in (
        f"UPDATE student SET first_name = 'X' WHERE id = {oak_student}",
        "INSERT INTO school (code, name) VALUES ('9999', 'Mine')",
        "CREATE TEMP TABLE mine (a integer)",
    ):
        proc = db.psql(principal, sql)
        assert proc.returncode != 0 and "permission denied" in proc.stderr, (sql, proc.stderr)

    # Another school's student, renamed or moved through the function: refused, one row.
    attacks = {
        "rename Oak's student": (
            "INSERT INTO pg_temp.sis_stage_student (batch, id, first_name) "
            f"VALUES (1, {oak_student}, 'Mallory'); "
            "INSERT INTO pg_temp.sis_stage_batch VALUES (1, 'student', 'update', "
            "'{id,first_name}');"
        ),
        "a student added at Oak": (
            "INSERT INTO pg_temp.sis_stage_student (batch, id, school_id, student_number, "
            "first_name, last_name, search_name, search_last, dob, grade) VALUES (1, "
            "(SELECT (ppdesk_api.reserve_sis_ids('student', 1)).ids[1]), "
            f"{shared['oak']}, '777777777', 'A', 'B', 'a b', 'b a', '2015-01-01', '3'); "
            "INSERT INTO pg_temp.sis_stage_batch VALUES (1, 'student', 'insert', "
            "'{id,school_id,student_number,first_name,last_name,search_name,search_last,"
            "dob,grade}');"
        ),
        "link Oak's guardian to a student of 0000": (
            "INSERT INTO pg_temp.sis_stage_guardian_link (batch, student_id, guardian_id, "
            "relationship, verified_legal_guardian, active) SELECT 1, s.id, "
            f"{shared['oak_family'].guardian_ids[0]}, 'Mother', false, true "
            "FROM ppdesk_api.student s JOIN ppdesk_api.school c ON c.id = s.school_id "
            "WHERE c.code = '0000' LIMIT 1; "
            "INSERT INTO pg_temp.sis_stage_batch VALUES (1, 'guardian_link', 'insert', "
            "'{student_id,guardian_id,relationship,verified_legal_guardian,active}');"
        ),
    }
    for what, staged in attacks.items():
        start = _last_seq(db)
        proc = db.psql(
            principal, _stage(staged + " SELECT refusal FROM ppdesk_api.apply_sis_import("
                              "'{\"file\":\"x\"}', NULL);")
        )  # fmt: skip
        assert refusal(proc) == "import_out_of_scope", (what, proc.stdout, proc.stderr)
        rows = _rows_since(db, start)
        assert [(a, act, o) for a, act, o, _s, _d in rows] == [
            (principal, "sis_import", "denied")
        ], what

    # A password, or a principal's role, through the import: not a column or role it writes.
    start = _last_seq(db)
    staged = (
        f"INSERT INTO pg_temp.sis_stage_role_grant (batch, staff_id, role, school_id, reason) "
        f"SELECT 1, id, 'principal', (SELECT id FROM ppdesk_api.school WHERE code = '0000'), 'SIS import' "
        f"FROM ppdesk_api.staff WHERE username = '{clerk}'; "
        "INSERT INTO pg_temp.sis_stage_batch VALUES (1, 'role_grant', 'insert', "
        "'{staff_id,role,school_id,reason}');"
        " SELECT refusal FROM ppdesk_api.apply_sis_import('{}', NULL);"
    )
    assert refusal(db.psql(principal, _stage(staged))) == "import_invalid"
    assert len(_rows_since(db, start)) == 1

    # A clerk may not even begin.
    start = _last_seq(db)
    assert refusal(db.psql(clerk, "SELECT refusal FROM ppdesk_api.begin_sis_import()")) == (
        "not_importer"
    )
    assert [(a, act, o) for a, act, o, _s, _d in _rows_since(db, start)] == [
        (clerk, "sis_import", "denied")
    ]
    assert _snapshot(db) == before
    db.assert_audit_intact()


@pytest.mark.postgres
def test_db_roles_check_covers_the_import_functions(shared: dict) -> None:
    db = shared["db"]
    result = bootstrap.db_roles(db.url, check=True)
    assert result.problems == ()
    db.admin("GRANT EXECUTE ON FUNCTION ppdesk_api.apply_sis_import(text, integer) TO PUBLIC")
    db.admin(f'GRANT TEMPORARY ON DATABASE "{db.name}" TO "{db.prefix}_staff"')
    problems = bootstrap.db_roles(db.url, check=True).problems
    assert any("apply_sis_import" in p and "beyond the staff role" in p for p in problems)
    assert "the staff role may create temporary tables" in problems


@pytest.mark.postgres
def test_db_roles_check_reports_the_guardian_insert_policy_dropped_or_widened(
    shared: dict,
) -> None:
    """The import adds a guardian before its first link exists, through the owner's insert
    policy on guardian: ``db roles --check`` knows it, as the owner leaves it or not."""
    db, cli = shared["db"], _cli(shared["db"].url)
    policy, owner = pg_security_import.GUARDIAN_INSERT_POLICY, f"{db.prefix}_owner"
    assert cli("db", "roles", "--check").exit_code == 0
    for sql, expected in (
        (f"DROP POLICY {policy} ON guardian", f"policy {policy} on guardian is missing"),
        (f"ALTER POLICY {policy} ON guardian TO PUBLIC", f"policy {policy} on guardian is not"),
        (f"ALTER POLICY {policy} ON guardian WITH CHECK (active)", f"policy {policy} on guar"),
    ):
        assert cli("db", "roles", "--apply").exit_code == 0
        proc = db.psql("postgres", f'SET ROLE "{owner}"; {sql}')  # psql, as the owner
        assert proc.returncode == 0, proc.stderr
        result = cli("db", "roles", "--check")
        assert result.exit_code == 1 and expected in result.output, (sql, result.output)
    assert cli("db", "roles", "--apply").exit_code == 0
    assert bootstrap.db_roles(db.url, check=True).problems == ()


@pytest.mark.postgres
def test_the_import_tab_imports_as_the_person(qtbot: Any, shared: dict) -> None:
    """The GUI path: the principal signs in at the login dialog (their own login) and runs
    the Import tab's dry run and apply; the rows are the person's."""
    from PySide6.QtCore import Qt

    from ppdesk.gui.app import DeskApp

    db, folder, principal = shared["db"], shared["folder"], shared["names"]["principal"]
    assert _cli(db.url)("db", "person-logins", "on").exit_code == 0
    start = _last_seq(db)
    rt = bootstrap.open_app(database=db.url)
    app = DeskApp(runtime=rt)
    qtbot.addWidget(app.login)
    app.start()
    try:
        ui = app.login.ui
        qtbot.waitUntil(lambda: app.login.runtime is not None, timeout=60_000)
        qtbot.keyClicks(ui.userEdit, principal)
        qtbot.keyClicks(ui.passwordEdit, PW)
        qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.window is not None, timeout=60_000)
        window = app.window
        qtbot.addWidget(window)
        assert isinstance(app.runtime.ctx.uow, PersonUnitOfWorkFactory)
        tab = window.office_widget("import")
        assert tab is not None
        window.ui.tabs.setCurrentWidget(tab)
        tab.preview(folder, "oneroster")
        qtbot.waitUntil(lambda: tab.plan is not None, timeout=60_000)
        assert tab.plan.ok and tab.apply_button.isEnabled(), tab.summary_label.text()
        # The dry run wrote nothing (the sign-in's own row aside).
        assert [action for _a, action, *_ in _rows_since(db, start)] == ["login"]
        tab.apply(folder, "oneroster")
        qtbot.waitUntil(lambda: tab.plan is None, timeout=60_000)
        assert "Imported" in tab.summary_label.text(), tab.summary_label.text()
    finally:
        app.shutdown()
        rt.close()
    assert db.admin(
        "SELECT count(*) FROM student s JOIN school c ON c.id = s.school_id WHERE c.code = '0000'"
    ) == [(40,)]
    rows = [r for r in _rows_since(db, start) if r[1] != "login"]
    assert {actor for actor, *_ in rows} == {principal}
    assert [r[1:3] for r in rows if r[1] == "sis_import"] == [("sis_import", "success")]
    db.assert_audit_intact()
