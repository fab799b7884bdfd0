"""The role matrix, cell by cell (SECURITY.md 13), and eight concurrent reissues for one
guardian (SECURITY.md 5), on SQLite and PostgreSQL.

The expected matrix is written out below from DESIGN.md "Roles", the reference guide
(REF-6363.1 sections IV and IX) and, for the district admin column that DESIGN.md lacks,
README "Roles"; *not* read from ``ppdesk.domain.roles``: a change to the
code's matrix must make this test fail. Every cell calls the service as that role with
the act's prerequisites in place (a passed verification by the actor where the role may
verify, a recent login, an active PIN where the act discloses one). An allowed cell must
succeed and leave its trace; a denied cell must raise ``PermissionDenied``, write exactly
one audit row (outcome ``denied``, the act's action, the actor) and change nothing else:
every other table and the output folder are compared before and after.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import ParentPin
from ppdesk.domain.errors import Conflict, DomainError, PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import (
    audit_trail,
    custody,
    letters,
    pins,
    reports,
    roster,
    school_letters,
    sis_import,
    sis_requests,
)
from ppdesk.services import staff as staff_service
from tests.integration.test_import import dump, family_set
from tests.support.family import make_family
from tests.support.flows import verify, verify_and_issue
from tests.support.seed import add_staff, login, staff_with_role

# -- the documented matrix ---------------------------------------------------------------

# Columns: the five roles of DESIGN.md's table, the district administrator (named in its
# last row and in the reference guide, section IV: "Principals and Local District
# administrators ... grant designated staff the Parent Access Account Administrator user
# role"), and a staff account holding no role at all. There is no separate "read-only"
# role in ppdesk: office staff is the read-only desk role (look-up only).
COLUMNS = (
    "principal",
    "assistant_principal",
    "parent_access_admin",
    "office_staff",
    "teacher",
    "district_admin",
    "no_role",
)
Y, N = True, False

# act: (DESIGN.md row it comes from, one cell per column above)
MATRIX: dict[str, tuple[str, tuple[bool, ...]]] = {
    "issue_pin": ("issue, reissue, revoke, reveal a PIN for one guardian", (Y, Y, Y, N, N, N, N)),
    "reveal_pin": ("issue, reissue, revoke, reveal a PIN for one guardian", (Y, Y, Y, N, N, N, N)),
    # One letter at the counter discloses one guardian's PIN after a verification: the
    # "for one guardian" row, not the class/grade/school row below.
    "print_letter": (
        "issue, reissue, revoke, reveal a PIN for one guardian",
        (Y, Y, Y, N, N, N, N),
    ),
    "print_letters_bulk": ("print PIN letters for a class, grade or school", (Y, Y, N, N, N, N, N)),
    "export_roster": ("export the Student/Parent PIN roster", (Y, Y, N, N, N, N, N)),
    "import_sis": ("import SIS data (yes, or a district admin)", (Y, N, N, N, N, Y, N)),
    # DESIGN.md's matrix has no district admin column; ppdesk's (README, "Roles") lets the
    # local district's administrator read its schools' audit trail.
    "view_audit": ("read the audit trail", (Y, Y, N, N, N, Y, N)),
    "add_staff": ("manage staff accounts (yes, or a district admin)", (Y, N, N, N, N, Y, N)),
    "grant_paa": ("grant or revoke the parent access admin role", (Y, N, N, N, N, Y, N)),
    # Issue 15 (README "Roles"): reports without PINs for office staff and parent access
    # admins; the PIN-status outreach list stays with principals and APs (and the district).
    "office_report": (
        "reports that show no PIN (adoption, emergency contacts)",
        (Y, Y, Y, Y, N, Y, N),
    ),
    "pin_status_report": ("the outreach list (PIN status)", (Y, Y, N, N, N, Y, N)),
    "remove_status": ("remove a verified status (custody change)", (Y, Y, N, N, N, N, N)),
    "portal_links_report": ("portal links to remove report", (Y, Y, N, N, N, Y, N)),
    # Issue 15 point 3 (README "Roles"): at a school the SIS feeds, principals and APs
    # request the SIS update; the "SIS updates to make" report shows no PIN.
    "request_sis_update": ("request an SIS update of the verified status", (Y, Y, N, N, N, N, N)),
    "sis_updates_report": ("SIS updates to make report", (Y, Y, Y, Y, N, Y, N)),
    # Issue 15 point 4 (README "Roles"): a letter a district verifier queued is printed by
    # the school's own staff who may manage PINs there.
    "print_queued_letter": (
        "Letters to print: print a letter a district verifier queued",
        (Y, Y, Y, N, N, N, N),
    ),
    # Issue 15 point 3 (README "Roles"): only a district administrator switches a school
    # between SIS and desk recording of the verified status.
    "set_status_source": ("switch a school between SIS and desk recording", (N, N, N, N, N, Y, N)),
}

# "run the verification checklist": a prerequisite of issue, reveal and print.
MAY_VERIFY = dict(zip(COLUMNS, (Y, Y, Y, N, N, N, N), strict=True))

# What a refusal of each act records: (audit action, permission named in its details).
DENIAL = {
    "issue_pin": ("pin_issue", "manage_pin"),
    "reveal_pin": ("pin_reveal", "manage_pin"),
    "print_letter": ("letter_print", "manage_pin"),
    "print_letters_bulk": ("letters_bulk", "bulk_letters"),
    "export_roster": ("roster_export", "export_roster"),
    "import_sis": ("sis_import", "import_sis"),
    "view_audit": ("audit_read", "read_audit"),
    "add_staff": ("staff_add", "manage_staff"),
    "grant_paa": ("role_grant", "grant_parent_access_admin"),
    "office_report": ("report_export", "read_office_reports"),
    "pin_status_report": ("report_export", "read_reports"),
    "remove_status": ("legal_guardian_removed", "record_legal_guardian"),
    "request_sis_update": ("sis_status_request", "record_legal_guardian"),
    "sis_updates_report": ("report_export", "read_office_reports"),
    "portal_links_report": ("report_export", "read_reports"),
    "print_queued_letter": ("letter_print", "manage_pin"),
    "set_status_source": ("status_source_set", "set_status_source"),
}

# Cells where the code disagrees with the documentation: none now. A known gap goes here
# as (column, act): reason, and its cell becomes a strict expected failure.
DISAGREEMENTS: dict[tuple[str, str], str] = {}


def _cells() -> list[Any]:
    out = []
    for act, (_row, cells) in MATRIX.items():
        for column, allowed in zip(COLUMNS, cells, strict=True):
            marks = []
            if (column, act) in DISAGREEMENTS:
                marks.append(pytest.mark.xfail(reason=DISAGREEMENTS[column, act], strict=True))
            out.append(pytest.param(column, act, allowed, id=f"{column}-{act}", marks=marks))
    return out


# -- per-cell set-up ----------------------------------------------------------------------


@dataclass
class Cell:
    app: Any
    runtime: Any
    actor: Any
    column: str
    out: Path  # an empty folder for the act's file, if it writes one
    tmp: Path
    state: dict[str, Any]


def _actor(app: Any, column: str) -> Any:
    if column == "no_role":
        add_staff(app, "no_role_1001", None)
        return login(app, "no_role_1001")
    return staff_with_role(app, Role(column))  # a fresh login: the step-up is recent


@pytest.fixture
def cell_env(app, runtime, tmp_path: Path, request: pytest.FixtureRequest) -> Cell:
    column = request.node.callspec.params["column"]
    out = tmp_path / "out"
    out.mkdir()
    return Cell(app, runtime, _actor(app, column), column, out, tmp_path, {})


def _helper(c: Cell) -> Any:
    """A parent access admin other than the actor, to issue PINs the act needs."""
    add_staff(c.app, "helper_paa", Role.PARENT_ACCESS_ADMIN)
    return login(c.app, "helper_paa")


def _family_with_pin(c: Cell) -> None:
    fam = make_family(c.app)
    link = fam.link_ids[0]
    issued = verify_and_issue(c.app, _helper(c), link)
    c.state.update(link=link, pin_id=issued.pin_id, display=issued.display)
    if MAY_VERIFY[c.column]:
        assert verify(c.app, c.actor, link).passed


def _prepare(c: Cell, act: str) -> None:
    if act == "issue_pin":
        c.state["link"] = make_family(c.app).link_ids[0]
        if MAY_VERIFY[c.column]:
            assert verify(c.app, c.actor, c.state["link"]).passed
    elif act in ("reveal_pin", "print_letter", "export_roster"):
        _family_with_pin(c)
    elif act == "print_letters_bulk":
        make_family(c.app)  # one verified guardian with no PIN yet: one letter
    elif act == "import_sis":
        c.state["folder"] = family_set(c.tmp / "sis", students=("s-1",))
    elif act == "grant_paa":
        add_staff(c.app, "target", None)
    elif act in ("office_report", "pin_status_report", "portal_links_report"):
        make_family(c.app)
    elif act == "remove_status":
        _family_with_pin(c)
    elif act == "set_status_source":
        with c.app.uow() as uow:
            uow.status_requests.mark_sis_fed([uow.schools.get_by_code("1001").id], uow.now())
            uow.commit()
    elif act == "print_queued_letter":
        link = make_family(c.app).link_ids[0]
        add_staff(
            c.app, "ld_helper", Role.PARENT_ACCESS_ADMIN, school_code=None, local_district="Central"
        )
        district = login(c.app, "ld_helper")
        assert verify(c.app, district, link).passed
        c.state["letter"] = school_letters.queue_for_school(c.app, district, link).letter_id
    elif act in ("request_sis_update", "sis_updates_report"):
        unverified = make_family(c.app).link_ids[1]
        with c.app.uow() as uow:
            uow.status_requests.mark_sis_fed([uow.schools.get_by_code("1001").id], uow.now())
            uow.commit()
        c.state["link"] = unverified
        if act == "sis_updates_report":
            add_staff(c.app, "helper_ap", Role.ASSISTANT_PRINCIPAL)
            sis_requests.request_sis_update(
                c.app, login(c.app, "helper_ap"), unverified, documents=["court_order"]
            )


def _run(c: Cell, act: str) -> Any:
    app, s = c.app, c.actor
    if act == "issue_pin":
        return pins.issue_pin(app, s, c.state["link"])
    if act == "reveal_pin":
        return pins.reveal_pin(app, s, c.state["link"])
    if act == "print_letter":
        return letters.single_letter(app, s, c.state["link"], c.out / "letter.pdf")
    if act == "print_letters_bulk":
        return letters.bulk_letters(app, s, c.out / "letters.pdf", school_code="1001")
    if act == "export_roster":
        return roster.export_roster(app, s, c.out / "roster.xlsx", school_code="1001")
    if act == "import_sis":
        return sis_import.apply_import(app, s, c.state["folder"])
    if act == "view_audit":
        return audit_trail.read_audit_trail(app, s)
    if act == "add_staff":
        return staff_service.add_staff(
            app, s, username="newbie", display_name="New Bie", password=None, school_code="1001"
        )
    if act == "grant_paa":
        return staff_service.grant_role(
            app, s, username="target", role=Role.PARENT_ACCESS_ADMIN, school_code="1001"
        )
    if act == "office_report":
        return reports.export_emergency_contacts(
            app, s, c.out / "contacts.xlsx", since=date(2000, 1, 1), school_code="1001"
        )
    if act == "pin_status_report":
        return reports.export_outreach(app, s, c.out / "outreach.xlsx", school_code="1001")
    if act == "remove_status":
        return custody.remove_legal_guardian_status(app, s, c.state["link"], reason="custody")
    if act == "portal_links_report":
        return custody.export_portal_links_to_remove(
            app, s, c.out / "links.xlsx", school_code="1001"
        )
    if act == "request_sis_update":
        return sis_requests.request_sis_update(app, s, c.state["link"], documents=["adoption"])
    if act == "set_status_source":
        return sis_requests.set_status_source(app, s, "1001", from_sis=False, reason="retired")
    if act == "print_queued_letter":
        return school_letters.print_queued_letter(app, s, c.state["letter"], c.out / "q.pdf")
    if act == "sis_updates_report":
        return sis_requests.export_sis_updates(app, s, c.out / "sis.xlsx", school_code="1001")
    raise AssertionError(act)  # pragma: no cover


def _audit(app: Any) -> list[Any]:
    with app.uow(readonly=True) as uow:
        return list(uow.audit.query())


def _is_pdf(path: Path) -> bool:
    return path.is_file() and path.read_bytes()[:5] == b"%PDF-"


def _check_effect(c: Cell, act: str, result: Any) -> None:
    """What an allowed act must have done."""
    app, s = c.app, c.actor
    if act == "issue_pin":
        with app.uow(readonly=True) as uow:
            row = uow.pins.active_for_link(c.state["link"])
        assert row is not None and row.id == result.pin_id and row.issued_by_id == s.staff_id
    elif act == "reveal_pin":
        assert (result.pin_id, result.display) == (c.state["pin_id"], c.state["display"])
    elif act == "print_letter":
        assert result.letters == 1 and _is_pdf(c.out / "letter.pdf")
    elif act == "print_letters_bulk":
        assert result.letters == 1 and result.new_pins == 1 and _is_pdf(c.out / "letters.pdf")
    elif act == "export_roster":
        assert result.rows == 2 and result.pins_disclosed == 1
        assert (c.out / "roster.xlsx").is_file()
    elif act == "import_sis":
        assert result.counts.students_added == 1
    elif act == "view_audit":
        assert any(r.action == "login" and r.actor == s.username for r in result)
    elif act == "add_staff":
        with app.uow(readonly=True) as uow:
            assert uow.staff.get_by_username("newbie") is not None
    elif act == "office_report":
        assert result.rows == 1 and (c.out / "contacts.xlsx").is_file()
    elif act == "pin_status_report":
        assert result.rows == 2 and (c.out / "outreach.xlsx").is_file()
    elif act == "remove_status":
        assert result.revoked_pin_id == c.state["pin_id"]
    elif act == "portal_links_report":
        assert result.rows == 0 and (c.out / "links.xlsx").is_file()
    elif act == "request_sis_update":
        with app.uow(readonly=True) as uow:
            [row] = uow.status_requests.open_rows([uow.schools.get_by_code("1001").id])
        assert (row.id, row.link_id, row.documents) == (
            result.request_id,
            c.state["link"],
            "Adoption decree",
        )
    elif act == "sis_updates_report":
        assert result.rows == 1 and (c.out / "sis.xlsx").is_file()
    elif act == "set_status_source":
        with app.uow(readonly=True) as uow:
            school = uow.schools.get_by_code("1001")
        assert not result.from_sis and school.status_local_since and not school.status_from_sis
    elif act == "print_queued_letter":
        assert result.letters == 1 and _is_pdf(c.out / "q.pdf")
    elif act == "grant_paa":
        with app.uow(readonly=True) as uow:
            target = uow.staff.get_by_username("target")
            grants = uow.grants.active_for(target.id)
        assert [(g.role, g.granted_by_id) for g in grants] == [
            (Role.PARENT_ACCESS_ADMIN, s.staff_id)
        ]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(("column", "act", "allowed"), _cells())
def test_role_matrix_cell(cell_env: Cell, column: str, act: str, allowed: bool) -> None:
    c = cell_env
    _prepare(c, act)
    action, permission = DENIAL[act]
    tables_before = dump(c.runtime)
    seen = len(_audit(c.app))
    if allowed:
        result = _run(c, act)
        new = _audit(c.app)[seen:]
        assert not [r for r in new if r.outcome == "denied"], f"{column} {act}: {new}"
        _check_effect(c, act, result)
        if act != "view_audit":  # reading the trail is not itself recorded
            assert any(
                (r.action, r.outcome, r.actor) == (action, "success", c.actor.username) for r in new
            ), f"{column} {act}: no success row in {[(r.action, r.outcome) for r in new]}"
        return
    with pytest.raises(PermissionDenied):
        _run(c, act)
    new = _audit(c.app)[seen:]
    assert len(new) == 1, f"{column} {act}: expected one denial row, got {new}"
    (row,) = new
    assert (row.action, row.outcome, row.actor, row.actor_staff_id) == (
        action,
        "denied",
        c.actor.username,
        c.actor.staff_id,
    )
    assert json.loads(row.details)["permission"] == permission
    assert dump(c.runtime) == tables_before, f"{column} {act}: a denied act changed data"
    assert _files(c.out) == [], f"{column} {act}: a denied act left files"


def test_the_matrix_names_every_role_of_the_code() -> None:
    """A new role in the code needs its column here (and in DESIGN.md)."""
    assert {r.value for r in Role} == set(COLUMNS) - {"no_role"}


# -- SECURITY.md 5: eight concurrent reissues for the same guardian -----------------------


def _pins_of(runtime: Any, link_id: int) -> list[Any]:
    with runtime.engine.connect() as conn:
        return list(conn.execute(select(ParentPin).where(ParentPin.link_id == link_id)))


def test_eight_threads_reissue_for_the_same_guardian(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    link = fam.link_ids[0]
    first = verify_and_issue(app, paa, link)
    barrier = threading.Barrier(8)
    ok: list[Any] = []
    refused: list[DomainError] = []
    other: list[BaseException] = []

    def work(n: int) -> None:
        barrier.wait()
        try:
            ok.append(pins.reissue_pin(app, paa, link, reason=f"reissue attempt {n}"))
        except Conflict as exc:
            refused.append(exc)
        except BaseException as exc:
            other.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not other, [type(e).__name__ for e in other]
    assert len(ok) + len(refused) == 8 and ok
    assert all(str(e) and "Traceback" not in str(e) for e in refused)

    rows = _pins_of(runtime, link)
    active = [r for r in rows if r.status == "active"]
    assert len(active) == 1
    assert {r.status for r in rows if r.status != "active"} == {"revoked"}
    assert len(rows) == 1 + len(ok)  # a refused attempt leaves no row
    assert active[0].id in {p.pin_id for p in ok}
    assert len({p.display for p in ok} | {first.display}) == 1 + len(ok)

    with app.uow(readonly=True) as uow:
        events = list(uow.audit.query(action="pin_reissue"))
    successes = [e for e in events if e.outcome == "success"]
    assert len(successes) == len(ok)
    details = [json.loads(e.details) for e in successes]
    assert sorted(d["pin_id"] for d in details) == sorted(p.pin_id for p in ok)
    assert len({d["request_id"] for d in details}) == len(ok)
    # The replacements form one chain: no PIN was replaced twice, none was lost.
    replaced = [d["replaced_pin_id"] for d in details]
    assert sorted(replaced) == sorted({first.pin_id, *(p.pin_id for p in ok)} - {active[0].id})
    # Each attempt is audited: the refused ones as failed, naming the conflict.
    failures = [e for e in events if e.outcome == "failed"]
    assert len(events) == 8 and len(failures) == len(refused)
    assert all(json.loads(e.details)["reason"] == "Conflict" for e in failures)
