"""Profiling a site: the page the rep is on plus a short crawl of its about/team/contact pages."""

from __future__ import annotations

import re
import time
from typing import Protocol
from urllib.parse import urlsplit

from enrichment.document import parse_page
from enrichment.domains import same_site
from enrichment.errors import EnrichmentError
from enrichment.fetch import FetchedPage
from enrichment.merge import merge_into
from enrichment.pages import profile_from_html
from enrichment.profile import CompanyProfile

# Ordered by how much a page of that kind tells a rep: people first, then the company, then contact.
_PAGE_KINDS = (
    ("team", r"team|leadership|management|people|staff|board|founders|executives|attorneys|lawyers|"
             r"partners|mitarbeiter|vorstand|gesch[aä]ftsf[uü]hrung|[ée]quipe|equipo|direcci[oó]n|"
             r"团队|管理层|チーム|役員"),
    ("about", r"about|company|who[- ]we[- ]are|our[- ]story|[üu]ber[- ]uns|unternehmen|qui[- ]sommes|"
              r"[àa][- ]propos|nosotros|quienes|empresa|chi[- ]siamo|关于|会社概要|impressum"),
    ("contact", r"contact|kontakt|contacto|contatti|联系|お問い合わせ"),
)
_KIND_PATTERNS = [(kind, re.compile(pattern, re.I)) for kind, pattern in _PAGE_KINDS]


class PageFetcher(Protocol):
    def fetch(self, url: str, *, deadline: float | None = None) -> FetchedPage: ...


def discover_pages(html: str, url: str, limit: int) -> list[str]:
    """Same-site links that look like team, about or contact pages, most useful first."""
    page = parse_page(html, url)
    ranked: dict[str, int] = {}
    start = urlsplit(url)._replace(fragment="").geturl()
    for href, anchor in page.links:
        target = urlsplit(href)._replace(fragment="", query="")
        if target.scheme not in ("http", "https") or not same_site(url, href):
            continue
        link = target.geturl()
        if link.rstrip("/") == start.rstrip("/"):
            continue
        label = f"{anchor.text_content()} {target.path}"
        for rank, (_, pattern) in enumerate(_KIND_PATTERNS):
            if pattern.search(label):
                ranked[link] = min(rank, ranked.get(link, rank))
                break
    return sorted(ranked, key=lambda link: ranked[link])[:limit]


def profile_from_site(
    url: str, fetcher: PageFetcher, *, html: str | None = None, max_pages: int = 6,
    deadline_s: float = 8, clock=time.monotonic,
) -> CompanyProfile:
    """Profile the start page, then merge in up to max_pages related pages within deadline_s.

    :param html: the start page as the rep's browser saw it; fetched when omitted.
    :raises EnrichmentError: only when the start page itself cannot be fetched or read.
    """
    deadline = clock() + deadline_s
    if html is None:
        fetched = fetcher.fetch(url, deadline=deadline)
        url, html = fetched.url, fetched.html
    profile = profile_from_html(html, url)
    for link in discover_pages(html, url, max_pages):
        if clock() >= deadline:
            profile.provenance["crawl"] = "stopped at the deadline"
            break
        try:
            fetched = fetcher.fetch(link, deadline=deadline)
            merge_into(profile, profile_from_html(fetched.html, fetched.url))
        except EnrichmentError as exc:
            profile.provenance.setdefault("skipped", "")
            profile.provenance["skipped"] = (profile.provenance["skipped"] + f"; {link}: {exc}").lstrip("; ")
    return profile
