"""Feed, timelines, explainable scores and lead value."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from server.extensions import db
from server.models.engagement import LeadHandoff
from server.services.events import Event, ingest
from server.services.lead_value import estimate
from tests.server.engagement.conftest import NOW

_ids = iter(range(10**6))


def event(contact, event_type, at, machine=False, **properties):
    ingest([Event(f"f{next(_ids)}", event_type, at, contact_id=contact.id, properties=properties,
                  machine=machine)], now=at)


def test_feed_groups_what_the_reps_leads_did(as_user, make, rep, lead_at, frozen):
    contact = lead_at("small", owner=rep, lifecycle_stage="opportunity", first_name="Dana")
    contact.company.name = "Acme"
    someone_elses = lead_at("small", owner=make.user("rep", make.team()), lifecycle_stage="opportunity")
    for minutes in (30, 20, 10):
        event(contact, "email_open", NOW - timedelta(minutes=minutes))
    event(contact, "email_open", NOW - timedelta(minutes=5), machine=True)
    event(contact, "website_visit", NOW - timedelta(minutes=4), path="/pricing")
    event(someone_elses, "email_reply", NOW - timedelta(minutes=3))
    body = as_user(rep).get("/api/v1/feed", query_string={"since": "2026-11-27T14:00:00Z"}).get_json()
    assert [i["message"] for i in body["items"]] == [
        "Dana at Acme visited the pricing page", "Dana at Acme opened your email 3×"]
    assert body["now"] == "2026-11-27T15:00:00+00:00"
    later = as_user(rep).get("/api/v1/feed", query_string={"since": body["now"]}).get_json()
    assert later["items"] == []


def test_feed_tells_the_rep_about_a_new_sql(as_user, rep, lead_at, frozen):
    contact = lead_at("small", owner=rep)
    event(contact, "demo_request", NOW - timedelta(minutes=1))
    messages = [i["message"] for i in as_user(rep).get("/api/v1/feed").get_json()["items"]]
    assert any(m.startswith("New SQL:") and "Call within 60 minutes" in m for m in messages)


def test_timeline_merges_events_and_activities_newest_first(as_user, make, rep, lead_at, frozen):
    contact = lead_at("small", owner=rep, lifecycle_stage="opportunity")
    event(contact, "email_open", NOW - timedelta(hours=3))
    make.activity(rep, contact_id=contact.id, company_id=contact.company_id, type="call",
                  outcome="no_answer", occurred_at=NOW - timedelta(hours=2))
    event(contact, "email_click", NOW - timedelta(hours=1))
    hidden = make.user("rep", make.team())
    make.activity(hidden, contact_id=contact.id, type="call", occurred_at=NOW - timedelta(minutes=1))
    first = as_user(rep).get(f"/api/v1/contacts/{contact.id}/timeline?limit=2").get_json()
    assert [(i["kind"], i["type"]) for i in first["items"]] == [("event", "email_click"), ("activity", "call")]
    rest = as_user(rep).get(f"/api/v1/contacts/{contact.id}/timeline",
                            query_string={"limit": 2, "cursor": first["next_cursor"]}).get_json()
    assert [(i["kind"], i["type"]) for i in rest["items"]] == [("event", "email_open")]
    assert rest["next_cursor"] is None
    company = as_user(rep).get(f"/api/v1/companies/{contact.company_id}/timeline").get_json()
    assert len(company["items"]) == 3
    assert as_user(rep).get("/api/v1/contacts/999/timeline").status_code == 404


def test_timeline_pages_on_past_an_activity_with_a_long_id(as_user, make, rep, lead_at, frozen):
    """The cursor holds the last item's time, to the microsecond, its kind and its id."""
    contact = lead_at("small", owner=rep, lifecycle_stage="opportunity")
    event(contact, "email_open", NOW - timedelta(hours=3))
    make.activity(rep, id=2**31 - 1, contact_id=contact.id, type="call",
                  occurred_at=NOW - timedelta(hours=2, microseconds=123456))
    first = as_user(rep).get(f"/api/v1/contacts/{contact.id}/timeline?limit=1").get_json()
    rest = as_user(rep).get(f"/api/v1/contacts/{contact.id}/timeline",
                            query_string={"limit": 1, "cursor": first["next_cursor"]})
    assert rest.status_code == 200, rest.get_json()
    assert [i["type"] for i in first["items"] + rest.get_json()["items"]] == ["call", "email_open"]


