"""Write an import plan: bulk inserts and updates in dependency order, PIN revocations, audit.

Called by ``sis_import.apply_import`` inside its transaction; the caller commits. Order:
schools, staff and their grants, students (homeroom teachers and schools exist by then),
guardians and their phones, links, emergency contacts, then the PINs of links that
ended or lost the verified flag, and the audit rows last (one per staff account
created, role granted and PIN revoked, then the ``sis_import`` summary).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import SecretsUnavailable
from ppdesk.domain.sis import SisGuardian, SisSnapshot
from ppdesk.domain.sis_status import CLOSE_ACTION
from ppdesk.domain.text import NAME_MAX, digits_only, fold
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import UnitOfWork
from ppdesk.services.sis_plan import (
    CONTACT_FIELDS,
    GUARDIAN_PHONES,
    LinkWrite,
    Plan,
    StudentWrite,
    zip_of,
)
from ppdesk.services.sis_rows import (
    ContactChange,
    ContactValues,
    GuardianPhone,
    GuardianUpdate,
    GuardianValues,
    LinkUpdate,
    Names,
    NewGrant,
    NewLink,
    NewStaff,
    RowStream,
    SearchNames,
    StudentUpdate,
    StudentValues,
)
from ppdesk.services.sis_state import GuardianState, KeyedIds

VERIFIED_SOURCE = "sis"


class _Ids:
    """SIS key -> row id after the write: the rows added now, then those the state holds.

    Not a dict of every student or guardian: building one made a ``StudentKey`` /
    ``GuardianKey`` for each of a district's rows (a no-change re-import spent ~2 s of CPU
    on it) and held ~20 MB; only the rows added are held here.
    """

    __slots__ = ("_keys", "_new")

    def __init__(self, keys: KeyedIds) -> None:
        self._keys = keys
        self._new: dict[str, int] = {}

    def add(self, key: str, id: int) -> None:
        self._new[key] = id

    def __getitem__(self, key: str) -> int:
        id = self._new.get(key)
        if id is not None:
            return id
        at = self._keys.find(key)
        if at is None:
            raise KeyError(key)
        return self._keys.id_at(at)


def write_plan(
    ctx: AppContext,
    uow: UnitOfWork,
    session: StaffSession,
    snapshot: SisSnapshot,
    plan: Plan,
    *,
    summary: dict[str, Any],
) -> tuple[int, list[int]]:
    """Apply ``plan``; return the summary audit row's sequence and the revoked PIN ids."""
    now = uow.now()
    repo = uow.sis
    state = plan.state
    audit: list[AuditEntry] = []

    school_ids = {code: s.id for code, s in state.schools.items()}
    for school in plan.new_schools:
        school_ids[school.code] = uow.schools.add(
            code=school.code,
            name=school.name,
            address=school.address,
            phone=school.phone,
            principal_name=school.principal,
            local_district=school.local_district,
            portal_url=school.portal_url,
        )
    for school_id, values in plan.school_updates:
        uow.schools.update(school_id, **values)

    # Staff: accounts without a password (nobody can log in as them until a principal
    # sets one), and the teacher / office staff role at their schools.
    staff_ids = {name: s.id for name, s in state.staff.items()}
    main_school = {p.username.lower(): p.school_code for p in snapshot.staff}
    rows: list[NewStaff] = []
    for new_id, (username, display, email) in zip(
        repo.reserve_staff_ids(len(plan.new_staff)), plan.new_staff, strict=True
    ):
        staff_ids[username] = new_id
        rows.append(
            {
                "id": new_id,
                "username": username,
                "display_name": display,
                "email": email,
                "password_hash": None,
                "active": True,
                "failed_logins": 0,
                "created_at": now,
            }
        )
        code = main_school.get(username)
        audit.append(
            AuditEntry(
                "staff_add",
                Outcome.SUCCESS,
                "staff",
                str(new_id),
                school_ids.get(code) if code else None,
                {"source": "sis_import", "can_log_in": False},
            )
        )
    repo.add_staff(rows)
    repo.update_staff([{"id": i, "display_name": d, "email": e} for i, d, e in plan.staff_updates])
    grants: list[NewGrant] = []
    for username, role, code in plan.new_grants:
        grants.append(
            {
                "staff_id": staff_ids[username],
                "role": role.value,
                "school_id": school_ids[code],
                "local_district": None,
                "granted_by_id": session.staff_id,
                "granted_at": now,
                "reason": "SIS import",
            }
        )
        audit.append(
            AuditEntry(
                "role_grant",
                Outcome.SUCCESS,
                "staff",
                str(staff_ids[username]),
                school_ids[code],
                {"role": role.value, "local_district": None, "reason": "SIS import"},
            )
        )
    repo.grant_roles(grants)

    student_ids = _students(ctx, uow, plan, school_ids, staff_ids, now)
    guardian_ids = _guardians(uow, plan, now)
    _links(uow, plan, session, student_ids, guardian_ids, now)
    repo.finish_writes()
    # Made as written: a district's first import adds ~100,000 contacts (~35 MB as dicts).
    repo.add_emergency_contacts(
        RowStream(
            plan.new_contacts,
            lambda c: {
                "student_id": student_ids[c.student_id],
                "name": c.name,
                "phone": c.phone,
                "relationship": c.relationship,
                "created_at": now,
                "updated_at": now,
            },
        )
    )
    repo.update_emergency_contacts(
        [
            {
                "id": i,
                "name": c.name,
                "phone": c.phone,
                "relationship": c.relationship,
                "updated_at": now,
            }
            for i, c in plan.contact_updates
        ],
    )
    repo.remove_emergency_contacts(plan.remove_contacts)
    repo.record_contact_changes(contact_changes(plan, now))

    # From its first import on, the SIS decides a school's verified
    # status; open requests it now settles (verified, or the link ended) are closed.
    carried = sorted(
        {school_ids[s.code] for s in snapshot.schools if s.code in school_ids}
        | {school_ids[r.school_code] for r in snapshot.students if r.school_code in school_ids}
    )
    requests = uow.status_requests
    newly_fed = requests.mark_sis_fed(carried, now)
    closes = requests.closable(carried, plan.sis_unverified)
    for c in closes:
        audit.append(
            AuditEntry(
                CLOSE_ACTION,
                Outcome.SUCCESS,
                "guardian_link",
                str(c.link_id),
                c.school_id,
                {"request_id": c.id, "outcome": c.outcome, "source": "sis_import"},
            )
        )

    revoked: list[int] = []
    if plan.revoke:
        # Every link that ended or lost the flag, not only those that had an active PIN
        # when compared: a PIN issued meanwhile on another workstation is revoked too.
        uow.pins.expire_due(now)
        school_of = {s.id: s.school_id for s in state.students.values()}
        for pin_id, link_id, student_id in repo.revoke_pins(
            plan.revoke, now=now, by_id=session.staff_id
        ):
            revoked.append(pin_id)
            audit.append(
                AuditEntry(
                    "pin_revoke",
                    Outcome.SUCCESS,
                    "guardian_link",
                    str(link_id),
                    school_of.get(student_id),
                    {"pin_id": pin_id, "reason": plan.revoke[link_id], "source": "sis_import"},
                )
            )
    summary = {**summary, "pins_revoked_count": len(revoked)}  # as done, not as planned
    if closes:
        summary["sis_requests_closed_count"] = len(closes)
    if newly_fed:
        summary["status_from_sis_school_count"] = len(newly_fed)
    codes = summary.get("schools") or []
    audit.append(
        AuditEntry(
            "sis_import",
            Outcome.SUCCESS,
            "sis_import",
            None,
            school_ids.get(codes[0]) if len(codes) == 1 else None,
            summary,
        )
    )
    seqs = uow.audit.append_many(
        audit,
        actor=session.username,
        actor_staff_id=session.staff_id,
        workstation=session.workstation,
    )
    requests.close(closes, at=now, import_seq=seqs[-1], import_file=summary.get("file"))
    return seqs[-1], revoked


