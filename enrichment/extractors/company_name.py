"""The company's name: stated names first, preferring the one that matches the site's domain."""

from __future__ import annotations

import html
import re

from enrichment.document import Page
from enrichment.domains import domain_label
from enrichment.extractors.base import Extractor, register
from enrichment.findings import Candidate, Findings

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·»:\-]\s+|\s+[|]|[|]\s+")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*:?\s*)?(?:by\s+)?([^|•·\n]{2,60}?)"
    r"(?:(?:\s*[.,|•·]\s*|\s+)(?:all rights reserved|alle rechte|tous droits)|\s*[.,]?\s*$|,?\s+(?=\d{4}\b))",
    re.I,
)
# Address and contact lines join their parts with these ("Acme GmbH * Main St 1 * Berlin").
_LINE_PARTS = re.compile(r"\s+[*|•·]\s+|\s+[–—-]\s+")
_MAX_PREFIX_WORDS = 2
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


def domain_spelled_prefix(name: str, url: str) -> str | None:
    """The leading words of a name that spell the domain label, when a tagline follows them.

    ``Flux Federation Energy Retail Software`` on fluxfederation.com -> ``Flux Federation``.
    """
    label = _compact(domain_label(url))
    words = name.split()
    spelled = ""
    for count, word in enumerate(words, start=1):
        spelled += "".join(ch for ch in word.casefold() if ch.isalnum())
        if spelled == label:
            while count < len(words) and _LEGAL_SUFFIX.fullmatch(words[count].strip(",")):
                count += 1
            rest = _LEGAL_SUFFIX.sub("", " ".join(words[count:]))
            # Only a tagline is dropped; "Acme 1990 e. V." keeps its founding year and legal form.
            return " ".join(words[:count]).rstrip(",") if re.search(r"[^\W\d_]{3,}", rest) else None
        if not label.startswith(spelled):
            return None
    return None


def fuller_forms(holder: str, lines: list[str]) -> list[str]:
    """Visible lines (or their first part) that give a copyright holder's full name.

    ``© 2019 G. & L. Hoppe`` plus a footer line ``Planungsbüro G. & L. Hoppe * Main St 6`` ->
    ``Planungsbüro G. & L. Hoppe``: at most two words before the holder, or a legal form after it.
    """
    holder_key = holder.casefold()
    forms = []
    for line in lines:
        part = _LINE_PARTS.split(line, 1)[0].strip(" ,")
        key = part.casefold()
        if key == holder_key or holder_key not in key or len(part) > 80 or _COPYRIGHT.search(part):
            continue
        before, _, after = key.partition(holder_key)
        # "Quelle: Acme" or "Source: Acme" is a label in front of the name, not part of it.
        if (not after.strip() and 1 <= len(before.split()) <= _MAX_PREFIX_WORDS and ":" not in before) or (
                not before.strip() and _LEGAL_SUFFIX.fullmatch(after.strip(" ,"))):
            forms.append(part)
    return forms


def _containment_bonus(segment: str, segments: list[str]) -> int:
    """A title segment repeated inside another one is the name the other is about.

    ``Der Genossenschaftsverband Bayern im Porträt | Genossenschaftsverband Bayern (GVB)``.
    """
    core = re.sub(r"\s*\([^)]*\)\s*$", "", segment).casefold()
    if len(core) < 3:
        return 0
    others = [other.casefold() for other in segments if other != segment]
    if any(core in other for other in others):
        return 2
    if any(re.sub(r"\s*\([^)]*\)\s*$", "", other) in segment.casefold() for other in others if len(other) >= 3):
        return -2
    return 0


def _without_department(holder: str) -> str:
    """``City of X, Communications Department`` -> ``City of X``; ``Acme, Inc.`` stays whole."""
    head, comma, tail = holder.partition(",")
    # Firm names carry commas too: "Kessler, DiGiovanni & Jesuele, LLP", "Acme, Inc.".
    if not comma or _LEGAL_SUFFIX.search(tail) or re.search(r"&|\band\b|\bund\b", tail, re.I):
        return holder
    return head.strip()


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
            segments = [segment.strip() for segment in _TITLE_SEPARATORS.split(text or "")]
            for segment in segments:
                offers.append((segment, how, rank + _containment_bonus(segment, segments)))
                trimmed = domain_spelled_prefix(segment.strip(), page.url)
                if trimmed:
                    offers.append((trimmed, f"{how} (tagline after the name dropped)", rank))
        offers += self._copyright_offers(page)
        for node in page.tree.iterfind(".//img[@alt]"):
            marker = (node.get("class") or "") + (node.get("src") or "") + (node.get("id") or "")
            if "logo" in marker.lower():
                offers += [(part, "logo alt text", 16) for part in _TITLE_SEPARATORS.split(node.get("alt") or "")]
                break
        for text, how, rank in offers:
            name = html.unescape(text or "").strip(" -–—|,:")
            if 2 <= len(name) <= 80 and not name.lower().startswith(("home", "startseite", "logo")):
                found.names.append(Candidate(name, how, rank))
        for candidate in found.names:
            candidate.rank += domain_affinity(candidate.value, page.url)
            if _DOMAIN_LIKE.search(candidate.value):
                candidate.rank -= 20  # "Stuttgart.de" is the site's address, not the organisation

    def _copyright_offers(self, page: Page) -> list[tuple[str, str, int]]:
        footer = [line.text for line in page.lines[-60:]]
        offers = []
        for text in footer:
            match = _COPYRIGHT.search(text)
            if match:
                holder = _without_department(match.group(1).strip(" -|,:"))
                offers.append((holder, "copyright line", 18))
                # A fuller form of the holder's name written out elsewhere in the footer.
                offers += [(form, "copyright holder written in full", 19) for form in fuller_forms(holder, footer)]
        return offers
