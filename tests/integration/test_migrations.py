"""The migrations and the models describe the same schema, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from ppdesk.adapters.db.models import Base

# Search indexes that only exist as raw SQL (trigram, collation "C", FTS5 tables).
RAW_SQL_OBJECTS = ("_trgm", "_c'", "_fts", "ix_student_school_")


def _relevant(diff: object) -> bool:
    text = repr(diff)
    return not any(marker in text for marker in RAW_SQL_OBJECTS)


def test_models_match_migrations(runtime) -> None:
    with runtime.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(ctx, Base.metadata) if _relevant(d)]
    assert diffs == []
