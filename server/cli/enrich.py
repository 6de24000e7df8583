"""``sidekick enrich``: print the company profile of a saved page or a live site as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app

from enrichment import CompanyProfile, EnrichmentError, profile_from_html, profile_from_site
from enrichment.charsets import decode_html
from server.services.enrichment_crawl import crawl_fetcher

@click.command("enrich")
@click.argument("target")
@click.option("--url", help="Where a saved page came from (required with a file).")
@click.option("--crawl", is_flag=True, help="Also fetch the site's about, team and contact pages.")
def enrich(target: str, url: str | None, crawl: bool) -> None:
    """Profile TARGET, an HTML file (offline) or an http(s) URL; nothing is stored.

    \b
    sidekick enrich saved.html --url https://acme.com/about
    sidekick enrich https://acme.com --crawl
    """
    try:
        profile = _profile(target, url, crawl)
    except EnrichmentError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(profile.to_dict(), indent=2, ensure_ascii=False))


def _profile(target: str, url: str | None, crawl: bool) -> CompanyProfile:
    config = current_app.config
    limits = {"max_pages": config["CRAWL_MAX_PAGES"], "deadline_s": config["CRAWL_DEADLINE_S"]}
    if target.startswith(("http://", "https://")):
        if crawl:
            return profile_from_site(target, crawl_fetcher(), **limits)
        page = crawl_fetcher().fetch(target)
        return profile_from_html(page.html, page.url)
    path = Path(target)
    if not path.is_file():
        raise click.BadParameter(f"{target} is neither an http(s) URL nor a file.", param_hint="TARGET")
    if not url:
        raise click.UsageError("Give --url: the address the saved page came from.")
    html = decode_html(path.read_bytes())
    if crawl:
        return profile_from_site(url, crawl_fetcher(), html=html, **limits)
    return profile_from_html(html, url)
