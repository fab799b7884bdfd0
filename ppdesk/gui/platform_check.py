"""Before Qt starts on Linux/X11: are the system libraries of Qt's xcb plugin installed?

Without them Qt aborts with "could not load the Qt platform plugin xcb" and a hint that
names the wrong library. This check (no Qt import) names the missing libraries and the
packages to install, and ppdesk exits with code 69 (see ``ppdesk.cli.exit_codes``).

The bundle leaves Qt's Wayland plugin out (to stay under 200 MB): on a Wayland session the desk
runs on X11 through XWayland, chosen here so that Qt does not first look for the plugin
and warn that it is missing.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package)
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb() -> bool:
    """Linux, a display, and a platform that is (or defaults to) xcb."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def _qt_plugin_dirs(env: Mapping[str, str]) -> list[Path]:
    """Where Qt looks for plugins: ``QT_PLUGIN_PATH``, then PySide6's own folder."""
    dirs = [Path(d) for d in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if d]
    spec = importlib.util.find_spec("PySide6")  # the package only: Qt itself is not loaded
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "Qt" / "plugins")
    return dirs


def has_wayland_plugin(env: Mapping[str, str] = os.environ) -> bool:
    return any(list((d / "platforms").glob("*qwayland*")) for d in _qt_plugin_dirs(env))


def xcb_instead_of_wayland(
    env: Mapping[str, str] = os.environ, has_wayland: Callable[[], bool] | None = None
) -> bool:
    """A Wayland session with X11 beside it (XWayland), no platform chosen by the user and
    no Wayland plugin (the bundle): Qt should start on xcb straight away."""
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return False
    if not (env.get("WAYLAND_DISPLAY") and env.get("DISPLAY")):
        return False
    if has_wayland is None:
        return not has_wayland_plugin(env)
    return not has_wayland()


def choose_platform(env: MutableMapping[str, str] = os.environ) -> None:
    """Set ``QT_QPA_PLATFORM=xcb`` when ``xcb_instead_of_wayland``; otherwise nothing."""
    if xcb_instead_of_wayland(env):
        env["QT_QPA_PLATFORM"] = "xcb"


def missing_libraries(loads: Callable[[str], bool] | None = None) -> list[str]:
    loads = loads or _loads
    return [soname for soname in XCB_LIBRARIES if not loads(soname)]


def message(missing: list[str]) -> str:
    debian = sorted({XCB_LIBRARIES[s][0] for s in missing})
    fedora = sorted({XCB_LIBRARIES[s][1] for s in missing})
    return (
        "ppdesk cannot start its window: Qt's X11 (xcb) platform needs system libraries "
        f"that are missing: {', '.join(missing)}.\n"
        f"  Debian/Ubuntu: sudo apt-get install {' '.join(debian)}\n"
        f"  Fedora:        sudo dnf install {' '.join(fedora)}\n"
        "(README, 'Install', lists them. Commands such as `ppdesk selftest` work without.)"
    )


def check_or_exit(loads: Callable[[str], bool] | None = None) -> None:
    """Exit 69 with a message naming the packages when the xcb libraries are missing."""
    if not uses_xcb():
        return
    missing = missing_libraries(loads)
    if missing:
        print(message(missing), file=sys.stderr)
        sys.exit(69)  # exit_codes.EX_UNAVAILABLE (not imported: keep this module light)


if __name__ == "__main__":
    check_or_exit()
