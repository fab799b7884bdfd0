"""The use-by day (a PIN's last usable day, on letters, the roster, reports and the desk)
and a letter's date are days in the school's ``time_zone`` setting, never the
workstation's own zone.

The workstation's zone is set to Tokyo for these tests and the school's to Honolulu: a PIN
that stops at 08:30 UTC on December 23 stops on the evening of December 22 in Honolulu (use
it by December 21) but on December 23 in Tokyo, Los Angeles and UTC (by December 22). No
real time is read: the clock is injected.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ppdesk.adapters.crypto import PinCrypto
from ppdesk.adapters.secrets import PinKeyMaterial
from ppdesk.domain.letters import use_by_day
from ppdesk.domain.reports import OutreachRow
from ppdesk.domain.settings import Settings
from ppdesk.services import letter_run
from ppdesk.services.exports import school_zone
from ppdesk.services.letter_selection import last_valid_day
from ppdesk.services.report_tables import outreach_line
from ppdesk.services.roster import RosterDecryptor
from tests.unit.test_roster_decryptor import NOW, sources

STOPS = datetime(2026, 12, 23, 8, 30, tzinfo=UTC)
SCHOOL_DAY = date(2026, 12, 21)  # Honolulu: the PIN stops on the 22nd, 22:30
ELSEWHERE_DAY = date(2026, 12, 22)  # UTC, Los Angeles, Tokyo: it stops on the 23rd


@pytest.fixture
def tokyo_workstation() -> Iterator[None]:
    """This process's own zone is Tokyo while the test runs."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def ctx(clock: datetime = NOW) -> Any:
    return SimpleNamespace(settings=Settings(time_zone="Pacific/Honolulu"), clock=lambda: clock)


def test_the_example_days_differ(tokyo_workstation: None) -> None:
    # What the old code computed (the workstation's zone), and UTC, are both the 22nd.
    assert STOPS.astimezone().date().day == 23
    assert use_by_day(STOPS, UTC) == ELSEWHERE_DAY
    assert use_by_day(STOPS, ZoneInfo("America/Los_Angeles")) == ELSEWHERE_DAY


def test_use_by_day_is_taken_in_the_school_zone(tokyo_workstation: None) -> None:
    zone = school_zone(ctx())
    assert use_by_day(STOPS, zone) == SCHOOL_DAY
    assert last_valid_day(STOPS, zone) == SCHOOL_DAY


def test_the_roster_shows_the_school_day(tokyo_workstation: None) -> None:
    crypto = PinCrypto(PinKeyMaterial.generate())
    (first,), _ = sources(crypto, 1)
    row = first._replace(pin_expires_at=STOPS)
    (converted,) = RosterDecryptor(crypto, NOW, school_zone(ctx())).convert([row])
    assert converted.pin_expires == SCHOOL_DAY


def test_the_outreach_report_shows_the_school_days(tokyo_workstation: None) -> None:
    issued = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # Nov 22 in Honolulu, 23 in Tokyo
    row = OutreachRow(
        link_id=1,
        school_code="1001",
        student_id="123",
        student_name="Ana",
        grade="4",
        homeroom=None,
        guardian_name="Eva",
        relationship=None,
        verified_legal_guardian=True,
        pin_status="active",
        pin_issued=issued,
        pin_expires=STOPS,
        reason="",
        phone=None,
        preferred_language=None,
        email=None,
    )
    line = outreach_line(row, school_zone(ctx()))
    assert date(2026, 11, 22) in line and SCHOOL_DAY in line
    assert ELSEWHERE_DAY not in line


def test_the_letter_date_is_today_in_the_school_zone(tokyo_workstation: None) -> None:
    # 03:00 UTC on December 3 is the 2nd in Honolulu, the 3rd in Tokyo.
    at = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    assert letter_run.today(ctx(at)) == date(2026, 12, 2)


def test_an_unknown_zone_setting_falls_back_to_los_angeles_not_the_workstation(
    tokyo_workstation: None,
) -> None:
    broken = SimpleNamespace(settings=SimpleNamespace(time_zone="Mars/Olympus"))
    assert school_zone(broken) == ZoneInfo("America/Los_Angeles")
    assert school_zone(SimpleNamespace(settings=None)) == ZoneInfo("America/Los_Angeles")


def test_report_periods_start_at_midnight_in_the_school_zone(tokyo_workstation: None) -> None:
    # "Since December 3" for the emergency-contact and audit reports: midnight in Honolulu
    # (10:00 UTC), not midnight on the workstation (15:00 UTC on December 2 in Tokyo).
    from ppdesk.services.exports import as_instant

    zone = school_zone(ctx())
    assert as_instant(date(2026, 12, 3), zone) == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    until = as_instant(date(2026, 12, 3), zone, end_of_day=True)
    assert until == datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    naive = datetime(2026, 12, 3, 8, 0)
    assert as_instant(naive, zone) == datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
