"""Issue 4, test 7: the popup lists today's call queue in the server's order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from server.models.types import utcnow

pytestmark = pytest.mark.browser


def test_popup_lists_the_queue_in_the_servers_order(launch, api, make, artifacts):
    rep = make.user(name="Rita Rep")
    now = utcnow()
    for minutes, name in ((150, "Overdue"), (10, "Fresh"), (40, "Older")):
        company = make.company(domain=f"{name.lower()}-prospect.com", name=f"{name} Inc")
        make.contact(company=company, owner=rep, first_name=name, last_name="Lead",
                     lifecycle_stage="sql", sql_at=now - timedelta(minutes=minutes))
    client = api.app.test_client()
    expected = client.get("/api/v1/queue", headers={"Authorization": f"Bearer {rep.plain_token}"}
                          ).get_json()["items"]
    assert len(expected) == 3

    profile = launch()
    profile.configure(api.url, rep.plain_token)
    popup = profile.extension_page("popup.html")
    popup.set_viewport_size({"width": 380, "height": 520})
    items = popup.locator("#queue > li")
    items.nth(2).wait_for()
    shown = [items.nth(i).locator(".item-name").inner_text() for i in range(items.count())]
    assert shown == [f"{item['contact']['name']} · {item['company']['name']}" for item in expected]
    assert expected[0]["reason"] in items.nth(0).inner_text()
    assert "SLA" in items.nth(0).inner_text()
    popup.screenshot(path=str(artifacts / "popup.png"))

    popup.get_by_role("button", name=f"Snooze {shown[0]}").click()
    expect(items).to_have_count(2)  # (no wait_for_function: the strict CSP forbids eval)
    assert shown[0] not in popup.locator("#queue").inner_text()
