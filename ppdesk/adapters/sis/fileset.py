"""The files of an import: a folder of CSV files or a .zip of them.

File names are matched without regard to case ("Users.CSV" is users.csv). A zip is
read in memory, never extracted, and its declared sizes are checked before reading so
that a zip bomb is refused instead of filling the disk or the memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ppdesk.adapters.sis.problems import ProblemLog

MAX_FILE_BYTES = 1 << 30  # 1 GiB: a 100,000-student users.csv is about 30 MB.
MAX_TOTAL_BYTES = 2 << 30


class FileSet:
    """Maps lower-case file names to their contents, read on demand."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self._labels: dict[str, str] = {}
        self._paths: dict[str, Path] = {}
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, zipfile.ZipInfo] = {}

    def names(self) -> set[str]:
        """Lower-case names of the CSV files present."""
        return set(self._labels)

    def has(self, name: str) -> bool:
        """True if the set holds ``name`` (any case)."""
        return name.lower() in self._labels

    def label(self, name: str) -> str:
        """The file's name as the user sees it (its own spelling)."""
        return self._labels.get(name.lower(), name)

    def read(self, name: str, log: ProblemLog) -> bytes | None:
        """The bytes of ``name``, or None (with a problem) when it cannot be read."""
        key = name.lower()
        label = self.label(name)
        try:
            if self._zip is not None:
                info = self._members[key]
                with self._zip.open(info) as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
            else:
                data = self._paths[key].read_bytes()
        except (OSError, zipfile.BadZipFile, RuntimeError, ValueError) as exc:
            log.error(label, f"cannot be read: {type(exc).__name__}.")
            return None
        if len(data) > MAX_FILE_BYTES:
            log.error(label, "is larger than 1 GiB; split the export.")
            return None
        return data

    def close(self) -> None:
        """Release the zip file, if any."""
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> FileSet:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_file_set(path: Path, log: ProblemLog, *, suffix: str = ".csv") -> FileSet | None:
    """Open a folder or a .zip as a ``FileSet`` of its ``suffix`` files; None on failure."""
    label = path.name or str(path)
    if path.is_dir():
        files = FileSet(label)
        for child in sorted(path.iterdir()):
            if child.is_file() and child.suffix.lower() == suffix:
                files._labels[child.name.lower()] = child.name
                files._paths[child.name.lower()] = child
        return files
    if not path.exists():
        log.error(label, "does not exist.")
        return None
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        log.error(label, f"is not a readable .zip file ({type(exc).__name__}).")
        return None
    files = FileSet(label)
    files._zip = archive
    total = 0
    for info in archive.infolist():
        base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
        if info.is_dir() or not base.lower().endswith(suffix) or base.startswith((".", "._")):
            continue
        if "__MACOSX/" in info.filename:
            continue
        key = base.lower()
        if key in files._members:
            log.error(label, f"holds two files named {base}; keep one export per zip.")
            continue
        if info.flag_bits & 0x1:
            log.error(label, f"{info.filename} is password-protected; export it without one.")
            continue
        total += info.file_size
        files._labels[key] = base
        files._members[key] = info
    if total > MAX_TOTAL_BYTES:
        log.error(label, "unpacks to more than 2 GiB; that is not a school district export.")
        archive.close()
        return None
    return files
