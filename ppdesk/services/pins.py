"""Parent Portal PIN lifecycle: issue, reissue, revoke, reveal, bulk issue for letters.

Storage (DESIGN.md "PINs"): a keyed hash with a unique index (redemption, uniqueness) and,
while active, an AES-GCM ciphertext whose associated data names its row. The database
allows one active PIN per guardian-student link (partial unique index), so two
workstations issuing at once cannot both succeed. Every disclosure is recorded with its
channel; phone disclosure needs a passed *video* verification.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import (
    Conflict,
    DomainError,
    GuardianNotEligible,
    NotFound,
    PinUnavailable,
    SecretsUnavailable,
    StatusFromSis,
    ValidationError,
    VerificationRequired,
)
from ppdesk.domain.letter_number import generate_letter_number
from ppdesk.domain.pin import (
    OUTSTANDING,
    Pin,
    PinStatus,
    expires_on,
    generate_pin,
    phonetic_text,
)
from ppdesk.domain.roles import Permission
from ppdesk.domain.settings import pin_expiry_days
from ppdesk.domain.text import NOTE_MAX, clean_text
from ppdesk.domain.verification import (
    VERIFICATION_VALID_FOR,
    VerificationMode,
)
from ppdesk.services.access import (
    audit,
    require,
    require_recent_login,
    retries_when_busy,
    service,
)
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.keys import reload_keys
from ppdesk.services.ports import PinKeys, SchoolRecord, UnitOfWork
from ppdesk.services.records import LinkRow, PinRow, StudentRow, VerificationRow

MAX_GENERATION_ATTEMPTS = 5
CHANNELS = ("screen", "phone", "print", "export")


@dataclass(frozen=True)
class DisclosedPin:
    """A PIN handed to the GUI or CLI to show once. Its repr never shows the value."""

    pin_id: int
    link_id: int
    display: str
    expires_at: datetime
    channel: str
    phonetic: str | None

    def __repr__(self) -> str:
        return (
            f"DisclosedPin(pin_id={self.pin_id}, link_id={self.link_id}, channel={self.channel!r})"
        )

    __str__ = __repr__


@dataclass(frozen=True)
class NewPin:
    """A PIN ``create_pin`` just wrote (not committed yet). Its repr never shows the PIN."""

    pin: Pin
    pin_id: int
    expires_at: datetime
    letter_number: str | None  # held PINs (bulk letters) only


def keys_of(ctx: AppContext) -> PinKeys:
    """The key ring, read again first if it was unavailable (the keyring may have been
    unlocked since); ``SecretsUnavailable`` if there still is none."""
    if ctx.keys is None and not reload_keys(ctx):
        if ctx.keys_problem is not None:
            raise SecretsUnavailable(ctx.keys_problem)  # the key store's own refusal, as given
        raise SecretsUnavailable("pin.keys_unavailable")
    assert ctx.keys is not None  # reload_keys returned True
    return ctx.keys


def aad(pin_id: int, link_id: int) -> bytes:
    return f"ppdesk/parent_pin/{pin_id}/{link_id}".encode()


def load_link(uow: UnitOfWork, link_id: int) -> tuple[LinkRow, StudentRow]:
    """The active guardian-student link and its student (``NotFound`` otherwise)."""
    found = uow.people.link_and_student(link_id)
    if found is None or not found[0].active:
        raise NotFound("guardian.not_linked")
    link, student = found
    if student is None:
        raise NotFound("student.not_found")
    return link, student


def load_managed(
    uow: UnitOfWork, session: StaffSession, link_id: int, *, action: str
) -> tuple[LinkRow, StudentRow]:
    """The link and its student, once the caller may manage PINs at the student's school
    (an audited refusal otherwise)."""
    link, student, _school = load_managed_at(uow, session, link_id, action=action)
    return link, student


def load_managed_at(
    uow: UnitOfWork, session: StaffSession, link_id: int, *, action: str
) -> tuple[LinkRow, StudentRow, SchoolRecord | None]:
    """``load_managed``, with the student's school (read once)."""
    link, student = load_link(uow, link_id)
    school = uow.schools.get(student.school_id)
    require(
        uow,
        session,
        Permission.MANAGE_PIN,
        school,
        action=action,
        target_type="guardian_link",
        target_id=str(link.id),
    )
    return link, student, school


