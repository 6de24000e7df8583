"""Shared cadences and clocks for the cadence tests; every time is explicit, nothing reads now()."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from cadences import Cadence, Step

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def call_email_voicemail() -> Cadence:
    """The issue's sample shape: call day 0, email two business days later, voicemail a day on."""
    return Cadence(
        name="Call, email, voicemail",
        steps=[
            Step("call", 0, instructions="Ask for 15 minutes."),
            Step("auto_email", 2, subject="Hi", body="Hi {{ contact.first_name | default('there') }}"),
            Step("voicemail", 1),
        ],
    )


@pytest.fixture
def tuesday_morning_utc() -> datetime:
    """Tuesday 2026-11-24, 10:00 in Berlin: inside the default window, mid-week."""
    return datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def berlin() -> ZoneInfo:
    return BERLIN


@pytest.fixture
def new_york() -> ZoneInfo:
    return NEW_YORK
