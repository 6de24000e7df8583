"""The sidebar's cadence section: current enrollments with their next step, the "Enroll in
cadence…" picker, and the server's reason when it refuses an enrollment."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.models import Enrollment, EnrichmentRun
from server.models.types import utcnow

pytestmark = pytest.mark.browser

HOST = "www.acme-prospect.com"
PROSPECT_PAGE = (Path(__file__).parent / "pages" / "prospect.html").read_text()
CALL_THEN_EMAIL = {
    "name": "Call, then email",
    "steps": [{"type": "call", "delay_days": 0, "instructions": "Ask for 15 minutes."},
              {"type": "auto_email", "delay_days": 2, "subject": "Following up",
               "body": "Hi {{ contact.first_name }}, following up.\n\n{{ rep.name }}"}],
}


def enrolled_company(make, rep, other):
    """A company of ``rep`` (enriched already): Dana enrolled, Eve free, Olga owned by ``other``."""
    company = make.company(domain="acme-prospect.com", name="Acme Prospect", owner=rep)
    db.session.add(EnrichmentRun(company=company, url=f"https://{HOST}/", status="complete",
                                 profile={}, finished_at=utcnow()))
    contacts = {name: make.contact(company=company, owner=owner, first_name=name, last_name="Lee",
                                   email=f"{name.lower()}@acme-prospect.com")
                for name, owner in (("Dana", rep), ("Eve", rep), ("Olga", other))}
    return company, contacts


def post(api, user, path, body):
    response = api.app.test_client().post(
        f"/api/v1{path}", json=body, headers={"Authorization": f"Bearer {user.plain_token}"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def open_enrollments(contact_id: int) -> list[int]:
    db.session.rollback()
    return list(db.session.scalars(select(Enrollment.cadence_id).where(
        Enrollment.contact_id == contact_id, Enrollment.status == "active")))


def test_enrollment_next_step_picker_and_refusals(launch, api, make, pages):
    rep, other = make.user(name="Rita Rep"), make.user(name="Oscar Other")
    _, contacts = enrolled_company(make, rep, other)
    cadence = post(api, rep, "/cadences", CALL_THEN_EMAIL)
    post(api, rep, f"/cadences/{cadence['id']}/enrollments", {"contact_id": contacts["Dana"].id})
    url = pages.serve(HOST, "/", PROSPECT_PAGE)
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    _, sidebar = profile.open_sidebar(url)

    section = sidebar.locator("#cadence")
    expect(section.locator("li")).to_have_count(1)
    assert section.locator("li").inner_text().startswith("Dana Lee: Call, then email (active) · next: call")

    section.get_by_role("button", name="Enroll in cadence…").dblclick()
    section.get_by_role("combobox", name="Cadence").select_option(label="Call, then email")
    contact = section.get_by_role("combobox", name="Contact")
    contact.select_option(label="Eve Lee")
    # logging refreshes the whole sidebar: the open picker and the rep's choice survive it
    sidebar.get_by_role("button", name="Call – no answer").click()
    expect(sidebar.locator("#engagement li", has_text="Call: no answer")).to_be_visible()
    expect(section.locator("#cadence-picker")).to_have_count(1)
    expect(contact).to_have_value(str(contacts["Eve"].id))

    enroll = section.get_by_role("button", name="Enroll", exact=True)
    feedback = section.get_by_role("status")

    contact.select_option(label="Dana Lee")  # already enrolled: the server says no
    enroll.click()
    expect(feedback).to_have_text("The contact is already active in a cadence.")
    contact.select_option(label="Olga Lee")  # another rep's contact
    enroll.click()
    expect(feedback).to_have_text("The contact (or their company) is owned by another rep.")
    assert open_enrollments(contacts["Olga"].id) == []

    contact.select_option(label="Eve Lee")
    enroll.click()
    expect(section.locator("li", has_text="Eve Lee: Call, then email (active)")).to_be_visible()
    expect(section.locator("li")).to_have_count(2)
    expect(sidebar.locator("#status")).to_have_text("Enrolled Eve Lee in Call, then email.")
    expect(section.locator("#cadence-picker")).to_have_count(0)
    assert open_enrollments(contacts["Eve"].id) == [cadence["id"]]
