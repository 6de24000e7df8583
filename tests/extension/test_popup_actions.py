"""The popup's queue actions: complete (no answer / connected) and open the company's site."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.models import Activity
from server.models.types import utcnow
from tests.extension.conftest import need

pytestmark = pytest.mark.browser

PROSPECT_PAGE = (Path(__file__).parent / "pages" / "prospect.html").read_text()


@pytest.fixture
def queue(make):
    """A rep with two fresh SQLs to call, each at a company with a website."""
    rep = make.user(name="Rita Rep")
    contacts = {}
    for minutes, name in ((30, "Nora"), (20, "Carl")):
        company = make.company(domain=f"{name.lower()}-prospect.com", name=f"{name} Inc")
        contacts[name] = make.contact(company=company, owner=rep, first_name=name, last_name="Lead",
                                      lifecycle_stage="sql", sql_at=utcnow() - timedelta(minutes=minutes))
    return rep, contacts


def _activities(contact_id: int) -> list[tuple[str, str | None]]:
    db.session.rollback()
    return [(a.type, a.outcome) for a in db.session.scalars(
        select(Activity).where(Activity.contact_id == contact_id))]


def test_no_answer_and_connected_each_log_one_activity_and_the_item_leaves(launch, api, queue):
    rep, contacts = queue
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    popup = profile.extension_page("popup.html")
    items = popup.locator("#queue > li")
    expect(items).to_have_count(2)

    popup.get_by_role("button", name="No answer – Nora Lead · Nora Inc").dblclick()
    expect(items).to_have_count(1)
    assert "Nora" not in popup.locator("#queue").inner_text()
    popup.get_by_role("button", name="Connected – Carl Lead · Carl Inc").click()
    expect(items).to_have_count(0)
    expect(popup.locator("#status")).to_have_text("Nothing left to call today.")

    time.sleep(0.3)  # room for a duplicate request, were one sent
    assert _activities(contacts["Nora"].id) == [("call", "no_answer")]
    assert _activities(contacts["Carl"].id) == [("connect", "connected")]
    assert sum(1 for path, _ in api.wsgi.timings if path == "/api/v1/activities") == 2


def test_clicking_an_item_opens_the_companys_site_with_the_sidebar_open(launch, api, pages, queue):
    need(pages.https_port != 0, "openssl is missing: no TLS page server for https://domain/")
    rep, _ = queue
    pages.serve("nora-prospect.com", "/", PROSPECT_PAGE.replace("Acme Prospect", "Nora Inc"))
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    popup = profile.extension_page("popup.html")
    with profile.context.expect_page() as opened:
        popup.get_by_role("button", name="Open nora-prospect.com – Nora Lead · Nora Inc").click()
    site = opened.value
    site.wait_for_load_state()
    assert site.url == "https://nora-prospect.com/"
    sidebar = site.frame_locator("#sidekick-sidebar")
    expect(sidebar.locator("#company-name")).to_have_text("Nora Inc")
    expect(sidebar.get_by_role("button", name="Call – no answer")).to_be_visible()

    # the pending "open" was used up: visiting the site again does not open the sidebar
    again = profile.context.new_page()
    again.goto("https://nora-prospect.com/")
    again.locator("#sidekick-tab").wait_for()
    assert again.locator("#sidekick-sidebar").count() == 0
