"""Logging activities exactly once per idempotency key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import Activity, Company, Contact, Deal, User
from server.models.types import utcnow
from server.services.records import record_or_404


def existing_activity(user: User, key: str) -> Activity | None:
    return db.session.scalar(
        select(Activity).where(Activity.user_id == user.id, Activity.idempotency_key == key))


def log_activity(user: User, data: dict[str, Any], *, commit: bool = True) -> tuple[Activity, bool]:
    """Record an activity; returns ``(activity, created)``.

    The same ``idempotency_key`` from the same user returns the first record and creates
    nothing, even when two requests race (the unique key decides).
    """
    key = data["idempotency_key"]
    found = existing_activity(user, key)
    if found is not None:
        return found, False
    activity = Activity(user_id=user.id, occurred_at=data.pop("occurred_at", None) or utcnow(),
                        **data)
    _link_records(activity)
    try:
        with db.session.begin_nested():
            db.session.add(activity)
    except IntegrityError:
        found = existing_activity(user, key)
        if found is None:
            raise
        return found, False
    if commit:
        db.session.commit()
    return activity, True


def _link_records(activity: Activity) -> None:
    """Check the named records exist and fill in the company from the contact or deal."""
    if activity.deal_id is not None:
        deal = record_or_404(Deal, activity.deal_id, "deal_id")
        activity.company_id = activity.company_id or deal.company_id
    if activity.contact_id is not None:
        contact = record_or_404(Contact, activity.contact_id, "contact_id")
        activity.company_id = activity.company_id or contact.company_id
    if activity.company_id is not None:
        record_or_404(Company, activity.company_id, "company_id")
