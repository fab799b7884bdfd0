"""The names and SQL spelling shared by the modules that write ppdesk's database rules
(``pg_security`` and ``pg_security_desk``): the schemas, the cluster roles of one database,
how a function is made ``SECURITY DEFINER`` with a pinned search path, and quoting."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
