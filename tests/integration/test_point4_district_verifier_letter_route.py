"""Issue 15 point 4, the letter route, on both engines: after a verification by a district
office (a local-district verifier, a two-school local district) the PIN letter goes by the
school's route. The verification records where it was done; the district office does not
show, print or export the letter; after a passed video check the PIN may be read by phone
with its phonetic spelling (guide section IV, step 3), an audited "phone" disclosure;
otherwise the letter waits for the school, whose own staff print it (audited)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ppdesk.adapters.db.models import PinDisclosure, SchoolLetter, Verification
from ppdesk.domain.errors import (
    PermissionDenied,
    PinUnavailable,
    ValidationError,
    VerificationRequired,
)
from ppdesk.domain.pin import phonetic_text
from ppdesk.domain.roles import Role
from ppdesk.domain.verification import VerificationMode
from ppdesk.services import letters, pins, school_letters
from ppdesk.services import staff as staff_service
from tests.support.family import make_family, right_answers
from tests.support.flows import verify
from tests.support.seed import add_school, add_staff, login, staff_with_role


@pytest.fixture
def district(app):
    """Two schools of local district Central (and one of East); a Central verifier; each
    Central school's principal and its own parent access admin (the office manager)."""
    add_school(app, "1001")
    add_school(app, "1002", "Cedar Hill Middle")
    add_school(app, "2001", "Eastside High", local_district="East")
    families = {
        code: make_family(app, school_code=code, first=f"Ana{code}", guardians=1)
        for code in ("1001", "1002", "2001")
    }
    admin = staff_with_role(app, Role.DISTRICT_ADMIN)
    add_staff(app, "ld_verifier", None)
    staff_service.grant_role(
        app,
        admin,
        username="ld_verifier",
        role=Role.PARENT_ACCESS_ADMIN,
        local_district="Central",
        reason="Local District Central PACE office",
    )
    return families, login(app, "ld_verifier")


def passed(app, session, family, code: str, mode: VerificationMode) -> None:
    outcome = verify(
        app,
        session,
        family.link_ids[0],
        mode,
        answers=right_answers(student_name=f"ana{code} nunez"),
    )
    assert outcome.passed, outcome.reasons


def audit_rows(app, action: str):
    with app.uow(readonly=True) as uow:
        return list(uow.audit.query(action=action))


def table(runtime, model) -> list:
    with runtime.engine.connect() as conn:
        return list(conn.execute(select(model)))


def test_point4_district_verifier_letter_route_the_verification_records_where(
    app, runtime, district
) -> None:
    families, verifier = district
    passed(app, verifier, families["1001"], "1001", VerificationMode.IN_PERSON)
    passed(app, verifier, families["1002"], "1002", VerificationMode.VIDEO)
    school_ap = staff_with_role(app, Role.ASSISTANT_PRINCIPAL, "1001")
    passed(app, school_ap, families["1001"], "1001", VerificationMode.IN_PERSON)
    recorded = {(v.staff_id, v.mode, v.office) for v in table(runtime, Verification)}
    assert recorded == {
        (verifier.staff_id, "in_person", "district"),
        (verifier.staff_id, "video", "district"),
        (school_ap.staff_id, "in_person", "school"),
    }
    starts = [json.loads(r.details) for r in audit_rows(app, "verification_start")]
    assert sorted((d["mode"], d["office"]) for d in starts) == [
        ("in_person", "district"),
        ("in_person", "school"),
        ("video", "district"),
    ]


