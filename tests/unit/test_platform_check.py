"""Issue 22, point 3: on a Linux machine without Qt's xcb libraries the desk names the
missing libraries and the packages to install, and exits 69, before Qt starts."""

from __future__ import annotations

import pytest

from ppdesk.gui import platform_check


def test_missing_libraries_are_named_with_their_packages(monkeypatch, capsys) -> None:
    monkeypatch.setattr(platform_check, "uses_xcb", lambda: True)
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    with pytest.raises(SystemExit) as stopped:
        platform_check.check_or_exit(lambda soname: soname not in absent)
    assert stopped.value.code == 69
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in err
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in err
    assert "dnf install xcb-util-keysyms xcb-util-wm" in err


def test_nothing_is_checked_offscreen_or_when_everything_is_there(monkeypatch) -> None:
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not platform_check.uses_xcb()
    platform_check.check_or_exit(lambda _s: False)  # offscreen needs no xcb
    monkeypatch.setattr(platform_check, "uses_xcb", lambda: True)
    platform_check.check_or_exit(lambda _s: True)


def test_the_desk_entry_point_checks_before_qt(monkeypatch, capsys) -> None:
    """``ppdesk`` with a display runs the check before any QApplication exists."""
    import ppdesk.gui.app as app_module

    monkeypatch.setattr(platform_check, "uses_xcb", lambda: True)  # Qt itself stays offscreen
    monkeypatch.setattr(platform_check, "_loads", lambda soname: "icccm" not in soname)
    created: list[object] = []
    monkeypatch.setattr(app_module, "ensure_application", lambda *a: created.append(a))
    with pytest.raises(SystemExit) as stopped:
        app_module.main([])
    assert stopped.value.code == 69 and created == []
    assert "libxcb-icccm4" in capsys.readouterr().err


def test_this_machine_has_the_libraries_ci_installs() -> None:
    """.ci/run installs them; the check agrees (it would fail the desk tests otherwise)."""
    assert platform_check.missing_libraries() == []
