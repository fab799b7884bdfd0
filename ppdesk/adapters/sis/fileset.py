"""The files of an import: a folder of CSV files or a .zip of them.

File names are matched without regard to case ("Users.CSV" is users.csv). Files are
streamed, never held whole in memory and never extracted to disk. A zip is checked
before anything is decompressed: too many members, a member with ``..`` or an absolute
path, a zip inside the zip, declared sizes over the limits or a compression ratio no CSV
export reaches (a zip bomb) are refused. While reading, every member is cut off at a
hard byte cap whatever its header says, so a header that lies cannot make it bigger.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ppdesk.adapters.sis.problems import ProblemLog

MAX_FILE_BYTES = 512 << 20  # 512 MiB: a 100,000-student users.csv is about 30 MB.
MAX_TOTAL_BYTES = 1 << 30
#: More members than any OneRoster export (a dozen files) or template folder has.
MAX_MEMBERS = 1000
#: Declared uncompressed size / compressed size. Real CSV exports deflate 3-15 times;
#: a zip bomb of NUL bytes or repeated digits reaches 1,000.
MAX_RATIO = 100
#: Below this a member's ratio is not judged (a tiny, repetitive file may deflate well).
RATIO_FLOOR_BYTES = 1 << 20

_DRIVE = re.compile(r"^[A-Za-z]:")


def _short(name: str, limit: int = 40) -> str:
    """A name from the zip, cut like every echoed value (docs/import.md)."""
    return name if len(name) <= limit else name[:limit] + "…"


class FileTooLarge(OSError):
    """A member turned out bigger than the cap while it was read."""


class CappedReader(io.RawIOBase):
    """A raw binary stream that raises ``FileTooLarge`` once more than ``cap`` bytes
    came out of ``raw``, whatever ``raw`` (a zip member) declared."""

    def __init__(self, raw: IO[bytes], cap: int) -> None:
        super().__init__()
        self._raw = raw
        self._cap = cap
        self._seen = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._raw.read(min(len(view), self._cap + 1 - self._seen))
        self._seen += len(data)
        if self._seen > self._cap:
            raise FileTooLarge(f"more than {self._cap} bytes")
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def capped(raw: IO[bytes], cap: int) -> io.BufferedReader:
    """``raw`` read through a ``CappedReader`` and a buffer."""
    return io.BufferedReader(CappedReader(raw, cap), 1 << 16)


READ_ERRORS = (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError)


class FileSet:
    """Maps lower-case file names to their contents, streamed on demand."""

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

    def opener(self, name: str) -> Callable[[], io.BufferedReader]:
        """A function that opens ``name`` afresh as a capped binary stream (may raise
        one of ``READ_ERRORS``); a file is read twice: encoding check, then rows."""
        key = name.lower()

        def open_stream() -> io.BufferedReader:
            if self._zip is not None:
                return capped(self._zip.open(self._members[key]), MAX_FILE_BYTES)
            return capped(self._paths[key].open("rb"), MAX_FILE_BYTES)

        return open_stream

    def read(self, name: str, log: ProblemLog) -> bytes | None:
        """The bytes of a small file (tests, manifest), or None with a problem."""
        try:
            with self.opener(name)() as stream:
                return stream.read()
        except READ_ERRORS as exc:
            report_read_error(log, self.label(name), exc)
            return None

    def close(self) -> None:
        """Release the zip file, if any."""
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> FileSet:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def report_read_error(log: ProblemLog, label: str, exc: BaseException) -> None:
    """One problem for a file that could not be read to its end."""
    if isinstance(exc, FileTooLarge):
        log.error(label, f"is larger than {MAX_FILE_BYTES >> 20} MiB; split the export.")
    elif isinstance(exc, zipfile.BadZipFile) or "CRC" in str(exc):
        log.error(label, "is damaged inside the zip (its contents do not match its header).")
    else:
        log.error(label, f"cannot be read: {type(exc).__name__}.")


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
        infos = archive.infolist()
    except READ_ERRORS as exc:
        log.error(label, f"is not a readable .zip file ({type(exc).__name__}).")
        return None
    members = _zip_members(archive, infos, label, log, suffix)
    if members is None:
        archive.close()
    return members


def _unsafe_name(name: str) -> bool:
    path = name.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def _zip_members(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    label: str,
    log: ProblemLog,
    suffix: str,
) -> FileSet | None:
    if len(infos) > MAX_MEMBERS:
        log.error(
            label,
            f"holds {len(infos):,} files; an export has a few dozen at most. Refused unread.",
        )
        return None
    refused = False
    files = FileSet(label)
    files._zip = archive
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            log.error(
                label,
                f"holds {_short(name)}, a path outside the zip's folder ('..' or absolute); "
                "the zip is refused.",
            )
            refused = True
            continue
        base = name.replace("\\", "/").rsplit("/", 1)[-1]
        if "__MACOSX/" in name or info.is_dir() or base.startswith((".", "._")):
            continue
        if base.lower().endswith((".zip", ".gz", ".7z", ".rar", ".tar")):
            log.error(
                label,
                f"holds another archive, {_short(base)}; unpack it and import the export itself.",
            )
            refused = True
            continue
        if not base.lower().endswith(suffix):
            continue
        key = base.lower()
        if key in files._members:
            log.error(label, f"holds two files named {_short(base)}; keep one export per zip.")
            refused = True
            continue
        if info.flag_bits & 0x1:
            log.error(label, f"{_short(name)} is password-protected; export it without one.")
            refused = True
            continue
        if info.file_size > MAX_FILE_BYTES:
            log.error(
                label,
                f"{_short(base)} unpacks to {info.file_size:,} bytes, more than "
                f"{MAX_FILE_BYTES >> 20} MiB; split the export. Refused unread.",
            )
            refused = True
            continue
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            log.error(
                label,
                f"{_short(base)} claims to unpack {info.file_size // max(info.compress_size, 1):,}"
                " times its packed size; no export compresses like that (a zip bomb?). "
                "Refused unread.",
            )
            refused = True
            continue
        total += info.file_size
        files._labels[key] = base
        files._members[key] = info
    if total > MAX_TOTAL_BYTES:
        log.error(
            label,
            f"unpacks to more than {MAX_TOTAL_BYTES >> 30} GiB; that is not a school "
            "district export. Refused unread.",
        )
        refused = True
    return None if refused else files
