"""The in-memory unit of work stays true to the ports: every method it fakes exists on the
repository protocol with the same parameters (names, kinds, defaults, annotations) and the
same return annotation, so a port that changes makes this fail instead of letting the
fake drift; and it behaves as a transaction (nothing is kept without ``commit()``)."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import pytest

from ppdesk.domain.audit import AuditEntry
from ppdesk.services import ports
from tests.support import memory_uow

FAKES = {
    "staff": (memory_uow.MemoryStaff, ports.StaffRepository),
    "grants": (memory_uow.MemoryGrants, ports.GrantRepository),
    "schools": (memory_uow.MemorySchools, ports.SchoolRepository),
    "audit": (memory_uow.MemoryAudit, ports.AuditRepository),
    "people": (memory_uow.MemoryPeople, ports.PeopleRepository),
    "pins": (memory_uow.MemoryPins, ports.PinRepository),
    "status_requests": (memory_uow.MemoryStatusRequests, ports.StatusRequestRepository),
    "roster": (memory_uow.MemoryRoster, ports.RosterRepository),
    "sis": (memory_uow.MemorySis, ports.SisRepository),
    "keys": (memory_uow.MemoryKeys, ports.KeysRepository),
    "logins": (memory_uow.MemoryLogins, ports.LoginRepository),
}
# Not a repository of the unit of work: this workstation's key store.
OTHER_FAKES = {"key_store": (memory_uow.MemoryKeyStore, ports.KeyStore)}


def public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(cls).items()
        if callable(member) and not name.startswith("_")
    }


@pytest.mark.parametrize("repo", sorted(FAKES | OTHER_FAKES))
def test_every_faked_method_has_the_signature_of_its_port(repo: str) -> None:
    fake, port = (FAKES | OTHER_FAKES)[repo]
    faked, declared = public_methods(fake), public_methods(port)
    assert faked, f"{fake.__name__} fakes nothing"
    assert set(faked) <= set(declared), f"not in {port.__name__}: {set(faked) - set(declared)}"
    for name, signature in faked.items():
        assert str(signature) == str(declared[name]), f"{fake.__name__}.{name}"


def test_every_repository_of_the_unit_of_work_is_faked_or_refused() -> None:
    repositories = {
        name for name, member in vars(ports.UnitOfWork).items() if isinstance(member, property)
    }
    db = memory_uow.MemoryDatabase(datetime(2026, 3, 2, tzinfo=UTC))
    with db() as uow:
        for name in repositories:
            repo = getattr(uow, name)
            if name in FAKES:
                assert type(repo) is FAKES[name][0], name
            # A method the fake leaves out (or a repository it does not fake) fails loudly.
            with pytest.raises(NotImplementedError, match=f"uow.{name}.anything"):
                getattr(repo, "anything")  # noqa: B009 - the name is the point
        assert {name for name in repositories if hasattr(uow, name)} == repositories


def test_work_is_kept_only_when_committed() -> None:
    db = memory_uow.MemoryDatabase(datetime(2026, 3, 2, tzinfo=UTC))
    entry = AuditEntry("test")
    with db() as uow:
        uow.audit.append(entry, actor="a", actor_staff_id=None, workstation="w")
    assert db.tables.audit == []  # left without commit: rolled back
    with db() as uow:
        uow.audit.append(entry, actor="a", actor_staff_id=None, workstation="w")
        uow.commit()
        uow.audit.append(entry, actor="b", actor_staff_id=None, workstation="w")
    assert [row.actor for row in db.tables.audit] == ["a"]
    with db(readonly=True) as uow, pytest.raises(AssertionError, match="read-only"):
        uow.commit()
