"""The one place that wires concrete adapters into the services.

Nothing here runs at import time: ``open_app`` builds an engine, applies the schema
policy, loads the PIN keys and returns the ``AppContext`` every service takes.
"""

from __future__ import annotations

import functools
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, select
from sqlalchemy.exc import OperationalError

from ppdesk.adapters.crypto import PinCrypto
from ppdesk.adapters.db import engine as db_engine
from ppdesk.adapters.db import schema
from ppdesk.adapters.db.models import Meta
from ppdesk.adapters.db.person import DeskInfo
from ppdesk.adapters.db.uow import SqlUnitOfWorkFactory
from ppdesk.adapters.logs import log_incident, setup_logging
from ppdesk.adapters.secrets import (
    PinKeyMaterial,
    SecretStore,
    key_fingerprint,
    seal_keys,
    unseal_keys,
)
from ppdesk.adapters.settings_store import (
    SettingsStore,
    data_dir,
    default_database_url,
    default_key_file,
)
from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import (
    ConfigurationError,
    DatabaseUnavailable,
    DomainError,
    NotAvailable,
    SecretsUnavailable,
)
from ppdesk.domain.settings import SIGN_IN_DATABASE, Settings
from ppdesk.services.context import AppContext
from ppdesk.services.ports import (
    KeyMaterial,
    LettersPort,
    PdfTablePort,
    SisReaders,
    SpreadsheetPort,
)

__all__ = ["Runtime", "log_incident", "open_app", "setup_logging"]


@dataclass
class Runtime:
    """An opened database with its context; ``close()`` releases the connections."""

    ctx: AppContext
    engine: Engine
    url: str
    description: str
    # None: checked at sign-in, over the person's connection (``sign_in = "database"``).
    schema_state: schema.SchemaState | None

    def close(self) -> None:
        self.ctx.end_person_connection()  # a signed-in person's own connection
        self.engine.dispose()

    def private_folders(self) -> list[Path]:
        """The folders holding the database file and the key file: the desk's file dialogs
        never start there (see ``ppdesk.gui.files``)."""
        folders = [data_dir()]
        db_path = db_engine.sqlite_path(self.url)
        if db_path is not None:
            folders.append(db_path.parent)
        if self.keys_port is not None and self.keys_port.store.key_file is not None:
            folders.append(self.keys_port.store.key_file.parent)
        return folders

    @property
    def keys_port(self) -> KeysPort | None:
        port = self.ctx.key_store
        return port if isinstance(port, KeysPort) else None


class AdapterFiles:
    """The file adapters handed to the services (``ctx.files``, ``services.ports.FilePorts``),
    each module imported only when first used (reportlab and openpyxl are slow to import).

    ``.letters`` is ``ppdesk.adapters.letters`` (PDF letters), ``.xlsx`` is
    ``ppdesk.adapters.xlsx`` (roster and report spreadsheets), ``.reports_pdf`` the PDF
    report writer, and ``.sis`` is ``ppdesk.adapters.sis`` (SIS readers).
    """

    @property
    def letters(self) -> LettersPort:
        from ppdesk.adapters import letters

        return letters

    @property
    def xlsx(self) -> SpreadsheetPort:
        from ppdesk.adapters import xlsx

        return xlsx

    @property
    def reports_pdf(self) -> PdfTablePort:
        from ppdesk.adapters.reports import pdf

        return pdf

    @property
    def sis(self) -> SisReaders:
        from ppdesk.adapters import sis

        return sis

    @staticmethod
    def register_staging(path: Path) -> None:
        """Register a hidden staging file the services create (see adapters.staging)."""
        from ppdesk.adapters import staging

        staging.register(path)

    @staticmethod
    def unregister_staging(path: Path) -> None:
        from ppdesk.adapters import staging

        staging.unregister(path)


def _material(material: KeyMaterial) -> PinKeyMaterial:
    """The services hand back the key material this port gave them."""
    if not isinstance(material, PinKeyMaterial):
        raise TypeError(f"not PIN key material: {type(material).__name__}")
    return material


