"""The ports are typed: mypy, with the project's own configuration (strict), rejects a
service that misspells a repository method or reaches for a port that does not exist, and
accepts the same service spelt right. Each case is a small service-like module written to
a temporary folder and checked on its own (imports followed as configured)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEAD = """\
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.records import PinRow, VerificationRow


"""

RIGHT = """\
def check(ctx: AppContext, session: StaffSession, verification_id: int) -> str | None:
    with ctx.uow(readonly=True) as uow:
        found: VerificationRow | None = uow.pins.verification(verification_id)
        pin: PinRow | None = uow.pins.held_for_link(verification_id, lock=False)
    files = ctx.files
    name = files.letters.unprintable(session.display_name) if files else None
    return (name or "") + (found.outcome if found else "") + (pin.status if pin else "")
"""

WRONG = {
    # This one passed mypy strict while the repositories were typed Any.
    "misspelt repository method": (
        "uow.pins.verification(verification_id)",
        "uow.pins.verificaton(verification_id)",
        '"PinRepository" has no attribute "verificaton"',
    ),
    "unknown repository": (
        "uow.pins.held_for_link(",
        "uow.pinz.held_for_link(",
        '"UnitOfWork" has no attribute "pinz"',
    ),
    "wrong argument type": (
        "uow.pins.verification(verification_id)",
        "uow.pins.verification(str(verification_id))",
        'Argument 1 to "verification" of "PinRepository" has incompatible type "str"',
    ),
    "unknown keyword": (
        "lock=False",
        "locked=False",
        'Unexpected keyword argument "locked" for "held_for_link" of "PinRepository"',
    ),
    "a port by name": (
        "files = ctx.files",
        "files = ctx.extras['filez']",
        '"AppContext" has no attribute "extras"',
    ),
    "misspelt file port": (
        "files.letters.unprintable(",
        "files.leters.unprintable(",
        '"FilePorts" has no attribute "leters"',
    ),
}


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def run_mypy(module: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            str(module),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def write(folder: Path, body: str) -> Path:
    path = folder / "service_like.py"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return path


def test_the_right_spelling_passes_mypy_strict(tmp_path: Path, mypy_cache: Path) -> None:
    result = run_mypy(write(tmp_path, RIGHT), mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mypy_strict_rejects(case: str, tmp_path: Path, mypy_cache: Path) -> None:
    right, wrong, message = WRONG[case]
    assert RIGHT.count(right) == 1  # the case changes exactly one place
    module = write(tmp_path, RIGHT.replace(right, wrong))
    result = run_mypy(module, mypy_cache)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors, result.stdout + result.stderr
    assert all(line.startswith(str(module)) for line in errors), result.stdout
    assert any(message in line for line in errors), result.stdout
