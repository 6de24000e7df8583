"""Every engagement endpoint needs a valid token; the tracking endpoints need none."""

from __future__ import annotations

import pytest

ENDPOINTS = [("GET", "/api/v1/queue"), ("POST", "/api/v1/queue/sql:1:1/snooze"),
             ("POST", "/api/v1/events"), ("GET", "/api/v1/feed"),
             ("GET", "/api/v1/contacts/1/timeline"), ("GET", "/api/v1/companies/1/timeline"),
             ("GET", "/api/v1/contacts/1/score"), ("GET", "/api/v1/companies/1/score"),
             ("GET", "/api/v1/lead-value?from=2026-01-01&to=2026-02-01")]


@pytest.mark.parametrize("method,path", ENDPOINTS)
@pytest.mark.parametrize("header", [None, "Bearer sk_not-a-real-token"])
def test_engagement_endpoints_need_a_valid_token(client, method, path, header):
    headers = {"Authorization": header} if header else {}
    response = client.open(path, method=method, headers=headers, json={})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] in {"unauthorized", "invalid_token"}


def test_snoozing_needs_the_item_to_be_yours(as_user, make, team):
    rep = make.user("rep", team)
    assert as_user(rep).post("/api/v1/queue/hot:1/snooze", json={}).status_code == 404


def test_a_rep_may_not_read_a_teammates_queue(as_user, make, team):
    rep, teammate = make.user("rep", team), make.user("rep", team)
    response = as_user(rep).get("/api/v1/queue", query_string={"rep_id": teammate.id})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
