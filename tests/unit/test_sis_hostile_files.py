"""Encodings and hostile zips (issue 16, points 2, 3 and 5): refused with a message that
names the file, line and byte, nothing read, memory bounded (a subprocess's peak RSS)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.sis.fileset import MAX_RATIO
from ppdesk.adapters.sis.oneroster import read_oneroster
from ppdesk.domain import sis
from tests.fixtures.sis.helpers import FIXTURES, copy_set

TODAY = date(2025, 1, 15)
CLEAN = read_oneroster(FIXTURES / "oneroster_1_1", today=TODAY)


def read(path: Path, **options: str) -> sis.SisSnapshot:
    return read_oneroster(path, today=TODAY, **options)  # type: ignore[arg-type]


def errors(snap: sis.SisSnapshot) -> list[sis.Problem]:
    return [p for p in snap.problems if p.severity == "error"]


def zipped(folder: Path, target: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for child in sorted(folder.iterdir()):
            archive.write(child, child.name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


# -- encodings


def test_one_cp1252_row_in_a_utf8_file_is_an_error_naming_line_and_byte(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    lines = users.read_bytes().split(b"\n")
    assert any(b"\xc3" in line or b"\xe1" in line for line in lines)  # real UTF-8 in it
    lines[5] = lines[5].replace(b"Rivera", "Riverá".encode("cp1252"), 1) + b",x"[:0]
    if b"\xe1" not in lines[5]:
        lines[5] = lines[5] + b"\xe1"
    users.write_bytes(b"\n".join(lines))
    snap = read(folder)
    (error,) = errors(snap)
    assert (error.file, error.line) == ("users.csv", 6)
    assert "mixes UTF-8" in error.message and "0xE1" in error.message
    assert snap.students == () and snap.guardians == ()


def test_a_file_cut_inside_a_character_is_truncated(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    data = users.read_bytes()
    last = data.rfind("é".encode())
    assert last > 0
    users.write_bytes(data[: last + 1])
    (error,) = errors(read(folder))
    assert error.file == "users.csv" and "truncated" in error.message


def test_a_declared_legacy_encoding_is_read_whole(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    for name in ("users.csv", "orgs.csv", "demographics.csv"):
        text = (folder / name).read_text(encoding="utf-8").replace("Nguyễn", "Nguyen")
        (folder / name).write_bytes(text.encode("cp1252"))
    snap = read(folder, encoding="cp1252")
    assert errors(snap) == [] and not any("Windows-1252" in p.message for p in snap.problems)
    names = {s.last_name for s in snap.students}
    assert "Nguyen" in names and names - {"Nguyen"} <= {s.last_name for s in CLEAN.students}


def test_a_file_that_is_not_the_declared_encoding_is_an_error(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    users.write_bytes(users.read_bytes() + "王小明".encode("utf-16-le")[:3] + b"\x81\n")
    snap = read(folder, encoding="ascii")
    assert any(
        e.file == "users.csv" and "is not ascii text as declared" in e.message for e in errors(snap)
    )
    assert snap.students == ()


# -- zips


def test_path_traversal_and_absolute_members_are_refused(tmp_path: Path) -> None:
    folder = copy_set(tmp_path / "set")
    for bad in ("../users.csv", "/etc/users.csv", "C:/x/users.csv"):
        target = zipped(folder, tmp_path / "x.zip", {bad: b"sourcedId\n"})
        snap = read(target)
        assert any("outside the zip" in e.message for e in errors(snap)), bad
        assert snap.students == ()


def test_nested_zip_and_too_many_members_are_refused(tmp_path: Path) -> None:
    folder = copy_set(tmp_path / "set")
    snap = read(zipped(folder, tmp_path / "n.zip", {"inner.zip": b"PK"}))
    assert any("another archive" in e.message for e in errors(snap))
    many = {f"extra/{i}.txt": b"" for i in range(1001)}
    snap = read(zipped(folder, tmp_path / "m.zip", many))
    assert any("1,00" in e.message and "Refused unread" in e.message for e in errors(snap))


def test_a_long_header_name_is_cut_in_every_message(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    data = users.read_bytes()
    header, rest = data.split(b"\n", 1)
    users.write_bytes(header + b"," + b"x" * 200_000 + b"\n" + rest)
    snap = read(folder)
    assert snap.problems
    assert max(len(str(p)) for p in snap.problems) < 400


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


# -- small truths (issue 16, point 5)


def test_a_manifest_saying_1_2_on_1_1_files_is_reported(tmp_path: Path) -> None:
    folder = copy_set(tmp_path)
    manifest = folder / "manifest.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "oneroster.version,1.1", "oneroster.version,1.2"
        ),
        encoding="utf-8",
    )
    snap = read(folder)
    assert snap.source_kind == "oneroster-1.1"
    (warning,) = [p for p in snap.problems if p.file == "manifest.csv"]
    assert "says oneroster.version 1.2" in warning.message and "1.1 layout" in warning.message


def test_every_error_is_counted_when_most_are_not_listed(tmp_path: Path) -> None:
    from ppdesk.services.sis_import import ImportRejected, count_problems

    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    rows = "".join(f"x-{i},active\n" for i in range(1200))  # 1,200 rows cut short
    users.write_text(users.read_text(encoding="utf-8") + rows, encoding="utf-8")
    snap = read(folder)
    total = count_problems(snap.problems, "error")
    assert total >= 1200 and len(snap.problems) < total
    assert f"{total:,} error(s)" in str(ImportRejected(snap.problems))
