"""The worker pass: emails through the outbox, manual steps as tasks, caps, windows, pauses."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from server.extensions import db
from server.models import Activity, CadenceStep, CadenceTask, Enrollment, OutboundEmail
from server.models.types import utcnow
from server.services import cadence_handoff
from server.services.cadence_handoff import due_steps
from server.services.cadence_worker import run_cadence_pass
from tests.server.cadences.conftest import MONDAY_9AM_NY, THREE_STEPS


def _enroll(as_user, rep, cadence, contact):
    response = as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                                 json={"contact_id": contact.id})
    assert response.status_code == 201, response.get_json()
    return db.session.get(Enrollment, response.get_json()["id"])


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_due_auto_email_is_sent_logged_once_and_the_call_is_scheduled(
        as_user, rep, prospect, cadence, settings, null_sender):
    enrollment = _enroll(as_user, rep, cadence, prospect)
    report = run_cadence_pass(utcnow(), settings, null_sender)
    assert (report.emails_queued, report.emails_sent) == (1, 1)
    [message] = null_sender.sent
    assert message["Subject"] == "Quick question for Acme Robotics"
    assert message["To"] == "Dana Nguyen <dana@acme-robotics.example>"
    assert message["From"] == "Riley Rep <riley@sales.example>"
    assert "Hi Dana," in message.get_body(("plain",)).get_content()
    db.session.refresh(enrollment)
    assert (enrollment.status, enrollment.step_index) == ("active", 1)
    assert enrollment.next_due_at == datetime.fromisoformat("2026-12-02T14:00:00+00:00")
    assert _count(Activity, Activity.type == "email") == 1
    again = run_cadence_pass(utcnow(), settings, null_sender)
    assert (again.emails_queued, again.emails_sent, len(null_sender.sent)) == (0, 0, 1)


def test_manual_step_becomes_one_task_a_day_ahead(as_user, rep, prospect, cadence, settings,
                                                  null_sender, clock):
    _enroll(as_user, rep, cadence, prospect)
    run_cadence_pass(utcnow(), settings, null_sender)
    clock.move_to(datetime.fromisoformat("2026-12-01T15:00:00+00:00"))  # Tuesday
    assert run_cadence_pass(utcnow(), settings, null_sender).tasks_opened == 1
    assert run_cadence_pass(utcnow(), settings, null_sender).tasks_opened == 0
    [task] = db.session.scalars(select(CadenceTask)).all()
    assert (task.kind, task.step_type, task.status) == ("cadence_step", "call", "open")
    assert task.due_at == datetime.fromisoformat("2026-12-02T14:00:00+00:00")
    listed = as_user(rep).get("/api/v1/tasks?date=2026-12-01").get_json()
    assert listed == []
    [item] = as_user(rep).get("/api/v1/tasks?date=2026-12-02").get_json()
    assert item["contact_name"] == "Dana Nguyen" and item["cadence_name"] == "Email, call, email"


def test_missing_merge_field_pauses_instead_of_sending(as_user, rep, make, cadence, settings,
                                                       null_sender):
    nameless = make.contact(email="who@example.test", first_name=None, company=None)
    enrollment = _enroll(as_user, rep, cadence, nameless)
    report = run_cadence_pass(utcnow(), settings, null_sender)
    assert (report.paused, report.emails_sent, null_sender.sent) == (1, 0, [])
    db.session.refresh(enrollment)
    assert (enrollment.status, enrollment.reason) == ("paused", "missing_field:company.name")


def test_a_template_the_rules_now_refuse_pauses_with_a_template_error(as_user, rep, prospect, cadence,
                                                                     settings, null_sender):
    """A step saved before the template rules came in is not sent, and says why."""
    step = db.session.scalar(select(CadenceStep).where(CadenceStep.cadence_id == cadence["id"],
                                                       CadenceStep.position == 0))
    step.body = "{{ contact.first_name * 3 }}"
    db.session.commit()
    enrollment = _enroll(as_user, rep, cadence, prospect)
    assert run_cadence_pass(utcnow(), settings, null_sender).paused == 1
    db.session.refresh(enrollment)
    assert (enrollment.status, enrollment.reason, null_sender.sent) == ("paused", "template_error", [])


def test_sends_are_spaced_per_mailbox_and_capped_per_day(as_user, rep, make, cadence, settings,
                                                         null_sender, clock):
    for n in range(4):
        _enroll(as_user, rep, cadence, make.contact(company=make.company(name=f"Co {n}")))
    capped = replace(settings, daily_cap=3)
    assert run_cadence_pass(utcnow(), capped, null_sender).emails_sent == 1
    clock.shift(timedelta(seconds=10))
    assert run_cadence_pass(utcnow(), capped, null_sender).emails_sent == 0  # 30 s apart
    for _ in range(3):
        clock.shift(timedelta(seconds=30))
        run_cadence_pass(utcnow(), capped, null_sender)
    assert len(null_sender.sent) == 3  # the fourth waits for tomorrow
    waiting = db.session.scalar(select(OutboundEmail).where(OutboundEmail.status == "queued"))
    assert waiting.not_before == datetime.fromisoformat("2026-12-01T05:00:00+00:00")


def test_email_waits_for_the_window_in_the_contacts_zone(as_user, rep, make, cadence, settings,
                                                         null_sender, clock):
    tokyo = make.contact(company=make.company(name="Tokyo KK"), timezone="Asia/Tokyo")
    enrollment = _enroll(as_user, rep, cadence, tokyo)  # Monday 23:00 in Tokyo: Tuesday 08:00
    assert enrollment.next_due_at == datetime.fromisoformat("2026-11-30T23:00:00+00:00")
    assert run_cadence_pass(utcnow(), settings, null_sender).emails_queued == 0
    clock.move_to(enrollment.next_due_at)
    assert run_cadence_pass(utcnow(), settings, null_sender).emails_sent == 1


def test_do_not_contact_set_after_queueing_cancels_the_email(as_user, rep, prospect, cadence,
                                                             settings, null_sender):
    enrollment = _enroll(as_user, rep, cadence, prospect)
    run_cadence_pass(utcnow(), settings, None)  # no SMTP configured: queued only
    prospect.do_not_contact = True
    db.session.commit()
    assert run_cadence_pass(utcnow(), settings, null_sender).emails_sent == 0
    db.session.refresh(enrollment)
    assert (enrollment.status, enrollment.reason) == ("stopped_manual", "do_not_contact")
    assert _count(OutboundEmail, OutboundEmail.status == "canceled") == 1


def test_due_step_query_skips_handed_off_and_future_steps(as_user, rep, prospect, cadence,
                                                          settings):
    _enroll(as_user, rep, cadence, prospect)
    assert len(db.session.scalars(due_steps(MONDAY_9AM_NY - timedelta(minutes=1))).all()) == 0
    assert len(db.session.scalars(due_steps(MONDAY_9AM_NY)).all()) == 1
    run_cadence_pass(MONDAY_9AM_NY, settings, None)
    assert db.session.scalars(due_steps(MONDAY_9AM_NY)).all() == []


def test_worker_once_command_runs_the_due_pass(as_user, rep, prospect, cadence, runner):
    _enroll(as_user, rep, cadence, prospect)
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "emails_queued=1" in result.output  # no SMTP host in the test config: kept queued
    assert _count(OutboundEmail, OutboundEmail.status == "queued") == 1
    assert THREE_STEPS["steps"][0]["type"] == "auto_email"


def test_a_meeting_logged_anywhere_stops_the_enrollment(as_user, rep, prospect, make, cadence,
                                                        settings, clock):
    enrollment = _enroll(as_user, rep, cadence, prospect)
    other = _enroll(as_user, rep, cadence, make.contact(company=prospect.company))
    make.activity(rep, type="meeting", contact_id=prospect.id, occurred_at=utcnow())
    as_user(rep).post("/api/v1/events", json={"events": [{
        "event_id": "cal-1", "type": "meeting_booked", "contact_id": other.contact_id,
        "occurred_at": utcnow().isoformat()}]})
    assert run_cadence_pass(utcnow(), settings, None).stopped_meeting == 2
    db.session.refresh(enrollment)
    db.session.refresh(other)
    assert (enrollment.status, other.status) == ("stopped_meeting", "stopped_meeting")
    assert run_cadence_pass(utcnow(), settings, None).stopped_meeting == 0


def test_hand_off_writes_a_batch_of_emails_and_tasks_once(as_user, rep, make, cadence,
                                                          settings, clock):
    enrollments = [_enroll(as_user, rep, cadence, make.contact(company=make.company(
        name=f"Co {n}"))) for n in range(6)]
    for enrollment in enrollments[3:]:  # these wait on the call step, due today
        enrollment.step_index, enrollment.next_due_at = 1, MONDAY_9AM_NY
    db.session.commit()
    report = run_cadence_pass(utcnow(), settings, None)
    assert (report.emails_queued, report.tasks_opened) == (3, 3)
    assert _count(OutboundEmail) == 3 and _count(CadenceTask) == 3
    assert _count(Enrollment, Enrollment.handed_off_at.is_(None)) == 0
    again = run_cadence_pass(utcnow(), settings, None)
    assert (again.emails_queued, again.tasks_opened) == (0, 0)


def test_hand_off_that_loses_a_race_rolls_back_and_queues_once(as_user, rep, prospect, cadence,
                                                               settings, monkeypatch):
    enrollment = _enroll(as_user, rep, cadence, prospect)
    run_cadence_pass(utcnow(), settings, None)  # the other worker, first
    enrollment.handed_off_at = None  # as our worker read it, before the other committed
    db.session.commit()
    monkeypatch.setattr(cadence_handoff, "outbox_state",
                        lambda batch: {e.id: (None, None) for e in batch})
    report = run_cadence_pass(utcnow(), settings, None)
    assert report.emails_queued == 0  # the duplicate send_key refused the whole batch
    assert _count(OutboundEmail) == 1
