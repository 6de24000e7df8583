"""Turning a posted batch into resolved events, with an error per event that cannot be taken.

Lookups are by column (no ORM objects per event): a batch of 500 costs a handful of queries.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import select

from enrichment import registered_domain
from server.auth.policy import can
from server.extensions import db
from server.models import Company, Contact, User
from server.models.types import utcnow
from server.schemas.event_in import EventIn, InvalidEvent, load_event
from server.services.events import Event, new_lead
from server.services.pg_bulk import one_of

# An unknown email on these events is an inbound lead: we create the contact.
CAPTURE_TYPES = {"form_submitted", "content_download", "webinar_attended", "demo_request",
                 "free_trial_signup", "meeting_booked"}


FUTURE_SLACK = timedelta(minutes=5)  # clocks differ a little


class Ref(NamedTuple):
    """A contact or company as the intake needs it: ids and who owns it."""

    id: int
    company_id: int | None
    owner_id: int | None
    company_owner_id: int | None = None  # a contact's: the owner of its company


def domain_of(value: str) -> str:
    """The registered domain of a URL, a domain or an email address's host."""
    host = value.rsplit("@", 1)[-1].strip().lower()
    return registered_domain(host) or host


class Rejected(Exception):
    def __init__(self, code: str, message: str, fields: dict | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.fields = code, message, fields or {}


def _error(index: int, raw: Any, code: str, message: str, fields: dict | None = None) -> dict:
    event_id = raw.get("event_id") if isinstance(raw, dict) else None
    return {"index": index, "event_id": event_id if isinstance(event_id, str) else None,
            "code": code, "message": message, "fields": fields or {}}


def _contact_refs(key, values: set) -> list[tuple[Ref, str | None]]:
    """(the contact, its email) for each contact whose ``key`` is one of ``values``, with its
    company's owner.

    The owner is a subquery by key, not a join: for a batch's few hundred contacts PostgreSQL
    hashed the whole companies table, twice as slow as looking each one up.
    """
    if not values:
        return []
    company_owner = select(Company.owner_id).where(Company.id == Contact.company_id).scalar_subquery()
    return [(Ref(i, c, o, co), e) for i, c, o, co, e in db.session.execute(
        select(Contact.id, Contact.company_id, Contact.owner_id, company_owner, Contact.email)
        .where(one_of(key, "values")), {"values": list(values)})]


def _company_refs(key, values: set) -> dict[Any, Ref]:
    """The companies whose ``key`` column is one of ``values``, by that value."""
    if not values:
        return {}
    return {k: Ref(i, i, o, o) for k, i, o in db.session.execute(
        select(key, Company.id, Company.owner_id).where(one_of(key, "values")), {"values": list(values)})}


class Resolver:
    """Looks up every contact and company a batch names in a few queries."""

    def __init__(self, items: list[EventIn]) -> None:
        ids = {d.contact_id for d in items if d.contact_id}
        emails = {d.email.lower() for d in items if d.email}
        self.contacts = {r.id: r for r, _ in _contact_refs(Contact.id, ids)}
        self.emails = {e.lower(): r for r, e in _contact_refs(Contact.email, emails)}
        self.companies = _company_refs(Company.id, {d.company_id for d in items if d.company_id})
        self.domains = _company_refs(Company.domain, {domain_of(value) for d in items
                                                      for value in (d.domain, d.email) if value})

    def contact(self, data: EventIn) -> Ref | None:
        if data.contact_id:
            found = self.contacts.get(data.contact_id)
            if found is None:
                raise Rejected("unknown_contact", f"There is no contact with id {data.contact_id}.",
                               {"contact_id": ["Unknown contact."]})
            return found
        if not data.email:
            return None
        email = data.email.lower()
        if email in self.emails:
            return self.emails[email]
        if data.type not in CAPTURE_TYPES:
            raise Rejected("unknown_contact", f"No contact has the email {email}.",
                           {"email": ["Unknown email."]})
        company = self.domains.get(domain_of(email))
        lead = new_lead(email, data.properties, db.session.get(Company, company.id) if company else None)
        self.emails[email] = Ref(lead.id, lead.company_id, lead.owner_id,
                                 company.owner_id if company else None)
        return self.emails[email]

    def company(self, data: EventIn, contact: Ref | None) -> Ref | None:
        if data.company_id:
            found = self.companies.get(data.company_id)
            if found is None:
                raise Rejected("unknown_company", f"There is no company with id {data.company_id}.",
                               {"company_id": ["Unknown company."]})
            return found
        if data.domain:
            found = self.domains.get(domain_of(data.domain))
            if found is None:
                raise Rejected("unknown_company", f"No company has the domain {data.domain}.",
                               {"domain": ["Unknown domain."]})
            return found
        if contact is None or contact.company_id is None:
            return None
        return Ref(contact.company_id, contact.company_id, contact.company_owner_id, contact.company_owner_id)


class Gate:
    """May this user post about a lead? Its owner decides: the contact's, else its company's."""

    def __init__(self, user: User, integration: bool) -> None:
        self.user, self.integration, self.owners = user, integration, {}

    def allows(self, contact: Ref | None, company: Ref | None) -> bool:
        if self.integration:
            return True
        owner_id = (contact.owner_id if contact else None) or (company.owner_id if company else None)
        if owner_id is not None and owner_id not in self.owners:
            self.owners[owner_id] = db.session.get(User, owner_id)
        return can(self.user, "event", "write", self.owners.get(owner_id))


def intake(user: User, raw_events: list[Any], *, integration: bool) -> tuple[list[Event], list[dict]]:
    """Validate and resolve each posted event; returns (events to ingest, per-event errors)."""
    errors, loaded = [], []
    for index, raw in enumerate(raw_events):
        try:
            loaded.append((index, raw, load_event(raw)))
        except InvalidEvent as invalid:
            errors.append(_error(index, raw, "validation_error", "Some fields are invalid.", invalid.fields))
    resolver, gate, events, now = Resolver([d for _, _, d in loaded]), Gate(user, integration), [], utcnow()
    for index, raw, data in loaded:
        try:
            if data.occurred_at is not None and data.occurred_at > now + FUTURE_SLACK:
                raise Rejected("validation_error", "That event is in the future.",
                               {"occurred_at": ["Must not be in the future."]})
            contact = resolver.contact(data)
            company = resolver.company(data, contact)
            if not gate.allows(contact, company):
                raise Rejected("forbidden", "You may not record events about another team's lead.")
        except Rejected as rejected:
            errors.append(_error(index, raw, rejected.code, rejected.message, rejected.fields))
            continue
        events.append(Event(
            event_id=data.event_id, type=data.type, occurred_at=data.occurred_at or now,
            contact_id=contact.id if contact is not None else None,
            company_id=company.id if company is not None else None,
            properties=data.properties, source=data.source))
    return events, errors