def test_point4_district_verifier_letter_route_no_counter_letter_at_the_district_office(
    app, runtime, district, tmp_path
) -> None:
    families, verifier = district
    link = families["1001"].link_ids[0]
    passed(app, verifier, families["1001"], "1001", VerificationMode.IN_PERSON)
    for channel in ("screen", "print", "export"):
        with pytest.raises(VerificationRequired) as refused:
            pins.issue_pin(app, verifier, link, channel=channel)
        assert refused.value.code == "verification.district_route"
    with pytest.raises(VerificationRequired) as refused:
        pins.issue_pin(app, verifier, link, channel="phone")  # in person: no phone reading
    assert refused.value.code == "verification.video_required_for_phone"
    with pytest.raises(VerificationRequired):
        letters.single_letter(app, verifier, link, tmp_path / "letter.pdf")
    assert not (tmp_path / "letter.pdf").exists()
    denied = [json.loads(r.details) for r in audit_rows(app, "pin_issue") if r.outcome == "denied"]
    assert [d.get("office") for d in denied if d.get("channel") != "phone"] == ["district"] * 3
    assert table(runtime, PinDisclosure) == []


def test_point4_district_verifier_letter_route_phone_reading_after_video(
    app, runtime, district, tmp_path
) -> None:
    families, verifier = district
    link = families["1002"].link_ids[0]
    passed(app, verifier, families["1002"], "1002", VerificationMode.VIDEO)
    read = pins.issue_pin(app, verifier, link, channel="phone")
    assert read.phonetic and read.phonetic == phonetic_text(_parsed(read.display))
    [disclosure] = table(runtime, PinDisclosure)
    assert (disclosure.channel, disclosure.staff_id) == ("phone", verifier.staff_id)
    [issued] = [r for r in audit_rows(app, "pin_issue") if r.outcome == "success"]
    assert json.loads(issued.details)["channel"] == "phone"
    assert read.display not in issued.details
    # The reading does not make the district office a print shop.
    with pytest.raises(VerificationRequired):
        pins.reveal_pin(app, verifier, link, channel="screen")
    with pytest.raises(VerificationRequired):
        letters.single_letter(app, verifier, link, tmp_path / "letter.pdf")
    again = pins.reveal_pin(app, verifier, link, channel="phone")
    assert again.display == read.display


def _parsed(display: str):
    from ppdesk.domain.pin import parse_pin

    return parse_pin(display)


def test_point4_district_verifier_letter_route_queued_letter_printed_by_the_school(
    app, runtime, district, tmp_path
) -> None:
    families, verifier = district
    fam = families["1001"]
    link = fam.link_ids[0]
    passed(app, verifier, fam, "1001", VerificationMode.IN_PERSON)
    queued = school_letters.queue_for_school(app, verifier, link, request_id="req-1")
    assert queued.new_pin and queued.school_code == "1001"
    assert "display" not in vars(queued)
    # A retry with the same request id queues nothing new.
    assert school_letters.queue_for_school(app, verifier, link, request_id="req-1") == (
        type(queued)(**{**vars(queued), "new_pin": False})
    )
    assert table(runtime, PinDisclosure) == []  # nothing was shown to anyone
    [event] = [r for r in audit_rows(app, "letter_queue") if r.outcome == "success"]
    assert json.loads(event.details)["mode"] == "in_person"
    assert event.school_id is not None

    # The school's list: the principal and the school's own parent access admin see it, the
    # other Central school's list does not have it.
    principal = staff_with_role(app, Role.PRINCIPAL, "1001")
    office = staff_with_role(app, Role.PARENT_ACCESS_ADMIN, "1001")
    other = staff_with_role(app, Role.PRINCIPAL, "1002")
    [row] = school_letters.letters_to_print(app, office)
    assert (row.student_number, row.mode, row.queued_by) == (
        fam.student_number,
        "in_person",
        "Ld Verifier",
    )
    assert [r.id for r in school_letters.letters_to_print(app, principal)] == [row.id]
    assert school_letters.letters_to_print(app, other) == []
    assert school_letters.letters_to_print(app, verifier)[0].id == row.id  # they may follow it

    # The district verifier (or a principal elsewhere) cannot print it.
    with pytest.raises(PermissionDenied) as refused:
        school_letters.print_queued_letter(app, verifier, row.id, tmp_path / "v.pdf")
    assert refused.value.code == "letters.queued_school_only"
    with pytest.raises(PermissionDenied):
        school_letters.print_queued_letter(app, other, row.id, tmp_path / "o.pdf")

    out = tmp_path / "queued.pdf"
    done = school_letters.print_queued_letter(app, office, row.id, out)
    assert done.letters == 1 and out.exists()
    text = "".join(p.extract_text() or "" for p in PdfReader(out).pages)
    with app.uow(readonly=True) as uow:
        pin_row = uow.pins.active_for_link(link)
        assert pin_row is not None
        display = pins.decrypt(app, pin_row).display
    assert display.replace("-", "") in text.replace("-", "").replace(" ", "")
    [disclosure] = table(runtime, PinDisclosure)
    assert (disclosure.channel, disclosure.staff_id) == ("print", office.staff_id)
    assert disclosure.verification_id == row.verification_id
    [printed] = [r for r in audit_rows(app, "letter_print") if r.outcome == "success"]
    details = json.loads(printed.details)
    assert details["school_letter_id"] == row.id and details["district_verification"] is True
    assert display not in printed.details
    assert school_letters.letters_to_print(app, office) == []
    with pytest.raises(PinUnavailable) as closed:
        school_letters.print_queued_letter(app, office, row.id, tmp_path / "again.pdf")
    assert closed.value.code == "letters.queued_closed"
    [letter] = table(runtime, SchoolLetter)
    assert (letter.outcome, letter.closed_by_id) == ("printed", office.staff_id)


