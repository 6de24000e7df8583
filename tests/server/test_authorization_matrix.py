"""Every role × every record endpoint × whose record it is: the status the API answers."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from server import create_app
from tests.conftest import make_config

# Columns: the record is owned by the actor | a teammate | a rep of another team | nobody.
# "-" marks combinations that cannot exist (an activity always has the user who logged it).
EXPECTED = {
    ("GET", "/api/v1/companies/{company}"):          {"rep": "200 200 200 200", "manager": "200 200 200 200", "admin": "200 200 200 200"},
    ("PATCH", "/api/v1/companies/{company}"):        {"rep": "200 403 403 200", "manager": "200 200 403 200", "admin": "200 200 200 200"},
    ("DELETE", "/api/v1/companies/{company}/claim"): {"rep": "200 403 403 200", "manager": "200 200 403 200", "admin": "200 200 200 200"},
    ("GET", "/api/v1/contacts/{contact}"):           {"rep": "200 200 200 200", "manager": "200 200 200 200", "admin": "200 200 200 200"},
    ("PATCH", "/api/v1/contacts/{contact}"):         {"rep": "200 403 403 200", "manager": "200 200 403 200", "admin": "200 200 200 200"},
    ("DELETE", "/api/v1/contacts/{contact}"):        {"rep": "204 403 403 204", "manager": "204 204 403 204", "admin": "204 204 204 204"},
    ("GET", "/api/v1/deals/{deal}"):                 {"rep": "200 403 403 403", "manager": "200 200 403 403", "admin": "200 200 200 200"},
    ("PATCH", "/api/v1/deals/{deal}"):               {"rep": "200 403 403 403", "manager": "200 200 403 403", "admin": "200 200 200 200"},
    ("DELETE", "/api/v1/deals/{deal}"):              {"rep": "204 403 403 403", "manager": "204 204 403 403", "admin": "204 204 204 204"},
    ("GET", "/api/v1/activities/{activity}"):        {"rep": "200 403 403 -", "manager": "200 200 403 -", "admin": "200 200 200 -"},
}
OWNERS = ("self", "teammate", "other_team", "nobody")
BODIES = {"PATCH": {"/api/v1/companies/{company}": {"name": "Renamed"},
                    "/api/v1/contacts/{contact}": {"title": "CFO"},
                    "/api/v1/deals/{deal}": {"stage": "demo"}}}
CASES = [(method, path, role, owner, status)
         for (method, path), by_role in EXPECTED.items()
         for role, row in by_role.items()
         for owner, status in zip(OWNERS, row.split()) if status != "-"]


@pytest.fixture
def people(make):
    """Team A (the actors and a teammate), team B (an outsider) and an admin."""
    team_a, team_b = make.team(), make.team()
    rep = make.user("rep", team_a)
    return {"rep": rep, "manager": make.user("manager", team_a), "admin": make.user("admin"),
            "teammate_of_rep": make.user("rep", team_a), "other_team": make.user("rep", team_b)}


def _records(make, owner):
    company = make.company(owner=owner)
    contact = make.contact(company=company, owner=owner)
    deal = make.deal(company=company, owner=owner)
    ids = {"company": company.id, "contact": contact.id, "deal": deal.id}
    if owner is not None:
        ids["activity"] = make.activity(owner, company_id=company.id).id
    return ids


@pytest.mark.parametrize("method,path,role,owner,status", CASES,
                         ids=[f"{m} {p} {r} owned-by-{o}" for m, p, r, o, _ in CASES])
def test_role_may_touch_record(as_user, make, people, method, path, role, owner, status):
    actor = people[role]
    record_owner = {"self": actor, "teammate": people["teammate_of_rep"],
                    "other_team": people["other_team"], "nobody": None}[owner]
    url = path.format(**_records(make, record_owner))
    response = getattr(as_user(actor), method.lower())(url, json=BODIES.get(method, {}).get(path))
    assert response.status_code == int(status), response.get_json()
    if response.status_code == 403:
        error = response.get_json()["error"]
        assert error["code"] == "forbidden"
        assert re.fullmatch(r"You may not (see|change) (this|.+'s) [a-z ]+\.", error["message"]), error


PUBLIC_API = {"/api/v1/openapi.json"}


def api_endpoints() -> list[tuple[str, str]]:
    """Every method of every /api/v1 route, read from the app's URL map."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(make_config(Path(tmp), "sqlite://"))
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/api/v1/") and rule.rule not in PUBLIC_API
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def _fill(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "snooze" if m.group(1) == "command" else "1", rule)


@pytest.mark.parametrize("method,rule", api_endpoints())
@pytest.mark.parametrize("header", [None, "Bearer sk_not-a-real-token", "Basic dXNlcjpwYXNz"])
def test_every_api_endpoint_needs_a_valid_token(client, method, rule, header):
    headers = {"Authorization": header} if header else {}
    response = getattr(client, method.lower())(_fill(rule), headers=headers, json={})
    assert response.status_code == 401, (method, rule)
    assert response.get_json()["error"]["code"] in {"unauthorized", "invalid_token"}


def test_revoked_token_is_refused(client, make, app):
    from server.auth.tokens import revoke_tokens
    from server.extensions import db

    user = make.user()
    revoke_tokens(user)
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {user.plain_token}"})
    assert response.status_code == 401


def test_inactive_users_token_is_refused(client, make):
    from server.extensions import db

    user = make.user()
    user.is_active = False
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {user.plain_token}"})
    assert response.status_code == 401


def test_integration_tokens_only_post_events_and_inbound_mail(client, make):
    from server.auth.tokens import issue_token
    from server.extensions import db

    admin = make.user("admin")
    token = issue_token(admin, name="website", kind="integration")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/companies", headers=headers).status_code == 403
    assert client.post("/api/v1/companies", headers=headers, json={"domain": "x.com"}).status_code == 403
    events = client.post("/api/v1/events", headers=headers, json={"events": []})
    assert events.status_code not in (401, 403)
