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
        forms: set[str] = set()
        for canonical in self.pins:
            display = "-".join(canonical[i : i + 3] for i in range(0, 9, 3))
            forms |= {canonical, canonical.lower(), display, display.lower()}
        found = []
        for where, texts in (("log", self.handler.texts), ("error message", self.messages)):
            for text in texts:
                for form in forms:
                    if form in text:
                        found.append(f"a PIN appeared in a {where}: {text[:80]!r}")
        return found
