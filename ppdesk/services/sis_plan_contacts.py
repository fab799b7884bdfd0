"""Emergency contacts: replaced per student, touching only the contacts that changed.

A contact's ``updated_at`` feeds the "new emergency contact" report (a contact added
just before a PIN request deserves a second look), so an unchanged contact is never
rewritten: contacts are matched exactly first, then by name (a changed phone or
relationship is an update), and only the rest are added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ppdesk.domain.sis import SisEmergencyContact, SisSnapshot
from ppdesk.domain.text import fold
from ppdesk.services.sis_state import ContactState, DbState, contacts_digest

#: Students whose stored contacts are read and compared at a time (those that differ).
ROW_BATCH = 2000


@dataclass
class ContactChanges:
    """The emergency-contact part of an import's plan; ``sis_plan.Plan`` takes it over."""

    new: list[SisEmergencyContact] = field(default_factory=list)
    updates: list[tuple[int, SisEmergencyContact]] = field(default_factory=list)
    removals: list[int] = field(default_factory=list)
    #: The contacts removed, as they are (for the emergency contact report).
    removed: list[ContactState] = field(default_factory=list)
    #: (action, student number, changed fields) in the order they were planned
    notes: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)

    def note(self, action: str, number: str, fields: tuple[str, ...] = ()) -> None:
        self.notes.append((action, number, fields))


def plan_contacts(snapshot: SisSnapshot, state: DbState) -> ContactChanges:
    """Plan the emergency-contact changes of the snapshot's students.

    A snapshot without any emergency contact (no emergency_contacts.csv, no
    EmergencyContacts sheet) leaves every contact as it is. Otherwise a full import
    sets the contacts of each of its students (none listed: none kept), and a delta
    those of the students it lists contacts for.
    """
    changes = ContactChanges()
    if not snapshot.emergency_contacts:
        return changes
    wanted: dict[str, list[SisEmergencyContact]] = {}
    for contact in snapshot.emergency_contacts:
        listed = wanted.setdefault(contact.student_id, [])
        if contact not in listed:
            listed.append(contact)
    numbers = [s.student_id for s in snapshot.students] if snapshot.full else list(wanted)
    keys = state.students
    # First each student's contacts against the digest of those stored; the stored rows
    # of students that differ are then read a batch at a time.
    differ: list[str] = []  # numbers only: on a first import, every student
    for number in numbers:
        at = keys.find(number)
        held = None if at is None else state.contact_digest(keys.id_at(at))
        given = wanted.get(number)
        if held is None and not given:
            continue
        if (
            held is not None
            and given
            and held == contacts_digest((c.name, c.phone, c.relationship) for c in given)
        ):
            continue  # the same contacts: nothing to do
        differ.append(number)
    del numbers
    for start in range(0, len(differ), ROW_BATCH):
        batch = differ[start : start + ROW_BATCH]
        ids = {number: keys.id_at(at) for number in batch if (at := keys.find(number)) is not None}
        rows = state.contact_rows(list(ids.values()))
        for number in batch:
            student_id = ids.get(number)
            existing = rows.get(student_id, []) if student_id is not None else []
            _student(changes, number, wanted.get(number, []), existing)
    return changes


def _student(
    changes: ContactChanges,
    number: str,
    wanted: list[SisEmergencyContact],
    existing: list[ContactState],
) -> None:
    if not wanted and not existing:
        return
    left = list(existing)
    todo: list[SisEmergencyContact] = []
    for contact in wanted:
        same = next(
            (
                c
                for c in left
                if (c.name, c.phone, c.relationship)
                == (contact.name, contact.phone, contact.relationship)
            ),
            None,
        )
        if same is None:
            todo.append(contact)
        else:
            left.remove(same)
    for contact in todo:
        key = fold(contact.name)
        renamed = next((c for c in left if fold(c.name) == key), None)
        if renamed is None:
            changes.new.append(contact)
            changes.note("add", number)
            continue
        left.remove(renamed)
        changes.updates.append((renamed.id, contact))
        fields = tuple(
            name
            for name, old, new in (
                ("name", renamed.name, contact.name),
                ("phone", renamed.phone, contact.phone),
                ("relationship", renamed.relationship, contact.relationship),
            )
            if old != new
        )
        changes.note("update", number, fields)
    for stale in left:
        changes.removals.append(stale.id)
        changes.removed.append(stale)
        changes.note("remove", number)
