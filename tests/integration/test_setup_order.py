"""A new database set up in the README's order ends with ``ppdesk audit verify`` saying
intact (issue 19). On PostgreSQL the first rows (``db upgrade``, the first principal, their
login) are written before ``keys init`` makes the keys that sign them: ``keys init`` moves
the signing boundary to its own row, once (migration 0022), and a checkpoint records it.

Each step is the CLI itself; the attacks are a real second process (psql, sqlite3) as the
database's owner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from ppdesk.cli.main import main
from tests.integration.test_audit_tamper import attacker
from tests.integration.test_person_logins import PW, _cli
from tests.support.pg_roles import RolesDatabase


def _readme_order(url: str, name: str) -> None:
    """`db upgrade`, `staff add --first-principal`, `keys init` (a SQLite file makes its
    keys when it is first opened: there `keys init` says they exist)."""
    cli = _cli(url)
    r = cli("db", "upgrade")
    assert r.exit_code == 0, r.output
    r = cli(
        "staff", "add", name, "--name", "Pat Principal", "--school", "1234",
        "--school-name", "Maple Elementary", "--first-principal", new_password=PW,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    r = cli("keys", "init", "-u", name, password=PW)
    if url.startswith("sqlite"):
        assert r.exit_code != 0 and "already has PIN keys" in r.output, r.output
    else:
        assert r.exit_code == 0 and "New PIN keys created" in r.output, r.output


def _verify(url: str, *extra: str) -> str:
    r = CliRunner().invoke(main, ["--database", url, "audit", "verify", *extra])
    assert r.exit_code == 0, r.output
    assert "intact" in r.output and "signatures checked" in r.output, r.output
    return r.output


def test_a_new_database_set_up_in_the_readme_order_verifies_intact(
    db_url: str, tmp_path: Path
) -> None:
    _readme_order(db_url, "pat")
    _verify(db_url)
    out = tmp_path / "checkpoints.jsonl"
    r = CliRunner().invoke(main, ["--database", db_url, "audit", "checkpoint", "-o", str(out)])
    assert r.exit_code == 0, r.output
    line = json.loads(out.read_text().splitlines()[-1])
    assert isinstance(line["signed_from"], int) and line["signed_from"] >= 1
    assert "matches the checkpoint" in _verify(db_url, "--checkpoint", str(out))


def test_the_signing_boundary_cannot_move_once_a_row_is_signed(db_url: str) -> None:
    _readme_order(db_url, "pat")
    for sql in (
        "UPDATE audit_chain_head SET mac_from_seq = 1000 WHERE chain = 0",
        "UPDATE audit_chain_head SET mac_from_seq = mac_from_seq - 1 WHERE chain = 0",
    ):
        done = attacker(db_url, sql, disable=False)
        assert done.returncode != 0, sql
        assert "protected" in done.stderr, done.stderr
    _verify(db_url)


def test_a_boundary_moved_with_the_triggers_off_is_caught_by_the_checkpoint(
    db_url: str, tmp_path: Path
) -> None:
    """The owner strips every signature and moves the boundary past the end: without a
    checkpoint the chain reads intact (that is the attack); the checkpoint names the move."""
    _readme_order(db_url, "pat")
    out = tmp_path / "cp.jsonl"
    r = CliRunner().invoke(main, ["--database", db_url, "audit", "checkpoint", "-o", str(out)])
    assert r.exit_code == 0, r.output
    done = attacker(
        db_url,
        "UPDATE audit_event SET row_mac = NULL;"
        "UPDATE audit_chain_head SET mac_from_seq = 1000 WHERE chain = 0",
    )
    assert done.returncode == 0, done.stderr
    _verify(db_url)
    r = CliRunner().invoke(
        main, ["--database", db_url, "audit", "verify", "--checkpoint", str(out)]
    )
    assert r.exit_code != 0, r.output
    assert "signing boundary was moved" in r.output, r.output


@pytest.mark.postgres
def test_readme_order_with_roles_and_personal_logins_verifies_intact(pg_databases) -> None:
    """The whole order of README's PostgreSQL set-up: upgrade, first principal, keys, the
    roles, personal logins on; then a verify as the administrator."""
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new())
    try:
        pat = db.login_name("pat")
        _readme_order(db.url, pat)
        cli = _cli(db.url)
        r = cli("db", "roles", "--apply")
        assert r.exit_code == 0, r.output
        r = cli("db", "person-logins", "on")
        assert r.exit_code == 0, r.output
        assert pat in r.output and "can log in" in r.output
        _verify(db.url)
        # The rows before the keys were written unsigned; the boundary is keys_init's row.
        ((boundary, first_signed),) = db.admin(
            "SELECT h.mac_from_seq, (SELECT min(seq) FROM audit_event WHERE row_mac IS NOT NULL)"
            " FROM audit_chain_head h WHERE h.chain = 0"
        )
        ((action,),) = db.admin("SELECT action FROM audit_event WHERE seq = %s", boundary)
        assert boundary == first_signed and action == "keys_init"
        ((unsigned_before,),) = db.admin(
            "SELECT count(*) FROM audit_event WHERE seq < %s AND row_mac IS NULL", boundary
        )
        assert unsigned_before >= 2  # db upgrade, the first principal (and their login)
        # A person's own login role put in a workstation's URL (sign_in = "workstation"
        # reads the schema's version at start): a clear message, not an incident.
        as_pat = make_url(db.url).set(username=pat).render_as_string(hide_password=False)
        for args in (("db", "status"), ("staff", "list", "-u", pat)):
            r = CliRunner().invoke(main, ["--database", as_pat, *args], env={"PPDESK_PASSWORD": PW})
            assert r.exit_code != 0, r.output
            assert f"The PostgreSQL user {pat} may not read this database's tables" in r.output
            assert "incident" not in r.output and 'sign_in = "database"' in r.output
    finally:
        db.close()


@pytest.mark.postgres
def test_keys_init_over_a_personal_login_is_refused_before_anything_is_stored(
    pg_databases, tmp_path: Path
) -> None:
    from ppdesk import bootstrap
    from ppdesk.adapters.db.person import PgPersonConnector
    from ppdesk.domain.errors import ValidationError
    from ppdesk.services import keys
    from ppdesk.services.person_auth import authenticator_for

    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    db = RolesDatabase(pg_databases, pg_databases.new())
    try:
        pat = db.login_name("pat")
        cli = _cli(db.url)
        r = cli(
            "staff", "add", pat, "--name", "Pat Principal", "--school", "1234",
            "--school-name", "Maple Elementary", "--first-principal", new_password=PW,
        )  # fmt: skip
        assert r.exit_code == 0, r.output
        assert cli("db", "roles", "--apply").exit_code == 0
        assert cli("db", "person-logins", "on").exit_code == 0
        rt = bootstrap.open_app(database=db.url, create_keys=False)
        try:
            rt.ctx.person_connector = PgPersonConnector(db.url)
            session = authenticator_for(rt.ctx).login(pat, "")  # a directory-style login
            assert rt.ctx.workstation_uow is not None  # signed in over pat's own login
            with pytest.raises(ValidationError, match="administrator's workstation"):
                keys.init_keys(rt.ctx, session)
        finally:
            rt.close()
        assert db.admin("SELECT value FROM ppdesk_meta WHERE key = 'key_fingerprint'") == []
        assert not (tmp_path / "keys.json").exists()
    finally:
        db.close()