def test_point4_district_verifier_letter_route_refusals_and_ended_pins(
    app, runtime, district, tmp_path
) -> None:
    families, verifier = district
    fam = families["1002"]
    link = fam.link_ids[0]
    with pytest.raises(VerificationRequired):  # no verification yet
        school_letters.queue_for_school(app, verifier, link)
    # A school's own verifier prints at the counter; the queue is for district offices.
    office = staff_with_role(app, Role.PARENT_ACCESS_ADMIN, "1002")
    passed(app, office, fam, "1002", VerificationMode.IN_PERSON)
    with pytest.raises(ValidationError) as refused:
        school_letters.queue_for_school(app, office, link)
    assert refused.value.code == "letters.queue_district_only"
    # After a phone reading the verifier may still queue the same PIN's letter.
    passed(app, verifier, fam, "1002", VerificationMode.VIDEO)
    read = pins.issue_pin(app, verifier, link, channel="phone")
    queued = school_letters.queue_for_school(app, verifier, link)
    assert not queued.new_pin
    with app.uow(readonly=True) as uow:
        assert uow.pins.active_for_link(link).id == read.pin_id
    # A revoked PIN: the letter leaves the list unprinted.
    pins.revoke_pin(app, office, link, reason="parent asked for a new one")
    [row] = school_letters.letters_to_print(app, office)
    assert row.pin_status == "revoked"
    with pytest.raises(PinUnavailable) as ended:
        school_letters.print_queued_letter(app, office, row.id, tmp_path / "x.pdf")
    assert ended.value.code == "letters.queued_pin_ended"
    assert not (tmp_path / "x.pdf").exists()
    assert school_letters.letters_to_print(app, office) == []
    failed = [r for r in audit_rows(app, "letter_print") if r.outcome == "failed"]
    assert len(failed) == 1
    # East's school is outside the verifier's scope.
    with pytest.raises(PermissionDenied):
        school_letters.queue_for_school(app, verifier, families["2001"].link_ids[0])
    # Reissue from the district: the old letter is replaced, one letter waits.
    passed(app, verifier, fam, "1002", VerificationMode.IN_PERSON)
    first = school_letters.queue_for_school(app, verifier, link)
    second = school_letters.queue_for_school(app, verifier, link, reissue=True, reason="lost")
    assert first.new_pin and second.new_pin
    assert [r.id for r in school_letters.letters_to_print(app, office)] == [second.letter_id]
    assert {r.outcome for r in table(runtime, SchoolLetter)} == {"pin_ended", "replaced", None}


@pytest.fixture
def cli(db_url):
    from click.testing import CliRunner

    from ppdesk.cli.main import main
    from tests.support.seed import PASSWORD

    def run(*args: str):
        return CliRunner().invoke(
            main, ["--database", db_url, *args], env={"PPDESK_PASSWORD": PASSWORD}
        )

    return run


