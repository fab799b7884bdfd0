"""PIN states are compared as ``domain.pin.PinStatus`` members, never as raw text: the one
rule (``OUTSTANDING``, ``effective_status``) lives in domain/pin.py.

The same holds for SQL text built at run time (the partial unique index, the PostgreSQL
functions: ``adapters.db.pin_sql`` spells the statuses from the enum) and for a status
parameter's default. Migrations keep the text they were written with (history)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "ppdesk"
STATES = {"held", "active", "redeemed", "revoked", "expired"}


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and node.value in STATES:
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [v for elt in node.elts for v in _literals(elt)]
    return []


# A status as an SQL literal inside Python text: "... status = 'active' ..."
SQL_STATE = re.compile(r"'(?:held|active|redeemed|revoked|expired)'")


def _trees(root: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if rel == "ppdesk/domain/pin.py" or "/forms/" in rel or "/migrations/" in rel:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring nodes (an example in prose is not SQL)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def raw_states_in_sql(root: Path) -> list[str]:
    found = []
    for rel, tree in _trees(root):
        prose = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in prose
            ):
                found += [f"{rel}:{node.lineno}: {m}" for m in SQL_STATE.findall(node.value)]
    return sorted(found)


def raw_state_defaults(root: Path) -> list[str]:
    found = []
    for rel, tree in _trees(root):
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                a = node.args
                positional = [*a.posonlyargs, *a.args]
                pairs = list(
                    zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=True)
                )
                pairs += [
                    (k, d)
                    for k, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)
                    if d is not None
                ]
                for arg, default in pairs:
                    if "status" in arg.arg:
                        found += [f"{rel}:{node.lineno}: {v!r}" for v in _literals(default)]
    return sorted(found)


def raw_state_comparisons(root: Path) -> list[str]:
    found = []
    for rel, tree in _trees(root):
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


def test_no_pin_state_is_spelled_in_sql_text_or_a_status_default() -> None:
    found = raw_states_in_sql(ROOT) + raw_state_defaults(ROOT)
    assert not found, "spell it from PinStatus (adapters.db.pin_sql):\n" + "\n".join(found)


SAMPLE = '''def f(x, status="active", *, from_statuses=("active", "held")):
    """Spelled as ``status = 'active'`` in prose: fine."""
    return text("status IN ('active', 'held')")
API = "p"
sql = f"UPDATE {API}.pin SET status = 'revoked' WHERE status = {ACTIVE}"
msg = "There is no active PIN."
'''


def test_the_check_finds_states_in_sql_text_and_defaults(tmp_path: Path) -> None:
    root = tmp_path / "ppdesk"
    (root / "adapters").mkdir(parents=True)
    (root / "adapters" / "x.py").write_text(SAMPLE)
    (root / "adapters" / "migrations").mkdir()
    (root / "adapters" / "migrations" / "m.py").write_text("w = \"status = 'held'\"\n")
    assert raw_states_in_sql(root) == [
        "ppdesk/adapters/x.py:3: 'active'",
        "ppdesk/adapters/x.py:3: 'held'",
        "ppdesk/adapters/x.py:5: 'revoked'",
    ]
    assert raw_state_defaults(root) == [
        "ppdesk/adapters/x.py:1: 'active'",
        "ppdesk/adapters/x.py:1: 'active'",
        "ppdesk/adapters/x.py:1: 'held'",
    ]