class KeysPort:
    """What ``ppdesk.services.keys`` needs to move PIN keys between workstations
    (``services.ports.KeyStore``)."""

    def __init__(self, store: SecretStore, engine: Engine, database_id: str) -> None:
        self.store, self.engine, self.database_id = store, engine, database_id

    def current(self) -> PinKeyMaterial:
        return self.store.load_pin_keys(
            self.database_id, create=False, fingerprint=self.claimed_fingerprint()
        )

    def claimed_fingerprint(self) -> str | None:
        """The fingerprint of the keys this database has claimed (None: none yet)."""
        # A read-only transaction: this may run while the caller holds SQLite's write lock.
        with self.engine.connect().execution_options(ppdesk_readonly=True) as conn:
            found = conn.execute(
                select(Meta.value).where(Meta.key == "key_fingerprint")
            ).scalar_one_or_none()
            conn.rollback()
        return None if found is None else str(found)

    def seal(self, material: KeyMaterial, passphrase: str) -> bytes:
        return seal_keys(_material(material), self.database_id, passphrase)

    def unseal(self, data: bytes, passphrase: str) -> PinKeyMaterial:
        material = unseal_keys(data, self.database_id, passphrase)
        self.check(material)
        return material

    def install(self, material: KeyMaterial) -> str:
        return self.store.store_pin_keys(self.database_id, _material(material))

    def crypto(self, material: KeyMaterial) -> PinCrypto:
        return PinCrypto(_material(material))

    def load(self, *, create: bool = False) -> PinCrypto:
        """The key ring from this workstation's key store, checked against the database.

        Raises ``SecretsUnavailable`` (keyring locked, no keys, keys of another database).
        """
        material = self.store.load_pin_keys(
            self.database_id, create=create, fingerprint=self.claimed_fingerprint()
        )
        self.check(material)
        return PinCrypto(material)

    def generate(self) -> PinKeyMaterial:
        return PinKeyMaterial.generate()

    def claim(self, material: KeyMaterial) -> None:
        self.check(_material(material))

    def check(self, material: PinKeyMaterial) -> None:
        """``material`` must be this database's keys (the first keys used claim it)."""
        check_fingerprint(self.engine, material)

    def fingerprint(self, material: KeyMaterial) -> str:
        return key_fingerprint(_material(material))

    def store_then_claim(self, material: KeyMaterial) -> str:
        """Store new keys on this workstation, then claim the database for them; returns
        where they went. Either both happen or neither: if storing fails nothing is claimed,
        and if another workstation claimed the database meanwhile the stored keys are
        removed again. A crash between the two leaves keys in the store that the next start
        claims (``load`` sets the fingerprint of a database that has none), so keys are
        never lost."""
        where = self.install(material)
        try:
            self.claim(material)
        except SecretsUnavailable:
            self.store.forget_pin_keys(self.database_id, _material(material))
            raise
        return where

    def forget(self, material: KeyMaterial) -> None:
        self.store.forget_pin_keys(self.database_id, _material(material))

    def has_fingerprint(self) -> bool:
        return self.claimed_fingerprint() is not None


class PersonKeysPort(KeysPort):
    """The keys of a workstation with no database connection of its own (``sign_in =
    "database"``): the database's id and its keys' fingerprint come from
    ``ppdesk_api.desk_info()`` at sign-in (``after_person_sign_in``). A person never claims a
    database for keys: that is an administrator's ``ppdesk keys init``."""

    def __init__(self, store: SecretStore, engine: Engine) -> None:
        super().__init__(store, engine, "")
        self.claimed: str | None = None

    def signed_in(self, info: DeskInfo) -> None:
        self.database_id, self.claimed = info.database_id, info.key_fingerprint

    def claimed_fingerprint(self) -> str | None:
        if not self.database_id:
            raise NotAvailable("database.sign_in_first")
        return self.claimed

    def check(self, material: PinKeyMaterial) -> None:
        claimed = self.claimed_fingerprint()
        if claimed is None:
            raise SecretsUnavailable("keys.never_created")
        if key_fingerprint(material) != claimed:
            raise SecretsUnavailable("keys.other_database")


