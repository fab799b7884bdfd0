"""Issue 15, point 6 (second half): the emergency contact report also lists a guardian's
changed phone numbers (home, work, cell), changed contact preference and text opt-in, and
removed emergency contacts, each with the date (guide section VIII).

The data shape that broke it: a guardian with two children whose cell phone and text
opt-in change in the SIS, another whose contact preference changes, and an emergency
contact the SIS no longer lists. Both engines.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from ppdesk.adapters.db.models import ContactChange
from ppdesk.domain.roles import Role
from ppdesk.services import reports, sis_import
from tests.integration.test_import import all_, guardian, importer
from tests.integration.test_import_template import CONTACTS, fill
from tests.support.seed import add_staff, login

# Student ID, Guardian ID, First, Last, Relationship, Verified, Email, Home, Work, Cell,
# Preferred Language, Contact Preference, Text Opt-In
GUARDIANS = [
    ["000123", "G1", "María", "López", "Mother", "Yes", "maria@example.net", "213 555 0101",
     None, "(213) 555-0140", "es", "Text", "Yes"],
    ["000124", "G1", None, None, "Mother", "No"],
    ["000124", "G2", "Jorge", "Lopez", "Father", True, None, None, None, "213-555-0102", None,
     "Cell", None],
]  # fmt: skip
CHANGED = [
    # María: a new cell phone, and no more text messages; her home number only rewritten.
    ["000123", "G1", "María", "López", "Mother", "Yes", "maria@example.net", "(213) 555-0101",
     None, "(213) 555-0199", "es", "Text", "No"],
    ["000124", "G1", None, None, "Mother", "No"],
    # Jorge: now prefers e-mail.
    ["000124", "G2", "Jorge", "Lopez", "Father", True, None, None, None, "213-555-0102", None,
     "Email", None],
]  # fmt: skip
# Rosa Martinez is no longer Ana's emergency contact; her uncle is.
NEW_CONTACTS = [["000123", "Luis Martinez", "213-555-0131", "Uncle"]]


def _changes(ctx: Any, session: Any, since: datetime) -> list[tuple[str, ...]]:
    return [
        (c.student_id, c.contact_name, c.change, c.phone or "", c.was or "")
        for c in reports.emergency_contact_changes(ctx, session, since=since)
    ]


def test_point6_guardian_contact_changes_and_removed_contacts_are_reported(
    app: Any, runtime: Any, tmp_path: Path
) -> None:
    admin = importer(app)
    first = tmp_path / "first"
    first.mkdir()
    sis_import.apply_import(
        app,
        admin,
        fill(app, first, Guardians=GUARDIANS, EmergencyContacts=CONTACTS),
        kind="template",
    )
    maria = guardian(runtime, "G1")
    assert (maria.contact_preference, maria.text_opt_in) == ("Text", True)
    assert (guardian(runtime, "G2").contact_preference, guardian(runtime, "G2").text_opt_in) == (
        "Cell",
        False,  # the column is there and no row says Yes
    )
    # A first import writes no change rows: every guardian and contact is new.
    assert all_(runtime, select(ContactChange)) == []
    add_staff(app, "office", Role.OFFICE_STAFF, school_code="1234")
    office = login(app, "office")
    before = datetime.now(UTC) - timedelta(seconds=1)
    assert [c for c in _changes(app, office, before) if c[2] != "New"] == []

    second = tmp_path / "second"
    second.mkdir()
    sis_import.apply_import(
        app,
        admin,
        fill(app, second, Guardians=CHANGED, EmergencyContacts=NEW_CONTACTS),
        kind="template",
    )

    found = _changes(app, office, before)
    assert sorted(c for c in found if c[2] != "New") == sorted(
        [
            # María is listed under each of her children.
            ("000123", "María López", "Cell phone changed", "(213) 555-0199", "(213) 555-0140"),
            ("000124", "María López", "Cell phone changed", "(213) 555-0199", "(213) 555-0140"),
            ("000123", "María López", "Text opt-in changed", "No", "Yes"),
            ("000124", "María López", "Text opt-in changed", "No", "Yes"),
            ("000124", "Jorge Lopez", "Contact preference changed", "Email", "Cell"),
            ("000123", "Rosa Martinez", "Removed", "", "213-555-0130"),
        ]
    )
    assert ("000123", "Luis Martinez", "New", "213-555-0131", "") in found
    # Each change carries its date; the report's 'since' leaves out older ones.
    rows = reports.emergency_contact_changes(app, office, since=before)
    assert all(before <= r.changed_at <= datetime.now(UTC) for r in rows)
    assert _changes(app, office, datetime.now(UTC) + timedelta(minutes=1)) == []
    # The home number written another way ("213 555 0101" -> "(213) 555-0101") is no change.
    assert not any(c[2] == "Home phone changed" for c in found)

    # The export, read back with openpyxl: what changed and what it was.
    out = tmp_path / "contacts.xlsx"
    summary = reports.export_emergency_contacts(app, office, out, since=before)
    sheet = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in sheet if r and r[0] == "School")
    change, was = header.index("Change"), header.index("Was")
    body = sheet[sheet.index(header) + 1 :]
    assert summary.rows == len(body) == len(found)
    assert {(r[change], r[was]) for r in body} >= {
        ("Removed", "213-555-0130"),
        ("Contact preference changed", "Cell"),
        ("Text opt-in changed", "Yes"),
    }

    # The same import again changes nothing and reports nothing new.
    later = datetime.now(UTC)
    third = tmp_path / "third"
    third.mkdir()
    again = sis_import.apply_import(
        app,
        admin,
        fill(app, third, Guardians=CHANGED, EmergencyContacts=NEW_CONTACTS),
        kind="template",
    )
    assert again.counts.total == 0
    assert _changes(app, office, later) == []


def test_point6_a_source_without_contact_preferences_keeps_them(
    app: Any, runtime: Any, tmp_path: Path
) -> None:
    """A template whose Guardians sheet has no Contact Preference or Text Opt-In values on
    a row (OneRoster carries neither) leaves what the database holds, and reports nothing."""
    admin = importer(app)
    first = tmp_path / "first"
    first.mkdir()
    sis_import.apply_import(app, admin, fill(app, first, Guardians=GUARDIANS), kind="template")
    since = datetime.now(UTC)
    plain = [row[:11] for row in GUARDIANS]  # the two columns left empty
    second = tmp_path / "second"
    second.mkdir()
    sis_import.apply_import(app, admin, fill(app, second, Guardians=plain), kind="template")
    maria = guardian(runtime, "G1")
    # Contact preference is kept (a blank cell says nothing); the Text Opt-In column is
    # there and blank on every row, which the template defines as No.
    assert maria.contact_preference == "Text"
    assert maria.text_opt_in is False
    changes = all_(runtime, select(ContactChange))
    assert [(c.kind, c.old_value, c.new_value) for c in changes] == [("text_opt_in", "Yes", "No")]
    assert since <= max(
        r.changed_at
        for r in reports.emergency_contact_changes(app, importer(app, "admin2"), since=since)
    )
