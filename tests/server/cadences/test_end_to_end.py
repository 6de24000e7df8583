"""The whole cadence over real SMTP with frozen time: email day 0, call day 2, email day 4.

Enroll -> the day-0 email reaches a real SMTP server (aiosmtpd on loopback) personalized, with
our Message-ID, List-Unsubscribe headers, open pixel and tracked links -> the pixel records an
open and raises the score -> on day 2 the call is first in the rep's queue -> completing it
(no_answer) logs one call and schedules day 4 -> a reply stops the enrollment -> no day-4 email.
"""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy
from urllib.parse import urlsplit

from sqlalchemy import func, select

from server.extensions import db
from server.models import Activity, Enrollment, OutboundEmail
from server.models.engagement import ContactScore, EngagementEvent
from server.models.types import utcnow
from server.services.cadence_mailer import MailSettings, SmtpSender
from server.services.cadence_worker import run_cadence_pass

WEDNESDAY_8AM_NY = datetime.fromisoformat("2026-12-02T13:00:00+00:00")
WEDNESDAY_930_NY = datetime.fromisoformat("2026-12-02T14:30:00+00:00")
FRIDAY_11AM_NY = datetime.fromisoformat("2026-12-04T16:00:00+00:00")


def _worker_pass(app, smtp_server):
    """What `sidekick worker --once` does, against the loopback SMTP server."""
    settings = MailSettings.from_config({**app.config, "SMTP_HOST": smtp_server.hostname,
                                         "SMTP_PORT": smtp_server.port,
                                         "MAIL_FROM": "riley@sales.example"})
    return run_cadence_pass(utcnow(), settings, SmtpSender(settings))


def _score(contact_id: int) -> float:
    return db.session.scalar(select(ContactScore.engagement)
                             .where(ContactScore.contact_id == contact_id)) or 0.0


def test_email_call_email_cadence_end_to_end(app, client, as_user, rep, admin, prospect,
                                             cadence, clock, smtp_server):
    # Day 0, Monday 09:00 New York: enroll; the worker sends the first email over SMTP.
    enrolled = as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                                 json={"contact_id": prospect.id}).get_json()
    assert _worker_pass(app, smtp_server).emails_sent == 1
    [envelope] = smtp_server.inbox.messages
    assert envelope.rcpt_tos == ["dana@acme-robotics.example"]
    message = message_from_bytes(envelope.content, policy=policy.default)
    outbox = db.session.scalar(select(OutboundEmail))
    assert message["Message-ID"] == outbox.message_id
    assert message["From"] == "Riley Rep <riley@sales.example>"
    assert message["Subject"] == "Quick question for Acme Robotics"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].split(",")[0].strip("<> ")
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    assert text.startswith("Hi Dana,\n") and "Riley Rep" in text and unsubscribe in text

    # The pixel and the tracked link (engagement issue) are in the HTML part.
    pixel = html.split('<img src="')[1].split('"')[0]
    assert "/t/o/" in pixel
    assert "https://example.com/case-study" not in text.replace(unsubscribe, "")
    assert "/t/c/" in text and "/t/c/" in html

    # Two hours later Dana opens it: a human open, recorded, raising her score.
    before = _score(prospect.id)
    clock.move_to(datetime.fromisoformat("2026-11-30T16:00:00+00:00"))
    assert client.get(urlsplit(pixel).path,
                      headers={"User-Agent": "Mozilla/5.0 (Macintosh) Thunderbird/128"}
                      ).status_code == 200
    opened = db.session.scalar(select(EngagementEvent).where(EngagementEvent.type == "email_open"))
    assert opened.contact_id == prospect.id and opened.machine is False
    assert opened.activity_id == outbox.activity_id
    assert _score(prospect.id) > before

    # Day 2, Wednesday 08:00: the worker turns the call into a task; it tops the queue.
    clock.move_to(WEDNESDAY_8AM_NY)
    assert _worker_pass(app, smtp_server).tasks_opened == 1
    queue = as_user(rep).get("/api/v1/queue?date=2026-12-02").get_json()["items"]
    assert queue[0]["kind"] == "cadence_step" and queue[0]["contact"]["id"] == prospect.id
    task_id = queue[0]["task_id"]

    # 09:30: the rep completes it as no_answer (twice: a retried click); one call is logged.
    clock.move_to(WEDNESDAY_930_NY)
    for _ in range(2):
        done = as_user(rep).post(f"/api/v1/tasks/{task_id}/complete", json={
            "outcome": "no_answer", "notes": "Rang out", "idempotency_key": "ext-call-1"})
        assert done.status_code == 200, done.get_json()
    calls = db.session.scalar(select(func.count()).select_from(Activity)
                              .where(Activity.type == "call"))
    assert calls == 1
    state = as_user(rep).get(f"/api/v1/enrollments/{enrolled['id']}").get_json()
    assert state["status"] == "active"
    assert state["next_step"]["index"] == 2 and state["next_step"]["type"] == "auto_email"
    assert state["next_step"]["due_at"] == "2026-12-04T14:30:00+00:00"  # Friday 09:30 New York

    # Dana replies to the day-0 email; the mail server pipes it to us.
    reply = (f"From: Dana Nguyen <dana@acme-robotics.example>\r\nTo: riley@sales.example\r\n"
             f"Subject: Re: Quick question for Acme Robotics\r\nMessage-ID: <r1@acme.example>\r\n"
             f"In-Reply-To: {outbox.message_id}\r\nReferences: {outbox.message_id}\r\n\r\n"
             f"Let's talk next week.\r\n").encode()
    posted = as_user(admin).post("/api/v1/inbound-email", data=reply,
                                 headers={"Content-Type": "message/rfc822"})
    assert posted.status_code == 201 and posted.get_json()["kind"] == "reply"
    assert as_user(rep).get(f"/api/v1/enrollments/{enrolled['id']}").get_json()["status"] == (
        "stopped_reply")
    replied = db.session.scalar(select(EngagementEvent).where(EngagementEvent.type == "email_reply"))
    assert replied.contact_id == prospect.id

    # Day 4, Friday: nothing more goes out.
    clock.move_to(FRIDAY_11AM_NY)
    report = _worker_pass(app, smtp_server)
    assert (report.emails_queued, report.emails_sent) == (0, 0)
    assert len(smtp_server.inbox.messages) == 1
    assert db.session.get(Enrollment, enrolled["id"]).ended_at == WEDNESDAY_930_NY
