"""Issue 4, tests 3, 4 and 6: claiming from two profiles, exactly-once logging, API down."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import Activity, Company
from tests.extension.conftest import ApiServer

pytestmark = pytest.mark.browser

HOST = "www.acme-prospect.com"
PROSPECT_PAGE = (Path(__file__).parent / "pages" / "prospect.html").read_text()


@pytest.fixture
def prospect(pages, make) -> tuple[str, Company]:
    """An unowned company already in the CRM and its website."""
    company = make.company(domain="acme-prospect.com", name="Acme Prospect")
    return pages.serve(HOST, "/", PROSPECT_PAGE), company


def test_claim_then_another_rep_sees_the_owner_and_gets_the_409_message(launch, api, make, prospect):
    url, company = prospect
    alice, bob = make.user(name="Alice Able"), make.user(name="Bob Baker")
    first, second = launch(), launch()
    first.configure(api.url, alice.plain_token)
    second.configure(api.url, bob.plain_token)
    _, alice_sidebar = first.open_sidebar(url)
    _, bob_sidebar = second.open_sidebar(url)
    bob_sidebar.get_by_role("button", name="Claim").wait_for()  # Bob still sees it unowned

    alice_sidebar.get_by_role("button", name="Claim").click()
    alice_sidebar.locator("[data-field=ownership]", has_text="Yours since").wait_for()

    bob_sidebar.get_by_role("button", name="Claim").click()
    error = bob_sidebar.locator("#claim-error")
    error.wait_for()
    assert "Already owned by Alice Able since" in error.inner_text()
    assert bob_sidebar.locator("[data-field=ownership]").inner_text().startswith(
        "Owned by Alice Able since")
    assert bob_sidebar.get_by_role("button", name="Claim").count() == 0

    db.session.rollback()
    assert db.session.get(Company, company.id).owner_id == alice.id
    _, again = second.open_sidebar(url)  # a fresh look shows the owner too
    again.locator("[data-field=ownership]", has_text="Owned by Alice Able").wait_for()


def _calls(company_id: int) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.company_id == company_id, Activity.type == "call", Activity.outcome == "no_answer"))


def test_double_clicking_call_no_answer_logs_exactly_one_activity(launch, api, make, prospect):
    url, company = prospect
    profile = launch()
    profile.configure(api.url, make.user().plain_token)
    _, sidebar = profile.open_sidebar(url)
    button = sidebar.get_by_role("button", name="Call – no answer")
    button.dblclick()
    sidebar.locator("#log-feedback", has_text="Call – no answer: saved.").wait_for()
    time.sleep(0.5)  # room for a second request, were one sent
    assert _calls(company.id) == 1
    # the sidebar refreshes: the call is now the last touch and on the timeline
    sidebar.locator("#engagement li", has_text="Call: no answer").wait_for()
    assert sum(1 for path, _ in api.wsgi.timings if path == "/api/v1/activities") == 1

    time.sleep(1.1)  # a separate, later click is a new call
    button.click()
    sidebar.locator("button[data-action='Call – no answer'][data-state=saving]").wait_for(state="detached")
    assert _calls(company.id) == 2


def test_api_down_shows_an_error_with_retry_and_retry_recovers(launch, api, browser_app, make, prospect):
    url, _ = prospect
    flaky = ApiServer(browser_app)
    flaky.start()
    profile = launch()
    profile.configure(flaky.url, make.user().plain_token)
    flaky.stop()
    try:
        _, sidebar = profile.open_sidebar(url)
        error = sidebar.locator(".error-box")
        error.wait_for()
        assert "Server unreachable" in error.inner_text()
        assert flaky.url in error.inner_text()
        flaky.start()  # same port
        sidebar.get_by_role("button", name="Retry").click()
        sidebar.locator("#company-name", has_text="Acme Prospect").wait_for()
        sidebar.get_by_role("button", name="Claim").wait_for()
        assert sidebar.locator(".error-box").count() == 0
    finally:
        flaky.stop()


def test_logging_works_after_chrome_stops_the_service_worker(launch, api, make, prospect):
    url, company = prospect
    profile = launch()
    profile.configure(api.url, make.user().plain_token)
    _, sidebar = profile.open_sidebar(url)
    sidebar.get_by_role("button", name="Claim").wait_for()
    cdp = profile.context.new_cdp_session(profile.extension_page("options.html"))
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")  # what Chrome does to an idle worker
    sidebar.get_by_role("button", name="Email sent").click()
    sidebar.locator("#log-feedback", has_text="Email sent: saved.").wait_for()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.company_id == company.id, Activity.type == "email")) == 1
