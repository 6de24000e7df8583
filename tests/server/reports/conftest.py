"""A small fixed team for the report tests: hand-countable, across a time-zone boundary.

Team East runs on America/New_York (UTC-5 in November 2026, after DST ended on Nov 1).
Weeks start on Monday: Nov 2, 9, 16 and 23.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from server.extensions import db
from server.models.engagement import EngagementEvent


def at(text: str) -> datetime:
    """An aware UTC datetime from 'YYYY-MM-DD HH:MM' (UTC)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.fixture
def people(make):
    """East: a manager, Alice, Bob, Carol (no activity), Dave (deactivated); West: Wes; an admin."""
    east = make.team("East", timezone="America/New_York")
    west = make.team("West", timezone="UTC")
    return SimpleNamespace(
        east=east, west=west,
        manager=make.user("manager", east, name="Mia Manager"),
        alice=make.user("rep", east, name="Alice", monthly_quota=10000),
        bob=make.user("rep", east, name="Bob", monthly_quota=5000),
        carol=make.user("rep", east, name="Carol", monthly_quota=5000),
        dave=make.user("rep", east, name="Dave", is_active=False, monthly_quota=5000),
        wes=make.user("rep", west, name="Wes"),
        west_manager=make.user("manager", west, name="Walt"),
        admin=make.user("admin", name="Ada"),
    )


@pytest.fixture
def make_event(app):
    """``make_event(contact, type, "YYYY-MM-DD HH:MM", activity=None, machine=False)``."""
    serial = iter(range(1, 10**6))

    def make(contact, kind, when, activity=None, machine=False):
        event = EngagementEvent(event_id=f"evt-{next(serial)}", type=kind, contact_id=contact.id,
                                company_id=contact.company_id, occurred_at=at(when), machine=machine,
                                activity_id=activity.id if activity else None, properties={})
        db.session.add(event)
        db.session.commit()
        return event
    return make


@pytest.fixture(autouse=True)
def fresh_sign_in_throttle(app):
    """Failed sign-ins counted by one test must not lock out the next (the app is shared)."""
    app.extensions.pop("sidekick_sign_in_throttle", None)
    yield
    app.extensions.pop("sidekick_sign_in_throttle", None)
