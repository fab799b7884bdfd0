"""Issue 22, point 1: PIN keys are stored before the database is claimed for them, so no
failure or crash between the two leaves a database whose keys exist nowhere; and
``keys recover`` is the way back when a database's keys are truly lost."""

from __future__ import annotations

import os

import keyring
import pytest
from keyring.backends.null import Keyring as NullKeyring

from ppdesk import bootstrap
from ppdesk.domain.errors import PermissionDenied, SecretsUnavailable, ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import keys, pins
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.memory_keyring import MemoryKeyring
from tests.support.seed import add_school, login, staff_with_role


def _workstation(db_url: str, monkeypatch, tmp_path, name: str, backend=None):
    """Same database, a workstation with its own keyring (``backend``) and data folder."""
    keyring.set_keyring(backend if backend is not None else MemoryKeyring())
    monkeypatch.setenv("PPDESK_DATA_DIR", str(tmp_path / name))
    return bootstrap.open_app(database=db_url, create_keys=False)


def _has_fingerprint(rt) -> bool:
    return bool(rt.keys_port.has_fingerprint())


def test_init_without_a_key_store_claims_nothing(db_url, monkeypatch, tmp_path) -> None:
    rt = _workstation(db_url, monkeypatch, tmp_path, "bare", NullKeyring())
    rt.keys_port.store.key_file_allowed = False  # no key file configured
    try:
        add_school(rt.ctx)
        principal = staff_with_role(rt.ctx, Role.PRINCIPAL)
        with pytest.raises(SecretsUnavailable, match="no secure place"):
            keys.init_keys(rt.ctx, principal)
        assert not _has_fingerprint(rt), "the database was claimed for keys stored nowhere"
        assert rt.ctx.keys is None
    finally:
        rt.close()
    # The same administrator on a workstation with a keyring can still create the keys.
    rt = _workstation(db_url, monkeypatch, tmp_path, "good")
    try:
        keys.init_keys(rt.ctx, login(rt.ctx, principal.username))
        assert rt.ctx.keys is not None and _has_fingerprint(rt)
    finally:
        rt.close()


def test_a_crash_between_storing_and_claiming_loses_nothing(db_url, monkeypatch, tmp_path) -> None:
    store = MemoryKeyring()
    rt = _workstation(db_url, monkeypatch, tmp_path, "ws", store)
    try:
        add_school(rt.ctx)
        principal = staff_with_role(rt.ctx, Role.PRINCIPAL)
        port = rt.keys_port

        def crash(_material) -> None:
            raise KeyboardInterrupt  # the power goes off after the keys were stored

        monkeypatch.setattr(port, "claim", crash)
        with pytest.raises(KeyboardInterrupt):
            keys.init_keys(rt.ctx, principal)
        assert not _has_fingerprint(rt)
        assert any(k[1].startswith("pin-keys:") for k in store.store)
    finally:
        rt.close()
    rt = _workstation(db_url, monkeypatch, tmp_path, "ws", store)  # the next start
    try:
        assert rt.ctx.keys is not None, rt.ctx.keys_problem  # the stored keys are claimed
        assert _has_fingerprint(rt)
    finally:
        rt.close()


def test_keys_stored_for_a_database_another_workstation_claimed_are_removed(
    db_url, monkeypatch, tmp_path
) -> None:
    store = MemoryKeyring()
    rt = _workstation(db_url, monkeypatch, tmp_path, "late", store)
    first = _workstation(db_url, monkeypatch, tmp_path, "first")
    try:
        add_school(rt.ctx)
        principal = staff_with_role(rt.ctx, Role.PRINCIPAL)
        keys.init_keys(first.ctx, login(first.ctx, principal.username))  # wins the race
        keyring.set_keyring(store)
        port = rt.keys_port
        monkeypatch.setattr(port, "has_fingerprint", lambda: False)  # checked before the race
        with pytest.raises(SecretsUnavailable, match="do not belong"):
            keys.init_keys(rt.ctx, principal)
        assert not any(k[1].startswith("pin-keys:") for k in store.store)
    finally:
        first.close()
        rt.close()


