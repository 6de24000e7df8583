"""``sidekick enrich``: a profile as JSON on stdout, offline from a file or live from a site."""

from __future__ import annotations

import json

from tests.server.enrichment.conftest import HOME


def test_offline_file_prints_the_profile_json(runner, tmp_path):
    page = tmp_path / "acme.html"
    page.write_text(HOME, encoding="utf-8")

    result = runner.invoke(args=["enrich", str(page), "--url", "https://acme-robotics.com/"])

    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)
    assert profile["name"] == "Acme Robotics" and profile["domain"] == "acme-robotics.com"
    assert profile["phones"] == ["+16175550100"]


def test_a_windows_1252_file_is_decoded_by_its_meta_charset(runner, tmp_path):
    page = tmp_path / "cafe.html"
    page.write_bytes('<meta charset="windows-1252"><title>Café Müller GmbH</title>'.encode("cp1252"))

    result = runner.invoke(args=["enrich", str(page), "--url", "https://cafe-mueller.de/"])

    assert result.exit_code == 0, result.output
    assert "Müller" in json.loads(result.output)["name"]


def test_a_file_needs_its_url(runner, tmp_path):
    page = tmp_path / "acme.html"
    page.write_text(HOME)

    result = runner.invoke(args=["enrich", str(page)])

    assert result.exit_code != 0 and "--url" in result.output


def test_a_live_site_is_crawled_with_crawl(runner, site):
    result = runner.invoke(args=["enrich", site.url, "--crawl"])

    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)
    assert {person["name"] for person in profile["people"]} == {"Jane Doe", "Raj Patel"}


def test_an_unreachable_site_is_a_clear_error(runner):
    result = runner.invoke(args=["enrich", "https://nowhere-to-be-found.com/"])

    assert result.exit_code == 1 and "does not resolve" in result.output