def check_fingerprint(engine: Engine, material: PinKeyMaterial) -> None:
    """Keys must belong to this database: the first keys used set its fingerprint."""
    fingerprint = key_fingerprint(material)
    with engine.begin() as conn:
        stored = conn.execute(
            select(Meta.value).where(Meta.key == "key_fingerprint")
        ).scalar_one_or_none()
        if stored is None:
            from ppdesk.adapters.db.repos.audit import start_signing

            conn.execute(insert(Meta).values(key="key_fingerprint", value=fingerprint))
            # The rows written before these keys existed stay unsigned; every row from now
            # on must carry a MAC (``audit verify``).
            start_signing(conn)
        elif stored != fingerprint:
            raise SecretsUnavailable("keys.other_database")


def audit_signer_of(ctx: AppContext) -> Callable[[], Callable[[str], str] | None]:
    """Audit rows are signed with the audit key of whatever keys the context holds now
    (keys imported or unlocked later sign the rows written after)."""

    def signer() -> Callable[[str], str] | None:
        return ctx.keys.audit_mac if ctx.keys is not None else None

    return signer


def unknown_settings() -> tuple[Path, list[str]]:
    """The settings file and the keys in it ppdesk does not know (usually a typo)."""
    store = SettingsStore()
    return store.path, store.unknown_keys()


def workstation_name() -> str:
    return socket.gethostname()[:100] or "workstation"


