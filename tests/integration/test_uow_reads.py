"""A read without a transaction (``ctx.uow(readonly=True, transaction=False)``, the
counter searches): no BEGIN and no ROLLBACK, and the pooled connection it leaves behind
opens transactions again for the next unit of work."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.seed import add_school


def _in_transaction(uow: Any) -> bool:
    driver = uow.session.connection().connection.driver_connection
    if hasattr(driver, "in_transaction"):  # sqlite3
        return bool(driver.in_transaction)
    from psycopg.pq import TransactionStatus

    return bool(driver.info.transaction_status != TransactionStatus.IDLE)


def test_a_read_without_a_transaction_leaves_none_open(runtime) -> None:
    ctx = runtime.ctx
    add_school(ctx)
    with ctx.uow(readonly=True) as uow:  # the control: an ordinary read has one
        assert uow.schools.get_by_code("1001") is not None
        assert _in_transaction(uow)
    with ctx.uow(readonly=True, transaction=False) as uow:
        school = uow.schools.get_by_code("1001")
        assert school is not None and uow.schools.local_districts()
        assert not _in_transaction(uow)
    # The same pooled connection: a write is in a transaction again, and without a
    # commit it is rolled back.
    with ctx.uow() as uow:
        uow.schools.update(school.id, name="Renamed Without Commit")
        assert _in_transaction(uow)
    with ctx.uow(readonly=True, transaction=False) as uow:
        again = uow.schools.get_by_code("1001")
        assert again is not None and again.name == school.name
    with pytest.raises(ValueError):
        ctx.uow(transaction=False)  # a write needs its transaction
