"""PIN cryptography: AES-256-GCM ciphertext bound to its row, HMAC-SHA256 lookup hash.

The ciphertext's associated data names the row it belongs to, so a ciphertext copied to
another row fails to decrypt instead of showing the wrong PIN (SECURITY.md check 23).
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ppdesk.adapters.secrets import PinKeyMaterial
from ppdesk.domain.errors import PinUnavailable

_NONCE = 12


class PinCrypto:
    """Encrypts, decrypts and hashes secrets with one database's key material."""

    def __init__(self, material: PinKeyMaterial) -> None:
        self._material = material
        # One AESGCM object per key id: building it costs more than a whole decryption.
        self._aead = {key_id: AESGCM(key) for key_id, key in material.encryption_keys.items()}

    def __repr__(self) -> str:
        return f"PinCrypto({self._material!r})"

    @property
    def current_key_id(self) -> str:
        return self._material.current_key_id

    def encrypt(self, plaintext: str, aad: bytes) -> tuple[str, bytes]:
        key_id = self._material.current_key_id
        nonce = os.urandom(_NONCE)
        blob = self._aead[key_id].encrypt(nonce, plaintext.encode("utf-8"), aad)
        return key_id, nonce + blob

    def decrypt(self, key_id: str | None, blob: bytes | None, aad: bytes) -> str:
        aead = self._aead.get(key_id or "")
        if blob is None or aead is None:
            raise PinUnavailable("pin.key_missing")
        try:
            return aead.decrypt(blob[:_NONCE], blob[_NONCE:], aad).decode("utf-8")
        except (InvalidTag, ValueError):
            raise PinUnavailable("pin.ciphertext_other_record") from None

    def audit_mac(self, message: str) -> str:
        """HMAC-SHA256 with the audit key: audit rows and checkpoints are signed with it."""
        return hmac.new(
            self._material.audit_key, message.encode("utf-8"), hashlib.sha256
        ).hexdigest()

    def lookup_hash(self, canonical: str, *, purpose: str = "pin") -> str:
        mac = hmac.new(self._material.hashing_key, digestmod=hashlib.sha256)
        mac.update(purpose.encode() + b"\x00" + canonical.encode("utf-8"))
        return mac.hexdigest()
