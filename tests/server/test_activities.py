"""Activities: one click logs exactly one activity, whatever the retries."""

from __future__ import annotations

import threading

import pytest
import requests

from server.extensions import db
from server.models import Activity
from tests.server.live_server import serving


@pytest.fixture
def rep(make):
    return make.user("rep", make.team())


def call(company_id: int, key: str = "click-1", **fields) -> dict:
    return {"type": "call", "outcome": "no_answer", "company_id": company_id,
            "idempotency_key": key, **fields}


def count_activities() -> int:
    return db.session.query(Activity).count()


def test_same_key_twice_returns_the_first_record_and_creates_nothing(as_user, make, rep):
    company = make.company(owner=rep)
    first = as_user(rep).post("/api/v1/activities", json=call(company.id))
    again = as_user(rep).post("/api/v1/activities", json=call(company.id, notes="retry"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["notes"] is None
    assert count_activities() == 1


def test_keys_are_per_user(as_user, make, rep):
    company = make.company()
    other = make.user("rep", rep.team)
    as_user(rep).post("/api/v1/activities", json=call(company.id))
    assert as_user(other).post("/api/v1/activities", json=call(company.id)).status_code == 201
    assert count_activities() == 2


def test_contact_fills_in_its_company(as_user, make, rep):
    company = make.company(owner=rep)
    contact = make.contact(company=company, owner=rep)
    body = as_user(rep).post("/api/v1/activities", json=call(None, contact_id=contact.id)).get_json()
    assert body["company_id"] == company.id


def test_activity_about_nothing_or_unknown_records_is_422(as_user, rep):
    nothing = as_user(rep).post("/api/v1/activities", json={"type": "note", "idempotency_key": "k"})
    unknown = as_user(rep).post("/api/v1/activities", json=call(999_999))
    assert nothing.status_code == unknown.status_code == 422
    assert "company_id" in unknown.get_json()["error"]["fields"]


def test_naive_timestamps_are_refused(as_user, make, rep):
    response = as_user(rep).post("/api/v1/activities", json=call(
        make.company().id, occurred_at="2026-11-20T10:00:00"))
    assert response.status_code == 422
    assert "occurred_at" in response.get_json()["error"]["fields"]


def test_list_filters_by_type_company_and_time(as_user, make, rep):
    company = make.company(owner=rep)
    for key, kind, when in [("a", "call", "2026-11-01T10:00:00Z"), ("b", "email", "2026-11-02T10:00:00Z"),
                            ("c", "call", "2026-11-03T10:00:00Z")]:
        as_user(rep).post("/api/v1/activities", json={"type": kind, "company_id": company.id,
                                                      "idempotency_key": key, "occurred_at": when})
    listed = as_user(rep).get("/api/v1/activities", query_string={
        "type": "call", "company_id": company.id, "from": "2026-11-02T00:00:00Z"}).get_json()["items"]
    assert [a["idempotency_key"] for a in listed] == ["c"]


def test_reps_list_only_their_own_activities(as_user, make, rep):
    other = make.user("rep", rep.team)
    company = make.company()
    make.activity(rep, company_id=company.id)
    make.activity(other, company_id=company.id)
    listed = as_user(rep).get("/api/v1/activities").get_json()["items"]
    assert {a["user_id"] for a in listed} == {rep.id}


def test_simultaneous_double_submission_logs_once(app, make, rep):
    company_id = make.company(owner=rep).id
    token = rep.plain_token
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def submit(base: str) -> None:
        barrier.wait()
        statuses.append(requests.post(f"{base}/api/v1/activities", json=call(company_id, "double"),
                                      headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code)

    with serving(app) as base:
        threads = [threading.Thread(target=submit, args=(base,)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(statuses) == [200] * 5 + [201]
    db.session.expire_all()
    assert count_activities() == 1
