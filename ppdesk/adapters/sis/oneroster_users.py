"""users.csv: students, guardians (parent, guardian, relative) and staff.

OneRoster 1.1 puts each user's role and orgs on the users.csv row; 1.2 moves them to
roles.csv (read first into ``Roster.roles``). Links are not resolved here: every
agentSourcedIds cell is kept on its draft until all users are known (``Roster.owners``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ppdesk.adapters.sis import oneroster_common as c
from ppdesk.adapters.sis.csvio import CsvTable
from ppdesk.adapters.sis.oneroster_fast import CACHE_MAX, QuickUsers, role_set
from ppdesk.adapters.sis.problems import RowCheck
from ppdesk.adapters.sis.values import check_staff_name, clean_language, clean_login
from ppdesk.domain import sis
from ppdesk.domain.errors import ValidationError

USERS_KNOWN = (
    "status",
    "dateLastModified",
    "enabledUser",
    "orgSourcedIds",
    "role",
    "userIds",
    "middleName",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "password",
    "userMasterIdentifier",
    "resourceSourcedIds",
    "preferredGivenName",
    "preferredMiddleName",
    "preferredFamilyName",
    "primaryOrgSourcedId",
    "pronouns",
    c.META_VERIFIED,
    c.META_RELATIONSHIP,
    c.META_PREFERRED_LANGUAGE,
    c.META_WORK_PHONE,
    c.META_ADDRESS,
    c.META_HOME_LANGUAGE,
    c.META_STUDENT_PIN,
)
USERS_REQUIRED = ("sourcedId", "username", "givenName", "familyName", "identifier", "grades")


class _Row:
    """One users.csv row, for short value look-ups by canonical column name.

    ``at`` maps each canonical column to its index; a column the file lacks maps to
    the extra "" that ``read_users`` appends to every row, so look-ups need no test.
    ``cache`` holds, per column, values already checked and their (interned) result:
    a pure rule gives the same answer for the same text, and a repeated name is then
    one string in memory rather than one per row.
    """

    __slots__ = ("at", "cache", "check", "labels", "line", "table", "values")

    def __init__(
        self,
        table: CsvTable,
        shared: tuple[dict[str, int], dict[str, str], dict[str, dict[str, Any]]],
        line: int,
        values: list[str],
        check: RowCheck,
    ) -> None:
        self.table, self.line, self.values, self.check = table, line, values, check
        self.at, self.labels, self.cache = shared

    def raw(self, column: str) -> str:
        return self.values[self.at[column]]

    def rule(self, rule: Any, column: str, **kwargs: Any) -> Any:
        """Apply a domain rule to the column's value (reported, None on failure)."""
        label = self.labels[column]
        try:
            return rule(self.values[self.at[column]], field=label, **kwargs)
        except ValidationError as exc:
            self.check.report(exc, label)
            return None

    def optional(self, rule: Any, column: str) -> Any:
        """Like ``rule`` for an optional value: blank is None without calling the rule."""
        raw = self.values[self.at[column]]
        if not raw or raw.isspace():
            return None
        label = self.labels[column]
        try:
            return rule(raw, field=label)
        except ValidationError as exc:
            self.check.report(exc, label)
            return None

    def quick(self, quick: Any, rule: Any, column: str) -> Any:
        """``optional(rule, column)``, through ``quick`` (a ``sis.quick_*``) first."""
        raw = self.values[self.at[column]]
        if not raw:
            return None
        return quick(raw) or self.optional(rule, column)

    def cached(self, rule: Any, column: str, **kwargs: Any) -> Any:
        """``rule(column)`` (``optional`` unless ``required``), remembered per value."""
        raw = self.values[self.at[column]]
        cache = self.cache[column]
        got = cache.get(raw)
        if got is not None:
            return got
        if kwargs.get("required"):
            got = self.rule(rule, column, **kwargs)
        else:
            got = self.optional(rule, column)
        if got is not None and len(cache) < CACHE_MAX:
            cache[raw] = got
        return got


