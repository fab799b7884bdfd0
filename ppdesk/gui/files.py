"""File dialogs that never open a file to look at it, and never start in the data folder.

Why: on Linux, Qt's and the desktop's file dialogs open every file they list (and every path
typed into them) to sniff its type for an icon or a "Type" column. POSIX advisory locks belong
to the process and are released when *any* descriptor of the file is closed, so a dialog that
lists the folder holding the SQLite file silently drops the desk's locks on the database, its
WAL and its shared-memory file. Another process (the ``ppdesk`` command) can then delete the
WAL the desk is still writing to, and committed rows are lost at the next checkpoint.

So every file dialog of the desk comes from here:

* Qt's own dialog (``DontUseNativeDialog``): a desktop's native dialog sniffs as it pleases;
* an icon provider (:class:`NameOnlyIconProvider`) that decides icon and type from the name
  and ``stat`` only, never from the contents, and ``DontUseCustomDirectoryIcons`` (no
  ``.directory`` files read);
* a start folder that is never the data folder or the database's folder
  (:func:`start_folder`); Qt's "last visited folder" is never used.

Nothing else in the desk lists folders, makes thumbnails, keeps recent files or handles a
dropped file (a file dropped on a text field gives its name only): checked by
``tests/gui/test_file_dialog_locks.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QStandardPaths
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QStyle, QWidget

_private: list[Path] = []


def set_private_folders(folders: Iterable[Path]) -> None:
    """The folders holding the database and key files: a dialog never starts there."""
    _private[:] = [_resolved(f) for f in folders]


def private_folders() -> list[Path]:
    return list(_private)


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except OSError:
        return path.expanduser().absolute()


def is_private(folder: Path) -> bool:
    """True when ``folder`` is a private folder or inside one."""
    folder = _resolved(folder)
    return any(folder == p or p in folder.parents for p in _private)


def start_folder() -> Path:
    """Documents, else the home folder, else the file system root; never a private folder."""
    candidates = [
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and not is_private(Path(candidate)):
            return Path(candidate)
    return Path(Path.home().anchor or "/")


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name and ``stat`` alone: never opens a file.

    Qt's default provider asks the MIME database, which reads a file's first bytes whenever
    its name does not settle the type (``school.db``, ``ppdesk.sqlite3-wal``, ``-shm``).
    The dialog's file-information thread calls it, so icons and words are made once, here,
    on the GUI thread; the methods only hand out copies. One provider lives as long as the
    program (:func:`icon_provider`): a dialog does not own its provider.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)
        style = QApplication.style()
        pixmap = QStyle.StandardPixmap
        self._file = style.standardIcon(pixmap.SP_FileIcon)
        self._icons = {
            QFileIconProvider.IconType.Drive: style.standardIcon(pixmap.SP_DriveHDIcon),
            QFileIconProvider.IconType.Folder: style.standardIcon(pixmap.SP_DirIcon),
            QFileIconProvider.IconType.Computer: style.standardIcon(pixmap.SP_ComputerIcon),
        }
        self._drive = QCoreApplication.translate("FileDialogs", "Drive")
        self._folder = QCoreApplication.translate("FileDialogs", "Folder")
        self._typed = QCoreApplication.translate("FileDialogs", "%1 file")
        self._plain = QCoreApplication.translate("FileDialogs", "File")

    def icon(self, what: object) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            if what.isDir():
                return QIcon(self._icons[QFileIconProvider.IconType.Folder])
            return QIcon(self._file)
        return QIcon(self._icons.get(what, self._file))  # type: ignore[call-overload]

    def type(self, info: QFileInfo) -> str:
        if info.isRoot():
            return self._drive
        if info.isDir():
            return self._folder
        suffix = info.suffix()
        return self._typed.replace("%1", suffix.upper()) if suffix else self._plain


_provider: list[NameOnlyIconProvider] = []


def icon_provider() -> NameOnlyIconProvider:
    """The one provider every dialog uses (made on first use, on the GUI thread)."""
    if not _provider:
        _provider.append(NameOnlyIconProvider())
    return _provider[0]


def make_dialog(
    parent: QWidget | None,
    caption: str,
    *,
    filters: str = "",
    suggested_name: str = "",
    mode: QFileDialog.FileMode = QFileDialog.FileMode.AnyFile,
    save: bool = False,
    confirm_overwrite: bool = True,
) -> QFileDialog:
    """A Qt file dialog with the safe options, in :func:`start_folder`."""
    dialog = QFileDialog(parent, caption, str(start_folder()), filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    if not confirm_overwrite:
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    dialog.setIconProvider(icon_provider())
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    if suggested_name:
        dialog.selectFile(suggested_name)
    return dialog


def _run(dialog: QFileDialog) -> tuple[str, str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return "", ""
        chosen = dialog.selectedFiles()
        return (chosen[0] if chosen else ""), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def save_file_name(
    parent: QWidget | None,
    caption: str,
    suggested_name: str,
    filters: str,
    *,
    confirm_overwrite: bool = True,
) -> tuple[str, str]:
    """``(path, chosen filter)`` for a file to write; ``("", "")`` when cancelled."""
    dialog = make_dialog(
        parent,
        caption,
        filters=filters,
        suggested_name=suggested_name,
        save=True,
        confirm_overwrite=confirm_overwrite,
    )
    return _run(dialog)


def open_file_name(parent: QWidget | None, caption: str, filters: str) -> str:
    """The path of an existing file to read; ``""`` when cancelled."""
    dialog = make_dialog(parent, caption, filters=filters, mode=QFileDialog.FileMode.ExistingFile)
    return _run(dialog)[0]


def existing_folder(parent: QWidget | None, caption: str) -> str:
    """The path of an existing folder; ``""`` when cancelled."""
    dialog = make_dialog(parent, caption, mode=QFileDialog.FileMode.Directory)
    return _run(dialog)[0]
