"""The services' view of the running program: how to open a transaction, and who is acting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ppdesk.services.ports import UnitOfWorkFactory

# How recently a staff member must have typed their password before revealing, printing
# or exporting PINs (ASVS 7.5.3 step-up).
STEP_UP_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class StaffSession:
    """A logged-in staff member. Only the authentication service creates these."""

    staff_id: int
    username: str
    display_name: str
    workstation: str
    authenticated_at: datetime

    def __repr__(self) -> str:
        return f"StaffSession({self.username!r}@{self.workstation!r})"


@dataclass
class AppContext:
    """Everything a service needs, wired by ``ppdesk.bootstrap``.

    ``keys`` is the PIN key ring (cipher and hasher) or ``None`` when no secure key store is
    configured: PIN features then fail closed with ``SecretsUnavailable``.
    """

    uow: UnitOfWorkFactory
    workstation: str
    keys: Any = None
    keys_problem: str | None = None
    settings: Any = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    extras: dict[str, Any] = field(default_factory=dict)
