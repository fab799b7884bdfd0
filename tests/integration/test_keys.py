"""Moving the PIN keys to another workstation (issue 9: keys export|import)."""

from __future__ import annotations

import keyring
import pytest

from ppdesk import bootstrap
from ppdesk.domain.errors import PermissionDenied, SecretsUnavailable, ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import keys, pins
from tests.support.family import make_family
from tests.support.flows import verify, verify_and_issue
from tests.support.memory_keyring import MemoryKeyring
from tests.support.seed import login, staff_with_role

PASSPHRASE = "a long transport passphrase"


def _second_workstation(db_url: str, monkeypatch, tmp_path):
    """Same database, a workstation with its own (empty) keyring and data directory."""
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.setenv("PPDESK_DATA_DIR", str(tmp_path / "ws2"))
    return bootstrap.open_app(database=db_url, create_keys=False)


def test_export_then_import_on_another_workstation(app, db_url, monkeypatch, tmp_path) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    sealed = keys.export_keys(app, principal, PASSPHRASE)
    assert issued.display.encode() not in sealed

    rt2 = _second_workstation(db_url, monkeypatch, tmp_path)
    try:
        ctx2 = rt2.ctx
        assert ctx2.keys is None and "keys import" in ctx2.keys_problem
        principal2 = login(ctx2, principal.username)
        with pytest.raises(SecretsUnavailable, match="passphrase"):
            keys.import_keys(ctx2, principal2, sealed, "not the passphrase!")
        keys.import_keys(ctx2, principal2, sealed, PASSPHRASE)
        paa2 = login(ctx2, paa.username)
        assert verify(ctx2, paa2, fam.link_ids[0]).passed
        assert pins.reveal_pin(ctx2, paa2, fam.link_ids[0]).display == issued.display
    finally:
        rt2.close()


def test_only_principal_or_district_admin_moves_keys(app) -> None:
    for role in (Role.OFFICE_STAFF, Role.PARENT_ACCESS_ADMIN, Role.ASSISTANT_PRINCIPAL):
        with pytest.raises(PermissionDenied):
            keys.export_keys(app, staff_with_role(app, role), PASSPHRASE)
    assert keys.export_keys(app, staff_with_role(app, Role.DISTRICT_ADMIN), PASSPHRASE)
    with app.uow(readonly=True) as uow:
        assert [r.outcome for r in uow.audit.query(action="keys_export")] == ["denied"] * 3 + [
            "success"
        ]


def test_keys_of_another_database_are_refused(app, tmp_path, monkeypatch) -> None:
    other = bootstrap.open_app(database=f"sqlite:///{tmp_path / 'other.sqlite3'}", create_keys=True)
    try:
        from tests.support.seed import add_school

        add_school(other.ctx)
        foreign = keys.export_keys(
            other.ctx, staff_with_role(other.ctx, Role.PRINCIPAL), PASSPHRASE
        )
    finally:
        other.close()
    with pytest.raises(SecretsUnavailable, match="another database"):
        keys.import_keys(app, staff_with_role(app, Role.PRINCIPAL), foreign, PASSPHRASE)


def test_init_creates_keys_once_for_a_new_shared_database(db_url, monkeypatch, tmp_path) -> None:
    rt = _second_workstation(db_url, monkeypatch, tmp_path)  # no keys created on open
    try:
        from tests.support.seed import add_school

        add_school(rt.ctx)
        principal = staff_with_role(rt.ctx, Role.PRINCIPAL)
        if rt.ctx.keys is None:
            keys.init_keys(rt.ctx, principal)
        assert rt.ctx.keys is not None
        with pytest.raises(ValidationError, match="already has PIN keys"):
            keys.init_keys(rt.ctx, principal)
    finally:
        rt.close()


def test_short_passphrase_is_refused(app) -> None:
    with pytest.raises(ValidationError, match="passphrase"):
        keys.export_keys(app, staff_with_role(app, Role.PRINCIPAL), "short")


