"""The /reports pages: sign-in, session cookie, CSRF, strict CSP, charts that match the API."""

from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from server.auth.tokens import revoke_tokens
from server.extensions import db
from tests.server.reports.conftest import at

PAGES = ["activity", "sla", "funnel", "pipeline", "marketing-sla", "me"]


def _csrf(client, path="/reports/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


@pytest.fixture
def manager(people):
    people.manager.password_hash = generate_password_hash("correct horse")
    db.session.commit()
    return people.manager


def sign_in(client, **form):
    return client.post("/reports/login", data={"csrf_token": _csrf(client), **form})


def test_pages_need_sign_in(client, people):
    response = client.get("/reports/sla?from=2026-11-01")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/reports/login?next=/reports/sla")


def test_password_sign_in_sets_a_strict_session_cookie(client, manager):
    response = sign_in(client, email=manager.email.upper(), password="correct horse", next="/reports/funnel")
    assert (response.status_code, response.headers["Location"]) == (302, "/reports/funnel")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/reports/funnel").status_code == 200


@pytest.mark.parametrize("form", [{"email": "nobody@x.test", "password": "correct horse"},
                                  {"token": "sk_not-a-token"}, {}])
def test_wrong_credentials_are_refused(client, manager, form):
    response = sign_in(client, **form)
    assert response.status_code == 401
    assert "did not match" in response.get_data(as_text=True)
    assert client.get("/reports/activity").status_code == 302


def test_wrong_password_is_refused(client, manager):
    assert sign_in(client, email=manager.email, password="wrong").status_code == 401


def test_token_sign_in_and_revoking_the_token_ends_the_session(client, people):
    assert sign_in(client, token=people.manager.plain_token).status_code == 302
    assert client.get("/reports/pipeline").status_code == 200
    revoke_tokens(people.manager)
    db.session.commit()
    assert client.get("/reports/pipeline").status_code == 302


def test_changing_the_password_ends_the_session(client, manager):
    sign_in(client, email=manager.email, password="correct horse")
    manager.password_hash = generate_password_hash("new one")
    db.session.commit()
    assert client.get("/reports/activity").status_code == 302


def test_forms_without_the_csrf_token_are_refused(client, manager):
    response = client.post("/reports/login", data={"email": manager.email, "password": "correct horse"})
    assert response.status_code == 400
    sign_in(client, email=manager.email, password="correct horse")
    assert client.post("/reports/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/reports/activity").status_code == 200
    assert client.post("/reports/logout", data={"csrf_token": _csrf(client, "/reports/activity")}).status_code == 302
    assert client.get("/reports/activity").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.test/reports/x", "//evil.test/reports/", "/api/v1/me",
                                    "/reports\\@evil.test"])
def test_sign_in_never_redirects_off_the_reports(client, manager, target):
    response = sign_in(client, email=manager.email, password="correct horse", next=target)
    assert response.headers["Location"] == "/reports/activity"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_under_a_strict_csp(client, manager, name):
    sign_in(client, email=manager.email, password="correct horse")
    response = client.get(f"/reports/{name}")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.get_data(as_text=True)
    assert "<svg" in html and " style=" not in html and "<script>" not in html


def test_activity_page_numbers_match_the_api(client, as_user, people, manager, make):
    make.activity(people.alice, type="call", occurred_at=at("2026-11-10 15:00"))
    make.activity(people.alice, type="call", occurred_at=at("2026-11-16 04:59"))
    query = "from=2026-11-09&to=2026-11-22&group=week"
    api = as_user(manager).get(f"/api/v1/reports/activity?{query}").get_json()
    sign_in(client, email=manager.email, password="correct horse")
    html = client.get(f"/reports/activity?{query}&metric=calls").get_data(as_text=True)
    dots = re.findall(r'data-series="Alice" data-label="([^"]+)" data-value="([^"]+)"', html)
    alice = next(rep for rep in api["reps"] if rep["name"] == "Alice")
    assert dots == [(p["start"], str(p["calls"])) for p in alice["periods"]] == [("2026-11-09", "2"), ("2026-11-16", "0")]


def test_names_are_escaped(client, make, people, manager):
    make.user("rep", people.east, name="<script>alert(1)</script>")
    sign_in(client, email=manager.email, password="correct horse")
    html = client.get("/reports/activity").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_csv_download_from_the_page(client, manager):
    sign_in(client, email=manager.email, password="correct horse")
    response = client.get("/reports/sla?format=csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]


def test_rep_asking_for_another_team_gets_a_403_page(client, people):
    sign_in(client, token=people.alice.plain_token)
    response = client.get(f"/reports/activity?team_id={people.west.id}")
    assert response.status_code == 403 and "own team" in response.get_data(as_text=True)
    assert client.get("/reports/activity?from=bad").status_code == 400


def test_a_range_too_long_with_its_default_end_is_an_error_page(client, manager):
    sign_in(client, email=manager.email, password="correct horse")
    response = client.get("/reports/activity?from=1900-01-01")
    assert response.status_code == 422
    assert "at most 731 days" in response.get_data(as_text=True)


def test_repeated_failed_sign_ins_are_throttled(client, manager):
    statuses = [sign_in(client, email=manager.email, password="guess").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert sign_in(client, email=manager.email, password="correct horse").status_code == 429
