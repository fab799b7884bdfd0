"""Plain data the letter renderer takes and returns.

The records live in ``ppdesk.domain.letters`` (standard library only, so the services can
build them without importing reportlab); they are re-exported here for the renderer.
"""

from __future__ import annotations

from ppdesk.domain.letters import (
    DEFAULT_DISTRICT_HELP_PHONE,
    DEFAULT_PORTAL_URL,
    LetterData,
    LetterOptions,
    RenderResult,
    SchoolLetterhead,
)

__all__ = [
    "DEFAULT_DISTRICT_HELP_PHONE",
    "DEFAULT_PORTAL_URL",
    "LetterData",
    "LetterOptions",
    "RenderResult",
    "SchoolLetterhead",
]
