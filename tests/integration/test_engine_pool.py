"""A PostgreSQL engine keeps one idle connection (moved from tests/unit/test_engine_options.py:
the unit tier builds no engine). The engine is built, never connected: no server is needed."""

from __future__ import annotations

from ppdesk.adapters.db import engine as db_engine


def test_one_idle_connection() -> None:
    engine = db_engine.create_engine("postgresql://ann@db.district.example/ppdesk")
    try:
        assert engine.pool.size() == 1  # type: ignore[attr-defined]
    finally:
        engine.dispose()
