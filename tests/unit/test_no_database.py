"""The unit tier's guard (tests/unit/conftest.py) refuses every way to a database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
import sqlalchemy

from ppdesk.adapters.db import engine as db_engine
from tests.unit.conftest import DatabaseInUnitTier


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
)
def test_no_sqlalchemy_engine_not_even_in_memory(url: str) -> None:
    with pytest.raises(DatabaseInUnitTier, match="SQLAlchemy engine"):
        sqlalchemy.create_engine(url)


def test_ppdesk_engines_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseInUnitTier):
        db_engine.create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(DatabaseInUnitTier):
        db_engine.create_engine("postgresql://nobody@127.0.0.1:1/none")


@pytest.mark.parametrize("target", [":memory:", "file"])
def test_no_sqlite3_connection(target: str, tmp_path: Path) -> None:
    with pytest.raises(DatabaseInUnitTier, match="sqlite3"):
        sqlite3.connect(":memory:" if target == ":memory:" else str(tmp_path / "x.db"))
    assert not list(tmp_path.iterdir())


def test_no_psycopg_connection() -> None:
    with pytest.raises(DatabaseInUnitTier, match="psycopg"):
        psycopg.connect("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseInUnitTier, match="psycopg"):
        psycopg.Connection.connect("postgresql://nobody@127.0.0.1:1/none")
