"""Cadences as rows: definitions, enrollments, rep tasks, the email outbox and inbound mail.

The rules live in the pure `cadences` library; these tables only store its state. Unique keys
make the worker's writes idempotent: one outbox row per (enrollment, step), one task per
(enrollment, step, kind), one inbound row per received message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.accounts import Team, User
from server.models.contact import Contact
from server.models.types import JSONType, UTCDateTime, utcnow

OPEN_STATUSES = ("active", "paused")
OPEN_WHERE = text("status IN ('active', 'paused')")
TASK_KINDS = ("cadence_step", "follow_up")
TASK_STATUSES = ("open", "done", "canceled")
# queued -> sending (claimed, activity logged) -> sent | sent_unconfirmed; or canceled / failed
OUTBOX_STATUSES = ("queued", "sending", "sent", "sent_unconfirmed", "canceled", "failed")
INBOUND_KINDS = ("reply", "bounce", "out_of_office", "unsubscribe", "delayed", "unmatched")
SUPPRESSION_REASONS = ("unsubscribe", "bounce")


class Cadence(db.Model):
    __tablename__ = "cadences"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # {"weekdays": [1..7], "start": "HH:MM", "end": "HH:MM", "holidays": "US" | None}
    schedule: Mapped[dict[str, Any]] = mapped_column(JSONType)
    stop_on_company_reply: Mapped[bool] = mapped_column(default=True)
    pause_on_out_of_office: Mapped[bool] = mapped_column(default=True)
    out_of_office_delay_days: Mapped[int] = mapped_column(Integer, default=5)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    team: Mapped[Team | None] = relationship()
    steps: Mapped[list[CadenceStep]] = relationship(
        order_by="CadenceStep.position", cascade="all, delete-orphan", back_populates="cadence")


class CadenceStep(db.Model):
    __tablename__ = "cadence_steps"
    __table_args__ = (UniqueConstraint("cadence_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cadence_id: Mapped[int] = mapped_column(ForeignKey("cadences.id"))
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    delay_days: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[str | None] = mapped_column(String(5))  # "HH:MM", local to the contact
    window_end: Mapped[str | None] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    instructions: Mapped[str] = mapped_column(Text, default="")

    cadence: Mapped[Cadence] = relationship(back_populates="steps")


class Enrollment(db.Model):
    """One contact in one cadence, worked by one rep (`user_id`)."""

    __tablename__ = "enrollments"
    __table_args__ = (
        Index("ix_enrollments_status_due", "status", "next_due_at"),
        Index("ix_enrollments_status_resume", "status", "resume_at"),
        # A contact is in at most one open cadence: two concurrent enroll requests cannot
        # both pass the service's check, the database refuses the second.
        Index("uq_enrollments_open_contact", "contact_id", unique=True,
              sqlite_where=OPEN_WHERE, postgresql_where=OPEN_WHERE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cadence_id: Mapped[int] = mapped_column(ForeignKey("cadences.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default="active")
    reason: Mapped[str | None] = mapped_column(String(64))
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resume_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the due step became an outbox row or a task, so the worker hands it off once.
    handed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    cadence: Mapped[Cadence] = relationship()
    contact: Mapped[Contact] = relationship()
    user: Mapped[User] = relationship()


class CadenceTask(db.Model):
    """A manual step (or a follow-up after a live conversation) waiting in a rep's queue."""

    __tablename__ = "cadence_tasks"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "step_index", "kind"),
        Index("ix_cadence_tasks_user_status_due", "user_id", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"))
    step_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="cadence_step")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    step_type: Mapped[str] = mapped_column(String(16))
    instructions: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(32))
    completion_key: Mapped[str | None] = mapped_column(String(100))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enrollment: Mapped[Enrollment] = relationship()
    contact: Mapped[Contact] = relationship()
    user: Mapped[User] = relationship()


class OutboundEmail(db.Model):
    """The outbox: one row per auto-email step; `send_key` makes a step's email unique."""

    __tablename__ = "outbound_emails"
    __table_args__ = (
        Index("ix_outbound_emails_status_not_before", "status", "not_before"),
        Index("ix_outbound_emails_user_sent", "user_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    send_key: Mapped[str] = mapped_column(String(64), unique=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    step_index: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enrollment: Mapped[Enrollment] = relationship()
    contact: Mapped[Contact] = relationship()
    user: Mapped[User] = relationship()


class InboundMessage(db.Model):
    """A received message (reply, bounce, auto-reply), kept once per Message-ID."""

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    message_id: Mapped[str | None] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    from_address: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    outbound_email_id: Mapped[int | None] = mapped_column(ForeignKey("outbound_emails.id"),
                                                          index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmailSuppression(db.Model):
    """Addresses we must not email again: they unsubscribed or hard-bounced."""

    __tablename__ = "email_suppressions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    reason: Mapped[str] = mapped_column(String(16))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
