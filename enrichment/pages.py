"""Profiling a single page: parse once, run every registered extractor, assemble."""

from __future__ import annotations

from enrichment.assemble import assemble_profile
from enrichment.document import parse_page
from enrichment.extractors import REGISTRY
from enrichment.findings import Findings
from enrichment.profile import CompanyProfile, SizeTiers


def profile_from_html(html: str, url: str, *, tiers: SizeTiers = SizeTiers()) -> CompanyProfile:
    """The profile one page supports, without any network access.

    :raises UnusablePageError: the input is not a readable HTML page (binary, empty, too large).
    """
    page = parse_page(html, url)
    found = Findings(url=url)
    for extractor in REGISTRY:
        extractor.extract(page, found)
    return assemble_profile(found, tiers)
