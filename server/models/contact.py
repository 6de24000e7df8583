"""Contacts: the people at a company that reps call and email."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.accounts import User
from server.models.company import Company
from server.models.types import JSONType, UTCDateTime, utcnow

LIFECYCLE_STAGES = ("subscriber", "lead", "mql", "sql", "opportunity", "customer")
# What calling taught us about `phone`: None = not known yet. A cadence call logged with the
# wrong_number outcome sets "wrong_number"; a rep clears it after fixing the number.
PHONE_STATUSES = ("wrong_number",)
SENIORITIES = ("owner", "founder", "c_level", "partner", "vp", "director", "manager",
               "senior", "entry")


def full_name(first: str | None, last: str | None) -> str:
    """How a person's name reads: whichever parts we know."""
    return " ".join(part for part in (first, last) if part)


class Contact(db.Model):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(String(120))
    last_name: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(300))
    seniority: Mapped[str | None] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    phone_status: Mapped[str | None] = mapped_column(String(16))
    linkedin: Mapped[str | None] = mapped_column(String(500))
    timezone: Mapped[str | None] = mapped_column(String(64))
    lifecycle_stage: Mapped[str] = mapped_column(String(16), default="lead", index=True)
    sql_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    do_not_contact: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    company: Mapped[Company | None] = relationship()
    owner: Mapped[User | None] = relationship()

    @property
    def name(self) -> str:
        return full_name(self.first_name, self.last_name)
