"""The extension's sidebar: everything about the company of one URL, in one response."""

from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import Schema, fields
from sqlalchemy import select

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import visible
from server.extensions import db
from server.models import Activity, Company, Contact, Enrollment, User
from server.models.cadence import OPEN_STATUSES
from server.models.engagement import EngagementEvent
from server.models.types import utcnow
from server.schemas.common import StrictSchema, Text, UserRefSchema
from server.schemas.companies import CompanySchema
from server.schemas.engagement import ScoreSchema, TimelineEntrySchema
from server.schemas.enrichment import CrmSummarySchema, KnownContactSchema
from server.services.companies import company_with_domain, domain_or_422
from server.services.crm_summary import crm_summary
from server.services.enrichment_store import latest_run, name_key, split_name
from server.services.lead_scores import company_score
from server.services.timeline import timeline

blp = resource_blueprint("sidebar", __name__, url_prefix="/sidebar",
                         description="What the browser extension shows beside a prospect's site.")

DECISION_MAKERS = ("owner", "founder", "c_level", "partner", "vp", "director")
MAX_ENROLLMENTS = 20
TIMELINE_ENTRIES = 10


class SidebarArgs(StrictSchema):
    url = Text(max_length=2000, required=True, metadata={"description": "The page the rep is on."})


class SidebarCrmSchema(CrmSummarySchema):
    class Meta:
        exclude = ("contacts",)


class PersonSchema(KnownContactSchema):
    contact_id = fields.Integer(allow_none=True, metadata={
        "description": "The contact this person is in the CRM; null for people seen only on the site."})
    source_url = fields.String(allow_none=True)


class EnrichmentStatusSchema(Schema):
    run_id = fields.Integer()
    status = fields.String(metadata={"description": "partial (crawl running), complete or failed."})
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)


class EngagementSchema(ScoreSchema):
    timeline = fields.List(fields.Nested(TimelineEntrySchema), metadata={
        "description": "The latest events and activities at the account, newest first."})


class SidebarSchema(Schema):
    url = fields.String()
    domain = fields.String()
    me = fields.Nested(UserRefSchema)
    company = fields.Nested(CompanySchema, allow_none=True, metadata={
        "description": "null when the domain is not in the CRM (post the page to /enrich)."})
    crm = fields.Nested(SidebarCrmSchema, allow_none=True)
    people = fields.List(fields.Nested(PersonSchema))
    enrichment = fields.Nested(EnrichmentStatusSchema, allow_none=True)
    engagement = fields.Nested(EngagementSchema, allow_none=True)
    cadence = fields.Dict(allow_none=True, metadata={
        "description": "{enrollments: [{id, status, contact, cadence, rep, next_step}]} of the "
                       "company's contacts; null when the company is not in the CRM."})


@blp.route("")
@blp.arguments(SidebarArgs, location="query")
@blp.response(200, SidebarSchema)
def sidebar(args):
    """Company, CRM status, people, enrichment state, engagement and cadence for a URL's domain."""
    user = current_user()
    domain = domain_or_422(args["url"], "url")
    company = company_with_domain(domain)
    view: dict[str, Any] = {"url": args["url"], "domain": domain, "me": user, "company": company,
                            "crm": None, "people": [], "enrichment": None,
                            "engagement": None, "cadence": None}
    if company is None:
        return view
    crm = crm_summary(company, user)
    run = latest_run(company.id)
    view.update(crm=crm, people=people_of(company, crm["contacts"]),
                enrichment=run, engagement=engagement_of(company, user),
                cadence=cadence_of(company, user))
    return view


def people_of(company: Company, contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The company's contacts, then people the site names who are not contacts (yet)."""
    people = [{**contact, "contact_id": contact["id"]} for contact in contacts]
    known = {name_key(*split_name(contact["name"] or "")) for contact in contacts}
    for person in (company.enrichment or {}).get("people") or []:
        name = (person.get("name") or "").strip()
        if not name or name_key(*split_name(name)) in known:
            continue
        known.add(name_key(*split_name(name)))
        people.append({**{key: person.get(key) for key in (
            "title", "seniority", "department", "email", "phone", "linkedin", "source_url")},
            "name": name, "contact_id": None,
            "is_decision_maker": bool(person.get("is_decision_maker"))
            or person.get("seniority") in DECISION_MAKERS})
    return people


def engagement_of(company: Company, user: User) -> dict[str, Any]:
    """Fit and engagement scores with their reasons, and the latest timeline entries."""
    score = company_score(company, utcnow(), current_app.config)
    recent = timeline(user, event_filter=EngagementEvent.company_id == company.id,
                      activity_filter=Activity.company_id == company.id,
                      limit=TIMELINE_ENTRIES, cursor=None)["items"]
    return {**score, "timeline": recent}


def cadence_of(company: Company, user: User) -> dict[str, Any]:
    """Open enrollments (active or paused) of the company's contacts that the user may see."""
    enrollments = db.session.scalars(
        select(Enrollment).join(Contact, Contact.id == Enrollment.contact_id)
        .where(Contact.company_id == company.id, Enrollment.status.in_(OPEN_STATUSES),
               visible(user, "enrollment", Enrollment.user_id))
        .order_by(Enrollment.next_due_at, Enrollment.id).limit(MAX_ENROLLMENTS))
    return {"enrollments": [{
        "id": e.id, "status": e.status,
        "contact": {"id": e.contact.id, "name": e.contact.name},
        "cadence": {"id": e.cadence.id, "name": e.cadence.name},
        "rep": {"id": e.user.id, "name": e.user.name},
        "next_step": _next_step(e)} for e in enrollments]}


def _next_step(enrollment: Enrollment) -> dict[str, Any] | None:
    steps = enrollment.cadence.steps
    if enrollment.step_index >= len(steps):
        return None
    return {"type": steps[enrollment.step_index].type, "due_at": enrollment.next_due_at,
            "number": enrollment.step_index + 1, "of": len(steps)}
