"""``@service`` takes the context and the staff session as the first two positional
parameters by contract (issue 20 point 4): mypy refuses a service written otherwise."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ppdesk

ROOT = Path(ppdesk.__file__).resolve().parent

PROBE = """
from ppdesk.services.access import service
from ppdesk.services.context import AppContext, StaffSession


@service
def swapped(session: StaffSession, ctx: AppContext, link_id: int) -> None:
    return None


@service
def no_session(ctx: AppContext, link_id: int) -> None:
    return None


@service
def right(ctx: AppContext, session: StaffSession, link_id: int) -> int:
    return link_id



"""


def test_mypy_refuses_a_service_without_ctx_and_session_first(tmp_path: Path) -> None:
    probe = tmp_path / "probe_service.py"
    probe.write_text(PROBE, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--ignore-missing-imports",
            "--follow-imports=silent",
            "--no-incremental",
            str(probe),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT.parent,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    lines = sorted(int(line.split(":")[1]) for line in errors)
    # the two wrong services are refused, the right one is not
    assert lines == [6, 11], result.stdout


def test_every_service_takes_ctx_and_session_first() -> None:
    """The same contract read from the source, for functions mypy does not check."""
    wrong = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                getattr(d, "id", None) == "service" for d in node.decorator_list
            ):
                params = [a.arg for a in node.args.posonlyargs + node.args.args][:2]
                if params != ["ctx", "session"]:
                    wrong.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}")
    assert not wrong, wrong
