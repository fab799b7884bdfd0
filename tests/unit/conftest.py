"""The unit tier runs without a database (issue 20 point 2).

For every test under ``tests/unit`` (and its package- and module-scoped fixtures) this
refuses the three ways a database could be reached: building a SQLAlchemy engine (any URL,
an in-memory ``sqlite://`` included), opening a ``sqlite3`` connection (file or
``:memory:``) and opening a psycopg connection. The patches are undone when the tier's
tests end, so the integration tests run in the same session are untouched.
A test that needs a database belongs in ``tests/integration``; a service rule can be
tested here on ``tests.support.memory_uow``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, NoReturn

import psycopg
import pytest
from sqlalchemy.engine import Engine

from ppdesk.services.context import AppContext
from tests.support.memory_rules import NOW, memory_context
from tests.support.memory_uow import MemoryDatabase


class DatabaseInUnitTier(AssertionError):
    """A unit test reached for a database."""


def _refuse(what: str) -> Any:
    def refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise DatabaseInUnitTier(
            f"{what} in the unit tier: tests/unit runs without a database "
            "(move the test to tests/integration or use tests.support.memory_uow)"
        )

    return refuse


@pytest.fixture(scope="package", autouse=True)
def _no_database() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Engine, "__init__", _refuse("a SQLAlchemy engine"))
        mp.setattr(sqlite3, "connect", _refuse("a sqlite3 connection"))
        refuse_pg = _refuse("a psycopg connection")
        mp.setattr(psycopg.Connection, "connect", classmethod(refuse_pg))
        mp.setattr(psycopg, "connect", refuse_pg)
        yield


@pytest.fixture
def db() -> MemoryDatabase:
    """An empty in-memory unit of work at ``NOW`` (the service-rule tests)."""
    return MemoryDatabase(NOW)


@pytest.fixture
def ctx(db: MemoryDatabase) -> AppContext:
    """A desk's context on ``db`` (a test module may define its own)."""
    return memory_context(db)
