"""Helpers to read schema.org nodes the same way whether they came as JSON-LD or microdata."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ORG_TYPES = frozenset(
    "Organization Corporation LocalBusiness ProfessionalService LegalService Attorney Notary "
    "MedicalOrganization Hospital Physician MedicalClinic NGO NonprofitOrganization "
    "GovernmentOrganization EducationalOrganization CollegeOrUniversity School Store OnlineStore "
    "OnlineBusiness AutomotiveBusiness FinancialService BankOrCreditUnion InsuranceAgency "
    "AccountingService RealEstateAgent HomeAndConstructionBusiness GeneralContractor "
    "Restaurant FoodEstablishment LodgingBusiness Hotel TravelAgency EmploymentAgency "
    "SportsOrganization SportsClub NewsMediaOrganization Airline Consortium "
    "FundingScheme ResearchOrganization PerformingGroup MusicGroup".split()
)


def types_of(node: dict[str, Any]) -> list[str]:
    """@type as short names (``http://schema.org/Person`` -> ``Person``)."""
    raw = node.get("@type") or node.get("type") or []
    values = raw if isinstance(raw, list) else [raw]
    return [str(v).rstrip("/").rsplit("/", 1)[-1] for v in values if v]


def is_org(node: dict[str, Any]) -> bool:
    return any(t in ORG_TYPES for t in types_of(node))


def is_person(node: dict[str, Any]) -> bool:
    return "Person" in types_of(node)


def from_microdata(item: dict[str, Any]) -> dict[str, Any]:
    """Reshape an extruct microdata item into a JSON-LD-like node."""
    node: dict[str, Any] = {"@type": item.get("type")}
    for key, value in (item.get("properties") or {}).items():
        if isinstance(value, dict) and "properties" in value:
            node[key] = from_microdata(value)
        elif isinstance(value, list):
            node[key] = [from_microdata(v) if isinstance(v, dict) and "properties" in v else v for v in value]
        else:
            node[key] = value
    return node


def top_level(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Top-level nodes, with @graph arrays flattened."""
    for item in items:
        graph = item.get("@graph")
        if isinstance(graph, list):
            yield from (n for n in graph if isinstance(n, dict))
        else:
            yield item


def nested(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict below a node (bounded depth: hostile pages can nest JSON arbitrarily)."""
    if depth > 8:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nested(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from nested(value, depth + 1)


def text_value(value: Any) -> str | None:
    """A plain string from a schema.org value that may be a list, a dict with @value, or a number."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def values_of(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
