"""Transient refusals by the database during PIN issue are retried (SECURITY.md 7).

PostgreSQL: a trigger on parent_pin raises a real serialization failure (40001) or
deadlock (40P01) for the first N inserts; a sequence counts them, since a sequence is not
rolled back with the failed transaction. SQLite: another connection really holds the
write lock while ppdesk's busy timeout is short. Either way the act is run again from the
start; when the database stays busy, the user gets a plain message and nothing changes.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from ppdesk import bootstrap
from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db.models import AuditEvent, ParentPin
from ppdesk.domain.errors import DatabaseBusy
from ppdesk.domain.roles import Role
from ppdesk.services import pins
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.seed import add_school, staff_with_role


def _inject_pg(engine, sqlstate: str, failures: int) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SEQUENCE ppdt_inject_seq")
        conn.exec_driver_sql(
            "CREATE FUNCTION ppdt_inject() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF nextval('ppdt_inject_seq') <= {failures} THEN "
            f"RAISE EXCEPTION 'injected by the test' USING ERRCODE = '{sqlstate}'; END IF; "
            "RETURN NEW; END $$"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER ppdt_inject BEFORE INSERT ON parent_pin "
            "FOR EACH ROW EXECUTE FUNCTION ppdt_inject()"
        )


class _WriteLock:
    """Another SQLite connection holding the write lock for ``seconds``."""

    def __init__(self, path: str, seconds: float) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")
        self.timer = threading.Timer(seconds, self.conn.rollback)
        self.timer.start()

    def close(self) -> None:
        self.timer.join()
        self.conn.close()


@pytest.fixture
def desk(db_url: str, monkeypatch: pytest.MonkeyPatch):
    # A short busy timeout, so that a held lock is reported after 0.1 s, not 15 s.
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 100)
    rt = bootstrap.open_app(database=db_url, create_keys=True)
    add_school(rt.ctx)
    yield rt
    rt.close()


def _counts(rt) -> tuple[int, int]:
    with rt.engine.connect() as conn:
        pins_n = conn.scalar(select(func.count()).select_from(ParentPin))
        issued = conn.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "pin_issue")
        )
    return int(pins_n or 0), int(issued or 0)


def _busy_while_issuing(desk, sqlstate: str, *, brief: bool):
    """Verify a guardian, make the database busy, then try to issue: returns the result
    (or raises what issue_pin raised)."""
    ctx = desk.ctx
    paa = staff_with_role(ctx, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(ctx)
    assert verify(ctx, paa, fam.link_ids[0]).passed
    lock = None
    if desk.engine.dialect.name == "postgresql":
        # Brief: the third attempt gets through. Otherwise every attempt is refused.
        _inject_pg(desk.engine, sqlstate, failures=2 if brief else 100)
    else:
        # Held from before the call: the first attempt (0.1 s timeout) must fail, so only
        # a retry can succeed (brief), or none can (3 s).
        lock = _WriteLock(str(db_engine.sqlite_path(desk.url)), 0.3 if brief else 3.0)
    try:
        return pins.issue_pin(ctx, paa, fam.link_ids[0])
    finally:
        if lock is not None:
            lock.close()


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_a_briefly_busy_database_is_retried_and_the_pin_issued(desk, sqlstate: str) -> None:
    issued = _busy_while_issuing(desk, sqlstate, brief=True)
    assert issued.display
    assert _counts(desk) == (1, 1)  # one PIN, one audit row: no trace of the failed tries


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_a_database_that_stays_busy_gets_a_message_and_changes_nothing(desk, sqlstate: str) -> None:
    with pytest.raises(DatabaseBusy, match="nothing was saved"):
        _busy_while_issuing(desk, sqlstate, brief=False)
    assert _counts(desk) == (0, 0)
