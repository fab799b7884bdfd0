"""The migrations and the models describe the same schema, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from ppdesk.adapters.db.models import Base

# Search indexes and tables that only exist as raw SQL (trigram, collation "C", FTS5
# tables, the roster tab's per-student search rows of migration 0019).
RAW_SQL_OBJECTS = (
    "_trgm",
    "_c'",
    "_fts",
    "_partial'",
    "ix_student_school_",
    "ix_guardian_link_school_",
    "roster_search",
)


def _relevant(diff: object) -> bool:
    text = repr(diff)
    return not any(marker in text for marker in RAW_SQL_OBJECTS)


def test_models_match_migrations(runtime) -> None:
    with runtime.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(ctx, Base.metadata) if _relevant(d)]
    assert diffs == []


def test_the_lookup_index_migration_goes_down_and_up_again(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from ppdesk.adapters.db import engine as db_engine
    from ppdesk.adapters.db import schema

    engine = db_engine.create_engine(db_url)
    postgres = engine.dialect.name == "postgresql"

    def indexes() -> set[str]:
        with engine.connect() as conn:
            found = {
                ix["name"]
                for table in ("parent_pin", "student")
                for ix in inspect(conn).get_indexes(table)
            }
            conn.rollback()
        return found

    added = {"ix_parent_pin_link_id"} | (
        {"ix_student_school_last_c", "ix_student_school_name_c"} if postgres else set()
    )
    try:
        schema.upgrade(engine)
        assert added <= indexes()
        cfg = schema.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")  # past 0004 (the school's PIN expiry) and 0003
        assert not added & indexes()
        assert schema.schema_state(engine).current == "0002"
        schema.upgrade(engine)
        assert added <= indexes() and schema.schema_state(engine).current == schema.head_revision()
    finally:
        engine.dispose()
