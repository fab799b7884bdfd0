"""GUI test fixtures: one demo school built once per session, copied for every test.

Every test gets its own SQLite file (a copy of the session's demo database) and an in-memory
keyring holding that database's PIN keys, then a ``DeskApp`` on it whose printer is a PDF
file. pytest-qt provides the one session-wide QApplication (offscreen).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest

from tests.support.memory_keyring import MemoryKeyring

DEMO_PASSWORD = "demo desk password 1"
DEMO_STUDENTS = 120


@dataclass(frozen=True)
class DemoTemplate:
    path: Path
    keyring_store: dict[tuple[str, str], str]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    from ppdesk import bootstrap
    from ppdesk.services.demo import create_demo

    root = tmp_path_factory.mktemp("demo-template")
    path = root / "demo.sqlite3"
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PPDESK_CONFIG_DIR", str(root / "config"))
            mp.setenv("PPDESK_DATA_DIR", str(root / "data"))
            rt = bootstrap.open_app(database=f"sqlite:///{path.as_posix()}", create_keys=True)
            try:
                create_demo(rt.ctx, students=DEMO_STUDENTS, seed=7, password=DEMO_PASSWORD)
            finally:
                rt.close()
    finally:
        keyring.set_keyring(previous)
    return DemoTemplate(path, dict(memory.store))


@pytest.fixture
def desk_runtime(
    demo_template: DemoTemplate, tmp_path: Path, memory_keyring: MemoryKeyring
) -> Iterator[Any]:
    from ppdesk import bootstrap

    target = tmp_path / "desk.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(demo_template.path) + suffix)
        if source.exists():
            shutil.copy(source, Path(str(target) + suffix))
    memory_keyring.store.update(demo_template.keyring_store)
    rt = bootstrap.open_app(database=f"sqlite:///{target.as_posix()}", create_keys=False)
    assert rt.ctx.keys is not None
    yield rt
    rt.close()


class Printed:
    """The PDF-file printers handed to the print path, in order."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: list[Path] = []

    def __call__(self, _parent: object) -> Any:
        from ppdesk.gui.letters import pdf_printer

        path = self.directory / f"printed-{len(self.files) + 1}.pdf"
        self.files.append(path)
        return pdf_printer(path)


@pytest.fixture
def printed(tmp_path: Path) -> Printed:
    return Printed(tmp_path)


@pytest.fixture
def make_desk(qtbot: Any, desk_runtime: Any, printed: Printed) -> Iterator[Any]:
    """Build a started ``DeskApp`` on the test database: ``make_desk(idle_ms=...)``."""
    from ppdesk.gui.app import DeskApp

    apps: list[DeskApp] = []

    def factory(**kwargs: Any) -> DeskApp:
        kwargs.setdefault("printer_provider", printed)
        app = DeskApp(runtime=desk_runtime, **kwargs)
        qtbot.addWidget(app.login)
        app.start()
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.shutdown()


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk()


# A wait's timeout is a liveness guard, not a speed limit: a waitUntil or waitSignal returns
# the moment its condition holds, so a long guard costs a passing test nothing, while a short
# one fails on a loaded machine (seen: the first-run dialog's key set-up took over 10 s at load
# average 17). Every wait in the GUI tests gets at least this long.
LIVENESS_MS = 120_000


@pytest.fixture(autouse=True)
def _waits_are_liveness_guards(request: pytest.FixtureRequest) -> None:
    if "qtbot" not in request.fixturenames:
        return
    qtbot = request.getfixturevalue("qtbot")
    for name in ("waitUntil", "waitSignal", "waitSignals", "waitCallback"):
        original = getattr(qtbot, name)

        def patient(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            timeout = kwargs.get("timeout")
            kwargs["timeout"] = LIVENESS_MS if timeout is None else max(timeout, LIVENESS_MS)
            return _original(*args, **kwargs)

        setattr(qtbot, name, patient)
