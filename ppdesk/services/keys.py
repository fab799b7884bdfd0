"""Provisioning the two PIN keys on another workstation (``ppdesk keys export|import``).

Only a principal or a district administrator may move keys; both acts are audited. The
export is sealed with a passphrase (scrypt + AES-GCM) and bound to this database's id.
"""

from __future__ import annotations

from dataclasses import dataclass

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import PermissionDenied, SecretsUnavailable, ValidationError
from ppdesk.domain.roles import Permission, role_allows
from ppdesk.domain.text import NOTE_MAX, clean_text
from ppdesk.services.access import AuditedDenial, audit, grants_for, schools_with, service
from ppdesk.services.context import AppContext, StaffSession, wired
from ppdesk.services.ports import KeyMaterial, KeyStore, UnitOfWork
from ppdesk.services.records import LostPin

MIN_PASSPHRASE = 12


def _require_key_admin(
    uow: UnitOfWork, session: StaffSession, action: str, *, before_schools: bool = False
) -> None:
    # A new database set up by its first district administrator has no school yet; its
    # keys are made before the first import brings the schools in.
    if (
        before_schools
        and not uow.schools.list_all()
        and any(role_allows(g.role, Permission.MANAGE_KEYS) for g in grants_for(uow, session))
    ):
        return
    if not schools_with(uow, session, Permission.MANAGE_KEYS):
        from ppdesk.domain.audit import Outcome
        from ppdesk.domain.roles import permission_denied_code

        raise AuditedDenial(
            permission_denied_code(Permission.MANAGE_KEYS),
            AuditEntry(
                action, Outcome.DENIED, details={"permission": Permission.MANAGE_KEYS.value}
            ),
        )


def _passphrase(value: str) -> str:
    if len(value) < MIN_PASSPHRASE:
        raise ValidationError(
            "keys.passphrase_too_short", minimum=MIN_PASSPHRASE, field="passphrase"
        )
    return value


def reload_keys(ctx: AppContext) -> bool:
    """Read the PIN keys again if they were unavailable (SECURITY.md 26): a keyring that
    was locked when ppdesk started works once it is unlocked, without a restart. Returns
    whether the keys are now available; on failure ``ctx.keys_problem`` says why."""
    port = ctx.key_store
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
    port = wired(ctx.key_store, "The key store")
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
    port = wired(ctx.key_store, "The key store")
    with ctx.uow(readonly=True) as uow:
        _require_key_admin(uow, session, "keys_import")
    # Outside any write transaction: checking the keys' fingerprint uses its own connection.
    material = port.unseal(data, passphrase)
    where: str = port.install(material)
    # Installed: this workstation signs from now on, its keys_import row first.
    ctx.keys, ctx.keys_problem = port.crypto(material), None
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
    return where


__all__ = [
    "PermissionDenied",
    "SecretsUnavailable",
    "export_keys",
    "import_keys",
    "init_keys",
    "recover_keys",
]


@service
def init_keys(ctx: AppContext, session: StaffSession) -> str:
    """Create the keys of a new shared database; refused once the database has keys."""
    port = wired(ctx.key_store, "The key store")
    if ctx.workstation_uow is not None:
        # Signed in over a personal login: the keys are claimed, and the audit trail's
        # signing boundary set, by the database's owner (an administrator's workstation).
        raise ValidationError("keys.init_needs_owner")
    with ctx.uow(readonly=True) as uow:
        _require_key_admin(uow, session, "keys_init", before_schools=True)
    if ctx.keys is not None or port.has_fingerprint():
        raise ValidationError("keys.already_exist")
    material = port.generate()
    where: str = port.store_then_claim(material)  # store first: a crash cannot lose them
    # The keys are this database's now: the keys_init row below is the first signed row,
    # and every row after it must be signed (``audit verify``); the rows before it were
    # written when no keys existed.
    ctx.keys, ctx.keys_problem = port.crypto(material), None
    with ctx.uow() as uow:
        signed_from = uow.audit.start_signing()
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "keys_init",
                details={"key_id": material.current_key_id, "stored_in": where}
                | ({"signed_from_seq": signed_from} if signed_from is not None else {}),
            ),
        )
        uow.commit()
    return where


