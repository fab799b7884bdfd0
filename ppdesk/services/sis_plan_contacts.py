"""Emergency contacts: replaced per student, touching only the contacts that changed.

A contact's ``updated_at`` feeds the "new emergency contact" report (a contact added
just before a PIN request deserves a second look), so an unchanged contact is never
rewritten: contacts are matched exactly first, then by name (a changed phone or
relationship is an update), and only the rest are added or removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ppdesk.domain.sis import SisEmergencyContact, SisSnapshot
from ppdesk.domain.text import fold
from ppdesk.services.sis_state import ContactState, DbState

if TYPE_CHECKING:
    from ppdesk.services.sis_plan import Plan


def plan_contacts(plan: Plan, snapshot: SisSnapshot, state: DbState) -> None:
    """Plan the emergency-contact changes of the snapshot's students.

    A snapshot without any emergency contact (no emergency_contacts.csv, no
    EmergencyContacts sheet) leaves every contact as it is. Otherwise a full import
    sets the contacts of each of its students (none listed: none kept), and a delta
    those of the students it lists contacts for.
    """
    if not snapshot.emergency_contacts:
        return
    wanted: dict[str, list[SisEmergencyContact]] = {}
    for contact in snapshot.emergency_contacts:
        listed = wanted.setdefault(contact.student_id, [])
        if contact not in listed:
            listed.append(contact)
    numbers = [s.student_id for s in snapshot.students] if snapshot.full else list(wanted)
    for number in numbers:
        current = state.students.get(number)
        existing = state.contacts.get(current.id, []) if current is not None else []
        _student(plan, number, wanted.get(number, []), existing)


def _student(
    plan: Plan,
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
            plan.new_contacts.append(contact)
            plan.note("emergency_contact", "add", number)
            continue
        left.remove(renamed)
        plan.contact_updates.append((renamed.id, contact))
        fields = tuple(
            name
            for name, old, new in (
                ("name", renamed.name, contact.name),
                ("phone", renamed.phone, contact.phone),
                ("relationship", renamed.relationship, contact.relationship),
            )
            if old != new
        )
        plan.note("emergency_contact", "update", number, fields)
    for stale in left:
        plan.remove_contacts.append(stale.id)
        plan.note("emergency_contact", "remove", number)
