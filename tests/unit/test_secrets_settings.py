"""Secret store (fail closed, no plaintext fallback) and the TOML settings."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null

from ppdesk.adapters.crypto import PinCrypto
from ppdesk.adapters.secrets import (
    PinKeyMaterial,
    SecretStore,
    key_fingerprint,
    keyring_backend_problem,
)
from ppdesk.adapters.settings_store import SettingsStore
from ppdesk.domain.errors import PinUnavailable, SecretsUnavailable, ValidationError
from ppdesk.domain.settings import Settings


class PlaintextKeyring(null.Keyring):
    """Stands in for a keyrings.alt plaintext backend (same module prefix)."""

    priority = 1  # type: ignore[assignment]


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), PlaintextKeyring()])
def test_insecure_backends_count_as_no_keyring(backend) -> None:
    assert keyring_backend_problem(backend) is not None


def test_memory_keyring_is_accepted(memory_keyring) -> None:
    assert keyring_backend_problem(memory_keyring) is None


def test_shared_database_without_keyring_fails_closed(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()  # a shared database: no key file allowed implicitly
    with pytest.raises(SecretsUnavailable, match="PIN features are turned off"):
        store.load_pin_keys("db-1", create=True)
    assert not list(tmp_path.iterdir())  # nothing written anywhere


def test_sqlite_key_file_is_private_and_reused(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    path = tmp_path / "keys.json"
    store = SecretStore(key_file=path, key_file_allowed=True)
    first = store.load_pin_keys("db-1", create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.load_pin_keys("db-1", create=False).hashing_key == first.hashing_key
    os.chmod(path, 0o644)
    with pytest.raises(SecretsUnavailable, match="chmod 600"):
        store.load_pin_keys("db-1", create=False)


def test_keys_in_keyring_never_in_repr(memory_keyring) -> None:
    store = SecretStore()
    material = store.load_pin_keys("db-2", create=True)
    assert material.hashing_key.hex() not in repr(material)
    assert store.load_pin_keys("db-2", create=False).to_json() == material.to_json()


def test_missing_keys_on_a_new_workstation_are_refused(memory_keyring) -> None:
    with pytest.raises(SecretsUnavailable, match="keys import"):
        SecretStore().load_pin_keys("db-3", create=False)


def test_rotation_old_and_new_keys_decrypt_and_wrong_key_is_unavailable() -> None:
    old = PinKeyMaterial.generate()
    new = old.rotated()
    blob_old = PinCrypto(old).encrypt("ABCDEFGH1", b"row-1")
    crypto = PinCrypto(new)
    assert crypto.current_key_id == "k2"
    assert crypto.decrypt(*blob_old, b"row-1") == "ABCDEFGH1"
    key_id, blob = crypto.encrypt("ABCDEFGH1", b"row-1")
    assert key_id == "k2" and crypto.decrypt(key_id, blob, b"row-1") == "ABCDEFGH1"
    with pytest.raises(PinUnavailable):
        PinCrypto(PinKeyMaterial.generate()).decrypt(key_id, blob, b"row-1")
    with pytest.raises(PinUnavailable):
        crypto.decrypt(key_id, blob, b"row-2")  # bound to its row


def test_settings_round_trip_and_validation(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.toml")
    assert store.load() == Settings()
    saved = Settings(
        database_url="postgresql://ppdesk@db.example/ppdesk",
        idle_lock_minutes=14,
        school_code="1847",
    )
    store.save(saved)
    assert store.load() == saved
    with pytest.raises(ValidationError, match="password"):
        store.save(Settings(database_url="postgresql://u:secret@db.example/ppdesk"))
    with pytest.raises(ValidationError, match="Idle lock"):
        Settings(idle_lock_minutes=0).validated()
    # A settings file from before the PIN expiry became the school's: the key is ignored.
    (tmp_path / "settings.toml").write_text("pin_expiry_days = 60\nidle_lock_minutes = 9\n")
    assert store.load() == Settings(idle_lock_minutes=9)
    (tmp_path / "settings.toml").write_text("pin_expiry_days = [", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid TOML"):
        store.load()


def test_database_url_precedence(monkeypatch, tmp_path: Path) -> None:
    from ppdesk.bootstrap import resolve_database_url

    settings = Settings(database_url="sqlite:///from-settings.db")
    assert resolve_database_url(settings) == "sqlite:///from-settings.db"
    monkeypatch.setenv("PPDESK_DATABASE_URL", "sqlite:///from-env.db")
    assert resolve_database_url(settings) == "sqlite:///from-env.db"
    assert resolve_database_url(settings, "sqlite:///from-option.db") == "sqlite:///from-option.db"
    monkeypatch.delenv("PPDESK_DATABASE_URL")
    assert resolve_database_url(Settings()).endswith("/data/ppdesk.sqlite3")


def test_time_zone_setting_is_checked() -> None:
    import pytest

    from ppdesk.domain.errors import ValidationError
    from ppdesk.domain.settings import Settings

    assert Settings().time_zone == "America/Los_Angeles"
    assert Settings().with_changes(time_zone="America/New_York").time_zone == "America/New_York"
    with pytest.raises(ValidationError, match="time zone"):
        Settings().with_changes(time_zone="Mars/Olympus_Mons")


@pytest.mark.parametrize("store_kind", ["keyring", "key file"])
def test_keys_of_two_databases_live_side_by_side(
    store_kind: str, memory_keyring, tmp_path: Path
) -> None:
    """Issue 19, point 5: entries are per key fingerprint; installing one database's keys
    never replaces another's, even for two copies of one database (same id)."""
    if store_kind == "key file":
        keyring.set_keyring(fail.Keyring())
        store = SecretStore(key_file=tmp_path / "keys.json", key_file_allowed=True)
    else:
        store = SecretStore()
    first, second, third = (PinKeyMaterial.generate() for _ in range(3))
    store.store_pin_keys("db-copy", first)
    store.store_pin_keys("db-copy", second)  # a copy of the database, with its own keys
    store.store_pin_keys("db-other", third)
    for material, database_id in ((first, "db-copy"), (second, "db-copy"), (third, "db-other")):
        found = store.load_pin_keys(
            database_id, create=False, fingerprint=key_fingerprint(material)
        )
        assert found.to_json() == material.to_json()
    # The entry named after the database id keeps the first keys stored under it.
    assert store.load_pin_keys("db-copy", create=False).to_json() == first.to_json()


def test_older_key_material_gets_a_derived_audit_key() -> None:
    material = PinKeyMaterial.generate()
    data = json.loads(material.to_json())
    del data["audit"]
    old = PinKeyMaterial.from_json(json.dumps(data))
    assert old.audit_key and old.audit_key != old.hashing_key
    assert PinKeyMaterial.from_json(json.dumps(data)).audit_key == old.audit_key
    assert material.audit_key != old.audit_key  # new material has its own random key