def read_users(roster: c.Roster, *, layout: str) -> None:
    """Read users.csv into the roster (``layout`` "1.1": role column; "1.2": roles.csv)."""
    required = USERS_REQUIRED + (("role", "orgSourcedIds") if layout == "1.1" else ())
    table = roster.table("users.csv", required=required, known=USERS_KNOWN)
    if table is None:
        return
    dedupe = c.Deduper(table, "sourcedId", "sourcedId")
    skip = table.position("dateLastModified")
    names = (*USERS_REQUIRED, *USERS_KNOWN)
    absent = len(table.header)  # the "" appended to each row
    at = {name: table.position(name) for name in names}
    shared: tuple[dict[str, int], dict[str, str], dict[str, dict[str, Any]]] = (
        {name: absent if index is None else index for name, index in at.items()},
        {name: table.label(name) for name in names},
        {name: {} for name in names},
    )
    sid_at = shared[0]["sourcedId"]
    status_at = shared[0]["status"]
    roster.agents_column = table.label("agentSourcedIds")
    log, file = roster.log, table.name
    quick = QuickUsers(roster, table, dedupe, shared[0], shared[2]) if layout == "1.1" else None
    for line, values in table.rows():
        values.append("")
        if quick is not None and quick.take(line, values):
            continue
        row = _Row(table, shared, line, values, RowCheck(log, file, line))
        sid = sis.quick_id(values[sid_at]) or row.rule(sis.clean_id, "sourcedId")
        if not isinstance(sid, str):
            continue
        roles, orgs = _roles_and_orgs(roster, row, sid, layout)
        status = values[status_at]
        if status and status.strip().lower() == "tobedeleted":
            _deleted(roster, row, sid, roles)
            continue
        if not dedupe.first(sid, line, values, skip):
            continue
        if "student" in roles:
            _student(roster, row, sid, orgs)
        elif roles & c.GUARDIAN_ROLES or roles & c.STAFF_ROLE_HINTS.keys():
            if roles & c.GUARDIAN_ROLES:
                _guardian(roster, row, sid, roles)
            if roles & c.STAFF_ROLE_HINTS.keys():
                _staff(roster, row, sid, roles, orgs)
        else:
            roster.others.add(sid)
            unknown = roles - c.OTHER_ROLES
            if unknown or not roles:
                what = f"the role {sis.show(', '.join(sorted(unknown)))}" if roles else "no role"
                row.check.warning(
                    table.label("role") if layout == "1.1" else None,
                    f"user {sis.show(sid)} has {what}; ppdesk imports students, parents, "
                    "guardians, relatives, teachers and administrators. Row skipped.",
                )
    if table.row_count == 0:
        roster.log.error(table.name, "holds no users (only a header).")
    for sid in dedupe.conflicted:
        roster.quiet.add(sid)
        roster.students.pop(sid, None)
        roster.guardians.pop(sid, None)
        roster.staff.pop(sid, None)
    students = ((sid, d.student_id, d.line) for sid, d in roster.students.items())
    for sid in _duplicates(roster, table, "student ID", "identifier", students):
        del roster.students[sid]
    staff = ((sid, s.username, roster.staff_lines[sid]) for sid, s in roster.staff.items())
    for sid in _duplicates(roster, table, "username", "username", staff):
        del roster.staff[sid]


def _roles_and_orgs(
    roster: c.Roster, row: _Row, sid: str, layout: str
) -> tuple[frozenset[str], list[str]]:
    if layout == "1.1":
        return role_set(row.raw("role")), c.split_list(row.raw("orgSourcedIds"))
    entries = roster.roles.get(sid, [])
    roles = frozenset(role for _, role, _ in entries)
    # Orgs of the roles that decide what the user is: a teacher who is also a parent
    # at another school works only at the teacher's school.
    wanted = "student" if "student" in roles else None
    if wanted is None and roles & c.STAFF_ROLE_HINTS.keys():
        orgs = [org for _, role, org in entries if org and role in c.STAFF_ROLE_HINTS]
    else:
        orgs = [org for _, role, org in entries if org and (wanted is None or role == wanted)]
    primary = row.raw("primaryOrgSourcedId").strip()
    if primary and (not orgs or primary in orgs):
        orgs.insert(0, primary)
    return roles, list(dict.fromkeys(orgs))


