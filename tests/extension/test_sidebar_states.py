"""Sidebar states beyond the happy path: pages over the 2 MB cap, a token revoked while the
sidebar is open, and the toggle command (the keyboard shortcut's code path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from server.auth.tokens import issue_token, revoke_tokens
from server.extensions import db
from server.models import Activity, Company, EnrichmentRun
from server.models.types import utcnow
from tests.extension.conftest import EXTENSION_ID

pytestmark = pytest.mark.browser

HOST = "www.acme-prospect.com"
PROSPECT_PAGE = (Path(__file__).parent / "pages" / "prospect.html").read_text()
MB = 1024 * 1024


def padded(extra: str) -> str:
    """The prospect page with ``extra`` hidden before </body>."""
    return PROSPECT_PAGE.replace("</body>", f'<div hidden>{extra}</div>\n</body>')


def enrich_bodies(api) -> list[int]:
    return [size for path, size in api.wsgi.body_sizes if path == "/api/v1/enrich"]


def test_a_page_over_2_mb_is_not_sent_and_the_crm_data_still_shows(launch, api, make, pages):
    rep = make.user(name="Rita Rep")
    make.company(domain="acme-prospect.com", name="Acme Prospect", owner=rep)
    url = pages.serve(HOST, "/", padded("x" * (3 * MB)))
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    _, sidebar = profile.open_sidebar(url)
    expect(sidebar.locator("[data-field=ownership]")).to_contain_text("Yours since")
    sidebar.locator("body:not([data-state=partial])").wait_for()  # the crawl is over
    expect(sidebar.locator("#status")).to_have_text(
        "This page is too large to send (2 MB limit); showing what the CRM knows.")
    expect(sidebar.locator("[data-field=ownership]")).to_contain_text("Yours since")
    assert sidebar.locator(".error-box").count() == 0
    assert enrich_bodies(api) and max(enrich_bodies(api)) < 4096  # the address only


def test_a_page_under_2_mb_whose_request_would_exceed_it_sends_the_address_only(
        launch, api, make, pages):
    """JSON doubles quotes and newlines: 1.5 MB of them would be a 3 MB request (a 413)."""
    rep = make.user()
    url = pages.serve(HOST, "/", padded('"\n' * (MB * 3 // 4)))
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    _, sidebar = profile.open_sidebar(url)
    expect(sidebar.locator("#company-name")).to_have_text("Acme Prospect")
    sidebar.locator("body[data-state=loaded]").wait_for()
    expect(sidebar.locator("#status")).to_contain_text("This page is too large to send (2 MB limit)")
    assert sidebar.locator(".error-box").count() == 0
    assert enrich_bodies(api) and max(enrich_bodies(api)) <= 2 * MB
    db.session.rollback()
    assert db.session.scalar(select(Company.name).where(Company.domain == "acme-prospect.com")) == "Acme Prospect"


def test_a_token_revoked_while_the_sidebar_is_open_shows_the_options_state(launch, api, make, pages):
    rep = make.user(name="Rita Rep")
    company = make.company(domain="acme-prospect.com", name="Acme Prospect", owner=rep)
    db.session.add(EnrichmentRun(company=company, url=f"https://{HOST}/", status="complete",
                                 profile={}, finished_at=utcnow()))
    db.session.commit()
    url = pages.serve(HOST, "/", PROSPECT_PAGE)
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    _, sidebar = profile.open_sidebar(url)
    expect(sidebar.locator("[data-field=ownership]")).to_contain_text("Yours since")

    revoke_tokens(rep)  # e.g. an admin rotates the rep's token
    db.session.commit()
    sidebar.get_by_role("button", name="Call – no answer").click()
    error = sidebar.locator(".error-box[data-kind=unauthorized]")
    expect(error).to_contain_text("Your API token was refused")
    expect(error).to_contain_text("This API token is not valid")
    with profile.context.expect_page() as opened:
        error.get_by_role("button", name="Open Sidekick options").click()
    options = opened.value
    options.wait_for_load_state()
    assert options.url == f"chrome-extension://{EXTENSION_ID}/options.html"

    fresh = issue_token(rep)
    db.session.commit()
    options.fill("#api-token", fresh)
    options.click("#save")
    expect(options.locator("#result")).to_have_text("Saved.")
    sidebar.get_by_role("button", name="Retry").click()
    sidebar.get_by_role("button", name="Email sent").click()
    expect(sidebar.locator("#log-feedback")).to_have_text("Email sent: saved.")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.company_id == company.id)) == 1  # the refused call was never logged


def test_the_toggle_command_opens_and_closes_the_sidebar_on_the_active_tab(launch, api, make, pages):
    """The shortcut (Alt+Shift+S) is a browser-level command: headless Chromium does not route
    key presses (Playwright's included; tried) to extension commands. The commands listener
    calls the worker's toggleActiveTab, which the popup's "sidebar.toggle.active" message also
    runs: that path is driven here."""
    url = pages.serve(HOST, "/", PROSPECT_PAGE)
    profile = launch()
    profile.configure(api.url, make.user().plain_token)
    site = profile.context.new_page()
    site.goto(url)
    site.locator("#sidekick-tab").wait_for()
    popup = profile.extension_page("popup.html")
    site.bring_to_front()  # the prospect's tab is the active one again
    answer = popup.evaluate("chrome.runtime.sendMessage({name: 'sidebar.toggle.active'})")
    assert answer == {"ok": True, "data": {}}
    expect(site.locator("#sidekick-sidebar")).to_have_count(1)
    expect(site.frame_locator("#sidekick-sidebar").locator("#company-name")).to_have_text("Acme Prospect")
    popup.evaluate("chrome.runtime.sendMessage({name: 'sidebar.toggle.active'})")
    expect(site.locator("#sidekick-sidebar")).to_have_count(0)
