"""What the services need from the outside world, as protocols and plain records.

The SQLAlchemy implementations live in ``ppdesk.adapters.db``; bootstrap wires them in.
Services see only these records (frozen dataclasses) and never an ORM object or session.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from ppdesk.domain.audit import AuditEntry, AuditRecord, AuditScope, ChainState
from ppdesk.domain.roles import Role


@dataclass(frozen=True)
class StaffRecord:
    id: int
    username: str
    display_name: str
    email: str | None
    password_hash: str | None
    active: bool
    failed_logins: int
    locked_at: datetime | None
    last_login_at: datetime | None


@dataclass(frozen=True)
class GrantRecord:
    id: int
    staff_id: int
    role: Role
    school_id: int | None
    local_district: str | None
    granted_by_id: int | None
    granted_at: datetime
    reason: str | None


@dataclass(frozen=True)
class SchoolRecord:
    id: int
    code: str
    name: str
    address: str | None
    phone: str | None
    principal_name: str | None
    local_district: str | None
    portal_url: str | None
    pin_expiry_days: int | None = None  # None: the default
    bulk_letters_enabled: bool = True
    outreach_days: int | None = None  # None: the default
    # When an SIS import first carried the school; None: the desk records the verified
    # parent and legal guardian status itself (guide section III).
    sis_fed_since: datetime | None = None

    @property
    def status_from_sis(self) -> bool:
        """True when the SIS decides the verified status: the desk records requests."""
        return self.sis_fed_since is not None


class StaffRepository(Protocol):
    def get(self, staff_id: int) -> StaffRecord | None: ...
    def get_by_username(self, username: str) -> StaffRecord | None: ...
    def count(self) -> int: ...
    def add(
        self, *, username: str, display_name: str, email: str | None, password_hash: str | None
    ) -> int: ...
    def list_all(self) -> Sequence[StaffRecord]: ...
    def update(self, staff_id: int, **fields: Any) -> None: ...
    def record_failed_login(
        self, staff_id: int, *, limit: int, now: datetime
    ) -> tuple[int, bool] | None: ...
    def record_login(self, staff_id: int, **fields: Any) -> bool: ...


class GrantRepository(Protocol):
    def active_for(self, staff_id: int) -> Sequence[GrantRecord]: ...
    def usable_for(self, staff_id: int) -> Sequence[GrantRecord]: ...
    def active_all(self) -> Sequence[GrantRecord]: ...
    def add(
        self,
        *,
        staff_id: int,
        role: Role,
        school_id: int | None,
        local_district: str | None,
        granted_by_id: int | None,
        granted_at: datetime,
        reason: str | None,
    ) -> int: ...
    def revoke(
        self, grant_id: int, *, revoked_by_id: int, revoked_at: datetime, reason: str | None
    ) -> None: ...


class SchoolRepository(Protocol):
    def get(self, school_id: int) -> SchoolRecord | None: ...
    def get_by_code(self, code: str) -> SchoolRecord | None: ...
    def list_all(self) -> Sequence[SchoolRecord]: ...
    def local_districts(self) -> dict[int, str | None]: ...
    def add(self, **fields: Any) -> int: ...
    def update(self, school_id: int, **fields: Any) -> None: ...


class AuditRepository(Protocol):
    def append(
        self, entry: AuditEntry, *, actor: str, actor_staff_id: int | None, workstation: str
    ) -> int: ...
    def append_many(
        self,
        entries: Sequence[AuditEntry],
        *,
        actor: str,
        actor_staff_id: int | None,
        workstation: str,
    ) -> list[int]: ...
    def iter_records(self, chunk: int = 1000) -> Iterator[AuditRecord]: ...
    def chain_state(self) -> ChainState: ...
    def query(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor: str | None = None,
        action: str | None = None,
        target_id: str | None = None,
        limit: int | None = None,
        scope: AuditScope | None = None,
    ) -> Sequence[AuditRecord]: ...


class PinKeys(Protocol):
    """The PIN key ring (``adapters.crypto.PinCrypto``): AES-GCM with associated data, and
    keyed lookup hashes."""

    @property
    def current_key_id(self) -> str: ...
    def encrypt(self, plaintext: str, aad: bytes) -> tuple[str, bytes]: ...
    def decrypt(self, key_id: str | None, blob: bytes | None, aad: bytes) -> str: ...
    def lookup_hash(self, canonical: str, *, purpose: str = "pin") -> str: ...
    def audit_mac(self, message: str) -> str: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the ``with`` block without ``commit()`` rolls back."""

    staff: StaffRepository
    grants: GrantRepository
    schools: SchoolRepository
    audit: AuditRepository
    repos: Any  # the other repositories, added by later features (see adapters.db.uow)

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def now(self) -> datetime: ...
    def __getattr__(self, name: str) -> Any: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, readonly: bool = False) -> UnitOfWork: ...
