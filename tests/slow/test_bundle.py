"""Issue 9: build the one-folder bundle and run its self-test from a clean environment.

Slow (a PyInstaller build takes minutes): runs when PPDESK_RUN_SLOW=1, as in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("PPDESK_RUN_SLOW") != "1", reason="set PPDESK_RUN_SLOW=1 to build the bundle"
    ),
]


def _size(path: Path) -> int:
    """Bytes of the files under ``path``, each once: symbolic links (``ppdesk-cli``, the Qt
    libraries linked from the top folder) are not followed, as ``du`` does not."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def test_bundle_builds_and_passes_its_selftest(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "build"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        check=True,
        timeout=1500,
    )
    bundle = dist / "ppdesk"
    exe = bundle / ("ppdesk-cli.exe" if sys.platform == "win32" else "ppdesk-cli")
    assert exe.exists()
    # Nothing of the source tree, the tests or the benchmarks travels with it.
    names = {p.name for p in bundle.rglob("*")}
    assert not {"tests", "bench", "conftest.py", "pytest"} & names
    assert not [p for p in bundle.rglob("*.pyc")], "loose .pyc files copied from the build machine"
    assert (bundle / "_internal" / "resources" / "letters" / "en.toml").exists()
    assert list(
        (bundle / "_internal" / "ppdesk" / "adapters" / "db" / "migrations" / "versions").glob(
            "0001*.py"
        )
    )
    # Issue 22, point 8: what the desk uses stays, what it does not use is left out.
    internal = bundle / "_internal"
    assert (internal / "resources" / "translations" / "ppdesk_es.qm").exists()
    assert (internal / "resources" / "icons" / "ppdesk.png").exists()
    if sys.platform.startswith("linux"):
        qt = internal / "PySide6" / "Qt"
        plugins = {p.relative_to(qt / "plugins").as_posix() for p in (qt / "plugins").rglob("*.so")}
        for needed in (
            "platforms/libqxcb.so",
            "platforms/libqoffscreen.so",
            "printsupport/libcupsprintersupport.so",
            "imageformats/libqjpeg.so",
            "imageformats/libqsvg.so",
            "iconengines/libqsvgicon.so",
        ):
            assert needed in plugins, needed
        for lib in ("libQt6PrintSupport", "libQt6Pdf", "libQt6PdfWidgets", "libQt6Charts"):
            assert list((qt / "lib").glob(f"{lib}.so*")), lib
        assert (qt / "translations" / "qtbase_es.qm").exists()
        unused = ("wayland", "Quick", "Qml", "VirtualKeyboard", "qgtk3", "Qt6Test", "_imagingft")
        assert not [p for p in internal.rglob("*") if any(u in p.name for u in unused)]

    # Run it from elsewhere, with no access to the source tree or the virtual environment.
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    version = subprocess.run(
        [str(exe), "--version"], env=env, cwd=home, capture_output=True, text=True, timeout=120
    )
    assert version.returncode == 0 and "ppdesk" in version.stdout
    usage = subprocess.run(
        [str(exe), "--help"], env=env, cwd=home, capture_output=True, text=True, timeout=120
    )
    assert usage.returncode == 0 and "selftest" in usage.stdout, usage.stdout + usage.stderr
    result = subprocess.run(
        [str(exe), "selftest"], env=env, cwd=home, capture_output=True, text=True, timeout=600
    )
    print(result.stdout)
    size = _size(bundle)
    print(f"bundle size: {size / 2**20:.0f} MiB")
    if sys.platform.startswith("linux"):
        assert size < 200 * 2**20, f"{size / 2**20:.0f} MiB: the goal is under 200 (README)"
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "ok"
    assert sum(line.startswith("ok   ") for line in lines) == 6
    assert not (home / ".local" / "share" / "ppdesk").exists()  # the user's data untouched
    assert "propagateSizeHints" not in result.stdout + result.stderr  # Qt noise kept out

    # Issue 22: the bundle never makes demo data. A bare start on an empty database without
    # a display says how to create the first account and exits 78; nothing is created.
    database = home / "school.sqlite3"
    first = subprocess.run(
        [str(exe), "--database", f"sqlite:///{database}"],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 78, first.stdout + first.stderr
    assert "first account" in first.stderr and "demo" not in first.stdout.lower()
    import sqlite3

    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone() == (0,)
    assert (database.stat().st_mode & 0o777) == 0o600
    shutil.rmtree(work, ignore_errors=True)
