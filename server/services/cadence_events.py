"""Engagement facts cadences produce (sent, reply, bounce, unsubscribe), recorded once each.

The engagement issue (5) owns the event store and scoring. Until its ingestion service
exists, these facts are kept as activities on the contact (source "cadence") so that nothing
is lost; `record_engagement` is the single seam to switch over.
TODO(2026-11-27, issue 5): call the event service directly once server/services/events.py lands.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server.models import Contact, User
from server.services.activities import log_activity

# How each fact reads as an activity while there is no event store (type, outcome).
_AS_ACTIVITY = {
    "email_reply": ("email", "replied"),
    "email_bounce": ("email", "bounced"),
    "unsubscribe": ("note", "unsubscribed"),
}


def record_engagement(kind: str, *, contact: Contact, user: User, occurred_at: datetime,
                      event_id: str, properties: dict[str, Any] | None = None,
                      activity_id: int | None = None) -> None:
    """Record `kind` (an engagement event type) about `contact`, once per `event_id`.

    Does not commit: it joins the caller's transaction.
    """
    if kind not in _AS_ACTIVITY:
        return  # e.g. email_sent: the email activity itself already says it
    activity_type, outcome = _AS_ACTIVITY[kind]
    notes = (properties or {}).get("summary")
    log_activity(user, {"type": activity_type, "outcome": outcome, "contact_id": contact.id,
                        "occurred_at": occurred_at, "source": "cadence", "notes": notes,
                        "idempotency_key": event_id[:100]}, commit=False)
