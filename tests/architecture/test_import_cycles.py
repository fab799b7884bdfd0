"""No import cycle between ppdesk modules.

The graph is built with ``ast`` from every ``.py`` file of the package. What counts as an edge
from module A to module B:

- every import statement in A, wherever it sits: at module level, inside a function or class,
  under ``if TYPE_CHECKING:``. An import moved into a function to dodge a circular import still
  makes A depend on B; it hides the cycle rather than removing it, so it counts;
- ``import x.y`` is an edge to ``x.y``; ``from x import y`` is an edge to ``x.y`` when ``x.y``
  is a module of the package and to ``x`` otherwise (so ``from pkg import sub`` inside
  ``pkg/other.py`` is not a dependency on ``pkg/__init__.py``);
- relative imports are resolved against A's package;
- the implicit import of parent packages (``import x.y`` first runs ``x/__init__.py``) is not an
  edge: a package's ``__init__`` re-exporting its submodules would otherwise be a cycle with
  each of them, and Python initialises the parent first without trouble.

``importlib.import_module`` with a computed name is invisible to this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "ppdesk"


def _module_names(package_root: Path) -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in sorted(package_root.rglob("*.py")):
        parts = path.relative_to(package_root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if level == 0:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def import_graph(package_root: Path) -> dict[str, set[str]]:
    """Module name -> the package's modules it imports (edges as the docstring says)."""
    modules = _module_names(package_root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(node.module, node.level, name, is_package)
                for alias in node.names:
                    target = f"{source}.{alias.name}"
                    if target in modules:
                        graph[name].add(target)
                    elif source in modules:
                        graph[name].add(source)
        graph[name].discard(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected component of more than one module, as one concrete cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_one_cycle(graph, component) for component in components]


def _one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the component's first module, ending where it starts."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & component):
                if w == start:
                    return [*paths[v], start]
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle in strongly connected {component}")  # pragma: no cover


def test_ppdesk_has_no_import_cycle() -> None:
    found = cycles(import_graph(ROOT))
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_graph_sees_the_whole_package() -> None:
    graph = import_graph(ROOT)
    assert "ppdesk.services.pins" in graph["ppdesk.services.letters"]
    assert "ppdesk.domain.pin" in graph
    assert len(graph) > 150


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "ppdesk"
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return root


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from ppdesk import b\n",
            "b.py": "def f():\n    from ppdesk.a import thing\n    return thing\n",
        },
    )
    assert cycles(import_graph(root)) == [["ppdesk.a", "ppdesk.b", "ppdesk.a"]]


def test_a_three_module_cycle_with_a_relative_import_is_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "x/__init__.py": "",
            "x/a.py": "from . import b\n",
            "x/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import ppdesk.c\n",
            "c.py": "from ppdesk.x.a import name\n",
        },
    )
    assert cycles(import_graph(root)) == [["ppdesk.c", "ppdesk.x.a", "ppdesk.x.b", "ppdesk.c"]]


def test_a_package_importing_its_submodules_is_not_a_cycle(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "p/__init__.py": "from ppdesk.p.reader import read\n",
            "p/reader.py": "from ppdesk.p import common\n",
            "p/common.py": "X = 1\n",
        },
    )
    graph = import_graph(root)
    assert graph["ppdesk.p.reader"] == {"ppdesk.p.common"}
    assert cycles(graph) == []
