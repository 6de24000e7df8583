"""The worker dies between SMTP accepting an email and logging it: after a restart the email
is neither sent again nor logged twice (outbox row with a unique key, claimed with a lease)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import Activity, Enrollment, OutboundEmail
from server.models.types import utcnow
from server.services import cadence_worker
from server.services.cadence_mailer import MailSettings, SmtpSender
from server.services.cadence_outbox import SEND_LEASE


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: no `except Exception` in the worker may catch it."""


def _pass(app, smtp_server):
    settings = MailSettings.from_config({**app.config, "SMTP_HOST": smtp_server.hostname,
                                         "SMTP_PORT": smtp_server.port})
    return cadence_worker.run_cadence_pass(utcnow(), settings, SmtpSender(settings))


def _emails_logged() -> int:
    return db.session.scalar(select(func.count()).select_from(Activity)
                             .where(Activity.type == "email"))


@pytest.fixture
def enrolled(as_user, rep, prospect, cadence):
    response = as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                                 json={"contact_id": prospect.id})
    return response.get_json()["id"]


def _kill_after_smtp_accepts(monkeypatch):
    def killed(row, now, **kwargs):
        raise WorkerKilled(f"killed after SMTP accepted {row.message_id}")

    monkeypatch.setattr(cadence_worker, "confirm_sent", killed)


def test_killed_after_smtp_accept_is_not_resent_and_logged_once(app, monkeypatch, clock,
                                                                 smtp_server, enrolled):
    _kill_after_smtp_accepts(monkeypatch)
    with pytest.raises(WorkerKilled):
        _pass(app, smtp_server)
    assert len(smtp_server.inbox.messages) == 1
    db.session.rollback()  # the dead process's unfinished transaction is gone
    db.session.expire_all()
    monkeypatch.undo()

    # A restart right away: the row is still leased to the dead worker, so nothing happens.
    clock.shift(timedelta(seconds=30))
    report = _pass(app, smtp_server)
    assert (report.emails_sent, report.recovered) == (0, 0)
    # After the lease: the email counts as sent (not resent) and the enrollment moves on.
    clock.shift(SEND_LEASE)
    report = _pass(app, smtp_server)
    assert (report.emails_sent, report.recovered) == (0, 1)
    for _ in range(3):
        clock.shift(timedelta(minutes=10))
        _pass(app, smtp_server)
    assert len(smtp_server.inbox.messages) == 1
    assert _emails_logged() == 1
    row = db.session.scalar(select(OutboundEmail))
    assert row.status == "sent_unconfirmed" and row.activity_id is not None
    enrollment = db.session.get(Enrollment, enrolled)
    assert (enrollment.status, enrollment.step_index) == ("active", 1)


def test_smtp_refusal_unlogs_and_retries_later(app, monkeypatch, clock, smtp_server, enrolled):
    class Refusing(SmtpSender):
        def send(self, message):
            from server.services.cadence_mailer import SendFailed
            raise SendFailed("SMTP 451: try again later", permanent=False)

    settings = MailSettings.from_config({**app.config, "SMTP_HOST": "127.0.0.1"})
    report = cadence_worker.run_cadence_pass(utcnow(), settings, Refusing(settings))
    assert report.emails_failed == 1 and _emails_logged() == 0
    row = db.session.scalar(select(OutboundEmail))
    assert (row.status, row.attempts) == ("queued", 1)
    clock.shift(timedelta(minutes=6))
    assert _pass(app, smtp_server).emails_sent == 1
    assert _emails_logged() == 1 and len(smtp_server.inbox.messages) == 1


def test_unreachable_smtp_server_keeps_the_email_queued(app, enrolled):
    settings = MailSettings.from_config({**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": 9,
                                         "SMTP_TIMEOUT_S": 2})
    report = cadence_worker.run_cadence_pass(utcnow(), settings, SmtpSender(settings))
    assert report.emails_failed == 1 and _emails_logged() == 0
    assert db.session.scalar(select(OutboundEmail.status)) == "queued"
