"""Logging: a rotating file in the data directory, one line per record, no secrets.

Every message is escaped to a single line (a guardian named "x\\nINFO admin granted" cannot
forge a second record) and incident ids tie a user-facing error to its traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
import uuid
from pathlib import Path

from ppdesk.adapters.settings_store import data_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.encode("unicode_escape", errors="backslashreplace").decode("ascii")


def log_dir() -> Path:
    return data_dir() / "logs"


def setup_logging(level: int = logging.INFO) -> Path:
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / "ppdesk.log"
    root = logging.getLogger()
    if not any(getattr(h, "_ppdesk", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(OneLineFormatter(FORMAT))
        handler._ppdesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(level)
    return path


def new_incident_id() -> str:
    return uuid.uuid4().hex[:8].upper()


def log_incident(logger: logging.Logger, exc: BaseException) -> str:
    """Log an unexpected error with its traceback; return the id to show the user."""
    incident = new_incident_id()
    logger.error("incident %s: %s", incident, type(exc).__name__, exc_info=exc)
    return incident
