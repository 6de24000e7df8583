"""Companies: the accounts reps prospect, claim and own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.accounts import User
from server.models.types import JSONType, UTCDateTime, utcnow

SIZE_TIERS = ("small", "mid", "enterprise")
BUYER_STAGES = ("education", "research", "selection")
EMPLOYEE_RANGES = ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000",
                   "5001-10000", "10001+")


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    name: Mapped[str | None] = mapped_column(String(300), index=True)
    industry: Mapped[str | None] = mapped_column(String(64), index=True)
    employee_range: Mapped[str | None] = mapped_column(String(16))
    employees: Mapped[int | None] = mapped_column(Integer)
    size_tier: Mapped[str | None] = mapped_column(String(16), index=True)
    street: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(120))
    phones: Mapped[list[str]] = mapped_column(JSONType, default=list)
    socials: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    owned_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    buyer_stage: Mapped[str | None] = mapped_column(String(16))
    enrichment: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship()
