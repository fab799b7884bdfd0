"""Write an export file atomically, readable only by its owner.

Rosters hold Parent Portal PINs, so the file is created with mode 0600 in the destination
folder (the same file system, so the final rename is atomic), flushed to disk, and only
then renamed over the destination. A cancel or an error removes the partial file: the user
never finds half a roster, and a file that is there is complete.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ppdesk.adapters import staging

# Leading dot: hidden on Linux/macOS; the suffix tells a person what it is if a crash leaves one.
PART_PREFIX = ".ppdesk-"
PART_SUFFIX = ".part"


def scratch_file(folder: Path, stem: str) -> contextlib.AbstractContextManager[tuple[Path, int]]:
    """A new, empty, registered 0600 file in ``folder`` for intermediate data, as a context
    manager yielding ``(path, open descriptor)``; the file is removed when it ends.

    Used for openpyxl's per-sheet XML stream, so that PINs never go to the system temp
    folder, and a crash leaves nothing that the next start does not remove.
    """
    return staging.staged_file(folder, f"{PART_PREFIX}{stem}.", PART_SUFFIX)


def remove_quietly(path: Path) -> None:
    """Remove ``path`` if it exists; a missing file is not an error."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


class AtomicOutput:
    """The open temporary file of one export; see :func:`atomic_output`."""

    def __init__(self, target: Path, stream: BinaryIO, temp_path: Path) -> None:
        self.target = target
        self.stream = stream
        self.temp_path = temp_path
        self.discarded = False

    def discard(self) -> None:
        """Do not publish the file (cancel): it is removed when the block ends."""
        self.discarded = True


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[AtomicOutput]:
    """Yield an :class:`AtomicOutput` whose ``stream`` is a new 0600 file beside ``path``.

    When the block ends normally and ``discard()`` was not called, the data is fsynced and
    the file renamed to ``path`` (replacing an older file of that name). On an exception or
    a discard, the temporary file is removed and ``path`` is left untouched.
    """
    target = Path(path).resolve()
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"The folder {folder} does not exist.")
    with staging.staged_file(folder, f"{PART_PREFIX}{target.name}.", PART_SUFFIX) as (
        temp_path,
        fd,
    ):
        with os.fdopen(fd, "w+b") as stream:
            output = AtomicOutput(target, stream, temp_path)
            yield output
            if not output.discarded:
                stream.flush()
                os.fsync(stream.fileno())
        if not output.discarded:
            os.replace(temp_path, target)
            _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder this way.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