def denied(
    exc: DomainError,
    action: str,
    link: LinkRow,
    school_id: int,
    *,
    outcome: Outcome = Outcome.DENIED,
    **details: object,
) -> DomainError:
    """``exc``, carrying the audit row that ``@service`` writes after the rollback."""
    return exc.with_audit(
        AuditEntry(
            action,
            outcome,
            "guardian_link",
            str(link.id),
            school_id,
            {"reason": type(exc).__name__, **details},
        )
    )


def passed_verification(
    uow: UnitOfWork,
    session: StaffSession,
    link: LinkRow,
    now: datetime,
    channel: str,
    action: str,
    school_id: int,
) -> VerificationRow:
    """The passed, recent verification by this staff member that unlocks this PIN."""
    v: VerificationRow | None = uow.pins.latest_passed_verification(link.id, session.staff_id)
    if v is None or v.completed_at is None or now - v.completed_at > VERIFICATION_VALID_FOR:
        raise denied(
            VerificationRequired(
                "verification.required",
                minutes=int(VERIFICATION_VALID_FOR.total_seconds() // 60),
            ),
            action,
            link,
            school_id,
        )
    if v.office == "district" and channel != "phone":
        # A district office does not show, print or export the school's PIN letter: the PIN
        # is read out by phone after a video check (guide section IV, step 3), or its
        # letter waits for the school to print (``school_letters.queue_for_school``).
        raise denied(
            VerificationRequired("verification.district_route"),
            action,
            link,
            school_id,
            channel=channel,
            office="district",
        )
    if channel == "phone" and v.mode != VerificationMode.VIDEO.value:
        raise denied(
            VerificationRequired("verification.video_required_for_phone"),
            action,
            link,
            school_id,
            channel=channel,
        )
    return v


def sweep_expired(ctx: AppContext) -> int:
    """Mark PINs past their expiry as expired and destroy their ciphertext, committed on its
    own so a refusal that follows cannot roll it back."""
    with ctx.uow() as uow:
        n = uow.pins.expire_due(uow.now())
        uow.commit()
    return int(n)


def _check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValidationError("pin.channel_unknown", channels=", ".join(CHANNELS), field="channel")
    return channel


def create_pin(
    ctx: AppContext,
    uow: UnitOfWork,
    link: LinkRow,
    *,
    staff_id: int,
    now: datetime,
    request_id: str,
    verification_id: int | None,
    expiry_days: int,
    bulk_run: str | None = None,
    held: bool = False,
    channel: str | None = None,
) -> NewPin:
    """A new PIN for ``link``: active, or with ``held`` (a bulk letter) held with a new
    letter number until it is handed over at the counter.

    Written in the caller's unit of work (hash, then ciphertext bound to the new row),
    which commits or rolls back; ``Conflict`` when the link already has an outstanding PIN
    or ``request_id`` was used."""
    keys = keys_of(ctx)
    expires = expires_on(now, expiry_days)
    for _ in range(MAX_GENERATION_ATTEMPTS):
        pin = generate_pin()
        letter_number = generate_letter_number() if held else None
        outcome, pin_id = uow.pins.try_insert(
            link_id=link.id,
            student_id=link.student_id,
            guardian_id=link.guardian_id,
            request_id=request_id,
            pin_hash=keys.lookup_hash(pin.canonical),
            issued_at=now,
            issued_by_id=staff_id,
            verification_id=verification_id,
            expires_at=expires,
            bulk_run=bulk_run,
            status=PinStatus.HELD if held else PinStatus.ACTIVE,
            letter_number=letter_number,
            channel=channel,
        )
        if outcome == "ok":
            assert pin_id is not None
            key_id, blob = keys.encrypt(pin.canonical, aad(pin_id, link.id))
            uow.pins.set_ciphertext(pin_id, key_id, blob)
            return NewPin(pin, pin_id, expires, letter_number)
        if outcome == "active_exists":
            raise Conflict("pin.issued_elsewhere")
        if outcome == "request_exists":
            raise Conflict("pin.request_handled")
        # hash or letter number collision with an earlier PIN: draw again
    raise Conflict("pin.not_unique")


def _disclose(
    ctx: AppContext, pin: Pin, pin_id: int, link_id: int, expires: datetime, channel: str
) -> DisclosedPin:
    return DisclosedPin(
        pin_id=pin_id,
        link_id=link_id,
        display=pin.display,
        expires_at=expires,
        channel=channel,
        phonetic=phonetic_text(pin) if channel == "phone" else None,
    )


def decrypt(ctx: AppContext, row: PinRow) -> Pin:
    from ppdesk.domain.pin import parse_pin

    if row.status not in OUTSTANDING or row.ciphertext is None:
        raise PinUnavailable("pin.no_longer_shown", state=(f"pin.state.{row.status}",))
    return parse_pin(keys_of(ctx).decrypt(row.key_id, row.ciphertext, aad(row.id, row.link_id)))


@service
@retries_when_busy
def issue_pin(
    ctx: AppContext,
    session: StaffSession,
    link_id: int,
    *,
    request_id: str | None = None,
    channel: str = "screen",
    reissue: bool = False,
    reason: str | None = None,
) -> DisclosedPin:
    """Issue (or, with ``reissue``, replace) the PIN of one guardian after a passed verification.

    A retry with the same ``request_id`` returns the PIN already issued for it.
    """
    channel = _check_channel(channel)
    request_id = request_id or str(uuid.uuid4())
    reason = clean_text(reason, field="reason", max_len=NOTE_MAX)
    keys_of(ctx)
    sweep_expired(ctx)
    action = "pin_reissue" if reissue else "pin_issue"
    with ctx.uow() as uow:
        link, student, school = load_managed_at(uow, session, link_id, action=action)
        now = uow.now()
        earlier = uow.pins.by_request(request_id)
        if earlier is not None:
            if earlier.link_id != link.id or earlier.issued_by_id != session.staff_id:
                raise ValidationError("pin.request_other_pin")
            pin = decrypt(ctx, earlier)
            uow.pins.add_disclosure(
                pin_id=earlier.id,
                staff_id=session.staff_id,
                channel=channel,
                at=now,
                verification_id=earlier.verification_id,
            )
            audit(
                uow,
                ctx,
                session,
                AuditEntry(
                    "pin_disclose",
                    Outcome.SUCCESS,
                    "guardian_link",
                    str(link.id),
                    student.school_id,
                    {"pin_id": earlier.id, "channel": channel, "retry": True},
                ),
            )
            uow.commit()
            return _disclose(ctx, pin, earlier.id, link.id, earlier.expires_at, channel)
        if not link.verified_legal_guardian:
            raise denied(
                GuardianNotEligible("guardian.not_verified_parent"), action, link, student.school_id
            )
        v = passed_verification(uow, session, link, now, channel, action, student.school_id)
        # The district-wide sweep ran (and committed) just before; here only this link's
        # PINs, so this transaction locks no other guardian's PIN row until it commits.
        uow.pins.expire_due(now, link_id=link.id)
        active = uow.pins.outstanding_for_link(link.id)
        if active is not None and active.status == PinStatus.HELD and not reissue:
            raise denied(
                Conflict("pin.letter_waiting", letter=active.letter_number or ""),
                action,
                link,
                student.school_id,
                outcome=Outcome.FAILED,
            )
        if active is not None:
            if not reissue:
                raise denied(
                    Conflict("pin.already_active"),
                    action,
                    link,
                    student.school_id,
                    outcome=Outcome.FAILED,
                )
            if not uow.pins.end(
                active.id,
                status=PinStatus.REVOKED,
                at=now,
                by_id=session.staff_id,
                reason=reason or "reissued",
            ):  # redeemed or revoked on another workstation since it was read
                raise denied(
                    Conflict("pin.ended_meanwhile"),
                    action,
                    link,
                    student.school_id,
                    outcome=Outcome.FAILED,
                )
        try:
            new = create_pin(
                ctx,
                uow,
                link,
                staff_id=session.staff_id,
                now=now,
                request_id=request_id,
                verification_id=v.id,
                expiry_days=pin_expiry_days(school),
                channel=channel,
            )
        except Conflict as exc:  # another workstation won the race: recorded as failed
            raise denied(exc, action, link, student.school_id, outcome=Outcome.FAILED) from None
        pin, pin_id, expires = new.pin, new.pin_id, new.expires_at
        uow.pins.add_disclosure(
            pin_id=pin_id, staff_id=session.staff_id, channel=channel, at=now, verification_id=v.id
        )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                action,
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {
                    "pin_id": pin_id,
                    "verification_id": v.id,
                    "request_id": request_id,
                    "channel": channel,
                    "replaced_pin_id": active.id if active else None,
                },
            ),
        )
        uow.commit()
    return _disclose(ctx, pin, pin_id, link.id, expires, channel)


