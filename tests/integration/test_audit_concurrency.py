"""Audit appends do not serialise the district (issue 21, point 1).

Sixteen issuers, each a thread with its own database connection, issue PINs for different
guardians at sixteen schools through the service layer. They must finish with every PIN
issued once and every chain linear and verifiable, and on PostgreSQL no lock may be
awaited by many of them while they run: a sampler on its own connection reads ``pg_locks``
and ``pg_stat_activity`` throughout. Nothing is timed; the assertions are counts.

The lock assertion cannot pass vacuously:
- the district chain's head (the single lock every audited write took before migration
  0010) is held by an outside transaction for the whole run: an issuer that needed it
  would wait for it and fail at the lock timeout;
- the sampler must have seen at least eight issuers inside a transaction at once;
- the control test puts sixteen issuers on one chain (one school), as the old design put
  every issuer of the district, with that chain's head held by an outside transaction:
  the same sampler then sees many issuers waiting on one lock.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text

from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db.models import AuditEvent, ParentPin
from ppdesk.adapters.db.uow import SqlUnitOfWorkFactory
from ppdesk.domain.roles import Role
from ppdesk.services import pins
from ppdesk.services.audit_trail import check_chain
from ppdesk.services.context import AppContext, StaffSession
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.seed import add_school, add_staff, login, staff_with_role

ISSUERS = 16
PINS_EACH = 3
# Relation extension locks ('extend') are taken for a moment by any two sessions that
# insert into one table; they are not the audit design's and are reported, not asserted.
COUNTED_LOCKTYPES = ("relation", "tuple", "transactionid", "advisory", "object", "page")


@dataclass
class Issuer:
    session: StaffSession
    links: list[int]
    school_id: int


@dataclass
class LockSamples:
    samples: int = 0
    in_flight_max: int = 0
    in_flight_samples: int = 0  # samples with at least 8 issuers inside a transaction
    max_waiters: int = 0  # most issuers awaiting one lock in any sample
    worst: tuple[Any, ...] | None = None
    extend_waits: int = 0
    errors: list[BaseException] = field(default_factory=list)


@pytest.fixture
def issuer_pids() -> set[int]:
    """The PostgreSQL backend process ids of the issuers' connections (``wide`` fills it)."""
    return set()


@pytest.fixture
def wide(
    app: AppContext, db_url: str, monkeypatch: pytest.MonkeyPatch, issuer_pids: set[int]
) -> Iterator[AppContext]:
    """The same application on its own engine with a connection per issuer; the issuers'
    backend process ids are recorded as they connect. A long lock timeout: the control
    test holds a lock until the sampler has seen the issuers wait for it."""
    monkeypatch.setattr(db_engine, "LOCK_TIMEOUT_MS", 120_000)
    engine = db_engine.create_engine(db_url, pool_size=ISSUERS + 2, max_overflow=0)
    pids = issuer_pids
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _pid(dbapi_conn: Any, _record: Any) -> None:
            pids.add(dbapi_conn.info.backend_pid)

    factory = SqlUnitOfWorkFactory(engine, app.uow.audit_signer)  # type: ignore[attr-defined]
    ctx = dataclasses.replace(app, uow=factory)
    yield ctx
    engine.dispose()


def _issuers(app: AppContext, schools: list[str], *, per_school: int) -> list[Issuer]:
    """``per_school`` parent access administrators at each school, each with PINS_EACH
    families of their own verified (the verifications are audited before the race)."""
    out = []
    for code in schools:
        school_id = add_school(app, code=code, name=f"School {code}")
        for k in range(per_school):
            if k == 0:
                session = staff_with_role(app, Role.PARENT_ACCESS_ADMIN, code)
            else:  # staff_with_role names one account per role and school
                name = f"paa_{code}_{k}"
                add_staff(app, name, Role.PARENT_ACCESS_ADMIN, school_code=code)
                session = login(app, name)
            links = []
            for _ in range(PINS_EACH):
                link = make_family(app, school_code=code).link_ids[0]
                assert verify(app, session, link).passed
                links.append(link)
            out.append(Issuer(session, links, school_id))
    return out


def _race(ctx: AppContext, issuers: list[Issuer]) -> tuple[list[Any], threading.Event]:
    """Start the issuers together; returns their results (filled in as they end) and an
    event set when all have ended."""
    barrier = threading.Barrier(len(issuers))
    results: list[Any] = [None] * len(issuers)
    done = threading.Event()
    remaining = [len(issuers)]
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = [
                pins.issue_pin(ctx, issuers[i].session, link) for link in issuers[i].links
            ]
        except BaseException as exc:
            results[i] = exc
        finally:
            with lock:
                remaining[0] -= 1
                if remaining[0] == 0:
                    done.set()

    for i in range(len(issuers)):
        threading.Thread(target=run, args=(i,), daemon=True).start()
    return results, done


WAITS_SQL = text(
    "SELECT l.locktype, l.database, l.relation, l.page, l.tuple, l.transactionid::text, "
    "l.classid, l.objid, l.objsubid, count(*) FROM pg_locks l "
    "WHERE NOT l.granted AND l.pid = ANY(:pids) "
    "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
)
IN_FLIGHT_SQL = text(
    "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids) AND xact_start IS NOT NULL"
)


