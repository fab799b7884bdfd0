"""The database objects that enforce ppdesk's rules, and a check that they are in place.

An owner of the database can drop or disable a trigger; the program cannot stop that,
but ``ppdesk audit verify`` and ``ppdesk db status`` say so. Later
migrations that add protective triggers or functions add them here.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

# PostgreSQL: trigger name -> (table, function it must call).
PG_TRIGGERS: dict[str, tuple[str, str]] = {
    "audit_event_append_only": ("audit_event", "ppdesk_audit_append_only"),
    "audit_event_no_truncate": ("audit_event", "ppdesk_audit_append_only"),
    "audit_event_append_at_end": ("audit_event", "ppdesk_audit_append_at_end"),
    "audit_chain_head_forward": ("audit_chain_head", "ppdesk_audit_head_forward"),
    "audit_chain_head_no_truncate": ("audit_chain_head", "ppdesk_audit_head_forward"),
    "audit_chain_head_new_chain": ("audit_chain_head", "ppdesk_audit_head_forward"),
}

# SQLite: trigger name -> table.
SQLITE_TRIGGERS: dict[str, str] = {
    "audit_event_no_update": "audit_event",
    "audit_event_no_delete": "audit_event",
    "audit_event_append_at_end": "audit_event",
    "audit_event_moves_head": "audit_event",
    "audit_chain_head_forward": "audit_chain_head",
    "audit_chain_head_no_delete": "audit_chain_head",
    "audit_chain_head_new_chain": "audit_chain_head",
}


def check(engine: Engine) -> list[str]:
    """One line per protective trigger or function that is missing or disabled."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            rows = conn.execute(
                text(
                    "SELECT t.tgname, c.relname, p.proname, t.tgenabled "
                    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_proc p ON p.oid = t.tgfoid "
                    "WHERE NOT t.tgisinternal AND c.relnamespace = "
                    "to_regnamespace(current_schema())"
                )
            ).all()
            replica = conn.execute(text("SHOW session_replication_role")).scalar_one()
            conn.rollback()
            found = {name: (table, func, enabled) for name, table, func, enabled in rows}
            problems = []
            for name, (table, func) in PG_TRIGGERS.items():
                if name not in found:
                    problems.append(f"trigger {name} on {table} is missing")
                    continue
                f_table, f_func, enabled = found[name]
                if (f_table, f_func) != (table, func):
                    problems.append(f"trigger {name} does not run {func}() on {table}")
                elif enabled == "D":
                    problems.append(f"trigger {name} on {table} is disabled")
            if replica != "origin":
                problems.append(f"session_replication_role is {replica}: triggers do not fire")
            return problems
        names = set(
            conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        )
        conn.rollback()
    return [
        f"trigger {name} on {table} is missing"
        for name, table in SQLITE_TRIGGERS.items()
        if name not in names
    ]
