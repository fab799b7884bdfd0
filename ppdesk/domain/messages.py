"""The catalogue of refusal messages: one English sentence per stable error code.

A domain error carries a code (``"pin.not_active"``) and named parameters; the sentence is
rendered from the template here with ``str.format``-style fields (``{username}``). The GUI
translates the same template through Qt (context ``messages``: ``pyside6-lupdate`` reads
this file, see ``ppdesk.gui.office.i18n``) and fills in the same parameters, so the Spanish
desk says the refusal in Spanish; the CLI prints the English.

Codes are stable: scripts, tests and translations refer to them. To add one: add the
entry here, raise it (``raise NotFound("student.not_found")``), run ``pyside6-lupdate``,
write the Spanish in ``resources/translations/ppdesk_es.ts`` and run ``pyside6-lrelease``.
``tests/unit/test_error_codes.py`` fails on a code raised but not catalogued, a code without
Spanish, or a Spanish sentence whose fields differ from the English.

Parameters are plain values (text, whole numbers). A PIN, password, passphrase or key is
never a parameter: :func:`check_params` refuses parameter names that say so and values of
any other type (a :class:`ppdesk.domain.pin.Pin` among them), and withholds a text value
shaped like a Parent Portal PIN with a valid check symbol.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, Union

# A parameter is text, a whole number, a list of codes of other (field-less) sentences of
# the catalogue, rendered one after the other joined by "; " (each translated on its own),
# or a :class:`Message` (another sentence of the catalogue with its own parameters,
# translated on its own: a letter template's "file, line 21").
Param = Union[str, int, tuple[str, ...], "Message"]

WITHHELD: Final = "[withheld]"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for ``pyside6-lupdate`` (context ``messages``); returns it unchanged."""
    return source


_PERMISSION_DENIED = {
    "permission.lookup": QT_TRANSLATE_NOOP(
        "messages", "Your role does not allow looking up students here."
    ),
    "permission.lookup_all_students": QT_TRANSLATE_NOOP(
        "messages", "Your role only shows the students of your own homeroom."
    ),
    "permission.verify_identity": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal, an assistant principal or a parent access account administrator "
        "can verify a parent's identity.",
    ),
    "permission.manage_pin": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal, an assistant principal or a parent access account administrator "
        "can issue, reissue, revoke or reveal a Parent Portal PIN.",
    ),
    "permission.bulk_letters": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can print letters in bulk."
    ),
    "permission.export_roster": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or an assistant principal can export the Student/Parent PIN roster.",
    ),
    "permission.record_legal_guardian": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or an assistant principal can record a verified parent and legal "
        "guardian.",
    ),
    "permission.unlock_guardian": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can unlock a guardian."
    ),
    "permission.grant_parent_access_admin": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or a district administrator can grant or revoke the parent access "
        "account administrator role.",
    ),
    "permission.grant_any_role": QT_TRANSLATE_NOOP(
        "messages", "Only a district administrator can grant or revoke this role."
    ),
    "permission.set_status_source": QT_TRANSLATE_NOOP(
        "messages",
        "Only a district administrator can switch where a school records the verified parent "
        "and legal guardian status.",
    ),
    "permission.read_audit": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can read the audit trail."
    ),
    "permission.import_sis": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or a district administrator can import SIS data."
    ),
    "permission.import_sis_school": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or a district administrator can import SIS data. (The import "
        "concerns school {school}, which is outside your schools.)",
    ),
    "permission.manage_staff": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or a district administrator can manage staff accounts."
    ),
    "permission.manage_keys": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or a district administrator can export or import PIN keys.",
    ),
    "permission.read_reports": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can run these reports."
    ),
    "permission.read_office_reports": QT_TRANSLATE_NOOP(
        "messages",
        "Only school office staff, parent access account administrators, principals and "
        "assistant principals can run these reports.",
    ),
}

_SESSIONS = {
    "auth.wrong_password": QT_TRANSLATE_NOOP("messages", "Wrong user name or password."),
    "auth.account_locked": QT_TRANSLATE_NOOP(
        "messages",
        "This account is locked after too many failed logins. Ask your principal or district "
        "administrator to unlock it.",
    ),
    "auth.step_up": QT_TRANSLATE_NOOP(
        "messages",
        "For your protection, enter your password again before showing, printing or "
        "exporting PINs.",
    ),
    "password.too_short": QT_TRANSLATE_NOOP(
        "messages", "password: use at least {minimum} characters (a short phrase works well)."
    ),
    "password.too_long": QT_TRANSLATE_NOOP("messages", "password: at most {maximum} characters."),
    "password.nul_byte": QT_TRANSLATE_NOOP("messages", "password: contains a NUL byte."),
    "database.busy": QT_TRANSLATE_NOOP(
        "messages",
        "This record is being changed on another workstation, so nothing was saved. Please "
        "try again in a moment.",
    ),
}

