"""Who may grant and revoke which role, and where, on the in-memory unit of work.

DESIGN.md "Roles": a principal grants or revokes the parent access admin role and manages
staff accounts at their school; a district administrator may do everything for every school
(or a local district's schools); nobody else grants anything. The cells are written out
here, not read from ``ppdesk.domain.roles``: a change to the code's matrix must fail this
test. tests/integration/test_roles.py keeps the same service on both databases.
"""

from __future__ import annotations

import pytest

from ppdesk.domain.audit import Outcome
from ppdesk.domain.errors import NotFound, PermissionDenied, ValidationError
from ppdesk.domain.roles import Permission, Role
from ppdesk.services import access, staff
from ppdesk.services.context import AppContext
from ppdesk.services.ports import SchoolRecord, StaffRecord
from tests.support.memory_rules import session_of
from tests.support.memory_uow import MemoryDatabase

# The roles each role may grant and revoke at a school it holds (for the district
# administrator: held district-wide, every school; the district administrator role itself
# is granted without a school).
MAY_GRANT: dict[Role, set[Role]] = {
    Role.PRINCIPAL: {Role.PARENT_ACCESS_ADMIN, Role.OFFICE_STAFF, Role.TEACHER},
    Role.ASSISTANT_PRINCIPAL: set(),
    Role.PARENT_ACCESS_ADMIN: set(),
    Role.OFFICE_STAFF: set(),
    Role.TEACHER: set(),
    Role.DISTRICT_ADMIN: set(Role),
}
# The permission a refusal names (and audits) for each role granted.
REFUSED_AS: dict[Role, str] = {
    Role.PRINCIPAL: "grant_any_role",
    Role.ASSISTANT_PRINCIPAL: "grant_any_role",
    Role.DISTRICT_ADMIN: "grant_any_role",
    Role.PARENT_ACCESS_ADMIN: "grant_parent_access_admin",
    Role.OFFICE_STAFF: "manage_staff",
    Role.TEACHER: "manage_staff",
}


def actor_with(
    db: MemoryDatabase, role: Role, school: SchoolRecord, name: str = "actor"
) -> StaffRecord:
    actor = db.add_staff(name)
    if role is Role.DISTRICT_ADMIN:
        db.grant(actor, role)  # district-wide
    else:
        db.grant(actor, role, school=school)
    return actor


def held(db: MemoryDatabase, member: StaffRecord) -> set[tuple[Role, int | None, str | None]]:
    with db(readonly=True) as uow:
        return {(g.role, g.school_id, g.local_district) for g in uow.grants.active_for(member.id)}


@pytest.mark.parametrize("target_role", list(Role), ids=str)
@pytest.mark.parametrize("actor_role", list(Role), ids=str)
def test_grant_and_revoke_follow_the_role_matrix(
    db: MemoryDatabase, ctx: AppContext, actor_role: Role, target_role: Role
) -> None:
    assert set(MAY_GRANT) == set(REFUSED_AS) == set(Role)  # a new role gets its cells here
    school = db.add_school("101", local_district="North")
    actor = actor_with(db, actor_role, school)
    grantee = db.add_staff("newhire")
    code = None if target_role is Role.DISTRICT_ADMIN else "101"
    scope = (target_role, None if code is None else school.id, None)
    session = session_of(actor)

    if target_role in MAY_GRANT[actor_role]:
        info = staff.grant_role(
            ctx, session, username="newhire", role=target_role, school_code=code
        )
        assert [(g.role, g.school_code) for g in info.grants] == [(target_role, code)]
        assert held(db, grantee) == {scope}
        staff.revoke_role(ctx, session, username="newhire", role=target_role, school_code=code)
        assert held(db, grantee) == set()
        assert [(r.entry.action, r.entry.outcome) for r in db.tables.audit] == [
            ("role_grant", Outcome.SUCCESS),
            ("role_revoke", Outcome.SUCCESS),
        ]
        assert db.tables.audit[0].entry.details["role"] == target_role.value
        return

    db.grant(grantee, target_role, school=None if code is None else school)
    for act, action in ((staff.grant_role, "role_grant"), (staff.revoke_role, "role_revoke")):
        with pytest.raises(PermissionDenied):
            act(ctx, session, username="newhire", role=target_role, school_code=code)
        denial = db.tables.audit[-1]
        assert (denial.entry.action, denial.entry.outcome) == (action, Outcome.DENIED)
        assert denial.entry.details == {"permission": REFUSED_AS[target_role]}
        assert (denial.entry.target_type, denial.entry.target_id) == ("staff", str(grantee.id))
        assert denial.actor_staff_id == actor.id
    assert len(db.tables.audit) == 2  # one row per refusal, nothing else
    assert held(db, grantee) == {scope}  # the seeded grant is untouched, none added


