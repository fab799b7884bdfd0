"""Choosing a letter's language from what the SIS recorded."""

from __future__ import annotations

import pytest

from ppdesk.adapters.letters import choose_language

AVAILABLE = ["en", "es", "ko", "hy", "zh", "tl", "vi", "ru"]


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [
        ("es", "es"),
        ("ES-mx", "es"),
        ("es_US", "es"),
        ("Spanish", "es"),
        ("Español", "es"),
        ("zh-Hant-TW", "zh"),
        ("Cantonese", "zh"),
        ("中文", "zh"),
        ("Korean", "ko"),
        ("한국어", "ko"),
        ("Filipino", "tl"),
        ("fil", "tl"),
        ("Tiếng Việt", "vi"),
        ("Русский", "ru"),
        ("Armenian", "hy"),
        ("Farsi", "en"),
        ("fa", "en"),
        ("klingon", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_choose_language(preferred: str | None, expected: str) -> None:
    assert choose_language(preferred, AVAILABLE) == expected


def test_a_language_without_template_falls_back_to_english() -> None:
    assert choose_language("ko", ["en", "es"]) == "en"
    assert choose_language("fa", [*AVAILABLE, "fa"]) == "fa"