def reissue_pin(
    ctx: AppContext,
    session: StaffSession,
    link_id: int,
    *,
    request_id: str | None = None,
    channel: str = "screen",
    reason: str | None = None,
) -> DisclosedPin:
    """Revoke the active PIN (if any) and issue a new one, in one transaction."""
    return issue_pin(
        ctx, session, link_id, request_id=request_id, channel=channel, reissue=True, reason=reason
    )


@service
@retries_when_busy
def reveal_pin(
    ctx: AppContext, session: StaffSession, link_id: int, *, channel: str = "screen"
) -> DisclosedPin:
    """Show (or read by phone, or print) the active PIN again, after a recent verification."""
    channel = _check_channel(channel)
    require_recent_login(ctx, session, action="pin_reveal")
    sweep_expired(ctx)
    with ctx.uow() as uow:
        link, student = load_managed(uow, session, link_id, action="pin_reveal")
        now = uow.now()
        v = passed_verification(uow, session, link, now, channel, "pin_reveal", student.school_id)
        uow.pins.expire_due(now)
        row = uow.pins.active_for_disclosure(link.id, channel=channel, action="pin_reveal")
        if row is None:
            latest = uow.pins.latest_for_link(link.id)
            state = latest.status if latest else "not_issued"
            raise PinUnavailable("pin.none_to_show", state=(f"pin.state.{state}",))
        pin = decrypt(ctx, row)
        uow.pins.add_disclosure(
            pin_id=row.id, staff_id=session.staff_id, channel=channel, at=now, verification_id=v.id
        )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "pin_reveal",
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {"pin_id": row.id, "verification_id": v.id, "channel": channel},
            ),
        )
        uow.commit()
    return _disclose(ctx, pin, row.id, link.id, row.expires_at, channel)


