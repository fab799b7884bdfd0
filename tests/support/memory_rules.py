"""What the service-rule tests on the in-memory unit of work share: the fixed instant, the
context a desk would have, and a signed-in session. The ``db`` and ``ctx`` fixtures built
from them are in ``tests/unit/conftest.py``."""

from __future__ import annotations

from datetime import UTC, datetime

from ppdesk.adapters.crypto import PinCrypto
from ppdesk.adapters.secrets import PinKeyMaterial
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import StaffRecord
from tests.support.memory_uow import MemoryDatabase

NOW = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)


def memory_context(db: MemoryDatabase) -> AppContext:
    """A desk's context on ``db``: a fresh PIN key, the database's own clock."""
    return AppContext(
        uow=db,
        workstation="desk-1",
        keys=PinCrypto(PinKeyMaterial.generate()),
        clock=lambda: db.now,
    )


def session_of(member: StaffRecord, *, at: datetime = NOW) -> StaffSession:
    """``member`` signed in at desk-1 at ``at``."""
    return StaffSession(member.id, member.username, member.display_name, "desk-1", at)
