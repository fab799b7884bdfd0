"""The file ports with the letter renderer wrapped, to see what is held while a letter is
drawn (no timing: the renderer itself says when it runs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Drawing:
    """``app.files`` with ``render_letters`` wrapped: ``during(...)`` runs while a letter is
    drawn (before the real renderer), and the engine's checked-out connections are noted
    then (``checked_out``). ``during`` may raise, as a renderer that fails would."""

    def __init__(self, real: Any, runtime: Any, during: Callable[[], Any] | None = None) -> None:
        self.real, self.runtime, self.during = real, runtime, during
        self.checked_out: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    @property
    def letters(self) -> Any:
        outer = self

        class _Letters:
            def __getattr__(self, name: str) -> Any:
                return getattr(outer.real.letters, name)

            def render_letters(self, *args: Any, **kwargs: Any) -> Any:
                outer.checked_out.append(outer.runtime.engine.pool.checkedout())
                if outer.during is not None:
                    outer.during()
                return outer.real.letters.render_letters(*args, **kwargs)

        return _Letters()
