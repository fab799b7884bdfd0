"""``models.UtcDateTime``: every timestamp column reads back as an aware UTC datetime on both
engines, whatever zone the value was written in, and its DDL is timestamptz."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, select, text
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import Base, Staff, UtcDateTime
from tests.support.seed import add_staff

CHICAGO_WINTER = timezone(timedelta(hours=-6))


def test_a_value_written_in_any_zone_reads_back_as_the_same_moment_in_utc(runtime) -> None:
    engine = runtime.engine
    table = Table(
        "utc_probe", MetaData(), Column("id", Integer, primary_key=True), Column("at", UtcDateTime)
    )
    table.create(engine)
    try:
        moment = datetime(2026, 1, 15, 9, 30, 15, 250000, tzinfo=CHICAGO_WINTER)
        naive_utc = datetime(2026, 7, 1, 23, 59, 59)
        with engine.begin() as conn:
            conn.execute(
                table.insert(),
                [{"id": 1, "at": moment}, {"id": 2, "at": naive_utc}, {"id": 3, "at": None}],
            )
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":  # the driver hands back the session's zone
                conn.execute(text("SET TIME ZONE 'America/Chicago'"))
            rows = dict(conn.execute(select(table.c.id, table.c.at)).tuples().all())
            raw = conn.execute(text("SELECT at FROM utc_probe WHERE id = 1")).scalar_one()
        assert rows[1] == moment and rows[1].tzinfo is UTC
        assert rows[1].hour == 15  # 09:30 in Chicago is 15:30 UTC
        assert rows[2] == naive_utc.replace(tzinfo=UTC) and rows[2].tzinfo is UTC
        assert rows[3] is None
        if engine.dialect.name == "sqlite":  # stored as the UTC wall time, not Chicago's
            assert str(raw).startswith("2026-01-15 15:30:15.250000")
    finally:
        table.drop(engine)


def test_model_columns_read_back_aware_utc(app, runtime) -> None:
    add_staff(app, "t.zone", None)
    with Session(runtime.engine) as session:
        staff = session.scalars(select(Staff).where(Staff.username == "t.zone")).one()
        created = staff.created_at
    assert created.tzinfo is UTC
    assert abs(created - datetime.now(UTC)) < timedelta(minutes=10)


def test_every_timestamp_column_is_utc_and_timestamptz(runtime) -> None:
    columns = [c for t in Base.metadata.sorted_tables for c in t.columns]
    stamps = [c for c in columns if isinstance(c.type, DateTime | UtcDateTime)]
    assert len(stamps) >= 20
    assert all(isinstance(c.type, UtcDateTime) for c in stamps), [
        str(c) for c in stamps if not isinstance(c.type, UtcDateTime)
    ]
    if runtime.engine.dialect.name == "postgresql":
        with runtime.engine.connect() as conn:
            result = conn.execute(
                text(
                    "SELECT table_name || '.' || column_name, data_type "
                    "FROM information_schema.columns WHERE table_schema = 'public'"
                )
            )
            kinds = {str(name): str(kind) for name, kind in result}
        assert {kinds[f"{c.table.name}.{c.name}"] for c in stamps} == {"timestamp with time zone"}
