"""site.js on a customer's marketing page in Chromium: anonymous visits without cookies, the
visitor recognised from a tracked email click or a form, and a clean console throughout."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Contact
from server.models.engagement import EngagementEvent, Visitor
from server.services.tracking_tokens import identity_token
from tests.site_browser.conftest import eventually

pytestmark = pytest.mark.browser


def events_when(ready: Callable[[list[EngagementEvent]], bool], what: str) -> list[EngagementEvent]:
    """The events site.js sent, oldest first, once ``ready(events)`` holds."""
    def read():
        rows = db.session.scalars(select(EngagementEvent).where(EngagementEvent.source == "site.js")
                                  .order_by(EngagementEvent.id)).all()
        return rows if ready(rows) else None
    return eventually(read, what)


def all_for(contact_id: int, count: int) -> Callable[[list[EngagementEvent]], bool]:
    return lambda rows: len(rows) == count and {e.contact_id for e in rows} == {contact_id}


def test_anonymous_page_views_share_a_local_storage_visitor_id_and_set_no_cookie(visitor, sidekick):
    visitor.goes_to("/")
    events_when(lambda rows: len(rows) == 1, "the home page view")

    def follow_pricing_link(page):
        page.click("#pricing")
        page.wait_for_url("**/pricing")
    visitor.do(follow_pricing_link)
    home, pricing = events_when(lambda rows: len(rows) == 2, "the pricing page view")

    # 128 random bits, even on this plain-http site where crypto.randomUUID does not exist.
    assert re.fullmatch("[0-9a-f]{32}", visitor.visitor_id)
    assert home.visitor_id == pricing.visitor_id == visitor.visitor_id
    assert [(e.type, e.contact_id, e.properties["path"]) for e in (home, pricing)] == \
        [("website_visit", None, "/"), ("website_visit", None, "/pricing")]
    assert home.properties["title"] == "Customer – Home"
    assert pricing.properties["referrer"] == f"{visitor.site}/"
    assert db.session.get(Visitor, visitor.visitor_id).contact_id is None
    assert visitor.cookies == [] and visitor.beacons == ["POST", "POST"]
    answered = eventually(lambda: hits if len(hits := sidekick.exchanges.to("/t/v")) == 2 else None,
                          "both beacons answered")  # logged just after the event is committed
    assert [(method, status) for method, status, _ in answered] == \
        [("POST", "204 NO CONTENT")] * 2  # a text/plain beacon: no CORS preflight
    assert not any("set-cookie" in headers for *_, headers in sidekick.exchanges.log)
    assert visitor.errors == []


def test_tracked_click_attributes_this_and_earlier_visits_and_cleans_the_address_bar(visitor, make):
    company = make.company(domain="buyer.example")
    contact = make.contact(email="casey@buyer.example", company=company)
    visitor.goes_to("/")
    visitor.goes_to("/pricing")
    events_when(lambda rows: len(rows) == 2, "two anonymous page views")

    token = quote(identity_token(contact.id))
    address = visitor.goes_to(f"/features?utm_source=email&sk_id={token}#plans")
    assert address == f"{visitor.site}/features?utm_source=email#plans"
    assert visitor.do(lambda page: page.evaluate("location.href")) == address

    rows = events_when(all_for(contact.id, 3), "the three visits attributed to the contact")
    assert [e.properties["path"] for e in rows] == ["/", "/pricing", "/features"]
    assert {e.company_id for e in rows} == {company.id}
    assert db.session.get(Visitor, visitor.visitor_id).contact_id == contact.id
    assert visitor.cookies == [] and visitor.errors == []


def test_a_form_with_an_email_makes_the_visitor_a_new_lead_at_the_known_company(visitor, make):
    company = make.company(domain="acme.example")
    visitor.goes_to("/contact")
    events_when(lambda rows: len(rows) == 1, "the contact page view")

    def submit(page):
        page.fill("input[name=name]", "Pat")
        page.fill("input[type=email]", "Pat@Acme.example")
        page.click("button[type=submit]")
        page.wait_for_url("**/thanks")
    visitor.do(submit)

    by_email = select(Contact).where(Contact.email == "pat@acme.example")
    lead = eventually(lambda: db.session.scalar(by_email), "the new lead")
    assert (lead.company_id, lead.lifecycle_stage) == (company.id, "lead")
    assert db.session.get(Visitor, visitor.visitor_id).contact_id == lead.id
    # The form's beacon survived the navigation; the earlier view became the lead's, and so did
    # the thank-you page's, though it may arrive while the form is still being recorded.
    rows = events_when(lambda rows: len(rows) == 3, "the view, the form and the thank-you page")
    assert {(e.type, e.properties["path"], e.contact_id) for e in rows} == {
        ("website_visit", "/contact", lead.id), ("form_submitted", "/contact", lead.id),
        ("website_visit", "/thanks", lead.id)}
    assert visitor.cookies == [] and visitor.errors == []


def test_a_visitor_sending_do_not_track_is_not_tracked(private_visitor, sidekick):
    private_visitor.goes_to("/pricing")
    assert [method for method, *_ in sidekick.exchanges.to("/t/site.js")] == ["GET"]
    assert private_visitor.visitor_id is None and private_visitor.beacons == []
    assert sidekick.exchanges.to("/t/v") == []
    assert private_visitor.errors == []
