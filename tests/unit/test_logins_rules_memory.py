"""A staff member's own database login follows the account, on the in-memory unit of work.

On a PostgreSQL database with ``ppdesk db roles`` applied, adding a staff member may also
create their own login role (with a password, or for the directory to authenticate);
deactivating the account disables the login and a new password is set on it too. Where the
database has no personal logins (SQLite) asking for one is refused and nothing is created.
tests/integration/test_person_logins.py keeps the login functions themselves on PostgreSQL.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import auth, staff
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import SchoolRecord, StaffRecord
from tests.support.memory_rules import NOW
from tests.support.memory_uow import Login, MemoryDatabase

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the least work: these tests are about the login, not the hash (its cost
    is the point in production, and tests/integration/test_auth.py keeps it)."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def school(db: MemoryDatabase) -> SchoolRecord:
    return db.add_school("101")


@pytest.fixture
def principal(db: MemoryDatabase, school: SchoolRecord) -> StaffSession:
    member = db.add_staff("principal")
    db.grant(member, Role.PRINCIPAL, school=school)
    return StaffSession(member.id, member.username, member.display_name, "desk-1", NOW)


def add(ctx: AppContext, session: StaffSession, login: str | None, **more: object) -> None:
    options: dict[str, object] = {"password": PASSWORD, **more}
    staff.add_staff(
        ctx,
        session,
        username="Rivera",
        display_name="Ana Rivera",
        school_code="101",
        database_login=login,
        **options,  # type: ignore[arg-type]
    )


def account(db: MemoryDatabase, username: str = "rivera") -> StaffRecord:
    [found] = [s for s in db.tables.staff.values() if s.username == username]
    return found


def test_without_personal_logins_asking_for_one_is_refused_and_nothing_is_created(
    db: MemoryDatabase, ctx: AppContext, principal: StaffSession
) -> None:
    with pytest.raises(ValidationError) as refused:
        add(ctx, principal, "password")
    assert refused.value.code == "staff.person_logins_need_postgres"
    assert [s.username for s in db.tables.staff.values()] == ["principal"]  # rolled back
    assert db.tables.logins == {}
    add(ctx, principal, None)  # an account alone is fine
    assert account(db).password_hash is not None and db.tables.logins == {}


@pytest.mark.parametrize(
    ("login", "password_login", "password_hash"),
    [("password", True, True), ("directory", False, False)],
)
def test_a_login_is_created_with_the_account(
    db: MemoryDatabase,
    ctx: AppContext,
    principal: StaffSession,
    login: str,
    password_login: bool,
    password_hash: bool,
) -> None:
    db.person_logins = True
    add(ctx, principal, login)
    # A directory login has no password anywhere: the directory authenticates the person.
    assert db.tables.logins == {"rivera": Login(can_login=True, has_password=password_login)}
    assert (account(db).password_hash is not None) is password_hash
    [added] = [row.entry for row in db.tables.audit if row.entry.action == "staff_add"]
    assert added.target_id == str(account(db).id)


def test_an_unknown_login_kind_or_a_password_login_without_password_is_refused(
    db: MemoryDatabase, ctx: AppContext, principal: StaffSession
) -> None:
    db.person_logins = True
    with pytest.raises(ValidationError) as kind:
        add(ctx, principal, "kerberos")
    with pytest.raises(ValidationError) as no_password:
        add(ctx, principal, "password", password=None)
    assert (kind.value.code, no_password.value.code) == (
        "staff.database_login_kind",
        "staff.password_login_needs_password",
    )
    assert db.tables.logins == {} and db.commits == 0


def test_the_login_follows_a_new_password_a_deactivation_and_a_reactivation(
    db: MemoryDatabase, ctx: AppContext, principal: StaffSession
) -> None:
    db.person_logins = True
    add(ctx, principal, "directory")

    def status(**change: object) -> None:
        staff.set_staff_status(ctx, principal, username="rivera", reason="x", **change)  # type: ignore[arg-type]

    status(password="a new long password")
    assert db.tables.logins["rivera"] == Login(can_login=True, has_password=True)
    status(active=False)
    assert db.tables.logins["rivera"] == Login(can_login=False, has_password=True)
    assert not account(db).active
    # While disabled the login is left alone: a new password goes to the account only.
    status(password="another long password")
    assert db.tables.logins["rivera"] == Login(can_login=False, has_password=True)
    status(active=True)  # reactivated: the login may log in again
    assert db.tables.logins["rivera"] == Login(can_login=True, has_password=True)
    assert account(db).active
    update = [row.entry for row in db.tables.audit if row.entry.action == "staff_update"]
    assert all("password_hash" not in e.details for e in update)
    assert [e.details.get("password_changed") for e in update] == [True, None, True, None]


def test_an_account_without_a_login_changes_no_login(
    db: MemoryDatabase, ctx: AppContext, principal: StaffSession
) -> None:
    add(ctx, principal, None)
    db.person_logins = True  # personal logins switched on later: this person has none
    staff.set_staff_status(
        ctx, principal, username="rivera", password="a new long password", reason="reset"
    )
    staff.set_staff_status(ctx, principal, username="rivera", active=False, reason="left")
    assert db.tables.logins == {}
    assert not account(db).active