def test_two_databases_keys_in_one_key_file_both_work(app, db_url, monkeypatch, tmp_path) -> None:
    """Issue 19, point 5: a workstation with one administrator key file imports the keys
    of two databases; each database's PINs still open (the second import replaced
    the first database's keys before)."""
    other_url = f"sqlite:///{tmp_path / 'second-school.sqlite3'}"
    other = bootstrap.open_app(database=other_url, create_keys=True)
    try:
        from tests.support.seed import add_school

        add_school(other.ctx)
        sealed_other = keys.export_keys(
            other.ctx, staff_with_role(other.ctx, Role.PRINCIPAL), PASSPHRASE
        )
    finally:
        other.close()
    principal = staff_with_role(app, Role.PRINCIPAL)
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    sealed = keys.export_keys(app, principal, PASSPHRASE)

    # The administrator's workstation: no keyring, one key file named in the settings.
    from keyring.backends import fail

    from ppdesk.domain.settings import Settings

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("PPDESK_DATA_DIR", str(tmp_path / "admin"))
    key_file = tmp_path / "admin-keys.json"
    settings = Settings(key_file=str(key_file))
    opened = []
    try:
        for url, data in ((db_url, sealed), (other_url, sealed_other)):
            rt = bootstrap.open_app(database=url, settings=settings, create_keys=False)
            opened.append(rt)
            assert rt.ctx.keys is None
            keys.import_keys(rt.ctx, login(rt.ctx, "principal_1001"), data, PASSPHRASE)
        for rt in opened:
            rt.close()
        opened = [
            bootstrap.open_app(database=url, settings=settings, create_keys=False)
            for url in (db_url, other_url)
        ]
        assert all(rt.ctx.keys is not None for rt in opened), [rt.ctx.keys_problem for rt in opened]
        first = opened[0].ctx
        paa1 = login(first, paa.username)
        assert verify(first, paa1, fam.link_ids[0]).passed
        assert pins.reveal_pin(first, paa1, fam.link_ids[0]).display == issued.display
    finally:
        for rt in opened:
            rt.close()


def test_a_workstation_without_the_keys_leaves_named_unsigned_rows_not_a_broken_trail(
    app, db_url, monkeypatch, tmp_path
) -> None:
    """A new workstation signs in before it has the keys (its `keys import` needs a login):
    its rows cannot be signed. They are marked (``nokeys:`` workstation) and named by the
    verdict, which stays intact; the rows after them, signed, vouch for them; a row without
    a signature and without the mark is still a broken trail."""
    from ppdesk.services.audit_trail import check_chain
    from tests.integration.test_audit_tamper import attacker

    principal = staff_with_role(app, Role.PRINCIPAL)
    sealed = keys.export_keys(app, principal, PASSPHRASE)
    rt = _second_workstation(db_url, monkeypatch, tmp_path)
    try:
        assert rt.ctx.keys is None
        there = login(rt.ctx, principal.username)  # before the keys: unsigned, marked
        keys.import_keys(rt.ctx, there, sealed, PASSPHRASE)
        login(rt.ctx, principal.username)  # with the keys: signed
    finally:
        rt.close()
    with app.uow(readonly=True) as uow:
        rows = list(uow.audit.iter_records())
    keyless = [r for r in rows if r.row_mac is None and r.seq >= 2]
    assert keyless and all(r.workstation.startswith("nokeys:") for r in keyless)
    assert [r.action for r in keyless] == ["login"]  # keys_import is signed: keys installed
    (imported,) = [r for r in rows if r.action == "keys_import"]
    assert imported.row_mac is not None and not imported.workstation.startswith("nokeys:")
    assert rows[-1].row_mac is not None and not rows[-1].workstation.startswith("nokeys:")
    report = check_chain(app)
    assert report.intact, report.describe()
    assert report.keyless_rows == len(keyless)
    assert report.keyless_seqs == tuple(r.seq for r in keyless)
    assert "without the PIN keys are not signed" in report.describe()
    # The same row without its mark (the owner rewrites it, hashes recomputed or not): broken.
    victim = keyless[0]
    done = attacker(
        db_url, f"UPDATE audit_event SET workstation = 'frontdesk' WHERE seq = {victim.seq}"
    )
    assert done.returncode == 0, done.stderr
    report = check_chain(app)
    assert not report.intact and report.first_bad_seq == victim.seq
