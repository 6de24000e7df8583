"""Issue 4, test 1: the options page saves the server and token and tests the connection."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_connection_succeeds_with_a_good_token_and_shows_the_401_message_with_a_bad_one(
        launch, api, make):
    rep = make.user(name="Rita Rep")
    profile = launch()
    options = profile.extension_page("options.html")
    options.fill("#server-url", api.url)
    options.fill("#api-token", rep.plain_token)
    options.click("#save")
    options.get_by_role("button", name="Test connection").click()
    result = options.locator("#result")
    result.filter(has_text="Connected").wait_for()
    assert "Rita Rep" in result.inner_text()
    stored = profile.worker.evaluate("chrome.storage.local.get(null)")
    assert stored["serverUrl"] == api.url and stored["apiToken"] == rep.plain_token
    assert options.input_value("#api-token") == ""  # the page never shows the token again

    options.fill("#api-token", "not-a-real-token")
    options.get_by_role("button", name="Test connection").click()
    result.filter(has_text="401").wait_for()
    assert "This API token is not valid" in result.inner_text()


def test_an_unreachable_server_is_named(launch, api, make):
    profile = launch()
    profile.configure("http://127.0.0.1:9", make.user().plain_token)
    options = profile.extension_page("options.html")
    options.get_by_role("button", name="Test connection").click()
    options.locator("#result").filter(has_text="Server unreachable").wait_for()
    assert options.is_checked("#auto-open") is False  # privacy: off by default
