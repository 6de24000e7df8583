"""Apply a cadence event to an enrollment row and carry out the effects the library asks for.

Nothing here commits: the caller's transaction holds the activity, the new state and the
effects together, so a step is never logged without moving on (or the other way round).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

import cadences as lib
from server.extensions import db
from server.models import CadenceTask, Contact, EmailSuppression, Enrollment, OutboundEmail
from server.services.cadence_plans import plan_of, state_of, store_state, zone_for

FOLLOW_UP_NOTES = ("You had a conversation: agree the next step with them, then resume or stop "
                   "the cadence.")


def apply_event(enrollment: Enrollment, event: lib.Event, now: datetime) -> lib.Transition:
    """Move the enrollment on by `event` and apply the transition's effects.

    :raises cadences.TransitionError: when the event is not allowed in the current status.
    """
    previous_step = enrollment.step_index
    transition = lib.apply_event(state_of(enrollment), event, cadence=plan_of(enrollment.cadence),
                                 now=now, tz=zone_for(enrollment))
    if store_state(enrollment, transition.enrollment, now):
        cancel_pending_work(enrollment)
    if transition.flag_contact:
        flag_contact(enrollment.contact, transition.flag_contact, now)
    if transition.create_follow_up:
        open_task(enrollment, previous_step, "follow_up", step_type="task",
                  instructions=FOLLOW_UP_NOTES, due_at=now)
    return transition


def cancel_pending_work(enrollment: Enrollment) -> None:
    """The waiting step changed: drop its open task and its email not yet handed to SMTP.

    "fetch" syncs loaded rows by the ids the UPDATE matched; the default "evaluate" would test
    every row of the class in the session, which in a worker pass is thousands, per event.
    """
    db.session.execute(
        update(CadenceTask)
        .where(CadenceTask.enrollment_id == enrollment.id, CadenceTask.status == "open",
               CadenceTask.kind == "cadence_step")
        .values(status="canceled").execution_options(synchronize_session="fetch"))
    db.session.execute(
        update(OutboundEmail)
        .where(OutboundEmail.enrollment_id == enrollment.id, OutboundEmail.status == "queued")
        .values(status="canceled").execution_options(synchronize_session="fetch"))


def flag_contact(contact: Contact, flag: str, now: datetime) -> None:
    """Remember what a step taught us about the contact.

    "unsubscribed" also sets do_not_contact; an address that bounced or unsubscribed is
    suppressed for every future cadence; "wrong_number" marks the phone, so the queue and
    the sidebar can say so until a rep fixes the number and clears the status.
    """
    if flag == "unsubscribed":
        contact.do_not_contact = True
        suppress(contact, "unsubscribe", now)
    elif flag == "email_bounced":
        suppress(contact, "bounce", now)
    elif flag == "wrong_number":
        contact.phone_status = "wrong_number"


def suppress(contact: Contact, reason: str, now: datetime) -> None:
    if not contact.email:
        return
    email = contact.email.lower()
    found = db.session.scalar(select(EmailSuppression).where(EmailSuppression.email == email))
    if found is None:
        db.session.add(EmailSuppression(email=email, reason=reason, contact_id=contact.id,
                                        created_at=now))
    elif reason == "unsubscribe":
        found.reason = reason  # an explicit opt-out outranks a bounce


def open_task(enrollment: Enrollment, step_index: int, kind: str, *, step_type: str,
              instructions: str, due_at: datetime) -> CadenceTask:
    """The task for this step (created once; a task canceled by a pause opens again)."""
    task = db.session.scalar(select(CadenceTask).where(
        CadenceTask.enrollment_id == enrollment.id, CadenceTask.step_index == step_index,
        CadenceTask.kind == kind))
    if task is None:
        task = CadenceTask(enrollment_id=enrollment.id, step_index=step_index, kind=kind,
                           user_id=enrollment.user_id, contact_id=enrollment.contact_id,
                           step_type=step_type, instructions=instructions, created_at=due_at)
        db.session.add(task)
    elif task.status != "canceled":
        return task
    task.status, task.due_at = "open", due_at
    return task


def open_enrollments(*conditions) -> list[Enrollment]:
    return list(db.session.scalars(
        select(Enrollment).where(Enrollment.status.in_(("active", "paused")), *conditions)
        .order_by(Enrollment.id)))


def apply_to_contact(contact_id: int, event: lib.Event, now: datetime) -> list[Enrollment]:
    """Apply an outside fact (reply, bounce, unsubscribe, meeting) to all of a contact's runs."""
    moved = open_enrollments(Enrollment.contact_id == contact_id)
    for enrollment in moved:
        apply_event(enrollment, event, now)
    return moved


def stop_company_on_reply(company_id: int | None, now: datetime) -> list[Enrollment]:
    """A reply from anyone at the company stops the enrollments whose cadence asks for it."""
    if company_id is None:
        return []
    colleagues = select(Contact.id).where(Contact.company_id == company_id)
    stopped = [e for e in open_enrollments(Enrollment.contact_id.in_(colleagues))
               if e.cadence.stop_on_company_reply]
    for enrollment in stopped:
        apply_event(enrollment, lib.Replied(), now)
    return stopped