def test_a_principal_grants_only_at_their_own_school(db: MemoryDatabase, ctx: AppContext) -> None:
    here = db.add_school("101", local_district="North")
    db.add_school("102", local_district="North")
    principal = actor_with(db, Role.PRINCIPAL, here)
    grantee = db.add_staff("newhire")
    session = session_of(principal)

    with pytest.raises(PermissionDenied):
        staff.grant_role(
            ctx, session, username="newhire", role=Role.PARENT_ACCESS_ADMIN, school_code="102"
        )
    staff.grant_role(
        ctx, session, username="newhire", role=Role.PARENT_ACCESS_ADMIN, school_code="101"
    )
    assert held(db, grantee) == {(Role.PARENT_ACCESS_ADMIN, here.id, None)}


def test_a_district_level_verifier_is_granted_by_a_district_admin_of_that_district(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    north = db.add_school("101", local_district="North")
    db.add_school("201", local_district="South")
    north_admin = db.add_staff("north_admin")
    db.grant(north_admin, Role.DISTRICT_ADMIN, local_district="North")
    principal = actor_with(db, Role.PRINCIPAL, north, name="principal")
    grantee = db.add_staff("hotline")

    def grant(by: StaffRecord, district: str) -> None:
        staff.grant_role(
            ctx,
            session_of(by),
            username="hotline",
            role=Role.PARENT_ACCESS_ADMIN,
            local_district=district,
        )

    for by, district in ((principal, "North"), (north_admin, "South")):
        with pytest.raises(PermissionDenied):
            grant(by, district)
        assert db.tables.audit[-1].entry.details == {"permission": "grant_any_role"}
    grant(north_admin, "North")
    assert held(db, grantee) == {(Role.PARENT_ACCESS_ADMIN, None, "North")}
    with pytest.raises(NotFound):  # a district without a school has nobody to grant there
        grant(north_admin, "East")


def test_a_revoked_role_stops_working_on_the_very_next_act(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = db.add_school("101")
    principal = actor_with(db, Role.PRINCIPAL, school, name="principal")
    verifier = db.add_staff("verifier")
    staff.grant_role(
        ctx, session_of(principal), username="verifier", role=Role.PARENT_ACCESS_ADMIN,
        school_code="101",
    )  # fmt: skip

    def may_manage_pins() -> bool:
        with db(readonly=True) as uow:
            return access.allowed(uow, session_of(verifier), Permission.MANAGE_PIN, school)

    assert may_manage_pins()
    staff.revoke_role(
        ctx, session_of(principal), username="verifier", role=Role.PARENT_ACCESS_ADMIN,
        school_code="101", reason="moved school",
    )  # fmt: skip
    assert not may_manage_pins()
    assert db.tables.audit[-1].entry.details["reason"] == "moved school"


def test_a_role_is_granted_once_and_revoked_only_where_held(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = db.add_school("101")
    db.add_school("102")
    admin = actor_with(db, Role.DISTRICT_ADMIN, school, name="admin")
    grantee = db.add_staff("newhire")
    session = session_of(admin)
    staff.grant_role(ctx, session, username="newhire", role=Role.TEACHER, school_code="101")
    audited = len(db.tables.audit)

    with pytest.raises(ValidationError):
        staff.grant_role(ctx, session, username="newhire", role=Role.TEACHER, school_code="101")
    with pytest.raises(NotFound):
        staff.revoke_role(ctx, session, username="newhire", role=Role.TEACHER, school_code="102")
    assert held(db, grantee) == {(Role.TEACHER, school.id, None)}
    assert len(db.tables.audit) == audited  # refusals of the request, not of the actor


def test_scope_rules_of_a_grant(db: MemoryDatabase, ctx: AppContext) -> None:
    school = db.add_school("101")
    admin = actor_with(db, Role.DISTRICT_ADMIN, school, name="admin")
    db.add_staff("newhire")
    session = session_of(admin)
    with pytest.raises(ValidationError):  # a school role needs a school
        staff.grant_role(ctx, session, username="newhire", role=Role.TEACHER)
    with pytest.raises(ValidationError):  # a district administrator is not a school's
        staff.grant_role(
            ctx, session, username="newhire", role=Role.DISTRICT_ADMIN, school_code="101"
        )
    with pytest.raises(NotFound):
        staff.grant_role(ctx, session, username="newhire", role=Role.TEACHER, school_code="999")
    assert db.tables.grants.keys() == {g.id for g in db.tables.grants.values()}
    assert [g.role for g in db.tables.grants.values()] == [Role.DISTRICT_ADMIN]


def test_who_may_not_grant_learns_nothing_about_usernames(
    db: MemoryDatabase, ctx: AppContext
) -> None:
    school = db.add_school("101")
    teacher = actor_with(db, Role.TEACHER, school, name="teacher")
    principal = actor_with(db, Role.PRINCIPAL, school, name="principal")
    for username in ("nobody", "principal"):  # unknown or real: the same refusal
        with pytest.raises(PermissionDenied):
            staff.grant_role(
                ctx, session_of(teacher), username=username, role=Role.TEACHER, school_code="101"
            )
    with pytest.raises(NotFound):  # someone who may grant is told the name is unknown
        staff.grant_role(
            ctx, session_of(principal), username="nobody", role=Role.TEACHER, school_code="101"
        )
