"""A transparent industry classifier: weighted keyword hits, every hit kept as evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.findings import Findings
from enrichment.industries import KEYWORDS, SCHEMA_TYPES

MIN_SCORE = 4.0
_BODY_SAMPLE_CHARS = 6000
# Where a keyword appears matters: the title and description describe the company, body text may not.
_ZONE_WEIGHT = {"title": 2.0, "description": 2.0, "headings": 1.0, "body": 0.5}


@lru_cache(maxsize=1)
def _keyword_pattern() -> re.Pattern[str]:
    words = sorted(KEYWORDS, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")", re.I)


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
        seen: set[str] = set()
        for match in pattern.finditer(text):
            word = match.group(1).lower()
            if word in seen:
                continue
            seen.add(word)
            category, weight = KEYWORDS[word]
            scores[category] += weight * _ZONE_WEIGHT[zone]
            evidence[category].append(f'"{word}" in {zone}')
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
        headings = " | ".join(
            " ".join(h.text_content().split()) for h in page.tree.iter("h1", "h2", "h3")
        )[:_BODY_SAMPLE_CHARS]
        description = " ".join(
            c.value for c in found.descriptions[:2]
        ) or page.meta("description") or page.opengraph.get("og:description", "")
        zones = {
            "title": page.title + " | " + page.opengraph.get("og:site_name", ""),
            "description": description[:1000],
            "headings": headings,
            "body": page.text[:_BODY_SAMPLE_CHARS],
        }
        found.industry, found.industry_evidence = classify(zones, found.org_types)
