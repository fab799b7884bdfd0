"""users.csv's quick path reads exactly what the general way reads, messages included.

``QuickUsers.take`` inlines the value rules for plain rows and hands every other row to
the general way. The test reads one messy set twice, with the quick path and with it
turned off, and compares the whole snapshot (records and problems, in order).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.sis import oneroster_fast
from ppdesk.adapters.sis.oneroster import read_oneroster
from tests.fixtures.sis.helpers import copy_set, read_rows, write_rows

TODAY = date(2025, 1, 15)

#: (column, value) changes, each tried on a student row and on a guardian row. Rows with
#: the plain values come first, so the caches are full when the messy ones arrive.
MESSY = [
    ("givenName", " Ana "), ("givenName", "Ana\t"), ("givenName", "An\na"), ("givenName", "Ana\x00"),
    ("givenName", "   "), ("givenName", "A" * 101), ("givenName", "=HYPERLINK(\"x\")"),
    ("givenName", "Zoë"), ("givenName", "Zoe\u0308"), ("familyName", "López "),
    ("familyName", ""), ("sourcedId", "has space"), ("sourcedId", " "), ("sourcedId", "x" * 41),
    ("identifier", "0012 3"), ("identifier", ""), ("identifier", "\u00a0123"),
    ("phone", "555"), ("phone", "  "), ("phone", "(213) 555-0100\n"), ("phone", "+1 213 555 0100 ext 99999999999"),
    ("phone", "２１３５５５０１００"), ("sms", "213-555-0199"), ("sms", "12"),
    ("phone", "555-012"), ("sms", "555-0123\r"), ("email", "a@b.co\n"), ("email", "a@b.co\x7f"),
    ("email", "nobody"), ("email", " a@b.co "), ("email", "a@b.co\t"), ("email", "ü@b.co"),
    ("metadata.ppdesk.workPhone", "x"), ("metadata.ppdesk.workPhone", "213-555-0142"),
    ("metadata.ppdesk.verifiedLegalGuardian", "maybe"), ("metadata.ppdesk.verifiedLegalGuardian", " YES "),
    ("metadata.ppdesk.verifiedLegalGuardian", "0"), ("metadata.ppdesk.relationship", "  "),
    ("metadata.ppdesk.relationship", "Aunt"), ("metadata.ppdesk.relationship", "R" * 61),
    ("metadata.ppdesk.preferredLanguage", "Vietnamese-as-spoken-in-Hue"),
    ("metadata.ppdesk.preferredLanguage", " "), ("metadata.ppdesk.homeLanguage", "es-MX"),
    ("metadata.ppdesk.homeLanguage", "L" * 17), ("metadata.ppdesk.studentPin", "12 34"),
    ("metadata.ppdesk.studentPin", " 9911 "), ("metadata.ppdesk.address", "1 Main St\r\n\r\nLA"),
    ("metadata.ppdesk.address", "1 Main\x1b St"), ("metadata.ppdesk.address", " \n "),
    ("metadata.ppdesk.address", "A" * 301), ("grades", "3"), ("grades", "03,3"), ("grades", "PK"),
    ("grades", "13"), ("grades", ""), ("orgSourcedIds", "sch-1,sch-2"), ("orgSourcedIds", "nowhere"),
    ("orgSourcedIds", ""), ("role", "Parent"), ("role", " student "), ("role", "aide"),
    ("status", "tobedeleted"), ("status", " ToBeDeleted "), ("agentSourcedIds", "s-1, ,s-9"),
]  # fmt: skip


def _messy_set(tmp_path: Path) -> Path:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    rows = read_rows(users)
    header = rows[0]
    student = next(r for r in rows if r[0] == "s-1")
    guardian = next(r for r in rows if r[0] == "p-1")
    demographics = read_rows(folder / "demographics.csv")
    birth = next(r for r in demographics if r[0] == "s-1")
    added = []
    for n, (column, value) in enumerate([(None, None)] * 3 + MESSY):
        for kind, base in (("s", student), ("p", guardian)):
            row = list(base)
            row[0] = f"{kind}-q{n}"
            row[header.index("identifier")] = f"9{n:05d}" if kind == "s" else ""
            if column is not None:
                row[header.index(column)] = value
            if kind == "s":
                demographics.append([row[0], *birth[1:]])
            added.append(row)
    added.append(list(added[-1]))  # an exact repeat
    changed = list(added[-2])
    changed[header.index("givenName")] = "Other"
    added.append(changed)  # a conflicting repeat
    write_rows(users, rows + added)
    write_rows(folder / "demographics.csv", demographics)
    return folder


def test_the_quick_path_reads_a_messy_set_as_the_general_way_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _messy_set(tmp_path)
    taken: list[bool] = []
    take = oneroster_fast.QuickUsers.take

    def counting(self: oneroster_fast.QuickUsers, line: int, values: list[str]) -> bool:
        taken.append(took := take(self, line, values))
        return took

    monkeypatch.setattr(oneroster_fast.QuickUsers, "take", counting)
    quick = read_oneroster(folder, today=TODAY)
    assert sum(taken) > len(MESSY) // 2  # the quick path did read many rows
    assert not all(taken)
    monkeypatch.setattr(oneroster_fast.QuickUsers, "take", lambda self, line, values: False)
    general = read_oneroster(folder, today=TODAY)
    assert len(general.problems) > 40  # the set is messy indeed
    assert quick.problems == general.problems
    assert quick.students == general.students
    assert quick.guardians == general.guardians
    assert quick.links == general.links
    assert quick == general
