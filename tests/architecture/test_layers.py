from __future__ import annotations

from pathlib import Path

import pytest

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


def test_checker_catches_dynamic_imports_in_services_and_domain(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "services/a.py": "import importlib\nrepo = importlib.import_module('ppdesk.adapters.db')\n",
            "services/b.py": "repo = __import__('ppdesk.adapters.db')\n",
            "domain/c.py": "from importlib import import_module\n",
            "domain/d.py": "import builtins\nm = builtins.__import__('sqlite3')\n",
        },
    )
    found = {(v.path, v.rule) for v in check_tree(root)}
    assert found == {
        ("ppdesk/services/a.py", "no dynamic imports in services"),
        ("ppdesk/services/b.py", "no dynamic imports in services"),
        ("ppdesk/domain/c.py", "no dynamic imports in domain"),
        ("ppdesk/domain/d.py", "no dynamic imports in domain"),
    }


GUI_RULE = "gui takes only start-up from bootstrap (use a service)"


@pytest.mark.parametrize(
    "body",
    [
        # What the Settings tab's "Test connection" did before it had a service.
        "def job(url):\n    from ppdesk import bootstrap\n\n    return bootstrap.test_connection(url)\n",
        "from ppdesk.bootstrap import test_connection\n",
        "import ppdesk.bootstrap as b\nb.db_status()\n",
        "import ppdesk.bootstrap\nppdesk.bootstrap.db_status()\n",
        "from ppdesk import bootstrap as boot\nboot.KeysPort\n",
    ],
)
def test_checker_catches_gui_reaching_adapters_through_bootstrap(tmp_path: Path, body: str) -> None:
    root = _tree(tmp_path, {"gui/w.py": body})
    assert [v.rule for v in check_tree(root)] == [GUI_RULE]


def test_gui_may_start_the_program_through_bootstrap(tmp_path: Path) -> None:
    body = (
        "from ppdesk import bootstrap\n"
        "from ppdesk.bootstrap import log_incident\n"
        "bootstrap.setup_logging()\n"
        "rt = bootstrap.open_app(database=None)\n"
        "bootstrap.provision_keys_if_new(rt)\n"
    )
    assert check_tree(_tree(tmp_path, {"gui/w.py": body})) == []


def test_checker_passes_clean_tree(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "gui/w.py": "from PySide6.QtWidgets import QWidget\nfrom ppdesk.services import staff\n",
            "domain/d.py": "import hashlib\nfrom ppdesk.domain import errors\n",
        },
    )
    assert check_tree(root) == []
