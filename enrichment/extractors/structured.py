"""First-party structured data (JSON-LD, microdata): the organisation's own statement of facts."""

from __future__ import annotations

import html
import re
from typing import Any

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.extractors.schema import (
    from_microdata,
    is_org,
    is_person,
    nested,
    text_value,
    top_level,
    types_of,
    values_of,
)
from enrichment.findings import INFERRED, STRUCTURED, Candidate, Findings
from enrichment.person_names import looks_like_person_name
from enrichment.profile import Location, Person
from enrichment.regions import region_from_country

_AUTHOR_ARCHIVE = re.compile(r"/(?:author|autor|auteur|autore)/|#author$", re.I)
_BY_BRAND = re.compile(r"^.+?\bby\s+(.+)$", re.IGNORECASE)


def schema_nodes(page: Page) -> list[tuple[dict[str, Any], str]]:
    """Top-level schema.org nodes with where they came from (``json-ld`` or ``microdata``)."""
    nodes = [(node, "json-ld") for node in top_level(page.jsonld)]
    nodes += [(from_microdata(item), "microdata") for item in page.microdata]
    return nodes


@register
class StructuredDataExtractor(Extractor):
    name = "structured"
    order = 10

    def extract(self, page: Page, found: Findings) -> None:
        for node, source in schema_nodes(page):
            if is_org(node):
                self._organisation(node, source, found, rank=STRUCTURED)
            for inner in nested(node):
                if inner is not node and is_org(inner):
                    self._organisation(inner, f"{source} (nested)", found, rank=INFERRED + 5)
                if is_person(inner) and (inner is node or source == "microdata" or inner.get("jobTitle")):
                    self._person(inner, source, page, found)

    def _organisation(self, node: dict[str, Any], source: str, found: Findings, rank: int) -> None:
        found.org_types.extend(types_of(node))
        name = text_value(node.get("name"))
        if name:
            name = html.unescape(name)  # some CMSs escape twice: "Fishing &amp; Outdoor Apps"
            brand = _BY_BRAND.match(name)
            found.names.append(Candidate(brand.group(1) if brand else name, f"{source} Organization name", rank))
        description = text_value(node.get("description"))
        if description:
            found.descriptions.append(Candidate(description, f"{source} description", rank))
        for address in values_of(node.get("address")):
            location = _location(address)
            if location is not None:
                found.locations.append(Candidate(location, f"{source} PostalAddress", rank))
        employees = _employee_count(node.get("numberOfEmployees"))
        if employees is not None:
            found.employees.append(Candidate(employees, f"{source} numberOfEmployees", rank))

    def _person(self, node: dict[str, Any], source: str, page: Page, found: Findings) -> None:
        name = text_value(node.get("name"))
        if not name or not looks_like_person_name(name):
            return
        links = [str(u) for u in values_of(node.get("sameAs")) + values_of(node.get("url"))]
        authored = [*links, str(node.get("@id") or "")]
        if not node.get("jobTitle") and any(_AUTHOR_ARCHIVE.search(link) for link in authored):
            return  # a blog author box: a contributor whose role at the company is not stated
        found.claimed_links.update(links)
        linkedin = next((u for u in links if "linkedin.com/in/" in u), None)
        email = text_value(node.get("email"))
        person = Person(
            name=name,
            title=text_value(node.get("jobTitle")),
            email=email.removeprefix("mailto:").lower() if email else None,
            linkedin=linkedin,
            source_url=page.url,
        )
        found.add_person(person, f"{source} Person")


def _location(address: Any) -> Location | None:
    if isinstance(address, str):
        return Location(street=" ".join(address.split())) if address.strip() else None
    if not isinstance(address, dict):
        return None
    country = text_value(address.get("addressCountry"))
    location = Location(
        street=text_value(address.get("streetAddress")),
        city=text_value(address.get("addressLocality")),
        region=text_value(address.get("addressRegion")),
        postal_code=text_value(address.get("postalCode")),
        country=region_from_country(country) or country,
    )
    return None if location.is_empty() else location


def _employee_count(value: Any) -> int | None:
    """numberOfEmployees as a number, or the lower bound of a QuantitativeValue."""
    if isinstance(value, list):
        value = next(iter(value), None)
    if isinstance(value, dict):
        value = value.get("value") or value.get("minValue") or value.get("maxValue")
    digits = re.sub(r"[^\d]", "", str(value)) if value is not None else ""
    return int(digits) if digits and len(digits) < 8 else None
