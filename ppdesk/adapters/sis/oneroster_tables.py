"""OneRoster files other than users.csv: orgs, roles, demographics, homerooms, contacts."""

from __future__ import annotations

from datetime import date
from typing import Any

from ppdesk.adapters.sis import oneroster_common as c
from ppdesk.adapters.sis.csvio import CsvTable
from ppdesk.adapters.sis.problems import RowCheck
from ppdesk.adapters.sis.values import clean_district
from ppdesk.domain import sis
from ppdesk.domain.text import SHORT_MAX


def read_orgs(roster: c.Roster) -> None:
    """orgs.csv: every org; the ones of type school become ``SisSchool``s."""
    known = ("status", "dateLastModified", "identifier", "parentSourcedId", c.META_ADDRESS,
             c.META_PHONE, c.META_PRINCIPAL, c.META_LOCAL_DISTRICT, c.META_PORTAL_URL)  # fmt: skip
    table = roster.table("orgs.csv", required=("sourcedId", "name", "type"), known=known)
    if table is None:
        return
    dedupe = c.Deduper(table, "sourcedId", "sourcedId")
    skip = table.position("dateLastModified")
    label = table.label
    for line, values in table.rows():
        check = RowCheck(roster.log, table.name, line)

        def value(
            rule: Any,
            column: str,
            check: RowCheck = check,
            values: list[str] = values,
            **kwargs: Any,
        ) -> Any:
            return check.value(rule, label(column), c.cell(table, values, column), **kwargs)

        sid = value(sis.clean_id, "sourcedId")
        if sid is None or c.is_deleted(table, values):
            continue
        if not dedupe.first(sid, line, values, skip):
            continue
        org_type = c.cell(table, values, "type").strip().lower()
        name = value(sis.clean_name, "name", required=True)
        parent = c.cell(table, values, "parentSourcedId").strip() or None
        org = c.Org(line, org_type, name or "", parent)
        if org_type == "school":
            code = value(sis.clean_id, "identifier")
            if code is None and not check.failed:
                check.error(label("identifier"), "a school needs its school code here.")
            school = sis.SisSchool(
                code=code or "",
                name=name or "",
                address=value(sis.clean_address, c.META_ADDRESS),
                phone=value(sis.clean_phone, c.META_PHONE),
                principal=value(sis.clean_name, c.META_PRINCIPAL),
                local_district=value(clean_district, c.META_LOCAL_DISTRICT),
                portal_url=value(sis.clean_url, c.META_PORTAL_URL),
            )
            if check.failed:
                roster.quiet.add(sid)
                continue
            org.school = school
        roster.orgs[sid] = org
    for sid in dedupe.conflicted:
        roster.orgs.pop(sid, None)
        roster.quiet.add(sid)
    _fill_local_districts(roster, table.label("name"))
    _check_school_codes(roster, table)


def _fill_local_districts(roster: c.Roster, name_label: str) -> None:
    # The local district is the nearest ancestor org of type "local", else (an export
    # with no local districts) the nearest of type "district", unless the school row
    # names one itself. A school left with none is a warning: only its principal or an
    # administrator of every school can import it then.
    reported: set[int] = set()
    for org in roster.orgs.values():
        school = org.school
        if school is None or school.local_district is not None:
            continue
        ancestor = _nearest(roster, org, "local") or _nearest(roster, org, "district")
        if ancestor is None:
            roster.log.warning(
                roster.files.label("orgs.csv"),
                f"school {school.code} has no local district (no org of type local or "
                f"district above it, and no {c.META_LOCAL_DISTRICT}); only its principal "
                "or an administrator of every school can import it.",
                line=org.line,
            )
            continue
        if len(ancestor.name) > SHORT_MAX:
            _long_district(roster, ancestor, reported, name_label)
            continue
        org.school = sis.SisSchool(
            school.code,
            school.name,
            school.address,
            school.phone,
            school.principal,
            ancestor.name,
            school.portal_url,
        )


def _nearest(roster: c.Roster, org: c.Org, org_type: str) -> c.Org | None:
    parent, hops = org.parent, 0
    while parent is not None and parent in roster.orgs and hops < 20:
        ancestor = roster.orgs[parent]
        if ancestor.type == org_type:
            return ancestor
        parent, hops = ancestor.parent, hops + 1
    return None


