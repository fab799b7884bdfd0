"""Workstation settings (pure data and validation; the TOML store is an adapter)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ppdesk.domain.errors import ValidationError

LANGUAGES = ("en", "es", "ko", "hy", "zh", "tl", "vi", "ru", "fa", "ar")
DEFAULT_PIN_EXPIRY_DAYS = 21  # NIST SP 800-63B: codes sent by post valid at most 21 days


def check_expiry_days(days: object) -> int:
    """A school's PIN lifetime in days, 1 to 90, or ``ValidationError``."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        raise ValidationError("settings.pin_expiry_range", field="pin_expiry_days")
    return days


def pin_expiry_days(school: object) -> int:
    """The PIN lifetime of ``school`` (a record with ``pin_expiry_days``; None: default)."""
    days = getattr(school, "pin_expiry_days", None)
    return int(days) if days else DEFAULT_PIN_EXPIRY_DAYS


def check_encoding(name: str) -> str:
    """A text encoding Python knows (``cp1252``, ``latin-1``, ...), or ``ValidationError``."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValidationError(
            "settings.encoding_unknown", encoding=name[:40], field="encoding"
        ) from None


DEFAULT_TIME_ZONE = "America/Los_Angeles"

#: ``sign_in``: how this workstation reaches a shared PostgreSQL database. "workstation"
#: (the default): with its own database credential (the keyring's password), and people
#: sign in with ppdesk's password or, with ``ppdesk db person-logins on``, as themselves.
#: "database": people sign in as their own database login and the workstation holds no
#: database credential at all (docs/district-setup.md, section 2).
SIGN_IN_WORKSTATION = "workstation"
SIGN_IN_DATABASE = "database"


def check_time_zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (an IANA name such as "America/Los_Angeles").

    Windows has no zone database of its own: the ``tzdata`` package (a dependency) has it.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            "settings.time_zone_unknown", zone=str(name)[:60], field="time_zone"
        ) from None


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # None: the SQLite file in the user data directory
    school_code: str | None = None  # the school this workstation serves by default
    letter_languages: tuple[str, ...] = LANGUAGES
    idle_lock_minutes: int = 5
    ui_language: str = "en"
    logo_path: str | None = None
    paper_size: str = "letter"
    key_file: str | None = None  # admin-configured key file for a shared database
    #: The legacy encoding of every SIS import file (None: UTF-8, docs/import.md).
    import_encoding: str | None = None
    #: An import deactivating more than this percentage of the active students and
    #: guardians of its schools (and more than 10) needs an explicit confirmation.
    import_deactivation_percent: int = 5
    #: The Help menu's support contacts (None: the reference guide's district numbers).
    support_parent_engagement: str | None = None
    support_it_help_desk: str | None = None
    support_portal_hotline: str | None = None
    #: The school's time zone (IANA name): report times are shown in it, not in UTC.
    time_zone: str = DEFAULT_TIME_ZONE
    #: How people sign in to a shared database (SIGN_IN_WORKSTATION or SIGN_IN_DATABASE).
    sign_in: str = SIGN_IN_WORKSTATION
    extra: dict[str, Any] = field(default_factory=dict)

    def validated(self) -> Settings:
        if not 1 <= self.idle_lock_minutes <= 120:
            raise ValidationError("settings.idle_lock_range", field="idle_lock_minutes")
        unknown = [lang for lang in self.letter_languages if lang not in LANGUAGES]
        if unknown:
            raise ValidationError(
                "settings.letter_languages_unknown",
                codes=", ".join(unknown),
                field="letter_languages",
            )
        if self.ui_language not in ("en", "es"):
            raise ValidationError("settings.ui_language", field="ui_language")
        if self.paper_size not in ("letter", "a4"):
            raise ValidationError("settings.paper_size", field="paper_size")
        if self.import_encoding is not None:
            check_encoding(self.import_encoding)
        if not 0 <= self.import_deactivation_percent <= 100:
            raise ValidationError(
                "settings.deactivation_percent", field="import_deactivation_percent"
            )
        check_time_zone(self.time_zone)
        if self.sign_in not in (SIGN_IN_WORKSTATION, SIGN_IN_DATABASE):
            raise ValidationError("settings.sign_in", field="sign_in")
        return self

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes).validated()
