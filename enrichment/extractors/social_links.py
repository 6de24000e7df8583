"""The organisation's own social profiles: JSON-LD sameAs first, then profile links on the page."""

from __future__ import annotations

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.extractors.schema import is_org, values_of
from enrichment.extractors.structured import schema_nodes
from enrichment.findings import Findings
from enrichment.socials import canonical_social


@register
class SocialLinksExtractor(Extractor):
    name = "socials"
    order = 40

    def extract(self, page: Page, found: Findings) -> None:
        for node, source in schema_nodes(page):
            if is_org(node) or "WebSite" in str(node.get("@type")):
                for url in values_of(node.get("sameAs")):
                    self._offer(str(url), f"{source} sameAs", found)
        for href, anchor in page.links:
            if href in found.claimed_links or anchor.get("href") in found.claimed_links:
                continue
            self._offer(href, "profile link", found)

    def _offer(self, url: str, how: str, found: Findings) -> None:
        social = canonical_social(url)
        if social is None:
            return
        platform, canonical = social
        known = found.socials.setdefault(platform, {})
        # Handles are case-insensitive: twitter.com/HERE and twitter.com/here are one profile.
        if not any(url.casefold() == canonical.casefold() for url in known):
            known[canonical] = how
