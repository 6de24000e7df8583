"""Idempotency-Key: a POST sent twice is done once, and the second gets the first's answer."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import Contact, Deal, IdempotentRequest
from server.models.types import utcnow


@pytest.fixture
def rep(make):
    return make.user("rep")


@pytest.fixture
def company(make, rep):
    return make.company(owner=rep)


def deals() -> int:
    return db.session.scalar(select(func.count()).select_from(Deal))


def post_deal(as_user, user, company, key: str | None = "key-1", name: str = "Pilot"):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return as_user(user).post("/api/v1/deals", json={"company_id": company.id, "name": name}, headers=headers)


def test_a_create_sent_twice_with_one_key_is_done_once(as_user, rep, company):
    first = post_deal(as_user, rep, company)
    again = post_deal(as_user, rep, company)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert deals() == 1


def test_without_a_key_each_post_is_its_own(as_user, rep, company):
    post_deal(as_user, rep, company, key=None)
    post_deal(as_user, rep, company, key=None)
    assert deals() == 2


def test_a_key_is_the_users_own(as_user, make, rep, company):
    teammate = make.user("rep", rep.team)
    post_deal(as_user, rep, company)
    assert "Idempotent-Replayed" not in post_deal(as_user, teammate, company).headers
    assert deals() == 2


def test_the_same_key_with_another_request_is_refused(as_user, rep, company):
    post_deal(as_user, rep, company, name="Pilot")
    response = post_deal(as_user, rep, company, name="Rollout")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "idempotency_key_reused"
    assert deals() == 1


def test_a_failed_request_keeps_nothing_and_may_be_sent_again_fixed(as_user, rep, company):
    failed = as_user(rep).post("/api/v1/deals", json={"company_id": company.id},
                               headers={"Idempotency-Key": "key-1"})
    assert failed.status_code == 422
    assert post_deal(as_user, rep, company).status_code == 201
    assert deals() == 1


@pytest.mark.parametrize("key", ["", "x" * 101, "naïve", "two words"])
def test_a_key_we_cannot_keep_is_a_422(as_user, rep, company, key):
    response = post_deal(as_user, rep, company, key=key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["error"]["fields"]
    assert deals() == 0


def test_a_key_is_kept_for_a_day(as_user, rep, company, time_machine):
    time_machine.move_to(utcnow(), tick=False)
    post_deal(as_user, rep, company)
    time_machine.shift(timedelta(hours=23))
    post_deal(as_user, rep, company)
    assert deals() == 1
    time_machine.shift(timedelta(hours=2))
    assert "Idempotent-Replayed" not in post_deal(as_user, rep, company).headers
    assert deals() == 2
    assert db.session.scalar(select(func.count()).select_from(IdempotentRequest)) == 1


def test_other_resources_replay_too(as_user, rep, company):
    body = {"company_id": company.id, "first_name": "Dana"}
    for _ in range(2):
        as_user(rep).post("/api/v1/contacts", json=body, headers={"Idempotency-Key": "contact-1"})
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 1


def test_two_racing_requests_with_one_key_create_once(app, client, rep, company):
    """The second waits on the first's claim, then is told to try again or gets its answer."""
    headers = {"Authorization": f"Bearer {rep.plain_token}", "Idempotency-Key": "key-1"}
    body, statuses, start = {"company_id": company.id, "name": "Pilot"}, [], threading.Barrier(2)

    def send():
        with app.app_context():  # its own session: the test's objects stay in this thread
            start.wait()
            statuses.append(app.test_client().post("/api/v1/deals", json=body, headers=headers).status_code)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) in ([201, 201], [201, 409])
    assert deals() == 1
