"""The whole-run PIN leak guard itself can fail."""

from __future__ import annotations

import logging

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.pin import generate_pin
from tests.conftest import _guard


def test_guard_catches_a_pin_in_a_log_record_and_an_error_message() -> None:
    pin = generate_pin()
    logging.getLogger("ppdesk.test").warning("issued %s", pin.display)
    ValidationError(f"bad {pin.canonical.lower()}")
    assert len(_guard.leaks()) == 2
    _guard.reset()  # so this test's own teardown passes
