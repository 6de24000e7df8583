"""The safe fetcher refuses every unsafe destination and bounds what it downloads."""

from __future__ import annotations

import pytest

from enrichment.addresses import refusal_reason
from enrichment.errors import FetchError, UnsafeURLError
from enrichment.fetch import FetchSettings, SafeFetcher


@pytest.mark.parametrize("address", [
    "10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.169.254", "224.0.0.1",
    "240.0.0.1", "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fc00::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:93.184.216.34",
])
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refusal_reason(address) is not None


def test_public_address_is_allowed() -> None:
    assert refusal_reason("93.184.216.34") is None
    assert refusal_reason("2606:2800:220:1:248:1893:25c8:1946") is None


@pytest.mark.parametrize("url", ["ftp://acme.test/", "file:///etc/passwd", "javascript:alert(1)",
                                 "gopher://acme.test/", "http:///nohost"])
def test_only_http_and_https_urls_are_fetched(make_fetcher, url: str) -> None:
    with pytest.raises(UnsafeURLError):
        make_fetcher().fetch(url)


def test_hostname_resolving_to_private_address_is_refused_before_connecting(make_fetcher) -> None:
    connected: list[str] = []
    with pytest.raises(UnsafeURLError, match="10.0.0.1"):
        make_fetcher(connected_to=connected).fetch("http://evil.test/")
    assert connected == []


def test_hostname_with_any_private_address_is_refused(make_fetcher, fake_dns) -> None:
    fake_dns["mixed.test"] = ["93.184.216.34", "127.0.0.1"]
    with pytest.raises(UnsafeURLError):
        make_fetcher().fetch("http://mixed.test/")


def test_loopback_is_refused_unless_the_test_setting_allows_it(local_site) -> None:
    with pytest.raises(UnsafeURLError, match="loopback"):
        SafeFetcher(FetchSettings()).fetch(local_site.url("/"))
    page = SafeFetcher(FetchSettings(allow_loopback=True)).fetch(local_site.url("/"))
    assert "Acme" in page.html


def test_connection_is_pinned_to_the_vetted_address(make_fetcher) -> None:
    connected: list[str] = []
    page = make_fetcher(connected_to=connected).fetch("http://acme.test/")
    assert page.status == 200
    assert set(connected) == {"93.184.216.34"}


def test_redirect_to_loopback_is_refused(make_fetcher, local_site) -> None:
    local_site.serve("/go", status=302, headers={"Location": "http://127.0.0.1/admin"})
    with pytest.raises(UnsafeURLError, match="loopback"):
        make_fetcher().fetch("http://acme.test/go")


def test_redirect_to_host_resolving_privately_is_refused(make_fetcher, local_site) -> None:
    local_site.serve("/go", status=301, headers={"Location": "http://evil.test/"})
    with pytest.raises(UnsafeURLError, match="10.0.0.1"):
        make_fetcher().fetch("http://acme.test/go")


def test_redirect_to_ipv4_mapped_loopback_is_refused(make_fetcher, local_site) -> None:
    local_site.serve("/go", status=307, headers={"Location": "http://[::ffff:127.0.0.1]/"})
    with pytest.raises(UnsafeURLError):
        make_fetcher().fetch("http://acme.test/go")


def test_safe_redirects_are_followed(make_fetcher, local_site) -> None:
    local_site.serve("/old", status=301, headers={"Location": "/new"})
    local_site.serve("/new", body=b"<html><body>New home</body></html>")
    page = make_fetcher().fetch("http://acme.test/old")
    assert page.url == "http://acme.test/new" and "New home" in page.html


def test_more_than_five_redirects_fail(make_fetcher, local_site) -> None:
    local_site.serve("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="redirected more than 5"):
        make_fetcher().fetch("http://acme.test/loop")


def test_bodies_over_two_megabytes_are_cut_off(make_fetcher, local_site) -> None:
    local_site.serve("/huge", body=b"<p>" + b"x" * (2 * 1024 * 1024 + 10))
    with pytest.raises(FetchError, match="larger than"):
        make_fetcher().fetch("http://acme.test/huge")


def test_non_html_content_is_refused(make_fetcher, local_site) -> None:
    local_site.serve("/brochure.pdf", body=b"%PDF-1.7", content_type="application/pdf")
    with pytest.raises(FetchError, match="not an HTML page"):
        make_fetcher().fetch("http://acme.test/brochure.pdf")


def test_robots_txt_disallow_is_honoured(make_fetcher, local_site) -> None:
    local_site.serve("/private")
    with pytest.raises(FetchError, match="robots.txt"):
        make_fetcher().fetch("http://acme.test/private")
    assert "/private" not in local_site.hits


def test_requests_identify_sidekickbot(make_fetcher, local_site) -> None:
    seen: list[str] = []
    fetcher = make_fetcher(user_agent="SidekickBot/0.1 (+https://github.com/sidekick)")
    fetcher.fetch("http://acme.test/")
    assert fetcher.settings.user_agent.startswith("SidekickBot/0.1")
    assert seen == []


def test_pages_are_cached_until_the_ttl_expires(make_fetcher, local_site) -> None:
    now = [1000.0]
    fetcher = make_fetcher(clock=lambda: now[0], cache_ttl_s=60)
    fetcher.fetch("http://acme.test/")
    fetcher.fetch("http://acme.test/")
    assert local_site.hits.count("/") == 1
    now[0] += 61
    fetcher.fetch("http://acme.test/")
    assert local_site.hits.count("/") == 2


def test_past_deadline_fails_fast(make_fetcher) -> None:
    fetcher = make_fetcher(clock=lambda: 50.0)
    with pytest.raises(FetchError):
        fetcher.fetch("http://acme.test/", deadline=10.0)


def test_declared_charset_is_used_to_decode(make_fetcher, local_site) -> None:
    local_site.serve("/jp", body="<p>株式会社アクメ</p>".encode("shift_jis"),
                                     content_type="text/html; charset=Shift_JIS")
    assert "株式会社アクメ" in make_fetcher().fetch("http://acme.test/jp").html
