"""Hand-off by the buyer matrix: enterprise at education, mid at research, small at selection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models.engagement import LeadHandoff, Notification
from server.services.events import Event, ingest
from tests.server.engagement.conftest import NOW

VISIT_BLOG = ("website_visit", {"path": "/blog/cold-calling"})
VISIT_PRICING = ("website_visit", {"path": "/pricing"})
DEMO_REQUEST = ("demo_request", {})
_ids = iter(range(10**6))


def _event(contact, kind, at=NOW):
    event_type, properties = kind
    return Event(f"h{next(_ids)}", event_type, at, contact_id=contact.id, properties=properties)


@pytest.mark.parametrize("tier,not_yet,enough", [
    ("enterprise", None, VISIT_BLOG),
    ("mid", VISIT_BLOG, VISIT_PRICING),
    ("small", VISIT_PRICING, DEMO_REQUEST),
    (None, VISIT_PRICING, DEMO_REQUEST),
])
def test_lead_becomes_sql_at_its_tiers_stage(app, rep, lead_at, tier, not_yet, enough):
    contact = lead_at(tier, owner=rep)
    if not_yet:
        ingest([_event(contact, not_yet, NOW - timedelta(hours=2))], now=NOW)
        assert contact.lifecycle_stage == "lead" and contact.sql_at is None
    ingest([_event(contact, enough, NOW - timedelta(minutes=5))], now=NOW)
    db.session.refresh(contact)
    assert contact.lifecycle_stage == "sql"
    assert contact.sql_at == NOW - timedelta(minutes=5)
    assert contact.owner_id == rep.id


def test_thresholds_are_configurable(app, rep, lead_at):
    app.config["HANDOFF_STAGE_ENTERPRISE"] = "selection"
    try:
        contact = lead_at("enterprise", owner=rep)
        ingest([_event(contact, VISIT_PRICING)], now=NOW)
        assert contact.lifecycle_stage == "lead"
    finally:
        app.config["HANDOFF_STAGE_ENTERPRISE"] = "education"


def test_unowned_sqls_go_round_robin_to_inbound_reps(app, make, team, lead_at):
    reps = [make.user("rep", team) for _ in range(3)]
    contacts = [lead_at("small") for _ in range(4)]
    for contact in contacts:
        ingest([_event(contact, DEMO_REQUEST)], now=NOW)
    assert [c.owner_id for c in contacts] == [reps[0].id, reps[1].id, reps[2].id, reps[0].id]
    assert contacts[0].company.owner_id == reps[0].id


def test_inbound_reps_can_be_named(app, make, team, lead_at):
    make.user("rep", team)
    chosen = make.user("rep", team, email="inbound@example.test")
    app.config["HANDOFF_REP_EMAILS"] = "inbound@example.test"
    try:
        contact = lead_at("small")
        ingest([_event(contact, DEMO_REQUEST)], now=NOW)
        assert contact.owner_id == chosen.id
    finally:
        app.config["HANDOFF_REP_EMAILS"] = None


def test_handoff_is_logged_valued_and_announced(app, rep, lead_at):
    contact = lead_at("mid", owner=rep)
    ingest([_event(contact, VISIT_PRICING)], now=NOW)
    handoff = db.session.scalar(select(LeadHandoff))
    assert (handoff.size_tier, handoff.buyer_stage, handoff.assigned_to_id) == ("mid", "research", rep.id)
    assert handoff.lead_value == 96  # prior: 8% × 1,200
    note = db.session.scalar(select(Notification))
    assert note.user_id == rep.id and note.message.startswith("New SQL:")


def test_existing_sqls_and_do_not_contact_leads_are_not_handed_off(app, rep, lead_at):
    done = lead_at("small", owner=rep, lifecycle_stage="customer")
    blocked = lead_at("small", owner=rep, do_not_contact=True)
    ingest([_event(done, DEMO_REQUEST), _event(blocked, DEMO_REQUEST)], now=NOW)
    assert done.lifecycle_stage == "customer" and blocked.lifecycle_stage == "lead"
    assert db.session.scalar(select(LeadHandoff)) is None