_COUNTER = {
    # the guardian and the verification checklist
    "guardian.not_linked": QT_TRANSLATE_NOOP(
        "messages", "This guardian is not linked to this student."
    ),
    "guardian.not_found": QT_TRANSLATE_NOOP("messages", "No such guardian."),
    "student.not_found": QT_TRANSLATE_NOOP("messages", "No such student."),
    "guardian.not_verified_parent": QT_TRANSLATE_NOOP(
        "messages",
        "This person is not listed as the \u201cverified parent and legal guardian\u201d of "
        "this student, so no PIN can be issued. Check the student information system (MiSiS) "
        "for the \u201cverified parent and legal guardian\u201d status. If the person is not "
        "listed, follow your school's standard procedure to confirm that they meet the "
        "requirements. Once confirmed, the status must be updated in the student information "
        "system before a Parent Portal PIN can be issued.",
    ),
    "verification.guardian_locked": QT_TRANSLATE_NOOP(
        "messages",
        "This guardian is locked after {failures} failed verifications in 24 hours. A "
        "principal or assistant principal must unlock the guardian before another attempt.",
    ),
    "verification.record_incomplete": QT_TRANSLATE_NOOP(
        "messages",
        "The checklist cannot start: {missing}. The emergency card (address, phone numbers "
        "and emergency contacts) is updated at the main office with documentation (reference "
        "guide section VIII); once the student information system has it and ppdesk has "
        "imported it, start the checklist again. Nothing was counted against the guardian.",
    ),
    "verification.missing.address": QT_TRANSLATE_NOOP(
        "messages",
        "the record has no home address, so the address and phone question cannot be asked",
    ),
    "verification.missing.phone": QT_TRANSLATE_NOOP(
        "messages",
        "the record has no phone number (neither the student's nor a guardian's), so the "
        "address and phone question cannot be asked",
    ),
    "verification.missing.emergency_contact": QT_TRANSLATE_NOOP(
        "messages",
        "the record has no emergency contact with a name and a phone number, so the "
        "emergency contact question cannot be asked",
    ),
    "verification.not_found": QT_TRANSLATE_NOOP("messages", "No such verification."),
    "verification.not_yours": QT_TRANSLATE_NOOP(
        "messages", "Only the staff member who started this verification can complete it."
    ),
    "verification.required": QT_TRANSLATE_NOOP(
        "messages",
        "Verify this guardian's identity first: a passed verification by you in the last "
        "{minutes} minutes is needed.",
    ),
    "verification.video_required_for_phone": QT_TRANSLATE_NOOP(
        "messages",
        "A PIN may be read out by phone only after a passed live video verification "
        "(reference guide section IV).",
    ),
    "verification.district_route": QT_TRANSLATE_NOOP(
        "messages",
        "After a verification by a district office the PIN letter goes by the school's "
        "route: read the PIN by phone after a passed live video verification (reference "
        "guide section IV, step 3), or queue the letter for the school to print. It is not "
        "shown on screen, printed or exported here.",
    ),
    # PINs
    "pin.keys_unavailable": QT_TRANSLATE_NOOP(
        "messages", "PIN keys are not available on this workstation."
    ),
    "pin.channel_unknown": QT_TRANSLATE_NOOP("messages", "channel: one of {channels}."),
    "pin.issued_elsewhere": QT_TRANSLATE_NOOP(
        "messages",
        "Another workstation has just issued a PIN for this guardian. Refresh and look again.",
    ),
    "pin.request_handled": QT_TRANSLATE_NOOP(
        "messages", "This request was already handled. Refresh and look again."
    ),
    "pin.not_unique": QT_TRANSLATE_NOOP(
        "messages", "Could not generate a unique PIN just now. Please try again."
    ),
    "pin.no_longer_shown": QT_TRANSLATE_NOOP(
        "messages", "This PIN is {state}; it can no longer be shown. Issue a new one if needed."
    ),
    "pin.request_other_pin": QT_TRANSLATE_NOOP(
        "messages", "This request id belongs to another PIN."
    ),
    "pin.letter_waiting": QT_TRANSLATE_NOOP(
        "messages",
        "This guardian has a bulk letter ({letter}) waiting to be handed over. Hand it over, "
        "or reissue to replace it.",
    ),
    "pin.already_active": QT_TRANSLATE_NOOP(
        "messages",
        "This guardian already has an active PIN. Reveal it, or reissue to replace it.",
    ),
    "pin.ended_meanwhile": QT_TRANSLATE_NOOP(
        "messages",
        "This PIN was redeemed or revoked on another workstation a moment ago. Refresh to see "
        "its state.",
    ),
    "pin.none_to_show": QT_TRANSLATE_NOOP(
        "messages",
        "There is no active PIN to show (it is {state}). Issue a new one if needed.",
    ),
    "pin.none_to_revoke": QT_TRANSLATE_NOOP(
        "messages", "There is no active or held PIN to revoke."
    ),
    "pin.state.held": QT_TRANSLATE_NOOP("messages", "held"),
    "pin.state.active": QT_TRANSLATE_NOOP("messages", "active"),
    "pin.state.redeemed": QT_TRANSLATE_NOOP("messages", "redeemed"),
    "pin.state.revoked": QT_TRANSLATE_NOOP("messages", "revoked"),
    "pin.state.expired": QT_TRANSLATE_NOOP("messages", "expired"),
    "pin.state.none": QT_TRANSLATE_NOOP("messages", "none"),
    "pin.state.not_issued": QT_TRANSLATE_NOOP("messages", "not issued"),
    # bulk letters handed over at the counter
    "handover.letter_not_found": QT_TRANSLATE_NOOP(
        "messages", "No bulk letter {letter} at your school(s). Check the number."
    ),
    "handover.already_live": QT_TRANSLATE_NOOP(
        "messages", "This letter was already handed over; its PIN is live."
    ),
    "handover.no_held_letter": QT_TRANSLATE_NOOP(
        "messages", "There is no held letter for this guardian."
    ),
    "handover.no_held_letter_state": QT_TRANSLATE_NOOP(
        "messages", "There is no held letter for this guardian (the last PIN is {state})."
    ),
    "handover.no_letter_number": QT_TRANSLATE_NOOP("messages", "This PIN has no letter number."),
    "handover.changed_elsewhere": QT_TRANSLATE_NOOP(
        "messages", "Another workstation has just changed this letter. Look again."
    ),
    # looking up
    "lookup.no_role": QT_TRANSLATE_NOOP(
        "messages", "Your account has no role that allows looking up students."
    ),
    "lookup.parent_search_teacher": QT_TRANSLATE_NOOP(
        "messages", "Parent search is not available to teachers."
    ),
    "lookup.student_number_not_found": QT_TRANSLATE_NOOP(
        "messages", "No student with ID {number!r} among the students you may see."
    ),
    "lookup.guardian_name_missing": QT_TRANSLATE_NOOP(
        "messages", "guardian name: give the guardian's name after the colon."
    ),
    "lookup.guardian_name_not_found": QT_TRANSLATE_NOOP(
        "messages", "Student {number} has no guardian named {name!r}: {listed}."
    ),
    "lookup.guardian_name_ambiguous": QT_TRANSLATE_NOOP(
        "messages",
        "More than one guardian of student {number} matches {name!r}: {listed}. Give more of "
        "the name, or the link id.",
    ),
    # redemption by the parent (portal side)
    "redemption.email_invalid": QT_TRANSLATE_NOOP("messages", "email: not a valid email address."),
    "redemption.locked": QT_TRANSLATE_NOOP(
        "messages",
        "Too many attempts for this student in 24 hours. Please contact the school office.",
    ),
    "redemption.not_activated": QT_TRANSLATE_NOOP(
        "messages",
        "This PIN has not been activated yet. Bring a photo ID to the school office.",
    ),
    "redemption.no_match": QT_TRANSLATE_NOOP(
        "messages",
        "The student ID, date of birth and PIN do not match. Check them and try again.",
    ),
    "student.number_not_found": QT_TRANSLATE_NOOP("messages", "No student with this ID."),
}

