"""docs/district-setup.md's table of what each role can do in SQL is read back from a real
database with the roles applied; this test fails when the two disagree.

Regenerate with ``PPDESK_UPDATE_DOCS=1`` (then review the diff)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from ppdesk import bootstrap
from ppdesk.adapters.db import pg_security
from tests.support.pg_roles import RolesDatabase
from tests.support.seed import add_staff

DOC = Path(__file__).resolve().parents[2] / "docs" / "district-setup.md"
BEGIN, END = "<!-- privileges:begin -->\n", "<!-- privileges:end -->"


@pytest.mark.postgres
def test_the_guide_shows_the_databases_own_grants(pg_databases) -> None:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new())
    try:
        rt = bootstrap.open_app(database=db.url, create_keys=True)
        try:
            clerk = db.login_name("clerk")
            add_staff(rt.ctx, clerk, None, school_code=None)
        finally:
            rt.close()
        bootstrap.db_roles(db.url, apply=True)
        db.admin("SELECT ppdesk_api.create_login(%s, NULL)", clerk)
        engine = create_engine(db.url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            with engine.connect() as conn:
                names = pg_security.RoleNames.for_database(db.name)
                table = pg_security.privilege_table(conn, names, clerk)
        finally:
            engine.dispose()
    finally:
        db.close()
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    wanted = head + BEGIN + table + END + tail
    if os.environ.get("PPDESK_UPDATE_DOCS") == "1":
        DOC.write_text(wanted, encoding="utf-8")
    assert text == wanted, "docs/district-setup.md is stale: run with PPDESK_UPDATE_DOCS=1"
    # The promises of the guide, in the table itself.
    rows = {line.split("|")[1].strip(): line for line in table.splitlines()[2:]}
    for secret in ("public.parent_pin", "public.staff", "public.audit_event", "public.role_grant"):
        staff_cell = rows[f"`{secret}` (table)"].split("|")[4].strip()
        assert staff_cell == "none", secret
    assert "forced, by school" in rows["`public.parent_pin` (table)"]
