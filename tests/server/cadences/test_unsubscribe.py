"""One-click unsubscribe: signed links, RFC 8058 POST, everything stopped, forged links refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Contact, EmailSuppression, Enrollment
from server.models.types import utcnow
from server.services.cadence_worker import run_cadence_pass


@pytest.fixture
def link(as_user, rep, prospect, cadence, settings, null_sender):
    as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                      json={"contact_id": prospect.id})
    run_cadence_pass(utcnow(), settings, null_sender)
    [message] = null_sender.sent
    header = message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.split(",")[0].strip("<> ")
    assert url in message.get_body(("plain",)).get_content()
    return url.removeprefix(settings.public_url)


def test_get_only_asks_post_unsubscribes(client, link, prospect):
    page = client.get(link)
    assert page.status_code == 200 and b"<form method=\"post\">" in page.data
    assert db.session.get(Contact, prospect.id).do_not_contact is False
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"You are unsubscribed" in done.data
    db.session.expire_all()
    assert db.session.get(Contact, prospect.id).do_not_contact is True
    assert db.session.scalar(select(Enrollment.status)) == "stopped_unsubscribe"
    assert db.session.scalar(select(EmailSuppression.reason)) == "unsubscribe"
    assert client.post(link).status_code == 200  # twice is harmless


def test_unsubscribed_contact_cannot_be_enrolled_again(client, as_user, rep, link, prospect,
                                                      cadence):
    client.post(link)
    response = as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                                 json={"contact_id": prospect.id})
    assert response.get_json()["error"]["reason"] in {"do_not_contact", "unsubscribed"}


def test_forged_or_altered_link_is_404(client, link):
    assert client.post(link[:-2] + "xx").status_code == 404
    assert client.get("/u/eyJjIjoxfQ.forged").status_code == 404
