"""Activities: every touch a rep (or a cadence) makes, logged once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.accounts import User
from server.models.types import UTCDateTime, utcnow

ACTIVITY_TYPES = ("call", "voicemail", "email", "connect", "meeting", "demo", "note", "linkedin")
ACTIVITY_SOURCES = ("manual", "extension", "cadence", "import")


class Activity(db.Model):
    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key"),
        Index("ix_activities_user_occurred", "user_id", "occurred_at"),
        Index("ix_activities_company_occurred", "company_id", "occurred_at"),
        # Covers the reports' per-rep, per-period counts (no table lookups): 0005_reports.
        Index("ix_activities_reports", "user_id", "occurred_at", "type", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    notes: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