def _deleted(roster: c.Roster, row: _Row, sid: str, roles: frozenset[str]) -> None:
    roster.quiet.add(sid)
    if roster.full:
        return  # a bulk file lists what exists; a tobedeleted row there is just skipped
    if "student" in roles:
        student_id = row.rule(sis.clean_id, "identifier")
        if student_id:
            roster.deleted_students.append(student_id)
    elif roles & c.GUARDIAN_ROLES:
        roster.deleted_guardians.append(sid)
    if roles & c.STAFF_ROLE_HINTS.keys():
        username = row.rule(clean_login, "username")
        if username:
            roster.deleted_staff.append(username)


def _school_of(roster: c.Roster, row: _Row, orgs: list[str]) -> tuple[str, str] | None:
    if len(orgs) == 1:  # the usual case, without the lists below
        org = roster.orgs.get(orgs[0])
        if org is not None and org.school is not None:
            return orgs[0], org.school.code
    column = row.table.label("orgSourcedIds" if row.table.has("orgSourcedIds") else "role")
    schools = [(sid, roster.orgs[sid]) for sid in orgs if sid in roster.orgs]
    schools = [(sid, org) for sid, org in schools if org.school is not None]
    if not schools:
        missing = [sid for sid in orgs if sid not in roster.orgs and sid not in roster.quiet]
        if missing:
            row.check.error(column, f"no school with sourcedId {sis.show(missing[0])} in orgs.csv.")
        elif not any(sid in roster.quiet for sid in orgs):
            row.check.error(column, "the student belongs to no school in orgs.csv.")
        else:
            row.check.failed = True  # the school itself was rejected and reported
        return None
    sid, org = schools[0]
    assert org.school is not None
    if len(schools) > 1:
        row.check.warning(
            column,
            f"the student is listed at {len(schools)} schools; the first, "
            f"{org.school.code}, is used.",
        )
    return sid, org.school.code


def _grade(roster: c.Roster, row: _Row, sid: str) -> str | None:
    column = row.table.label("grades")
    grades = c.split_list(row.raw("grades"))
    if len(grades) == 1 and sis.is_pre_k_grade(grades[0]):
        roster.quiet.add(sid)
        row.check.warning(
            column,
            f"grade {grades[0]} is before TK; the Parent Portal does not serve it, "
            "so the student is skipped.",
        )
        return None
    if len(grades) > 1 and len({sis.grade_code(g) for g in grades}) > 1:
        row.check.error(column, f"a student has one grade, not {sis.show(', '.join(grades))}.")
        return None
    grade = row.check.value(sis.canonical_grade, column, grades[0] if grades else "")
    cache = row.cache["grades"]
    if grade is not None and len(cache) < CACHE_MAX:
        cache[row.raw("grades")] = grade  # a pure result with nothing reported
    return grade


def _student(roster: c.Roster, row: _Row, sid: str, orgs: list[str]) -> None:
    student_id = sis.quick_id(row.raw("identifier")) or row.rule(sis.clean_id, "identifier")
    first = row.cached(sis.clean_name, "givenName", required=True)
    last = row.cached(sis.clean_name, "familyName", required=True)
    grade = row.cache["grades"].get(row.raw("grades")) or _grade(roster, row, sid)
    if grade is None and not row.check.failed:
        return  # pre-K: skipped with its warning
    school = _school_of(roster, row, orgs)
    phone = row.quick(sis.quick_phone, sis.clean_phone, "phone")
    if phone is None and not row.raw("phone").strip():
        phone = row.quick(sis.quick_phone, sis.clean_phone, "sms")
    email = row.quick(sis.quick_email, sis.clean_email, "email")
    address = row.optional(sis.clean_address, c.META_ADDRESS)
    pin = row.quick(sis.quick_id, sis.clean_id, c.META_STUDENT_PIN)
    language = row.cached(clean_language, c.META_HOME_LANGUAGE)
    if row.check.failed or school is None or grade is None:
        roster.quiet.add(sid)
        return
    agents = row.raw("agentSourcedIds")
    if agents:
        roster.owners.append(sid)
    roster.students[sid] = c.StudentDraft(
        row.line,
        student_id,
        school[1],
        school[0],
        first,
        last,
        grade,
        address,
        phone,
        email,
        pin,
        language,
        agents,
    )