# The SIS decides the verified parent and legal guardian status (guide section III).
_SIS_STATUS = {
    "sis_status.from_sis": QT_TRANSLATE_NOOP(
        "messages",
        "This school's records come from the student information system (SIS): the verified "
        "parent and legal guardian status must be updated in the SIS (section III). ppdesk "
        "records a request for the office instead (\u201cRequest the SIS update\u2026\u201d); "
        "the PIN can be issued once an SIS import carries the status.",
    ),
    "sis_status.no_sis_import": QT_TRANSLATE_NOOP(
        "messages",
        "No SIS import feeds this school: record the verified parent and legal guardian "
        "status at the desk instead.",
    ),
    "sis_status.already_verified": QT_TRANSLATE_NOOP(
        "messages",
        "The SIS already lists this guardian as verified parent and legal guardian.",
    ),
    "sis_status.already_requested": QT_TRANSLATE_NOOP(
        "messages",
        "An SIS update for this guardian was already requested by {requested_by} on "
        "{requested_on}; it is on the \u201cSIS updates to make\u201d report.",
    ),
    "sis_status.documents_missing": QT_TRANSLATE_NOOP(
        "messages",
        "documents: say which documents you saw to confirm the parent or legal guardian.",
    ),
    "sis_status.document_unknown": QT_TRANSLATE_NOOP(
        "messages", "documents: unknown kind \u201c{kind}\u201d; use one of {kinds}."
    ),
    "sis_status.other_needs_note": QT_TRANSLATE_NOOP(
        "messages", "note: say which other document you saw."
    ),
    "sis_status.source_unchanged": QT_TRANSLATE_NOOP(
        "messages", "School {code} already records the verified status this way."
    ),
    "sis_status.no_open_request": QT_TRANSLATE_NOOP(
        "messages", "There is no open SIS update request for this guardian."
    ),
}

_STAFF_AND_SETTINGS = {
    "staff.username_chars": QT_TRANSLATE_NOOP(
        "messages", "username: use letters, digits, dots, dashes, underscores or @ only."
    ),
    "school.code_not_found": QT_TRANSLATE_NOOP("messages", "school: no school with code {code!r}."),
    "staff.username_taken": QT_TRANSLATE_NOOP(
        "messages", "username: {username!r} is already taken."
    ),
    "staff.first_role": QT_TRANSLATE_NOOP(
        "messages", "role: the first account is a principal or a district admin."
    ),
    "staff.database_login_kind": QT_TRANSLATE_NOOP(
        "messages", "database login: password or directory."
    ),
    "staff.password_login_needs_password": QT_TRANSLATE_NOOP(
        "messages", "A password login needs a password."
    ),
    "grant.school_needed": QT_TRANSLATE_NOOP(
        "messages", "school: a school is needed for this role."
    ),
    "grant.district_admin_not_school": QT_TRANSLATE_NOOP(
        "messages",
        "school: a district administrator is granted for a local district, not a school.",
    ),
    "grant.district_has_no_school": QT_TRANSLATE_NOOP(
        "messages", "local district: no school in {district!r}."
    ),
    "staff.username_not_found": QT_TRANSLATE_NOOP(
        "messages", "username: no staff member {username!r}."
    ),
    "staff.person_logins_need_postgres": QT_TRANSLATE_NOOP(
        "messages",
        "Personal database logins need a shared PostgreSQL database on which an administrator"
        " ran `ppdesk db roles --apply`.",
    ),
    "staff.not_found": QT_TRANSLATE_NOOP("messages", "No such staff member."),
    "staff.already_set_up": QT_TRANSLATE_NOOP(
        "messages",
        "This database already has staff accounts; ask a principal or district administrator "
        "to add yours.",
    ),
    "grant.local_district_required": QT_TRANSLATE_NOOP(
        "messages", "local district: required for a district administrator."
    ),
    "grant.already_held": QT_TRANSLATE_NOOP("messages", "{username} already has this role here."),
    "grant.not_held": QT_TRANSLATE_NOOP("messages", "{username} does not hold this role here."),
    "staff.nothing_to_change": QT_TRANSLATE_NOOP("messages", "Nothing to change."),
    "settings.logo_type": QT_TRANSLATE_NOOP("messages", "Logo: a PNG or JPEG image."),
    "settings.outreach_days": QT_TRANSLATE_NOOP(
        "messages", "Outreach: held letters are listed after 1 to 90 days."
    ),
    "connection.kind": QT_TRANSLATE_NOOP(
        "messages", "database: choose a SQLite file or PostgreSQL."
    ),
    "connection.port": QT_TRANSLATE_NOOP("messages", "port: between 1 and 65535."),
    "connection.host": QT_TRANSLATE_NOOP("messages", "host: a server name or address only."),
    "connection.password_not_needed": QT_TRANSLATE_NOOP(
        "messages", "A password is only needed for a PostgreSQL server."
    ),
    "custody.not_verified_parent": QT_TRANSLATE_NOOP(
        "messages", "This guardian is not recorded as verified parent and legal guardian."
    ),
    "demo.students_range": QT_TRANSLATE_NOOP("messages", "students: between 10 and 1,000,000."),
    "demo.database_not_empty": QT_TRANSLATE_NOOP(
        "messages", "The demo needs an empty database; this one already has data."
    ),
}


