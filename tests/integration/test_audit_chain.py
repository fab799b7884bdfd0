from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ppdesk.domain.audit import AuditEntry
from ppdesk.services.audit_trail import check_chain


def _append(ctx, n: int, actor: str = "tester") -> None:
    for i in range(n):
        with ctx.uow() as uow:
            uow.audit.append(
                AuditEntry("test_event", details={"i": i}),
                actor=actor,
                actor_staff_id=None,
                workstation="ws",
            )
            uow.commit()


def _engine(runtime):
    return runtime.engine


def test_fresh_chain_is_intact(runtime) -> None:
    _append(runtime.ctx, 5)
    report = check_chain(runtime.ctx)
    assert report.intact and report.rows == 5


def test_update_delete_are_refused_by_the_database(runtime) -> None:
    _append(runtime.ctx, 2)
    for sql in ("UPDATE audit_event SET actor = 'mallory'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"), runtime.engine.begin() as conn:
            conn.execute(text(sql))
    assert check_chain(runtime.ctx).intact


def test_truncate_is_refused(runtime) -> None:
    _append(runtime.ctx, 1)
    # SQLite has no TRUNCATE: an unqualified DELETE is its equivalent (and with a trigger
    # present SQLite never takes the truncate shortcut).
    sql = (
        "TRUNCATE audit_event"
        if runtime.engine.dialect.name == "postgresql"
        else "DELETE FROM audit_event"
    )
    with pytest.raises(DBAPIError, match="append-only"), runtime.engine.begin() as conn:
        conn.execute(text(sql))
    assert check_chain(runtime.ctx).rows == 1


def _tamper(runtime, sql: str) -> None:
    """Change the table as its owner with the protective triggers switched off."""
    with runtime.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
            conn.execute(text(sql))
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("DROP TRIGGER audit_event_no_delete"))
            conn.execute(text(sql))


@pytest.mark.parametrize(
    ("sql", "bad_seq"),
    [
        ("UPDATE audit_event SET actor = 'mallory' WHERE seq = 3", 3),
        ("UPDATE audit_event SET details = '{}' WHERE seq = 4", 4),
        ("DELETE FROM audit_event WHERE seq = 2", 2),
        ("DELETE FROM audit_event WHERE seq = 6", 6),  # the last row
    ],
)
def test_tampering_is_detected_with_the_first_bad_sequence(runtime, sql: str, bad_seq: int) -> None:
    _append(runtime.ctx, 6)
    _tamper(runtime, sql)
    report = check_chain(runtime.ctx)
    assert not report.intact
    assert report.first_bad_seq == bad_seq


def test_swapping_two_rows_is_detected(runtime) -> None:
    _append(runtime.ctx, 4)
    _tamper(
        runtime,
        "UPDATE audit_event SET details = CASE seq WHEN 2 THEN (SELECT details FROM audit_event WHERE seq = 3) "
        "ELSE (SELECT details FROM audit_event WHERE seq = 2) END WHERE seq IN (2, 3)",
    )
    report = check_chain(runtime.ctx)
    assert not report.intact and report.first_bad_seq == 2


def test_eight_concurrent_writers_keep_one_linear_chain(runtime) -> None:
    writers, each = 8, 12
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            _append(runtime.ctx, each, actor=f"writer{n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    report = check_chain(runtime.ctx)
    assert report.intact and report.rows == writers * each
    with runtime.ctx.uow(readonly=True) as uow:
        prevs = [r.prev_hash for r in uow.audit.iter_records()]
    assert len(set(prevs)) == len(prevs)  # no fork: every row has its own predecessor


def test_audit_details_refuse_secret_like_keys(runtime) -> None:
    with pytest.raises(ValueError, match="secret"), runtime.ctx.uow() as uow:
        uow.audit.append(
            AuditEntry("x", details={"pin": "ABC"}),
            actor="a",
            actor_staff_id=None,
            workstation="w",
        )
