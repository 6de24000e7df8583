"""Engagement: append-only events, per-contact/company score state, visitors and queue state."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import JSONType, UTCDateTime, utcnow

EVENT_TYPES = (
    "website_visit", "content_download", "webinar_attended", "form_submitted", "email_sent",
    "email_open", "email_click", "email_reply", "email_bounce", "demo_request",
    "free_trial_signup", "meeting_booked", "social_mention", "unsubscribe",
)


def _where(condition: str) -> dict[str, Any]:
    """A partial index's condition, on both databases."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


class EngagementEvent(db.Model):
    """One thing a prospect did; ``event_id`` makes re-sending harmless."""

    __tablename__ = "engagement_events"
    # Every index is paid for on each insert: these are the ones a query filters by (timelines,
    # feed, click bursts, visitor attribution). activity_id and visitor_id are NULL for most
    # events, so only the rows that have one are indexed.
    __table_args__ = (
        Index("ix_engagement_events_contact_occurred", "contact_id", "occurred_at"),
        Index("ix_engagement_events_company_occurred", "company_id", "occurred_at"),
        Index("ix_engagement_events_activity_id", "activity_id", **_where("activity_id IS NOT NULL")),
        Index("ix_engagement_events_visitor_id", "visitor_id", **_where("visitor_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    activity_id: Mapped[int | None] = mapped_column()  # the tracked email, if any
    visitor_id: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(32), default="api")
    machine: Mapped[bool] = mapped_column(default=False)  # image proxy / link scanner
    properties: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class ContactScore(db.Model):
    """Engagement kept incrementally: value at ``engagement_at``, decayed at read time."""

    __tablename__ = "contact_scores"
    # No index on company_id or hot_at (the queue reaches rows by contact id); few contacts
    # ever request a demo.
    __table_args__ = (Index("ix_contact_scores_high_priority_at", "high_priority_at",
                            **_where("high_priority_at IS NOT NULL")),)

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    company_id: Mapped[int | None] = mapped_column()
    engagement: Mapped[float] = mapped_column(Float, default=0.0)
    engagement_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    buyer_stage: Mapped[str | None] = mapped_column(String(16))
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hot_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    high_priority_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    high_priority_type: Mapped[str | None] = mapped_column(String(32))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CompanyScore(db.Model):
    """The same state for a whole account (its contacts' events and its own)."""

    __tablename__ = "company_scores"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    engagement: Mapped[float] = mapped_column(Float, default=0.0)
    engagement_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    buyer_stage: Mapped[str | None] = mapped_column(String(16))
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Visitor(db.Model):
    """A first-party visitor id from site.js; ``contact_id`` once we know who it is."""

    __tablename__ = "site_visitors"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    identified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LeadHandoff(db.Model):
    """A lead becoming an SQL: when, at what tier and stage, to whom, and its value."""

    __tablename__ = "lead_handoffs"
    __table_args__ = (Index("ix_lead_handoffs_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    size_tier: Mapped[str | None] = mapped_column(String(16))
    buyer_stage: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(300))
    lead_value: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)


class QueueSnooze(db.Model):
    """A rep put a queue item (and its contact) aside until ``until``."""

    __tablename__ = "queue_snoozes"
    __table_args__ = (Index("ix_queue_snoozes_user_until", "user_id", "until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    item_id: Mapped[str] = mapped_column(String(100))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notification(db.Model):
    """A message for one user's feed that is not an event (SQL assigned, ownership notice)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OwnershipRelease(db.Model):
    """The log of stale-account notices and releases (issue 5: ownership does not rot)."""

    __tablename__ = "ownership_releases"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))  # notice | released
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