def _sample(
    engine: Engine,
    pids: set[int],
    stop: Callable[[LockSamples], bool],
) -> LockSamples:
    """Read pg_locks and pg_stat_activity on a connection of its own until ``stop``."""
    out = LockSamples()
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        while not stop(out):
            ids = sorted(pids)
            in_flight = int(conn.execute(IN_FLIGHT_SQL, {"pids": ids}).scalar_one())
            waits = conn.execute(WAITS_SQL, {"pids": ids}).all()
            out.samples += 1
            out.in_flight_max = max(out.in_flight_max, in_flight)
            if in_flight >= 8:
                out.in_flight_samples += 1
            for row in waits:
                if row[0] == "extend":
                    out.extend_waits += int(row[-1])
                elif row[0] in COUNTED_LOCKTYPES and int(row[-1]) > out.max_waiters:
                    out.max_waiters, out.worst = int(row[-1]), tuple(row)
    return out


def _hold_head(engine: Engine, chain: int) -> Any:
    """An outside transaction that locks one chain's head until it is rolled back."""
    conn = engine.connect()
    conn.execute(text("SELECT 1 FROM audit_chain_head WHERE chain = :c FOR UPDATE"), {"c": chain})
    return conn


def _check_outcome(app: AppContext, issuers: list[Issuer], results: list[Any]) -> None:
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors[:3]
    issued = [pin for r in results for pin in r]
    assert len(issued) == ISSUERS * PINS_EACH
    every_link = [link for i in issuers for link in i.links]
    assert sorted(p.link_id for p in issued) == sorted(every_link)
    with app.uow(readonly=True) as uow:
        s = uow.session
        per_link = Counter(
            s.execute(select(ParentPin.link_id).where(ParentPin.status == "active")).scalars()
        )
        # every PIN issued once: one active PIN per link, none other, one audit row each
        assert per_link == Counter(every_link)
        assert s.scalar(select(func.count()).select_from(ParentPin)) == len(every_link)
        issue_rows = list(
            s.execute(
                select(AuditEvent.school_id, AuditEvent.target_id).where(
                    AuditEvent.action == "pin_issue", AuditEvent.outcome == "success"
                )
            ).all()
        )
        assert sorted(int(t) for _s, t in issue_rows) == sorted(every_link)
        records = list(uow.audit.iter_records())
        heads = uow.audit.chain_state().heads
    report = check_chain(app)
    assert report.intact, report.describe()
    assert report.rows == len(records) and report.macs_checked
    # Linear: within each chain no two rows follow the same row, and each chain's rows
    # are in sequence order ending at its head.
    by_chain: dict[int, list[Any]] = {}
    for r in records:
        by_chain.setdefault(r.school_id or 0, []).append(r)
    for chain, rows in by_chain.items():
        prevs = [r.prev_hash for r in rows]
        assert len(set(prevs)) == len(prevs), f"fork in chain {chain}"
        assert heads[chain] == (rows[-1].seq, rows[-1].row_hash)
    seqs = [r.seq for r in records]
    assert seqs == sorted(set(seqs))


def test_sixteen_issuers_at_sixteen_schools_finish_without_a_global_lock(
    app: AppContext, wide: AppContext, issuer_pids: set[int]
) -> None:
    issuers = _issuers(app, [f"{2000 + n}" for n in range(ISSUERS)], per_school=1)
    assert len({i.school_id for i in issuers}) == ISSUERS
    postgres = wide.uow.engine.dialect.name == "postgresql"  # type: ignore[attr-defined]
    holder = _hold_head(app.uow.engine, 0) if postgres else None  # type: ignore[attr-defined]
    try:
        results, done = _race(wide, issuers)
        if postgres:
            samples = _sample(app.uow.engine, issuer_pids, lambda _s: done.is_set())  # type: ignore[attr-defined]
        done.wait()
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
    _check_outcome(app, issuers, results)
    if postgres:
        print(f"16 schools, district head held outside: {samples}")
        # Work was in flight while the sampler looked...
        assert samples.in_flight_samples >= 1, samples
        # ...and no lock was awaited by more than two issuers at once.
        assert samples.max_waiters <= 2, samples


def test_the_sampler_sees_issuers_queue_on_one_chain(
    app: AppContext, wide: AppContext, db_url: str, issuer_pids: set[int]
) -> None:
    """The control: sixteen issuers at one school share that school's chain, as every
    issuer shared the one head before migration 0010. With its head held outside, the
    sampler sees them wait on one lock; released, they all finish, each PIN once."""
    if not db_url.startswith("postgres"):
        pytest.skip("pg_locks is PostgreSQL's")
    issuers = _issuers(app, ["3001"], per_school=ISSUERS)
    chain = issuers[0].school_id
    engine = app.uow.engine  # type: ignore[attr-defined]
    with app.uow() as uow:  # the school's chain exists (its verifications were audited)
        assert chain in uow.audit.chain_state().heads
    holder = _hold_head(engine, chain)
    try:
        results, done = _race(wide, issuers)
        samples = _sample(engine, issuer_pids, lambda s: s.max_waiters >= 8 or done.is_set())
    finally:
        holder.rollback()
        holder.close()
    done.wait()
    print(f"one school, its head held outside: {samples}")
    assert samples.max_waiters >= 8, samples
    _check_outcome(app, issuers, results)
