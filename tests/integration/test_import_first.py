"""The first import of a new database (issue 16, point 1): by its first principal, or by a
first district administrator created from the command line, who may also make the PIN
keys before any school exists; each school's local district said in the dry run."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import keyring
import pytest
from click.testing import CliRunner

from bench.gen_oneroster import generate
from ppdesk import bootstrap
from ppdesk.cli.main import main
from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import keys, sis_import
from tests.support.memory_keyring import MemoryKeyring
from tests.support.seed import add_staff, login

PW = "first account passphrase"


def _set(tmp_path: Path) -> Path:
    """A standard one-school OneRoster export: school 0000 under org 'ld-1' of type local."""
    folder = tmp_path / "export"
    generate(folder, 40, 1.5, 5)
    return folder


def _edit_orgs(folder: Path, edit: Any) -> None:
    path = folder / "orgs.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [dict(r) for r in csv.DictReader(handle)]
    rows = edit(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def cli(db_url: str) -> Any:
    runner = CliRunner()

    def run(*args: str) -> Any:
        env = {"PPDESK_PASSWORD": PW, "PPDESK_NEW_PASSWORD": PW}
        return runner.invoke(main, ["--database", db_url, *args], env=env, catch_exceptions=False)

    return run


def test_the_first_principal_imports_a_standard_export(cli: Any, tmp_path: Path) -> None:
    folder = _set(tmp_path)
    made = cli("staff", "add", "pat", "--name", "Pat", "--school", "0000", "--school-name",
               "Holloway", "--first-principal")  # fmt: skip
    assert made.exit_code == 0, made.output
    dry = cli("import", "oneroster", str(folder), "--dry-run", "-u", "pat")
    assert dry.exit_code == 0, dry.output
    assert "outside your schools" not in dry.output
    assert "Schools and the local district each gets:" in dry.output
    assert "0000         Local District One" in dry.output
    done = cli("import", "oneroster", str(folder), "-u", "pat")
    assert done.exit_code == 0, done.output
    listed = cli("staff", "list", "-u", "pat")
    assert listed.exit_code == 0 and "pat" in listed.output


def test_a_principal_still_cannot_move_a_school_to_another_district(
    app: Any, runtime: Any, tmp_path: Path
) -> None:
    folder = _set(tmp_path)
    add_staff(app, "dana", Role.DISTRICT_ADMIN, school_code=None)
    admin = login(app, "dana")
    sis_import.apply_import(app, admin, folder)  # 0000 now in Local District One
    add_staff(app, "pat", Role.PRINCIPAL, school_code="0000")
    principal = login(app, "pat")
    _edit_orgs(folder, lambda rows: [{**r, "name": "Local District Two"} if r["sourcedId"] == "ld-1" else r for r in rows])  # fmt: skip
    with pytest.raises(PermissionDenied, match="0000"):
        sis_import.preview_import(app, principal, folder)


def test_an_org_typed_district_gives_its_schools_a_local_district(
    app: Any, runtime: Any, tmp_path: Path
) -> None:
    folder = _set(tmp_path)
    _edit_orgs(
        folder,
        lambda rows: [
            {**r, "parentSourcedId": "dist"} if r["type"] == "school" else r
            for r in rows
            if r["type"] != "local"
        ],
    )
    add_staff(app, "dana", Role.DISTRICT_ADMIN, school_code=None, local_district="Synthetic USD")
    admin = login(app, "dana")
    plan = sis_import.preview_import(app, admin, folder)
    assert plan.ok and plan.local_districts == (("0000", "Synthetic USD"),)
    sis_import.apply_import(app, admin, folder)
    # and a school with no district above it at all is said so
    _edit_orgs(folder, lambda rows: [{**r, "parentSourcedId": ""} for r in rows])
    add_staff(app, "all", Role.DISTRICT_ADMIN, school_code=None)
    everyone = login(app, "all")
    plan = sis_import.preview_import(app, everyone, folder)
    assert any("has no local district" in p.message for p in plan.warnings)


def test_first_district_admin_then_keys_then_import(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: Any
) -> None:
    made = cli("staff", "add", "dana", "--name", "Dana Admin", "--first-district-admin",
               "--district", "Local District One")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "district_admin" in made.output
    again = cli("staff", "add", "eve", "--name", "Eve", "--first-district-admin", "--district", "X")
    assert again.exit_code != 0 and "already has staff" in again.output
    again = cli("staff", "add", "eve", "--name", "Eve", "--school", "1", "--first-principal")
    assert again.exit_code != 0 and "already has staff" in again.output
    shared = not db_url.startswith("sqlite")  # a SQLite file made its keys when opened
    if shared:
        # A workstation without keys: the district admin makes them before any school.
        keyring.set_keyring(MemoryKeyring())
        monkeypatch.setenv("PPDESK_DATA_DIR", str(tmp_path / "ws"))
    rt = bootstrap.open_app(database=db_url, create_keys=not shared)
    try:
        session = login(rt.ctx, "dana", PW)
        if shared:
            assert rt.ctx.keys is None
            keys.init_keys(rt.ctx, session)
        assert rt.ctx.keys is not None
        folder = _set(tmp_path)
        result = sis_import.apply_import(rt.ctx, session, folder)
        assert result.counts.schools_added == 1 and result.counts.students_added == 40
    finally:
        rt.close()


def test_first_district_admin_needs_a_district(cli: Any) -> None:
    made = cli("staff", "add", "dana", "--name", "Dana", "--first-district-admin")
    assert made.exit_code == 2 and "--district" in made.output
    made = cli("staff", "add", "dana", "--name", "Dana", "--first-district-admin",
               "--district", "LD 1", "--school", "0000")  # fmt: skip
    assert made.exit_code == 2 and "no --school" in made.output
