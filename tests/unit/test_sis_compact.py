"""The compact tables an SIS import holds a district in (issue 16, point 3): the
database's student and guardian keys and links (``sis_state``), and the plan's changes
(``sis_plan.ChangeLog``). Each must read back exactly as the plain dict, list or tuple
it stands for."""

from __future__ import annotations

import pytest

from ppdesk.services.sis_plan import Change, ChangeLog, LinkWrite, link_key
from ppdesk.services.sis_state import (
    DigestsById,
    GuardianKey,
    GuardianKeys,
    LinkState,
    LinkTable,
    StudentKey,
    StudentKeys,
    digest,
)

D1, D2 = digest(("a",)), digest(("b",))


def test_student_keys_read_back_as_a_dict_of_keys() -> None:
    keys = StudentKeys()
    plain: dict[str, StudentKey] = {}
    for table in (keys, plain):
        table["0001"] = StudentKey(10, 3, True, D1, "k1", b"\x01\x02")
        table["0002"] = StudentKey(2**40, 4, False, D2, None, None)
        table["0001"] = StudentKey(11, 5, False, D2, None, b"")  # replaced in place
    keys.add("0003", 12, 6, True, D1, "k2", b"\xff")
    plain["0003"] = StudentKey(12, 6, True, D1, "k2", b"\xff")
    assert dict(keys.items()) == plain and list(keys) == list(plain) == ["0001", "0002", "0003"]
    assert len(keys) == 3 and "0002" in keys and "9999" not in keys
    assert keys["0002"] == StudentKey(2**40, 4, False, D2, None, None)
    assert type(keys["0002"].active) is bool and type(keys["0001"].digest) is bytes
    assert keys.get("9999") is None and keys.get("0003") == plain["0003"]
    del keys["0002"]
    assert list(keys) == ["0001", "0003"] and keys.get("0002") is None
    with pytest.raises(KeyError):
        keys["0002"]
    with pytest.raises(ValueError, match="16 bytes"):
        keys.add("0004", 13, 1, True, b"short", None, None)


def test_guardian_keys_read_back_as_a_dict_of_keys() -> None:
    keys = GuardianKeys()
    keys["g-1"] = GuardianKey(20, "g-1", True, D1, "text", True)
    keys["g-2"] = GuardianKey(21, "g-2", False, D2, None, False)
    keys.add("g-1", 22, False, D2, None, False)
    assert dict(keys.items()) == {
        "g-1": GuardianKey(22, "g-1", False, D2, None, False),
        "g-2": GuardianKey(21, "g-2", False, D2, None, False),
    }
    assert [k.id for k in keys.values()] == [22, 21]
    with pytest.raises(ValueError, match="own source id"):
        keys["g-3"] = GuardianKey(23, "g-4", True, D1, None, False)
    assert "g-3" not in keys and len(keys) == 2


def test_digests_by_id_read_back_as_a_dict() -> None:
    digests = DigestsById()
    plain: dict[int, bytes] = {}
    for table in (digests, plain):
        table[5] = D1
        table[9] = D2  # ascending: appended
        table[2**40] = D1
        table[7] = D2  # out of order: inserted in place
        table[1] = D1
        table[9] = D1  # replaced in place
        del table[5]
    assert digests == plain and dict(digests) == plain
    assert list(digests) == [1, 7, 9, 2**40] and len(digests) == 4
    assert digests.get(5) is None and digests.get(8) is None and digests[7] == D2
    with pytest.raises(KeyError):
        digests[5]
    with pytest.raises(ValueError):
        digests[3] = b"short"
    assert DigestsById(plain.items()) == plain


def test_a_link_table_reads_back_as_its_list() -> None:
    links = [
        LinkState(1, 10, 20, "Mother", True, True),
        LinkState(2, 10, 21, None, False, True),
        LinkState(3, 11, 20, "Aunt", True, False),
        LinkState(2**33, 12, 22, None, False, False),
    ]
    table = LinkTable(links)
    assert list(table) == links and len(table) == 4
    assert table[0] == links[0] and table[-1] == links[-1] and table[1:3] == links[1:3]
    assert all(type(x.verified) is bool and type(x.active) is bool for x in table)
    with pytest.raises(IndexError):
        table[4]
    assert list(LinkTable()) == []


def test_a_change_log_reads_back_as_its_changes_in_order() -> None:
    log = ChangeLog()
    assert log == () and log == [] and len(log) == 0 and list(log) == []
    new = LinkWrite("0001", "g-1", "Mother", True)
    expected = [
        Change("student", "add", "0001"),
        Change("student", "add", "0002"),
        Change("student", "update", "0003", ("grade",)),
        Change("student", "update", "0004", ("grade",)),
        Change("student", "update", "0005", ("grade", "address")),
        Change("link", "add", "0001/g-1"),
        Change("student", "add", "0006"),
        Change("pin", "revoke", "0001/g-2", ("student no longer in the SIS",)),
    ]
    for change in expected[:5]:
        log.add(change.kind, change.action, change.key, change.fields)
    log.add("link", "add", new, (), link_key)  # its key made when read
    log.add("student", "add", "0006")
    log.append(expected[-1])
    assert list(log) == expected and log == tuple(expected) and log == expected
    assert log != tuple(expected[:-1]) and log != [*expected[:-1], expected[0]]
    assert [log[i] for i in range(len(log))] == expected
    assert log[-3] == expected[-3] and log[2:6] == expected[2:6] and log[::-1] == expected[::-1]
    assert hash(log) == hash(tuple(expected))
    assert ChangeLog(expected) == log
    with pytest.raises(IndexError):
        log[8]