_LETTERS_AND_FILES = {
    "letters.out_not_pdf": QT_TRANSLATE_NOOP("messages", "The letters file must end in .pdf."),
    "letters.out_is_folder": QT_TRANSLATE_NOOP("messages", "{path} is a folder; give a file name."),
    "letters.out_folder_missing": QT_TRANSLATE_NOOP(
        "messages", "The folder {folder} does not exist."
    ),
    "letters.choose_school_of": QT_TRANSLATE_NOOP(
        "messages", "Choose the school to print letters for ({codes})."
    ),
    "letters.choose_school": QT_TRANSLATE_NOOP(
        "messages", "Choose the school to print letters for."
    ),
    "letters.template_unknown": QT_TRANSLATE_NOOP(
        "messages", "There is no letter template for {language!r}. Available: auto, {available}."
    ),
    "letters.school_not_found": QT_TRANSLATE_NOOP(
        "messages", "There is no school with code {code}."
    ),
    "export.out_suffix": QT_TRANSLATE_NOOP(
        "messages", "out: the file name must end in {suffixes}."
    ),
    "export.out_folder_missing": QT_TRANSLATE_NOOP(
        "messages", "out: the folder {folder} does not exist."
    ),
    "export.out_is_folder": QT_TRANSLATE_NOOP("messages", "out: {path} is a folder."),
    "export.school_not_found": QT_TRANSLATE_NOOP("messages", "No school with the code {code}."),
    "keys.passphrase_too_short": QT_TRANSLATE_NOOP(
        "messages", "passphrase: use at least {minimum} characters."
    ),
    "keys.already_exist": QT_TRANSLATE_NOOP(
        "messages", "This database already has PIN keys. Import them with `ppdesk keys import`."
    ),
    "keys.init_needs_owner": QT_TRANSLATE_NOOP(
        "messages",
        'New PIN keys are made on an administrator\'s workstation (sign_in = "workstation",'
        " its role a member of the database's owner role), not over a personal login:"
        " nothing was changed.",
    ),
    "keys.nothing_to_recover": QT_TRANSLATE_NOOP(
        "messages",
        "The PIN keys of this database work on this workstation: there is nothing to recover."
        " To set up another workstation use `ppdesk keys export` here.",
    ),
    "keys.never_created": QT_TRANSLATE_NOOP(
        "messages", "This database has never had PIN keys: create them with `ppdesk keys init`."
    ),
    "keys.recover_district_only": QT_TRANSLATE_NOOP(
        "messages",
        "A key recovery revokes PINs at every school in the database: only a district "
        "administrator for all of them can run it.",
    ),
    "audit.checkpoint_other_database": QT_TRANSLATE_NOOP(
        "messages", "This checkpoint belongs to another database."
    ),
    "sis.template_is_xlsx": QT_TRANSLATE_NOOP(
        "messages", "file: the template is an .xlsx workbook."
    ),
    "sis.kind_unknown": QT_TRANSLATE_NOOP("messages", "kind: one of {kinds}."),
    "sis.import_running": QT_TRANSLATE_NOOP(
        "messages", "Another SIS import is being applied right now. Try again once it has finished."
    ),
    "roster.reveal_too_many": QT_TRANSLATE_NOOP(
        "messages", "Reveal at most {maximum:,} rows at a time."
    ),
}


_HAND_WRITTEN = {
    "letters.no_active_pin": QT_TRANSLATE_NOOP(
        "messages", "This guardian has no active PIN to print. Issue one first, then print."
    ),
    "letters.no_active_pin_why": QT_TRANSLATE_NOOP(
        "messages",
        "This guardian has no active PIN to print ({why}). Issue one first, then print.",
    ),
    "letters.past_pin.redeemed": QT_TRANSLATE_NOOP(
        "messages", "the parent already used the last one to register in the portal"
    ),
    "letters.past_pin.revoked": QT_TRANSLATE_NOOP("messages", "the last one was revoked"),
    "letters.past_pin.expired": QT_TRANSLATE_NOOP("messages", "the last one has expired"),
    # letters of district verifications, printed by the school
    "letters.queue_district_only": QT_TRANSLATE_NOOP(
        "messages",
        "The school's own staff print the letter at the counter; only a verification by a "
        "district office queues it for the school.",
    ),
    "letters.queued_not_found": QT_TRANSLATE_NOOP(
        "messages", "There is no such letter waiting for the school."
    ),
    "letters.queued_school_only": QT_TRANSLATE_NOOP(
        "messages",
        "Only the school's own staff (a principal, an assistant principal or the school's "
        "parent access account administrator) print a letter queued by a district office.",
    ),
    "letters.queued_closed": QT_TRANSLATE_NOOP(
        "messages", "This letter is no longer waiting: {outcome}."
    ),
    "letters.queued.printed": QT_TRANSLATE_NOOP("messages", "it was printed already"),
    "letters.queued.replaced": QT_TRANSLATE_NOOP("messages", "a newer letter replaced it"),
    "letters.queued.pin_ended": QT_TRANSLATE_NOOP(
        "messages", "its PIN was revoked, used or has expired"
    ),
    "letters.queued_pin_ended": QT_TRANSLATE_NOOP(
        "messages",
        "The PIN of this letter was revoked, used or has expired, so the letter was taken off "
        "the list and not printed. The guardian needs a new verification.",
    ),
    "letters.queued_printed_elsewhere": QT_TRANSLATE_NOOP(
        "messages", "Another workstation has just printed this letter. Refresh the list."
    ),
    "letters.bulk_off": QT_TRANSLATE_NOOP(
        "messages",
        "Bulk PIN letters are switched off for this school. Issue PINs at the counter after a "
        "verification, or ask the principal to switch bulk letters on in Settings.",
    ),
    "letters.none_selected": QT_TRANSLATE_NOOP(
        "messages",
        "There are no letters to print for this selection ({not_verified} not verified legal "
        "guardians, {registered} already registered, {locked} locked, {live} with a live "
        "PIN).",
    ),
    "audit.checkpoint_no_key": QT_TRANSLATE_NOOP(
        "messages",
        "A checkpoint is signed with the audit key, which this workstation does not have "
        "({problem}).",
    ),
    "audit.chain_not_intact": QT_TRANSLATE_NOOP(
        "messages", "The audit trail is {state}; no checkpoint written."
    ),
    "sis.readers_missing": QT_TRANSLATE_NOOP(
        "messages", "The SIS readers are not available in this program."
    ),
    "sis.import_rejected": QT_TRANSLATE_NOOP(
        "messages",
        "The import was not applied: {total:,} error(s) must be fixed first; nothing was "
        "changed.\n{problems}",
    ),
    "sis.deactivations_not_confirmed": QT_TRANSLATE_NOOP(
        "messages",
        "The import was not applied: it would make {students:,} student(s) and {guardians:,} "
        "guardian(s) inactive ({deactivations:,} in all, over the threshold of "
        "{threshold:,}) and revoke {revoked:,} PIN(s); revoked PINs stay revoked. A cut-short "
        "export looks like this: check the files. If they are right, confirm with "
        "--allow-deactivations {deactivations}. Nothing was changed.",
    ),
}

_ROSTER = {
    "roster.sort_unknown": QT_TRANSLATE_NOOP(
        "messages", "The roster cannot be sorted by {sort!r}."
    ),
    "roster.page_size": QT_TRANSLATE_NOOP("messages", "A roster page has 1 to {maximum:,} rows."),
}


