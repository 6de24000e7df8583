"""GET /api/v1/sidebar: everything the extension shows for a URL's company, in one response."""

from __future__ import annotations

from server.extensions import db
from server.models import EnrichmentRun


def test_unknown_domain_gives_nulls_the_sidebar_can_show(make, as_user):
    rep = make.user()
    answer = as_user(rep).get("/api/v1/sidebar?url=https://www.unknown-prospect.com/about")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["domain"] == "unknown-prospect.com"
    assert body["me"] == {"id": rep.id, "name": rep.name}
    assert body["company"] is None and body["crm"] is None and body["enrichment"] is None
    assert body["people"] == [] and body["engagement"] is None and body["cadence"] is None


def test_known_company_has_owner_last_touch_open_deal_and_people(make, as_user):
    team = make.team()
    owner, rep = make.user(team=team, name="Olive Owner"), make.user(team=team)
    company = make.company(domain="acme-prospect.com", owner=owner, industry="Software",
                           enrichment={"people": [
                               {"name": "Site Person", "title": "CEO", "seniority": "c_level"},
                               {"name": "Dana Known", "title": "CTO"}]})
    make.contact(company=company, first_name="Dana", last_name="Known", title="CTO",
                 seniority="c_level")
    make.deal(company=company, owner=owner, stage="demo")
    make.activity(owner, company_id=company.id, type="call", outcome="no_answer")
    body = as_user(rep).get("/api/v1/sidebar?url=http://www.acme-prospect.com:8080/x").get_json()
    assert body["company"]["id"] == company.id and body["company"]["industry"] == "Software"
    assert body["crm"]["owner"] == {"id": owner.id, "name": "Olive Owner"}
    assert body["crm"]["last_activity"]["user"]["name"] == "Olive Owner"
    assert "contacts" not in body["crm"]
    names = [(p["name"], p["contact_id"] is not None, p["is_decision_maker"]) for p in body["people"]]
    assert names == [("Dana Known", True, True), ("Site Person", False, True)]


def test_enrichment_state_is_the_latest_run(make, as_user):
    rep = make.user()
    company = make.company(domain="crawling-prospect.com")
    db.session.add(EnrichmentRun(company=company, url="https://crawling-prospect.com/",
                                 status="partial"))
    db.session.commit()
    body = as_user(rep).get("/api/v1/sidebar?url=https://crawling-prospect.com/").get_json()
    assert body["enrichment"]["status"] == "partial"


def test_a_url_without_a_registered_domain_is_a_422(make, as_user):
    answer = as_user(make.user()).get("/api/v1/sidebar?url=http://127.0.0.1:5000/")
    assert answer.status_code == 422
    assert "url" in answer.get_json()["error"]["fields"]


def test_the_sidebar_needs_a_token(client):
    assert client.get("/api/v1/sidebar?url=https://acme.com/").status_code == 401


def _enroll(api, contact) -> None:
    cadence = api.post("/api/v1/cadences", json={"name": "Outbound 3", "steps": [
        {"type": "call", "delay_days": 0, "instructions": "Open with the pricing page visit."},
        {"type": "manual_email", "delay_days": 2, "subject": "Hi", "body": "Hello"}]})
    assert cadence.status_code == 201, cadence.get_json()
    enrolled = api.post(f"/api/v1/cadences/{cadence.get_json()['id']}/enrollments",
                        json={"contact_id": contact.id})
    assert enrolled.status_code == 201, enrolled.get_json()


def test_cadence_lists_open_enrollments_with_the_next_step(make, as_user):
    rep = make.user()
    company = make.company(domain="cadenced-prospect.com", owner=rep)
    contact = make.contact(company=company, owner=rep, first_name="Cara", last_name="Dence")
    _enroll(as_user(rep), contact)
    body = as_user(rep).get("/api/v1/sidebar?url=https://cadenced-prospect.com/").get_json()
    [enrollment] = body["cadence"]["enrollments"]
    assert enrollment["contact"] == {"id": contact.id, "name": "Cara Dence"}
    assert enrollment["cadence"]["name"] == "Outbound 3" and enrollment["status"] == "active"
    assert enrollment["next_step"]["type"] == "call" and enrollment["next_step"]["of"] == 2


def test_another_reps_enrollments_stay_private(make, as_user):
    owner, other = make.user(team=make.team()), make.user(team=make.team())
    company = make.company(domain="private-prospect.com", owner=owner)
    _enroll(as_user(owner), make.contact(company=company, owner=owner))
    body = as_user(other).get("/api/v1/sidebar?url=https://private-prospect.com/").get_json()
    assert body["cadence"] == {"enrollments": []}


def test_engagement_has_scores_with_reasons_and_the_recent_timeline(make, as_user):
    rep = make.user(team=make.team())
    company = make.company(domain="engaged-prospect.com", owner=rep, industry="Software")
    contact = make.contact(company=company, owner=rep)
    make.activity(rep, company_id=company.id, type="call", outcome="no_answer")
    posted = as_user(rep).post("/api/v1/events", json={"events": [
        {"event_id": "visit-1", "type": "website_visit", "contact_id": contact.id,
         "properties": {"path": "/pricing"}}]})
    assert posted.status_code in (200, 201), posted.get_json()
    engagement = as_user(rep).get("/api/v1/sidebar?url=https://engaged-prospect.com/"
                                  ).get_json()["engagement"]
    assert engagement["engagement"]["score"] > 0
    assert engagement["engagement"]["reasons"][0]["text"]
    assert engagement["score"] == engagement["fit"]["score"] + engagement["engagement"]["score"]
    kinds = {entry["kind"] for entry in engagement["timeline"]}
    assert kinds == {"event", "activity"}
    assert all(entry["occurred_at"].endswith("+00:00") for entry in engagement["timeline"])
