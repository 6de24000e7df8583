"""The company's name: stated names first, preferring the one that matches the site's domain."""

from __future__ import annotations

import re

from enrichment.document import Page
from enrichment.domains import domain_label
from enrichment.extractors.base import Extractor, register
from enrichment.findings import Candidate, Findings

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·»:\-]\s+|\s+[|]|[|]\s+")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?(?:by\s+)?([^|•·\n]{2,60}?)"
    r"(?:\s*[.,|•·]\s*|\s+)(?:all rights reserved|alle rechte|tous droits|$)",
    re.I,
)
_DOMAIN_LIKE = re.compile(r"\.(?:com|de|org|net|eu|io|co|uk|at|ch)\b", re.I)
_LEGAL_SUFFIX = re.compile(r"\b(?:gmbh|ag|kg|llc|llp|inc|ltd|limited|corp|e\.\s?v|co)\b\.?", re.I)


def _compact(text: str) -> str:
    return "".join(ch for ch in _LEGAL_SUFFIX.sub("", text).casefold() if ch.isalnum())


def domain_affinity(name: str, url: str) -> int:
    """How strongly a name matches the site's domain label (``Flux Federation`` ~ fluxfederation)."""
    label = _compact(domain_label(url))
    name_key = _compact(name)
    if not label or not name_key:
        return 0
    if name_key == label:
        return 20
    if label in name_key or name_key in label:
        # "Flux Federation Energy Retail Software" contains the label but adds a tagline.
        return 10 if len(name_key) <= 1.5 * len(label) else 3
    words = {w for w in re.split(r"\W+", name.casefold()) if len(w) > 2}
    return 5 if any(w in label for w in words) else 0


@register
class CompanyNameExtractor(Extractor):
    name = "company_name"
    order = 30

    def extract(self, page: Page, found: Findings) -> None:
        offers = []
        for text, how, rank in (
            (page.opengraph.get("og:site_name") or page.meta("og:site_name"), "og:site_name", 24),
            (page.meta("application-name"), "application-name meta", 22),
            (page.title, "page title", 12),
        ):
            offers += [(segment, how, rank) for segment in _TITLE_SEPARATORS.split(text or "")]
        for line in page.lines[-60:]:
            match = _COPYRIGHT.search(line.text)
            if match:
                offers.append((match.group(1), "copyright line", 18))
        for node in page.tree.iterfind(".//img[@alt]"):
            marker = (node.get("class") or "") + (node.get("src") or "") + (node.get("id") or "")
            if "logo" in marker.lower():
                offers += [(part, "logo alt text", 16) for part in _TITLE_SEPARATORS.split(node.get("alt") or "")]
                break
        for text, how, rank in offers:
            name = (text or "").strip(" -|,")
            if 2 <= len(name) <= 80 and not name.lower().startswith(("home", "startseite", "logo")):
                found.names.append(Candidate(name, how, rank))
        for candidate in found.names:
            candidate.rank += domain_affinity(candidate.value, page.url)
            if _DOMAIN_LIKE.search(candidate.value):
                candidate.rank -= 20  # "Stuttgart.de" is the site's address, not the organisation
