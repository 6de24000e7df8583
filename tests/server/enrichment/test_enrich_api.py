"""POST /api/v1/enrich and GET /api/v1/companies/<id>/enrichment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server import jobs
from server.extensions import db
from server.models import Company, Contact
from tests.ci import need
from tests.server.enrichment.conftest import HOME, TEAM

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def enrich(client, url, html=None):
    body = {"url": url} if html is None else {"url": url, "html": html}
    return client.post("/api/v1/enrich", json=body)


def latest(client, company_id):
    return client.get(f"/api/v1/companies/{company_id}/enrichment")


def test_page_profile_comes_at_once_and_the_crawl_completes_it(as_user, rep, site):
    response = enrich(as_user(rep), site.url, HOME)

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "partial"
    assert body["profile"]["name"] == "Acme Robotics"
    assert body["profile"]["people"] == []
    assert body["crm"]["domain"] == "acme-robotics.com"
    assert body["crm"]["owner"] is None and body["crm"]["open_deal"] is None

    jobs.drain()
    done = latest(as_user(rep), body["crm"]["company_id"]).get_json()
    assert done["status"] == "complete" and done["run_id"] == body["run_id"]
    assert done["finished_at"] is not None
    assert {p["name"] for p in done["profile"]["people"]} == {"Jane Doe", "Raj Patel"}
    assert {c["name"] for c in done["crm"]["contacts"]} == {"Jane Doe", "Raj Patel"}
    assert "/team" in site.requests and "/about" in site.requests


def test_enriching_creates_the_company_unowned_with_the_stated_facts(as_user, rep, site):
    company_id = enrich(as_user(rep), site.url, HOME).get_json()["crm"]["company_id"]
    jobs.drain()

    company = db.session.get(Company, company_id)
    assert (company.name, company.owner_id, company.employee_range, company.size_tier) == \
        ("Acme Robotics", None, "11-50", "small")
    assert company.phones == ["+16175550100"]
    assert company.provenance["name"]["source"] == "enrichment"
    assert company.enrichment["name"] == "Acme Robotics"
    jane = db.session.query(Contact).filter_by(email="jane@acme-robotics.com").one()
    assert (jane.first_name, jane.last_name, jane.seniority, jane.company_id) == \
        ("Jane", "Doe", "c_level", company_id)


def test_without_html_the_profile_comes_from_the_crawl(as_user, rep, site):
    body = enrich(as_user(rep), site.url).get_json()
    assert body["status"] == "partial" and body["profile"] is None

    jobs.drain()
    done = latest(as_user(rep), body["crm"]["company_id"]).get_json()
    assert done["status"] == "complete"
    assert done["profile"]["name"] == "Acme Robotics"
    assert "/" in site.requests


def test_unreachable_site_without_html_ends_failed_with_a_reason(as_user, rep):
    body = enrich(as_user(rep), "https://nowhere-to-be-found.com/").get_json()
    jobs.drain()

    done = latest(as_user(rep), body["crm"]["company_id"]).get_json()
    assert done["status"] == "failed"
    assert "does not resolve" in done["error"]


def test_corpus_page_is_profiled_and_its_people_become_contacts(as_user, rep):
    pages = CORPUS / "pages"
    need(pages.is_dir(), f"the corpus is missing at {CORPUS}")
    label = next(entry for entry in json.loads((CORPUS / "labels.json").read_text())
                 if entry["file"] == "mitocgroup__team.html")
    html = (pages / label["file"]).read_text(encoding="utf-8", errors="replace")

    body = enrich(as_user(rep), label["url_guess"], html).get_json()

    assert body["profile"]["name"] == label["company_name"]
    assert body["crm"]["domain"] == label["domain"]
    assert body["profile"]["people"], "the team page lists people"
    assert {p["name"] for p in body["profile"]["people"]} <= {c["name"] for c in body["crm"]["contacts"]}
    assert db.session.query(Company).filter_by(domain=label["domain"]).one().name == label["company_name"]


def test_html_over_2_mb_is_413_json(as_user, rep):
    response = enrich(as_user(rep), "https://acme.com/", "<p>" + "x" * (2 * 1024 * 1024) + "</p>")

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert db.session.query(Company).count() == 0


def test_body_over_the_request_limit_is_413_json(as_user, rep):
    response = enrich(as_user(rep), "https://acme.com/", "x" * (3 * 1024 * 1024 + 1))

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize("url", ["acme.com", "ftp://acme.com/", "javascript:alert(1)", "http://localhost/",
                                 f"https://{'a' * 64}.com/"])  # no DNS label is longer than 63
def test_url_must_be_a_public_web_page(as_user, rep, url):
    response = enrich(as_user(rep), url, "<p>hi</p>")

    assert response.status_code == 422
    assert "url" in response.get_json()["error"]["fields"]


def test_lone_surrogates_and_nul_in_html_do_not_break_enrichment(as_user, rep):
    response = enrich(as_user(rep), "https://acme.com/", "<title>Acme\ud800\x00 Inc</title><h1>Acme</h1>")

    assert response.status_code == 200, response.get_json()


def test_never_enriched_company_is_404(as_user, rep, make):
    response = latest(as_user(rep), make.company().id)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_enriched"


@pytest.mark.parametrize("method,path", [("post", "/api/v1/enrich"),
                                         ("get", "/api/v1/companies/1/enrichment")])
def test_enrichment_needs_a_token(client, method, path):
    response = getattr(client, method)(path, json={"url": "https://acme.com/"})

    assert response.status_code == 401


@pytest.mark.parametrize("role", ["rep", "manager", "admin"])
def test_every_role_may_enrich(as_user, make, role):
    response = enrich(as_user(make.user(role, make.team())), "https://acme.com/", TEAM)

    assert response.status_code == 200
