"""Choosing a letter's language from what the student information system recorded.

SIS exports hold a home language as a code ('es', 'es-MX', 'zh_TW'), an English name
('Spanish', 'Cantonese') or a native name ('Español'). Anything not understood, or without
a template, falls back to English. Pure standard library.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

FALLBACK = "en"

# Names and codes that mean a language we may have a template for.
_ALIASES: dict[str, str] = {
    "english": "en",
    "eng": "en",
    "spanish": "es",
    "spa": "es",
    "espanol": "es",
    "castellano": "es",
    "korean": "ko",
    "kor": "ko",
    "한국어": "ko",
    "armenian": "hy",
    "arm": "hy",
    "hye": "hy",
    "հայերեն": "hy",
    "chinese": "zh",
    "zho": "zh",
    "chi": "zh",
    "cantonese": "zh",
    "mandarin": "zh",
    "yue": "zh",
    "cmn": "zh",
    "中文": "zh",
    "tagalog": "tl",
    "filipino": "tl",
    "fil": "tl",
    "tgl": "tl",
    "vietnamese": "vi",
    "vie": "vi",
    "tieng viet": "vi",
    "russian": "ru",
    "rus": "ru",
    "русский": "ru",
    "farsi": "fa",
    "persian": "fa",
    "fas": "fa",
    "per": "fa",
    "فارسی": "fa",
}


def _forms(value: str) -> list[str]:
    """The value case-folded, then also without accents ('Español' -> 'espanol')."""
    plain = unicodedata.normalize("NFC", value.strip().casefold()).replace("_", "-")
    decomposed = unicodedata.normalize("NFD", plain)
    stripped = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    return [plain, stripped]


def choose_language(preferred: str | None, available: Iterable[str]) -> str:
    """The template language for a guardian: ``preferred`` if we have it, else English.

    Accepts codes with regions or scripts ('es-MX', 'zh-Hant-TW'), English and native names.
    """
    codes = set(available)
    if not preferred:
        return FALLBACK
    for form in _forms(preferred):
        for candidate in (form, form.split("-", 1)[0]):
            code = _ALIASES.get(candidate, candidate)
            if code in codes:
                return code
    return FALLBACK
