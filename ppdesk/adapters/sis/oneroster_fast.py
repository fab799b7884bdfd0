"""The quick path of users.csv: a plain student or guardian row read in one step.

Most rows of a real export are plain: one role, one school, values that pass every
rule. ``QuickUsers.take`` reads such a row with the rules inlined
(one Python call per row instead of several per cell) and returns True; for any
other row, or at the first value that is not plainly valid, it returns False having
changed and reported nothing, and ``read_users`` reads the row the general way, so
every message stays exactly as it was. Checked values of columns that repeat (names,
grades, relationships, languages) are kept per column and shared with the general
way: a repeated name is then one string in memory.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from ppdesk.adapters.sis import oneroster_common as c
from ppdesk.adapters.sis.csvio import CsvTable
from ppdesk.domain import sis
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.text import EMAIL_MAX, PHONE_MAX

#: The most distinct values a per-column cache of checked values keeps.
CACHE_MAX = 50_000
#: Raw role cells and the role set each one gives (a pure mapping, shared by reads).
ROLE_SETS: dict[str, frozenset[str]] = {}
_TRUE = frozenset({"yes", "y", "true", "t", "1", "x"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})
_DROP_DIGITS = str.maketrans("", "", "0123456789")


def role_set(raw: str) -> frozenset[str]:
    """The roles a 1.1 ``role`` cell gives: {the role, trimmed, lower case} or none."""
    roles = ROLE_SETS.get(raw)
    if roles is None:
        role = raw.strip().lower()
        roles = frozenset({role} if role else ())
        if len(ROLE_SETS) < CACHE_MAX:
            ROLE_SETS[raw] = roles
    return roles


def _phone(raw: str) -> str | bool | None:
    """The phone (None when blank), or False: not plainly valid (``sis.quick_phone``)."""
    if not raw:
        return None
    if raw.isascii() and raw.isprintable():
        text = raw.strip()
        if not text:
            return None
        if len(text) <= PHONE_MAX and 7 <= len(text) - len(text.translate(_DROP_DIGITS)) <= 20:
            return text
    return False


def _email(raw: str) -> str | bool | None:
    """The e-mail (None when blank), or False: not plainly valid (``sis.quick_email``)."""
    if not raw:
        return None
    if raw.isascii() and raw.isprintable():
        text = raw.strip()
        if not text:
            return None
        if len(text) <= EMAIL_MAX and sis.EMAIL_FORM.fullmatch(text):
            return text
    return False


class QuickUsers:
    """Reads plain OneRoster 1.1 users.csv rows (see the module docstring).

    The cells a row needs are fetched with one ``itemgetter`` call per kind of row and
    the per-column caches are bound once, so a plain row costs few Python steps.
    """

    def __init__(
        self,
        roster: c.Roster,
        table: CsvTable,
        dedupe: c.Deduper,
        at: dict[str, int],
        caches: dict[str, dict[str, Any]],
    ) -> None:
        self.roster, self.table, self.dedupe = roster, table, dedupe
        self.skip = table.position("dateLastModified")
        self.address_label = table.label(c.META_ADDRESS)
        self.head = itemgetter(
            at["sourcedId"], at["status"], at["role"], at["givenName"], at["familyName"]
        )
        self.student_cells = itemgetter(
            at["identifier"], at["grades"], at["orgSourcedIds"], at["phone"], at["sms"],
            at["email"], at[c.META_STUDENT_PIN], at[c.META_HOME_LANGUAGE], at[c.META_ADDRESS],
            at["agentSourcedIds"],
        )  # fmt: skip
        self.guardian_cells = itemgetter(
            at[c.META_RELATIONSHIP], at[c.META_VERIFIED], at["email"], at["phone"],
            at[c.META_WORK_PHONE], at["sms"], at[c.META_PREFERRED_LANGUAGE],
            at["agentSourcedIds"],
        )  # fmt: skip
        #: School orgs by sourcedId: (the sourcedId, shared by all its students; the code).
        self.schools = {
            sid: (sid, org.school.code)
            for sid, org in roster.orgs.items()
            if org.school is not None
        }
        self.given, self.family = caches["givenName"], caches["familyName"]
        self.grades = caches["grades"]
        self.home_languages = caches[c.META_HOME_LANGUAGE]
        self.relationships = caches[c.META_RELATIONSHIP]
        self.preferred_languages = caches[c.META_PREFERRED_LANGUAGE]

    def take(self, line: int, values: list[str]) -> bool:
        """Read a plain row completely (True), or leave it untouched (False)."""
        raw_sid, status, raw_role, given, family = self.head(values)
        sid = sis.quick_id(raw_sid)
        if sid is None or (status and status.strip().lower() == "tobedeleted"):
            return False
        roles = ROLE_SETS.get(raw_role) or role_set(raw_role)
        if len(roles) != 1:
            return False
        first = self.given.get(given)
        last = self.family.get(family)
        if first is None or last is None:
            return False  # the general way checks them and fills the caches
        (role,) = roles
        if role == "student":
            return self._student(line, values, sid, first, last)
        if role in c.GUARDIAN_ROLES:
            return self._guardian(line, values, sid, role, first, last)
        return False

    def _student(self, line: int, values: list[str], sid: str, first: str, last: str) -> bool:
        (raw_id, raw_grade, orgs, raw_phone, raw_sms, raw_email, raw_pin, raw_language,
         address, agents) = self.student_cells(values)  # fmt: skip
        student_id = sis.quick_id(raw_id)
        grade = self.grades.get(raw_grade)
        school = None if "," in orgs else self.schools.get(orgs.strip())
        if student_id is None or grade is None or school is None:
            return False
        phone = _phone(raw_phone if raw_phone.strip() else raw_sms)
        email = _email(raw_email)
        if phone is False or email is False:
            return False
        pin = None
        if raw_pin := raw_pin.strip():
            pin = sis.quick_id(raw_pin)
            if pin is None:
                return False
        language = None
        if raw_language:
            language = self.home_languages.get(raw_language)
            if language is None and not raw_language.isspace():
                return False
        if address and not address.isspace():
            try:
                address = sis.clean_address(address, field=self.address_label)
            except ValidationError:
                return False
        else:
            address = None
        if not self.dedupe.first(sid, line, values, self.skip):
            return True
        if agents:
            self.roster.owners.append(sid)
        self.roster.students[sid] = c.StudentDraft(
            line,
            student_id,
            school[1],
            school[0],
            first,
            last,
            grade,
            address or None,
            phone,  # type: ignore[arg-type]  # not False: returned above
            email,  # type: ignore[arg-type]
            pin,
            language,
            agents,
        )
        return True

    def _guardian(
        self, line: int, values: list[str], sid: str, role: str, first: str, last: str
    ) -> bool:
        (raw_relationship, flag, raw_email, raw_home, raw_work, raw_cell, raw_language,
         agents) = self.guardian_cells(values)  # fmt: skip
        relationship = None
        if raw_relationship:
            relationship = self.relationships.get(raw_relationship)
            if relationship is None and not raw_relationship.isspace():
                return False
        if flag:
            flag = flag.strip().lower()
        if flag:
            if flag in _TRUE:
                verified = True
            elif flag in _FALSE:
                verified = False
            else:
                return False
        else:
            verified = self.roster.verified_from_role and role in ("parent", "guardian")
        email = _email(raw_email) if raw_email else None
        home = _phone(raw_home) if raw_home else None
        work = _phone(raw_work) if raw_work else None
        cell = _phone(raw_cell) if raw_cell else None
        if email is False or home is False or work is False or cell is False:
            return False
        language = None
        if raw_language:
            language = self.preferred_languages.get(raw_language)
            if language is None and not raw_language.isspace():
                return False
        if not self.dedupe.first(sid, line, values, self.skip):
            return True
        if agents:
            self.roster.owners.append(sid)
        self.roster.guardians[sid] = c.GuardianDraft(
            line,
            sid,
            first,
            last,
            email,  # type: ignore[arg-type]  # not False: returned above
            home,  # type: ignore[arg-type]
            work,  # type: ignore[arg-type]
            cell,  # type: ignore[arg-type]
            language,
            relationship or role.capitalize(),
            verified,
            agents,
        )
        return True


__all__ = ["CACHE_MAX", "QuickUsers", "role_set"]
