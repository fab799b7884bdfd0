"""The services' view of the running program: how to open a transaction, and who is acting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from ppdesk.domain.settings import Settings
from ppdesk.services.ports import (
    DatabaseProbe,
    FilePorts,
    KeyStore,
    PersonConnector,
    PersonUnitOfWorkFactory,
    PinKeys,
    SecretStore,
    SettingsStore,
    UnitOfWorkFactory,
)

# How recently a staff member must have typed their password before revealing, printing
# or exporting PINs (ASVS 7.5.3 step-up).
STEP_UP_WINDOW = timedelta(minutes=15)


T = TypeVar("T")


def wired(port: T | None, what: str) -> T:
    """``port``, which bootstrap wires into every running program; a context built
    without it (a bare test context) says which one is missing."""
    if port is None:
        raise RuntimeError(f"{what} is not wired into this context (see ppdesk.bootstrap).")
    return port


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
    configured: PIN features then fail closed with ``SecretsUnavailable``. The ports left
    ``None`` are not wired in this program (a service needing one says so).
    """

    uow: UnitOfWorkFactory
    workstation: str
    keys: PinKeys | None = None
    keys_problem: str | None = None
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    #: The file writers and readers (PDF letters, spreadsheets, SIS readers).
    files: FilePorts | None = None
    #: This workstation's settings file and key ring (database passwords).
    settings_store: SettingsStore | None = None
    secret_store: SecretStore | None = None
    #: Moving the PIN keys between this workstation's key store and the database.
    key_store: KeyStore | None = None
    #: The database's own id (``meta.database_id``): audit checkpoints name it.
    database_id: str = ""
    #: Trying another database from the Settings tab.
    database_probe: DatabaseProbe | None = None
    #: With personal database logins on, sign-in connects as the person (``person_auth``).
    person_connector: PersonConnector | None = None
    #: The workstation's own units of work while ``uow`` is a signed-in person's connection
    #: (``person_auth``): only the sign-in itself uses them.
    workstation_uow: UnitOfWorkFactory | None = None
    #: False with the setting ``sign_in = "database"``: this workstation has no database
    #: connection of its own. Until sign-in ``uow`` refuses; the sign-in reads the person's
    #: staff account over their own connection.
    workstation_connection: bool = True

    def use_person_connection(self, factory: PersonUnitOfWorkFactory) -> None:
        """From now on every unit of work runs on ``factory`` (the signed-in person's own
        connection); a previous person connection is closed."""
        previous = self.uow
        if self.workstation_uow is None:
            self.workstation_uow = previous
        self.uow = factory
        release_idle = getattr(self.workstation_uow, "release_idle", None)
        if release_idle is not None:
            release_idle()  # at most one idle connection: the person's
        if previous is not self.workstation_uow and previous is not factory:
            dispose = getattr(previous, "dispose", None)
            if dispose is not None:
                dispose()

    def end_person_connection(self) -> None:
        """Back to the workstation's units of work (sign-out, closing); the person's
        connection is closed."""
        if self.workstation_uow is None:
            return
        current, self.uow, self.workstation_uow = self.uow, self.workstation_uow, None
        dispose = getattr(current, "dispose", None)
        if dispose is not None:
            dispose()
