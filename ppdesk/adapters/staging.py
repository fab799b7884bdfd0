"""Staging files left behind by a crash are removed at the next start (SECURITY.md 39).

Exports and letters are written to hidden files beside their destination (same folder,
so the final rename is atomic), and a finished file waits there, hidden, for its audit row.
Those files can hold PINs. Normally they are renamed or removed within the act; a crash,
a power cut or a killed process can leave one behind in a folder ppdesk does not
otherwise know about.

So every staging file is *registered* while it exists: a small marker in the per-user
data folder (``<data>/staging/<token>.json``, naming the file) and, beside it, an OS file
lock (``<token>.lock``, via ``filelock``) held by the process that made it. The lock is
released by the operating system when that process ends, however it ends. ``sweep()``,
run when ppdesk starts, removes the file named by every marker whose lock it can take
(its process is gone) and leaves alone the markers of a ppdesk still running (another
window, a CLI export), whose locks are held.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

_registry_folder: Path | None = None


def configure(data_dir: Path | None) -> None:
    """Register staging files under ``data_dir/staging`` (``None``: do not register)."""
    global _registry_folder
    _registry_folder = data_dir / "staging" if data_dir is not None else None


def registry_folder() -> Path | None:
    return _registry_folder


_held: dict[Path, tuple[FileLock, Path]] = {}


def register(path: Path) -> None:
    """Register ``path`` as a staging file of this process until :func:`unregister`.

    The file itself may not exist yet. Without a configured folder (a library caller,
    some tests) it does nothing.
    """
    folder = _registry_folder
    key = Path(path).resolve()
    if folder is None or key in _held:
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    lock = FileLock(folder / f"{token}.lock")
    lock.acquire()
    marker = folder / f"{token}.json"
    try:
        marker.write_text(json.dumps({"path": str(key)}), encoding="utf-8")
    except BaseException:
        _release(lock, marker)
        raise
    _held[key] = (lock, marker)


def unregister(path: Path) -> None:
    """Forget ``path`` (it has been renamed into place or removed)."""
    held = _held.pop(Path(path).resolve(), None)
    if held is not None:
        _release(*held)


def _release(lock: FileLock, marker: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    lock.release()
    with contextlib.suppress(OSError):
        marker.with_suffix(".lock").unlink()


@contextlib.contextmanager
def track(path: Path) -> Iterator[None]:
    """Register ``path`` as a staging file for the duration of the block.

    The block creates, renames or removes the file as it likes; the registration only
    says "if this process dies now, remove ``path`` at the next start".
    """
    register(path)
    try:
        yield
    finally:
        unregister(path)


@contextlib.contextmanager
def staged_file(folder: Path, prefix: str, suffix: str) -> Iterator[tuple[Path, int]]:
    """Create a new 0600 staging file in ``folder``, registered (see :func:`track`) before
    it exists; yield ``(path, open file descriptor)``.

    The caller owns the descriptor (closes it, or hands it to ``os.fdopen``) and may rename
    the file away; whatever is still at ``path`` when the block ends is removed.
    """
    path = folder / f"{prefix}{uuid.uuid4().hex[:16]}{suffix}"
    with track(path):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            yield path, fd
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def sweep(folder: Path | None = None) -> int:
    """Remove the staging files of ppdesk processes that have ended; return how many.

    A file that is already gone only has its marker removed. Problems (a folder on a
    disconnected drive, a marker that is not ours) are logged and skipped: a sweep never
    stops ppdesk from starting.
    """
    folder = folder or _registry_folder
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for marker in sorted(folder.glob("*.json")):
        lock = FileLock(marker.with_suffix(".lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            continue  # its process is still running
        try:
            try:
                staged = Path(json.loads(marker.read_text(encoding="utf-8"))["path"])
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("Ignoring an unreadable staging marker %s", marker.name)
                staged = None
            if staged is not None and staged.exists():
                try:
                    staged.unlink()
                    removed += 1
                    log.info("Removed a staging file left by an earlier run: %s", staged)
                except OSError as exc:
                    log.warning("Could not remove the staging file %s: %s", staged, exc)
                    continue  # keep the marker: try again next time
            with contextlib.suppress(FileNotFoundError):
                marker.unlink()
        finally:
            lock.release()
            with contextlib.suppress(OSError):
                marker.with_suffix(".lock").unlink()
    return removed
