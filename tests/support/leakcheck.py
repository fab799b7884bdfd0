"""Whole-run guard (SECURITY.md check 17): no PIN ever appears in a log record or in the
message of a domain error, in any test.

Every ``Pin`` built during a test (generated, parsed, decrypted) is remembered; every log
record and every ``DomainError`` message produced during that test is checked against
them in the test's teardown.
"""

from __future__ import annotations

import logging

from ppdesk.domain import errors, pin


class Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a broken log call must not hide the check
            text = str(record.msg)
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.texts.append(text)


class LeakGuard:
    def __init__(self) -> None:
        self.pins: set[str] = set()
        self.messages: list[str] = []
        self.handler = Collector()
        self._orig_post_init = pin.Pin.__post_init__ if hasattr(pin.Pin, "__post_init__") else None
        self._orig_error_init = errors.DomainError.__init__

    def install(self) -> None:
        guard = self
        orig_post = self._orig_post_init

        def post_init(self_pin: pin.Pin) -> None:
            if orig_post is not None:
                orig_post(self_pin)
            guard.pins.add(self_pin.canonical)

        def error_init(self_err: errors.DomainError, *args: object, **kwargs: object) -> None:
            guard._orig_error_init(self_err, *args, **kwargs)
            guard.messages.append(str(self_err))

        pin.Pin.__post_init__ = post_init  # type: ignore[method-assign]
        errors.DomainError.__init__ = error_init  # type: ignore[method-assign]
        logging.getLogger().addHandler(self.handler)

    def reset(self) -> None:
        self.pins.clear()
        self.messages.clear()
        self.handler.texts.clear()

    def leaks(self) -> list[str]:
        """Every log record or error message holding a PIN of this test, in its canonical or
        display form (``XXX-XXX-XXX``), in upper or lower case.

        Each text is read once, window by window (9 characters for the canonical form, 11
        for the display form), each window looked up among the test's PINs: the cost
        follows the texts' length, not texts times PINs (a test that draws 200,000 PINs
        paid a second in its teardown for building their 800,000 forms)."""
        found = []
        for where, texts in (("log", self.handler.texts), ("error message", self.messages)):
            for text in texts:
                hits = _pin_forms_in(text, self.pins) if self.pins else set()
                found += [f"a PIN appeared in a {where}: {text[:80]!r}"] * len(hits)
        return found


def _canonical_of(window: str, pins: set[str]) -> bool:
    """Whether ``window`` (9 characters) is a PIN of ``pins`` or its lower-case form."""
    return window in pins or (
        window == window.lower() and window.upper() in pins and window.upper().lower() == window
    )


def _pin_forms_in(text: str, pins: set[str]) -> set[str]:
    """The distinct PIN forms in ``text``: canonical, lower case, display, display lower."""
    found = {text[i : i + 9] for i in range(len(text) - 8) if _canonical_of(text[i : i + 9], pins)}
    for i in range(len(text) - 10):
        window = text[i : i + 11]
        compact = window[:3] + window[4:7] + window[8:]
        if window[3] == window[7] == "-" and _canonical_of(compact, pins):
            found.add(window)
    return found