def _fold(value: str) -> str:
    # ``fold`` for plain ASCII (most names) without its Unicode decomposition: the same
    # result, several times faster over half a million names.
    if value.isascii():
        return " ".join(value.lower().split())
    return fold(value)


#: Size of the search_name / search_last columns (models: 2 * NAME_MAX + 1).
SEARCH_MAX = 2 * NAME_MAX + 1


def search_names(first: str, last: str) -> SearchNames:
    """The folded "first last" and "last first" columns a person is searched by.

    Folding (NFKD) can make a name longer: a Hangul syllable becomes two or three jamo,
    a ligature several letters. Two names within NAME_MAX may then fold to more than
    the column holds, which PostgreSQL refuses (SQLite would keep it), so the keys are
    cut to the column size; prefix and substring search within it are unaffected.
    """
    f, la = _fold(first), _fold(last)
    return {
        "search_name": " ".join(p for p in (f, la) if p)[:SEARCH_MAX],
        "search_last": " ".join(p for p in (la, f) if p)[:SEARCH_MAX],
    }


def name_columns(first: str, last: str) -> Names:
    """A person's name columns: as given, and folded for search."""
    return {"first_name": first, "last_name": last, **search_names(first, last)}


def student_pin_aad(student_id: int) -> bytes:
    """Associated data of a student PIN's ciphertext: it only decrypts on its own row."""
    return f"ppdesk/student_pin/{student_id}".encode()


