"""Storing enrichment: merge a profile into the Company and its Contacts, and track the runs.

Enrichment never overwrites a value a person entered (``apply_fields(..., overwrite_manual=False)``
keeps user- and import-sourced values) and is idempotent: a person already stored is matched by
email, else by normalized name within the company, and updated rather than added again.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from nameparser import HumanName
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import Company, Contact, EnrichmentRun, User
from server.models.types import utcnow
from server.services.companies import apply_fields

SOURCE = "enrichment"
_LOCATION = ("street", "city", "region", "postal_code", "country")
_PERSON_FIELDS = ("title", "seniority", "department", "phone", "linkedin")
MAX_PHONES = 20


def company_for_domain(domain: str) -> Company:
    """The company with this registered domain, created (unowned) when the CRM lacks it."""
    company = db.session.scalar(select(Company).where(Company.domain == domain))
    if company is not None:
        return company
    try:
        with db.session.begin_nested():
            company = Company(domain=domain, phones=[], socials={}, provenance={})
            db.session.add(company)
    except IntegrityError:  # another request created it a moment ago
        company = db.session.scalar(select(Company).where(Company.domain == domain))
    return company


def start_run(company: Company, url: str, user: User | None,
              profile: dict[str, Any] | None) -> EnrichmentRun:
    """Apply the page's own profile (if any) and record a partial run, in one commit."""
    at = utcnow()
    if profile is not None:
        lock_company(company.id)
        apply_profile(company, profile, at)
    run = EnrichmentRun(company=company, url=url, requested_by=user, status="partial",
                        profile=profile if profile is not None else company.enrichment, started_at=at)
    db.session.add(run)
    db.session.commit()
    return run


def complete_run(run: EnrichmentRun, profile: dict[str, Any]) -> None:
    """Apply the crawl's merged profile and mark the run complete: all of it or nothing."""
    at = utcnow()
    try:
        lock_company(run.company_id)
        apply_profile(run.company, profile, at)
        run.status, run.profile, run.finished_at, run.error = "complete", profile, at, None
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def fail_run(run: EnrichmentRun, error: str) -> None:
    run.status, run.error, run.finished_at = "failed", error[:2000], utcnow()
    db.session.commit()


def fail_stale_runs(now: datetime, older_than_s: float) -> int:
    """Mark runs still partial long after any crawl could finish as failed.

    A worker killed outright (out of memory, machine restart) never finishes its run; without
    this the sidebar would show "partial" for that company forever.
    """
    result = db.session.execute(
        update(EnrichmentRun)
        .where(EnrichmentRun.status == "partial",
               EnrichmentRun.started_at < now - timedelta(seconds=older_than_s))
        .values(status="failed", finished_at=now,
                error="The crawl stopped without finishing (its worker was lost). Enrich again."))
    db.session.commit()
    return result.rowcount


def latest_run(company_id: int) -> EnrichmentRun | None:
    return db.session.scalar(select(EnrichmentRun).where(EnrichmentRun.company_id == company_id)
                             .order_by(EnrichmentRun.started_at.desc(), EnrichmentRun.id.desc()).limit(1))


def lock_company(company_id: int) -> None:
    """Write to the company row first, so concurrent enrichments of one company take turns.

    An UPDATE takes the row lock on PostgreSQL and the write lock on SQLite before we read its
    contacts, so two runs cannot both decide that a person is new.
    """
    db.session.execute(update(Company).where(Company.id == company_id).values(updated_at=utcnow()))


def apply_profile(company: Company, profile: dict[str, Any], at: datetime) -> None:
    """Merge a ``CompanyProfile.to_dict()`` into the company and its contacts."""
    apply_fields(company, fillable(company, company_values(company, profile)), source=SOURCE, at=at,
                 overwrite_manual=False)
    company.enrichment = profile
    upsert_contacts(company, profile.get("people") or [], at)


def company_values(company: Company, profile: dict[str, Any]) -> dict[str, Any]:
    """Column values the profile states; phones and socials add to what enrichment found before."""
    location = profile.get("location") or {}
    values = {"name": profile.get("name"), "description": profile.get("description"),
              "industry": profile.get("industry"), "employee_range": profile.get("employee_range"),
              "employees": profile.get("employees_stated"),
              **{name: location.get(name) for name in _LOCATION}}
    phones = list(dict.fromkeys([*(company.phones or []), *(profile.get("phones") or [])]))
    values["phones"] = [phone for phone in phones if len(phone) <= 32][:MAX_PHONES]
    socials = {kind: urls[0] for kind, urls in (profile.get("socials") or {}).items() if urls}
    values["socials"] = {**(company.socials or {}), **socials}
    return {name: _fit(Company, name, value) for name, value in values.items()
            if value not in (None, "", [], {})}


def upsert_contacts(company: Company, people: list[dict[str, Any]], at: datetime) -> list[Contact]:
    """Add or update a contact for each named person on the site; returns those touched."""
    known = list(db.session.scalars(select(Contact).where(Contact.company_id == company.id)))
    by_email = {contact.email: contact for contact in known if contact.email}
    by_name = {name_key(contact.first_name, contact.last_name): contact for contact in known}
    touched = []
    for person in people:
        first, last = split_name(person.get("name") or "")
        if not (first or last):
            continue
        email = (person.get("email") or "").strip().lower() or None
        contact = by_email.get(email) if email else None
        contact = contact or by_name.get(name_key(first, last))
        if contact is None:
            if email and db.session.scalar(select(Contact.id).where(Contact.email == email)):
                continue  # that address belongs to a contact of another company: leave it there
            contact = Contact(company=company, provenance={})
            db.session.add(contact)
        values = {"first_name": first, "last_name": last, "email": email,
                  **{name: person.get(name) for name in _PERSON_FIELDS}}
        values = {name: _fit(Contact, name, value) for name, value in values.items() if value}
        apply_fields(contact, fillable(contact, values), source=SOURCE, at=at, overwrite_manual=False)
        if contact.email:
            by_email[contact.email] = contact
        by_name[name_key(contact.first_name, contact.last_name)] = contact
        touched.append(contact)
    return touched


def fillable(record: Company | Contact, values: dict[str, Any]) -> dict[str, Any]:
    """The values enrichment may write: empty fields and those enrichment itself set before.

    Stricter than provenance alone, because records created before provenance existed, by the
    contacts API or by the demo seed carry values with no provenance that a person still chose.
    """
    provenance = record.provenance or {}
    return {name: value for name, value in values.items()
            if getattr(record, name) in (None, "", [], {})
            or provenance.get(name, {}).get("source") == SOURCE}


def split_name(name: str) -> tuple[str | None, str | None]:
    """("Jane Q.", "Doe") from "Dr. Jane Q. Doe"; titles and nicknames dropped."""
    parsed = HumanName(" ".join(name.split()))
    first = " ".join(part for part in (parsed.first, parsed.middle) if part) or None
    return first, parsed.last or None


def name_key(first: str | None, last: str | None) -> tuple[str, str]:
    """Compare people by first given name and surname, ignoring case, accents and punctuation."""
    given = _normalize(first or "").split()
    return (given[0] if given else "", _normalize(last or ""))


def _normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


def _fit(model: type, name: str, value: Any) -> Any:
    """Cut strings to the column's length so a long page value never fails the whole write."""
    length = getattr(model.__table__.c[name].type, "length", None)
    if isinstance(value, str) and length:
        return value[:length]
    return value
