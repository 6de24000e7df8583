"""Completing a cadence task: one activity, the enrollment moved on, all or nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Activity, CadenceTask, Enrollment
from server.models.types import utcnow
from server.services.cadence_worker import run_cadence_pass

CALL_FIRST = {"name": "Call first", "steps": [
    {"type": "call", "instructions": "Ask for 15 minutes."},
    {"type": "voicemail", "delay_days": 1},
]}


@pytest.fixture
def call_task(as_user, rep, prospect, settings, clock):
    cadence = as_user(rep).post("/api/v1/cadences", json=CALL_FIRST).get_json()
    as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                      json={"contact_id": prospect.id})
    run_cadence_pass(utcnow(), settings, None)
    return db.session.scalar(select(CadenceTask))


def _complete(as_user, user, task, outcome="no_answer", key="k-1", **extra):
    return as_user(user).post(f"/api/v1/tasks/{task.id}/complete",
                              json={"outcome": outcome, "idempotency_key": key, **extra})


def test_completing_logs_one_activity_and_schedules_the_next_step(as_user, rep, call_task):
    response = _complete(as_user, rep, call_task, notes="Rang out")
    assert response.status_code == 200, response.get_json()
    task = response.get_json()
    assert (task["status"], task["outcome"]) == ("done", "no_answer")
    activity = db.session.get(Activity, task["activity_id"])
    assert (activity.type, activity.outcome, activity.source, activity.notes) == (
        "call", "no_answer", "cadence", "Rang out")
    enrollment = db.session.get(Enrollment, task["enrollment_id"])
    assert enrollment.step_index == 1
    assert enrollment.next_due_at == datetime.fromisoformat("2026-12-01T14:00:00+00:00")
    assert _complete(as_user, rep, call_task).get_json() == task  # same key: same answer
    assert _complete(as_user, rep, call_task, key="k-2").status_code == 409
    assert len(db.session.scalars(select(Activity)).all()) == 1


def test_an_activity_already_logged_with_the_key_is_not_logged_again(as_user, rep, prospect,
                                                                     call_task):
    as_user(rep).post("/api/v1/activities", json={"type": "call", "contact_id": prospect.id,
                                                  "idempotency_key": "k-1"})
    _complete(as_user, rep, call_task)
    assert len(db.session.scalars(select(Activity)).all()) == 1


def test_outcome_must_belong_to_the_step(as_user, rep, call_task):
    response = _complete(as_user, rep, call_task, outcome="sent")
    assert response.status_code == 422
    assert "outcome" in response.get_json()["error"]["fields"]
    assert db.session.get(CadenceTask, call_task.id).status == "open"


def test_meeting_booked_stops_the_enrollment_with_success(as_user, rep, call_task):
    task = _complete(as_user, rep, call_task, outcome="meeting_booked").get_json()
    enrollment = db.session.get(Enrollment, task["enrollment_id"])
    assert (enrollment.status, enrollment.reason) == ("stopped_meeting", "meeting_booked")


def test_connected_pauses_and_opens_a_follow_up(as_user, rep, call_task):
    _complete(as_user, rep, call_task, outcome="connected")
    enrollment = db.session.get(Enrollment, call_task.enrollment_id)
    assert (enrollment.status, enrollment.reason) == ("paused", "connected")
    [follow_up] = [t for t in as_user(rep).get("/api/v1/tasks").get_json()]
    assert follow_up["kind"] == "follow_up"
    done = as_user(rep).post(f"/api/v1/tasks/{follow_up['id']}/complete",
                             json={"outcome": "done", "idempotency_key": "f-1"}).get_json()
    assert done["status"] == "done" and done["activity_id"] is None


def test_a_stopped_enrollments_task_is_withdrawn(as_user, rep, call_task):
    as_user(rep).post(f"/api/v1/enrollments/{call_task.enrollment_id}/stop")
    response = _complete(as_user, rep, call_task)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "task_canceled"
    assert db.session.scalars(select(Activity)).all() == []


def test_only_the_rep_and_their_manager_complete_a_task(as_user, make, team, rep, call_task):
    assert _complete(as_user, make.user("rep", team), call_task).status_code == 403
    assert as_user(make.user("rep", team)).get(f"/api/v1/tasks?rep_id={rep.id}").status_code == 403
    manager = make.user("manager", team)
    assert len(as_user(manager).get(f"/api/v1/tasks?rep_id={rep.id}").get_json()) == 1
    assert _complete(as_user, manager, call_task).status_code == 200


def test_wrong_number_flags_the_contacts_phone_until_a_rep_clears_it(as_user, rep, prospect,
                                                                     call_task):
    _complete(as_user, rep, call_task, outcome="wrong_number")
    enrollment = db.session.get(Enrollment, call_task.enrollment_id)
    assert (enrollment.status, enrollment.reason) == ("stopped_manual", "wrong_number")
    contact = as_user(rep).get(f"/api/v1/contacts/{prospect.id}").get_json()
    assert contact["phone_status"] == "wrong_number"
    cleared = as_user(rep).patch(f"/api/v1/contacts/{prospect.id}",
                                 json={"phone": "+1 212 555 0100", "phone_status": None})
    assert cleared.status_code == 200 and cleared.get_json()["phone_status"] is None
    invalid = as_user(rep).patch(f"/api/v1/contacts/{prospect.id}",
                                 json={"phone_status": "maybe"})
    assert invalid.status_code == 422


def test_other_call_outcomes_leave_the_phone_status_alone(as_user, rep, prospect, call_task):
    _complete(as_user, rep, call_task, outcome="no_answer")
    assert as_user(rep).get(f"/api/v1/contacts/{prospect.id}").get_json()["phone_status"] is None


def test_touches_outside_the_cadence_do_not_push_its_step_off_the_queue(as_user, make, rep,
                                                                       prospect, call_task):
    for n in range(6):  # more than the small tier's 5 attempts, none of them cadence steps
        make.activity(rep, type="call", contact_id=prospect.id, company_id=prospect.company_id,
                      occurred_at=utcnow())
    items = as_user(rep).get("/api/v1/queue").get_json()["items"]
    [step] = [item for item in items if item["kind"] == "cadence_step"]
    assert (step["task_id"], step["attempts_made"], step["attempts_allowed"]) == (call_task.id, 0, 5)