def _guardian(roster: c.Roster, row: _Row, sid: str, roles: frozenset[str]) -> None:
    role = sorted(roles & c.GUARDIAN_ROLES)[0]
    first = row.cached(sis.clean_name, "givenName", required=True)
    last = row.cached(sis.clean_name, "familyName", required=True)
    relationship = row.cached(sis.clean_short, c.META_RELATIONSHIP) or role.capitalize()
    flag = row.raw(c.META_VERIFIED).strip()
    if flag:
        verified = row.rule(sis.parse_flag, c.META_VERIFIED)
    else:
        verified = roster.verified_from_role and role in ("parent", "guardian")
    email = row.quick(sis.quick_email, sis.clean_email, "email")
    home = row.quick(sis.quick_phone, sis.clean_phone, "phone")
    work = row.quick(sis.quick_phone, sis.clean_phone, c.META_WORK_PHONE)
    cell = row.quick(sis.quick_phone, sis.clean_phone, "sms")
    language = row.cached(clean_language, c.META_PREFERRED_LANGUAGE)
    if row.check.failed:
        roster.quiet.add(sid)
        return
    agents = row.raw("agentSourcedIds")
    if agents:
        roster.owners.append(sid)
    roster.guardians[sid] = c.GuardianDraft(
        row.line,
        sid,
        first,
        last,
        email,
        home,
        work,
        cell,
        language,
        relationship,
        bool(verified),
        agents,
    )


def _staff(roster: c.Roster, row: _Row, sid: str, roles: frozenset[str], orgs: list[str]) -> None:
    username = row.rule(clean_login, "username")
    first = row.rule(sis.clean_name, "givenName", required=True)
    last = row.rule(sis.clean_name, "familyName", required=True)
    email = row.optional(sis.clean_email, "email")
    too_long = check_staff_name(first, last)
    if too_long:
        row.check.error(row.table.label("familyName"), too_long)
    hints = [c.STAFF_ROLE_HINTS[r] for r in sorted(roles) if r in c.STAFF_ROLE_HINTS]
    role = "principal" if "principal" in hints else "teacher" if "teacher" in hints else hints[0]
    codes = [
        org.school.code
        for org in (roster.orgs.get(o) for o in orgs)
        if org is not None and org.school is not None
    ]
    codes = list(dict.fromkeys(codes))
    if row.check.failed:
        roster.quiet.add(sid)
        return
    roster.staff_lines[sid] = row.line
    roster.staff[sid] = sis.SisStaff(
        username,
        first,
        last,
        email,
        codes[0] if codes else None,
        role,
        tuple(codes[1:]),
    )


def _duplicates(
    roster: c.Roster,
    table: CsvTable,
    what: str,
    column: str,
    entries: Iterable[tuple[str, str, int]],
) -> set[str]:
    """Users sharing a student ID (or username): each pair is an error; all are dropped."""
    first_of: dict[str, tuple[str, int]] = {}
    drop: set[str] = set()
    for sid, value, line in entries:
        other = first_of.setdefault(value, (sid, line))
        if other[0] != sid:
            drop.update((sid, other[0]))
            roster.log.error(
                table.name,
                f"{what} {sis.show(value)} is also used by the user on line {other[1]}.",
                line=line,
                column=table.label(column),
            )
    roster.quiet.update(drop)
    return drop