_DOMAIN_VALUES = {
    "pin.typed_not_text": QT_TRANSLATE_NOOP("messages", "PIN: expected text."),
    "pin.typed_far_too_long": QT_TRANSLATE_NOOP(
        "messages", "A Parent Portal PIN has {length} letters and digits; this is far too long."
    ),
    "pin.typed_empty": QT_TRANSLATE_NOOP("messages", "Enter the Parent Portal PIN."),
    "pin.typed_student_pin": QT_TRANSLATE_NOOP(
        "messages",
        "This has only digits, like a student (MyMail) PIN. A Parent Portal PIN always has "
        "letters and digits; it is printed on the Parent Portal PIN letter.",
    ),
    "pin.typed_length": QT_TRANSLATE_NOOP(
        "messages", "A Parent Portal PIN has {length} letters and digits; {entered} were entered."
    ),
    "pin.typed_mistyped": QT_TRANSLATE_NOOP(
        "messages",
        "This PIN looks mistyped (its last symbol does not fit). Check each letter and digit "
        "against the letter and try again.",
    ),
    "pin.expiry_not_whole": QT_TRANSLATE_NOOP("messages", "PIN expiry: a whole number of days."),
    "pin.expiry_range": QT_TRANSLATE_NOOP(
        "messages", "PIN expiry: between {minimum} and {maximum} days (default {default})."
    ),
    "pin.not_canonical": QT_TRANSLATE_NOOP("messages", "Not a valid canonical PIN."),
    "pin.needs_a_letter": QT_TRANSLATE_NOOP(
        "messages", "A Parent Portal PIN has at least one letter."
    ),
    "pin.typed_bad_character": QT_TRANSLATE_NOOP(
        "messages", "Character {position} of the PIN is not a letter or digit used in PINs."
    ),
    "selection.unknown": QT_TRANSLATE_NOOP(
        "messages", "No {what} {typed!r} {where}. Known: {known}."
    ),
    "selection.homeroom_unknown": QT_TRANSLATE_NOOP(
        "messages", "No homeroom {typed!r} {where}. Known: {known}."
    ),
    "selection.grade_empty": QT_TRANSLATE_NOOP("messages", "No students in grade {grade} {where}."),
    "selection.ambiguous": QT_TRANSLATE_NOOP(
        "messages", "{typed!r} matches several {what}s: {hits}. Be more precise."
    ),
    "selection.homeroom_ambiguous": QT_TRANSLATE_NOOP(
        "messages", "{typed!r} matches several homerooms: {rooms}. Be more precise."
    ),
    "settings.pin_expiry_range": QT_TRANSLATE_NOOP(
        "messages", "PIN expiry: between 1 and 90 days."
    ),
    "settings.encoding_unknown": QT_TRANSLATE_NOOP(
        "messages", "encoding: {encoding!r} is not a known text encoding (try cp1252)."
    ),
    "settings.time_zone_unknown": QT_TRANSLATE_NOOP(
        "messages",
        "Time zone: {zone!r} is not a known time zone (an IANA name such as America/Los_Angeles).",
    ),
    "settings.idle_lock_range": QT_TRANSLATE_NOOP(
        "messages", "Idle lock: between 1 and 120 minutes."
    ),
    "settings.letter_languages_unknown": QT_TRANSLATE_NOOP(
        "messages", "Letter languages: unknown code(s) {codes}."
    ),
    "settings.ui_language": QT_TRANSLATE_NOOP("messages", "Interface language: en or es."),
    "settings.paper_size": QT_TRANSLATE_NOOP("messages", "Paper size: letter or a4."),
    "settings.sign_in": QT_TRANSLATE_NOOP("messages", "Sign-in: workstation or database."),
    "settings.sign_in_no_credential": QT_TRANSLATE_NOOP(
        "messages",
        "Sign-in by each person's own database login (sign_in = database): this workstation "
        "keeps no database user or password. Leave User and Password empty.",
    ),
    "settings.deactivation_percent": QT_TRANSLATE_NOOP(
        "messages", "Import deactivation threshold: between 0 and 100 percent."
    ),
    "sis.grade_unknown": QT_TRANSLATE_NOOP(
        "messages",
        "{label}: {value} is not a grade served by the Parent Portal (TK, K or KG, 1 to 12; "
        "01 to 12 also accepted).",
    ),
    "sis.yes_no": QT_TRANSLATE_NOOP("messages", "{label}: {value} is not Yes or No."),
    "sis.no_spaces": QT_TRANSLATE_NOOP("messages", "{label}: must not contain spaces."),
    "sis.date_ambiguous": QT_TRANSLATE_NOOP(
        "messages",
        "{label}: {value} is ambiguous (day and month could be swapped); use YYYY-MM-DD, for "
        "example 2015-03-04 for 4 March 2015.",
    ),
    "sis.date_rewrite": QT_TRANSLATE_NOOP(
        "messages",
        "{label}: {value} is not written as YYYY-MM-DD; write it as "
        "{year:04d}-{month:02d}-{day:02d} (dates are never converted silently).",
    ),
    "sis.date_not_iso": QT_TRANSLATE_NOOP(
        "messages", "{label}: {value} is not written as YYYY-MM-DD (for example 2015-03-04)."
    ),
    "sis.date_not_date": QT_TRANSLATE_NOOP(
        "messages", "{label}: {value} is not a date; use YYYY-MM-DD (for example 2015-03-04)."
    ),
    "sis.date_future": QT_TRANSLATE_NOOP("messages", "{label}: {value} is in the future."),
    "sis.date_before_1900": QT_TRANSLATE_NOOP("messages", "{label}: {value} is before 1900."),
    "sis.staff_role_unknown": QT_TRANSLATE_NOOP(
        "messages",
        "{label}: {value} is not one of Teacher, Office staff, Assistant principal, Principal.",
    ),
    "sis.date_not_real": QT_TRANSLATE_NOOP("messages", "{label}: {value} is not a real date."),
    "sis.date_not_leap": QT_TRANSLATE_NOOP(
        "messages", "{label}: {value} is not a real date ({year} is not a leap year)."
    ),
    "sis.email_invalid": QT_TRANSLATE_NOOP(
        "messages", "{label}: {value} is not an e-mail address."
    ),
    "sis.phone_invalid": QT_TRANSLATE_NOOP("messages", "{label}: {value} is not a phone number."),
    "sis.url_invalid": QT_TRANSLATE_NOOP(
        "messages", "{label}: {value} is not a web address starting with https://."
    ),
    "text.not_text": QT_TRANSLATE_NOOP("messages", "{label}: expected text."),
    "text.nul_byte": QT_TRANSLATE_NOOP(
        "messages", "{label}: contains a NUL byte, which is not allowed."
    ),
    "text.control_character": QT_TRANSLATE_NOOP(
        "messages", "{label}: contains a control character."
    ),
    "text.single_line": QT_TRANSLATE_NOOP("messages", "{label}: must be a single line."),
    "text.too_long": QT_TRANSLATE_NOOP(
        "messages", "{label}: {length} characters is longer than the limit of {maximum}."
    ),
    "text.required": QT_TRANSLATE_NOOP("messages", "{label}: is required."),
}


