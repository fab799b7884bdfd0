"""The desk says "use it by" the day the letter prints, in Spanish as the letter does
("a más tardar el"), never "before" that day (issue 18: one expiry, said the same way)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "resources/translations/ppdesk_es.ts"
LETTER = Path(__file__).resolve().parents[2] / "resources/letters/es.toml"


def _use_by_messages() -> list[tuple[str, str]]:
    found = []
    for message in ET.parse(CATALOGUE).getroot().iter("message"):
        source = message.findtext("source") or ""
        if re.search(r"\b[Uu]se (this PIN|it|its PIN) by %\d", source):
            found.append((source, message.findtext("translation") or ""))
    return found


def test_the_desk_says_use_by_in_spanish_as_the_letter_does() -> None:
    assert "a más tardar el" in LETTER.read_text(encoding="utf-8")
    messages = _use_by_messages()
    assert len(messages) >= 2  # the wizard's PIN line and the reissue note
    for source, translation in messages:
        assert "a más tardar el" in translation, source
        assert "antes" not in translation, source