def _lose_keys_and_recover(app, db_url, monkeypatch, tmp_path):
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    admin = staff_with_role(app, Role.DISTRICT_ADMIN)
    fam = make_family(app, guardians=2)
    other = make_family(app)  # a second student (the same synthetic answers)
    issued = [verify_and_issue(app, paa, link) for link in (fam.link_ids[0], other.link_ids[0])]
    # Every workstation's keyring is gone (a reinstalled PC, no export was ever made).
    return paa, admin, fam, issued, _workstation(db_url, monkeypatch, tmp_path, "new")


def test_recover_revokes_and_lists_every_active_pin_and_audits(
    app, db_url, monkeypatch, tmp_path
) -> None:
    paa, admin, fam, issued, rt = _lose_keys_and_recover(app, db_url, monkeypatch, tmp_path)
    try:
        ctx = rt.ctx
        assert ctx.keys is None
        admin2 = login(ctx, admin.username)
        result = keys.recover_keys(ctx, admin2, reason="keyring of the only workstation wiped")
        assert ctx.keys is not None
        assert sorted(p.pin_id for p in result.revoked) == sorted(i.pin_id for i in issued)
        assert {p.link_id for p in result.revoked} == {i.link_id for i in issued}
        assert all(p.student_number and p.guardian_name for p in result.revoked)
        with ctx.uow(readonly=True) as uow:
            for i in issued:
                assert uow.pins.get(i.pin_id).status == "revoked"
            recover = uow.audit.query(action="keys_recover")
            revokes = uow.audit.query(action="pin_revoke")
        assert [r.outcome for r in recover] == ["success"]
        assert len(revokes) == len(issued)
        # The new keys work: a new PIN for the first link, readable on this workstation.
        paa2 = login(ctx, paa.username)
        again = verify_and_issue(ctx, paa2, fam.link_ids[0])
        assert pins.reveal_pin(ctx, paa2, fam.link_ids[0]).display == again.display
        # The next start on this workstation loads the new keys.
    finally:
        rt.close()
    rt = bootstrap.open_app(database=db_url, create_keys=False)
    try:
        assert rt.ctx.keys is not None, rt.ctx.keys_problem
    finally:
        rt.close()


def test_recover_is_refused_while_keys_work_and_for_school_staff(
    app, db_url, monkeypatch, tmp_path
) -> None:
    admin = staff_with_role(app, Role.DISTRICT_ADMIN)
    principal = staff_with_role(app, Role.PRINCIPAL)
    with pytest.raises(ValidationError, match=r"nothing to\s+recover"):
        keys.recover_keys(app, admin, reason="test")
    for role in (Role.OFFICE_STAFF, Role.PARENT_ACCESS_ADMIN):
        with pytest.raises(PermissionDenied):
            keys.recover_keys(app, staff_with_role(app, role), reason="test")
    add_school(app, code="2002", name="Oak Elementary", local_district="North")
    with pytest.raises(PermissionDenied, match="every school"):
        keys.recover_keys(app, principal, reason="test")  # Oak's PINs are not theirs
    with app.uow(readonly=True) as uow:
        outcomes = [r.outcome for r in uow.audit.query(action="keys_recover")]
    assert outcomes == ["denied"] * 3


def test_recover_refuses_a_database_that_never_had_keys(db_url, monkeypatch, tmp_path) -> None:
    rt = _workstation(db_url, monkeypatch, tmp_path, "ws")
    try:
        add_school(rt.ctx)
        admin = staff_with_role(rt.ctx, Role.DISTRICT_ADMIN)
        with pytest.raises(ValidationError, match="keys init"):
            keys.recover_keys(rt.ctx, admin, reason="test")
    finally:
        rt.close()


def _ppdesk(*args: str, env: dict[str, str]):
    import subprocess
    import sys

    full = {**os.environ, **env, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    full.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "ppdesk", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=300,
        check=False,
    )


def _config_with_key_file(tmp_path, name: str, key_file) -> str:
    from dataclasses import replace

    from ppdesk.adapters.settings_store import SettingsStore

    folder = tmp_path / name
    old = os.environ["PPDESK_CONFIG_DIR"]
    os.environ["PPDESK_CONFIG_DIR"] = str(folder)
    try:
        store = SettingsStore()
        store.save(replace(store.load(), key_file=str(key_file)))
    finally:
        os.environ["PPDESK_CONFIG_DIR"] = old
    return str(folder)


