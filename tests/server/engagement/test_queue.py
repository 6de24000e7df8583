"""The daily call queue: order, one item per contact, exclusions, completion, snooze, access."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.extensions import db
from server.schemas.engagement import QueueSchema
from server.services import queue as queue_service
from server.services import queue_builtin
from server.services.events import Event, ingest
from server.services.queue import build_queue, queue_context
from server.services.queue_sources import SOURCES, Candidate, load_sources, register_source
from tests.server.engagement.conftest import NOW

_ids = iter(range(10**6))


def sql_lead(lead_at, rep, minutes_ago, tier="mid", **fields):
    return lead_at(tier, owner=rep, contact_owner=rep, lifecycle_stage="sql",
                   sql_at=NOW - timedelta(minutes=minutes_ago), **fields)


def event(contact, event_type, at, **properties):
    ingest([Event(f"q{next(_ids)}", event_type, at, contact_id=contact.id, properties=properties)],
           now=NOW)


def queue(as_user, user, **params):
    response = as_user(user).get("/api/v1/queue", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_new_sqls_by_deadline_then_overdue_flagged(as_user, rep, lead_at, frozen):
    late, later, fresh, fresher = (sql_lead(lead_at, rep, m) for m in (180, 120, 40, 10))
    items = queue(as_user, rep)
    assert [i["contact"]["id"] for i in items] == [fresh.id, fresher.id, late.id, later.id]
    assert [i["kind"] for i in items] == ["new_sql", "new_sql", "overdue_sql", "overdue_sql"]
    assert [i["overdue"] for i in items] == [False, False, True, True]
    assert items[0]["sla_deadline"] == "2026-11-27T15:20:00+00:00"
    assert items[0]["attempts_allowed"] == 8 and items[0]["attempts_made"] == 0


def test_high_priority_requests_stay_until_touched_even_if_old(as_user, make, rep, lead_at, frozen):
    contact = lead_at("small", owner=rep, lifecycle_stage="customer")
    event(contact, "demo_request", NOW - timedelta(days=20))
    [item] = queue(as_user, rep)
    assert item["kind"] == "high_priority" and item["reason"].startswith("Requested a demo")
    as_user(rep).post("/api/v1/activities", json={"type": "call", "contact_id": contact.id,
                                                  "idempotency_key": "k1"})
    assert queue(as_user, rep) == []


def test_hot_leads_by_score_and_each_contact_once(as_user, rep, lead_at, frozen):
    warm = lead_at("small", owner=rep, lifecycle_stage="opportunity")
    hot = lead_at("enterprise", owner=rep, lifecycle_stage="opportunity")
    both = sql_lead(lead_at, rep, 5)
    event(warm, "email_open", NOW - timedelta(hours=1))
    event(hot, "website_visit", NOW - timedelta(hours=2), path="/pricing")
    event(both, "email_click", NOW - timedelta(hours=1))
    items = queue(as_user, rep)
    assert [(i["kind"], i["contact"]["id"]) for i in items] == [
        ("new_sql", both.id), ("hot_lead", hot.id), ("hot_lead", warm.id)]
    assert items[1]["reason"] == "Visited pricing page (2 h ago) +18"
    assert items[1]["score"] > items[2]["score"]


def test_hot_leads_are_read_page_by_page_past_excluded_ones(as_user, make, rep, lead_at, frozen,
                                                            monkeypatch):
    monkeypatch.setattr(queue_builtin, "PAGE", 2)
    signals = [("website_visit", {"path": "/pricing"}), ("website_visit", {"path": "/demo"}),
               ("email_click", {}), ("website_visit", {}), ("email_open", {})]
    a, b, c, d, e = leads = [lead_at("small", owner=rep, lifecycle_stage="opportunity") for _ in signals]
    for lead, (signal, properties) in zip(leads, signals):
        event(lead, signal, NOW - timedelta(hours=1), **properties)
    requested = lead_at("small", owner=rep, lifecycle_stage="opportunity")
    event(requested, "demo_request", NOW - timedelta(days=2))
    event(requested, "email_open", NOW - timedelta(hours=1))  # the hottest, but a request first
    for called in (a, d):
        make.activity(rep, contact_id=called.id, type="call", occurred_at=NOW - timedelta(minutes=30))
    # Pages of hot leads by score: [requested, a], [b, c], [d, e].
    assert [(i["kind"], i["contact"]["id"]) for i in queue(as_user, rep)] == [
        ("high_priority", requested.id), ("hot_lead", b.id), ("hot_lead", c.id), ("hot_lead", e.id)]


def test_an_ordered_source_is_looked_up_chunk_by_chunk(as_user, make, rep, lead_at, frozen, monkeypatch):
    monkeypatch.setattr(queue_service, "CHUNK", 1)  # the first chunk is one hot lead
    called, tried, fresh = (lead_at("small", owner=rep, lifecycle_stage="opportunity") for _ in range(3))
    for lead, path in ((called, "/pricing"), (tried, "/demo"), (fresh, "/")):
        event(lead, "website_visit", NOW - timedelta(hours=1), path=path)
    make.activity(rep, contact_id=called.id, type="call", occurred_at=NOW - timedelta(minutes=30))
    for days in (2, 3):
        make.activity(rep, contact_id=tried.id, type="voicemail", occurred_at=NOW - timedelta(days=days))
    assert [(i["contact"]["id"], i["attempts_made"]) for i in queue(as_user, rep)] == [
        (tried.id, 2), (fresh.id, 0)]


def test_excluded_contacts(as_user, make, rep, lead_at, frozen):
    sql_lead(lead_at, rep, 5, do_not_contact=True)
    unsubscribed = sql_lead(lead_at, rep, 5)
    event(unsubscribed, "unsubscribe", NOW - timedelta(minutes=1))
    capped, below = sql_lead(lead_at, rep, 60 * 24 * 3, tier="small"), sql_lead(lead_at, rep, 60 * 24 * 3, tier="small")
    for contact, calls in ((capped, 5), (below, 4)):
        for n in range(calls):
            make.activity(rep, contact_id=contact.id, type="voicemail",
                          occurred_at=NOW - timedelta(days=2, hours=n))
        event(contact, "email_open", NOW - timedelta(hours=1))
    items = queue(as_user, rep)
    assert [(i["contact"]["id"], i["attempts_made"], i["attempts_allowed"]) for i in items] == [
        (below.id, 4, 5)]


def test_touched_today_leaves_the_queue_and_the_day_follows_the_rep(as_user, make, team, lead_at, frozen):
    new_york = make.user("rep", team, timezone="America/New_York")
    berlin = make.user("rep", team, timezone="Europe/Berlin")
    for rep in (new_york, berlin):
        contact = lead_at("mid", owner=rep)
        event(contact, "email_open", NOW - timedelta(hours=12))
        # 04:00 UTC: yesterday 23:00 in New York, today 05:00 in Berlin.
        make.activity(rep, contact_id=contact.id, type="email",
                      occurred_at=NOW.replace(hour=4))
    assert len(queue(as_user, new_york)) == 1
    assert queue(as_user, berlin) == []


def test_snoozed_item_leaves_until_the_next_day(as_user, rep, lead_at, frozen):
    contact = sql_lead(lead_at, rep, 5)
    [item] = queue(as_user, rep)
    response = as_user(rep).post(f"/api/v1/queue/{item['id']}/snooze", json={})
    assert response.status_code == 200
    assert response.get_json()["until"] == "2026-11-28T05:00:00+00:00"  # NY midnight
    assert queue(as_user, rep) == []
    frozen.move_to(NOW + timedelta(days=1))
    assert [i["contact"]["id"] for i in queue(as_user, rep)] == [contact.id]
    assert as_user(rep).post("/api/v1/queue/sql:999:1/snooze", json={}).status_code == 404


def test_the_queue_json_is_what_its_schema_dumps(app, as_user, make, rep, lead_at, frozen):
    """GET /queue writes its JSON itself (server/api/queue.py ``as_json``): it must not drift
    from the QueueSchema the API documents."""
    sql_lead(lead_at, rep, 10)
    sql_lead(lead_at, rep, 180, tier=None)
    make.contact(owner=rep, lifecycle_stage="sql", sql_at=NOW - timedelta(minutes=20))  # no company
    event(lead_at("mid", owner=rep, lifecycle_stage="opportunity"), "demo_request",
          NOW - timedelta(days=2))
    event(lead_at("enterprise", owner=rep, lifecycle_stage="opportunity"), "website_visit",
          NOW - timedelta(hours=2), path="/pricing")
    served = as_user(rep).get("/api/v1/queue").get_json()
    assert {i["kind"] for i in served["items"]} == {"new_sql", "overdue_sql", "high_priority", "hot_lead"}
    assert any(i["company"] is None for i in served["items"])
    ctx = queue_context(rep, None, app.config)
    assert served == QueueSchema().dump({"date": ctx.day, "rep_id": rep.id, "items": build_queue(ctx)})


def test_queue_is_deterministic(as_user, rep, lead_at, frozen):
    for _ in range(6):
        event(lead_at("small", owner=rep), "email_open", NOW - timedelta(hours=1))
    assert queue(as_user, rep) == queue(as_user, rep)


@pytest.mark.parametrize("viewer,status", [("manager", 200), ("teammate", 403),
                                           ("other_manager", 403), ("admin", 200)])
def test_who_may_see_a_reps_queue(as_user, make, team, rep, viewer, status):
    people = {"manager": make.user("manager", team), "teammate": make.user("rep", team),
              "other_manager": make.user("manager", make.team()), "admin": make.user("admin")}
    response = as_user(people[viewer]).get("/api/v1/queue", query_string={"rep_id": rep.id})
    assert response.status_code == status


def test_a_registered_source_takes_its_place(as_user, rep, lead_at, frozen):
    hot = lead_at("small", owner=rep)
    event(hot, "email_open", NOW - timedelta(hours=1))
    step = lead_at("small", owner=rep)
    sql = sql_lead(lead_at, rep, 5)
    load_sources()  # the real sources first, so the stand-in below replaces (and restores) them
    real = SOURCES.get("cadence_step")

    @register_source("cadence_step", priority=40)
    def steps(ctx):
        yield Candidate(item_id="task:7", kind="cadence_step", contact_id=step.id,
                        reason="Call (step 2 of 5)", due_at=ctx.day_start, task_id=7,
                        done_when_touched_today=False)
    try:
        items = queue(as_user, rep)
    finally:
        if real is None:
            SOURCES.pop("cadence_step", None)
        else:
            SOURCES["cadence_step"] = real
    assert [(i["kind"], i["contact"]["id"]) for i in items] == [
        ("new_sql", sql.id), ("cadence_step", step.id), ("hot_lead", hot.id)]
    assert items[1]["task_id"] == 7
    db.session.rollback()