def _students(
    ctx: AppContext,
    uow: UnitOfWork,
    plan: Plan,
    school_ids: dict[str, int],
    staff_ids: dict[str, int],
    now: datetime,
) -> _Ids:
    repo = uow.sis
    keys = ctx.keys
    needs_keys = any(
        w.record.student_pin and w.pin_changed for w in (*plan.new_students, *plan.student_updates)
    )
    if needs_keys and keys is None:
        if ctx.keys_problem is not None:
            raise SecretsUnavailable(ctx.keys_problem)  # the key store's own refusal, as given
        raise SecretsUnavailable("pin.keys_unavailable")

    def columns(w: StudentWrite, sid: int) -> StudentUpdate:
        r = w.record
        if w.existing is not None and not w.pin_changed:
            key_id, blob = w.existing.pin_key_id, w.existing.pin_ciphertext
        elif r.student_pin is None:
            key_id, blob = None, None
        else:
            assert keys is not None  # needs_keys was checked above
            key_id, blob = keys.encrypt(r.student_pin, student_pin_aad(sid))
        return {
            "id": sid,
            "school_id": school_ids[r.school_code],
            "student_number": r.student_id,
            "dob": r.dob,
            "grade": r.grade,
            "homeroom": w.homeroom,
            "homeroom_teacher_id": staff_ids.get(w.teacher) if w.teacher else None,
            "address": r.address,
            "zip_code": zip_of(r.address),
            "phone": r.phone,
            "student_email": r.student_email,
            "student_pin_ciphertext": blob,
            "student_pin_key_id": key_id,
            "home_language": r.home_language,
            "active": True,
            "updated_at": now,
        }

    def row(w: StudentWrite, sid: int) -> StudentValues:
        return {**columns(w, sid), **name_columns(w.record.first_name, w.record.last_name)}

    ids = _Ids(plan.state.students)
    new_ids = repo.reserve_student_ids(len(plan.new_students))
    new = plan.new_students
    # Rows are made as they are written (RowStream), by position, never all held at once.
    repo.add_students(RowStream(range(len(new)), lambda n: row(new[n], new_ids[n]), ids=new_ids))
    for w, i in zip(new, new_ids, strict=True):
        ids.add(w.record.student_id, i)
    renamed: list[StudentWrite] = []
    kept: list[StudentWrite] = []
    for w in plan.student_updates:
        (renamed if w.renamed else kept).append(w)
    repo.update_students(RowStream(renamed, lambda w: row(w, _existing_id(w))))
    repo.update_students(RowStream(kept, lambda w: columns(w, _existing_id(w))))
    repo.deactivate_students(plan.deactivate_students, at=now)
    return ids


def _existing_id(w: StudentWrite) -> int:
    assert w.existing is not None
    return w.existing.id


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def contact_changes(plan: Plan, now: datetime) -> list[ContactChange]:
    """The ``contact_change`` rows of a plan (guide section VIII, the emergency contact
    report): each changed phone number, contact preference and text opt-in of a guardian
    already known, and each emergency contact removed."""
    rows: list[ContactChange] = []
    for current, record, _ in plan.guardian_updates:
        after: Mapping[str, Any] = _contact_values(record, current)  # read by field name
        for kind in CONTACT_FIELDS:
            old, new = getattr(current, kind), after[kind]
            if old == new or (
                kind in GUARDIAN_PHONES and digits_only(old or "") == digits_only(new or "")
            ):
                continue  # the same number written another way is no change to call about
            if kind == "text_opt_in":
                old, new = _yes_no(bool(old)), _yes_no(bool(new))
            rows.append(
                {
                    "occurred_at": now,
                    "guardian_id": current.id,
                    "student_id": None,
                    "kind": kind,
                    "contact_name": f"{record.first_name} {record.last_name}",
                    "relationship": None,
                    "old_value": old,
                    "new_value": new,
                }
            )
    for c in sorted(plan.removed_contacts, key=lambda c: c.id):
        rows.append(
            {
                "occurred_at": now,
                "guardian_id": None,
                "student_id": c.student_id,
                "kind": "emergency_contact_removed",
                "contact_name": c.name,
                "relationship": c.relationship,
                "old_value": c.phone,
                "new_value": None,
            }
        )
    return rows


def _contact_values(g: SisGuardian, current: GuardianState | None) -> ContactValues:
    """Phones as the source gives them; contact preference and text opt-in as the source
    gives them, or as the database has them when the source does not carry them."""
    preference = g.contact_preference
    opt_in = g.text_opt_in
    if current is not None:
        preference = current.contact_preference if preference is None else preference
        opt_in = current.text_opt_in if opt_in is None else opt_in
    return {
        "home_phone": g.home_phone,
        "work_phone": g.work_phone,
        "cell_phone": g.cell_phone,
        "contact_preference": preference,
        "text_opt_in": bool(opt_in),
    }


