"""The desk's counter letter (``ppdesk.gui.letters.service_letter_source``): the PDF with
the PIN exists for the moment it is read, registered as a staging file meanwhile (so a
crash leaves nothing the next start would not remove), and the stale-folder sweep works
on every platform (SECURITY.md 39). Both engines."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from ppdesk.domain.errors import VerificationRequired
from ppdesk.domain.roles import Role
from ppdesk.gui.letters import LETTER_DIR_PREFIX, service_letter_source, sweep_stale_letter_dirs
from tests.support.family import make_family
from tests.support.flows import verify, verify_and_issue
from tests.support.seed import staff_with_role


class WatchedFiles:
    """The real file ports, noting what is registered as staging and whether the file
    and its marker exist at that moment."""

    def __init__(self, real: Any, registry: Path) -> None:
        self.real, self.registry = real, registry
        self.seen: list[tuple[str, Path]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def register_staging(self, path: Path) -> None:
        self.real.register_staging(path)
        self.seen.append(("register", path))

    def unregister_staging(self, path: Path) -> None:
        marked = [json.loads(m.read_text())["path"] for m in self.registry.glob("*.json")]
        self.seen.append(("unregister", path))
        assert str(path.resolve()) in marked  # registered until the very end
        self.real.unregister_staging(path)


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_letter_file_is_registered_while_it_exists_and_then_gone(
    app, tmp_path: Path, system_temp: Path
) -> None:
    registry = tmp_path / "data" / "staging"
    files = WatchedFiles(app.files, registry)
    app.files = files
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app, guardians=1)
    verify_and_issue(app, paa, fam.link_ids[0])
    assert verify(app, paa, fam.link_ids[0]).passed
    source = service_letter_source(app)

    pdf = source(paa, fam.link_ids[0])

    assert pdf.startswith(b"%PDF")
    (kind, path), (kind2, path2) = [s for s in files.seen if s[1].name == "pin-letter.pdf"]
    assert (kind, kind2) == ("register", "unregister") and path == path2
    assert path.parent.parent == system_temp and path.parent.name.startswith(LETTER_DIR_PREFIX)
    assert not path.exists() and list(system_temp.iterdir()) == []
    assert list(registry.glob("*.json")) == []


def test_a_refused_letter_leaves_no_file_and_no_registration(
    app, tmp_path: Path, system_temp: Path
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app, guardians=1)
    source = service_letter_source(app)
    with pytest.raises(VerificationRequired):
        source(paa, fam.link_ids[0])
    assert list(system_temp.iterdir()) == []
    assert list((tmp_path / "data" / "staging").glob("*.json")) == []


def test_stale_letter_folders_are_swept_without_posix_user_ids(
    system_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = system_temp / f"{LETTER_DIR_PREFIX}old"
    fresh = system_temp / f"{LETTER_DIR_PREFIX}fresh"
    other = system_temp / "someone-elses-folder"
    for folder in (old, fresh, other):
        folder.mkdir()
    an_hour_ago = time.time() - 3600
    for folder in (old, other):
        os.utime(folder, (an_hour_ago, an_hour_ago))
    monkeypatch.delattr(os, "getuid", raising=False)  # as on Windows

    assert sweep_stale_letter_dirs() == 1

    assert sorted(p.name for p in system_temp.iterdir()) == [fresh.name, other.name]
