"""Sentences the services and the domain return without an error code, listed for the
translators.

Refusals with an error code are listed in ``ppdesk.domain.messages`` (same context
``messages``) and translated by code. The sentences here (verification reasons, photo ID
types, the refusals not converted to codes yet) are shown through
``QCoreApplication.translate("messages", text)``: a sentence listed here appears in the
interface language; any other stays as the service wrote it. Nothing imports this module at
run time; pyside6-lupdate reads it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

MESSAGES = (
    # photo ID types
    QT_TRANSLATE_NOOP("messages", "California ID"),
    QT_TRANSLATE_NOOP("messages", "Driver's license"),
    QT_TRANSLATE_NOOP("messages", "Consulate card"),
    QT_TRANSLATE_NOOP("messages", "Passport"),
    # why a verification failed (ppdesk.domain.verification)
    QT_TRANSLATE_NOOP("messages", "Date of birth: no answer recorded."),
    QT_TRANSLATE_NOOP(
        "messages",
        "Date of birth: not understood as a date. Type month/day/year with a four-digit "
        "year, or write the month's name.",
    ),
    QT_TRANSLATE_NOOP("messages", "Date of birth: does not match the record."),
    QT_TRANSLATE_NOOP("messages", "Student's name: no answer recorded."),
    QT_TRANSLATE_NOOP("messages", "Student's name: does not match the record."),
    QT_TRANSLATE_NOOP("messages", "Grade: no answer recorded."),
    QT_TRANSLATE_NOOP(
        "messages", "Grade: not understood (for example: TK, K, first, grade five, tenth)."
    ),
    QT_TRANSLATE_NOOP("messages", "Grade: does not match the record."),
    QT_TRANSLATE_NOOP("messages", "Address: no answer recorded."),
    QT_TRANSLATE_NOOP("messages", "Address: does not match the record."),
    QT_TRANSLATE_NOOP("messages", "Phone number: no answer recorded."),
    QT_TRANSLATE_NOOP("messages", "Phone number: not a ten-digit US number."),
    QT_TRANSLATE_NOOP("messages", "Phone number: does not match any phone number on the record."),
    QT_TRANSLATE_NOOP("messages", "Emergency contact: a name and a phone number are both needed."),
    QT_TRANSLATE_NOOP(
        "messages", "Emergency contact: the phone number is not a ten-digit US number."
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "Emergency contact: this name and phone number do not match any emergency contact on "
        "the record.",
    ),
    QT_TRANSLATE_NOOP("messages", "One or more answers do not match the record."),
    QT_TRANSLATE_NOOP(
        "messages",
        "Choose the type of photo ID shown (California ID, Driver's license, Consulate card, "
        "Passport).",
    ),
    QT_TRANSLATE_NOOP("messages", "The name on the photo ID does not match the guardian's name."),
    QT_TRANSLATE_NOOP("messages", "Enter the photo ID's expiry date."),
    QT_TRANSLATE_NOOP("messages", "The photo ID has expired."),
    QT_TRANSLATE_NOOP(
        "messages", "On a video call the guardian must be seen directly on the screen with the ID."
    ),
)
