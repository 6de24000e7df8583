"""Turning one page's Findings into a CompanyProfile, with provenance for every field."""

from __future__ import annotations

from enrichment.domains import registered_domain
from enrichment.findings import Findings
from enrichment.profile import CompanyProfile, SizeTiers, employee_range_for, size_tier_for
from enrichment.titles import department_of, is_decision_maker, seniority_of


def assemble_profile(found: Findings, tiers: SizeTiers = SizeTiers()) -> CompanyProfile:
    """Pick the best candidate per field and record how each one was found."""
    profile = CompanyProfile(url=found.url, domain=registered_domain(found.url), sources=[found.url])
    provenance = profile.provenance
    for attr, candidates in (("name", found.names), ("description", found.descriptions),
                             ("location", found.locations)):
        best = found.best(candidates)
        if best is not None:
            setattr(profile, attr, best.value)
            provenance[attr] = best.how
    employees = found.best(found.employees)
    if employees is not None:
        profile.employees_stated = employees.value
        profile.employee_range = employee_range_for(employees.value)
        profile.size_tier = size_tier_for(profile.employee_range, employees.value, tiers)
        provenance["employees_stated"] = employees.how
    profile.phones = list(found.phones)
    profile.emails = list(found.emails)
    profile.socials = {platform: list(urls) for platform, urls in found.socials.items()}
    profile.technologies = list(found.technologies)
    profile.industry, profile.industry_evidence = found.industry, found.industry_evidence
    if found.industry:
        provenance["industry"] = "keyword classifier; see industry_evidence"
    for person in found.people:
        person.seniority = seniority_of(person.title)
        person.department = department_of(person.title)
        person.is_decision_maker = is_decision_maker(person.seniority)
    profile.people = found.people
    if found.people:
        provenance["people"] = "; ".join(sorted(set(found.people_how.values())))
        provenance["people_listed"] = f"{len(found.people)} people listed (a lower bound on size)"
    for attr, sources in (("phones", found.phones), ("emails", found.emails),
                          ("technologies", found.technologies)):
        if sources:
            provenance[attr] = "; ".join(sorted(set(sources.values())))
    if found.socials:
        provenance["socials"] = "; ".join(
            sorted({how for urls in found.socials.values() for how in urls.values()})
        )
    return profile
