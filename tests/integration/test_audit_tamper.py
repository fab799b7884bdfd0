"""The audit trail against an attacker who owns the database (issue 19, point 4).

The attacker is a real second process: ``psql`` on PostgreSQL, the ``sqlite3`` shell on
SQLite, connected as the database's owner. It disables (PostgreSQL) or drops (SQLite) the
protective triggers, rewrites rows, and puts them back. What it cannot do is sign rows or
checkpoints: the audit key stays with the PIN keys outside the database.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from ppdesk import bootstrap
from ppdesk.adapters.db import schema_guards
from ppdesk.cli.main import main
from ppdesk.domain.audit import GENESIS_HASH, AuditEntry, row_hash
from ppdesk.services.audit_trail import check_chain, make_checkpoint

# Every protective trigger on the two tables (since migration 0007 also the one that moves
# a chain's head and the one that guards new chains' heads).
SQLITE_TRIGGERS = tuple(schema_guards.SQLITE_TRIGGERS)
SQLITE_TRIGGER_SQL = (
    "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
    "AND tbl_name IN ('audit_event', 'audit_chain_head')"
)


def _append(ctx, n: int) -> None:
    for i in range(n):
        with ctx.uow() as uow:
            uow.audit.append(
                AuditEntry("test_event", details={"i": i}),
                actor="tester",
                actor_staff_id=None,
                workstation="ws",
            )
            uow.commit()


def attacker(db_url: str, sql: str, *, disable: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``sql`` as the owner in another process, protective triggers off around it."""
    url = make_url(db_url)
    if url.get_backend_name() == "postgresql":
        if disable:
            sql = (
                "ALTER TABLE audit_event DISABLE TRIGGER USER;"
                "ALTER TABLE audit_chain_head DISABLE TRIGGER USER;"
                f"{sql};"
                "ALTER TABLE audit_event ENABLE TRIGGER USER;"
                "ALTER TABLE audit_chain_head ENABLE TRIGGER USER;"
            )
        cmd = [
            "psql",
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            "-d",
            url.database or "",
            "-1",
            "-c",
            sql,
        ]
    else:
        if disable:
            saved = subprocess.run(
                ["sqlite3", url.database or "", SQLITE_TRIGGER_SQL],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            drops = "".join(f"DROP TRIGGER {name};" for name in SQLITE_TRIGGERS)
            sql = f"BEGIN;{drops}{sql};{_recreate(saved)}COMMIT;"
        cmd = ["sqlite3", "-bail", url.database or "", sql]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def _recreate(saved: str) -> str:
    """The trigger definitions the sqlite3 shell printed, as statements again."""
    out, current = [], []
    for line in saved.splitlines():
        if line.startswith("CREATE TRIGGER") and current:
            out.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        out.append("\n".join(current))
    return "".join(stmt.rstrip().rstrip(";") + ";\n" for stmt in out)


def _checkpoint_file(ctx, tmp_path: Path) -> Path:
    path = tmp_path / "audit.checkpoint"
    path.write_text(make_checkpoint(ctx) + "\n", encoding="utf-8")
    return path


def test_attacker_changes_are_refused_while_the_triggers_are_on(runtime, db_url) -> None:
    _append(runtime.ctx, 4)
    for sql in (
        "UPDATE audit_event SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_event WHERE seq = 4",
        "UPDATE audit_chain_head SET last_seq = 2",
        "DELETE FROM audit_chain_head",
        # a row slipped into the middle, or after a gap
        "INSERT INTO audit_event (seq, occurred_at, actor, workstation, action, outcome, "
        "details, prev_hash, row_hash) VALUES (9, '2026-01-01', 'm', 'w', 'a', 'success', "
        f"'{{}}', '{GENESIS_HASH}', 'f00')",
    ):
        done = attacker(db_url, sql, disable=False)
        assert done.returncode != 0, sql
        assert "append-only" in done.stderr or "protected" in done.stderr, done.stderr
    report = check_chain(runtime.ctx)
    assert report.intact and report.rows == 4 and report.macs_checked


def test_a_row_rewritten_with_its_hash_recomputed_fails_its_signature(
    runtime, db_url, tmp_path: Path
) -> None:
    """The full recompute: the attacker knows the (unkeyed) hash, not the audit key."""
    _append(runtime.ctx, 5)
    with runtime.ctx.uow(readonly=True) as uow:
        records = list(uow.audit.iter_records())
    statements, prev = [], GENESIS_HASH
    for rec in records:
        details = '{"i":99}' if rec.seq == 2 else rec.details
        new = row_hash(
            seq=rec.seq,
            occurred_at=rec.occurred_at,
            actor=rec.actor,
            actor_staff_id=rec.actor_staff_id,
            workstation=rec.workstation,
            action=rec.action,
            target_type=rec.target_type,
            target_id=rec.target_id,
            school_id=rec.school_id,
            outcome=rec.outcome,
            details=details,
            prev_hash=prev,
        )
        statements.append(
            f"UPDATE audit_event SET details = '{details}', prev_hash = '{prev}', "
            f"row_hash = '{new}' WHERE seq = {rec.seq}"
        )
        prev = new
    statements.append(f"UPDATE audit_chain_head SET last_hash = '{prev}'")
    checkpoint = _checkpoint_file(runtime.ctx, tmp_path)
    done = attacker(db_url, ";".join(statements))
    assert done.returncode == 0, done.stderr
    report = check_chain(runtime.ctx)
    assert not report.intact and report.first_bad_seq == 2
    assert "signature" in (report.problem or "")
    report = check_chain(runtime.ctx, checkpoint=checkpoint.read_text())
    assert not report.intact and report.first_bad_seq == 2


@pytest.mark.parametrize("attack", ["tail cut", "truncate and head reset"])
def test_a_shortened_chain_is_caught_by_the_checkpoint(
    runtime, db_url, tmp_path: Path, attack: str
) -> None:
    _append(runtime.ctx, 6)
    checkpoint = _checkpoint_file(runtime.ctx, tmp_path)
    _append(runtime.ctx, 2)  # the chain goes on after the checkpoint
    with runtime.ctx.uow(readonly=True) as uow:
        hashes = {r.seq: r.row_hash for r in uow.audit.iter_records()}
    if attack == "tail cut":
        sql = (
            "DELETE FROM audit_event WHERE seq > 3;"
            f"UPDATE audit_chain_head SET last_seq = 3, last_hash = '{hashes[3]}'"
        )
    else:
        sql = (
            "DELETE FROM audit_event;"
            f"UPDATE audit_chain_head SET last_seq = 0, last_hash = '{GENESIS_HASH}'"
        )
    done = attacker(db_url, sql)
    assert done.returncode == 0, done.stderr
    # Without the checkpoint the shorter chain is consistent: that is the attack.
    assert check_chain(runtime.ctx).intact
    report = check_chain(runtime.ctx, checkpoint=checkpoint.read_text())
    assert not report.intact and "cut" in (report.problem or "")


def test_checkpoint_and_verify_from_the_command_line(runtime, db_url, tmp_path: Path) -> None:
    _append(runtime.ctx, 3)
    runner = CliRunner()
    out = tmp_path / "checkpoints.jsonl"
    r = runner.invoke(main, ["--database", db_url, "audit", "checkpoint", "-o", str(out)])
    assert r.exit_code == 0, r.output
    line = json.loads(out.read_text().splitlines()[-1])
    assert line["seq"] == 3 and line["database_id"] == runtime.ctx.database_id
    r = runner.invoke(main, ["--database", db_url, "audit", "checkpoint"])
    assert r.exit_code == 0 and json.loads(r.output)["seq"] == 3  # standard output
    r = runner.invoke(main, ["--database", db_url, "audit", "verify", "--checkpoint", str(out)])
    assert r.exit_code == 0, r.output
    assert "signatures checked" in r.output and "checkpoint at sequence 3" in r.output
    # A checkpoint changed by hand (a later sequence claimed) is refused.
    forged = dict(line, seq=2)
    bad = tmp_path / "forged.jsonl"
    bad.write_text(json.dumps(forged) + "\n")
    r = runner.invoke(main, ["--database", db_url, "audit", "verify", "--checkpoint", str(bad)])
    assert r.exit_code == 2 and "signature does not match" in r.output
    attacker(
        db_url,
        "DELETE FROM audit_event WHERE seq = 3;"
        "UPDATE audit_chain_head SET last_seq = 2, last_hash = "
        "(SELECT row_hash FROM audit_event WHERE seq = 2)",
    )
    r = runner.invoke(main, ["--database", db_url, "audit", "verify", "--checkpoint", str(out)])
    assert r.exit_code == 1 and "rows were cut" in r.output


def test_a_forged_row_appended_without_the_key_is_caught(runtime, db_url) -> None:
    _append(runtime.ctx, 2)
    with runtime.ctx.uow(readonly=True) as uow:
        last = list(uow.audit.iter_records())[-1]
    from datetime import UTC, datetime

    at = datetime(2026, 1, 1, tzinfo=UTC)
    fields = dict(
        seq=3,
        occurred_at=at,
        actor="principal",
        actor_staff_id=None,
        workstation="ws",
        action="role_grant",
        target_type=None,
        target_id=None,
        school_id=None,
        outcome="success",
        details="{}",
        prev_hash=last.row_hash,
    )
    forged = row_hash(**fields)
    stamp = (
        "2026-01-01 00:00:00+00" if db_url.startswith("postgres") else "2026-01-01 00:00:00.000000"
    )
    sql = (
        "INSERT INTO audit_event (seq, occurred_at, actor, workstation, action, outcome, "
        f"details, prev_hash, row_hash) VALUES (3, '{stamp}', 'principal', 'ws', "
        f"'role_grant', 'success', '{{}}', '{last.row_hash}', '{forged}');"
        f"UPDATE audit_chain_head SET last_seq = 3, last_hash = '{forged}'"
    )
    done = attacker(db_url, sql, disable=False)  # the triggers allow a row at the end
    assert done.returncode == 0, done.stderr
    report = check_chain(runtime.ctx)
    assert not report.intact and report.first_bad_seq == 3
    assert "no signature" in (report.problem or "")


def test_a_disabled_or_dropped_trigger_is_reported(runtime, db_url) -> None:
    assert bootstrap.protection_problems(runtime.engine) == []
    if db_url.startswith("postgres"):
        sql = "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"
        expected = "trigger audit_event_append_only on audit_event is disabled"
    else:
        sql = "DROP TRIGGER audit_event_no_update"
        expected = "trigger audit_event_no_update on audit_event is missing"
    done = attacker(db_url, sql, disable=False)
    assert done.returncode == 0, done.stderr
    assert bootstrap.protection_problems(runtime.engine) == [expected]
    runner = CliRunner()
    r = runner.invoke(main, ["--database", db_url, "audit", "verify"])
    assert r.exit_code == 1 and f"protection missing: {expected}" in r.output
    info = bootstrap.db_status(db_url)
    assert info.protections == (expected,)
