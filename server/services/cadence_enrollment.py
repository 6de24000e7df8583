"""Enrolling contacts in a cadence, refusing (with a reason each) those we must not touch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

import cadences as lib
from server.errors import fail
from server.extensions import db
from server.models import Cadence, Contact, EmailSuppression, Enrollment, User
from server.models.cadence import OPEN_STATUSES
from server.models.engagement import ContactScore
from server.services.cadence_plans import plan_of, zone, zone_for
from server.services.cadence_transitions import apply_event

REFUSALS = {
    "not_found": "There is no contact with this id.",
    "already_enrolled": "The contact is already active in a cadence.",
    "do_not_contact": "The contact is marked do-not-contact.",
    "unsubscribed": "The contact unsubscribed from our emails.",
    "email_bounced": "Emails to this contact bounce; fix the address first.",
    "no_email": "This cadence sends emails and the contact has no email address.",
    "owned_by_other_rep": "The contact (or their company) is owned by another rep.",
}


@dataclass(frozen=True)
class Refusal:
    contact_id: int
    reason: str

    @property
    def message(self) -> str:
        return REFUSALS[self.reason]


def enroll_contacts(cadence: Cadence, contact_ids: list[int], user: User,
                    now: datetime) -> tuple[list[Enrollment], list[Refusal]]:
    """Enroll each contact that may be enrolled, worked by `user`; commit once for the batch.

    The check for an open enrollment reads before it writes, so two simultaneous requests
    could both pass it; the unique index on open enrollments refuses the later commit, and
    the batch is checked again: the contact the other request took is refused this time.
    """
    if cadence.archived_at is not None:
        fail(409, "This cadence is archived.", code="cadence_archived")
    ids = list(dict.fromkeys(contact_ids))
    for _ in range(3):  # each retry follows a commit that another request won
        try:
            enrolled, refused = _enroll_batch(cadence, ids, user, now)
            db.session.commit()
            return enrolled, refused
        except IntegrityError:
            db.session.rollback()
    fail(409, "These contacts are being enrolled by another request; try again.",
         code="enrollment_conflict")


def open_enrollment_contacts(ids: list[int]) -> set[int]:
    """Which of these contacts are active or paused in a cadence right now."""
    return set(db.session.scalars(select(Enrollment.contact_id).where(
        Enrollment.contact_id.in_(ids), Enrollment.status.in_(OPEN_STATUSES))))


def _enroll_batch(cadence: Cadence, ids: list[int], user: User,
                  now: datetime) -> tuple[list[Enrollment], list[Refusal]]:
    contacts = {c.id: c for c in db.session.scalars(
        select(Contact).where(Contact.id.in_(ids)).options(selectinload(Contact.company)))}
    busy = open_enrollment_contacts(ids)
    emails = [c.email.lower() for c in contacts.values() if c.email]
    suppressed = dict(db.session.execute(select(EmailSuppression.email, EmailSuppression.reason)
                                         .where(EmailSuppression.email.in_(emails))).all())
    # Unsubscribes recorded as engagement events (e.g. from the marketing site) count too.
    unsubscribed = set(db.session.scalars(select(ContactScore.contact_id).where(
        ContactScore.contact_id.in_(ids), ContactScore.unsubscribed_at.is_not(None))))
    plan = plan_of(cadence)
    sends_email = any(step.kind.automatic for step in plan.steps)
    enrolled: list[Enrollment] = []
    refused: list[Refusal] = []
    for contact_id in ids:
        contact = contacts.get(contact_id)
        reason = "unsubscribed" if contact_id in unsubscribed else _refusal(
            contact, user, busy, suppressed, sends_email)
        if reason:
            refused.append(Refusal(contact_id, reason))
            continue
        enrolled.append(_enroll(cadence, plan, contact, user, now))
        busy.add(contact_id)
    return enrolled, refused


def _refusal(contact: Contact | None, user: User, busy: set[int], suppressed: dict[str, str],
             sends_email: bool) -> str | None:
    if contact is None:
        return "not_found"
    if contact.id in busy:
        return "already_enrolled"
    if contact.do_not_contact:
        return "do_not_contact"
    email = (contact.email or "").lower()
    if suppressed.get(email) == "unsubscribe":
        return "unsubscribed"
    if sends_email and suppressed.get(email) == "bounce":
        return "email_bounced"
    if sends_email and not email:
        return "no_email"
    owner_id = contact.owner_id or (contact.company.owner_id if contact.company else None)
    if owner_id is not None and owner_id != user.id:
        return "owned_by_other_rep"
    return None


def _enroll(cadence: Cadence, plan: lib.Cadence, contact: Contact, user: User,
            now: datetime) -> Enrollment:
    tz = zone(contact.timezone) or zone(user.timezone) or zone("UTC")
    state = lib.enroll(plan, enrolled_at=now, tz=tz)
    enrollment = Enrollment(cadence=cadence, contact=contact, user=user, status=state.status.value,
                            step_index=state.step_index, next_due_at=state.next_due_at,
                            enrolled_at=now, updated_at=now)
    db.session.add(enrollment)
    return enrollment


COMMANDS = {"pause": lambda: lib.Pause("manual"), "resume": lib.Resume,
            "stop": lambda: lib.Stop("manual")}


def run_command(enrollment: Enrollment, command: str, now: datetime) -> Enrollment:
    """Pause, resume or stop at a rep's request; 409 when the status does not allow it."""
    try:
        apply_event(enrollment, COMMANDS[command](), now)
    except lib.TransitionError as error:
        db.session.rollback()
        fail(409, f"Cannot {command} this enrollment: {error.message}.", code="invalid_transition",
             extra={"status": error.status})
    db.session.commit()
    return enrollment


def next_step(enrollment: Enrollment) -> dict | None:
    """What comes next for the API: the waiting step's index, type and due time."""
    if enrollment.status not in ("active", "paused"):
        return None
    plan = plan_of(enrollment.cadence)
    if enrollment.step_index >= len(plan.steps):
        return None
    step = plan.steps[enrollment.step_index]
    return {"index": enrollment.step_index, "type": step.type, "due_at": enrollment.next_due_at,
            "automatic": step.kind.automatic, "instructions": step.instructions,
            "subject": step.subject, "time_zone": zone_for(enrollment).key}

