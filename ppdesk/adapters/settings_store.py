"""Settings as TOML in the user's config directory; the data directory for the SQLite file.

``PPDESK_CONFIG_DIR`` and ``PPDESK_DATA_DIR`` move both (tests, the bundle's self-test).
Passwords are never written here: they go to the keyring.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import tomli_w
from platformdirs import user_config_dir, user_data_dir
from sqlalchemy.engine import make_url

from ppdesk.domain.errors import ConfigurationError, ValidationError
from ppdesk.domain.settings import Settings

APP = "ppdesk"
#: Settings that older versions used and this one ignores without a warning.
RETIRED_KEYS = frozenset({"pin_expiry_days"})
log = logging.getLogger(__name__)

_KINDS: dict[str, tuple[type, str]] = {
    "database_url": (str, "text"),
    "school_code": (str, "text"),
    "letter_languages": (list, 'a list of language codes, e.g. ["en", "es"]'),
    "idle_lock_minutes": (int, "a whole number of minutes, e.g. 5"),
    "ui_language": (str, 'text ("en" or "es")'),
    "logo_path": (str, "text (a file path)"),
    "paper_size": (str, 'text ("letter" or "a4")'),
    "key_file": (str, "text (a file path)"),
    "import_encoding": (str, 'text (an encoding name, e.g. "cp1252")'),
    "import_deactivation_percent": (int, "a whole number from 0 to 100"),
    "support_parent_engagement": (str, "text (a name and phone number)"),
    "support_it_help_desk": (str, "text (a name and phone number)"),
    "support_portal_hotline": (str, "text (a name and phone number)"),
    "time_zone": (str, 'text (a time zone name, e.g. "America/Los_Angeles")'),
    "sign_in": (str, 'text ("workstation" or "database")'),
}


def config_dir() -> Path:
    return Path(os.environ.get("PPDESK_CONFIG_DIR") or user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(os.environ.get("PPDESK_DATA_DIR") or user_data_dir(APP, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def default_database_url() -> str:
    return f"sqlite:///{(data_dir() / 'ppdesk.sqlite3').as_posix()}"


def default_key_file() -> Path:
    return data_dir() / "keys.json"


class SettingsStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()

    def load(self) -> Settings:
        if not self.path.exists():
            return Settings()
        data = self._read()
        known = {f.name for f in fields(Settings)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known and k != "extra"}
        for key, value in values.items():
            kind, wanted = _KINDS.get(key, (object, "a value"))
            if isinstance(value, bool) or not isinstance(value, kind):
                raise ConfigurationError(
                    "config.settings_type",
                    path=str(self.path),
                    setting=key,
                    wanted=wanted,
                    value=repr(value),
                    field=key,
                )
        for key in self.unknown_keys(data):
            log.warning("settings file %s: unknown setting %r ignored", self.path, key)
        if "letter_languages" in values:
            values["letter_languages"] = tuple(values["letter_languages"])
        try:
            return Settings(**values).validated()
        except ValidationError as exc:
            raise ConfigurationError(
                "config.settings_file_problem",
                path=str(self.path),
                problem=str(exc),
                field=exc.field,
            ) from None

    def _read(self) -> dict[str, Any]:
        try:
            return tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigurationError(
                "config.settings_not_toml", path=str(self.path), problem=str(exc)
            ) from None

    def unknown_keys(self, data: dict[str, Any] | None = None) -> list[str]:
        """Keys in the settings file that ppdesk does not know (a typo, usually)."""
        if data is None:
            if not self.path.exists():
                return []
            try:
                data = self._read()
            except ConfigurationError:
                return []
        known = {f.name for f in fields(Settings)} - {"extra"}
        return sorted(k for k in data if k not in known and k not in RETIRED_KEYS)

    def save(self, settings: Settings) -> None:
        settings.validated()
        data = {k: v for k, v in asdict(settings).items() if v is not None and k != "extra"}
        data["letter_languages"] = list(settings.letter_languages)
        if settings.database_url and make_url(settings.database_url).password is not None:
            raise ValidationError("config.url_has_password", field="database_url")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)
