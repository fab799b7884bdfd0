from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from ppdesk import bootstrap
from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db import schema
from ppdesk.domain.errors import SchemaError


def test_empty_sqlite_file_is_created_and_stamped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    rt = bootstrap.open_app(database=url)
    try:
        assert rt.schema_state.status is schema.SchemaStatus.EMPTY
        assert schema.schema_state(rt.engine).status is schema.SchemaStatus.CURRENT
    finally:
        rt.close()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = db_engine.create_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_outdated_sqlite_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    revisions = _revisions()
    if len(revisions) < 2:
        pytest.skip("only one schema revision exists so far")
    path = tmp_path / "old.sqlite3"
    engine = db_engine.create_engine(f"sqlite:///{path}")
    schema.upgrade(engine, revisions[0])
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO school (code, name) VALUES ('7', 'Old School')"))
    engine.dispose()
    rt = bootstrap.open_app(database=f"sqlite:///{path}")
    try:
        assert rt.schema_state.status is schema.SchemaStatus.OUTDATED
        assert schema.schema_state(rt.engine).status is schema.SchemaStatus.CURRENT
        with rt.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT name FROM school WHERE code='7'")).scalar()
                == "Old School"
            )
    finally:
        rt.close()
    backups = list(tmp_path.glob(f"old.backup-{revisions[0]}-*.sqlite3"))
    assert len(backups) == 1
    check = db_engine.create_engine(f"sqlite:///{backups[0]}")
    assert schema.schema_state(check).current == revisions[0]
    check.dispose()


def test_database_newer_than_the_program_is_refused(db_url: str) -> None:
    engine = db_engine.create_engine(db_url)
    schema.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(SchemaError, match="newer"):
        bootstrap.open_app(database=db_url)


@pytest.mark.postgres
def test_outdated_shared_postgres_is_refused_until_db_upgrade(pg_databases) -> None:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    revisions = _revisions()
    if len(revisions) < 2:
        pytest.skip("only one schema revision exists so far")
    url = pg_databases.new(migrated=False)
    engine = db_engine.create_engine(url)
    schema.upgrade(engine, revisions[0])
    engine.dispose()
    with pytest.raises(SchemaError, match="ppdesk db upgrade"):
        bootstrap.open_app(database=url)
    info = bootstrap.db_upgrade(url)
    assert "up to date" in info.state
    rt = bootstrap.open_app(database=url, create_keys=True)
    rt.close()
    pg_databases.drop(url)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.sqlite3"
    engine = db_engine.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id INTEGER)"))
    engine.dispose()
    with pytest.raises(SchemaError, match="not ppdesk"):
        bootstrap.open_app(database=f"sqlite:///{path}")
