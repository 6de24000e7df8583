"""Deals, with GPCT and BANT qualification kept as structured fields."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.accounts import User
from server.models.company import Company
from server.models.contact import Contact
from server.models.types import UTCDateTime, utcnow

DEAL_STAGES = ("appointment", "qualified", "demo", "proposal", "negotiation", "won", "lost")
OPEN_STAGES = DEAL_STAGES[:5]
QUALIFICATION_FIELDS = ("goals", "plans", "challenges", "timeline",  # GPCT
                        "budget", "authority", "need", "timing")  # BANT


class Deal(db.Model):
    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16), default="appointment", index=True)
    mrr: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
    close_date: Mapped[date | None] = mapped_column(Date)
    confidence: Mapped[int | None]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    goals: Mapped[str | None] = mapped_column(Text)
    plans: Mapped[str | None] = mapped_column(Text)
    challenges: Mapped[str | None] = mapped_column(Text)
    timeline: Mapped[str | None] = mapped_column(Text)
    budget: Mapped[str | None] = mapped_column(Text)
    authority: Mapped[str | None] = mapped_column(Text)
    need: Mapped[str | None] = mapped_column(Text)
    timing: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship()
    contact: Mapped[Contact | None] = relationship()
    owner: Mapped[User | None] = relationship()
