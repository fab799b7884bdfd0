"""Choosing a letter's language: pure, it lives in ``ppdesk.domain.letters``."""

from __future__ import annotations

from ppdesk.domain.letters import FALLBACK, choose_language

__all__ = ["FALLBACK", "choose_language"]
