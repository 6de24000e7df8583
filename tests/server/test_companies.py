"""Companies: look-up by any URL, search, create, update with provenance, claiming."""

from __future__ import annotations

import threading

import pytest
import requests

from server.extensions import db
from server.models import Company
from tests.server.live_server import serving


@pytest.fixture
def rep(make):
    return make.user("rep", make.team())


@pytest.mark.parametrize("url", [
    "https://www.shop.acme.co.uk/x?y=1", "http://acme.co.uk", "acme.co.uk", "WWW.ACME.CO.UK/about",
])
def test_lookup_normalises_any_url_to_the_registered_domain(as_user, make, rep, url):
    company = make.company(domain="acme.co.uk")
    response = as_user(rep).get("/api/v1/companies/lookup", query_string={"url": url})
    assert response.status_code == 200
    assert response.get_json()["id"] == company.id


def test_lookup_of_an_unknown_domain_is_404_naming_it(as_user, rep):
    response = as_user(rep).get("/api/v1/companies/lookup?url=https://blog.unknown-co.com/post")
    assert response.status_code == 404
    assert response.get_json()["error"]["domain"] == "unknown-co.com"


def test_create_stores_the_registered_domain_and_who_set_each_field(as_user, rep):
    response = as_user(rep).post("/api/v1/companies", json={
        "domain": "https://www.shop.acme.co.uk/x", "name": "Acme", "employees": 4000})
    body = response.get_json()
    assert response.status_code == 201
    assert body["domain"] == "acme.co.uk"
    assert body["size_tier"] == "enterprise"
    assert body["provenance"]["name"]["source"] == f"user:{rep.id}"


def test_second_company_with_the_same_domain_is_409(as_user, make, rep):
    make.company(domain="acme.com")
    response = as_user(rep).post("/api/v1/companies", json={"domain": "https://acme.com/pricing"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "duplicate_domain"


@pytest.mark.parametrize("employees,tier", [(50, "small"), (51, "mid"), (1000, "mid"), (1001, "enterprise")])
def test_size_tier_follows_the_configured_thresholds(as_user, rep, employees, tier):
    response = as_user(rep).post("/api/v1/companies", json={"domain": "t.com", "employees": employees})
    assert response.get_json()["size_tier"] == tier


def test_search_matches_name_or_domain_and_filters(as_user, make, rep):
    make.company(name="Northwind Traders", domain="northwind.com", industry="Retail & E-commerce")
    make.company(name="Contoso", domain="contoso-north.com", industry="Software", owner=rep)
    make.company(name="Fabrikam", domain="fabrikam.com")
    names = lambda **q: sorted(c["name"] for c in as_user(rep).get("/api/v1/companies", query_string=q).get_json()["items"])
    assert names(q="north") == ["Contoso", "Northwind Traders"]
    assert names(owner_id=rep.id) == ["Contoso"]
    assert names(industry="Software") == ["Contoso"]


def test_pages_follow_the_cursor_without_gaps_or_repeats(as_user, make, rep):
    created = {make.company().id for _ in range(7)}
    seen, cursor = [], None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = as_user(rep).get("/api/v1/companies", query_string=query).get_json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(created)


def test_claim_makes_the_rep_owner_and_a_second_claim_gets_409_with_owner_name(as_user, make, rep):
    company = make.company()
    other = make.user("rep", rep.team, name="Olivia Other")
    first = as_user(rep).post(f"/api/v1/companies/{company.id}/claim")
    assert first.status_code == 200
    assert first.get_json()["owner"]["id"] == rep.id
    second = as_user(other).post(f"/api/v1/companies/{company.id}/claim")
    assert second.status_code == 409
    error = second.get_json()["error"]
    assert error["code"] == "already_owned"
    assert error["owner"]["name"] == rep.name
    assert rep.name in error["message"]


def test_claiming_twice_is_idempotent_for_the_owner(as_user, make, rep):
    company = make.company()
    as_user(rep).post(f"/api/v1/companies/{company.id}/claim")
    assert as_user(rep).post(f"/api/v1/companies/{company.id}/claim").status_code == 200


def test_release_returns_the_company_to_the_pool(as_user, make, rep):
    company = make.company(owner=rep)
    response = as_user(rep).delete(f"/api/v1/companies/{company.id}/claim")
    assert response.status_code == 200
    assert response.get_json()["owner"] is None


def test_concurrent_claims_have_exactly_one_winner(app, make):
    """Real concurrent HTTP requests against a threaded server, on each database."""
    team = make.team()
    reps = [make.user("rep", team) for _ in range(8)]
    company_id = make.company().id
    barrier = threading.Barrier(len(reps))
    results: list[requests.Response] = []

    def claim(base: str, token: str) -> None:
        barrier.wait()
        results.append(requests.post(f"{base}/api/v1/companies/{company_id}/claim",
                                     headers={"Authorization": f"Bearer {token}"}, timeout=30))

    with serving(app) as base:
        threads = [threading.Thread(target=claim, args=(base, r.plain_token)) for r in reps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] + [409] * (len(reps) - 1)
    winner = next(r.json() for r in results if r.status_code == 200)["owner"]
    loser_owner_names = {r.json()["error"]["owner"]["name"] for r in results if r.status_code == 409}
    assert loser_owner_names == {winner["name"]}
    db.session.expire_all()
    assert db.session.get(Company, company_id).owner_id == winner["id"]
