"""Cadence server fixtures: a rep in New York, a prospect, a sample cadence, SMTP sinks."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest
import time_machine
from aiosmtpd.controller import Controller

from server.services.cadence_mailer import MailSettings, NullSender

# Monday 30 November 2026, 09:00 in New York: inside the default 08:00-18:00 window.
MONDAY_9AM_NY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)

THREE_STEPS = {
    "name": "Email, call, email",
    "steps": [
        {"type": "auto_email", "delay_days": 0,
         "subject": "Quick question for {{ company.name }}",
         "body": "Hi {{ contact.first_name | default('there') }},\n\nSee https://example.com/"
                 "case-study for how we helped.\n\n{{ rep.name }}"},
        {"type": "call", "delay_days": 2, "instructions": "Ask for 15 minutes."},
        {"type": "auto_email", "delay_days": 2, "subject": "Closing the loop",
         "body": "Hi {{ contact.first_name }}, last note from me.\n\n{{ rep.name }}"},
    ],
}


@pytest.fixture
def clock():
    """Frozen at Monday 09:00 New York; `clock.move_to(...)` advances it."""
    with time_machine.travel(MONDAY_9AM_NY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def team(make):
    return make.team(timezone="America/New_York")


@pytest.fixture
def rep(make, team):
    return make.user("rep", team, name="Riley Rep", timezone="America/New_York")


@pytest.fixture
def admin(make):
    return make.user("admin", name="Ada Admin")


@pytest.fixture
def prospect(make, rep):
    company = make.company(name="Acme Robotics", domain="acme-robotics.example")
    return make.contact(company=company, first_name="Dana", last_name="Nguyen",
                        email="dana@acme-robotics.example", timezone="America/New_York")


@pytest.fixture
def cadence(as_user, rep, clock):
    response = as_user(rep).post("/api/v1/cadences", json=THREE_STEPS)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def settings(app):
    return MailSettings.from_config({**app.config, "MAIL_FROM": "riley@sales.example",
                                     "SMTP_HOST": "127.0.0.1"})


@pytest.fixture
def null_sender():
    return NullSender()


class _Inbox:
    """aiosmtpd handler that keeps every accepted message."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback; `.inbox.messages` holds what it accepted."""
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check it started
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    controller.inbox = inbox
    yield controller
    controller.stop()


@pytest.fixture(autouse=True)
def cadence_queue_source():
    """Our real `cadence_step` queue source, even if another test replaced or removed it.

    (tests/server/engagement/test_queue.py registers a stand-in under the same kind and pops
    it afterwards, which would leave the queue without cadence steps for later tests.)
    """
    from server.services.cadence_tasks import cadence_steps_due
    from server.services.queue_sources import SOURCES, register_source

    register_source("cadence_step", priority=40)(cadence_steps_due)
    yield
    SOURCES.pop("cadence_step", None)
    register_source("cadence_step", priority=40)(cadence_steps_due)
