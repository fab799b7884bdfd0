from __future__ import annotations

from pathlib import Path

from tests.architecture.layers import check_tree

ROOT = Path(__file__).resolve().parents[2] / "ppdesk"


def test_ppdesk_follows_the_layer_rules() -> None:
    violations = check_tree(ROOT)
    assert not violations, "\n".join(map(str, violations))


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "ppdesk"
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return root


def test_checker_catches_qt_outside_gui(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"services/x.py": "from PySide6.QtCore import QObject\n"})
    assert [v.rule for v in check_tree(root)] == ["PySide6 only in ppdesk/gui"]


def test_checker_catches_sqlalchemy_in_domain_and_services(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {"domain/a.py": "import sqlalchemy\n", "services/b.py": "from sqlalchemy import select\n"},
    )
    rules = {(v.path, v.rule) for v in check_tree(root)}
    assert ("ppdesk/domain/a.py", "domain is pure standard library") in rules
    assert ("ppdesk/services/b.py", "no SQL in services") in rules


def test_checker_catches_gui_importing_adapters(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"gui/w.py": "from ppdesk.adapters.db import models\n"})
    assert any("gui never imports adapters" in v.rule for v in check_tree(root))


def test_checker_passes_clean_tree(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "gui/w.py": "from PySide6.QtWidgets import QWidget\nfrom ppdesk.services import staff\n",
            "domain/d.py": "import hashlib\nfrom ppdesk.domain import errors\n",
        },
    )
    assert check_tree(root) == []
