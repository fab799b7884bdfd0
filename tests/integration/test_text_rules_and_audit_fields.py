"""Text limits, Unicode names and audit-row fields on both engines (SECURITY.md 18, 32, 33).

32: a value of exactly the limit is accepted and one character more (or 300) is refused
with the same ``ValidationError`` naming the field, on SQLite (which ignores VARCHAR
sizes) and PostgreSQL alike, through several write paths; a refusal writes nothing.
33: names in any script come back exactly as typed (after NFC), search matches across
NFC and NFD, and re-importing the same people in NFD neither duplicates nor rewrites them.
18: an audit row gets its time from the database clock (UTC), its actor and workstation
from the logged-in session; nothing a caller passes can override them.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import AuditEvent, EmergencyContact, Guardian, ParentPin, Staff
from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.roles import Role
from ppdesk.domain.text import NAME_MAX, NOTE_MAX, clean_text
from ppdesk.services import access, audit_trail, lookup, pins, sis_import, staff
from tests.fixtures.sis.helpers import set_cell
from tests.integration.test_import import counts, dump, family_set, guardian, importer, student
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.seed import login, staff_with_role


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


# Synthetic names. Each is given as typed; NFC of it is what must be stored.
UNICODE_NAMES = {
    # Arabic with harakat, shadda typed before fatha (NFC puts them in canonical order).
    "arabic": ("\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f", "عَبْدُ الرَّحْمٰن"),
    # Vietnamese: a base letter with two stacked marks (circumflex + tilde / horn + dot).
    "vietnamese": ("Phượng", "Nguyễn Thị"),
    "korean": ("민준", "김"),
    "emoji": ("Zoë 🌟", "Smith"),
    # ZWJ: Sinhala "Sri" (conjunct with ZWJ) and a family emoji joined by ZWJs.
    "zwj": ("ශ්\u200dරී", "Perera 👩\u200d👩\u200d👧"),
}


def name_of_length(n: int, alphabet: str) -> str:
    """An NFC name of exactly ``n`` characters built from ``alphabet`` (no edge spaces)."""
    chars = [c for c in nfc(alphabet) if not c.isspace()]
    out = "".join(chars[i % len(chars)] for i in range(n))
    assert len(out) == n and out == nfc(out)
    return out


ALPHABETS = {
    "ascii": "Alexandra",
    "latin": "ÑúñezÓtaØæ",
    "korean": "김민준이서연",
}


# ------------------------------------------------------------------------- helpers


def audit_count(rt: Any) -> int:
    return counts(rt)["audit_event"]


def rows(rt: Any, stmt: Any) -> list[Any]:
    with Session(rt.engine) as s:
        return list(s.scalars(stmt))


def db_now(app: Any) -> datetime:
    with app.uow(readonly=True) as uow:
        return uow.now()


def last_audit(app: Any, action: str) -> Any:
    with app.uow(readonly=True) as uow:
        return uow.audit.query(action=action)[-1]


@pytest.fixture
def principal(app: Any) -> Any:
    return staff_with_role(app, Role.PRINCIPAL)


def import_family(app: Any, session: Any, folder: Path) -> sis_import.ImportResult:
    return sis_import.apply_import(app, session, folder)


# ------------------------------------------------------- 32: limits, several paths


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
def test_staff_display_name_at_the_limit_is_accepted(app, runtime, principal, alphabet) -> None:
    name = name_of_length(NAME_MAX, ALPHABETS[alphabet])
    info = staff.add_staff(
        app, principal, username="limit.ok", display_name=name, password=None, school_code="1001"
    )
    assert info.display_name == name
    [row] = rows(runtime, select(Staff).where(Staff.username == "limit.ok"))
    assert row.display_name == name and len(row.display_name) == NAME_MAX


def test_staff_display_name_limit_counts_characters_after_nfc(app, runtime, principal) -> None:
    # 100 letters typed decomposed are 200 code points: still 100 characters once NFC.
    typed = nfd(name_of_length(NAME_MAX, "éüñøçå"))
    assert len(typed) > NAME_MAX
    info = staff.add_staff(
        app, principal, username="nfd.ok", display_name=typed, password=None, school_code="1001"
    )
    assert info.display_name == nfc(typed) and len(info.display_name) == NAME_MAX


@pytest.mark.parametrize("length", [NAME_MAX + 1, 300])
@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
def test_staff_display_name_over_the_limit_is_refused_and_nothing_written(
    app, runtime, principal, alphabet, length
) -> None:
    before = dump(runtime, audit=True)
    with pytest.raises(ValidationError) as caught:
        staff.add_staff(
            app,
            principal,
            username="limit.bad",
            display_name=name_of_length(length, ALPHABETS[alphabet]),
            password=None,
            school_code="1001",
        )
    assert str(caught.value) == (
        f"display name: {length} characters is longer than the limit of {NAME_MAX}."
    )
    assert caught.value.field == "display name"
    assert dump(runtime, audit=True) == before


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
def test_import_names_at_the_limit_are_accepted(app, runtime, tmp_path, alphabet) -> None:
    admin = importer(app)
    folder = family_set(tmp_path / "set")
    first = name_of_length(NAME_MAX, ALPHABETS[alphabet])
    last = name_of_length(NAME_MAX, ALPHABETS[alphabet][::-1])
    users = folder / "users.csv"
    set_cell(users, "s-1", "givenName", first)
    set_cell(users, "s-1", "familyName", last)
    set_cell(users, "g-1", "givenName", first)
    set_cell(users, "g-1", "familyName", last)
    result = import_family(app, admin, folder)
    assert result.plan.errors == ()
    kid = student(runtime, "00001234")
    mum = guardian(runtime, "g-1")
    assert (kid.first_name, kid.last_name) == (first, last)
    assert (mum.first_name, mum.last_name) == (first, last)
    # Such a person is still found by name.
    office = staff_with_role(app, Role.OFFICE_STAFF)
    probe = first[:5]
    assert kid.id in {h.student_id for h in lookup.find_students(app, office, probe)}
    assert mum.id in {h.guardian_id for h in lookup.parent_search(app, office, probe)}


@pytest.mark.parametrize("length", [NAME_MAX + 1, 300])
@pytest.mark.parametrize(
    ("key", "column"),
    [("s-1", "givenName"), ("s-1", "familyName"), ("g-1", "givenName"), ("g-2", "familyName")],
)
def test_import_name_over_the_limit_is_refused_and_nothing_written(
    app, runtime, tmp_path, key, column, length
) -> None:
    admin = importer(app)
    folder = family_set(tmp_path / "set")
    set_cell(folder / "users.csv", key, column, name_of_length(length, ALPHABETS["latin"]))
    before = dump(runtime, audit=True)
    with pytest.raises(sis_import.ImportRejected) as caught:
        import_family(app, admin, folder)
    assert isinstance(caught.value, ValidationError)
    expected = f"{length} characters is longer than the limit of {NAME_MAX}."
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert [(p.column, p.message) for p in errors] == [(column, expected)]
    # The reader reports the field as the problem's column: together they are the
    # very message clean_text gives (the staff path's message has the same form).
    with pytest.raises(ValidationError) as direct:
        clean_text(name_of_length(length, "x"), field=column, max_len=NAME_MAX)
    assert f"{errors[0].column}: {errors[0].message}" == str(direct.value)
    assert f"column {column}: error: {expected}" in str(caught.value)
    assert dump(runtime, audit=True) == before


@pytest.fixture
def issued(app: Any) -> tuple[Any, int]:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app)
    verify_and_issue(app, paa, fam.link_ids[0])
    return paa, fam.link_ids[0]


def test_revoke_reason_at_the_limit_is_stored_whole(app, runtime, issued) -> None:
    paa, link_id = issued
    reason = name_of_length(NOTE_MAX, "Parent asked 🛑 — révoqué; 취소")
    pins.revoke_pin(app, paa, link_id, reason=reason)
    [pin] = rows(runtime, select(ParentPin))
    assert pin.status == "revoked" and pin.end_reason == reason
    assert last_audit(app, "pin_revoke").details.count(reason) == 1


@pytest.mark.parametrize("length", [NOTE_MAX + 1, 40_000])
def test_revoke_reason_over_the_limit_is_refused_and_nothing_written(
    app, runtime, issued, length
) -> None:
    paa, link_id = issued
    before = dump(runtime, audit=True)
    with pytest.raises(ValidationError) as caught:
        pins.revoke_pin(app, paa, link_id, reason=name_of_length(length, "Révoqué 취소"))
    assert (
        str(caught.value) == f"reason: {length} characters is longer than the limit of {NOTE_MAX}."
    )
    assert caught.value.field == "reason"
    assert dump(runtime, audit=True) == before
    [pin] = rows(runtime, select(ParentPin))
    assert pin.status == "active"


def test_legal_guardian_reason_limit(app, runtime, principal) -> None:
    fam = make_family(app)
    link_id = fam.link_ids[1]
    before = dump(runtime, audit=True)
    with pytest.raises(ValidationError) as caught:
        pins.record_legal_guardian(
            app, principal, link_id, verified=True, reason="x" * (NOTE_MAX + 1)
        )
    assert str(caught.value) == (
        f"reason: {NOTE_MAX + 1} characters is longer than the limit of {NOTE_MAX}."
    )
    assert dump(runtime, audit=True) == before
    pins.record_legal_guardian(app, principal, link_id, verified=True, reason="y" * NOTE_MAX)
    assert ("y" * NOTE_MAX) in last_audit(app, "legal_guardian_set").details


# ------------------------------------------------------------ 33: Unicode names


@pytest.mark.parametrize("script", sorted(UNICODE_NAMES))
def test_unicode_staff_display_name_round_trips(app, runtime, principal, script) -> None:
    first, last = UNICODE_NAMES[script]
    typed = f"{first} {last}"
    staff.add_staff(
        app, principal, username="u.name", display_name=typed, password=None, school_code="1001"
    )
    [row] = rows(runtime, select(Staff).where(Staff.username == "u.name"))
    assert row.display_name == nfc(typed)
    assert row.display_name.encode("utf-8") == nfc(typed).encode("utf-8")


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_unicode_names_round_trip_through_the_import(app, runtime, tmp_path, form) -> None:
    admin = importer(app)
    folder = family_set(tmp_path / "set", students=("s-1", "s-2", "s-3"))
    users = folder / "users.csv"
    # Five synthetic people: three students and two guardians, one script each.
    people = {
        "s-1": UNICODE_NAMES["arabic"],
        "s-2": UNICODE_NAMES["vietnamese"],
        "s-3": UNICODE_NAMES["korean"],
        "g-1": UNICODE_NAMES["emoji"],
        "g-2": UNICODE_NAMES["zwj"],
    }
    for key, (first, last) in people.items():
        set_cell(users, key, "givenName", unicodedata.normalize(form, first))
        set_cell(users, key, "familyName", unicodedata.normalize(form, last))
    contact = "Trần Đức Thắng"
    set_cell(folder / "emergency_contacts.csv", "s-1", "name", unicodedata.normalize(form, contact))
    result = import_family(app, admin, folder)
    assert result.plan.errors == ()
    numbers = {"s-1": "00001234", "s-2": "00001235", "s-3": "00002001"}
    for key, (first, last) in people.items():
        row = student(runtime, numbers[key]) if key.startswith("s-") else guardian(runtime, key)
        assert (row.first_name, row.last_name) == (nfc(first), nfc(last)), key
        assert row.first_name.encode() == nfc(first).encode(), key
    kid = student(runtime, "00001234")
    names = [
        c.name
        for c in rows(
            runtime, select(EmergencyContact).where(EmergencyContact.student_id == kid.id)
        )
    ]
    assert names == [nfc(contact)]


SEARCHES = [
    # (stored as given to the import, typed in the search box)
    ("vietnamese", "NFC", "NFD"),
    ("vietnamese", "NFD", "NFC"),
    ("korean", "NFC", "NFD"),
    ("korean", "NFD", "NFC"),
    ("arabic", "NFC", "NFD"),
    ("arabic", "NFD", "NFC"),
]


@pytest.mark.parametrize(("script", "stored", "typed"), SEARCHES)
def test_search_matches_across_normalisation_forms(
    app, runtime, tmp_path, script, stored, typed
) -> None:
    admin = importer(app)
    folder = family_set(tmp_path / "set")
    first, last = UNICODE_NAMES[script]
    users = folder / "users.csv"
    for key in ("s-1", "g-1"):
        set_cell(users, key, "givenName", unicodedata.normalize(stored, first))
        set_cell(users, key, "familyName", unicodedata.normalize(stored, last))
    import_family(app, admin, folder)
    kid, mum = student(runtime, "00001234"), guardian(runtime, "g-1")
    office = staff_with_role(app, Role.OFFICE_STAFF)
    for query in (first, last, f"{first} {last}", f"{last} {first}"):
        q = unicodedata.normalize(typed, query)
        assert [h.student_id for h in lookup.find_students(app, office, q)] == [kid.id], q
        assert {h.guardian_id for h in lookup.parent_search(app, office, q)} == {mum.id}, q


def test_reimport_in_nfd_updates_nothing_and_duplicates_no_one(app, runtime, tmp_path) -> None:
    """The import matches people by SIS id; the same names in NFD are the same names."""
    admin = importer(app)
    vi_first, vi_last = UNICODE_NAMES["vietnamese"]
    ar_first, ar_last = UNICODE_NAMES["arabic"]
    contact = "Trần Đức Thắng"

    def build(folder: Path, form: str) -> Path:
        family_set(folder)
        users = folder / "users.csv"
        for key, (first, last) in (("s-1", (vi_first, vi_last)), ("g-1", (ar_first, ar_last))):
            set_cell(users, key, "givenName", unicodedata.normalize(form, first))
            set_cell(users, key, "familyName", unicodedata.normalize(form, last))
        set_cell(
            folder / "emergency_contacts.csv", "s-1", "name", unicodedata.normalize(form, contact)
        )
        return folder

    import_family(app, admin, build(tmp_path / "nfc", "NFC"))
    before = dump(runtime)
    audits = audit_count(runtime)
    again = import_family(app, admin, build(tmp_path / "nfd", "NFD"))
    assert again.counts.total == 0, again.counts
    assert dump(runtime) == before  # no new, changed or duplicated row
    assert audit_count(runtime) == audits + 1  # only the import's own summary row
    assert len(rows(runtime, select(Guardian))) == 2
    kid, mum = student(runtime, "00001234"), guardian(runtime, "g-1")
    assert (kid.first_name, kid.last_name) == (nfc(vi_first), nfc(vi_last))
    assert (mum.first_name, mum.last_name) == (nfc(ar_first), nfc(ar_last))


def test_reimport_with_changed_name_in_nfd_updates_in_place_and_stores_nfc(
    app, runtime, tmp_path
) -> None:
    admin = importer(app)
    import_family(app, admin, family_set(tmp_path / "one"))
    mum_before = guardian(runtime, "g-1")
    folder = family_set(tmp_path / "two")
    set_cell(folder / "users.csv", "g-1", "givenName", nfd("Phượng"))
    result = import_family(app, admin, folder)
    assert (result.counts.guardians_added, result.counts.guardians_updated) == (0, 1)
    mum = guardian(runtime, "g-1")
    assert mum.id == mum_before.id and mum.first_name == nfc("Phượng")
    assert len(rows(runtime, select(Guardian))) == 2


# ------------------------------------------------------------------ 18: audit fields


def test_audit_entry_has_no_actor_time_or_workstation_fields() -> None:
    names = {f.name for f in dataclasses.fields(AuditEntry)}
    assert names == {"action", "outcome", "target_type", "target_id", "school_id", "details"}
    for field in ("actor", "actor_staff_id", "workstation", "occurred_at", "seq", "row_hash"):
        with pytest.raises(TypeError):
            AuditEntry("staff_add", **{field: "mallory"})  # type: ignore[arg-type]


def test_occurred_at_is_timestamptz_on_postgresql(app, runtime) -> None:
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no column time zones; the repository reads its values as UTC")
    with runtime.engine.connect() as conn:
        kind = conn.execute(
            text(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = 'audit_event' AND column_name = 'occurred_at'"
            )
        ).scalar_one()
    assert kind == "timestamp with time zone"


def test_service_audit_row_fields_come_from_session_and_database(app, runtime) -> None:
    app.workstation = "FRONT-DESK-7"
    boss = staff_with_role(app, Role.PRINCIPAL)
    assert boss.workstation == "FRONT-DESK-7"
    # Afterwards the program's own workstation name and clock are both wrong: the row
    # must still carry the session's workstation and the database's time.
    app.workstation = "SOMEWHERE-ELSE"
    app.clock = lambda: datetime(2001, 1, 1, tzinfo=UTC)
    start = db_now(app)
    info = staff.add_staff(
        app, boss, username="new.clerk", display_name="New Clerk", password=None, school_code="1001"
    )
    end = db_now(app)
    event = last_audit(app, "staff_add")
    assert event.actor == boss.username
    assert event.actor_staff_id == boss.staff_id
    assert event.workstation == "FRONT-DESK-7"
    assert (event.action, event.target_type, event.target_id, event.outcome) == (
        "staff_add",
        "staff",
        str(info.id),
        "success",
    )
    with app.uow(readonly=True) as uow:
        assert event.school_id == uow.schools.get_by_code("1001").id
    occurred = event.occurred_at
    assert occurred.tzinfo is not None and occurred.utcoffset() == timedelta(0)
    slack = timedelta(milliseconds=2)  # SQLite's clock has millisecond steps
    assert start - slack <= occurred <= end + slack
    assert end - start < timedelta(seconds=5)
    assert abs(occurred - datetime.now(UTC)) < timedelta(seconds=30)  # not 2001
    assert audit_trail.check_chain(app).intact


def test_audit_time_is_the_databases_clock(app, runtime, principal) -> None:
    """The audit time is read from the database's clock inside the append (since the
    per-school chains, in the statement that locks the chain's head, not through
    ``clock.db_now``): it lies between two readings of that clock taken before and after."""

    def database_now() -> datetime:
        with runtime.engine.connect() as conn:  # the database's own clock, read independently
            if runtime.engine.dialect.name == "postgresql":
                return conn.execute(text("SELECT clock_timestamp()")).scalar_one()
            raw = conn.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
            return datetime.fromisoformat(raw).replace(tzinfo=UTC)

    before = database_now()
    staff.add_staff(
        app, principal, username="t.ime", display_name="T", password=None, school_code="1001"
    )
    after = database_now()
    event = last_audit(app, "staff_add")
    assert event.occurred_at.utcoffset() == timedelta(0)
    assert before <= event.occurred_at <= after


def test_denied_act_is_audited_with_the_sessions_actor(app, runtime) -> None:
    app.workstation = "LIBRARY-2"
    clerk = staff_with_role(app, Role.OFFICE_STAFF)
    app.workstation = "SOMEWHERE-ELSE"
    with pytest.raises(access.PermissionDenied):
        staff.add_staff(
            app, clerk, username="x.y", display_name="X Y", password=None, school_code="1001"
        )
    event = last_audit(app, "staff_add")
    assert (event.actor, event.actor_staff_id, event.workstation, event.outcome) == (
        clerk.username,
        clerk.staff_id,
        "LIBRARY-2",
        "denied",
    )
    assert event.occurred_at.utcoffset() == timedelta(0)


def test_details_cannot_override_actor_time_or_workstation(app, runtime, principal) -> None:
    spoof = {"actor": "mallory", "occurred_at": "1999-01-01T00:00:00Z", "workstation": "evil"}
    with app.uow() as uow:
        seq = access.audit(uow, app, principal, AuditEntry("note", Outcome.SUCCESS, details=spoof))
        uow.commit()
    [event] = rows(runtime, select(AuditEvent).where(AuditEvent.seq == seq))
    assert (event.actor, event.actor_staff_id, event.workstation) == (
        principal.username,
        principal.staff_id,
        principal.workstation,
    )
    occurred = event.occurred_at
    if occurred.tzinfo is None:  # SQLite keeps naive UTC
        occurred = occurred.replace(tzinfo=UTC)
    assert abs(occurred - db_now(app)) < timedelta(seconds=5)
    # A service that puts user text into details: the text stays text.
    target = staff.add_staff(
        app, principal, username="t.rg", display_name="T R G", password=None, school_code="1001"
    )
    staff.grant_role(
        app,
        principal,
        username=target.username,
        role=Role.OFFICE_STAFF,
        school_code="1001",
        reason='actor": "mallory", "occurred_at": "1999-01-01',
    )
    event = last_audit(app, "role_grant")
    assert event.actor == principal.username and event.workstation == principal.workstation
    assert event.occurred_at.year != 1999
    assert audit_trail.check_chain(app).intact


def test_import_audit_row_carries_the_importers_session(app, runtime, tmp_path) -> None:
    app.workstation = "DISTRICT-OFFICE"
    admin = importer(app)
    app.workstation = "SOMEWHERE-ELSE"
    start = db_now(app)
    result = import_family(app, admin, family_set(tmp_path / "set"))
    end = db_now(app)
    [event] = [e for e in rows(runtime, select(AuditEvent)) if e.seq == result.audit_seq]
    assert (event.actor, event.actor_staff_id, event.workstation, event.action) == (
        admin.username,
        admin.staff_id,
        "DISTRICT-OFFICE",
        "sis_import",
    )
    record = last_audit(app, "sis_import")
    assert record.occurred_at.utcoffset() == timedelta(0)
    slack = timedelta(milliseconds=2)
    assert start - slack <= record.occurred_at <= end + slack


def test_login_session_is_the_one_used(app, runtime) -> None:
    """Two staff on two workstations: each row names its own session."""
    app.workstation = "WS-A"
    a = staff_with_role(app, Role.PRINCIPAL)
    app.workstation = "WS-B"
    b = login(app, a.username)
    assert (a.workstation, b.workstation) == ("WS-A", "WS-B")
    staff.add_staff(app, a, username="from.a", display_name="A", password=None, school_code="1001")
    first = last_audit(app, "staff_add")
    staff.add_staff(app, b, username="from.b", display_name="B", password=None, school_code="1001")
    second = last_audit(app, "staff_add")
    assert (first.workstation, second.workstation) == ("WS-A", "WS-B")
    assert first.actor == second.actor == a.username
    assert second.seq == first.seq + 1 and second.occurred_at >= first.occurred_at
