"""Hostile SIS files read with bounded memory (issue 16, points 3 and 5): each zip bomb,
lying zip header or giant line is read by ``read_oneroster`` in a second Python process,
whose peak RSS is measured. Integration tier: the test spawns that process (moved from
tests/unit/test_sis_hostile_files.py, which keeps the in-process refusals)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from ppdesk.adapters.sis.fileset import MAX_RATIO
from tests.fixtures.sis.helpers import copy_set
from tests.unit.test_sis_hostile_files import zipped

# -- bounded memory: each hostile file read in a subprocess, its peak RSS measured

PROBE = """
import json, resource, sys
from datetime import date
from ppdesk.adapters.sis.fileset import MAX_RATIO
from ppdesk.adapters.sis.oneroster import read_oneroster
snap = read_oneroster(sys.argv[1], today=date(2025, 1, 15))
try:  # Linux: this process's own high-water mark (ru_maxrss survives exec: it would
    # report the parent pytest worker's peak when that is higher)
    with open("/proc/self/status") as fh:
        peak = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) // 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"peak_mb": peak, "problems": [str(p) for p in snap.problems],
                  "students": len(snap.students)}))
"""


def probe(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    assert len(done.stdout) < 100_000
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _rewrite_declared_size(target: Path, member: str, size: int) -> None:
    """Make the zip's headers lie about ``member``'s uncompressed size."""
    data = bytearray(target.read_bytes())
    encoded = member.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(encoded)] == encoded:
                data[at + size_at : at + size_at + 4] = struct.pack("<I", size)
            at = data.find(signature, at + 4)
    target.write_bytes(bytes(data))


class _RepeatedBlockDeflate:
    """A raw-deflate compressor for a member written as one block many times over.

    Each distinct block is deflated once and ended with a full flush, which byte-aligns the
    output and resets the compressor (no back-reference crosses it); so every repetition
    deflates to the same bytes and the concatenation is a valid deflate stream of the whole
    member. Deflating 1.2 GiB took most of the unit tier's time; this deflates 1 MiB.
    """

    def __init__(self) -> None:
        self._deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        self._done: dict[bytes, bytes] = {}

    def compress(self, data: bytes) -> bytes:
        if data not in self._done:
            self._done[data] = self._deflate.compress(data) + self._deflate.flush(zlib.Z_FULL_FLUSH)
        return self._done[data]

    def flush(self) -> bytes:
        return self._deflate.flush()


def test_repeated_block_deflate_is_a_valid_stream_of_the_whole_member(tmp_path: Path) -> None:
    block = bytes(range(256)) * 16
    target = tmp_path / "repeated.zip"
    with (
        pytest.MonkeyPatch.context() as mp,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        mp.setattr(zipfile, "_get_compressor", lambda *_: _RepeatedBlockDeflate())
        with archive.open("m", "w") as member:
            for _ in range(50):
                member.write(block)
    with zipfile.ZipFile(target) as archive:  # reading to the end checks the CRC too
        info = archive.getinfo("m")
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.compress_size < info.file_size == 50 * len(block)
        assert archive.read("m") == block * 50


def test_zip_bombs_are_refused_unread_with_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_set(tmp_path / "set")
    (folder / "users.csv").unlink()
    # 1 GiB of NULs: over the size limit; 200 MiB of '0': under it, but a ratio of 1,000.
    for filler, mib, reason in ((b"\0", 1024, "more than 512 MiB"), (b"0", 200, "zip bomb")):
        target = tmp_path / "bomb.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for child in sorted(folder.iterdir()):
                archive.write(child, child.name)
            with monkeypatch.context() as mp:
                mp.setattr(zipfile, "_get_compressor", lambda *_: _RepeatedBlockDeflate())
                with archive.open("users.csv", "w", force_zip64=True) as member:
                    block = filler * (1 << 20)
                    for _ in range(mib):
                        member.write(block)
        with zipfile.ZipFile(target) as archive:
            bomb = archive.getinfo("users.csv")
            assert bomb.file_size == mib << 20
            assert bomb.file_size > 5 * MAX_RATIO * bomb.compress_size  # about 1,000
        result = probe(target)
        assert result["students"] == 0
        assert any(reason in p and "Refused unread" in p for p in result["problems"])  # type: ignore[attr-defined]
        assert int(result["peak_mb"]) < 300  # type: ignore[call-overload]


def test_a_lying_header_is_cut_at_its_declared_size_and_reported(tmp_path: Path) -> None:
    folder = copy_set(tmp_path / "set")
    users = (folder / "users.csv").read_bytes()
    (folder / "users.csv").write_bytes(users + b"0" * (40 << 20))  # 40 MB more, one line
    target = zipped(folder, tmp_path / "liar.zip")
    _rewrite_declared_size(target, "users.csv", len(users) + 1000)
    result = probe(target)
    problems = result["problems"]
    assert any("users.csv" in p and "damaged" in p for p in problems)  # type: ignore[attr-defined]
    assert int(result["peak_mb"]) < 300  # type: ignore[call-overload]


def test_a_giant_line_in_a_folder_is_skipped_with_bounded_memory(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    with (folder / "users.csv").open("ab") as handle:
        block = b"0" * (1 << 20)
        for _ in range(300):  # one 300 MB line
            handle.write(block)
        handle.write(b"\n")
    result = probe(folder)
    assert any("longer than 1,048,576" in p for p in result["problems"])  # type: ignore[attr-defined]
    assert int(result["peak_mb"]) < 300  # type: ignore[call-overload]
