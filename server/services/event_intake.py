"""Turning a posted batch into resolved events, with an error per event that cannot be taken."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select

from server.auth.policy import can
from server.extensions import db
from server.models import Company, Contact, User
from server.models.types import utcnow
from server.schemas.engagement import EventInSchema
from server.services.domains import registered_domain
from server.services.events import Event, companies_by_domain, contacts_by_email, new_lead

# An unknown email on these events is an inbound lead: we create the contact.
CAPTURE_TYPES = {"form_submitted", "content_download", "webinar_attended", "demo_request",
                 "free_trial_signup", "meeting_booked"}


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


class Resolver:
    """Looks up every contact and company a batch names in a few queries."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        ids = {d["contact_id"] for d in items if d.get("contact_id")}
        self.contacts = {c.id: c for c in db.session.scalars(
            select(Contact).where(Contact.id.in_(ids)))} if ids else {}
        self.emails = contacts_by_email({d["email"].lower() for d in items if d.get("email")})
        company_ids = {d["company_id"] for d in items if d.get("company_id")}
        self.companies = {c.id: c for c in db.session.scalars(
            select(Company).where(Company.id.in_(company_ids)))} if company_ids else {}
        self.domains = companies_by_domain({domain_of(d[key]) for d in items
                                            for key in ("domain", "email") if d.get(key)})

    def contact(self, data: dict[str, Any]) -> Contact | None:
        if data.get("contact_id"):
            found = self.contacts.get(data["contact_id"])
            if found is None:
                raise Rejected("unknown_contact", f"There is no contact with id {data['contact_id']}.",
                               {"contact_id": ["Unknown contact."]})
            return found
        if not data.get("email"):
            return None
        email = data["email"].lower()
        if email in self.emails:
            return self.emails[email]
        if data["type"] not in CAPTURE_TYPES:
            raise Rejected("unknown_contact", f"No contact has the email {email}.",
                           {"email": ["Unknown email."]})
        company = self.domains.get(domain_of(email))
        self.emails[email] = new_lead(email, data["properties"], company)
        return self.emails[email]

    def company(self, data: dict[str, Any], contact: Contact | None) -> Company | None:
        if data.get("company_id"):
            found = self.companies.get(data["company_id"])
            if found is None:
                raise Rejected("unknown_company", f"There is no company with id {data['company_id']}.",
                               {"company_id": ["Unknown company."]})
            return found
        if data.get("domain"):
            found = self.domains.get(domain_of(data["domain"]))
            if found is None:
                raise Rejected("unknown_company", f"No company has the domain {data['domain']}.",
                               {"domain": ["Unknown domain."]})
            return found
        return contact.company if contact is not None else None


def intake(user: User, raw_events: list[Any], *, integration: bool) -> tuple[list[Event], list[dict]]:
    """Validate and resolve each posted event; returns (events to ingest, per-event errors)."""
    schema, errors, loaded = EventInSchema(), [], []
    for index, raw in enumerate(raw_events):
        try:
            loaded.append((index, raw, schema.load(raw)))
        except ValidationError as error:
            messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
            errors.append(_error(index, raw, "validation_error", "Some fields are invalid.", messages))
    resolver, events, now = Resolver([data for _, _, data in loaded]), [], utcnow()
    for index, raw, data in loaded:
        try:
            contact = resolver.contact(data)
            company = resolver.company(data, contact)
            owner = (contact.owner if contact is not None and contact.owner_id else
                     company.owner if company is not None else None)
            if not integration and not can(user, "event", "write", owner):
                raise Rejected("forbidden", "You may not record events about another team's lead.")
        except Rejected as rejected:
            errors.append(_error(index, raw, rejected.code, rejected.message, rejected.fields))
            continue
        events.append(Event(
            event_id=data["event_id"], type=data["type"], occurred_at=data["occurred_at"] or now,
            contact_id=contact.id if contact is not None else None,
            company_id=company.id if company is not None else None,
            properties=data["properties"], source=data["source"]))
    return events, errors
