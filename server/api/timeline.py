"""Timelines, scores and lead value of contacts and companies."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import current_app

from server.api import resource_blueprint
from server.auth import current_user
from server.errors import fail
from server.models import Activity, Company, Contact
from server.models.engagement import EngagementEvent
from server.models.types import utcnow
from server.schemas.engagement import (
    LeadValueArgs,
    LeadValueReportSchema,
    ScoreSchema,
    TimelineArgs,
    TimelineSchema,
)
from server.services import lead_value
from server.services.lead_scores import company_score, contact_score
from server.services.records import record_or_404
from server.services.timeline import timeline

blp = resource_blueprint("timeline", __name__, url_prefix="",
                         description="Timelines (events and activities), scores and lead value.")


@blp.route("/contacts/<int:contact_id>/timeline", methods=["GET"])
@blp.arguments(TimelineArgs, location="query")
@blp.response(200, TimelineSchema)
def contact_timeline(args, contact_id):
    """What the contact did and what reps did with them, newest first."""
    record_or_404(Contact, contact_id)
    return timeline(current_user(), event_filter=EngagementEvent.contact_id == contact_id,
                    activity_filter=Activity.contact_id == contact_id, limit=args["limit"],
                    cursor=args["cursor"])


@blp.route("/companies/<int:company_id>/timeline", methods=["GET"])
@blp.arguments(TimelineArgs, location="query")
@blp.response(200, TimelineSchema)
def company_timeline(args, company_id):
    """Everything at the account (all its people), newest first."""
    record_or_404(Company, company_id)
    return timeline(current_user(), event_filter=EngagementEvent.company_id == company_id,
                    activity_filter=Activity.company_id == company_id, limit=args["limit"],
                    cursor=args["cursor"])


@blp.route("/contacts/<int:contact_id>/score", methods=["GET"])
@blp.response(200, ScoreSchema)
def get_contact_score(contact_id):
    """Fit and engagement with their reasons, buyer stage and the lead's value."""
    return contact_score(record_or_404(Contact, contact_id), utcnow(), current_app.config)


@blp.route("/companies/<int:company_id>/score", methods=["GET"])
@blp.response(200, ScoreSchema)
def get_company_score(company_id):
    """The account's fit and engagement (all its people), buyer stage and lead value."""
    return company_score(record_or_404(Company, company_id), utcnow(), current_app.config)


@blp.route("/lead-value", methods=["GET"])
@blp.arguments(LeadValueArgs, location="query")
@blp.response(200, LeadValueReportSchema)
def get_lead_value(args):
    """Leads handed to sales per month (UTC) and their value, by size tier and buyer stage."""
    if args["to"] < args["from_"]:
        fail(422, "`to` must not be before `from`.", fields={"to": ["Before from."]})
    start = datetime.combine(args["from_"], time(0), UTC)
    end = datetime.combine(args["to"], time(0), UTC)
    return {"months": lead_value.monthly(start, end)}