def test_keys_init_on_a_workstation_with_no_key_store_then_recover_cli(
    db_url, tmp_path, monkeypatch
) -> None:
    """The technician's first day, as subprocesses: no keyring, and the key file cannot be
    written, so `keys init` fails plainly and claims nothing; with a key store it works;
    when those keys are lost `keys recover` makes new ones."""
    from tests.support.seed import PASSWORD

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    rt = _workstation(db_url, monkeypatch, tmp_path, "setup")
    try:
        add_school(rt.ctx)
        admin = staff_with_role(rt.ctx, Role.DISTRICT_ADMIN)
        assert not _has_fingerprint(rt)
    finally:
        rt.close()
    bad = _config_with_key_file(tmp_path, "config-bad", blocked / "keys.json")
    env = {"PPDESK_PASSWORD": PASSWORD, "PPDESK_CONFIG_DIR": bad}
    args = ("--database", db_url, "keys", "init", "--user", admin.username)
    r = _ppdesk(*args, env=env)
    assert r.returncode != 0
    assert "no secure place to store PIN keys" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    r = _ppdesk(*args, env=env)
    assert "already has PIN keys" not in r.stderr, r.stderr  # nothing was claimed

    key_file = tmp_path / "keys.json"
    env["PPDESK_CONFIG_DIR"] = _config_with_key_file(tmp_path, "config-good", key_file)
    r = _ppdesk(*args, env=env)
    if db_url.startswith("sqlite"):  # a single-workstation database gets keys on opening
        assert "already has PIN keys" in r.stderr, r.stderr
    else:
        assert r.returncode == 0, r.stderr
    assert key_file.exists()

    key_file.unlink()  # the only copy is gone
    args = ("--database", db_url, "keys", "recover", "--user", admin.username)
    r = _ppdesk(*args, "--reason", "key file deleted", "--yes", env=env)
    assert r.returncode == 0, r.stderr
    assert "0 active PIN(s) revoked" in r.stdout, r.stdout
    assert key_file.exists()


def test_after_a_recovery_the_trail_verifies_and_the_recovery_row_is_where_signing_restarts(
    app, db_url, monkeypatch, tmp_path
) -> None:
    """The old audit key is lost with the PIN keys: the signatures before the recovery can no
    longer be checked (their hashes and links still are), every row from the recovery's own
    row on is signed with the new keys and checked. An owner cannot fake a recovery (its row
    must carry the new key's MAC), and removing it makes the old signatures fail again."""
    from ppdesk.services.audit_trail import check_chain
    from tests.integration.test_audit_tamper import attacker

    _paa, admin, _fam, _issued, rt = _lose_keys_and_recover(app, db_url, monkeypatch, tmp_path)
    try:
        ctx = rt.ctx
        keys.recover_keys(ctx, login(ctx, admin.username), reason="keyring wiped")
        with ctx.uow(readonly=True) as uow:
            (row,) = uow.audit.query(action="keys_recover")
            later = [r for r in uow.audit.iter_records() if r.seq > row.seq]
        assert row.row_mac is not None and later  # the revokes come after it, signed
        assert all(r.row_mac is not None for r in later)
        report = check_chain(ctx)
        assert report.intact and report.macs_checked, report.describe()
        assert report.rekeyed_at == row.seq
        assert f"before sequence {row.seq}" in report.describe()
        # A row after the recovery rewritten without the key is still caught.
        victim, kept = later[0].seq, later[0].row_mac
        zeros = "0" * 64
        done = attacker(db_url, f"UPDATE audit_event SET row_mac = '{zeros}' WHERE seq = {victim}")
        assert done.returncode == 0, done.stderr
        report = check_chain(ctx)
        assert not report.intact and report.first_bad_seq == victim
        # The owner turns the recovery row into another action: the recovery is not
        # recognised, so the old keys' signatures fail from the first row.
        done = attacker(
            db_url,
            f"UPDATE audit_event SET row_mac = '{kept}' WHERE seq = {victim};"
            f"UPDATE audit_event SET action = 'keys_export' WHERE seq = {row.seq}",
        )
        assert done.returncode == 0, done.stderr
        report = check_chain(ctx)
        assert not report.intact and report.first_bad_seq is not None
        assert report.first_bad_seq < row.seq
    finally:
        rt.close()