_WORKSTATION = {
    "keys.features_off": QT_TRANSLATE_NOOP(
        "messages",
        "PIN features are turned off: {problem}. Ask an administrator to set up the system "
        "keyring or a protected key file (see README, 'Keys').",
    ),
    "keys.no_secure_store": QT_TRANSLATE_NOOP(
        "messages", "There is no secure place to store PIN keys on this workstation."
    ),
    "keys.file_not_ppdesk": QT_TRANSLATE_NOOP("messages", "This is not a ppdesk key file."),
    "keys.file_other_database": QT_TRANSLATE_NOOP(
        "messages", "This key file belongs to another database."
    ),
    "keys.db_password_not_saved": QT_TRANSLATE_NOOP(
        "messages",
        "The database password cannot be saved: {problem}. Enter it at each start or "
        "configure the system keyring.",
    ),
    "keys.file_no_keys": QT_TRANSLATE_NOOP(
        "messages", "The key file {path} has no keys for this database."
    ),
    "keys.file_readable": QT_TRANSLATE_NOOP(
        "messages",
        "The key file {path} can be read by other users (mode {mode}); run `chmod 600` on it.",
    ),
    "keys.file_not_writable": QT_TRANSLATE_NOOP(
        "messages",
        "There is no secure place to store PIN keys on this workstation: the key file {path} "
        "cannot be written ({reason}).",
    ),
    "keys.file_damaged": QT_TRANSLATE_NOOP("messages", "The key file is damaged."),
    "keys.wrong_passphrase": QT_TRANSLATE_NOOP("messages", "Wrong passphrase for this key file."),
    "keys.keyring_locked_db_password": QT_TRANSLATE_NOOP(
        "messages",
        "The system keyring is locked or unavailable ({reason}), so the saved database "
        "password cannot be read. Unlock it and try again.",
    ),
    "keys.keyring_locked": QT_TRANSLATE_NOOP(
        "messages",
        "The system keyring is locked or unavailable ({reason}). Unlock it and try again.",
    ),
    "keys.none_for_database": QT_TRANSLATE_NOOP(
        "messages",
        "This workstation has no PIN keys for this database. An administrator must import "
        "them with `ppdesk keys import`.",
    ),
    "schema.backup_sqlite_only": QT_TRANSLATE_NOOP(
        "messages", "Only a SQLite file can be backed up this way."
    ),
    "schema.needs_upgrade": QT_TRANSLATE_NOOP(
        "messages",
        "The shared database needs an upgrade ({state}). Ask an administrator to run `ppdesk "
        "db upgrade` once, then start again.",
    ),
    "schema.too_new": QT_TRANSLATE_NOOP(
        "messages",
        "This database was upgraded by a newer ppdesk ({state}). Install the newer ppdesk on "
        "this workstation.",
    ),
    "schema.foreign_tables": QT_TRANSLATE_NOOP(
        "messages",
        "This database already holds tables that are not ppdesk's. Point ppdesk at an empty "
        "database or at a ppdesk database.",
    ),
    "schema.no_desk_info": QT_TRANSLATE_NOOP(
        "messages",
        "The shared database has no ppdesk_api.desk_info(), which this workstation needs to "
        "sign people in. Ask an administrator to run `ppdesk db upgrade` and `ppdesk db roles "
        "--apply`, then start again.",
    ),
    "database.sign_in_first": QT_TRANSLATE_NOOP(
        "messages",
        "This workstation connects to the shared database only as the person signed in "
        "(sign_in = database): sign in first.",
    ),
    "config.sign_in_postgres_only": QT_TRANSLATE_NOOP(
        "messages",
        "sign_in = database needs a shared PostgreSQL database: a SQLite file keeps ppdesk's "
        "own login.",
    ),
    "auth.person_logins_off": QT_TRANSLATE_NOOP(
        "messages",
        "Personal database logins are off on this database (`ppdesk db person-logins off`): "
        "ask an administrator.",
    ),
    "database.changed_elsewhere": QT_TRANSLATE_NOOP(
        "messages", "Another workstation was changing the same records; nothing was saved."
    ),
    "person_login.not_available": QT_TRANSLATE_NOOP(
        "messages",
        "{task} is not yet available with personal database logins; nothing was saved. Until "
        "it is, do it from a workstation without personal logins, or ask IT.",
    ),
    "person_task.pins": QT_TRANSLATE_NOOP("messages", "Holding or issuing a PIN for a letter"),
    "person_task.guardians": QT_TRANSLATE_NOOP(
        "messages", "Changing a guardian's record (custody, lock, email, status)"
    ),
    "person_task.letters": QT_TRANSLATE_NOOP("messages", "PIN letters and exports"),
    "person_task.sis": QT_TRANSLATE_NOOP("messages", "SIS imports and status requests"),
    "person_task.staff": QT_TRANSLATE_NOOP("messages", "Changing a staff account's name or email"),
    "person_task.other": QT_TRANSLATE_NOOP("messages", "This task"),
    "database.no_answer": QT_TRANSLATE_NOOP(
        "messages", "The database did not answer. Nothing was saved; check the network and retry."
    ),
    "database.lost_while_saving": QT_TRANSLATE_NOOP(
        "messages",
        "The connection to the database was lost while saving, so it is not known whether the"
        " change was saved. Refresh and check before doing it again (a PIN issue can simply "
        "be retried: it is never issued twice).",
    ),
    "config.url_invalid": QT_TRANSLATE_NOOP(
        "messages", "The database URL {url!r} is not a URL: {supported}."
    ),
    "config.backend_unsupported": QT_TRANSLATE_NOOP(
        "messages",
        "Unsupported database {backend!r}: ppdesk works with a SQLite file or PostgreSQL "
        "({supported}).",
    ),
    "database.sqlite_missing": QT_TRANSLATE_NOOP(
        "messages",
        "There is no SQLite database at {path}. Check the path (--database, "
        "PPDESK_DATABASE_URL or the settings file); nothing was created.",
    ),
    "database.unreachable": QT_TRANSLATE_NOOP(
        "messages", "Cannot reach the database ({database})."
    ),
    "pin.key_missing": QT_TRANSLATE_NOOP(
        "messages", "This PIN cannot be shown (its key is not on this workstation)."
    ),
    "pin.ciphertext_other_record": QT_TRANSLATE_NOOP(
        "messages", "This PIN cannot be shown: its stored form does not belong to this record."
    ),
}