def test_score_has_fit_and_engagement_with_reasons_largest_first(as_user, rep, lead_at, frozen):
    contact = lead_at("enterprise", owner=rep, lifecycle_stage="opportunity", title="VP of Sales",
                      seniority="vp")
    event(contact, "website_visit", NOW - timedelta(hours=2), path="/pricing")
    event(contact, "email_open", NOW - timedelta(days=14))
    body = as_user(rep).get(f"/api/v1/contacts/{contact.id}/score").get_json()
    assert body["fit"] == {"score": 27, "reasons": [
        {"text": "Enterprise, Software +15", "points": 15},
        {"text": "VP of Sales (decision level) +12", "points": 12}]}
    assert body["engagement"]["reasons"] == [
        {"text": "Visited pricing page (2 h ago) +18", "points": 18},
        {"text": "Opened your email (14 d ago) +1", "points": 1}]
    assert body["score"] == 27 + 19 and body["buyer_stage"] == "research"
    assert body["lead_value"]["value"] == "500.00"  # prior: 10% × 5,000


def test_engagement_halves_every_half_life(as_user, rep, lead_at, frozen):
    contact = lead_at("small", owner=rep, lifecycle_stage="opportunity")
    event(contact, "email_reply", NOW - timedelta(days=28))
    assert as_user(rep).get(f"/api/v1/contacts/{contact.id}/score").get_json()["engagement"]["score"] == 6


def test_lead_value_summed_per_month(app, as_user, make, rep, lead_at, frozen):
    for days in (40, 3, 2):
        event(lead_at("mid", owner=rep), "website_visit", NOW - timedelta(days=days), path="/pricing")
        frozen.shift(refresh_period(app))
    body = as_user(rep).get("/api/v1/lead-value?from=2026-10-01&to=2026-12-01").get_json()
    # Prior 8% × 1,200 = 96; each earlier hand-off without a win then lowers the rate:
    # 1.6 / 21 × 1,200 = 91.43 and 1.6 / 22 × 1,200 = 87.27.
    assert [(m["month"], m["leads"], m["value"]) for m in body["months"]] == [
        ("2026-10", 1, "96.00"), ("2026-11", 2, "178.70")]


def test_leads_are_valued_with_the_history_read_at_the_last_recalibration(app, rep, lead_at, frozen):
    leads = [lead_at("mid", owner=rep) for _ in range(3)]
    event(leads[0], "website_visit", NOW - timedelta(hours=3), path="/pricing")
    frozen.shift(refresh_period(app) - timedelta(seconds=1))
    event(leads[1], "website_visit", NOW - timedelta(hours=2), path="/pricing")
    frozen.shift(timedelta(seconds=1))
    event(leads[2], "website_visit", NOW - timedelta(hours=1), path="/pricing")
    # The first two with the priors (8% × 1,200); the third after both were read: 1.6 / 22 × 1,200.
    assert handoff_values(leads) == ["96.00", "96.00", "87.27"]


def test_a_refresh_period_of_zero_values_each_lead_with_the_history_up_to_it(
        app, rep, lead_at, frozen, monkeypatch):
    monkeypatch.setitem(app.config, "LEAD_VALUE_REFRESH_S", 0)
    leads = [lead_at("mid", owner=rep) for _ in range(3)]
    for hours, lead in zip((3, 2, 1), leads):
        event(lead, "website_visit", NOW - timedelta(hours=hours), path="/pricing")
    assert handoff_values(leads) == ["96.00", "91.43", "87.27"]


def test_won_deals_raise_the_value_of_later_leads(app, make, rep, lead_at, frozen):
    first = lead_at("small", owner=rep)
    event(first, "demo_request", NOW - timedelta(days=30))
    make.deal(company=first.company, owner=rep, stage="won", mrr=Decimal(900),
              closed_at=NOW - timedelta(days=10))
    frozen.shift(refresh_period(app))
    value = estimate("small", "selection")
    assert (value.leads, value.wins) == (1, 1)
    assert value.conversion_rate == round((1 + 0.15 * 20) / 21, 4)
    assert value.average_mrr == Decimal("400.00")  # (900 + 300 × 5) / 6


def refresh_period(app) -> timedelta:
    return timedelta(seconds=app.config["LEAD_VALUE_REFRESH_S"])


def handoff_values(contacts) -> list[str]:
    """The lead value each contact's hand-off recorded."""
    values = dict(db.session.execute(select(LeadHandoff.contact_id, LeadHandoff.lead_value)).all())
    return [str(values[contact.id]) for contact in contacts]
