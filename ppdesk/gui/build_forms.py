"""Compile every Qt Designer form in ``ui/`` into ``ppdesk/gui/forms/ui_<name>.py``.

The generated modules are committed (the bundle and a plain ``pip install`` need no uic) and
never edited by hand; ``tests/gui/test_forms_and_models.py`` fails when one is stale.

    python -m ppdesk.gui.build_forms           # rewrite the stale ones
    python -m ppdesk.gui.build_forms --check   # list the stale ones, exit 1 if any
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "ui"
FORMS_DIR = Path(__file__).resolve().parent / "forms"
# uic stamps its version into the header; a different PySide6 patch release is not "stale".
_VERSION_MARK = "Created by: Qt User Interface Compiler version"


def uic_command() -> list[str]:
    """The pyside6-uic next to this interpreter, else the one on PATH."""
    here = Path(sys.executable).parent / "pyside6-uic"
    if here.exists():
        return [str(here)]
    found = shutil.which("pyside6-uic")
    if found is None:
        raise RuntimeError("pyside6-uic not found: install PySide6 in this environment.")
    return [found]


def form_target(ui_path: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_path.stem}.py"


def compile_form(ui_path: Path) -> str:
    """The Python code pyside6-uic generates for ``ui_path``."""
    result = subprocess.run(  # noqa: S603 - a fixed tool on a file of this repository
        [*uic_command(), str(ui_path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=UI_DIR,
    )
    return result.stdout


def comparable(code: str) -> str:
    """Generated code without the uic version line."""
    return "\n".join(line for line in code.splitlines() if _VERSION_MARK not in line)


def stale_forms() -> list[tuple[Path, str]]:
    """(ui file, fresh code) for every form whose committed module differs or is missing."""
    out = []
    for ui_path in sorted(UI_DIR.glob("*.ui")):
        code = compile_form(ui_path)
        target = form_target(ui_path)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current is None or comparable(current) != comparable(code):
            out.append((ui_path, code))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    stale = stale_forms()
    if "--check" in args:
        for ui_path, _code in stale:
            print(f"stale: {form_target(ui_path).relative_to(ROOT)} (from {ui_path.name})")
        return 1 if stale else 0
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    for ui_path, code in stale:
        form_target(ui_path).write_text(code, encoding="utf-8")
        print(f"compiled {ui_path.name} -> {form_target(ui_path).relative_to(ROOT)}")
    if not stale:
        print("all forms are fresh")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
