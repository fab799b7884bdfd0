"""Static page parts drawn once as PDF form XObjects and placed on every page.

A ``Group`` is laid out once (its height known before drawing) and drawn with its top-left
corner at the origin, y growing upwards, so it can become a form: the letterhead, the
instructions and the QR code cost their drawing commands once per PDF, not once per page.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class Group:
    """Something static to place: ``draw`` paints it with its top-left at (0, 0)."""

    width: float
    height: float
    draw: Callable[[Canvas], None]


class FormCache:
    """Builds each group once per document, turns it into a form, and places it."""

    def __init__(self, canv: Canvas, *, use_forms: bool = True) -> None:
        self.canv = canv
        self.use_forms = use_forms
        self._groups: dict[Hashable, Group] = {}
        self._forms: dict[Hashable, str] = {}

    def group(self, key: Hashable, build: Callable[[], Group]) -> Group:
        """The laid-out group for ``key``, built on first use."""
        found = self._groups.get(key)
        if found is None:
            found = self._groups[key] = build()
        return found

    def place(self, key: Hashable, build: Callable[[], Group], x: float, top: float) -> float:
        """Draw the group with its top-left at (x, top); returns its height."""
        group = self.group(key, build)
        canv = self.canv
        if not self.use_forms:
            canv.saveState()
            canv.translate(x, top)
            group.draw(canv)
            canv.restoreState()
            return group.height
        name = self._forms.get(key)
        if name is None:
            name = f"ppd{len(self._forms)}"
            canv.beginForm(
                name, lowerx=-2, lowery=-group.height - 2, upperx=group.width + 2, uppery=2
            )
            group.draw(canv)
            canv.endForm()
            self._forms[key] = name
        canv.saveState()
        canv.translate(x, top)
        canv.doForm(name)
        canv.restoreState()
        return group.height
