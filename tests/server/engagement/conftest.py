"""Engagement fixtures: a team with reps, companies per size tier, and event posting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine):
    """The clock stopped at NOW (Friday 2026-11-27 15:00 UTC); ``frozen.move_to(...)`` moves it."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def team(make):
    return make.team(timezone="America/New_York")


@pytest.fixture
def rep(make, team):
    return make.user("rep", team, timezone="America/New_York")


@pytest.fixture
def lead_at(make):
    """``lead_at("enterprise", owner=...)``: an unworked lead at a company of that size tier."""
    employees = {"small": 20, "mid": 300, "enterprise": 5000, None: None}

    def build(tier, owner=None, **contact_fields):
        company = make.company(owner=owner, employees=employees[tier], size_tier=tier,
                               industry="Software")
        contact_fields.setdefault("lifecycle_stage", "lead")
        return make.contact(company=company, owner=contact_fields.pop("contact_owner", None),
                            **contact_fields)

    return build


@pytest.fixture
def post_events(as_user):
    def post(user, *events):
        return as_user(user).post("/api/v1/events", json={"events": list(events)})

    return post
