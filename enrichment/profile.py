"""The company profile the sidebar shows and the CRM stores: the JSON contract of enrichment."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EMPLOYEE_RANGES: tuple[tuple[str, int, int | None], ...] = (
    ("1-10", 1, 10),
    ("11-50", 11, 50),
    ("51-200", 51, 200),
    ("201-500", 201, 500),
    ("501-1000", 501, 1000),
    ("1001-5000", 1001, 5000),
    ("5001-10000", 5001, 10000),
    ("10001+", 10001, None),
)


@dataclass(frozen=True)
class SizeTiers:
    """Upper bounds (inclusive) of the small and mid tiers, so sales ops can tune segmentation."""

    small_max: int = 50
    mid_max: int = 1000


@dataclass
class Location:
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def is_empty(self) -> bool:
        return not any(asdict(self).values())


@dataclass
class Person:
    name: str
    title: str | None = None
    seniority: str | None = None
    department: str | None = None
    is_decision_maker: bool = False
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    source_url: str | None = None


@dataclass
class CompanyProfile:
    url: str
    domain: str | None = None
    name: str | None = None
    description: str | None = None
    industry: str | None = None
    industry_evidence: list[str] = field(default_factory=list)
    employee_range: str | None = None
    employees_stated: int | None = None
    size_tier: str | None = None
    location: Location = field(default_factory=Location)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    socials: dict[str, list[str]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The exact JSON shape shared by the API, the CLI and the benchmark."""
        return asdict(self)


def employee_range_for(count: int) -> str | None:
    """Bucket a stated head count into the CRM's fixed ranges."""
    for label, low, high in EMPLOYEE_RANGES:
        if count >= low and (high is None or count <= high):
            return label
    return None


def size_tier_for(
    employee_range: str | None, employees_stated: int | None, tiers: SizeTiers = SizeTiers()
) -> str | None:
    """small / mid / enterprise from what the page states; None when it states nothing."""
    count = employees_stated
    if count is None and employee_range is not None:
        count = next(low for label, low, _ in EMPLOYEE_RANGES if label == employee_range)
    if count is None:
        return None
    if count <= tiers.small_max:
        return "small"
    return "mid" if count <= tiers.mid_max else "enterprise"
