"""PIN states are compared as ``domain.pin.PinStatus`` members, never as raw text: the one
rule (``OUTSTANDING``, ``effective_status``) lives in domain/pin.py."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "ppdesk"
STATES = {"held", "active", "redeemed", "revoked", "expired"}


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and node.value in STATES:
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [v for elt in node.elts for v in _literals(elt)]
    return []


def raw_state_comparisons(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if rel == "ppdesk/domain/pin.py" or "/forms/" in rel or "/migrations/" in rel:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                for side in (node.left, *node.comparators):
                    found += [f"{rel}:{node.lineno}: {v!r}" for v in _literals(side)]
    return found


def test_no_pin_state_is_compared_as_raw_text() -> None:
    found = raw_state_comparisons(ROOT)
    assert not found, "compare with PinStatus members:\n" + "\n".join(found)


def test_the_check_finds_raw_comparisons(tmp_path: Path) -> None:
    root = tmp_path / "ppdesk"
    (root / "services").mkdir(parents=True)
    (root / "services" / "x.py").write_text(
        'ok = row.status == PinStatus.HELD\nbad = row.status in ("active", "held")\n'
        'worse = "revoked" != row.status\nfine = row.kind == "staff"\n'
    )
    assert raw_state_comparisons(root) == [
        "ppdesk/services/x.py:2: 'active'",
        "ppdesk/services/x.py:2: 'held'",
        "ppdesk/services/x.py:3: 'revoked'",
    ]
