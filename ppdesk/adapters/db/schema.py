"""Schema versions: create, check, back up and upgrade through Alembic.

Start-up policy (DESIGN.md "Runtime"):
- empty database: create the schema (all migrations) and stamp it;
- outdated SQLite file: copy it to a dated backup beside it, then upgrade;
- outdated shared PostgreSQL: refuse, naming ``ppdesk db upgrade`` (an admin's decision);
- newer than this program: refuse.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import ProgrammingError

from ppdesk.adapters.db.engine import sqlite_path
from ppdesk.domain.errors import SchemaError

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaStatus(StrEnum):
    EMPTY = "empty"
    CURRENT = "current"
    OUTDATED = "outdated"
    NEWER = "newer"
    FOREIGN = "foreign"  # tables, but not ppdesk's


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    current: str | None
    head: str

    def describe(self) -> str:
        return {
            SchemaStatus.EMPTY: f"empty database (program schema {self.head})",
            SchemaStatus.CURRENT: f"up to date (schema {self.current})",
            SchemaStatus.OUTDATED: f"needs upgrade from {self.current} to {self.head}",
            SchemaStatus.NEWER: (
                f"database schema {self.current} is newer than this program ({self.head})"
            ),
            SchemaStatus.FOREIGN: "this database holds tables that are not ppdesk's",
        }[self.status]


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as conn:
        try:
            current = MigrationContext.configure(conn).get_current_revision()
        except ProgrammingError as exc:
            if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient_privilege
                raise
            # A staff member's own login role (``db roles --apply`` took the tables from
            # staff) in a workstation's database URL: that workstation connects as its own
            # role, which must be an administrator's; a counter desk signs people in.
            raise SchemaError(
                "schema.staff_login_as_workstation", user=engine.url.username or "?"
            ) from None
        tables = set(inspect(conn).get_table_names())
        conn.rollback()
    return state_of(current, other_tables=bool(tables - {"alembic_version"}))


def state_of(current: str | None, *, other_tables: bool) -> SchemaState:
    """The state of a database at revision ``current`` (None: not stamped; ``other_tables``:
    it holds tables nonetheless)."""
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    if current is None:
        status = SchemaStatus.FOREIGN if other_tables else SchemaStatus.EMPTY
    elif current == head:
        status = SchemaStatus.CURRENT
    else:
        try:
            known = {rev.revision for rev in script.walk_revisions()}
        except Exception:  # pragma: no cover - a broken script directory
            known = set()
        status = SchemaStatus.OUTDATED if current in known else SchemaStatus.NEWER
    return SchemaState(status=status, current=current, head=head)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to ``revision`` on ``engine`` (one transaction per run)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def backup_sqlite(engine: Engine, state: SchemaState) -> Path:
    """Copy the SQLite file with SQLite's online backup; return the backup's path."""
    path = sqlite_path(engine.url)
    if path is None:
        raise SchemaError("schema.backup_sqlite_only")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{state.current}-{stamp}{path.suffix}")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    target.chmod(0o600)
    return target


def require_current(state: SchemaState) -> None:
    """A shared database used by a signed-in person (``sign_in = "database"``): anything but
    the current schema is refused with the start-up policy's own message (an upgrade is
    an administrator's ``ppdesk db upgrade``)."""
    if state.status is SchemaStatus.OUTDATED:
        raise SchemaError("schema.needs_upgrade", state=state.describe())
    if state.status is SchemaStatus.NEWER:
        raise SchemaError("schema.too_new", state=state.describe())
    if state.status is not SchemaStatus.CURRENT:
        raise SchemaError("schema.foreign_tables")


def prepare(engine: Engine) -> SchemaState:
    """Apply the start-up policy. Returns the state found before any change."""
    state = schema_state(engine)
    if state.status is SchemaStatus.EMPTY:
        upgrade(engine)
    elif state.status is SchemaStatus.OUTDATED:
        if sqlite_path(engine.url) is None:
            if engine.dialect.name == "sqlite":  # in-memory: nothing to back up
                upgrade(engine)
                return state
            raise SchemaError("schema.needs_upgrade", state=state.describe())
        backup_sqlite(engine, state)
        upgrade(engine)
    elif state.status is SchemaStatus.NEWER:
        raise SchemaError("schema.too_new", state=state.describe())
    elif state.status is SchemaStatus.FOREIGN:
        raise SchemaError("schema.foreign_tables")
    return state
