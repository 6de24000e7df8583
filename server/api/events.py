"""Engagement events: batches of up to 1,000, idempotent by ``event_id``."""

from __future__ import annotations

from flask import g

from server.api import resource_blueprint
from server.auth import current_user
from server.schemas.engagement import EventBatchResultSchema, EventBatchSchema
from server.services.event_intake import intake
from server.services.events import ingest

blp = resource_blueprint("events", __name__, url_prefix="/events",
                         description="Engagement events from your site, email and integrations.")


@blp.route("", methods=["POST"])
@blp.arguments(EventBatchSchema)
@blp.response(200, EventBatchResultSchema)
def post_events(batch):
    """Record events; each bad event is reported by index and the valid ones are kept.

    A rep may post events about leads of their team (or unowned ones); an integration token
    (issued by an admin with `sidekick integrations token`) may post about anyone.
    """
    integration = getattr(g, "token", None) is not None and g.token.kind == "integration"
    events, errors = intake(current_user(), batch["events"], integration=integration)
    result = ingest(events)
    return {"created": len(result.created), "duplicates": result.duplicates,
            "rejected": len(errors), "errors": errors}
