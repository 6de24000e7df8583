"""What extractors found on one page, each fact with how it was found and how much to trust it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from enrichment.profile import Location, Person

T = TypeVar("T")

# Ranks: explicit first-party structured data beats visible text, which beats inference.
STRUCTURED = 30
VISIBLE = 20
INFERRED = 10


@dataclass
class Candidate(Generic[T]):
    value: T
    how: str
    rank: int


@dataclass
class Findings:
    """A collector shared by all extractors of one page; merge.py turns it into a profile."""

    url: str
    region: str | None = None
    names: list[Candidate[str]] = field(default_factory=list)
    descriptions: list[Candidate[str]] = field(default_factory=list)
    locations: list[Candidate[Location]] = field(default_factory=list)
    employees: list[Candidate[int]] = field(default_factory=list)
    phones: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    socials: dict[str, dict[str, str]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    people_how: dict[str, str] = field(default_factory=dict)
    technologies: dict[str, str] = field(default_factory=dict)
    industry: str | None = None
    industry_evidence: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    claimed_links: set[str] = field(default_factory=set)
    org_types: list[str] = field(default_factory=list)

    def best(self, candidates: list[Candidate[T]]) -> Candidate[T] | None:
        """Highest rank wins; among equals the first one found (document order)."""
        return max(candidates, key=lambda c: c.rank, default=None)

    def add_person(self, person: Person, how: str) -> None:
        """Keep one entry per person; a later finding only fills fields that are still empty."""
        key = person_key(person.name)
        for known in self.people:
            if person_key(known.name) == key:
                for attr in ("title", "email", "phone", "linkedin"):
                    if getattr(known, attr) is None and getattr(person, attr) is not None:
                        setattr(known, attr, getattr(person, attr))
                return
        self.people.append(person)
        self.people_how[person.name] = how


def person_key(name: str) -> str:
    """Compare people by their letters only, ignoring credentials after the first comma."""
    core = name.split(",", 1)[0]
    return "".join(ch for ch in core.casefold() if ch.isalpha())
