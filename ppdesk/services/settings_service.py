"""Workstation settings and the school profile, as the Settings tab reads and saves them.

The settings live in the workstation's TOML file (``ctx.settings_store``); the
database password never does: it goes to the system keyring under the same name the engine
looks it up by (``PostgreSQL user@host:port/db``). The school profile (name, address, phone,
principal, portal address printed on the letters) lives in the database and changing it is
audited.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import NotFound, ValidationError
from ppdesk.domain.reports import DEFAULT_OUTREACH_DAYS
from ppdesk.domain.roles import Permission
from ppdesk.domain.settings import (
    DEFAULT_PIN_EXPIRY_DAYS,
    SIGN_IN_DATABASE,
    Settings,
    check_expiry_days,
    pin_expiry_days,
)
from ppdesk.domain.text import ADDRESS_MAX, NAME_MAX, PHONE_MAX, SHORT_MAX, clean_text
from ppdesk.services.access import audit, require, service
from ppdesk.services.context import AppContext, StaffSession, wired

# Above this many days a mailed code outlives NIST SP 800-63B's limit: the tab warns.
PIN_EXPIRY_WARN_DAYS = DEFAULT_PIN_EXPIRY_DAYS
DEFAULT_PG_PORT = 5432


@dataclass(frozen=True)
class DatabaseChoice:
    """Where the workstation's database is: a SQLite file, or a PostgreSQL server."""

    kind: str  # "default" (the SQLite file in the user data folder), "sqlite" or "postgresql"
    sqlite_path: str = ""
    host: str = ""
    port: int = DEFAULT_PG_PORT
    database: str = ""
    user: str = ""
    #: The URL's options after "?" (``sslmode``, ``sslrootcert``, ...), kept as they were
    #: (the form does not show them; docs/district-setup.md sets ``sslrootcert`` there).
    query: str = ""

    def url(self, *, person_sign_in: bool = False) -> str | None:
        """The URL saved in the settings (never with a password); None for the default.

        ``person_sign_in`` (``sign_in = "database"``): people connect as themselves, so the
        URL names no user; a user given is refused (the workstation holds no credential)."""
        if self.kind == "default":
            return None
        if self.kind == "sqlite":
            path = clean_text(self.sqlite_path, field="SQLite file", max_len=1000, required=True)
            return f"sqlite:///{path}"
        if self.kind != "postgresql":
            raise ValidationError("connection.kind", field="kind")
        host = clean_text(self.host, field="host", max_len=SHORT_MAX, required=True)
        db = clean_text(self.database, field="database", max_len=SHORT_MAX, required=True)
        user = clean_text(self.user, field="user", max_len=SHORT_MAX, required=not person_sign_in)
        if person_sign_in and user:
            raise ValidationError("settings.sign_in_no_credential", field="user")
        if not 1 <= self.port <= 65535:
            raise ValidationError("connection.port", field="port")
        assert host and db and (user or person_sign_in)
        if any(c in host for c in "/@:?# "):
            raise ValidationError("connection.host", field="host")
        who = f"{quote(user, safe='')}@" if user else ""
        options = f"?{self.query}" if self.query else ""
        return f"postgresql://{who}{host}:{self.port}/{quote(db, safe='')}{options}"

    def description(self) -> str:
        """How the engine names this database; the keyring entry uses the same name."""
        if self.kind == "postgresql":
            who = f"{self.user}@" if self.user else ""
            return f"PostgreSQL {who}{self.host}:{self.port}/{self.database}"
        return f"SQLite file {self.sqlite_path}"


def is_sqlite_url(url: str) -> bool:
    """A SQLite database's URL (``sqlite:///...``, any driver)."""
    return urlsplit(url).scheme.split("+", 1)[0] == "sqlite"


def parse_database_url(url: str | None) -> DatabaseChoice:
    """The settings' ``database_url`` as the form shows it."""
    if not url:
        return DatabaseChoice("default")
    if url.startswith("sqlite"):
        return DatabaseChoice("sqlite", sqlite_path=url.split(":///", 1)[-1])
    parts = urlsplit(url)
    return DatabaseChoice(
        "postgresql",
        host=parts.hostname or "",
        port=parts.port or DEFAULT_PG_PORT,
        database=unquote(parts.path.lstrip("/")),
        user=unquote(parts.username or ""),
        query=parts.query,
    )


@dataclass(frozen=True)
class SchoolProfile:
    """What the letters print about the school (the logo path is a workstation setting),
    and how long the school's new PINs stay valid."""

    code: str
    name: str
    address: str = ""
    phone: str = ""
    principal_name: str = ""
    portal_url: str = ""
    pin_expiry_days: int = DEFAULT_PIN_EXPIRY_DAYS
    # Bulk letters: on by default, their PINs always held until the hand-over
    # (no setting makes them live unverified); held letters older than outreach_days are
    # listed for a call in the outreach report.
    bulk_letters_enabled: bool = True
    outreach_days: int = DEFAULT_OUTREACH_DAYS


def load_settings(ctx: AppContext) -> Settings:
    """The workstation's saved settings (defaults when there is no file yet)."""
    return wired(ctx.settings_store, "The settings file").load()


