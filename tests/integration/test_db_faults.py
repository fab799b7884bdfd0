"""Real PostgreSQL faults while the desk is in use (SECURITY.md 11 and 12). PostgreSQL only.

11: every idle pooled connection of the app is killed on the server (what a restart does
to them); the next act must simply work, because the pool pings before handing out a
connection. The control runs the same sequence with pre-ping switched off and shows that
the fault is real: the act then fails.

12: another session holds ``SELECT ... FOR UPDATE`` on the guardian_link row. The
parent_pin INSERT's foreign-key check needs a KEY SHARE lock on that row, so it waits until
``lock_timeout`` (shortened here) refuses it; after the bounded retries the user gets a
plain message, nothing is saved, and the same request succeeds once the lock is released.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
import sqlalchemy
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

from ppdesk import bootstrap
from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db.models import AuditEvent, ParentPin, PinDisclosure
from ppdesk.domain.errors import DatabaseBusy, DatabaseUnavailable
from ppdesk.domain.roles import Role
from ppdesk.services import lookup, pins
from ppdesk.services.access import BUSY_ATTEMPTS
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.seed import add_school, staff_with_role

# Only the PostgreSQL case of the ``db_url`` fixture: each test gets its own database.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("db_url", ["postgres"], indirect=True),
]

APP_NAME = "ppdesk"  # the application_name engine.py gives every connection
SHORT_LOCK_TIMEOUT_MS = 300


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _other_session(url: str, name: str) -> psycopg.Connection:
    """Another workstation's connection to the test database (not one of the app's)."""
    return psycopg.connect(_libpq_url(url), application_name=name)


def _app_backends(admin: psycopg.Connection) -> list[int]:
    rows = admin.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND application_name = %s AND pid <> pg_backend_pid()",
        (APP_NAME,),
    ).fetchall()
    return [r[0] for r in rows]


def _open(db_url: str):
    rt = bootstrap.open_app(database=db_url, create_keys=True)
    add_school(rt.ctx)
    return rt


# --- SECURITY 11: killed connections are replaced unseen (pre-ping) -----------------------


@pytest.mark.parametrize("pre_ping", [True, False], ids=["pre_ping", "control_without_pre_ping"])
def test_killed_idle_connections_are_invisible_to_the_next_act(
    db_url: str, pre_ping: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not pre_ping:  # the project's engine, with only pre-ping turned off
        monkeypatch.setattr(
            db_engine,
            "sa_create_engine",
            lambda u, **kw: sqlalchemy.create_engine(u, **{**kw, "pool_pre_ping": False}),
        )
    rt = _open(db_url)
    admin = _other_session(db_url, "ppdt_fault")
    admin.autocommit = True
    try:
        assert rt.engine.pool._pre_ping is pre_ping  # the switch under test
        paa = staff_with_role(rt.ctx, Role.PARENT_ACCESS_ADMIN)  # a login
        fam = make_family(rt.ctx, last="Quintero")
        assert [s.student_id for s in lookup.find_students(rt.ctx, paa, "Quintero")] == [
            fam.student_id
        ]
        before = _app_backends(admin)
        assert before, "the pool should hold idle connections to kill"

        killed = admin.execute(
            "SELECT pid, pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s "
            "AND pid <> pg_backend_pid()",
            (APP_NAME,),
        ).fetchall()
        assert sorted(pid for pid, _ in killed) == sorted(before)
        assert all(ok for _, ok in killed)
        assert _app_backends(admin) == []  # gone for good, as after a server restart

        if pre_ping:
            hits = lookup.find_students(rt.ctx, paa, "Quintero")  # no exception at all
            assert [s.student_id for s in hits] == [fam.student_id]
            assert set(_app_backends(admin)).isdisjoint(before)  # on a new connection
        else:
            with pytest.raises(DatabaseUnavailable, match="Nothing was saved"):
                lookup.find_students(rt.ctx, paa, "Quintero")
    finally:
        admin.close()
        rt.close()


# --- SECURITY 12: a row held FOR UPDATE elsewhere -----------------------------------------


def _counts(rt) -> dict[str, int]:
    with rt.engine.connect() as conn:
        return {
            "pins": conn.scalar(select(func.count()).select_from(ParentPin)),
            "disclosures": conn.scalar(select(func.count()).select_from(PinDisclosure)),
            "audit": conn.scalar(select(func.count()).select_from(AuditEvent)),
            "issue_audit": conn.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "pin_issue", AuditEvent.outcome == "success")
            ),
        }


def test_a_row_locked_on_another_workstation_gives_a_message_and_saves_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Users keep the 5 s default; here each attempt gives up after 0.3 s.
    monkeypatch.setattr(db_engine, "LOCK_TIMEOUT_MS", SHORT_LOCK_TIMEOUT_MS)
    rt = _open(db_url)
    locker = _other_session(db_url, "ppdt_locker")
    refusals: list[tuple[str | None, str]] = []

    @event.listens_for(rt.engine, "handle_error")
    def _record(context) -> None:
        orig = context.original_exception
        refusals.append((getattr(orig, "sqlstate", None), context.statement or ""))

    try:
        with rt.engine.connect() as conn:
            assert conn.execute(text("SHOW lock_timeout")).scalar_one() == "300ms"
        ctx = rt.ctx
        paa = staff_with_role(ctx, Role.PARENT_ACCESS_ADMIN)
        fam = make_family(ctx)
        link_id = fam.link_ids[0]
        assert verify(ctx, paa, link_id).passed
        before = _counts(rt)
        request_id = str(uuid.uuid4())

        # Another workstation is in the middle of changing this guardian's link.
        held = locker.execute(
            "SELECT id FROM guardian_link WHERE id = %s FOR UPDATE", (link_id,)
        ).fetchall()
        assert held == [(link_id,)]

        with pytest.raises(DatabaseBusy) as caught:
            pins.issue_pin(ctx, paa, link_id, request_id=request_id)

        message = str(caught.value)
        # SECURITY.md 12's wording: the record is being changed on another workstation.
        assert "record is being changed on another workstation" in message, message
        assert "nothing was saved" in message, message
        # Each attempt was refused by lock_timeout (55P03) at the PIN insert, i.e. by the
        # foreign-key check waiting on the locked guardian_link row; then no more attempts.
        assert len(refusals) == BUSY_ATTEMPTS, refusals
        for sqlstate, statement in refusals:
            assert sqlstate == "55P03"
            assert statement.lstrip().upper().startswith("INSERT INTO PARENT_PIN")
        # Bounded by lock_timeout: every attempt above ended in 55P03, and there were exactly
        # BUSY_ATTEMPTS of them (no wall-clock limit: issue 22).
        assert _counts(rt) == before  # no PIN, no disclosure, no audit row

        locker.rollback()  # the other workstation finishes
        issued = pins.issue_pin(ctx, paa, link_id, request_id=request_id)
        assert issued.display and issued.link_id == link_id
        after = _counts(rt)
        assert after["pins"] == before["pins"] + 1
        assert after["issue_audit"] == before["issue_audit"] + 1
        with rt.engine.connect() as conn:
            stored = conn.scalar(select(ParentPin.request_id).where(ParentPin.id == issued.pin_id))
        assert stored == request_id
    finally:
        locker.close()
        rt.close()
