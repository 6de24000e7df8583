"""POST /api/v1/events: batches, idempotency, per-event errors and who may post."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from server.auth.tokens import issue_token
from server.extensions import db
from server.models import Company, Contact
from server.models.engagement import ContactScore, EngagementEvent
from server.models.types import OUT_OF_RANGE
from server.services import events, score_state
from server.services.events import HELPER_FROM, Event
from server.services.scoring import DEFAULT_WEIGHTS
from tests.server.engagement.conftest import NOW


def _count():
    return db.session.scalar(select(func.count()).select_from(EngagementEvent))


def test_batch_is_stored_and_scored(post_events, rep, lead_at, frozen):
    contact = lead_at("mid", owner=rep)
    response = post_events(rep, {"event_id": "e1", "type": "email_open", "contact_id": contact.id,
                                 "occurred_at": "2026-11-27T14:00:00Z"},
                           {"event_id": "e2", "type": "website_visit", "email": contact.email,
                            "properties": {"path": "/pricing"}})
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 2, "duplicates": 0, "rejected": 0, "errors": []}
    state = db.session.get(ContactScore, contact.id)
    assert state.buyer_stage == "research"
    assert round(state.engagement) == 20


def _stage(company):
    return db.session.scalar(select(Company.buyer_stage).where(Company.id == company.id))


def test_a_company_shows_the_furthest_stage_any_of_its_people_reached(post_events, rep, lead_at, make):
    dana = lead_at("small", owner=rep)
    sam = make.contact(company=dana.company, lifecycle_stage="lead")
    post_events(rep, {"event_id": "s1", "type": "content_download", "contact_id": dana.id})
    assert _stage(dana.company) == "research"
    post_events(rep, {"event_id": "s2", "type": "website_visit", "contact_id": sam.id,
                      "properties": {"path": "/blog/news"}})
    assert _stage(dana.company) == "research"
    post_events(rep, {"event_id": "s3", "type": "demo_request", "contact_id": sam.id})
    assert _stage(dana.company) == "selection"


def test_one_batch_moves_each_company_to_its_own_stage(post_events, rep, lead_at):
    reading, comparing, buying = (lead_at("small", owner=rep) for _ in range(3))
    buying.company.buyer_stage = "selection"
    db.session.commit()
    post_events(rep, {"event_id": "b1", "type": "website_visit", "contact_id": reading.id,
                      "properties": {"path": "/blog/tips"}},
                {"event_id": "b2", "type": "webinar_attended", "contact_id": comparing.id},
                {"event_id": "b3", "type": "content_download", "contact_id": buying.id})
    assert [_stage(c.company) for c in (reading, comparing, buying)] == [
        "education", "research", "selection"]


def test_resending_the_same_event_ids_never_duplicates(post_events, rep, lead_at):
    contact = lead_at("small", owner=rep)
    event = {"event_id": "dup-1", "type": "email_click", "contact_id": contact.id}
    assert post_events(rep, event, dict(event)).get_json()["duplicates"] == 1
    again = post_events(rep, event).get_json()
    assert again["created"] == 0 and again["duplicates"] == 1
    assert _count() == 1
    assert round(db.session.get(ContactScore, contact.id).engagement) == 6


def test_bad_events_are_reported_and_good_ones_kept(post_events, rep, lead_at):
    contact = lead_at("small", owner=rep)
    body = post_events(rep,
                       {"event_id": "ok", "type": "email_open", "contact_id": contact.id},
                       {"event_id": "bad-type", "type": "telepathy", "contact_id": contact.id},
                       {"event_id": "nobody", "type": "email_open"},
                       {"event_id": "ghost", "type": "email_open", "contact_id": 999999},
                       {"event_id": "stranger", "type": "email_open", "email": "who@nowhere.test"},
                       "not an object", None,
                       {"event_id": "wide", "type": "email_open", "contact_id": 2**31}).get_json()
    assert body["created"] == 1 and body["rejected"] == 7
    by_index = {e["index"]: e for e in body["errors"]}
    assert "type" in by_index[1]["fields"]
    assert by_index[3]["code"] == "unknown_contact"
    assert by_index[4]["fields"] == {"email": ["Unknown email."]}
    assert by_index[5]["event_id"] is None
    assert by_index[6]["fields"] == {"_schema": ["An event is a JSON object."]}
    assert by_index[7]["fields"] == {"contact_id": [OUT_OF_RANGE]}


def test_large_properties_are_refused_for_that_event_only(post_events, rep, lead_at):
    contact = lead_at("small", owner=rep)
    body = post_events(rep, {"event_id": "big", "type": "email_open", "contact_id": contact.id,
                             "properties": {"note": "x" * 8000}},
                       {"event_id": "fits", "type": "email_open", "contact_id": contact.id,
                        "properties": {"note": "x" * 7900}}).get_json()
    assert (body["created"], body["rejected"]) == (1, 1)
    assert body["errors"][0]["event_id"] == "big" and "properties" in body["errors"][0]["fields"]


def test_form_with_an_unknown_email_creates_the_lead(post_events, rep, make):
    company = make.company(domain="acme.test")
    body = post_events(rep, {"event_id": "f1", "type": "form_submitted", "email": "Dana@Acme.test",
                             "properties": {"first_name": "Dana"}}).get_json()
    assert body["created"] == 1
    contact = db.session.scalar(select(Contact).where(Contact.email == "dana@acme.test"))
    assert contact.company_id == company.id and contact.first_name == "Dana"


def test_batches_are_capped_at_1000(post_events, rep):
    events = [{"event_id": str(i), "type": "email_open", "contact_id": 1} for i in range(1001)]
    assert post_events(rep, *events).status_code == 422


def test_rep_may_not_post_about_another_teams_lead(post_events, make, rep, lead_at):
    outsider = make.user("rep", make.team())
    contact = lead_at("small", owner=outsider, contact_owner=outsider)
    body = post_events(rep, {"event_id": "x", "type": "email_open", "contact_id": contact.id}).get_json()
    assert body["errors"][0]["code"] == "forbidden"
    assert _count() == 0


@pytest.mark.parametrize("named_by", ["contact_id", "email", "company_id", "domain"])
def test_another_teams_account_is_theirs_even_where_the_contact_has_no_owner(
        post_events, make, rep, lead_at, named_by):
    outsider = make.user("rep", make.team())
    contact = lead_at("small", owner=outsider)
    ref = {"contact_id": contact.id, "email": contact.email, "company_id": contact.company_id,
           "domain": contact.company.domain}[named_by]
    body = post_events(rep, {"event_id": "x", "type": "email_open", named_by: ref}).get_json()
    assert [e["code"] for e in body["errors"]] == ["forbidden"]
    assert _count() == 0


def test_integration_token_may_post_about_anyone(client, make, lead_at):
    admin, outsider = make.user("admin"), make.user("rep", make.team())
    token = issue_token(admin, name="segment", kind="integration")
    db.session.commit()
    contact = lead_at("small", owner=outsider, contact_owner=outsider)
    response = client.post("/api/v1/events", headers={"Authorization": f"Bearer {token}"},
                           json={"events": [{"event_id": "i1", "type": "webinar_attended",
                                             "contact_id": contact.id}]})
    assert response.get_json()["created"] == 1


def test_machine_events_are_stored_but_not_scored(app, rep, lead_at):
    contact = lead_at("small", owner=rep)
    events.ingest([Event("m1", "email_open", NOW, contact_id=contact.id, machine=True)], now=NOW)
    assert _count() == 1
    assert db.session.get(ContactScore, contact.id) is None


def test_events_from_the_future_are_refused(post_events, rep, lead_at, frozen):
    contact = lead_at("small", owner=rep)
    body = post_events(rep, {"event_id": "f", "type": "email_open", "contact_id": contact.id,
                             "occurred_at": "2026-11-28T15:00:00Z"}).get_json()
    assert body["rejected"] == 1 and "occurred_at" in body["errors"][0]["fields"]


def test_stored_events_and_score_rows_keep_every_value_exactly(post_events, rep, lead_at, frozen):
    """The bulk paths (one JSON parameter on PostgreSQL) lose no precision, zone or character."""
    contact = lead_at("small", owner=rep)
    properties = {"path": "/blog/ünïcode \"quoted\" \\ back", "n": 1.5, "tags": ["a", None],
                  "order": 2**70}
    response = post_events(rep, {"event_id": "exact-1", "type": "website_visit", "contact_id": contact.id,
                                 "occurred_at": "2026-11-27T13:59:58.123456+01:00",
                                 "properties": properties})
    assert response.get_json()["created"] == 1
    event = db.session.scalar(select(EngagementEvent).where(EngagementEvent.event_id == "exact-1"))
    assert event.occurred_at == datetime(2026, 11, 27, 12, 59, 58, 123456, tzinfo=UTC)
    assert (event.properties, event.company_id, event.machine) == (properties, contact.company_id, False)
    state = db.session.get(ContactScore, contact.id)
    assert state.engagement_at == state.hot_at == event.occurred_at
    [contribution] = state.contributions
    assert (contribution["s"], contribution["w"]) == ("blog_visit", 2)
    assert datetime.fromisoformat(contribution["at"]) == event.occurred_at


def test_a_large_batch_that_repeats_stored_events_scores_only_the_new_ones(post_events, rep, lead_at, frozen):
    """Large batches are folded while their events are inserted, before it is known which are
    new: a batch with repeats must be folded again without them."""
    contact = lead_at("small", owner=rep)
    clicks = [{"event_id": f"click-{i}", "type": "email_click", "contact_id": contact.id}
              for i in range(HELPER_FROM)]
    assert post_events(rep, *clicks).get_json()["created"] == HELPER_FROM
    clicked = db.session.get(ContactScore, contact.id).engagement
    assert clicked == pytest.approx(HELPER_FROM * DEFAULT_WEIGHTS["email_click"])

    body = post_events(rep, *clicks, {"event_id": "reply", "type": "email_reply",
                                      "contact_id": contact.id}).get_json()
    assert (body["created"], body["duplicates"]) == (1, HELPER_FROM)
    assert post_events(rep, *clicks).get_json()["created"] == 0
    db.session.expire_all()
    state = db.session.get(ContactScore, contact.id)
    assert state.engagement == pytest.approx(clicked + DEFAULT_WEIGHTS["email_reply"])
    assert [c["s"] for c in state.contributions].count("email_reply") == 1
    assert _count() == HELPER_FROM + 1


def _clicks(contact, count=HELPER_FROM):
    return [Event(f"c{i}", "email_click", NOW, contact_id=contact.id) for i in range(count)]


def test_an_insert_that_fails_in_the_helper_thread_fails_the_batch(app, rep, lead_at, monkeypatch):
    contact = lead_at("small", owner=rep)

    def failing_insert(connection, rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(events, "_insert_new", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        events.ingest(_clicks(contact), now=NOW)


def test_a_fold_that_fails_lets_the_insert_finish_first(app, rep, lead_at, monkeypatch):
    """The connection must be free again when the error reaches the caller (who rolls back)."""
    contact = lead_at("small", owner=rep)
    finished = []

    def slow_insert(connection, rows):
        time.sleep(0.05)
        finished.append(len(rows))
        return set()

    def failing_fold(*args, **kwargs):
        raise ValueError("bad weights")

    monkeypatch.setattr(events, "_insert_new", slow_insert)
    monkeypatch.setattr(events.score_state, "fold", failing_fold)
    with pytest.raises(ValueError, match="bad weights"):
        events.ingest(_clicks(contact), now=NOW)
    assert finished == [HELPER_FROM]


@pytest.mark.parametrize("scored_before", [False, True], ids=["new row", "stored row"])
def test_two_batches_about_one_lead_at_once_both_count(app, rep, lead_at, monkeypatch, post_events,
                                                       scored_before):
    """The second batch reads the lead's score row only once the first has written it: on
    PostgreSQL the row is locked (a missing one created first), on SQLite the database."""
    contact_id, token = lead_at("small", owner=rep).id, rep.plain_token
    if scored_before:  # an email_sent is worth no points, but stores the row
        post_events(rep, {"event_id": "earlier", "type": "email_sent", "contact_id": contact_id,
                          "occurred_at": "2026-11-27T13:00:00Z"})
    first_folding, second_loaded = threading.Event(), threading.Event()
    real_load, real_fold = score_state.load, score_state.fold

    def load(batch):
        rows = real_load(batch)
        if batch[0].event_id == "second":
            second_loaded.set()
        return rows

    def fold(rows, batch, **kwargs):
        if batch and batch[0].event_id == "first":
            first_folding.set()
            second_loaded.wait(0.5)  # unlocked, the second batch reads the row meanwhile
        return real_fold(rows, batch, **kwargs)

    def post(event_id, kind):
        body = {"events": [{"event_id": event_id, "type": kind, "contact_id": contact_id,
                            "occurred_at": "2026-11-27T14:00:00Z"}]}
        response = app.test_client().post("/api/v1/events", json=body,
                                          headers={"Authorization": f"Bearer {token}"})
        assert response.get_json()["created"] == 1

    monkeypatch.setattr(score_state, "load", load)
    monkeypatch.setattr(score_state, "fold", fold)
    first = threading.Thread(target=post, args=("first", "email_click"))
    first.start()
    assert first_folding.wait(10)
    post("second", "content_download")
    first.join()
    db.session.expire_all()
    state = db.session.get(ContactScore, contact_id)
    assert sorted(c["s"] for c in state.contributions) == ["content_download", "email_click"]
    assert state.last_event_at == datetime(2026, 11, 27, 14, tzinfo=UTC)
    assert state.engagement == pytest.approx(DEFAULT_WEIGHTS["email_click"] + DEFAULT_WEIGHTS["content_download"])
