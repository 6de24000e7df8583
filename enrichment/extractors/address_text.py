"""The company's address as printed on the page, when it publishes no structured address.

Two shapes cover most footers and imprints: ``Street 12, 12345 City`` (Germany, Austria,
Switzerland and neighbours, postcode before the city) and ``12 Main St, City, ST 12345`` (US).
Street and postcode must sit together, on one line or on two consecutive lines.
"""

from __future__ import annotations

import re

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.extractors.contacts import MAX_LINES
from enrichment.findings import VISIBLE, Candidate, Findings
from enrichment.profile import Location
from enrichment.regions import region_from_country

_WORD = r"[A-ZÄÖÜ][\w'’.\-äöüß]*"
_STREET = rf"(?:{_WORD}|an|am|im|in|auf|der|den|dem|zum|zur|de|la|du|van)(?:[ \-](?:{_WORD}|an|am|im|der|den|dem|de|la)){{0,4}}"
_EUROPEAN = re.compile(
    rf"(?P<street>{_STREET}\.?\s+\d{{1,4}}(?:\s?[a-zA-Z])?(?:\s?[-/]\s?\d{{1,4}})?)\s*(?:[,*|•·–-]\s*|\s+)"
    rf"(?:(?P<cc>[A-Z]{{1,2}})[-\s])?(?P<postal>\d{{4,5}})\s+(?P<city>{_WORD}(?:[ \-](?:{_WORD}|im|am|an|der|bei)){{0,3}})"
)
_US = re.compile(
    r"(?P<street>\d{1,6}\s+(?:[NSEW]\.?\s+)?[A-Z][\w.]*(?:\s+[A-Z0-9][\w.]*){0,4}"
    r"(?:[,\s–-]+(?:Suite|Ste\.?|Floor|Fl\.?|\d+(?:st|nd|rd|th)\s+Floor)[^,]{0,12})?)\s*,\s*"
    r"(?P<city>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}),?\s+(?P<region>[A-Z]{2})\s+(?P<postal>\d{5})(?:-\d{4})?\b"
)
_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
_COUNTRY_CODES = {"D": "DE", "DE": "DE", "A": "AT", "AT": "AT", "CH": "CH", "NL": "NL", "L": "LU", "B": "BE"}


def address_in(text: str) -> Location | None:
    """The first postal address a text states, or None."""
    us = _US.search(text)
    if us and us.group("region") in _US_STATES:
        return Location(street=us.group("street").strip(" ,"), city=us.group("city"),
                        region=us.group("region"), postal_code=us.group("postal"), country="US")
    match = _EUROPEAN.search(text)
    if match is None:
        return None
    code = match.group("cc")
    if code and code not in _COUNTRY_CODES:
        return None
    return Location(street=match.group("street").strip(" ,"), city=match.group("city").strip(),
                    postal_code=match.group("postal"),
                    country=_COUNTRY_CODES.get(code or "") or region_from_country(None))


@register
class VisibleAddressExtractor(Extractor):
    name = "visible_address"
    order = 15  # before contacts, which read the country for phone numbers

    def extract(self, page: Page, found: Findings) -> None:
        lines = page.lines[:MAX_LINES]
        for i, line in enumerate(lines):
            if not any(ch.isdigit() for ch in line.text) or len(line.text) > 200:
                continue
            joined = f"{lines[i - 1].text}, {line.text}" if i and len(lines[i - 1].text) <= 80 else line.text
            location = address_in(line.text) or address_in(joined)
            if location is not None:
                found.locations.append(Candidate(location, f'visible address: "{line.text[:80]}"', VISIBLE))
                return
