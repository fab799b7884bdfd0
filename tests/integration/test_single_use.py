"""Single use, enforced by the database (issue 19, point 3): N concurrent requests on N
separate connections give exactly one success and never exceed a limit.

Each racer is a thread with its own database connection (a dedicated pool as large as the
race), released together by a barrier; on PostgreSQL they really run side by side, on
SQLite the write lock orders them. No sleeps and no timing: the assertions are counts.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db.models import ParentPin, RedemptionAttempt, Staff
from ppdesk.adapters.db.uow import SqlUnitOfWorkFactory
from ppdesk.domain import pin as pin_domain
from ppdesk.domain.errors import AccountLocked, AuthenticationFailed, PinUnavailable
from ppdesk.domain.roles import Role
from ppdesk.services import pins, redemption
from ppdesk.services.auth import MAX_FAILED_LOGINS, PasswordAuthenticator
from ppdesk.services.context import AppContext
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.seed import add_staff, staff_with_role


@pytest.fixture
def wide(app: AppContext, db_url: str) -> Iterator[AppContext]:
    """The same application on its own engine with a connection per racer."""
    engine = db_engine.create_engine(db_url, pool_size=40, max_overflow=0)
    factory = SqlUnitOfWorkFactory(engine, app.uow.audit_signer)  # type: ignore[attr-defined]
    yield dataclasses.replace(app, uow=factory)
    engine.dispose()


def race(n: int, fn: Callable[[int], Any]) -> list[Any]:
    """Run ``fn(i)`` for i in 0..n-1 on n threads released together; results or errors."""
    barrier = threading.Barrier(n)
    out: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            out[i] = fn(i)
        except BaseException as exc:
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def kinds(results: list[Any]) -> Counter[str]:
    return Counter(type(r).__name__ if isinstance(r, BaseException) else "success" for r in results)


def _scalar(app: AppContext, stmt: Any) -> Any:
    with app.uow(readonly=True) as uow:
        return uow.session.execute(stmt).scalar()


def test_sixteen_concurrent_redemptions_of_one_pin_give_exactly_one_success(
    app: AppContext, wide: AppContext
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    results = race(
        16,
        lambda i: redemption.redeem(
            wide,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text=issued.display,
            email=f"parent{i}@example.org",
        ),
    )
    # One links; the others find the PIN used, and once ten of them have failed the
    # student's redemption is locked for the rest (the failure limit holds too).
    assert kinds(results) == {
        "success": 1,
        "RedemptionFailed": redemption.MAX_FAILED_REDEMPTIONS,
        "RedemptionLocked": 15 - redemption.MAX_FAILED_REDEMPTIONS,
    }
    assert _scalar(app, select(ParentPin.status)) == "redeemed"
    with app.uow(readonly=True) as uow:
        redeemed = uow.audit.query(action="pin_redeem")
    assert Counter(r.outcome for r in redeemed) == {
        "success": 1,
        "failed": redemption.MAX_FAILED_REDEMPTIONS,
    }


def test_fifteen_concurrent_wrong_guesses_count_exactly_the_limit(
    app: AppContext, wide: AppContext
) -> None:
    fam = make_family(app)
    guesses = [pin_domain.generate_pin().display for _ in range(15)]
    results = race(
        15,
        lambda i: redemption.redeem(
            wide,
            student_number=fam.student_number,
            dob=fam.dob,
            pin_text=guesses[i],
            email="guess@example.org",
        ),
    )
    assert kinds(results) == {
        "RedemptionFailed": redemption.MAX_FAILED_REDEMPTIONS,
        "RedemptionLocked": 15 - redemption.MAX_FAILED_REDEMPTIONS,
    }
    failed = _scalar(
        app,
        select(func.count())
        .select_from(RedemptionAttempt)
        .where(RedemptionAttempt.outcome == "failed"),
    )
    assert failed == redemption.MAX_FAILED_REDEMPTIONS


@pytest.mark.parametrize("rounds", [8])
def test_revoke_racing_redeem_leaves_the_state_both_sides_were_told(
    app: AppContext, wide: AppContext, rounds: int
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    seen: Counter[str] = Counter()
    for _ in range(rounds):
        fam = make_family(app, guardians=1)
        issued = verify_and_issue(app, paa, fam.link_ids[0])

        def act(i: int, fam: Any = fam, issued: Any = issued) -> object:
            if i == 0:
                return pins.revoke_pin(wide, paa, fam.link_ids[0], reason="race test")
            return redemption.redeem(
                wide,
                student_number=fam.student_number,
                dob=fam.dob,
                pin_text=issued.display,
                email="race@example.org",
            )

        revoke, redeem = race(2, act)
        status = _scalar(app, select(ParentPin.status).where(ParentPin.id == issued.pin_id))
        if status == "revoked":
            assert revoke is None, revoke  # staff were told "revoked"
            assert isinstance(redeem, redemption.RedemptionFailed)  # the portal: no match
        else:
            assert status == "redeemed"
            assert isinstance(redeem, redemption.Redeemed)  # the portal: linked
            assert isinstance(revoke, PinUnavailable)  # staff: nothing was revoked
        seen[status] += 1
    assert sum(seen.values()) == rounds


def test_eight_concurrent_revokes_end_the_pin_once(app: AppContext, wide: AppContext) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    verify_and_issue(app, paa, fam.link_ids[0])
    results = race(8, lambda i: pins.revoke_pin(wide, paa, fam.link_ids[0], reason=f"r{i}"))
    assert kinds(results) == {"success": 1, "PinUnavailable": 7}
    with app.uow(readonly=True) as uow:
        assert len(uow.audit.query(action="pin_revoke")) == 1


def test_thirty_concurrent_wrong_logins_lock_at_exactly_the_limit(
    app: AppContext, wide: AppContext
) -> None:
    staff_id = add_staff(app, "target_clerk", Role.OFFICE_STAFF)
    auth = PasswordAuthenticator(wide)
    results = race(30, lambda i: auth.login("target_clerk", f"wrong password {i:02d}"))
    counted = kinds(results)
    assert counted["AuthenticationFailed"] == MAX_FAILED_LOGINS
    assert counted["AccountLocked"] == 30 - MAX_FAILED_LOGINS
    assert _scalar(app, select(Staff.failed_logins).where(Staff.id == staff_id)) == (
        MAX_FAILED_LOGINS
    )
    assert _scalar(app, select(Staff.locked_at).where(Staff.id == staff_id)) is not None
    with app.uow(readonly=True) as uow:
        logins = [r for r in uow.audit.query(action="login") if r.target_id == str(staff_id)]
    assert Counter(r.outcome for r in logins) == {
        "failed": MAX_FAILED_LOGINS,
        "denied": 30 - MAX_FAILED_LOGINS,
    }
    assert isinstance(results[0], AuthenticationFailed | AccountLocked)
