"""Issue 4, test 2: on a real company page the sidebar shows the enriched company and people,
and the company is in the CRM afterwards. Also measures click → full content."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Company, Contact
from tests.extension.conftest import CORPUS, need

pytestmark = pytest.mark.browser

FLUX = "www.fluxfederation.com"


def corpus_label(filename: str) -> dict:
    need((CORPUS / "labels.json").is_file(), f"no corpus labels at {CORPUS}")
    return next(label for label in json.loads((CORPUS / "labels.json").read_text())
                if label["file"] == filename)


def test_sidebar_shows_the_enriched_company_and_its_people(launch, api, make, pages, artifacts):
    label = corpus_label("fluxfederation__leadership.html")
    url = pages.serve_corpus(FLUX, "/about/leadership/", "fluxfederation__leadership.html")
    pages.serve_corpus(FLUX, "/", "fluxfederation__home.html")
    pages.serve_corpus(FLUX, "/about/", "fluxfederation__about.html")
    rep = make.user(name="Rita Rep")
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    page = profile.context.new_page()
    page.goto(url)

    clicked = time.perf_counter()
    page.locator("#sidekick-tab").click()
    sidebar = page.frame_locator("#sidekick-sidebar")
    last_person = label["people"][-1]["name"]
    sidebar.locator("[data-person]", has_text=last_person).wait_for()
    people_s = time.perf_counter() - clicked
    sidebar.locator("body[data-state=loaded]").wait_for()  # the crawl completed
    complete_s = time.perf_counter() - clicked

    assert sidebar.locator("#company-name").inner_text() == label["company_name"]
    assert sidebar.locator("[data-field=industry]").inner_text() == label["industry"]["category"]
    people = sidebar.locator("ul.people").inner_text()
    for person in label["people"]:
        assert person["name"] in people
    assert "Unowned" in sidebar.locator("[data-field=ownership]").inner_text()
    sidebar.get_by_role("button", name="Claim").wait_for()
    page.screenshot(path=str(artifacts / "sidebar.png"))

    db.session.rollback()
    company = db.session.scalar(select(Company).where(Company.domain == "fluxfederation.com"))
    assert company is not None and company.name == label["company_name"]
    names = {contact.name for contact in db.session.scalars(
        select(Contact).where(Contact.company_id == company.id))}
    assert {person["name"] for person in label["people"]} <= names

    server_s = {path: seconds for path, seconds in api.wsgi.timings}
    timing = {"browser_click_to_people_s": round(people_s, 3),
              "browser_click_to_complete_s": round(complete_s, 3),
              "server_sidebar_s": round(sum(s for p, s in api.wsgi.timings if p == "/api/v1/sidebar"), 3),
              "server_enrich_s": round(server_s.get("/api/v1/enrich", 0.0), 3),
              "requests": [(p, round(s, 4)) for p, s in api.wsgi.timings]}
    (artifacts / "sidebar-timing.json").write_text(json.dumps(timing, indent=2))
    shutil.copyfile(artifacts / "sidebar.png", artifacts / "sidebar-corpus.png")
