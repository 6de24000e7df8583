"""The daily call queue: ``GET /queue`` and ``POST /queue/<item>/snooze``."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, current_app

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize
from server.errors import fail
from server.extensions import db
from server.models import User
from server.models.types import utcnow
from server.schemas.engagement import QueueArgs, QueueSchema, SnoozeResultSchema, SnoozeSchema
from server.services.queue import build_queue, queue_context, snooze

blp = resource_blueprint("queue", __name__, url_prefix="/queue",
                         description="Today's prioritized calls: SLAs, requests, cadence steps, hot leads.")


@blp.route("", methods=["GET"])
@blp.arguments(QueueArgs, location="query")
@blp.response(200, QueueSchema)
def get_queue(args):
    """Your queue for a day (default today in your time zone); managers may pass a rep_id."""
    user = current_user()
    rep = user
    if args["rep_id"] is not None and args["rep_id"] != user.id:
        rep = db.session.get(User, args["rep_id"])
        if rep is None:
            fail(404, f"There is no user with id {args['rep_id']}.")
    authorize(user, "queue", "read", rep)
    ctx = queue_context(rep, args["date"], current_app.config)
    return as_json({"date": ctx.day, "rep_id": rep.id, "items": build_queue(ctx)})


def as_json(queue: dict[str, Any]) -> Response:
    """The queue exactly as ``QueueSchema`` dumps it, without the dump.

    ``build_queue`` builds each item with the schema's fields and JSON types already (dates
    aside), and dumping a day's 100-200 nested items through marshmallow took 10-15 ms a
    request, about as long as building them. The schema still documents the response; a test
    checks that this output and the schema's dump stay the same.
    """
    body = json.dumps(queue, default=_isoformat, sort_keys=True, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")


def _isoformat(value: Any) -> str:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a queue")


@blp.route("/<string:item_id>/snooze", methods=["POST"])
@blp.arguments(SnoozeSchema)
@blp.response(200, SnoozeResultSchema)
def snooze_item(data, item_id):
    """Put an item of today's queue aside (until your next morning unless you say when)."""
    user = current_user()
    ctx = queue_context(user, None, current_app.config)
    item = next((i for i in build_queue(ctx) if i["id"] == item_id), None)
    if item is None:
        fail(404, "That item is not in your queue today.")
    until = data["until"]
    if until is None:
        zone = ZoneInfo(user.timezone or "UTC")
        until = datetime.combine(ctx.day + timedelta(days=1), time(0), zone).astimezone(ZoneInfo("UTC"))
    if until <= utcnow():
        fail(422, "Snooze until a time in the future.", fields={"until": ["Must be in the future."]})
    record = snooze(user, item_id, item["contact"]["id"], until)
    return {"item_id": record.item_id, "until": record.until}