def resolve_database_url(settings: Settings, override: str | None = None) -> str:
    import os

    return (
        override
        or os.environ.get("PPDESK_DATABASE_URL")
        or settings.database_url
        or default_database_url()
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if line.endswith(".") else line + "."


def database_id(engine: Engine) -> str:
    with engine.connect() as conn:
        value = conn.execute(select(Meta.value).where(Meta.key == "database_id")).scalar_one()
        conn.rollback()
    return str(value)


def secret_store_for(url: str, settings: Settings) -> SecretStore:
    if settings.key_file:  # an administrator configured it explicitly
        return SecretStore(key_file=Path(settings.key_file), key_file_allowed=True)
    if db_engine.is_sqlite(url):  # a single workstation may keep a private key file
        return SecretStore(key_file=default_key_file(), key_file_allowed=True)
    return SecretStore()


def open_engine(
    url: str, settings: Settings, store: SecretStore | None = None, *, create: bool = True
) -> Engine:
    store = store or secret_store_for(url, settings)
    password = None
    if not db_engine.is_sqlite(url):
        password = store.get_password(db_engine.describe(url))
    return db_engine.create_engine(url, password=password, create=create)


def sweep_staging() -> int:
    """Register staging files under this user's data folder and remove those that ended
    ppdesk processes left behind; returns how many were removed. Never raises."""
    from ppdesk.adapters import staging

    try:
        staging.configure(data_dir())
        return staging.sweep()
    except Exception:  # a sweep must never stop ppdesk from starting
        logging.getLogger(__name__).warning("Could not sweep staging files", exc_info=True)
        return 0


def open_app(
    *,
    database: str | None = None,
    settings: Settings | None = None,
    upgrade_shared: bool = False,
    create_keys: bool | None = None,
) -> Runtime:
    """Open the configured database (applying the schema policy) and wire the services.

    First, staging files that a crashed ppdesk left beside its exports are removed (see
    ``ppdesk.adapters.staging``).
    """
    sweep_staging()
    settings = settings or SettingsStore().load()
    url = resolve_database_url(settings, database)
    store = secret_store_for(url, settings)
    if settings.sign_in == SIGN_IN_DATABASE:
        return _open_without_credential(url, settings, store)
    engine = open_engine(url, settings, store)
    try:
        if upgrade_shared:
            schema.upgrade(engine)
        state = schema.prepare(engine)
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(
            "database.unreachable_retry",
            database=db_engine.describe(url),
            detail=_first_line(exc.orig or exc),
        ) from None
    except Exception:
        engine.dispose()
        raise
    factory = SqlUnitOfWorkFactory(engine)
    ctx = AppContext(
        uow=factory,
        workstation=workstation_name(),
        settings=settings,
        files=AdapterFiles(),
        settings_store=SettingsStore(),
        secret_store=store,
        database_id=database_id(engine),
        database_probe=ConnectionProbe(),
    )
    factory.audit_signer = audit_signer_of(ctx)
    if not db_engine.is_sqlite(url):
        _wire_person_logins(ctx, engine, url)
    # Keys are created automatically only for a new single-workstation SQLite database;
    # a shared database gets its keys once, from an administrator (`ppdesk keys`).
    if create_keys is None:
        create_keys = db_engine.is_sqlite(url)
    port = KeysPort(store, engine, ctx.database_id)
    ctx.key_store = port
    try:
        ctx.keys = port.load(create=create_keys)
    except SecretsUnavailable as exc:
        ctx.keys, ctx.keys_problem = None, str(exc)
    return Runtime(ctx, engine, url, db_engine.describe(url), state)


@dataclass(frozen=True)
class DatabaseInfo:
    description: str
    state: str
    status: str = ""  # schema.SchemaStatus value: empty, current, outdated, newer, foreign
    # Protective triggers and functions that are missing or disabled (empty: all in place).
    protections: tuple[str, ...] = ()


def protection_problems(engine: Engine) -> list[str]:
    """The protective triggers and functions that are missing or disabled."""
    from ppdesk.adapters.db import pg_security, schema_guards

    problems = list(schema_guards.check(engine))
    if engine.dialect.name == "postgresql" and engine.url.database:
        # Where `db roles --apply` was run, its row-level security, policies and functions
        # are protections too.
        names = pg_security.names_for(engine)
        with engine.connect() as conn:
            if pg_security.is_applied(conn, names):
                problems += pg_security.security_problems(conn, names)
    return problems


def db_status(database: str | None = None) -> DatabaseInfo:
    """Which database would be used and how its schema compares, changing nothing (a
    missing SQLite file is ``DatabaseMissing``, not created)."""
    settings = SettingsStore().load()
    url = resolve_database_url(settings, database)
    engine = open_engine(url, settings, create=False)
    try:
        state = schema.schema_state(engine)
        protections: tuple[str, ...] = ()
        if state.status is schema.SchemaStatus.CURRENT:
            protections = tuple(protection_problems(engine))
    except OperationalError as exc:
        raise DatabaseUnavailable(
            "database.unreachable_detail",
            database=db_engine.describe(url),
            detail=_first_line(exc.orig or exc),
        ) from None
    finally:
        engine.dispose()
    return DatabaseInfo(db_engine.describe(url), state.describe(), state.status.value, protections)


def _admin_signer(
    engine: Engine, url: str, settings: Settings
) -> Callable[[], Callable[[str], str] | None]:
    """Sign the upgrade's audit row when this workstation holds the database's keys."""
    try:
        port = KeysPort(secret_store_for(url, settings), engine, database_id(engine))
        if not port.has_fingerprint():
            return lambda: None  # no keys claimed yet: nothing to sign with
        material = port.current()
        check_fingerprint(engine, material)
    except SecretsUnavailable:
        return lambda: None
    mac = PinCrypto(material).audit_mac
    return lambda: mac


def db_upgrade(database: str | None = None) -> DatabaseInfo:
    """Upgrade the schema (the explicit admin step for a shared database) and audit it."""
    from ppdesk.domain.audit import AuditEntry
    from ppdesk.domain.errors import SchemaError

    settings = SettingsStore().load()
    url = resolve_database_url(settings, database)
    engine = open_engine(url, settings)
    try:
        before = schema.schema_state(engine)
        if before.status is schema.SchemaStatus.NEWER:
            raise SchemaError(
                "schema.newer_install", current=str(before.current), head=str(before.head)
            )
        if before.status is schema.SchemaStatus.FOREIGN:
            raise SchemaError("schema.foreign")
        if before.status is not schema.SchemaStatus.CURRENT:
            if db_engine.sqlite_path(url) is not None and before.current is not None:
                schema.backup_sqlite(engine, before)
            schema.upgrade(engine)
            uow = SqlUnitOfWorkFactory(engine, _admin_signer(engine, url, settings))()
            with uow:
                uow.audit.append(
                    AuditEntry(
                        "db_upgrade",
                        details={"from": before.current, "to": schema.head_revision()},
                    ),
                    actor="-",
                    actor_staff_id=None,
                    workstation=workstation_name(),
                )
                uow.commit()
            _reapply_roles(engine)
        after = schema.schema_state(engine)
    except OperationalError as exc:
        raise DatabaseUnavailable(
            "database.unreachable_detail",
            database=db_engine.describe(url),
            detail=_first_line(exc.orig or exc),
        ) from None
    finally:
        engine.dispose()
    return DatabaseInfo(db_engine.describe(url), after.describe())


def _reapply_roles(engine: Engine) -> None:
    """After an upgrade of a database whose rules were applied (``db roles --apply``), apply
    them again so new tables belong to the owner role and get their policies."""
    from ppdesk.adapters.db import pg_security

    if engine.dialect.name != "postgresql":
        return
    names = pg_security.names_for(engine)
    with engine.connect() as conn:
        applied = pg_security.is_applied(conn, names)
    if applied:
        pg_security.apply(engine, names)


def provision_keys_if_new(rt: Runtime) -> None:
    """A brand-new database (no keys claimed yet) gets keys on this workstation.

    Used by ``ppdesk demo`` and the first ``make run``: the first workstation to use a new
    database creates its keys; every other one must import them.
    """
    ctx = rt.ctx
    port = rt.keys_port
    assert port is not None  # open_app wires it
    if ctx.keys is not None or port.has_fingerprint():
        return
    material = port.generate()
    port.store_then_claim(material)
    ctx.keys, ctx.keys_problem = port.crypto(material), None


def isolate_from_user_keyring() -> None:
    """Self-test and demos: never read or write the user's real keyring (keys then go to a
    private key file in the temporary data directory)."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # keyring: no hints


def default_output_dir() -> Path:
    from ppdesk.adapters.settings_store import data_dir

    return data_dir() / "output"


class ConnectionProbe:
    """``services.ports.DatabaseProbe``: the Settings tab's "Test connection"."""

    def test_connection(self, url: str, password: str | None = None) -> str:
        return test_connection(url, password)


def test_connection(url: str, password: str | None = None) -> str:
    """Open ``url`` (with ``password``, or the one in the keyring), run ``SELECT 1`` and say
    what answered; raises ``DatabaseUnavailable`` with the reason (never the password)."""
    from sqlalchemy import text

    path = db_engine.sqlite_path(url) if db_engine.is_sqlite(url) else None
    if path is not None and not path.exists():
        # Connecting would create an empty file here; the next start does that properly.
        return f"{db_engine.describe(url)}: no file yet; ppdesk creates it at the next start"
    if password is None and not db_engine.is_sqlite(url):
        password = secret_store_for(url, Settings()).get_password(db_engine.describe(url))
    try:
        engine = db_engine.create_engine(url, password=password)
    except Exception as exc:  # malformed URL or unknown driver
        raise DatabaseUnavailable("database.unusable", detail=_first_line(exc)) from None
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            version = conn.dialect.server_version_info
    except Exception as exc:
        detail = _first_line(getattr(exc, "orig", None) or exc)
        if password:
            detail = detail.replace(password, "***")
        raise DatabaseUnavailable(
            "database.unreachable_detail", database=db_engine.describe(url), detail=detail
        ) from None
    finally:
        engine.dispose()
    release = ".".join(str(v) for v in version or ())
    return f"{db_engine.describe(url)}: connected" + (f" (server {release})" if release else "")


@dataclass(frozen=True)
class RolesResult:
    description: str
    roles: tuple[str, str, str]  # owner, staff, login admin
    statements: tuple[str, ...]
    applied: bool
    problems: tuple[str, ...] = ()


def db_roles(
    database: str | None = None,
    *,
    prefix: str | None = None,
    apply: bool = False,
    check: bool = False,
) -> RolesResult:
    """The database-side rules (roles, grants, row-level security, the ``ppdesk_api`` views
    and functions) for the shared database: printed, or applied by an administrator."""
    from ppdesk.adapters.db import pg_security
    from ppdesk.domain.errors import SchemaError

    settings = SettingsStore().load()
    url = resolve_database_url(settings, database)
    if db_engine.is_sqlite(url):
        raise SchemaError("db.roles_postgres_only")
    engine = open_engine(url, settings)
    try:
        names = pg_security.names_for(engine, prefix)
        with engine.connect() as conn:
            statements = tuple(pg_security.security_sql(names, pg_security.table_columns(conn)))
        if apply:
            state = schema.schema_state(engine)
            if state.status is not schema.SchemaStatus.CURRENT:
                raise SchemaError("schema.not_current", state=state.describe())
            pg_security.apply(engine, names)
        problems: tuple[str, ...] = ()
        if check or apply:
            with engine.connect() as conn:
                problems = tuple(pg_security.security_problems(conn, names))
    except OperationalError as exc:
        raise DatabaseUnavailable(
            "database.unreachable_detail",
            database=db_engine.describe(url),
            detail=_first_line(exc.orig or exc),
        ) from None
    finally:
        engine.dispose()
    return RolesResult(
        db_engine.describe(url),
        (names.owner, names.staff, names.login_admin),
        statements,
        apply,
        problems,
    )


@dataclass(frozen=True)
class PersonLogins:
    description: str
    staff_group: str
    logins: tuple[tuple[str, bool], ...]  # every staff login role: (name, may log in)
    changed: tuple[str, ...]
    skipped: tuple[str, ...]  # staff accounts whose user name cannot be a login role
    # staff accounts whose login role name is taken by a role outside this database's staff
    # group (another database's staff in the same cluster, a DBA's role): nobody signs in
    taken: tuple[str, ...] = ()


def db_person_logins(database: str | None = None, *, mode: str = "status") -> PersonLogins:
    """Personal database logins for every active staff account (``on``: a directory login
    for each account that has none; ``off``: every staff login disabled; ``status``)."""
    import re

    from ppdesk.adapters.db import pg_security
    from ppdesk.domain.errors import SchemaError

    settings = SettingsStore().load()
    url = resolve_database_url(settings, database)
    if db_engine.is_sqlite(url):
        raise SchemaError("db.person_logins_postgres_only")
    engine = open_engine(url, settings)
    changed: list[str] = []
    skipped: list[str] = []
    taken: list[str] = []
    refusal: AuditEntry | None = None  # a login function said no: recorded after the rollback
    try:
        names = pg_security.names_for(engine)
        with SqlUnitOfWorkFactory(engine)() as uow:
            if not uow.logins.supported():
                raise SchemaError("db.roles_apply_first")
            if mode in ("on", "off"):
                ours = {name for name, _can in uow.logins.staff_logins(names.staff)}
                for member in uow.staff.list_all():
                    if not member.active:
                        continue
                    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,62}", member.username):
                        skipped.append(member.username)
                        continue
                    if (
                        mode == "on"
                        and member.username not in ours
                        and uow.logins.exists(member.username)
                    ):
                        # A role of that name is not this database's: never adopt it (it
                        # may be another database's staff member, or a DBA). (``off``: the
                        # database's function refuses such a role, and the command stops.)
                        taken.append(member.username)
                        continue
                    try:
                        if mode == "on" and not uow.logins.exists(member.username):
                            uow.logins.create(member.username, None)
                            changed.append(member.username)
                        elif mode == "off" and uow.logins.can_login(member.username):
                            uow.logins.disable(member.username)
                            changed.append(member.username)
                    except DomainError as exc:
                        if exc.audit_entry is not None:
                            refusal = replace(exc.audit_entry, target_id=str(member.id))
                        raise
                uow.logins.set_person_logins(mode == "on")
                uow.commit()
            logins = tuple(uow.logins.staff_logins(names.staff))
    except DomainError:
        # The whole command rolled back, the function's own audit row with it: the refusal
        # is recorded again in a transaction of its own, as the desk does for its refusals.
        if refusal is not None:
            _record_admin_refusal(engine, url, settings, refusal)
        raise
    except OperationalError as exc:
        raise DatabaseUnavailable(
            "database.unreachable_detail",
            database=db_engine.describe(url),
            detail=_first_line(exc.orig or exc),
        ) from None
    finally:
        engine.dispose()
    return PersonLogins(
        db_engine.describe(url), names.staff, logins, tuple(changed), tuple(skipped), tuple(taken)
    )