_FILES_AND_SETTINGS = {
    "letters.paper_size_unknown": QT_TRANSLATE_NOOP(
        "messages", "Paper size '{name}' is not known: use 'letter' or 'a4'."
    ),
    "letters.portal_url_invalid": QT_TRANSLATE_NOOP(
        "messages", "The portal address must be a web address starting with https://."
    ),
    "letters.school_name_required": QT_TRANSLATE_NOOP(
        "messages", "The school name is required on a letter."
    ),
    "letters.logo_unreadable": QT_TRANSLATE_NOOP(
        "messages", "The logo image {path} cannot be read (use PNG or JPEG)."
    ),
    "letters.none_to_list": QT_TRANSLATE_NOOP("messages", "There are no letters to list."),
    "letters.none_to_print": QT_TRANSLATE_NOOP("messages", "There are no letters to print."),
    "config.url_has_password": QT_TRANSLATE_NOOP(
        "messages", "Database URL: leave the password out; it is saved in the system keyring."
    ),
    "config.settings_type": QT_TRANSLATE_NOOP(
        "messages", "Settings file {path}: {setting} must be {wanted}, not {value}."
    ),
    "config.settings_file_problem": QT_TRANSLATE_NOOP(
        "messages", "Settings file {path}: {problem}"
    ),
    "config.settings_not_toml": QT_TRANSLATE_NOOP(
        "messages", "Settings file {path} is not valid TOML: {problem}"
    ),
    "sis.username_too_long": QT_TRANSLATE_NOOP(
        "messages",
        "{label}: {length} characters is longer than the limit of {maximum} for a ppdesk user"
        " name.",
    ),
    "sis.language_too_long": QT_TRANSLATE_NOOP(
        "messages",
        "{label}: {value} is longer than {maximum} characters; use a language code such as "
        "es, or a name such as Spanish.",
    ),
}


_CLI = {
    "cli.guardian_name_none": QT_TRANSLATE_NOOP(
        "messages", "No guardian of this student has this name."
    ),
    "cli.guardian_name_twice": QT_TRANSLATE_NOOP(
        "messages", "Two guardians of this student have this name; use the desk."
    ),
    "cli.dob_format": QT_TRANSLATE_NOOP(
        "messages", "--dob: use YYYY-MM-DD, for example 2015-03-04."
    ),
    "cli.date_option_format": QT_TRANSLATE_NOOP(
        "messages", "{option}: use YYYY-MM-DD, for example 2031-03-04."
    ),
}

_START_UP = {
    "schema.newer_install": QT_TRANSLATE_NOOP(
        "messages",
        "database schema {current} is newer than this program ({head}). Install the newer "
        "ppdesk instead.",
    ),
    "schema.staff_login_as_workstation": QT_TRANSLATE_NOOP(
        "messages",
        "The PostgreSQL user {user} may not read this database's tables: it is a staff "
        "member's own login. A workstation connecting as its own role needs an "
        "administrator's role in its database URL; a counter desk signs people in instead: "
        'set sign_in = "database" and leave the user out of the URL '
        "(docs/district-setup.md).",
    ),
    "schema.foreign": QT_TRANSLATE_NOOP(
        "messages", "this database holds tables that are not ppdesk's"
    ),
    "db.roles_postgres_only": QT_TRANSLATE_NOOP(
        "messages",
        "Database roles exist only on a shared PostgreSQL database; a SQLite file is one "
        "workstation's and keeps ppdesk's own login.",
    ),
    "db.person_logins_postgres_only": QT_TRANSLATE_NOOP(
        "messages", "Personal database logins exist only on a shared PostgreSQL database."
    ),
    "database.unreachable_retry": QT_TRANSLATE_NOOP(
        "messages",
        "Cannot reach the database ({database}): {detail} Check the network and the settings,"
        " then retry.",
    ),
    "database.unreachable_detail": QT_TRANSLATE_NOOP(
        "messages", "Cannot reach the database ({database}): {detail}"
    ),
    "database.unusable": QT_TRANSLATE_NOOP("messages", "Cannot use this database: {detail}"),
    "database.refused": QT_TRANSLATE_NOOP(
        "messages", "The shared database refused this ({reason}); nothing was changed."
    ),
    "keys.other_database": QT_TRANSLATE_NOOP(
        "messages",
        "The PIN keys on this workstation do not belong to this database. An administrator "
        "must import the right keys with `ppdesk keys import`.",
    ),
    "schema.not_current": QT_TRANSLATE_NOOP(
        "messages", "The schema is not current ({state}): run `ppdesk db upgrade` first."
    ),
    "db.roles_apply_first": QT_TRANSLATE_NOOP(
        "messages", "Run `ppdesk db roles --apply` first (as an administrator)."
    ),
}


