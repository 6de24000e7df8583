"""Merging profiles into the CRM: idempotent, never over a person's own values, CRM view."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from server import jobs
from server.extensions import db
from server.models import Company, Contact
from tests.server.enrichment.conftest import HOME, TEAM


def enrich_and_wait(client, url, html):
    response = client.post("/api/v1/enrich", json={"url": url, "html": html})
    assert response.status_code == 200, response.get_json()
    jobs.drain()
    return response.get_json()


def test_re_enriching_adds_no_duplicate_contacts(as_user, rep, site):
    for _ in range(3):
        enrich_and_wait(as_user(rep), site.url + "team", TEAM)

    assert sorted(contact.name for contact in db.session.query(Contact)) == ["Jane Doe", "Raj Patel"]


def test_known_people_are_matched_by_email_else_by_normalized_name(as_user, rep, site, make):
    company = make.company(domain="acme-robotics.com", name=None)
    by_email = make.contact(company=company, first_name="Janet", last_name="D.",
                            email="jane@acme-robotics.com")
    by_name = make.contact(company=company, first_name="RAJ", last_name="Pátel", email=None)
    elsewhere = make.contact(company=make.company(), first_name="Raj", last_name="Patel", email=None)

    enrich_and_wait(as_user(rep), site.url + "team", TEAM)

    assert db.session.query(Contact).filter_by(company_id=company.id).count() == 2
    db.session.refresh(by_name)
    assert by_name.title == "VP of Sales" and by_name.provenance["title"]["source"] == "enrichment"
    assert db.session.get(Contact, by_email.id).title == "Chief Executive Officer"
    assert db.session.get(Contact, elsewhere.id).title is None


def test_values_a_person_entered_are_kept(as_user, rep, site, make):
    create = as_user(rep).post("/api/v1/companies", json={"domain": "acme-robotics.com",
                                                          "name": "ACME (key account)"})
    company_id = create.get_json()["id"]
    raj = make.contact(company_id=company_id, first_name="Raj", last_name="Patel", email=None)
    as_user(rep).patch(f"/api/v1/contacts/{raj.id}", json={"title": "Head of Revenue"})

    enrich_and_wait(as_user(rep), site.url, HOME)

    company = db.session.get(Company, company_id)
    assert company.name == "ACME (key account)"
    assert company.provenance["name"]["source"] == f"user:{rep.id}"
    assert company.phones == ["+16175550100"] and company.employee_range == "11-50"
    db.session.refresh(raj)
    assert raj.title == "Head of Revenue" and raj.seniority == "vp"


def test_crm_view_shows_owner_last_touch_and_the_deal_the_user_may_see(as_user, make, site):
    owner = make.user("rep", make.team(), name="Olga Owner")
    other = make.user("rep", make.team())
    company = make.company(domain="acme-robotics.com", owner=owner)
    deal = make.deal(company=company, owner=owner, name="Acme pilot", stage="demo", mrr=Decimal(1200))
    make.deal(company=company, owner=owner, name="Old", stage="lost")
    when = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    make.activity(owner, company_id=company.id, type="meeting", occurred_at=when, notes="private")

    seen_by_owner = enrich_and_wait(as_user(owner), site.url, HOME)["crm"]
    seen_by_other = enrich_and_wait(as_user(other), site.url, HOME)["crm"]

    assert seen_by_owner["company_id"] == company.id
    assert seen_by_owner["owner"] == {"id": owner.id, "name": "Olga Owner"}
    assert seen_by_owner["owned_since"].startswith("2026-01-05")
    assert seen_by_owner["last_activity"] == {"occurred_at": "2026-11-20T15:00:00+00:00",
                                              "type": "meeting",
                                              "user": {"id": owner.id, "name": "Olga Owner"}}
    assert seen_by_owner["open_deal"] == {"id": deal.id, "name": "Acme pilot", "stage": "demo",
                                          "mrr": 1200.0}
    assert seen_by_other["open_deal"] is None
    assert seen_by_other["last_activity"]["type"] == "meeting"
    assert db.session.get(Company, company.id).owner_id == owner.id
