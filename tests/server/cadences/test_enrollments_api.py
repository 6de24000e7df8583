"""Enrolling contacts: the contract's shapes, refusals with reasons, pause/resume/stop."""

from __future__ import annotations

from datetime import datetime

from server.extensions import db
from server.models import EmailSuppression
from tests.server.cadences.conftest import MONDAY_9AM_NY


def _enroll(as_user, user, cadence, **body):
    return as_user(user).post(f"/api/v1/cadences/{cadence['id']}/enrollments", json=body)


def test_enrolling_one_contact_returns_the_enrollment_and_its_first_step(as_user, rep, prospect,
                                                                         cadence):
    response = _enroll(as_user, rep, cadence, contact_id=prospect.id)
    assert response.status_code == 201
    enrollment = response.get_json()
    assert enrollment["status"] == "active" and enrollment["user_id"] == rep.id
    fetched = as_user(rep).get(f"/api/v1/enrollments/{enrollment['id']}").get_json()
    assert fetched["status"] == "active"
    assert fetched["next_step"] == {
        "index": 0, "type": "auto_email", "automatic": True, "instructions": "",
        "subject": "Quick question for {{ company.name }}", "time_zone": "America/New_York",
        "due_at": MONDAY_9AM_NY.isoformat()}


def test_enrolling_on_a_saturday_waits_for_monday_8am_in_the_contacts_zone(
        as_user, rep, make, cadence, clock):
    clock.move_to(datetime.fromisoformat("2026-12-05T12:00:00+00:00"))
    berliner = make.contact(email="jonas@berlin.example", timezone="Europe/Berlin")
    enrollment = _enroll(as_user, rep, cadence, contact_id=berliner.id).get_json()
    assert enrollment["next_due_at"] == "2026-12-07T07:00:00+00:00"  # Monday 08:00 Berlin


def test_bulk_enrollment_refuses_each_contact_with_its_reason(as_user, make, rep, team, prospect,
                                                             cadence):
    blocked = make.contact(do_not_contact=True)
    gone = make.contact(email="gone@example.test")
    db.session.add(EmailSuppression(email="gone@example.test", reason="unsubscribe"))
    theirs = make.contact(owner=make.user("rep", team))
    no_email = make.contact(email=None)
    _enroll(as_user, rep, cadence, contact_id=prospect.id)
    ids = [prospect.id, blocked.id, gone.id, theirs.id, no_email.id, 999_999]
    ok = make.contact()
    response = _enroll(as_user, rep, cadence, contact_ids=[*ids, ok.id, ok.id])
    assert response.status_code == 201
    body = response.get_json()
    assert [e["contact_id"] for e in body["items"]] == [ok.id]
    assert {r["contact_id"]: r["reason"] for r in body["refused"]} == {
        prospect.id: "already_enrolled", blocked.id: "do_not_contact", gone.id: "unsubscribed",
        theirs.id: "owned_by_other_rep", no_email.id: "no_email", 999_999: "not_found"}
    assert all(r["message"] for r in body["refused"])


def test_enrolling_one_refused_contact_answers_409_with_the_reason(as_user, make, rep, cadence):
    blocked = make.contact(do_not_contact=True)
    response = _enroll(as_user, rep, cadence, contact_id=blocked.id)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "enrollment_refused" and error["reason"] == "do_not_contact"
    assert _enroll(as_user, rep, cadence, contact_id=424242).status_code == 422
    assert _enroll(as_user, rep, cadence, contact_id=1, contact_ids=[1]).status_code == 422


def test_pause_resume_stop(as_user, rep, prospect, cadence, clock):
    enrollment = _enroll(as_user, rep, cadence, contact_id=prospect.id).get_json()
    url = f"/api/v1/enrollments/{enrollment['id']}"
    paused = as_user(rep).post(f"{url}/pause").get_json()
    assert paused["status"] == "paused" and paused["next_due_at"] is None
    assert as_user(rep).post(f"{url}/pause").status_code == 409
    clock.move_to(datetime.fromisoformat("2026-11-30T23:30:00+00:00"))  # 18:30 New York
    resumed = as_user(rep).post(f"{url}/resume").get_json()
    assert resumed["status"] == "active"
    assert resumed["next_due_at"] == "2026-12-01T13:00:00+00:00"  # Tuesday 08:00 New York
    stopped = as_user(rep).post(f"{url}/stop").get_json()
    assert stopped["status"] == "stopped_manual" and stopped["next_step"] is None
    response = as_user(rep).post(f"{url}/resume")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "invalid_transition"
    assert as_user(rep).post(f"{url}/restart").status_code == 404


def test_enrollments_are_private_to_the_rep_and_their_manager(as_user, make, team, rep, prospect,
                                                              cadence):
    enrollment = _enroll(as_user, rep, cadence, contact_id=prospect.id).get_json()
    url = f"/api/v1/enrollments/{enrollment['id']}"
    assert as_user(make.user("manager", team)).get(url).status_code == 200
    assert as_user(make.user("rep", team)).get(url).status_code == 403
    assert as_user(make.user("rep", team)).post(f"{url}/stop").status_code == 403
    listed = as_user(rep).get(f"/api/v1/enrollments?contact_id={prospect.id}").get_json()
    assert [e["id"] for e in listed["items"]] == [enrollment["id"]]


def test_an_unsubscribe_event_from_elsewhere_blocks_enrollment(as_user, rep, admin, make,
                                                               cadence):
    reader = make.contact(email="reader@example.test")
    posted = as_user(admin).post("/api/v1/events", json={"events": [{
        "event_id": "site-unsub-1", "type": "unsubscribe", "contact_id": reader.id,
        "occurred_at": "2026-11-29T10:00:00+00:00"}]})
    assert posted.status_code in (200, 201, 207), posted.get_json()
    response = _enroll(as_user, rep, cadence, contact_id=reader.id)
    assert response.status_code == 409 and response.get_json()["error"]["reason"] == "unsubscribed"
