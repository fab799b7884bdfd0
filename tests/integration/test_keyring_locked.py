"""SECURITY.md 26: a keyring locked when ppdesk starts gives a clear message and no
traceback; once it is unlocked, ppdesk works without a restart.

On SQLite ppdesk opens with PIN features off and turns them on at the next PIN act after
the unlock. A shared PostgreSQL database's saved password is in the keyring too, so there
opening is refused with the message (the start-up dialog offers Retry) and the retry after
the unlock opens it with its keys, in the same process.
"""

from __future__ import annotations

import keyring
import keyring.errors
import pytest

from ppdesk import bootstrap
from ppdesk.adapters.db.models import ParentPin
from ppdesk.domain.errors import SecretsUnavailable
from ppdesk.domain.roles import Role
from ppdesk.services import pins
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.memory_keyring import LockableKeyring, MemoryKeyring
from tests.support.seed import add_school, staff_with_role


@pytest.fixture
def lockable(memory_keyring: MemoryKeyring) -> LockableKeyring:
    backend = LockableKeyring()
    keyring.set_keyring(backend)  # the memory_keyring fixture puts the original back
    return backend


def test_locked_keyring_is_a_message_then_unlocking_needs_no_restart(
    db_url: str, lockable: LockableKeyring
) -> None:
    first = bootstrap.open_app(database=db_url, create_keys=True)  # keys into the keyring
    assert first.ctx.keys is not None
    first.close()

    lockable.locked = True
    if not db_url.startswith("sqlite"):
        with pytest.raises(SecretsUnavailable, match="Unlock it and try again") as refused:
            bootstrap.open_app(database=db_url)
        assert refused.value.__cause__ is None and "locked" in str(refused.value)
        lockable.locked = False
        retried = bootstrap.open_app(database=db_url)  # the dialog's Retry
        assert retried.ctx.keys is not None
        retried.close()
        return
    rt = bootstrap.open_app(database=db_url)
    try:
        ctx = rt.ctx
        assert ctx.keys is None
        assert ctx.keys_problem is not None
        assert "locked" in ctx.keys_problem and "Unlock it and try again" in ctx.keys_problem
        add_school(ctx)
        paa = staff_with_role(ctx, Role.PARENT_ACCESS_ADMIN)
        fam = make_family(ctx, guardians=1)
        assert verify(ctx, paa, fam.link_ids[0]).passed
        with pytest.raises(SecretsUnavailable, match="locked") as refused:
            pins.issue_pin(ctx, paa, fam.link_ids[0], request_id="counter-1")
        assert refused.value.__cause__ is None and refused.value.__context__ is None
        with rt.engine.connect() as conn:
            assert conn.execute(ParentPin.__table__.select()).all() == []

        lockable.locked = False  # the user unlocks the keyring; ppdesk keeps running
        issued = pins.issue_pin(ctx, paa, fam.link_ids[0], request_id="counter-1")

        assert ctx.keys is not None and ctx.keys_problem is None
        assert pins.reveal_pin(ctx, paa, fam.link_ids[0]).display == issued.display
    finally:
        rt.close()