RECOVER_REASON = "PIN keys lost: key recovery"


@dataclass(frozen=True)
class KeyRecovery:
    """What ``recover_keys`` did: where the new keys are, and the links needing a new PIN."""

    stored_in: str
    key_id: str
    revoked: list[LostPin]  # sorted by school and student
    student_pins_cleared: int


@service
def recover_keys(ctx: AppContext, session: StaffSession, *, reason: str) -> KeyRecovery:
    """The way back when a database's PIN keys are truly lost (no workstation has them):
    new keys on this workstation, every active PIN revoked and listed for reissue, stored
    student PINs removed (the next SIS import brings them back), all audited.

    Refused while this workstation's keys work, and for a database that never had keys
    (use ``init_keys``). Needs key management for every school in the database."""
    from ppdesk.domain.audit import Outcome

    reason = clean_text(reason, field="reason", max_len=NOTE_MAX, required=True)
    port = wired(ctx.key_store, "The key store")
    with ctx.uow(readonly=True) as uow:
        _require_key_admin(uow, session, "keys_recover")
        every = {s.id for s in uow.schools.list_all()}
        mine = {s.id for s in schools_with(uow, session, Permission.MANAGE_KEYS)}
        if every - mine:
            raise AuditedDenial(
                "keys.recover_district_only",
                AuditEntry("keys_recover", Outcome.DENIED, details={"reason": reason}),
            )
    if reload_keys(ctx):
        raise ValidationError("keys.nothing_to_recover")
    if not port.has_fingerprint():
        raise ValidationError("keys.never_created")
    material = port.generate()
    where: str = port.install(material)  # store first, then claim in the transaction below
    # The new keys sign this transaction's rows: the keys_recover row is where `audit verify`
    # starts checking signatures again (the old audit key is lost with the PIN keys).
    ctx.keys, ctx.keys_problem = port.crypto(material), None
    try:
        with ctx.uow() as uow:
            now = uow.now()
            lost = uow.keys.active_pins()
            uow.keys.revoke_all_active(at=now, by_id=session.staff_id, reason=RECOVER_REASON)
            cleared = uow.keys.clear_student_pins()
            uow.keys.replace_fingerprint(port.fingerprint(material))
            # The recovery's row first: every row from it on is signed with the new keys.
            audit(
                uow,
                ctx,
                session,
                AuditEntry(
                    "keys_recover",
                    details={
                        "key_id": material.current_key_id,
                        "stored_in": where,
                        "revoked_pins_count": len(lost),
                        "student_pins_cleared_count": cleared,
                        "reason": reason,
                    },
                ),
            )
            for pin in lost:
                audit(
                    uow,
                    ctx,
                    session,
                    AuditEntry(
                        "pin_revoke",
                        Outcome.SUCCESS,
                        "guardian_link",
                        str(pin.link_id),
                        pin.school_id,
                        {"pin_id": pin.pin_id, "reason": RECOVER_REASON},
                    ),
                )
            uow.commit()
    except BaseException:
        if not _claimed_by(ctx, port, material):
            port.forget(material)  # nothing claimed: leave the store as it was
            ctx.keys = None
        raise
    return KeyRecovery(where, material.current_key_id, lost, cleared)


def _claimed_by(ctx: AppContext, port: KeyStore, material: KeyMaterial) -> bool:
    """Whether the database's fingerprint is that of ``material`` (a commit whose outcome
    is unknown may have gone through)."""
    try:
        with ctx.uow(readonly=True) as uow:
            return bool(uow.keys.fingerprint() == port.fingerprint(material))
    except Exception:
        return True  # cannot tell: keep the keys (stray keys are harmless, lost ones are not)
