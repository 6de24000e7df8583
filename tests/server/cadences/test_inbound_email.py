"""Inbound mail: replies stop, bounces stop and suppress, auto-replies pause until the return."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import EmailSuppression, Enrollment, OutboundEmail
from server.models.types import utcnow
from server.services.cadence_mail_parse import parse_message, return_date
from server.services.cadence_worker import run_cadence_pass

REPLY = """From: Dana Nguyen <dana@acme-robotics.example>
To: riley@sales.example
Subject: Re: Quick question for Acme Robotics
Message-ID: <reply-1@acme-robotics.example>
In-Reply-To: {ours}
References: {ours}
Date: Mon, 30 Nov 2026 10:15:00 -0500

Sounds interesting, call me Thursday.
"""

OUT_OF_OFFICE = """From: Dana Nguyen <dana@acme-robotics.example>
To: riley@sales.example
Subject: Automatic reply: Quick question for Acme Robotics
Auto-Submitted: auto-replied
Message-ID: <ooo-1@acme-robotics.example>
In-Reply-To: {ours}

I am out of the office and will be back on Monday, 14 December. For urgent matters...
"""

DSN = """From: Mail Delivery System <MAILER-DAEMON@mx.acme-robotics.example>
To: riley@sales.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-1@mx.acme-robotics.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

The mail system could not deliver your message.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.acme-robotics.example

Final-Recipient: rfc822; dana@acme-robotics.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--B
Content-Type: text/rfc822-headers

From: Riley Rep <riley@sales.example>
To: dana@acme-robotics.example
Subject: Quick question for Acme Robotics
Message-ID: {ours}

--B--
"""


@pytest.fixture
def sent(as_user, rep, prospect, cadence, settings, null_sender):
    """The day-0 email went out; returns our outbox row."""
    as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                      json={"contact_id": prospect.id})
    run_cadence_pass(utcnow(), settings, null_sender)
    return db.session.scalar(select(OutboundEmail))


def _post(as_user, user, raw: str):
    return as_user(user).post("/api/v1/inbound-email", data=raw.encode(),
                              headers={"Content-Type": "message/rfc822"})


def _enrollment(row) -> Enrollment:
    return db.session.get(Enrollment, row.enrollment_id)


def test_reply_stops_the_enrollment_and_colleagues_at_the_company(as_user, make, admin, rep,
                                                                  prospect, cadence, sent):
    colleague = make.contact(company=prospect.company, email="sam@acme-robotics.example")
    as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                      json={"contact_id": colleague.id})
    response = _post(as_user, admin, REPLY.format(ours=sent.message_id))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["kind"], body["outbound_email_id"], body["contact_id"]) == (
        "reply", sent.id, prospect.id)
    statuses = {e.contact_id: e.status for e in db.session.scalars(select(Enrollment))}
    assert statuses == {prospect.id: "stopped_reply", colleague.id: "stopped_reply"}
    again = _post(as_user, admin, REPLY.format(ours=sent.message_id))
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]


def test_bounce_report_stops_and_suppresses_the_address(as_user, admin, sent):
    body = _post(as_user, admin, DSN.format(ours=sent.message_id)).get_json()
    assert body["kind"] == "bounce" and body["details"]["status"] == "5.1.1"
    assert _enrollment(sent).status == "stopped_bounce"
    assert db.session.scalar(select(EmailSuppression.reason)) == "bounce"


def test_out_of_office_pauses_until_the_stated_return(as_user, admin, sent, settings, clock):
    body = _post(as_user, admin, OUT_OF_OFFICE.format(ours=sent.message_id)).get_json()
    assert body["kind"] == "out_of_office" and body["details"]["return_on"] == "2026-12-14"
    enrollment = _enrollment(sent)
    assert (enrollment.status, enrollment.reason) == ("paused", "out_of_office")
    assert enrollment.resume_at == datetime.fromisoformat("2026-12-14T13:00:00+00:00")
    clock.move_to(enrollment.resume_at)
    assert run_cadence_pass(utcnow(), settings, None).resumed == 1
    assert _enrollment(sent).status == "active"


def test_reply_without_headers_is_matched_by_sender_address(as_user, admin, sent):
    raw = REPLY.format(ours="").replace("In-Reply-To: \n", "").replace("References: \n", "")
    assert _post(as_user, admin, raw).get_json()["kind"] == "reply"
    assert _enrollment(sent).status == "stopped_reply"


def test_unknown_message_is_kept_as_unmatched(as_user, admin):
    raw = REPLY.format(ours="<not-ours@x>").replace("dana@acme-robotics", "who@elsewhere")
    assert _post(as_user, admin, raw).get_json()["kind"] == "unmatched"


def test_only_json_free_raw_mail_from_an_admin_token(as_user, rep, admin):
    assert _post(as_user, rep, REPLY.format(ours="<x@y>")).status_code == 403
    response = as_user(admin).post("/api/v1/inbound-email", json={"raw": "x"})
    assert response.status_code == 415


@pytest.mark.parametrize("text,expected", [
    ("I will be back on Monday, 14 December.", date(2026, 12, 14)),
    ("Returning 2027-01-04, limited access to email", date(2027, 1, 4)),
    ("Ich bin bis 07.12.2026 nicht im Büro", date(2026, 12, 7)),
    ("back on January 5", date(2027, 1, 5)),
    ("I am travelling with limited access.", None),
])
def test_return_dates_in_auto_replies(text, expected):
    assert return_date(text, date(2026, 11, 30)) == expected


def test_delayed_dsn_is_not_a_bounce():
    raw = DSN.format(ours="<a@b>").replace("Action: failed", "Action: delayed").replace(
        "Status: 5.1.1", "Status: 4.4.1")
    assert parse_message(raw.encode(), date(2026, 11, 30)).kind == "delayed"


@pytest.mark.parametrize("header", [
    "From: =?utf-8?b?!!!?=",  # the standard library's address parser raises IndexError on it
    "Subject: =?x-unknown?q?zz?=",
    "Message-ID: =?utf-8?b?!!!?=",
])
def test_a_header_the_parser_cannot_decode_is_read_as_sent(as_user, admin, header):
    response = _post(as_user, admin, f"{header}\r\nTo: rep@sales.example\r\n\r\nHello")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["kind"] == "unmatched"


def test_nul_and_undecodable_bytes_in_a_message_are_stored_without_them(as_user, admin):
    raw = (b"From: who@elsewhere.example\r\nSubject: Re: hi\x00 \xff\r\nMessage-ID: <a\x00b@x>\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\nThanks\x00 \xed\xa0\x80 bye")
    response = as_user(admin).post("/api/v1/inbound-email", data=raw, headers={"Content-Type": "message/rfc822"})
    assert response.status_code == 201, response.get_json()
    assert "\x00" not in response.get_json()["subject"]
