"""site.js and /t/v: anonymous visits, attribution when the visitor becomes known, limits."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid

import pytest
import requests
from sqlalchemy import select

from server import tracking
from server.extensions import db
from server.models import Contact
from server.models.engagement import ContactScore, EngagementEvent
from server.services.rate_limit import RedisWindow, TokenBucket
from server.services.tracking_tokens import identity_token
from server.tracking import site_key
from tests.server.live_server import serving


def visit(client, visitor="visitor-0001", **fields):
    body = {"k": site_key(), "v": visitor, "f": "view", "p": "/", **fields}
    # sendBeacon posts a string: text/plain, no CORS preflight.
    return client.post("/t/v", data=json.dumps(body), content_type="text/plain;charset=UTF-8",
                       environ_base={"REMOTE_ADDR": "203.0.113.9"})


def _events():
    return db.session.scalars(select(EngagementEvent).order_by(EngagementEvent.id)).all()


def test_site_js_is_served_with_the_endpoint(client):
    response = client.get("/t/site.js")
    assert response.status_code == 200 and "javascript" in response.mimetype
    assert "/t/v" in response.get_data(as_text=True) and "document.cookie" not in response.get_data(as_text=True)


def test_anonymous_visits_are_attributed_once_the_visitor_clicks_an_email(client, rep, lead_at, frozen):
    contact = lead_at("small", owner=rep, lifecycle_stage="opportunity")
    assert visit(client, p="/pricing").status_code == 204
    assert visit(client, p="/blog/post").status_code == 204
    assert [e.contact_id for e in _events()] == [None, None]
    response = visit(client, p="/features", i=identity_token(contact.id))
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    assert {e.contact_id for e in _events()} == {contact.id}
    state = db.session.get(ContactScore, contact.id)
    assert round(state.engagement) == 18 + 2 + 3
    assert state.buyer_stage == "research"


def test_a_form_with_an_email_identifies_the_visitor(client, make, frozen):
    make.company(domain="acme.example")
    visit(client, visitor="visitor-form1", p="/pricing")
    assert visit(client, visitor="visitor-form1", f="form", p="/contact", e="Pat@Acme.example").status_code == 204
    contact = db.session.scalar(select(Contact).where(Contact.email == "pat@acme.example"))
    assert contact is not None and contact.company.domain == "acme.example"
    assert [(e.type, e.contact_id) for e in _events()] == [("website_visit", contact.id),
                                                           ("form_submitted", contact.id)]


def test_a_view_racing_the_identifying_form_waits_for_it_and_is_the_contacts(app, make, monkeypatch):
    """The thank-you page's view arrives while the form's request is still attributing."""
    make.company(domain="acme.example")
    attributing, real_identify, key = threading.Event(), tracking.identify, site_key()

    def slow_identify(*args, **kwargs):
        attributing.set()
        result = real_identify(*args, **kwargs)
        time.sleep(0.5)  # the form's transaction is still open when the view comes in
        return result

    def post(base, **fields):
        body = {"k": key, "v": "visitor-race1", "p": "/", **fields}
        return requests.post(f"{base}/t/v", data=json.dumps(body), timeout=30).status_code

    monkeypatch.setattr(tracking, "identify", slow_identify)
    with serving(app) as base:
        form = threading.Thread(target=post, args=(base,),
                                kwargs={"f": "form", "p": "/contact", "e": "pat@acme.example"})
        form.start()
        assert attributing.wait(10)
        assert post(base, p="/thanks") == 204
        form.join()
    db.session.expire_all()
    contact = db.session.scalar(select(Contact).where(Contact.email == "pat@acme.example"))
    assert [(e.properties["path"], e.contact_id) for e in _events()] == [("/contact", contact.id),
                                                                         ("/thanks", contact.id)]


def test_forged_identity_and_unknown_site_key_record_nothing(client, frozen):
    assert visit(client, k="pk_wrong").status_code == 404
    visit(client, i="eyJjIjoxfQ.forged.sig")
    assert [e.contact_id for e in _events()] == [None]


@pytest.mark.parametrize("body", ["not json", "[1]", '{"k": "pk"}', '{"v": "short"}',
                                  '{"v": 1180591620717411303424}', '{"v": ["visitor-0001"]}'])
def test_a_body_that_is_not_a_page_view_is_a_clear_400(client, body):
    response = client.post("/t/v", data=body)
    assert response.status_code == 400
    assert 'visitor id "v"' in response.get_json()["error"]["message"]
    assert _events() == []


def test_nul_characters_from_the_page_are_dropped(client, make, frozen):
    lead = make.contact(email="dana@acme.test")
    assert visit(client, f="form", e="dana@acme.test\x00", p="/pricing\x00", t="Plans\x00 & pricing",
                 r="https://x.test/\x00").status_code == 204
    assert [(e.contact_id, e.properties) for e in _events()] == [
        (lead.id, {"path": "/pricing", "title": "Plans & pricing", "referrer": "https://x.test/"})]


def test_lone_surrogates_from_the_page_are_replaced(client, frozen):
    assert visit(client, p="/pricing\ud800", t="\udfffPlans").status_code == 204
    assert [(e.properties["path"], e.properties["title"]) for e in _events()] == [("/pricing?", "?Plans")]


def test_a_site_key_that_is_not_ascii_is_unknown(client, frozen):
    assert visit(client, k="pk_\ud800").status_code == 404
    assert visit(client, k="pk_ü").status_code == 404
    assert _events() == []


def test_same_page_view_sent_twice_is_one_event(client, frozen):
    visit(client, n="abc123")
    visit(client, n="abc123")
    assert len(_events()) == 1


def test_visits_are_rate_limited_per_site_and_address(client, app, frozen):
    app.extensions.pop("sidekick_rate_limit", None)
    app.config["VISIT_RATE_PER_MINUTE"] = 3
    try:
        codes = [visit(client, visitor=f"visitor-rl{n:03}").status_code for n in range(5)]
    finally:
        app.config["VISIT_RATE_PER_MINUTE"] = 120
        app.extensions.pop("sidekick_rate_limit", None)
    assert codes == [204, 204, 204, 429, 429]


def test_token_bucket_refills_over_time():
    now = [0.0]
    bucket = TokenBucket(60, clock=lambda: now[0])
    assert all(bucket.allow("k") for _ in range(60)) and not bucket.allow("k")
    assert bucket.allow("other")
    now[0] += 1.0
    assert bucket.allow("k") and not bucket.allow("k")


REDIS = os.environ.get("SIDEKICK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_redis_window_limits_across_processes():
    try:
        limiter = RedisWindow(REDIS, 2, prefix=f"test:{uuid.uuid4().hex}:")
        limiter.redis.ping()
    except Exception:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no Redis server")
    assert [limiter.allow("k") for _ in range(3)] == [True, True, False]
