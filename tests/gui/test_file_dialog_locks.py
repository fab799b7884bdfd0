"""Issue 17 §1: the desk's file dialogs never open the SQLite files, so the desk keeps its locks
and a second process writing meanwhile loses nothing.

The lock table is read from ``/proc/locks`` (Linux): POSIX locks of this process on the
inodes of the database, its WAL and its shared-memory file. A Qt dialog with its default icon
provider, listing the database folder, sniffs ``school.db``, ``-wal`` and ``-shm`` and so drops
the desk's locks on them (the control test shows the probe sees exactly that); the desk's
dialogs must not. Without the fix, the second-process test loses the command's row.

SQLite only: PostgreSQL has no files in a folder a dialog could list.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QFileSystemModel, QLineEdit
from sqlalchemy import func, select

from ppdesk.adapters.db.models import AuditEvent, School, Staff
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import WAIT_MS, log_in, wait_idle

pytestmark = pytest.mark.skipif(
    not Path("/proc/locks").exists(), reason="reads the Linux lock table"
)

SUFFIXES = ("", "-wal", "-shm")


@pytest.fixture
def desk_runtime(demo_template: Any, tmp_path: Path, memory_keyring: Any) -> Iterator[Any]:
    """The demo database as ``school.db``: no file type is known by that suffix, so a sniffing
    dialog opens the database file itself too (``*.sqlite3`` is known by name)."""
    from ppdesk import bootstrap

    target = tmp_path / "school.db"
    for suffix in SUFFIXES:
        source = Path(str(demo_template.path) + suffix)
        if source.exists():
            shutil.copy(source, Path(str(target) + suffix))
    memory_keyring.store.update(demo_template.keyring_store)
    rt = bootstrap.open_app(database=f"sqlite:///{target.as_posix()}", create_keys=False)
    yield rt
    rt.close()


def _db_file(desk: Any) -> Path:
    from ppdesk.adapters.db.engine import sqlite_path

    path = sqlite_path(desk.runtime.url)
    assert path is not None
    return path


def held_locks(db: Path) -> set[tuple[str, str, str, str]]:
    """(file, kind, start, end) of every POSIX lock this process holds on the SQLite files."""
    inodes = {}
    for suffix in SUFFIXES:
        path = Path(str(db) + suffix)
        if path.exists():
            inodes[path.stat().st_ino] = path.name
    pid = str(os.getpid())
    held = set()
    with open("/proc/locks", encoding="ascii") as table:
        for line in table:
            parts = line.replace("->", "").split()
            # "1: POSIX  ADVISORY  READ 1234 08:01:5678 128 128"
            if len(parts) < 8 or parts[1] != "POSIX" or parts[4] != pid:
                continue
            inode = int(parts[5].rsplit(":", 1)[1])
            if inode in inodes:
                held.add((inodes[inode], parts[3], parts[6], parts[7]))
    return held


def browse_data_folder(qtbot: Any, dialog: QFileDialog, folder: Path, db: Path) -> None:
    """Show ``dialog``, go to ``folder``, wait until every SQLite file is listed with its type
    (the icon provider has seen each), and type a file name (the completer looks too)."""
    dialog.show()
    dialog.setDirectory(str(folder))
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    if dialog.fileMode() != QFileDialog.FileMode.Directory:

        def listed() -> bool:
            for suffix in SUFFIXES:
                index = model.index(str(db) + suffix)
                if not index.isValid() or not model.type(index):
                    return False
            return True

        qtbot.waitUntil(listed, timeout=WAIT_MS)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    if edit is not None:
        edit.clear()
        qtbot.keyClicks(edit, db.name + "-")
        qtbot.keyClicks(edit, "s")


class OpenedDialogs(list[tuple[QFileDialog, Any]]):
    """The desk's dialogs as they were run: ``visits[0](dialog)`` browses, then it is
    cancelled."""

    def __init__(self) -> None:
        super().__init__()
        self.visits: list[Callable[[QFileDialog], Any]] = []

    def run(self, dialog: QFileDialog) -> tuple[str, str]:
        result = self.visits[0](dialog) if self.visits else None
        self.append((dialog, result))
        dialog.reject()
        dialog.deleteLater()
        return "", ""


@pytest.fixture
def opened_dialogs(monkeypatch: pytest.MonkeyPatch) -> OpenedDialogs:
    from ppdesk.gui import files

    opened = OpenedDialogs()
    monkeypatch.setattr(files, "_run", opened.run)
    return opened


def _one_page_pdf() -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "A page")
    canvas.save()
    return out.getvalue()


def every_file_dialog(window: Any) -> list[tuple[str, Callable[[], Any]]]:
    """Each file dialog of the desk, opened the way its button opens it."""
    from ppdesk.gui.letters import LetterPreviewDialog
    from ppdesk.gui.office.tabs import office_tabs

    tabs = {spec.key: spec.create(window.desk, window) for spec in office_tabs()}
    preview = LetterPreviewDialog(_one_page_pdf(), "test", lambda _p: None, parent=window)
    return [
        ("letter preview: Save as PDF", preview._on_save),
        ("roster: Export to Excel", tabs["roster"]._choose_export_file),
        ("letters: Save as PDF", tabs["letters"]._save_as),
        ("reporting: Export", lambda: tabs["reporting"]._ask_export("adoption")),
        ("audit: Export", tabs["audit"].export),
        ("import: OneRoster folder", tabs["import"]._on_folder),
        ("import: OneRoster zip", tabs["import"]._on_zip),
        ("import: template", tabs["import"]._on_template),
        ("import: blank template", tabs["import"]._on_blank),
        ("settings: database file", tabs["settings"]._browse_sqlite),
        ("settings: logo", tabs["settings"]._browse_logo),
    ]


def test_no_file_dialog_of_the_desk_drops_a_sqlite_lock(
    qtbot: Any, desk: Any, opened_dialogs: Any
) -> None:
    from ppdesk.gui import files

    window = log_in(qtbot, desk, "district_admin")
    db = _db_file(desk)
    folder = db.parent
    assert files.is_private(folder)  # the desk told the dialogs where its database lives
    dialogs = every_file_dialog(window)
    wait_idle(qtbot, desk)  # no transaction running: only the locks an open connection keeps
    before = held_locks(db)
    assert any(name.endswith("-shm") for name, *_ in before), before  # the probe sees them

    def visit(dialog: QFileDialog) -> Any:
        start = Path(dialog.directory().absolutePath())
        browse_data_folder(qtbot, dialog, folder, db)
        wait_idle(qtbot, desk)
        return start, held_locks(db)

    opened_dialogs.visits.append(visit)
    for label, open_dialog in dialogs:
        open_dialog()
        dialog, (start, locks) = opened_dialogs[-1]
        assert locks == before, f"{label}: locks {sorted(before)} became {sorted(locks)}"
        assert not files.is_private(start), f"{label} started in {start}"
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog), label
        assert isinstance(dialog.iconProvider(), files.NameOnlyIconProvider), label
    assert len(opened_dialogs) == len(dialogs)
    wait_idle(qtbot, desk)
    assert held_locks(db) == before


def test_control_a_sniffing_dialog_drops_the_lock_and_the_probe_sees_it(
    qtbot: Any, desk: Any
) -> None:
    """Without the safe icon provider, Qt's own dialog loses the desk's lock (the bug): the
    test above could fail."""
    log_in(qtbot, desk, "district_admin")
    db = _db_file(desk)
    wait_idle(qtbot, desk)
    before = held_locks(db)
    dialog = QFileDialog(None, "control")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(QFileIconProvider())
    qtbot.addWidget(dialog)
    browse_data_folder(qtbot, dialog, db.parent, db)
    after = held_locks(db)
    dialog.reject()
    assert before and not after


def test_nothing_else_lists_folders_or_reads_dropped_files() -> None:
    """Folder models, completers, image readers and drop handlers would open files too: only
    ``files.py`` uses any of them (a file dropped on a Qt text field gives its name only)."""
    source = Path(__file__).parents[2] / "ppdesk" / "gui"
    risky = (
        "QFileDialog",
        "QFileSystemModel",
        "QCompleter",
        "QImageReader",
        "dropEvent",
        "dragEnterEvent",
        "setAcceptDrops",
        "QFileIconProvider",
    )
    checked = 0
    for path in source.rglob("*.py"):
        if path.name != "files.py":
            checked += 1
            text = path.read_text(encoding="utf-8")
            for name in risky:
                assert name not in text, f"{path}: {name} outside ppdesk/gui/files.py"
    assert checked > 20


def _cli(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ppdesk", "--database", f"sqlite:///{db.as_posix()}", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", **env},
        timeout=120,
        check=False,
    )


def _counts(db: Path) -> tuple[int, int]:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db.as_posix()}")
    try:
        with engine.connect() as conn:
            return (
                conn.execute(select(func.count()).select_from(Staff)).scalar_one(),
                conn.execute(select(func.count()).select_from(AuditEvent)).scalar_one(),
            )
    finally:
        engine.dispose()


def test_a_second_process_writes_while_the_desk_browses_and_both_writes_survive(
    qtbot: Any, make_desk: Any, opened_dialogs: Any
) -> None:
    from ppdesk.services import staff as staff_service

    desk = make_desk()
    window = log_in(qtbot, desk, "district_admin")
    db = _db_file(desk)
    with desk.runtime.engine.connect() as conn:
        school = conn.execute(select(School.code).order_by(School.id)).scalars().first()
        conn.rollback()
    staff_before, audit_before = _counts(db)
    opened_dialogs.visits.append(lambda d: browse_data_folder(qtbot, d, db.parent, db))
    for _label, open_dialog in every_file_dialog(window):
        open_dialog()

    # Turn by turn: the command, the desk, the command again, the desk again. With lost
    # locks the first command deletes the WAL the desk still writes to, the second writes to
    # a new one, and the desk's checkpoint at exit overwrites what the second committed.
    for turn in (1, 2):
        cli = _cli(
            db,
            "staff",
            "add",
            f"cli_clerk_{turn}",
            "--name",
            f"Clerk {turn} From The Command Line",
            "--school",
            school,
            "-u",
            "district_admin",
            PPDESK_PASSWORD=DEMO_PASSWORD,
            PPDESK_NEW_PASSWORD="cli clerk password 1",
        )
        assert cli.returncode == 0, cli.stdout + cli.stderr
        staff_service.add_staff(
            desk.runtime.ctx,
            window.desk.session,
            username=f"desk_clerk_{turn}",
            display_name=f"Clerk {turn} From The Desk",
            password="desk clerk password 1",
            school_code=school,
        )
    desk.shutdown()
    desk.runtime.close()  # the last connection closes: checkpoint into the database file

    verify = _cli(db, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "intact" in verify.stdout.lower(), verify.stdout
    staff_after, audit_after = _counts(db)
    assert staff_after == staff_before + 4
    assert audit_after >= audit_before + 4
    with sqlite3.connect(db) as conn:
        names = {row[0] for row in conn.execute("select username from staff")}
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert {"cli_clerk_1", "desk_clerk_1", "cli_clerk_2", "desk_clerk_2"} <= names
