"""Combining the profiles of several pages of one site into one."""

from __future__ import annotations

from enrichment.findings import person_key
from enrichment.profile import CompanyProfile

_SCALARS = ("name", "description", "industry", "employee_range", "employees_stated", "size_tier")
_STRUCTURED_MARKERS = ("json-ld", "microdata")


def _is_structured(profile: CompanyProfile, attr: str) -> bool:
    return any(marker in profile.provenance.get(attr, "") for marker in _STRUCTURED_MARKERS)


def merge_into(base: CompanyProfile, extra: CompanyProfile) -> None:
    """Fill base from another page of the same site; structured data beats heuristics."""
    for attr in _SCALARS:
        theirs = getattr(extra, attr)
        if theirs is None:
            continue
        if getattr(base, attr) is None or (_is_structured(extra, attr) and not _is_structured(base, attr)):
            setattr(base, attr, theirs)
            if attr in extra.provenance:
                base.provenance[attr] = f"{extra.provenance[attr]} on {extra.url}"
            if attr == "industry":
                base.industry_evidence = extra.industry_evidence
    if base.location.is_empty() and not extra.location.is_empty():
        base.location = extra.location
        base.provenance["location"] = f"{extra.provenance.get('location', '')} on {extra.url}"
    base.phones += [p for p in extra.phones if p not in base.phones]
    base.emails += [e for e in extra.emails if e not in base.emails]
    base.technologies += [t for t in extra.technologies if t not in base.technologies]
    for platform, urls in extra.socials.items():
        known = base.socials.setdefault(platform, [])
        known += [u for u in urls if u.casefold() not in {k.casefold() for k in known}]
    people = {person_key(p.name): p for p in base.people}
    for person in extra.people:
        known_person = people.get(person_key(person.name))
        if known_person is None:
            base.people.append(person)
            people[person_key(person.name)] = person
        else:
            for attr in ("title", "seniority", "department", "email", "phone", "linkedin"):
                if getattr(known_person, attr) is None:
                    setattr(known_person, attr, getattr(person, attr))
            known_person.is_decision_maker = known_person.is_decision_maker or person.is_decision_maker
    base.sources += [s for s in extra.sources if s not in base.sources]
    if base.people:
        base.provenance["people_listed"] = f"{len(base.people)} people listed (a lower bound on size)"
