"""Enrichment runs: one per enrich request, tracking the background crawl that completes it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.accounts import User
from server.models.company import Company
from server.models.types import JSONType, UTCDateTime, utcnow

# partial: the page's own profile is stored and the crawl is queued or running;
# complete: the crawl's merged profile is applied; failed: the crawl gave up (see error).
RUN_STATUSES = ("partial", "complete", "failed")


class EnrichmentRun(db.Model):
    __tablename__ = "enrichment_runs"
    __table_args__ = (Index("ix_enrichment_runs_company_started", "company_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    url: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(16), default="partial")
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company: Mapped[Company] = relationship()
    requested_by: Mapped[User | None] = relationship()
