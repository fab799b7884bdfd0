"""The names and SQL spelling shared by the modules that write ppdesk's database rules
(``pg_security`` and ``pg_security_desk``, ``_letters``, ``_office``, ``_import``): the
schemas, the cluster roles of one database, how a function is made ``SECURITY DEFINER``
with a pinned search path, quoting, and how a module's staff-only functions are granted and
checked."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

API = "ppdesk_api"
PRIVATE = "ppdesk_private"

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


@dataclass(frozen=True)
class RoleNames:
    """The cluster roles of one ppdesk database (roles are cluster-wide, databases are not)."""

    database: str
    prefix: str

    @classmethod
    def for_database(cls, database: str, prefix: str | None = None) -> RoleNames:
        prefix = prefix or re.sub(r"[^a-z0-9_]", "_", database.lower())
        if not _IDENT.match(prefix):
            raise ValueError(
                f"Role prefix {prefix!r}: use lower-case letters, digits and _ (41 at most)."
            )
        return cls(database=database, prefix=prefix)

    @property
    def owner(self) -> str:
        return f"{self.prefix}_owner"

    @property
    def staff(self) -> str:
        return f"{self.prefix}_staff"

    @property
    def login_admin(self) -> str:
        return f"{self.prefix}_login_admin"


def q(ident: str) -> str:
    """Quote an identifier for SQL text."""
    return '"' + ident.replace('"', '""') + '"'


def lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# Every function runs as its owner with a pinned search path (no object planted in a schema
# the caller controls can stand in for ours).
DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"


# Transaction-local settings of the audit countersign (``pg_security_office``): where
# ``audit_append`` lists the rows it appended (their sequences, comma-terminated), and the
# row ``countersign_audit`` is signing (migration 0020's trigger reads it; same name there).
AUDIT_SEQS = "ppdesk.audit_seqs"
COUNTERSIGN_MARKER = "ppdesk.countersign"


def staff_only_grants_sql(n: RoleNames, api: Iterable[str], private: Iterable[str]) -> list[str]:
    """The grants of a module's functions: ``api`` (signatures in ``ppdesk_api``) executable
    by the staff group only (not PUBLIC, not the login-admin role, which manages logins, not
    people's records); ``private`` (in ``ppdesk_private``) by no one but the owner."""
    api = tuple(api)
    out = [f"REVOKE EXECUTE ON FUNCTION {API}.{sig} FROM PUBLIC, {q(n.login_admin)}" for sig in api]
    out += [f"GRANT EXECUTE ON FUNCTION {API}.{sig} TO {q(n.staff)}" for sig in api]
    out += [f"REVOKE ALL ON FUNCTION {PRIVATE}.{sig} FROM PUBLIC" for sig in private]
    return out


def function_problems(conn: Connection, n: RoleNames, signatures: Iterable[str]) -> list[str]:
    """What differs from ``staff_only_grants_sql`` for the ``ppdesk_api`` functions
    ``signatures``: a function missing, not SECURITY DEFINER, with no pinned search_path, or
    executable by anyone but the staff group (and the owner)."""
    problems: list[str] = []
    for sig in signatures:
        row = conn.execute(
            text(
                "SELECT p.prosecdef, coalesce(array_to_string(p.proconfig, ','), ''), "
                "has_function_privilege(:s, p.oid, 'EXECUTE'), "
                "has_function_privilege('public', p.oid, 'EXECUTE'), "
                "has_function_privilege(:a, p.oid, 'EXECUTE') "
                "FROM pg_proc p WHERE p.oid = to_regprocedure(:f)"
            ),
            {"f": f"{API}.{sig}", "s": n.staff, "a": n.login_admin},
        ).first()
        if row is None:
            problems.append(f"function {API}.{sig} is missing")
            continue
        definer, config, staff_can, public_can, admin_can = row
        if not definer:
            problems.append(f"function {API}.{sig} is not SECURITY DEFINER")
        elif "search_path=" not in config:
            problems.append(f"function {API}.{sig} has no pinned search_path")
        if not staff_can:
            problems.append(f"the staff role may not execute {API}.{sig}")
        if public_can or admin_can:
            problems.append(f"function {API}.{sig} is executable beyond the staff role")
    return problems
