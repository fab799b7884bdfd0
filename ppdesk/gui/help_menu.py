"""The Help menu: the school's support contacts, the district's quick
guides and trainings (reference guide sections XI and XII) as links, and ppdesk's own short
guide to the counter flow. Pure presentation: the data is in ``ppdesk.domain.help``."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ppdesk.domain.help import COUNTER_GUIDE, GUIDE_LINKS, PACE_TEAMS, support_contacts


class HelpMenu(QObject):
    """Adds "Help" to ``window``'s menu bar. ``last_dialog`` is the message box shown last."""

    def __init__(self, window: QMainWindow, settings: Any) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.last_dialog: QMessageBox | None = None
        self.opened: list[str] = []  # links opened, in order (tests read it)
        menu = window.menuBar().addMenu(self.tr("&Help"))
        menu.setObjectName("helpMenu")
        self.menu = menu
        menu.addAction(self.tr("&Support contacts…"), self.show_contacts)
        menu.addAction(self.tr("&Counter guide…"), self.show_counter_guide)
        guides = menu.addMenu(self.tr("&Quick guides and trainings"))
        for title, url in GUIDE_LINKS:
            guides.addAction(title, lambda u=url: self.open_link(u))

    def open_link(self, url: str) -> None:
        self.opened.append(url)
        QDesktopServices.openUrl(QUrl(url))

    def _show(self, title: str, text: str) -> None:
        box = QMessageBox(self.window)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setAccessibleDescription(
            self.tr("Close this message.")
        )
        box.open()
        self.last_dialog = box

    def show_contacts(self) -> None:
        c = support_contacts(self.settings)
        rows = [
            (
                self.tr("Parent engagement at this school"),
                c.parent_engagement or self.tr("not set (Settings)"),
            ),
            (self.tr("IT help desk"), c.it_help_desk),
            (self.tr("Parent Portal hotline"), c.portal_hotline),
        ]
        text = "".join(f"<p><b>{html.escape(k)}</b>: {html.escape(v)}</p>" for k, v in rows)
        text += (
            "<p><b>"
            + html.escape(self.tr("Trainings: your Local District's PACE team"))
            + "</b></p><ul>"
        )
        text += "".join(
            f"<li>{html.escape(name)} {html.escape(phone)} <a href='{url}'>{url}</a></li>"
            for name, phone, url in PACE_TEAMS
        )
        self._show(self.tr("Support contacts"), text + "</ul>")

    def show_counter_guide(self) -> None:
        steps = "".join(f"<p>{html.escape(step)}</p>" for step in COUNTER_GUIDE)
        self._show(self.tr("Counter guide"), steps)
