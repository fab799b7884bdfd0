"""Comments and docstrings of the package say the rule, not where it was asked for, and the
test files they point to exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for p in (REPO / "ppdesk").rglob("*.py") if "forms" not in p.parts)
ISSUE = re.compile(r"\bissue\s*#?\d+", re.IGNORECASE)
TEST_FILE = re.compile(r"\btests/[\w/]+\.py\b")


def test_no_issue_numbers_in_the_package() -> None:
    found = [
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for path in SOURCES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ISSUE.search(line)
    ]
    assert not found, "say the rule instead of the issue:\n" + "\n".join(found)


def test_test_files_named_in_the_package_exist() -> None:
    named = {
        (path.relative_to(REPO), ref)
        for path in SOURCES
        for ref in TEST_FILE.findall(path.read_text(encoding="utf-8"))
    }
    assert len(named) >= 4
    missing = [f"{path}: {ref}" for path, ref in sorted(named) if not (REPO / ref).is_file()]
    assert not missing, "\n".join(missing)
