"""A contact is in one open cadence at most, even when enroll requests arrive together."""

from __future__ import annotations

import threading

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import Enrollment
from server.services import cadence_enrollment
from tests.server.cadences.conftest import MONDAY_9AM_NY, THREE_STEPS
from tests.server.live_server import serving


def _open_enrollments(contact_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.contact_id == contact_id, Enrollment.status.in_(("active", "paused"))))


def test_simultaneous_enroll_requests_enroll_the_contact_once(app, as_user, rep, prospect,
                                                              cadence):
    other = as_user(rep).post("/api/v1/cadences", json={**THREE_STEPS, "name": "Other"})
    cadence_ids = [cadence["id"], other.get_json()["id"]] * 3
    token, contact_id = rep.plain_token, prospect.id
    barrier = threading.Barrier(len(cadence_ids))
    answers: list[tuple[int, dict]] = []

    def enroll(base: str, cadence_id: int) -> None:
        barrier.wait()
        response = requests.post(f"{base}/api/v1/cadences/{cadence_id}/enrollments",
                                 json={"contact_id": contact_id}, timeout=30,
                                 headers={"Authorization": f"Bearer {token}"})
        answers.append((response.status_code, response.json()))

    with serving(app) as base:
        threads = [threading.Thread(target=enroll, args=(base, cadence_id))
                   for cadence_id in cadence_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(status for status, _ in answers) == [201] + [409] * 5
    refusals = [body["error"] for status, body in answers if status == 409]
    assert {(e["code"], e["reason"]) for e in refusals} == {
        ("enrollment_refused", "already_enrolled")}
    assert _open_enrollments(contact_id) == 1


def test_a_stale_check_loses_to_the_index_and_refuses_the_contact(as_user, rep, prospect,
                                                                  cadence, monkeypatch):
    first = as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                              json={"contact_id": prospect.id})
    assert first.status_code == 201
    checks = []
    real_check = cadence_enrollment.open_enrollment_contacts

    def read_before_the_other_commit(ids):
        checks.append(ids)
        return set() if len(checks) == 1 else real_check(ids)

    monkeypatch.setattr(cadence_enrollment, "open_enrollment_contacts",
                        read_before_the_other_commit)
    again = as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                              json={"contact_ids": [prospect.id]})
    assert again.status_code == 201 and len(checks) == 2
    assert again.get_json()["items"] == []
    assert again.get_json()["refused"][0]["reason"] == "already_enrolled"
    assert _open_enrollments(prospect.id) == 1


def test_the_database_allows_one_open_enrollment_and_any_number_of_ended_ones(
        rep, prospect, cadence):
    def row(status: str) -> Enrollment:
        return Enrollment(cadence_id=cadence["id"], contact_id=prospect.id, user_id=rep.id,
                          status=status, next_due_at=MONDAY_9AM_NY)

    db.session.add_all([row("finished"), row("stopped_reply"), row("paused")])
    db.session.commit()
    db.session.add(row("active"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _open_enrollments(prospect.id) == 1
