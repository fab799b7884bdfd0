"""The layout of ppdesk's own import template: sheets, columns, kinds of values.

One description serves the blank-template writer and the reader, so the file office
staff fill in and the file ppdesk reads cannot drift apart. docs/import.md documents
the same layout for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from ppdesk.domain.sis import GRADES

# Kinds of column. An "id" kind must stay text: a number cell may have lost zeros.
ID = "id"
PIN = "pin"
USERNAME = "username"
NAME = "name"
SHORT = "short"
ADDRESS = "address"
PHONE = "phone"
EMAIL = "email"
URL = "url"
DATE = "date"
GRADE = "grade"
FLAG = "flag"
ROLE = "role"
TEXT_KINDS = frozenset({ID, PIN, USERNAME, PHONE})

YES_NO = ("Yes", "No")
ROLE_CHOICES = ("Teacher", "Office staff", "Assistant principal", "Principal")
GRADE_CHOICES = GRADES


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a template sheet."""

    header: str
    kind: str
    required: bool = False
    note: str = ""
    width: int = 16


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of the template (or one CSV file of the same name)."""

    name: str
    columns: tuple[Column, ...]
    required: bool
    note: str


SCHOOLS = Sheet(
    "Schools",
    (
        Column("School Code", ID, True, "The district's school code, as text (keep zeros)."),
        Column("School Name", NAME, True, width=32),
        Column("Address", ADDRESS, note="May span several lines.", width=36),
        Column("Phone", PHONE),
        Column("Principal", NAME, width=24),
        Column("Local District", NAME, width=20),
        Column("Portal URL", URL, note="https://... printed on PIN letters.", width=36),
    ),
    True,
    "One row per school.",
)
STUDENTS = Sheet(
    "Students",
    (
        Column("Student ID", ID, True, "District student ID, as text (leading zeros kept)."),
        Column("School Code", ID, True, "A School Code from the Schools sheet."),
        Column("First Name", NAME, True, width=20),
        Column("Last Name", NAME, True, width=20),
        Column("Date of Birth", DATE, True, "A date cell, or text as YYYY-MM-DD."),
        Column("Grade", GRADE, True, "TK, K, 1 to 12.", width=8),
        Column("Homeroom Teacher", USERNAME, note="A Username from the Staff sheet.", width=20),
        Column("Address", ADDRESS, width=36),
        Column("Phone", PHONE),
        Column("Student Email", EMAIL, width=30),
        Column("Student PIN", PIN, note="The student's own (MyMail) PIN, if known.", width=12),
        Column("Home Language", SHORT),
    ),
    True,
    "One row per student.",
)
GUARDIANS = Sheet(
    "Guardians",
    (
        Column("Student ID", ID, True, "A Student ID from the Students sheet."),
        Column("Guardian ID", ID, True, "Your SIS's ID of this person; same ID on each row."),
        Column("First Name", NAME, True, "May be left blank on further rows of the same ID.", 20),
        Column("Last Name", NAME, True, "May be left blank on further rows of the same ID.", 20),
        Column("Relationship", SHORT, note="Mother, Father, Grandmother, ..."),
        Column(
            "Verified Parent/Legal Guardian",
            FLAG,
            True,
            "Yes only when MiSiS lists this person as the verified parent and legal "
            "guardian of this student (REF-6363.1 section III). Blank means No.",
            18,
        ),
        Column("Email", EMAIL, width=30),
        Column("Home Phone", PHONE),
        Column("Work Phone", PHONE),
        Column("Cell Phone", PHONE),
        Column("Preferred Language", SHORT),
        Column("Contact Preference", SHORT, note="Cell, Home, Work, Email or Text."),
        Column(
            "Text Opt-In",
            FLAG,
            note="Yes when the guardian agreed to text messages. Leave the column out to "
            "keep what ppdesk has.",
        ),
    ),
    False,
    "One row per student and guardian: a parent of two students has two rows with the "
    "same Guardian ID.",
)
EMERGENCY_CONTACTS = Sheet(
    "EmergencyContacts",
    (
        Column("Student ID", ID, True, "A Student ID from the Students sheet."),
        Column("Name", NAME, True, width=28),
        Column("Phone", PHONE, True),
        Column("Relationship", SHORT),
    ),
    False,
    "One row per emergency contact of a student.",
)
STAFF = Sheet(
    "Staff",
    (
        Column("Username", USERNAME, True, "The staff member's district login.", 20),
        Column("First Name", NAME, True, width=20),
        Column("Last Name", NAME, True, width=20),
        Column("Email", EMAIL, width=30),
        Column("School Code", ID, note="Repeat the row for each school the person works at."),
        Column("Role", ROLE, note="Teacher, Office staff, Assistant principal or Principal."),
    ),
    False,
    "One row per staff member and school.",
)

SHEETS: tuple[Sheet, ...] = (SCHOOLS, STUDENTS, GUARDIANS, EMERGENCY_CONTACTS, STAFF)


def header_key(text: object) -> str:
    """Compare headers loosely: case, spaces, punctuation, a "(note)" and "*" do not count."""
    value = str(text or "")
    if "(" in value:
        value = value.split("(", 1)[0]
    return "".join(ch for ch in value.lower() if ch.isalnum())
