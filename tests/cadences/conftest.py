"""Shared cadence and zone for the cadence tests; every time is explicit, nothing reads now()."""

from zoneinfo import ZoneInfo

import pytest

from cadences import Cadence, Step


@pytest.fixture
def call_email_voicemail() -> Cadence:
    """The issue's sample shape: call day 0, email two business days later, voicemail a day on."""
    return Cadence(
        name="Call, email, voicemail",
        steps=[
            Step("call", 0, instructions="Ask for 15 minutes."),
            Step("auto_email", 2, subject="Hi", body="Hi {{ contact.first_name | default('x') }}"),
            Step("voicemail", 1),
        ],
    )


@pytest.fixture
def berlin() -> ZoneInfo:
    return ZoneInfo("Europe/Berlin")
