"""Cadence CRUD: defaults, validation by the library's rules, team visibility, archiving."""

from __future__ import annotations

import pytest

from tests.server.cadences.conftest import THREE_STEPS


def test_created_cadence_gets_the_default_schedule(cadence):
    assert cadence["schedule"] == {"weekdays": [1, 2, 3, 4, 5], "start": "08:00", "end": "18:00",
                                   "holidays": None}
    assert [step["type"] for step in cadence["steps"]] == ["auto_email", "call", "auto_email"]
    assert cadence["steps"][1] == {"index": 1, "type": "call", "delay_days": 2, "window": None,
                                   "subject": "", "body": "", "instructions": "Ask for 15 minutes."}


def test_schedule_and_step_window_are_kept(as_user, rep):
    body = {**THREE_STEPS, "schedule": {"weekdays": [2, 1, 3], "start": "09:30", "end": "16:00",
                                        "holidays": "US"}}
    body["steps"] = [{**THREE_STEPS["steps"][1], "window": {"start": "10:00", "end": "11:00"}}]
    created = as_user(rep).post("/api/v1/cadences", json=body).get_json()
    assert created["schedule"] == {"weekdays": [1, 2, 3], "start": "09:30", "end": "16:00",
                                   "holidays": "US"}
    assert created["steps"][0]["window"] == {"start": "10:00", "end": "11:00"}


@pytest.mark.parametrize("change,field", [
    ({"steps": [{"type": "auto_email", "subject": "Hi"}]}, "steps[0].body"),
    ({"steps": [{"type": "call", "body": "{{ secrets.key }}"}]}, "steps[0].body"),
    ({"steps": [{"type": "auto_email", "subject": "Hi", "body": "{{ 'x' * 10**9 }}"}]}, "steps[0].body"),
    ({"steps": [{"type": "fax"}]}, "steps"),
    ({"schedule": {"holidays": "XX"}}, "schedule.holidays"),
    ({"schedule": {"start": "18:00", "end": "08:00"}}, "schedule.end"),
    ({"schedule": {"start": "8am"}}, "schedule"),
])
def test_invalid_cadence_is_refused_naming_the_field(as_user, rep, change, field):
    response = as_user(rep).post("/api/v1/cadences", json={**THREE_STEPS, **change})
    assert response.status_code == 422, response.get_json()
    assert any(name.startswith(field) for name in response.get_json()["error"]["fields"])


def test_teammates_see_the_cadence_other_teams_do_not(as_user, make, team, cadence):
    teammate, outsider = make.user("rep", team), make.user("rep", make.team())
    assert as_user(teammate).get(f"/api/v1/cadences/{cadence['id']}").status_code == 200
    assert as_user(outsider).get(f"/api/v1/cadences/{cadence['id']}").status_code == 403
    listed = as_user(outsider).get("/api/v1/cadences").get_json()["items"]
    assert cadence["id"] not in [c["id"] for c in listed]
    assert as_user(teammate).patch(f"/api/v1/cadences/{cadence['id']}",
                                   json={"name": "Mine now"}).status_code == 403


def test_steps_cannot_change_while_people_are_enrolled(as_user, rep, prospect, cadence):
    as_user(rep).post(f"/api/v1/cadences/{cadence['id']}/enrollments",
                      json={"contact_id": prospect.id})
    url = f"/api/v1/cadences/{cadence['id']}"
    response = as_user(rep).patch(url, json={"steps": THREE_STEPS["steps"][:1]})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "cadence_in_use"
    renamed = as_user(rep).patch(url, json={"name": "Renamed", "stop_on_company_reply": False})
    assert renamed.get_json()["name"] == "Renamed"
    assert as_user(rep).delete(url).status_code == 409


def test_archived_cadence_disappears(as_user, rep, cadence):
    url = f"/api/v1/cadences/{cadence['id']}"
    assert as_user(rep).patch(url, json={"steps": THREE_STEPS["steps"][:2]}).status_code == 200
    assert as_user(rep).delete(url).status_code == 204
    assert as_user(rep).get(url).status_code == 404


def test_preview_shows_gaps_by_name(as_user, rep, make, cadence):
    nameless = make.contact(first_name=None, email="x@nowhere.example")
    url = f"/api/v1/cadences/{cadence['id']}/preview"
    first = as_user(rep).post(url, json={"contact_id": nameless.id, "step_index": 0}).get_json()
    assert first["body"].startswith("Hi there,")
    assert first["missing_fields"] == ["company.name"] and first["ready"] is False
    last = as_user(rep).post(url, json={"contact_id": nameless.id, "step_index": 2}).get_json()
    assert "Hi [contact.first_name]," in last["body"]
    draft = as_user(rep).post(url, json={"contact_id": nameless.id, "subject": "Hi {{ rep.name }}",
                                         "body": "ok"}).get_json()
    assert draft == {"subject": "Hi Riley Rep", "body": "ok", "missing_fields": [], "ready": True}
