"""Email open pixel and click redirect: signed tokens, no open redirect, machine hits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models.engagement import ContactScore, EngagementEvent
from server.services.tracking_tokens import open_pixel_url, tracked_link
from tests.server.engagement.conftest import NOW

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


@pytest.fixture
def email(make, rep, lead_at, frozen):
    """A tracked email sent to a lead at NOW; the clock then moves on a minute."""
    contact = lead_at("small", owner=rep, lifecycle_stage="opportunity")
    activity = make.activity(rep, contact_id=contact.id, type="email", occurred_at=NOW)
    with_urls = {"contact": contact, "activity": activity,
                 "pixel": open_pixel_url(activity, contact).split("127.0.0.1:5000", 1)[1],
                 "link": tracked_link(activity, contact, "https://ourproduct.example/pricing?x=1")
                 .split("127.0.0.1:5000", 1)[1]}
    frozen.move_to(NOW + timedelta(minutes=1))
    return with_urls


def _events():
    return db.session.scalars(select(EngagementEvent).order_by(EngagementEvent.id)).all()


def test_a_person_opening_is_recorded_and_scored(client, email):
    response = client.get(email["pixel"], headers={"User-Agent": BROWSER})
    assert response.status_code == 200 and response.mimetype == "image/gif"
    assert "Set-Cookie" not in response.headers
    [event] = _events()
    assert (event.type, event.machine, event.activity_id) == ("email_open", False, email["activity"].id)
    assert db.session.get(ContactScore, email["contact"].id).engagement == 2


@pytest.mark.parametrize("agent,method,wait", [
    ("Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", "GET", 60),
    ("Mimecast Scanner", "GET", 60),
    (BROWSER, "HEAD", 60),
    (BROWSER, "GET", 2),
])
def test_prefetch_and_scanner_opens_are_flagged_not_scored(client, email, frozen, agent, method, wait):
    frozen.move_to(NOW + timedelta(seconds=wait))
    response = client.open(email["pixel"], method=method, headers={"User-Agent": agent})
    assert response.status_code == 200
    [event] = _events()
    assert event.machine and event.properties["machine_reason"]
    assert db.session.get(ContactScore, email["contact"].id) is None


@pytest.mark.parametrize("tamper", [
    lambda url: url.replace(".gif", "x.gif"),
    lambda url: url[:20] + ("A" if url[20] != "A" else "B") + url[21:],
    lambda url: "/t/o/eyJhIjoxLCJjIjoxfQ.forged.sig.gif",
])
def test_forged_or_altered_pixel_is_404_and_records_nothing(client, email, tamper):
    assert client.get(tamper(email["pixel"]), headers={"User-Agent": BROWSER}).status_code == 404
    assert _events() == []


def test_click_redirects_to_the_signed_destination_only(client, email):
    response = client.get(email["link"], headers={"User-Agent": BROWSER})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://ourproduct.example/pricing?x=1&sk_id=")
    [event] = _events()
    assert event.type == "email_click" and not event.machine
    assert event.properties["url"] == "https://ourproduct.example/pricing?x=1"


def test_no_open_redirect(client, email):
    forged = email["link"] + "?u=https://evil.example"
    assert client.get(forged).headers.get("Location", "").startswith("https://ourproduct.example")
    assert client.get("/t/c/not-a-token?u=https://evil.example").status_code == 404
    with pytest.raises(ValueError):
        tracked_link(1, 1, "javascript:alert(1)")


def test_many_links_clicked_at_once_is_a_scanner(client, email, frozen):
    links = [tracked_link(email["activity"], email["contact"], f"https://ourproduct.example/{n}")
             .split("127.0.0.1:5000", 1)[1] for n in range(3)]
    frozen.move_to(NOW + timedelta(minutes=5))
    for link in links:
        client.get(link, headers={"User-Agent": BROWSER})
    assert [e.machine for e in _events()] == [False, False, True]