def save_settings(
    ctx: AppContext,
    settings: Settings,
    *,
    database: DatabaseChoice | None = None,
    db_password: str | None = None,
) -> Settings:
    """Validate and save the settings; a PostgreSQL password goes to the keyring only.

    Database changes apply at the next start. An empty ``db_password`` keeps the saved one.

    ``sign_in = "database"`` (a counter desk: people sign in as their own database login)
    needs a PostgreSQL database, and the workstation then keeps no database credential: a
    user in the database's URL or a password for the key ring is refused. Nothing is saved
    when anything is refused.
    """
    person_sign_in = settings.sign_in == SIGN_IN_DATABASE
    if database is not None:
        if person_sign_in and db_password:
            raise ValidationError("settings.sign_in_no_credential", field="password")
        settings = replace(settings, database_url=database.url(person_sign_in=person_sign_in))
    settings = settings.validated()
    if person_sign_in and (not settings.database_url or is_sqlite_url(settings.database_url)):
        # The start refuses it too (bootstrap, the same message).
        raise ValidationError("config.sign_in_postgres_only", field="sign_in")
    if settings.logo_path and not settings.logo_path.lower().endswith((".png", ".jpg", ".jpeg")):
        raise ValidationError("settings.logo_type", field="logo_path")
    if db_password:
        if database is None or database.kind != "postgresql":
            raise ValidationError("connection.password_not_needed", field="password")
        wired(ctx.secret_store, "The key ring").set_password(database.description(), db_password)
    store = wired(ctx.settings_store, "The settings file")
    if person_sign_in and database is not None:
        # A counter desk keeps no database credential: the password this workstation kept
        # for the database it used with its own login goes (before the file says "database").
        before = parse_database_url(store.load().database_url)
        if before.kind == "postgresql" and before.user:
            wired(ctx.secret_store, "The key ring").delete_password(before.description())
    store.save(settings)
    ctx.settings = settings  # idle lock, letters and PIN expiry read it from here
    return settings


def saved_password_exists(ctx: AppContext, database: DatabaseChoice) -> bool:
    """True if the keyring already holds a password for this server (never returns it)."""
    if database.kind != "postgresql":
        return False
    return wired(ctx.secret_store, "The key ring").get_password(database.description()) is not None


def test_connection(ctx: AppContext, url: str, password: str | None = None) -> str:
    """Try the database at ``url`` (``DatabaseChoice.url()``) with ``password``, else the one
    in the key ring, and say what answered; ``DatabaseUnavailable`` with the reason (never
    the password). Nothing is saved."""
    return wired(ctx.database_probe, "The database probe").test_connection(url, password)


@service
def school_profile(ctx: AppContext, session: StaffSession, code: str) -> SchoolProfile:
    """The school's letterhead details."""
    with ctx.uow(readonly=True) as uow:
        school = uow.schools.get_by_code(code)
        if school is None:
            raise NotFound("school.code_not_found", code=code)
        return SchoolProfile(
            code=school.code,
            name=school.name,
            address=school.address or "",
            phone=school.phone or "",
            principal_name=school.principal_name or "",
            portal_url=school.portal_url or "",
            pin_expiry_days=pin_expiry_days(school),
            bulk_letters_enabled=school.bulk_letters_enabled,
            outreach_days=school.outreach_days or DEFAULT_OUTREACH_DAYS,
        )


def _outreach_days(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        raise ValidationError("settings.outreach_days", field="outreach_days")
    return days


@service
def save_school_profile(
    ctx: AppContext, session: StaffSession, profile: SchoolProfile
) -> SchoolProfile:
    """Change the school's letterhead, PIN expiry, bulk letters on/off and outreach days
    (principal or district administrator; audited with the names of the fields changed)."""
    fields: dict[str, Any] = {
        "name": clean_text(profile.name, field="school name", max_len=NAME_MAX, required=True),
        "address": clean_text(
            profile.address, field="address", max_len=ADDRESS_MAX, multiline=True
        ),
        "phone": clean_text(profile.phone, field="phone", max_len=PHONE_MAX),
        "principal_name": clean_text(profile.principal_name, field="principal", max_len=NAME_MAX),
        "portal_url": clean_text(profile.portal_url, field="portal address", max_len=300),
        "pin_expiry_days": check_expiry_days(profile.pin_expiry_days),
        "bulk_letters_enabled": bool(profile.bulk_letters_enabled),
        "outreach_days": _outreach_days(profile.outreach_days),
    }
    with ctx.uow() as uow:
        school = uow.schools.get_by_code(profile.code)
        if school is None:
            raise NotFound("school.code_not_found", code=profile.code)
        require(
            uow,
            session,
            Permission.MANAGE_STAFF,
            school,
            action="school_profile_update",
            target_type="school",
            target_id=school.code,
        )
        current = {k: getattr(school, k) or None for k in fields}
        current["pin_expiry_days"] = pin_expiry_days(school)
        current["bulk_letters_enabled"] = school.bulk_letters_enabled
        current["outreach_days"] = school.outreach_days or DEFAULT_OUTREACH_DAYS
        changed = [k for k, v in fields.items() if current[k] != v]
        uow.schools.update(school.id, **fields)
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                "school_profile_update",
                target_type="school",
                target_id=school.code,
                school_id=school.id,
                details={"fields": changed}
                | (
                    {"expiry_days": fields["pin_expiry_days"]}
                    if "pin_expiry_days" in changed
                    else {}
                )
                | {k: fields[k] for k in ("bulk_letters_enabled", "outreach_days") if k in changed},
            ),
        )
        uow.commit()
    return school_profile(ctx, session, profile.code)


__all__ = [
    "PIN_EXPIRY_WARN_DAYS",
    "DatabaseChoice",
    "SchoolProfile",
    "load_settings",
    "parse_database_url",
    "save_school_profile",
    "save_settings",
    "saved_password_exists",
    "school_profile",
]