@service
@retries_when_busy
def revoke_pin(ctx: AppContext, session: StaffSession, link_id: int, *, reason: str) -> None:
    """Revoke the active (or held) PIN. No verification is needed: revoking only protects."""
    reason = clean_text(reason, field="reason", max_len=NOTE_MAX, required=True)
    with ctx.uow() as uow:
        link, student = load_managed(uow, session, link_id, action="pin_revoke")
        now = uow.now()
        uow.pins.expire_due(now)
        row = uow.pins.active_for_link(link.id) or uow.pins.held_for_link(link.id)
        if row is None:
            raise PinUnavailable("pin.none_to_revoke")
        if not uow.pins.end(
            row.id, status=PinStatus.REVOKED, at=now, by_id=session.staff_id, reason=reason
        ):
            raise PinUnavailable("pin.ended_meanwhile")
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "pin_revoke",
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {"pin_id": row.id, "reason": reason, "was": row.status},
            ),
        )
        uow.commit()


def revoke_active_in_uow(
    uow: UnitOfWork, link_id: int, *, now: datetime, by_id: int | None, reason: str
) -> int | None:
    """Revoke a link's active or held PIN inside the caller's transaction (import, guardian
    status)."""
    row: PinRow | None = uow.pins.active_for_link(link_id) or uow.pins.held_for_link(link_id)
    if row is None:
        return None
    ended: bool = uow.pins.end(row.id, status=PinStatus.REVOKED, at=now, by_id=by_id, reason=reason)
    return row.id if ended else None


@service
@retries_when_busy
def record_legal_guardian(
    ctx: AppContext, session: StaffSession, link_id: int, *, verified: bool, reason: str
) -> None:
    """Mark (or unmark) a guardian as the verified parent and legal guardian (section III).

    Unmarking revokes any active PIN of that link. At a school an SIS import feeds, marking
    is refused with ``StatusFromSis``: the SIS decides the status there, and the desk
    records a request instead (``sis_requests.request_sis_update``).
    """
    reason = clean_text(reason, field="reason", max_len=NOTE_MAX, required=True)
    with ctx.uow() as uow:
        link, student = load_link(uow, link_id)
        school = uow.schools.get(student.school_id)
        require(
            uow,
            session,
            Permission.RECORD_LEGAL_GUARDIAN,
            school,
            action="legal_guardian_set",
            target_type="guardian_link",
            target_id=str(link.id),
        )
        if verified and school is not None and school.status_from_sis:
            raise StatusFromSis("sis_status.from_sis")
        now = uow.now()
        uow.people.set_legal_guardian(
            link.id, verified=verified, by=session.username, at=now, source="staff"
        )
        revoked = (
            None
            if verified
            else revoke_active_in_uow(
                uow,
                link.id,
                now=now,
                by_id=session.staff_id,
                reason="no longer verified legal guardian",
            )
        )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "legal_guardian_set",
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {"verified": verified, "reason": reason, "revoked_pin_id": revoked},
            ),
        )
        uow.commit()
