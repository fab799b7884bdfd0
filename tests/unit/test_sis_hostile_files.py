"""Encodings and hostile zips (issue 16, points 2, 3 and 5): refused with a message that
names the file, line and byte, nothing read. That memory stays bounded (a subprocess's peak
RSS) is tested in tests/integration/test_sis_hostile_memory.py."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

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