def test_point4_district_verifier_letter_route_from_the_command_line(
    app, runtime, district, cli, tmp_path: Path
) -> None:
    families, verifier = district
    fam = families["1002"]
    with app.uow(readonly=True) as uow:
        guardian = uow.people.guardian(uow.people.link(fam.link_ids[0]).guardian_id)
    ref = f"{fam.student_number}:{guardian.full_name}"
    # The counter letter is refused at the district office, with the route in the message.
    passed(app, verifier, fam, "1002", VerificationMode.VIDEO)
    pins.issue_pin(app, verifier, fam.link_ids[0], channel="phone")
    out = tmp_path / "district.pdf"
    r = cli("letters", "--guardian-link", ref, "--out", str(out), "-u", "ld_verifier")
    assert r.exit_code != 0 and "school's route" in r.output and not out.exists()
    r = cli("school-letters", "queue", "--guardian-link", ref, "-u", "ld_verifier")
    assert r.exit_code == 0, r.output
    assert "Cedar Hill Middle" in r.output and "active PIN" in r.output
    staff_with_role(app, Role.PARENT_ACCESS_ADMIN, "1002")
    r = cli("school-letters", "list", "-u", "parent_access_admin_1002")
    assert r.exit_code == 0, r.output
    [line] = r.output.strip().splitlines()
    letter_id = line.split("\t")[0]
    assert fam.student_number in line and "on video" in line and "Ld Verifier" in line
    r = cli("school-letters", "print", letter_id, "--out", str(out), "-u", "ld_verifier")
    assert r.exit_code != 0 and "school's own staff" in r.output and not out.exists()
    r = cli(
        "school-letters", "print", letter_id, "--out", str(out), "-u", "parent_access_admin_1002"
    )
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:5] == b"%PDF-"
    r = cli("school-letters", "list", "-u", "parent_access_admin_1002")
    assert r.exit_code == 0 and "No letter is waiting" in r.output


def _queued_letter(app, district) -> tuple:
    """A letter queued for school 1001 after an in-person district verification, and the
    school's own parent access admin."""
    families, verifier = district
    fam = families["1001"]
    passed(app, verifier, fam, "1001", VerificationMode.IN_PERSON)
    queued = school_letters.queue_for_school(app, verifier, fam.link_ids[0])
    return queued, staff_with_role(app, Role.PARENT_ACCESS_ADMIN, "1001")


def _letter_and_records(runtime) -> tuple:
    """(the letter's closed_at and outcome, print disclosures, letter_print rows), read on a
    connection of the test's own."""
    with runtime.engine.connect() as conn:
        letter = conn.execute(select(SchoolLetter.closed_at, SchoolLetter.outcome)).one()
        disclosures = conn.execute(
            select(PinDisclosure.channel).where(PinDisclosure.channel == "print")
        ).all()
        conn.rollback()
    return tuple(letter), len(disclosures)