_LETTER_TEMPLATES = {
    # The letter template checker (adapters.letters.templates). {where} is the file name,
    # or template.where_line: the file and the line.
    "template.where_line": QT_TRANSLATE_NOOP("messages", "{file}, line {line}"),
    "template.unreadable": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: cannot be read ({reason})."
    ),
    "template.not_toml": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: not valid TOML ({detail})."
    ),
    "template.unknown_section": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: unknown section [{section}]."
    ),
    "template.missing_section": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: missing section [{section}]."
    ),
    "template.unknown_entry": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: unknown key '{name}' in [{section}]."
    ),
    "template.missing_entry": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: [{section}] is missing the key '{name}'."
    ),
    "template.months": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: months must list 12 names."
    ),
    "template.language_not_file_name": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: language must be '{expected}' (the file name)."
    ),
    "template.direction": QT_TRANSLATE_NOOP(
        "messages",
        "Letter template {where}: direction must be 'ltr' (left to right) or 'rtl' (right to "
        "left).",
    ),
    "template.not_text": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: {item} must be text in quotes."
    ),
    "template.lone_brace": QT_TRANSLATE_NOOP(
        "messages",
        "Letter template {where}: {item} has a lone '{brace}'; write '{brace}{brace}' to print "
        "a brace.",
    ),
    "template.unknown_placeholder": QT_TRANSLATE_NOOP(
        "messages",
        "Letter template {where}: {item} uses unknown placeholder {{{name}}}. Known: {known}.",
    ),
    "template.missing_placeholder": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: {item} must contain the placeholder {{{name}}}."
    ),
    "template.unclosed_bold": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: {item} has an unclosed '**' (bold)."
    ),
    "template.missing_bulk": QT_TRANSLATE_NOOP(
        "messages",
        "Letter template {where}: missing section [bulk]: a bulk letter must say that its PIN "
        "works only once the school office has checked the parent's photo ID (see "
        "docs/letters.md).",
    ),
    "template.bulk_activation_empty": QT_TRANSLATE_NOOP(
        "messages",
        "Letter template {where}: [bulk] activation must say that the PIN works once the office "
        "has checked the photo ID.",
    ),
    "template.bulk_intro_like_counter": QT_TRANSLATE_NOOP(
        "messages",
        "Letter template {where}: [bulk] intro opens like the counter letter; nobody has "
        "verified the parent when a bulk letter is printed, so it must not say so.",
    ),
    "template.english_required": QT_TRANSLATE_NOOP(
        "messages", "Letter template {where}: the English template is required."
    ),
}


CATALOGUE: Final[Mapping[str, str]] = {
    **_LETTER_TEMPLATES,
    **_CLI,
    **_START_UP,
    **_FILES_AND_SETTINGS,
    **_WORKSTATION,
    **_DOMAIN_VALUES,
    **_ROSTER,
    **_HAND_WRITTEN,
    **_LETTERS_AND_FILES,
    **_STAFF_AND_SETTINGS,
    **_COUNTER,
    **_PERMISSION_DENIED,
    **_SESSIONS,
    **_SIS_STATUS,
}

CODE_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")

# Parameter names that would carry a secret. Refused whatever the value.
_SECRET_NAME = re.compile(r"(^|_)(pin|pins|password|passwords|passphrase|secret|key|token)$")
_PIN_SEPARATORS = re.compile(r"[\s\-.]+")


def fields(template: str) -> set[str]:
    """The names of the ``{fields}`` of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def number_fields(template: str) -> set[str]:
    """The fields written with a number format (``{total:,}``): they take whole numbers."""
    return {name for _, name, spec, _ in string.Formatter().parse(template) if name and spec}


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name.lower()))


def _looks_like_pin(value: str) -> bool:
    """A Parent Portal PIN: 9 symbols of the PIN alphabet, not all digits, valid check."""
    from ppdesk.domain.pin_symbols import ALPHABET, PIN_LENGTH, has_valid_check

    text = _PIN_SEPARATORS.sub("", value).upper()
    if len(text) != PIN_LENGTH or text.isdigit() or any(c not in ALPHABET for c in text):
        return False
    return has_valid_check(text)


class SecretParameter(TypeError):
    """A raise site tried to put a secret in a message. Names the parameter, never the value."""


def check_params(code: str, params: Mapping[str, object]) -> dict[str, Param]:
    """The parameters of ``code``, checked: exactly the template's fields, plain values, no
    secrets. A text value shaped like a valid PIN is replaced by ``[withheld]``."""
    for name in params:
        if is_secret_name(name):
            raise SecretParameter(f"error {code}: parameter {name!r} is a secret")
    wanted = fields(CATALOGUE[code])
    if set(params) != wanted:
        raise TypeError(f"error {code} takes parameters {sorted(wanted)}, got {sorted(params)}")
    numbers = number_fields(CATALOGUE[code])
    checked: dict[str, Param] = {}
    for name, value in params.items():
        if name in numbers and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"error {code}: parameter {name!r} is a whole number")
        if isinstance(value, tuple):
            if not value or any(
                not isinstance(part, str) or part not in CATALOGUE or fields(CATALOGUE[part])
                for part in value
            ):
                raise TypeError(f"error {code}: parameter {name!r} must list field-less codes")
            checked[name] = value
            continue
        if isinstance(value, Message) and name not in numbers:
            checked[name] = message(value.code, **value.params)  # checked again: no secret
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise SecretParameter(
                f"error {code}: parameter {name!r} is a {type(value).__name__}, not text or "
                "a number"
            )
        checked[name] = WITHHELD if isinstance(value, str) and _looks_like_pin(value) else value
    return checked


@dataclass(frozen=True)
class Message:
    """A catalogued sentence and its checked parameters, used as a parameter of another
    sentence. Build it with :func:`message`."""

    code: str
    params: Mapping[str, Param]


def message(code: str, /, **params: Param) -> Message:
    """``code``'s sentence with ``params``, checked like an error's (:func:`check_params`)."""
    if code not in CATALOGUE:
        raise TypeError(f"unknown message code {code!r}")
    return Message(code, check_params(code, params))


def _same(template: str) -> str:
    return template


def render(code: str, params: Mapping[str, Param], translate: Callable[[str], str] = _same) -> str:
    """The sentence of ``code`` with its parameters; ``translate`` maps an English template
    to the interface language's (the GUI passes Qt's translation, context ``messages``)."""
    values: dict[str, str | int] = {}
    for name, value in params.items():
        if isinstance(value, tuple):
            values[name] = "; ".join(translate(CATALOGUE[part]) for part in value)
        elif isinstance(value, Message):
            values[name] = render(value.code, value.params, translate)
        else:
            values[name] = value
    return translate(CATALOGUE[code]).format_map(values)


def _check_catalogue() -> None:
    for code, template in CATALOGUE.items():
        if not CODE_PATTERN.fullmatch(code):
            raise AssertionError(f"malformed error code {code!r}")
        for name in fields(template):
            if is_secret_name(name) or not name.isidentifier():
                raise AssertionError(f"error {code}: field {name!r} is not allowed")


_check_catalogue()