def _long_district(roster: c.Roster, org: c.Org, reported: set[int], label: str) -> None:
    if org.line in reported:
        return
    reported.add(org.line)
    roster.log.error(
        roster.files.label("orgs.csv"),
        f"the local district name {sis.show(org.name)} is longer than {SHORT_MAX} "
        f"characters; name it in {c.META_LOCAL_DISTRICT} on its schools' rows instead.",
        line=org.line,
        column=label,
    )


def _check_school_codes(roster: c.Roster, table: CsvTable) -> None:
    by_code: dict[str, c.Org] = {}
    for sid, org in list(roster.orgs.items()):
        if org.school is None:
            continue
        other = by_code.get(org.school.code)
        if other is not None:
            roster.log.error(
                table.name,
                f"school code {org.school.code!r} is also used on line {other.line}.",
                line=org.line,
                column=table.label("identifier"),
            )
            del roster.orgs[sid]
            roster.quiet.add(sid)
            continue
        by_code[org.school.code] = org
    if not by_code:
        roster.log.error(table.name, "holds no org of type school.")


def read_roles(roster: c.Roster) -> None:
    """roles.csv (OneRoster 1.2): each user's roles, primary first."""
    table = roster.table(
        "roles.csv",
        required=("userSourcedId", "roleType", "role", "orgSourcedId"),
        known=(
            "sourcedId",
            "status",
            "dateLastModified",
            "userProfileSourcedId",
            "beginDate",
            "endDate",
        ),
    )
    if table is None:
        return
    seen: dict[tuple[str, str, str], int] = {}
    for line, values in table.rows():
        if c.is_deleted(table, values):
            continue
        user = c.cell(table, values, "userSourcedId").strip()
        role = c.cell(table, values, "role").strip().lower()
        org = c.cell(table, values, "orgSourcedId").strip()
        role_type = c.cell(table, values, "roleType").strip().lower()
        if not user or not role:
            roster.log.error(table.name, "userSourcedId and role are required.", line=line)
            continue
        key = (user, role, org)
        if key in seen:
            roster.log.warning(
                table.name,
                f"repeats the role on line {seen[key]}; the repeat is ignored.",
                line=line,
                column=table.label("role"),
            )
            continue
        seen[key] = line
        entries = roster.roles.setdefault(user, [])
        entry = (role_type, role, org)
        if role_type == "primary":
            entries.insert(0, entry)
        else:
            entries.append(entry)


def read_demographics(roster: c.Roster) -> None:
    """demographics.csv: the students' dates of birth."""
    table = roster.table("demographics.csv", required=("sourcedId", "birthDate"), known=_DEMO_KNOWN)
    if table is None:
        return
    dedupe = c.Deduper(table, "sourcedId", "sourcedId")
    skip = table.position("dateLastModified")
    sid_at, dob_at = table.position("sourcedId"), table.position("birthDate")
    assert sid_at is not None and dob_at is not None
    dob_label = table.label("birthDate")
    students = roster.students
    status_at = table.position("status")
    # Dates that parsed with no doubt (pure, given today): a district's students share
    # a few thousand birth dates, and then one date object each.
    parsed: dict[str, date] = {}
    for line, values in table.rows():
        sid = values[sid_at].strip()
        draft = students.get(sid)
        if draft is None or (
            status_at is not None and values[status_at].strip().lower() == "tobedeleted"
        ):
            continue  # demographics of parents and staff are not needed
        if not dedupe.first(sid, line, values, skip):
            continue
        known = parsed.get(values[dob_at])
        if known is not None:
            draft.dob = known
            continue
        check = RowCheck(roster.log, table.name, line)
        dob = check.value(sis.parse_birth_date, dob_label, values[dob_at], today=roster.today)
        if dob is None:
            roster.quiet.add(sid)
            continue
        doubt = sis.birth_date_doubt(dob, today=roster.today)
        if doubt:
            check.warning(dob_label, doubt)
        elif len(parsed) < 50_000:
            parsed[values[dob_at]] = dob
        draft.dob = dob
    for sid in dedupe.conflicted:
        roster.quiet.add(sid)
        students[sid].dob = None


_DEMO_KNOWN = (
    "status",
    "dateLastModified",
    "sex",
    "americanIndianOrAlaskaNative",
    "asian",
    "blackOrAfricanAmerican",
    "nativeHawaiianOrOtherPacificIslander",
    "white",
    "demographicRaceTwoOrMoreRaces",
    "hispanicOrLatinoEthnicity",
    "countryOfBirthCode",
    "stateOfBirthAbbreviation",
    "cityOfBirth",
    "publicSchoolResidenceStatus",
)
