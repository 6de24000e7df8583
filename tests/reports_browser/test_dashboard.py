"""The demo manager signs in, opens every report page, and sees the API's numbers drawn."""

from __future__ import annotations

import pytest

from tests.reports_browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def signed_in(browser, demo_server):
    url, manager = demo_server

    def sign_in(page):
        page.goto(f"{url}/reports/activity")
        assert "/reports/login" in page.url
        page.fill("input[name=email]", manager["email"])
        page.fill("input[name=password]", manager["password"])
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/reports/activity")
    browser.call(sign_in)
    return url


def _open(browser, url: str, shot: str):
    def go(page):
        page.goto(url)
        page.screenshot(path=str(ARTIFACTS / f"reports-{shot}.png"), full_page=True)
    browser.call(go)


def _attrs(browser, selector: str, name: str) -> list[str]:
    return browser.call(lambda page: page.eval_on_selector_all(
        selector, f"els => els.map(e => e.getAttribute('{name}'))"))


def _text(browser, selector: str) -> str:
    return browser.call(lambda page: page.inner_text(selector))


def _num(value) -> str:
    return "" if value is None else f"{value:g}"


def test_activity_page_draws_the_api_figures(browser, signed_in, api):
    data = api("/api/v1/reports/activity?group=week")
    _open(browser, f"{signed_in}/reports/activity?group=week&metric=calls", "activity")
    assert len(data["reps"]) == 4
    for rep in data["reps"]:
        assert _attrs(browser, f'circle[data-series="{rep["name"]}"]', "data-value") == \
            [_num(p["calls"]) for p in rep["periods"]]
        assert _text(browser, f'#totals tr[data-rep-id="{rep["id"]}"] td[data-metric="calls"]') == \
            str(rep["total"]["calls"])
    assert sum(rep["total"]["calls"] for rep in data["reps"]) > 0


def test_tables_sort_when_a_header_is_clicked(browser, signed_in):
    def sort_by_calls(page):
        page.click("#totals th:nth-child(2)")
        first = page.eval_on_selector_all("#totals tbody td[data-metric=calls]", "els => els.map(e => +e.textContent)")
        page.click("#totals th:nth-child(2)")
        second = page.eval_on_selector_all("#totals tbody td[data-metric=calls]", "els => els.map(e => +e.textContent)")
        return first, second
    ascending, descending = browser.call(sort_by_calls)
    assert ascending == sorted(ascending) and descending == sorted(ascending, reverse=True)


def test_date_range_picker_and_csv_download(browser, signed_in, api):
    def pick_and_download(page):
        page.fill("input[name=from]", "2026-01-05")
        page.fill("input[name=to]", "2026-01-18")
        page.select_option("select[name=group]", "day")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**from=2026-01-05**")
        headers = page.eval_on_selector_all("#periods thead th", "els => els.length")
        with page.expect_download() as download:
            page.click("a.csv")
        return headers, download.value.path().read_text()
    headers, csv_text = browser.call(pick_and_download)
    assert headers == 1 + 14
    assert csv_text.startswith("rep_id,rep,start,end,calls")
    assert "2026-01-05" in csv_text


def test_sla_page(browser, signed_in, api):
    data = api("/api/v1/reports/sla")
    _open(browser, f"{signed_in}/reports/sla", "sla")
    assert _attrs(browser, "#within rect.bar", "data-value") == [_num(rep["pct_within_1h"]) for rep in data["reps"]]
    for rep in data["reps"]:
        assert _text(browser, f'#sla tr[data-rep-id="{rep["id"]}"] td[data-metric="sqls_received"]') == \
            str(rep["sqls_received"])
    assert len(_attrs(browser, "#missed tr[data-contact-id]", "data-contact-id")) == len(data["missed_high_priority"])


def test_funnel_page_highlights_the_weakest_step(browser, signed_in, api):
    data = api("/api/v1/reports/funnel")
    _open(browser, f"{signed_in}/reports/funnel", "funnel")
    bars = {"leads_worked": "leads_worked", "demo_rate": "demos", "win_rate": "won"}
    for rep in data["reps"]:
        figure = f'figure[data-rep-id="{rep["id"]}"]'
        assert _attrs(browser, f"{figure} rect.bar", "data-value") == [_num(rep[s]) for s in data["steps"]]
        warned = _attrs(browser, f"{figure} rect.warn", "data-label")
        assert warned == ([bars[rep["weakest"]["step"]]] if rep["weakest"] else [])


def test_pipeline_page(browser, signed_in, api):
    data = api("/api/v1/reports/pipeline")
    _open(browser, f"{signed_in}/reports/pipeline", "pipeline")
    expected = [_num(rep["coverage"]) for rep in data["reps"]] + [_num(data["team_total"]["coverage"])]
    assert _attrs(browser, "#coverage rect.bar", "data-value") == expected
    assert _text(browser, '#pipeline tr[data-rep-id="team"] td[data-metric="open_mrr"]') == \
        str(data["team_total"]["open_mrr"])


def test_marketing_page(browser, signed_in, api):
    data = api("/api/v1/reports/marketing-sla")
    _open(browser, f"{signed_in}/reports/marketing-sla", "marketing")
    assert _attrs(browser, "#value rect.bar", "data-value") == [_num(m["value"]) for m in data["months"]]
    leads = browser.call(lambda page: page.eval_on_selector_all(
        "#months td[data-metric=leads]", "els => els.map(e => +e.textContent)"))
    assert leads == [m["leads"] for m in data["months"]]


def test_me_page(browser, signed_in, api):
    data = api("/api/v1/reports/me")
    _open(browser, f"{signed_in}/reports/me", "me")
    values = _attrs(browser, "#progress rect.bar", "data-value")
    assert values[0::2] == [_num(data["so_far"][s]) for s in ("activities", "connects", "demos", "wins")]


def test_no_console_errors(browser, signed_in):
    assert browser.console_errors == []
