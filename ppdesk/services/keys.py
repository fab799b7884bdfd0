"""Provisioning the two PIN keys on another workstation (``ppdesk keys export|import``).

Only a principal or a district administrator may move keys; both acts are audited. The
export is sealed with a passphrase (scrypt + AES-GCM) and bound to this database's id.
"""

from __future__ import annotations

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import PermissionDenied, SecretsUnavailable, ValidationError
from ppdesk.domain.roles import Permission
from ppdesk.services.access import AuditedDenial, audit, schools_with, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import UnitOfWork

MIN_PASSPHRASE = 12


def _require_key_admin(uow: UnitOfWork, session: StaffSession, action: str) -> None:
    if not schools_with(uow, session, Permission.MANAGE_KEYS):
        from ppdesk.domain.audit import Outcome
        from ppdesk.domain.roles import PERMISSION_DENIED_MESSAGES

        raise AuditedDenial(
            PERMISSION_DENIED_MESSAGES[Permission.MANAGE_KEYS],
            AuditEntry(
                action, Outcome.DENIED, details={"permission": Permission.MANAGE_KEYS.value}
            ),
        )


def _passphrase(value: str) -> str:
    if len(value) < MIN_PASSPHRASE:
        raise ValidationError(
            f"passphrase: use at least {MIN_PASSPHRASE} characters.", field="passphrase"
        )
    return value


def reload_keys(ctx: AppContext) -> bool:
    """Read the PIN keys again if they were unavailable (SECURITY.md 26): a keyring that
    was locked when ppdesk started works once it is unlocked, without a restart. Returns
    whether the keys are now available; on failure ``ctx.keys_problem`` says why."""
    port = ctx.extras.get("keys_port")
    if ctx.keys is not None or port is None:
        return ctx.keys is not None
    try:
        ctx.keys, ctx.keys_problem = port.load(), None
    except SecretsUnavailable as exc:
        ctx.keys_problem = str(exc)
    return ctx.keys is not None


@service
def export_keys(ctx: AppContext, session: StaffSession, passphrase: str) -> bytes:
    """The sealed key file for this database (give it to the other workstation's admin)."""
    passphrase = _passphrase(passphrase)
    port = ctx.extras["keys_port"]
    with ctx.uow() as uow:
        _require_key_admin(uow, session, "keys_export")
        material = port.current()
        data: bytes = port.seal(material, passphrase)
        audit(
            uow,
            ctx,
            session,
            AuditEntry("keys_export", details={"key_id": material.current_key_id}),
        )
        uow.commit()
    return data


@service
def import_keys(ctx: AppContext, session: StaffSession, data: bytes, passphrase: str) -> str:
    """Install sealed keys on this workstation; returns where they were stored."""
    port = ctx.extras["keys_port"]
    with ctx.uow(readonly=True) as uow:
        _require_key_admin(uow, session, "keys_import")
    # Outside any write transaction: checking the keys' fingerprint uses its own connection.
    material = port.unseal(data, passphrase)
    where: str = port.install(material)
    with ctx.uow() as uow:
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "keys_import", details={"key_id": material.current_key_id, "stored_in": where}
            ),
        )
        uow.commit()
    ctx.keys, ctx.keys_problem = port.crypto(material), None
    return where


__all__ = ["PermissionDenied", "SecretsUnavailable", "export_keys", "import_keys"]


@service
def init_keys(ctx: AppContext, session: StaffSession) -> str:
    """Create the keys of a new shared database; refused once the database has keys."""
    port = ctx.extras["keys_port"]
    with ctx.uow(readonly=True) as uow:
        _require_key_admin(uow, session, "keys_init")
    if ctx.keys is not None or port.has_fingerprint():
        raise ValidationError(
            "This database already has PIN keys. Import them with `ppdesk keys import`."
        )
    material = port.generate()
    port.claim(material)
    where: str = port.install(material)
    with ctx.uow() as uow:
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "keys_init", details={"key_id": material.current_key_id, "stored_in": where}
            ),
        )
        uow.commit()
    ctx.keys, ctx.keys_problem = port.crypto(material), None
    return where
