"""No module of the domain, services, adapters or CLI uses another module's private
(``_name``) function: what one module needs from another is a public seam.

The GUI's screenshot scripts (``ppdesk/gui/screenshot*.py``, tooling that drives the
widgets) are not covered."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "ppdesk"
COVERED = ("domain", "services", "adapters", "cli")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _is_module(root: Path, dotted: str) -> bool:
    rel = Path(*dotted.split("."))
    return (root.parent / rel).with_suffix(".py").is_file() or (
        root.parent / rel / "__init__.py"
    ).is_file()


def private_uses(root: Path) -> list[str]:
    found = []
    paths = [p for part in COVERED for p in sorted((root / part).rglob("*.py"))]
    paths += [p for p in (root / "bootstrap.py",) if p.is_file()]
    for path in paths:
        rel = path.relative_to(root.parent).as_posix()
        if "/migrations/" in rel:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: set[str] = set()  # local names bound to a ppdesk module
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if not node.module.startswith("ppdesk"):
                    continue
                for alias in node.names:
                    dotted = f"{node.module}.{alias.name}"
                    if _is_module(root, dotted):
                        modules.add(alias.asname or alias.name)
                    elif _private(alias.name):
                        found.append(f"{rel}:{node.lineno}: from {node.module} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("ppdesk") and alias.asname:
                        modules.add(alias.asname)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and _private(node.attr)
            ):
                found.append(f"{rel}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_function() -> None:
    found = private_uses(ROOT)
    assert not found, "make it public (a seam) or keep it in its module:\n" + "\n".join(found)


def test_the_check_finds_private_imports_and_attribute_uses(tmp_path: Path) -> None:
    root = tmp_path / "ppdesk"
    (root / "services").mkdir(parents=True)
    (root / "services" / "__init__.py").write_text("")
    (root / "services" / "pins.py").write_text("def _new_pin(): ...\ndef decrypt(): ...\n")
    (root / "services" / "letters.py").write_text(
        "from ppdesk.services.pins import _new_pin, decrypt\n"
        "from ppdesk.services import pins as p\n"
        "x = p._new_pin()\ny = p.decrypt()\nz = p.__name__\n"
        "from ppdesk.services.pins import decrypt as _decrypt\n"
    )
    assert private_uses(root) == [
        "ppdesk/services/letters.py:1: from ppdesk.services.pins import _new_pin",
        "ppdesk/services/letters.py:3: p._new_pin",
    ]
