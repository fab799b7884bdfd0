"""Secrets kept outside the database: the database password and the two PIN keys.

The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service) is preferred.
A plaintext or failing keyring backend (``keyrings.alt``, ``fail``, ``null``) counts as no
keyring. Without one, a single-workstation SQLite install keeps its keys in a key file
readable only by its owner; a shared database needs a key file an administrator configured
explicitly. With neither, PIN features fail closed: there is never a plaintext fallback in
the database or the settings file.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from ppdesk.domain.errors import SecretsUnavailable

SERVICE = "ppdesk"
_INSECURE_MODULE_PREFIXES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


@dataclass(frozen=True)
class PinKeyMaterial:
    """The key ring for one database: AES-GCM keys by id, the HMAC key for PIN hashes, and
    the audit key that signs the audit chain's rows and checkpoints. Key material made
    before the audit key existed derives it from the hashing key (HMAC as a KDF), so every
    workstation holding that material signs alike."""

    current_key_id: str
    encryption_keys: dict[str, bytes]
    hashing_key: bytes
    audit_key: bytes = b""

    def __post_init__(self) -> None:
        if not self.audit_key:
            import hashlib
            import hmac

            derived = hmac.new(self.hashing_key, b"ppdesk audit key v1", hashlib.sha256).digest()
            object.__setattr__(self, "audit_key", derived)

    def __repr__(self) -> str:  # never print key bytes
        return (
            f"PinKeyMaterial(current={self.current_key_id!r}, ids={sorted(self.encryption_keys)})"
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": 1,
                "current": self.current_key_id,
                "encryption": {
                    k: base64.b64encode(v).decode() for k, v in self.encryption_keys.items()
                },
                "hashing": base64.b64encode(self.hashing_key).decode(),
                "audit": base64.b64encode(self.audit_key).decode(),
            }
        )

    @classmethod
    def from_json(cls, raw: str) -> PinKeyMaterial:
        data = json.loads(raw)
        return cls(
            current_key_id=data["current"],
            encryption_keys={k: base64.b64decode(v) for k, v in data["encryption"].items()},
            hashing_key=base64.b64decode(data["hashing"]),
            audit_key=base64.b64decode(data.get("audit", "")),
        )

    @classmethod
    def generate(cls) -> PinKeyMaterial:
        key_id = "k1"
        return cls(
            key_id,
            {key_id: secrets.token_bytes(32)},
            secrets.token_bytes(32),
            secrets.token_bytes(32),
        )

    def rotated(self) -> PinKeyMaterial:
        """A new current encryption key; old ones stay for decrypting existing rows."""
        n = 1 + max(int(k.lstrip("k")) for k in self.encryption_keys)
        key_id = f"k{n}"
        keys = dict(self.encryption_keys)
        keys[key_id] = secrets.token_bytes(32)
        return PinKeyMaterial(key_id, keys, self.hashing_key, self.audit_key)


def keyring_backend_problem(backend: KeyringBackend | None = None) -> str | None:
    """Why the active keyring cannot hold secrets, or None when it is a secure one."""
    backend = backend or keyring.get_keyring()
    backends = getattr(backend, "backends", None)
    if backends is not None:  # ChainerBackend: secure only if some member is
        problems = [keyring_backend_problem(b) for b in backends]
        if backends and any(p is None for p in problems):
            return None
        return "no secure keyring backend is available"
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULE_PREFIXES):
        return f"the keyring backend {type(backend).__name__} is not a secure store"
    try:
        if backend.priority <= 0:
            return f"the keyring backend {type(backend).__name__} is not usable here"
    except Exception:
        return "the keyring backend cannot be used"
    return None


class SecretStore:
    """Reads and writes ppdesk's secrets; decides where the PIN keys may live."""

    def __init__(
        self,
        *,
        key_file: Path | None = None,
        key_file_allowed: bool = False,
        backend: KeyringBackend | None = None,
    ) -> None:
        self.key_file = key_file
        self.key_file_allowed = key_file_allowed
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        return self._backend or keyring.get_keyring()

    def keyring_problem(self) -> str | None:
        return keyring_backend_problem(self.backend)

    # -- database password -------------------------------------------------------------
    def get_password(self, name: str) -> str | None:
        if self.keyring_problem():
            return None
        try:
            return self.backend.get_password(SERVICE, f"db-password:{name}")
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(
                "keys.keyring_locked_db_password", reason=type(exc).__name__
            ) from None

    def set_password(self, name: str, password: str) -> None:
        problem = self.keyring_problem()
        if problem:
            raise SecretsUnavailable("keys.db_password_not_saved", problem=problem)
        self.backend.set_password(SERVICE, f"db-password:{name}", password)

    def delete_password(self, name: str) -> bool:
        """Remove the database password kept for ``name``; True if there was one. Without a
        usable keyring there is none to remove."""
        if self.keyring_problem():
            return False
        entry = f"db-password:{name}"
        try:
            if self.backend.get_password(SERVICE, entry) is None:
                return False
            self.backend.delete_password(SERVICE, entry)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(
                "keys.keyring_locked_db_password", reason=type(exc).__name__
            ) from None
        return True

    # -- PIN keys ------------------------------------------------------------------------
    # Keys are stored per key fingerprint (``pin-keys:fp:<fingerprint>`` in the keyring,
    # ``fp:<fingerprint>`` in a key file), so the keys of two databases never overwrite
    # each other, not even for two copies of one database (same id, different keys). The
    # entry named after the database id (the only one before) is still read, and written
    # only when it is free.

    def load_pin_keys(
        self, database_id: str, *, create: bool, fingerprint: str | None = None
    ) -> PinKeyMaterial:
        """Return the PIN keys of ``database_id`` (whose keys have ``fingerprint``, when
        the database has claimed keys), creating them if asked and allowed."""
        problem = self.keyring_problem()
        if problem is None:
            raw = self._keyring_get(f"pin-keys:fp:{fingerprint}") if fingerprint else None
            if not raw:
                raw = self._keyring_get(f"pin-keys:{database_id}")
                if (
                    raw
                    and fingerprint
                    and key_fingerprint(PinKeyMaterial.from_json(raw)) != fingerprint
                ):
                    raw = None  # another database's keys under this id: not these
            if raw:
                return PinKeyMaterial.from_json(raw)
            if self.key_file is None or not self.key_file.exists():
                if not create:
                    raise SecretsUnavailable("keys.none_for_database")
                material = PinKeyMaterial.generate()
                self.store_pin_keys(database_id, material)
                return material
        if self.key_file is not None and self.key_file_allowed:
            return self._key_file(database_id, create=create, fingerprint=fingerprint)
        raise SecretsUnavailable("keys.features_off", problem=problem or "no key store")

    def _keyring_get(self, entry: str) -> str | None:
        try:
            return self.backend.get_password(SERVICE, entry)
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable("keys.keyring_locked", reason=type(exc).__name__) from None

    def store_pin_keys(self, database_id: str, material: PinKeyMaterial) -> str:
        """Save keys (import or rotation) beside any other database's. Returns where."""
        fingerprint = key_fingerprint(material)
        if self.keyring_problem() is None:
            self.backend.set_password(SERVICE, f"pin-keys:fp:{fingerprint}", material.to_json())
            legacy = self._keyring_get(f"pin-keys:{database_id}")
            if not legacy or key_fingerprint(PinKeyMaterial.from_json(legacy)) == fingerprint:
                self.backend.set_password(SERVICE, f"pin-keys:{database_id}", material.to_json())
            return "system keyring"
        if self.key_file is not None and self.key_file_allowed:
            data = self._read_key_file() if self.key_file.exists() else {}
            _add_keys(data, database_id, material)
            _write_private(self.key_file, data)
            return str(self.key_file)
        raise SecretsUnavailable("keys.no_secure_store")

    def _read_key_file(self) -> dict[str, object]:
        assert self.key_file is not None
        _check_private(self.key_file)
        data = json.loads(self.key_file.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    def forget_pin_keys(self, database_id: str, material: PinKeyMaterial) -> None:
        """Remove keys stored by ``store_pin_keys`` that the database then refused (another
        workstation claimed it first); only entries that still hold exactly ``material``."""
        entries = (f"fp:{key_fingerprint(material)}", database_id)
        if self.keyring_problem() is None:
            for entry in entries:
                try:
                    if self.backend.get_password(SERVICE, f"pin-keys:{entry}") == (
                        material.to_json()
                    ):
                        self.backend.delete_password(SERVICE, f"pin-keys:{entry}")
                except keyring.errors.KeyringError:
                    pass  # left behind: it never matches this database's fingerprint
            return
        if self.key_file is not None and self.key_file_allowed and self.key_file.exists():
            data = json.loads(self.key_file.read_text(encoding="utf-8"))
            stored = json.loads(material.to_json())
            kept = {k: v for k, v in data.items() if not (k in entries and v == stored)}
            if kept != data:
                _write_private(self.key_file, kept)

    def _key_file(
        self, database_id: str, *, create: bool, fingerprint: str | None
    ) -> PinKeyMaterial:
        assert self.key_file is not None
        path = self.key_file
        data = self._read_key_file() if path.exists() else {}
        for entry in ((f"fp:{fingerprint}",) if fingerprint else ()) + (database_id,):
            if entry in data:
                material = PinKeyMaterial.from_json(json.dumps(data[entry]))
                if fingerprint is None or key_fingerprint(material) == fingerprint:
                    return material
        if not create:
            raise SecretsUnavailable("keys.file_no_keys", path=str(path))
        material = PinKeyMaterial.generate()
        _add_keys(data, database_id, material)
        _write_private(path, data)
        return material


def _add_keys(data: dict[str, object], database_id: str, material: PinKeyMaterial) -> None:
    """Add keys to a key file's entries, keeping every other database's."""
    fingerprint = key_fingerprint(material)
    entry = json.loads(material.to_json())
    data[f"fp:{fingerprint}"] = entry
    legacy = data.get(database_id)
    if legacy is None or key_fingerprint(PinKeyMaterial.from_json(json.dumps(legacy))) == (
        fingerprint
    ):
        data[database_id] = entry


def _check_private(path: Path) -> None:
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise SecretsUnavailable("keys.file_readable", path=str(path), mode=oct(mode))


def _write_private(path: Path, data: dict[str, object]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
    except OSError as exc:
        raise SecretsUnavailable(
            "keys.file_not_writable", path=str(path), reason=exc.strerror or type(exc).__name__
        ) from None


# -- moving keys between workstations -------------------------------------------------------
_SEAL_MAGIC = b"PPDESK-KEYS-1\n"


def seal_keys(material: PinKeyMaterial, database_id: str, passphrase: str) -> bytes:
    """Encrypt key material for transport: scrypt-derived key, AES-256-GCM, bound to the
    database id. The file is useless without the passphrase."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))
    payload = json.dumps({"database_id": database_id, "keys": json.loads(material.to_json())})
    blob = AESGCM(key).encrypt(nonce, payload.encode("utf-8"), _SEAL_MAGIC + database_id.encode())
    return _SEAL_MAGIC + base64.b64encode(
        json.dumps(
            {
                "database_id": database_id,
                "salt": base64.b64encode(salt).decode(),
                "nonce": base64.b64encode(nonce).decode(),
                "blob": base64.b64encode(blob).decode(),
            }
        ).encode()
    )


def unseal_keys(data: bytes, database_id: str, passphrase: str) -> PinKeyMaterial:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not data.startswith(_SEAL_MAGIC):
        raise SecretsUnavailable("keys.file_not_ppdesk")
    try:
        envelope = json.loads(base64.b64decode(data[len(_SEAL_MAGIC) :]))
    except ValueError:
        raise SecretsUnavailable("keys.file_damaged") from None
    if envelope.get("database_id") != database_id:
        raise SecretsUnavailable("keys.file_other_database")
    salt = base64.b64decode(envelope["salt"])
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))
    try:
        payload = AESGCM(key).decrypt(
            base64.b64decode(envelope["nonce"]),
            base64.b64decode(envelope["blob"]),
            _SEAL_MAGIC + database_id.encode(),
        )
    except InvalidTag:
        raise SecretsUnavailable("keys.wrong_passphrase") from None
    return PinKeyMaterial.from_json(json.dumps(json.loads(payload)["keys"]))


def key_fingerprint(material: PinKeyMaterial) -> str:
    """A public check value: tells whether keys belong to a database, reveals nothing."""
    import hashlib
    import hmac

    return hmac.new(material.hashing_key, b"ppdesk key fingerprint v1", hashlib.sha256).hexdigest()[
        :32
    ]