def _guardian_columns(
    g: SisGuardian, gid: int, now: datetime, current: GuardianState | None = None
) -> GuardianUpdate:
    return {
        "id": gid,
        "sis_source_id": g.source_id,
        "email": g.email,
        "email_folded": g.email.casefold() if g.email else None,
        **_contact_values(g, current),
        "preferred_language": g.preferred_language,
        "active": True,
        "updated_at": now,
    }


def _guardian_row(
    g: SisGuardian, gid: int, now: datetime, current: GuardianState | None = None
) -> GuardianValues:
    return {**_guardian_columns(g, gid, now, current), **name_columns(g.first_name, g.last_name)}


_PHONE_KINDS = ("home", "work", "cell")


def _phone_digits(g: SisGuardian, kind: int) -> str:
    """The last ten digits of a guardian's phone (0 home, 1 work, 2 cell), or "".

    Search compares the last ten digits of a longer number ("+1 213 ...")."""
    number = (g.home_phone, g.work_phone, g.cell_phone)[kind]
    return digits_only(number or "")[-10:]


def _guardians(uow: UnitOfWork, plan: Plan, now: datetime) -> _Ids:
    repo = uow.sis
    ids = _Ids(plan.state.guardians)
    new_ids = repo.reserve_guardian_ids(len(plan.new_guardians))
    new = plan.new_guardians
    # Rows are made by position as they are written: no list of (guardian, id) pairs.
    repo.add_guardians(
        RowStream(range(len(new)), lambda n: _guardian_row(new[n], new_ids[n], now), ids=new_ids)
    )
    for g, i in zip(new, new_ids, strict=True):
        ids.add(g.source_id, i)
    renamed: list[tuple[GuardianState, SisGuardian, bool]] = []
    kept: list[tuple[GuardianState, SisGuardian, bool]] = []
    for update in plan.guardian_updates:
        current, g, _ = update
        # A row whose name did not change leaves the name columns out (sis_rows.Names).
        same = (current.first_name, current.last_name) == (g.first_name, g.last_name)
        (kept if same else renamed).append(update)
    repo.update_guardians(RowStream(renamed, lambda u: _guardian_row(u[1], u[0].id, now, u[0])))
    repo.update_guardians(RowStream(kept, lambda u: _guardian_columns(u[1], u[0].id, now, u[0])))
    rephoned = [(g, s.id) for s, g, phones in plan.guardian_updates if phones]
    repo.remove_guardian_phones([i for _, i in rephoned])

    def guardian(n: int) -> tuple[SisGuardian, int]:
        return (new[n], new_ids[n]) if n < len(new) else rephoned[n - len(new)]

    # Each phone as one int in an array (guardian position * 3 + kind): its row is made as
    # it is written. A tuple with its digits each took ~30 MB for a district.
    phones = array(
        "q",
        (
            n * 3 + kind
            for n in range(len(new) + len(rephoned))
            for kind in range(3)
            if _phone_digits(guardian(n)[0], kind)
        ),
    )

    def phone_row(code: int) -> GuardianPhone:
        g, gid = guardian(code // 3)
        digits = _phone_digits(g, code % 3)
        return {
            "guardian_id": gid,
            "kind": _PHONE_KINDS[code % 3],
            "digits": digits,
            "digits_rev": digits[::-1],
        }

    repo.add_guardian_phones(RowStream(phones, phone_row))
    repo.deactivate_guardians(plan.deactivate_guardians, at=now)
    return ids


def _links(
    uow: UnitOfWork,
    plan: Plan,
    session: StaffSession,
    student_ids: _Ids,
    guardian_ids: _Ids,
    now: datetime,
) -> None:
    repo = uow.sis

    def new_link(w: LinkWrite) -> NewLink:
        return {
            "student_id": student_ids[w.student_id],
            "guardian_id": guardian_ids[w.guardian_source_id],
            "relationship": w.relationship,
            "verified_legal_guardian": w.verified,
            "verified_by": session.username if w.verified else None,
            "verified_at": now if w.verified else None,
            "verified_source": VERIFIED_SOURCE,
            "active": True,
        }

    repo.add_links(RowStream(plan.new_links, new_link))
    # Who recorded the flag, and when, changes only with the flag itself.
    flagged: list[LinkUpdate] = []
    plain: list[LinkUpdate] = []
    for w in plan.link_updates:
        assert w.existing is not None
        values: LinkUpdate = {
            "id": w.existing.id,
            "relationship": w.relationship,
            "active": True,
        }
        if w.verified_changed:
            values |= {
                "verified_legal_guardian": w.verified,
                "verified_by": session.username,
                "verified_at": now,
                "verified_source": VERIFIED_SOURCE,
            }
            flagged.append(values)
        else:
            plain.append(values)
    repo.update_links(flagged)
    repo.update_links(plain)
    repo.deactivate_links(plan.deactivate_links)
