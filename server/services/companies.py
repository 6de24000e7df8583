"""Companies: creating, updating with provenance, claiming and releasing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from enrichment import SizeTiers, registered_domain
from enrichment.profile import size_tier_for
from server.errors import fail
from server.extensions import db
from server.models import Company, User
from server.models.types import utcnow


def size_tier(employees: int | None, employee_range: str | None) -> str | None:
    """small / mid / enterprise from a head count or a range, with the configured thresholds."""
    tiers = SizeTiers(current_app.config["TIER_SMALL_MAX"], current_app.config["TIER_MID_MAX"])
    return size_tier_for(employee_range, employees, tiers)


def domain_or_422(url_or_domain: str, field: str = "domain") -> str:
    domain = registered_domain(url_or_domain)
    if domain is None:
        fail(422, "That is not a website address we can recognise.",
             fields={field: ["Give a domain such as acme.com or any URL on the site."]})
    return domain


def apply_fields(company: Company, values: dict[str, Any], *, source: str,
                 at: datetime | None = None, overwrite_manual: bool = True) -> list[str]:
    """Set fields and record who set each one; returns the names that changed.

    ``source`` is ``user:<id>``, ``import`` or ``enrichment``. With ``overwrite_manual``
    false (enrichment), values that a person entered are kept.
    """
    at = at or utcnow()
    provenance = dict(company.provenance or {})
    changed = []
    for name, value in values.items():
        previous = provenance.get(name, {}).get("source", "")
        if not overwrite_manual and previous.startswith(("user:", "import")) \
                and getattr(company, name) not in (None, "", [], {}):
            continue
        if getattr(company, name) != value:
            setattr(company, name, value)
            changed.append(name)
        provenance[name] = {"source": source, "at": at.isoformat()}
    company.provenance = provenance
    if {"employees", "employee_range"} & set(values):
        company.size_tier = size_tier(company.employees, company.employee_range)
    return changed


def claim_company(company_id: int, user: User) -> Company:
    """Make ``user`` the owner if nobody owns the company yet; 409 naming the owner otherwise.

    One conditional UPDATE decides the race on every database: of two reps claiming at the same
    moment exactly one changes a row.
    """
    result = db.session.execute(
        update(Company).where(Company.id == company_id, Company.owner_id.is_(None))
        .values(owner_id=user.id, owned_since=utcnow(), updated_at=utcnow())
    )
    db.session.commit()
    company = db.session.get(Company, company_id)
    if company is None:
        fail(404, "No such company.")
    if result.rowcount == 1 or company.owner_id == user.id:
        return company
    owner = company.owner
    fail(409, f"Already owned by {owner.name} since {company.owned_since:%Y-%m-%d}.",
         code="already_owned",
         extra={"owner": {"id": owner.id, "name": owner.name},
                "owned_since": company.owned_since.isoformat()})


def release_company(company: Company) -> Company:
    company.owner_id = None
    company.owned_since = None
    db.session.commit()
    return company


def company_with_domain(domain: str) -> Company | None:
    """The company whose registered domain is ``domain`` (see :func:`domain_or_422`)."""
    return db.session.scalar(select(Company).where(Company.domain == domain))