def _record_admin_refusal(engine: Engine, url: str, settings: Settings, entry: AuditEntry) -> None:
    """One audit row for a refusal an administrator's command met, in its own transaction:
    the actor is the database role connected (``session_user``, as the database function
    would have written it), on this workstation."""
    with SqlUnitOfWorkFactory(engine, _admin_signer(engine, url, settings))() as uow:
        actor = uow.logins.session_role()
        uow.audit.append(entry, actor=actor, actor_staff_id=None, workstation=workstation_name())
        uow.commit()


def _open_without_credential(url: str, settings: Settings, store: SecretStore) -> Runtime:
    """``sign_in = "database"``: people sign in as themselves and this workstation holds no
    database credential. Nothing connects before sign-in (no password is looked up either):
    the login dialog and the CLI's ``--user`` connect as the person, and the checks made
    here for other workstations (schema, database id, PIN keys) are made over that
    connection (``after_person_sign_in``)."""
    from ppdesk.adapters.db.person import PgPersonConnector

    if db_engine.is_sqlite(url):
        raise ConfigurationError("config.sign_in_postgres_only", field="sign_in")
    engine = db_engine.create_engine(url)
    event.listen(engine, "do_connect", _no_connection_before_sign_in)
    ctx = AppContext(
        uow=SqlUnitOfWorkFactory(engine),  # refuses: every unit of work is the person's
        workstation=workstation_name(),
        settings=settings,
        files=AdapterFiles(),
        settings_store=SettingsStore(),
        secret_store=store,
        database_probe=ConnectionProbe(),
        workstation_connection=False,
    )
    port = PersonKeysPort(store, engine)
    ctx.key_store = port
    ctx.person_connector = PgPersonConnector(
        url, on_connected=functools.partial(after_person_sign_in, ctx, port)
    )
    return Runtime(ctx, engine, url, db_engine.describe(url), None)


def _no_connection_before_sign_in(*_args: Any) -> None:
    raise NotAvailable("database.sign_in_first")


def after_person_sign_in(ctx: AppContext, port: PersonKeysPort, info: DeskInfo) -> None:
    """A person signed in on a workstation with no connection of its own: the database's id
    and its PIN keys, checked against the fingerprint the database holds (keys of another
    database leave the PIN features off, as at start on other workstations)."""
    ctx.database_id = info.database_id
    port.signed_in(info)
    try:
        ctx.keys, ctx.keys_problem = port.load(), None
    except SecretsUnavailable as exc:
        ctx.keys, ctx.keys_problem = None, str(exc)


def _wire_person_logins(ctx: AppContext, engine: Engine, url: str) -> None:
    """With ``ppdesk db person-logins on``, people sign in by connecting as themselves."""
    from ppdesk.adapters.db.person import PgPersonConnector

    with SqlUnitOfWorkFactory(engine)(readonly=True) as uow:
        on = uow.logins.supported() and uow.logins.person_logins_on()
    if on:
        ctx.person_connector = PgPersonConnector(url)