def _no_leftovers(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_point4_a_queued_letter_is_drawn_with_no_transaction_open(
    app, runtime, district, tmp_path
) -> None:
    """No connection (so no transaction, row lock or audit chain head) is held while the
    school's letter is drawn, and nothing is recorded or closed yet: the letter is closed
    and the print recorded after, and the file appears then."""
    from tests.support.drawing import Drawing

    queued, office = _queued_letter(app, district)
    seen: list[tuple] = []
    drawing = Drawing(app.files, runtime, during=lambda: seen.append(_letter_and_records(runtime)))
    app.files = drawing
    out = tmp_path / "queued.pdf"
    done = school_letters.print_queued_letter(app, office, queued.letter_id, out)
    assert done.letters == 1 and out.exists()
    assert drawing.checked_out == [0]
    assert seen == [((None, None), 0)]  # open, nothing recorded while it was drawn
    (closed_at, outcome), prints = _letter_and_records(runtime)
    assert closed_at is not None and (outcome, prints) == ("printed", 1)
    [row] = [r for r in audit_rows(app, "letter_print") if r.outcome == "success"]
    assert json.loads(row.details)["school_letter_id"] == queued.letter_id
    assert _no_leftovers(tmp_path)


def test_point4_a_queued_letter_whose_pin_is_revoked_while_drawn_is_not_printed(
    app, runtime, district, tmp_path
) -> None:
    """The PIN is checked again when the print is recorded: revoked meanwhile (at another
    desk), the letter is closed as pin_ended with its failed row, no print is recorded and
    no file appears."""
    from tests.support.drawing import Drawing

    queued, office = _queued_letter(app, district)
    link = queued.link_id
    app.files = Drawing(
        app.files,
        runtime,
        during=lambda: pins.revoke_pin(app, office, link, reason="custody order"),
    )
    out = tmp_path / "queued.pdf"
    with pytest.raises(PinUnavailable) as ended:
        school_letters.print_queued_letter(app, office, queued.letter_id, out)
    assert ended.value.code == "letters.queued_pin_ended"
    assert not out.exists() and _no_leftovers(tmp_path)
    (_closed, outcome), prints = _letter_and_records(runtime)
    assert (outcome, prints) == ("pin_ended", 0)
    assert [r.outcome for r in audit_rows(app, "letter_print")] == ["failed"]
    assert [r.outcome for r in audit_rows(app, "pin_revoke")] == ["success"]


def test_point4_a_queued_letter_printed_at_another_desk_while_drawn_is_printed_once(
    app, runtime, district, tmp_path
) -> None:
    """Two desks print the same letter at once: the one that records first has it; the
    other is told so, records nothing and leaves no file."""
    from ppdesk.domain.errors import Conflict
    from tests.support.drawing import Drawing

    queued, office = _queued_letter(app, district)
    principal = staff_with_role(app, Role.PRINCIPAL, "1001")
    other = tmp_path / "other.pdf"
    nested: list[bool] = []

    def the_other_desk() -> None:
        if not nested:  # the other desk's own drawing does not start a third
            nested.append(True)
            school_letters.print_queued_letter(app, principal, queued.letter_id, other)

    app.files = Drawing(app.files, runtime, during=the_other_desk)
    out = tmp_path / "queued.pdf"
    with pytest.raises(Conflict) as lost:
        school_letters.print_queued_letter(app, office, queued.letter_id, out)
    assert lost.value.code == "letters.queued_printed_elsewhere"
    assert other.exists() and not out.exists() and _no_leftovers(tmp_path)
    (_closed, outcome), prints = _letter_and_records(runtime)
    assert (outcome, prints) == ("printed", 1)
    [row] = audit_rows(app, "letter_print")
    assert (row.outcome, row.actor) == ("success", principal.username)
    [letter] = table(runtime, SchoolLetter)
    assert letter.closed_by_id == principal.staff_id


def test_point4_a_queued_letter_whose_drawing_fails_stays_on_the_list(
    app, runtime, district, tmp_path
) -> None:
    """A renderer that fails (or a desk that dies) while the letter is drawn leaves it
    open and unrecorded: it is printed again later, once."""
    from tests.support.drawing import Drawing

    queued, office = _queued_letter(app, district)
    real = app.files

    def fails() -> None:
        raise OSError("the disk is full")

    app.files = Drawing(real, runtime, during=fails)
    out = tmp_path / "queued.pdf"
    with pytest.raises(OSError, match="disk is full"):
        school_letters.print_queued_letter(app, office, queued.letter_id, out)
    assert not out.exists() and _no_leftovers(tmp_path)
    assert _letter_and_records(runtime) == ((None, None), 0)
    assert audit_rows(app, "letter_print") == []
    assert [r.id for r in school_letters.letters_to_print(app, office)] == [queued.letter_id]
    app.files = real
    school_letters.print_queued_letter(app, office, queued.letter_id, out)
    assert out.exists()
    (_closed, outcome), prints = _letter_and_records(runtime)
    assert (outcome, prints) == ("printed", 1)
    assert [r.outcome for r in audit_rows(app, "letter_print")] == ["success"]
