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


WAYLAND_SESSION = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}


def test_a_wayland_session_uses_xwayland_when_qt_has_no_wayland_plugin(monkeypatch) -> None:
    """Issue 22, point 8: the bundle leaves the Wayland plugin out; the desk picks xcb itself
    rather than letting Qt look for the plugin and warn."""
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    env = dict(WAYLAND_SESSION)
    assert platform_check.xcb_instead_of_wayland(env, has_wayland=lambda: False)
    assert not platform_check.xcb_instead_of_wayland(env, has_wayland=lambda: True)
    assert not platform_check.xcb_instead_of_wayland(
        {"WAYLAND_DISPLAY": "wayland-0"}, has_wayland=lambda: False
    )  # no XWayland: Qt's own message is the right one
    assert not platform_check.xcb_instead_of_wayland({"DISPLAY": ":0"}, has_wayland=lambda: False)
    assert not platform_check.xcb_instead_of_wayland(
        {**env, "QT_QPA_PLATFORM": "wayland"}, has_wayland=lambda: False
    )  # the user's choice stands
    monkeypatch.setattr(platform_check.sys, "platform", "win32")
    assert not platform_check.xcb_instead_of_wayland(env, has_wayland=lambda: False)


def test_the_wayland_plugin_is_looked_for_where_qt_looks(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    # PySide6 from PyPI carries the plugin: nothing changes outside the bundle.
    assert platform_check.has_wayland_plugin({})
    env = dict(WAYLAND_SESSION)
    platform_check.choose_platform(env)
    assert "QT_QPA_PLATFORM" not in env
    # A plugin folder named by QT_PLUGIN_PATH counts too.
    (tmp_path / "platforms").mkdir()
    (tmp_path / "platforms" / "libqwayland.so").write_bytes(b"")
    monkeypatch.setattr(platform_check.importlib.util, "find_spec", lambda _name: None)
    assert not platform_check.has_wayland_plugin({})
    assert platform_check.has_wayland_plugin({"QT_PLUGIN_PATH": str(tmp_path)})
    platform_check.choose_platform(env)
    assert env["QT_QPA_PLATFORM"] == "xcb"


def test_the_desk_entry_point_chooses_xcb_before_qt(monkeypatch) -> None:
    import ppdesk.gui.app as app_module

    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    for name, value in WAYLAND_SESSION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(platform_check, "has_wayland_plugin", lambda env: False)
    monkeypatch.setattr(platform_check, "_loads", lambda soname: True)
    seen: list[str | None] = []

    class Stop(Exception):
        pass

    def ensure_application(*_a: object) -> None:
        seen.append(platform_check.os.environ.get("QT_QPA_PLATFORM"))
        raise Stop

    monkeypatch.setattr(app_module, "ensure_application", ensure_application)
    with pytest.raises(Stop):
        app_module.main([])
    assert seen == ["xcb"]
