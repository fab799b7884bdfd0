"""The layer rules of DESIGN.md as code: which ppdesk package may import what."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

QT = ("PySide6", "shiboken6")
SQL = ("sqlalchemy", "alembic", "psycopg", "sqlite3")
# What the GUI may take from ``ppdesk.bootstrap``: starting the program and logging. Anything
# else there reaches the adapters around the services (a service has a port for it).
GUI_BOOTSTRAP = frozenset(
    {"Runtime", "log_incident", "open_app", "provision_keys_if_new", "setup_logging"}
)


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    module: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.module} ({self.rule})"


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def dynamic_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``importlib`` and ``__import__``: imports the import rules cannot see."""
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if name == "__import__":
            yield getattr(node, "lineno", 0), "__import__"


def bootstrap_names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """The names a module takes from ``ppdesk.bootstrap``: imported from it, or read as
    attributes of the module under whatever name it was imported as."""
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            if node.module == "ppdesk.bootstrap":
                for alias in node.names:
                    yield node.lineno, alias.name
            elif node.module == "ppdesk":
                aliases |= {a.asname or a.name for a in node.names if a.name == "bootstrap"}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "ppdesk.bootstrap" and alias.asname:
                    aliases.add(alias.asname)  # plain ``import ppdesk.bootstrap``: see below
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        value = node.value
        by_alias = isinstance(value, ast.Name) and value.id in aliases
        by_path = (
            isinstance(value, ast.Attribute)
            and value.attr == "bootstrap"
            and isinstance(value.value, ast.Name)
            and value.value.id == "ppdesk"
        )
        if by_alias or by_path:
            yield node.lineno, node.attr


def _is(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def check_file(path: Path, package_root: Path) -> list[Violation]:
    rel = path.relative_to(package_root.parent).as_posix()
    layer = rel.split("/")[1] if rel.count("/") >= 1 else ""
    if layer.endswith(".py"):
        layer = layer[:-3]
    out: list[Violation] = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if layer in ("domain", "services"):
        for line, what in dynamic_imports(tree):
            out.append(Violation(rel, line, what, f"no dynamic imports in {layer}"))
    if layer == "gui":
        for line, name in bootstrap_names(tree):
            if name not in GUI_BOOTSTRAP:
                out.append(
                    Violation(
                        rel,
                        line,
                        f"ppdesk.bootstrap.{name}",
                        "gui takes only start-up from bootstrap (use a service)",
                    )
                )
    for line, module in imports_of(path):

        def bad(rule: str, module: str = module, line: int = line) -> None:
            out.append(Violation(rel, line, module, rule))

        if _is(module, QT) and layer != "gui":
            bad("PySide6 only in ppdesk/gui")
        if layer in ("domain", "services") and _is(module, ("importlib",)):
            bad(f"no dynamic imports in {layer}")
        if layer == "domain":
            if _is(module, ("ppdesk",)) and not _is(module, ("ppdesk.domain",)):
                bad("domain imports only domain")
            if _is(module, SQL) or _is(
                module, ("keyring", "openpyxl", "reportlab", "cryptography")
            ):
                bad("domain is pure standard library")
        if layer == "services":
            if _is(module, SQL):
                bad("no SQL in services")
            if _is(module, ("ppdesk.adapters", "ppdesk.gui", "ppdesk.cli", "ppdesk.bootstrap")):
                bad("services import only domain and services")
        if layer in ("gui", "cli") and _is(module, ("ppdesk.adapters", *SQL)):
            bad(f"{layer} never imports adapters or the database")
        if layer == "adapters" and _is(module, ("ppdesk.gui", "ppdesk.cli", "ppdesk.bootstrap")):
            bad("adapters never import the faces or bootstrap")
    unique: dict[tuple[int, str], Violation] = {}
    for v in out:
        unique.setdefault((v.line, v.rule), v)
    return list(unique.values())


def check_tree(package_root: Path) -> list[Violation]:
    violations: list[Violation] = []
    for path in sorted(package_root.rglob("*.py")):
        violations.extend(check_file(path, package_root))
    return violations
