"""A transparent industry classifier: weighted keyword hits, every hit kept as evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.extractors.schema import top_level, types_of
from enrichment.findings import Findings
from enrichment.industries import KEYWORDS, SCHEMA_TYPES

MIN_SCORE = 4.0
# Words that start with a keyword but mean something else on almost every site.
_FALSE_FRIEND = re.compile(
    r"newsletter|newsroom|shopping\s+list|shopify|advisory\s+(?:board|council|committee|team)", re.I)
_ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "TechArticle", "Report"})
_BODY_SAMPLE_CHARS = 6000
# Where a keyword appears matters: the title and description describe the company, body text may not.
_ZONE_WEIGHT = {"title": 2.0, "description": 2.0, "headings": 1.0, "body": 0.5}


_DEFINITION = re.compile(
    r"\b(?:is|are|ist|sind|est|es)\s+(?:an?|the|ein|eine|einer|un|une|una)\s+(?:[\w-]+\s+){0,3}$", re.I)
_CUSTOMERS = re.compile(
    r"\b(?:for|serves?|serving|enables?|helps?|für|pour|para)\s+(?:[\w-]+\s+){0,2}$", re.I)
# The next two words of the same phrase (no punctuation between them).
_PHRASE_BREAKS = frozenset("for of to in on at by with and or und oder für von mit zu the a an der die das".split())
_NEXT_WORDS = re.compile(r"[\w-]*[ \t]+([\w-]+)(?:[ \t]+([\w-]+))?")


@lru_cache(maxsize=1)
def _keyword_pattern() -> re.Pattern[str]:
    words = sorted(KEYWORDS, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")", re.I)


def context_weight(text: str, start: int, end: int, category: str) -> tuple[float, str]:
    """How much a keyword says about the company itself, from the words around it.

    "Acme is a software company" defines the company; "software for energy retailers" names its
    customers ("for", "serves", "helps"), and "energy" in "energy retail software" only modifies
    the head noun that follows it.
    """
    before = text[max(0, start - 40):start]
    if _CUSTOMERS.search(before):
        return 0.3, " (names customers)"
    if _DEFINITION.search(before):
        return 2.0, " (defines the company)"
    words = _NEXT_WORDS.match(text, end)
    for group in (1, 2):
        if not words or not words.group(group) or words.group(group).lower() in _PHRASE_BREAKS:
            break  # "software for energy retailers": the phrase ends at "for"
        following = _keyword_pattern().match(text, words.start(group))
        if following and KEYWORDS[following.group(1).lower()][0] != category:
            return 0.3, " (modifies another keyword)"
    return 1.0, ""


def classify(zones: dict[str, str], schema_types: list[str]) -> tuple[str | None, list[str]]:
    """(industry or None, evidence) from text zones; None when no category clearly leads."""
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    for schema_type in schema_types:
        category = SCHEMA_TYPES.get(schema_type)
        if category:
            scores[category] += 6
            evidence[category].append(f"schema.org type {schema_type}")
    pattern = _keyword_pattern()
    for zone, text in zones.items():
        best: dict[str, tuple[float, str]] = {}  # each word counts once per zone, in its best context
        for match in pattern.finditer(text):
            word = match.group(1).lower()
            if _FALSE_FRIEND.match(text, match.start(1)):
                continue
            factor, why = context_weight(text, match.start(1), match.end(1), KEYWORDS[word][0])
            if word not in best or factor > best[word][0]:
                best[word] = (factor, why)
        for word, (factor, why) in best.items():
            category, weight = KEYWORDS[word]
            scores[category] += weight * _ZONE_WEIGHT[zone] * factor
            evidence[category].append(f'"{word}" in {zone}{why}')
    if not scores:
        return None, []
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < MIN_SCORE or score < runner_up * 1.25:
        return None, []
    return best, evidence[best][:8]


@register
class IndustryExtractor(Extractor):
    name = "industry"
    order = 60

    def extract(self, page: Page, found: Findings) -> None:
        headings = _joined(page.tree.iter("h1", "h2", "h3"))
        stated = " ".join(c.value for c in found.descriptions[:2])
        description = stated or page.meta("description") or page.opengraph.get("og:description", "")
        site_name = page.opengraph.get("og:site_name", "")
        zones = {
            "title": page.title + " | " + site_name,
            "description": description[:1000],
            "headings": headings,
            "body": page.text[:_BODY_SAMPLE_CHARS],
        }
        if is_article(page):
            # An article's headline and summary describe its topic, not the publisher: a civil
            # liberties group writing about students is not in Education. Only the site's name
            # and its own structured description keep their weight.
            best = found.best(found.names)
            site_headings = [h for h in page.tree.iter("h2", "h3")
                             if not any(a.tag in ("article", "main") for a in h.iterancestors())]
            zones = {
                "title": f"{site_name} | {best.value if best else ''}",
                "description": stated[:1000],
                "headings": _joined(site_headings),
                "body": f"{page.title} | {page.meta('description')} | {headings} | {zones['body']}",
            }
        found.industry, found.industry_evidence = classify(zones, found.org_types)


def _joined(headings) -> str:
    return " | ".join(" ".join(h.text_content().split()) for h in headings)[:_BODY_SAMPLE_CHARS]


def is_article(page: Page) -> bool:
    """A dated blog post or news article, whose text is about its topic rather than its publisher.

    CMSs tag ordinary pages og:type=article too, so og:type only counts with a publication date.
    """
    if page.opengraph.get("og:type", "").lower() == "article" and page.meta("article:published_time"):
        return True
    return any(t in _ARTICLE_TYPES for node in top_level(page.jsonld) for t in types_of(node))
