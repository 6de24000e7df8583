"""People in the sidebar and "Add as contact".

Enrichment itself makes every named person on the site a contact, with or without an email, so
on a fresh site nobody has an "Add as contact" button. The button is for people the site names
who are not contacts: one a rep deleted, or one whose email belongs to another company's contact
(enrichment leaves those alone).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.models import Contact, EnrichmentRun, IdempotentRequest
from server.models.types import utcnow

pytestmark = pytest.mark.browser

HOST = "www.acme-prospect.com"
PROSPECT_PAGE = (Path(__file__).parent / "pages" / "prospect.html").read_text()


def contacts_of(company_id: int) -> list[tuple[str | None, str | None, str | None]]:
    db.session.rollback()
    return [(c.first_name, c.last_name, c.email) for c in db.session.scalars(
        select(Contact).where(Contact.company_id == company_id).order_by(Contact.id))]


def test_people_without_email_become_contacts_when_the_site_is_enriched(launch, api, make, pages):
    url = pages.serve(HOST, "/", PROSPECT_PAGE)  # Maria Lopez and Tom Becker, no emails
    profile = launch()
    profile.configure(api.url, make.user().plain_token)
    _, sidebar = profile.open_sidebar(url)
    people = sidebar.locator("ul.people > li")
    expect(people).to_have_count(2)
    for name in ("Maria Lopez", "Tom Becker"):
        expect(sidebar.locator(f"[data-person='{name}'] .badge")).to_have_text("Contact")
    sidebar.locator("body[data-state=loaded]").wait_for()
    assert sidebar.get_by_role("button", name="as contact").count() == 0
    company_id = db.session.scalar(select(EnrichmentRun.company_id))
    assert contacts_of(company_id) == [("Maria", "Lopez", None), ("Tom", "Becker", None)]


@pytest.fixture
def enriched(make, pages):
    """A company whose site named two people who are not its contacts."""
    other = make.company(domain="elsewhere.com")
    make.contact(company=other, first_name="Sam", last_name="Ortiz", email="sam@elsewhere.com")
    company = make.company(domain="acme-prospect.com", name="Acme Prospect", enrichment={"people": [
        {"name": "Priya Shah", "title": "CTO", "seniority": "c_level"},
        {"name": "Sam Ortiz", "title": "Advisor", "email": "sam@elsewhere.com"}]})
    db.session.add(EnrichmentRun(company=company, url=f"https://{HOST}/", status="complete",
                                 profile=company.enrichment, finished_at=utcnow()))
    db.session.commit()
    return company, pages.serve(HOST, "/", PROSPECT_PAGE)


def test_add_as_contact_double_clicked_creates_exactly_one_contact(launch, api, make, enriched):
    company, url = enriched
    profile = launch()
    profile.configure(api.url, make.user().plain_token)
    _, sidebar = profile.open_sidebar(url)
    sidebar.get_by_role("button", name="Add Priya Shah as contact").dblclick()
    expect(sidebar.locator("[data-person='Priya Shah'] .badge")).to_have_text("Contact")
    time.sleep(0.3)  # room for a second request, were one sent
    assert contacts_of(company.id) == [("Priya", "Shah", None)]
    assert sum(1 for path, _ in api.wsgi.timings if path == "/api/v1/contacts") == 1
    assert [key.split("-")[0] for key in db.session.scalars(select(IdempotentRequest.key))] == ["contact"]


def test_a_refused_add_shows_the_servers_reason_and_offers_retry(launch, api, make, enriched):
    company, url = enriched
    profile = launch()
    profile.configure(api.url, make.user().plain_token)
    _, sidebar = profile.open_sidebar(url)
    sidebar.get_by_role("button", name="Add Sam Ortiz as contact").click()
    expect(sidebar.locator("#status")).to_have_text(
        "Could not add Sam Ortiz: sam@elsewhere.com belongs to another contact.")
    button = sidebar.get_by_role("button", name="Add Sam Ortiz as contact")
    expect(button).to_have_text("Retry add")
    expect(button).to_be_enabled()
    assert contacts_of(company.id) == []
