"""The outbox: every auto email is a row before it is a message, so it is sent and logged once.

A row moves queued -> sending -> sent. Claiming it (queued -> sending) logs its activity in
the same transaction, then SMTP is called, then `confirm_sent` moves the enrollment on. If
the worker dies in between, the row stays "sending" until its lease ends; `recover_stale`
then treats it as sent (status "sent_unconfirmed"): we cannot ask SMTP whether it took the
message, and a prospect getting an email twice is worse than one email going missing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

import cadences as lib
from server.extensions import db
from server.models import Activity, Enrollment, OutboundEmail
from server.services.activities import log_activity
from server.services.cadence_events import record_engagement
from server.services.cadence_mailer import (
    MailSettings,
    merge_context,
    new_message_id,
    with_unsubscribe_footer,
)
from server.services.cadence_tracking import unsubscribe_url
from server.services.cadence_transitions import apply_event

SEND_LEASE = timedelta(minutes=5)  # far beyond the SMTP timeout: only a dead worker exceeds it
RETRY_BACKOFF = timedelta(minutes=5)
MAX_ATTEMPTS = 5


def send_key(enrollment: Enrollment) -> str:
    return f"enrollment:{enrollment.id}:step:{enrollment.step_index}"


def outbox_state(enrollments: list[Enrollment]) -> dict[int, tuple[OutboundEmail | None, str | None]]:
    """Per enrollment: its current step's outbox row, if any, and the last email it sent.

    One query for a whole batch, instead of one per enrollment in `queue_email`.
    """
    ids = [e.id for e in enrollments]
    rows = db.session.scalars(select(OutboundEmail).where(OutboundEmail.enrollment_id.in_(ids)))
    state: dict[int, tuple[OutboundEmail | None, str | None]] = {i: (None, None) for i in ids}
    current = {e.id: send_key(e) for e in enrollments}
    latest: dict[int, OutboundEmail] = {}
    for row in rows:
        if row.send_key == current[row.enrollment_id]:
            state[row.enrollment_id] = (row, state[row.enrollment_id][1])
        if row.status in ("sent", "sent_unconfirmed") and (
                row.enrollment_id not in latest or row.step_index > latest[row.enrollment_id].step_index):
            latest[row.enrollment_id] = row
    for enrollment_id, row in latest.items():
        state[enrollment_id] = (state[enrollment_id][0], row.message_id)
    return state


def queue_email(enrollment: Enrollment, step: lib.Step, settings: MailSettings, now: datetime,
                known: tuple[OutboundEmail | None, str | None],
                new_rows: list[dict[str, Any]]) -> bool:
    """Render the due email into the outbox; False when a missing merge field paused the run.

    The row's `send_key` (enrollment and step) is unique, so a step is queued once: a new row
    is appended to `new_rows` for the caller's bulk INSERT, a row canceled by an earlier pause
    is queued again with fresh content, any other existing row is left as it is. `known` is
    the enrollment's entry from `outbox_state`. The caller marks the enrollment handed off.
    """
    row, previous = known
    if row is not None and row.status != "canceled":
        return True
    contact = enrollment.contact
    link = unsubscribe_url(settings.public_url, settings.secret_key, contact.id, enrollment.id)
    try:
        context = merge_context(contact, enrollment.user, link)
        subject = lib.render_text(step.subject, context).strip()
        body = with_unsubscribe_footer(lib.render_text(step.body, context), step.body, link)
    except lib.TemplateError as error:
        # No field to blame: the template itself, e.g. one saved before check_bounded's rules.
        reason = f"missing_field:{error.field}" if error.field else "template_error"
        apply_event(enrollment, lib.Pause(reason), now)
        return False
    content = {"to_address": contact.email, "subject": subject, "body": body,
               "in_reply_to": previous, "status": "queued", "not_before": now,
               "claimed_until": None, "error": None}
    if row is None:
        new_rows.append({"send_key": send_key(enrollment), "message_id": new_message_id(settings),
                         "enrollment_id": enrollment.id, "step_index": enrollment.step_index,
                         "user_id": enrollment.user_id, "contact_id": contact.id,
                         "attempts": 0, "created_at": now, **content})
    else:
        for name, value in content.items():
            setattr(row, name, value)
    return True


def claim(row: OutboundEmail, now: datetime) -> Activity | None:
    """Take the row for sending and log its activity, in one commit; None if another won."""
    taken = db.session.execute(
        update(OutboundEmail)
        .where(OutboundEmail.id == row.id, OutboundEmail.status == "queued")
        .values(status="sending", claimed_until=now + SEND_LEASE, sent_at=now,
                attempts=OutboundEmail.attempts + 1)
        .execution_options(synchronize_session="fetch"))
    if taken.rowcount != 1:
        db.session.rollback()
        return None
    activity, _ = log_activity(row.user, {
        "type": "email", "outcome": "sent", "contact_id": row.contact_id, "occurred_at": now,
        "source": "cadence", "notes": row.subject, "idempotency_key": f"cadence-{row.send_key}",
    }, commit=False)
    row.activity_id = activity.id
    db.session.commit()
    return activity


def confirm_sent(row: OutboundEmail, now: datetime, *, status: str = "sent") -> None:
    """SMTP took the message: mark it and move the enrollment past this step."""
    row.status, row.claimed_until = status, None
    enrollment = row.enrollment
    db.session.refresh(enrollment)  # a reply or a stop may have landed while we were sending
    if enrollment.status == "active" and enrollment.step_index == row.step_index:
        apply_event(enrollment, lib.StepCompleted(lib.Outcome.SENT), now)
    record_engagement("email_sent", contact=row.contact, user=row.user, occurred_at=row.sent_at,
                      event_id=f"cadence-sent-{row.send_key}", activity_id=row.activity_id,
                      properties={"message_id": row.message_id, "subject": row.subject})
    db.session.commit()


def release(row: OutboundEmail, error: str, now: datetime, *, permanent: bool) -> None:
    """SMTP refused: un-log the activity; retry later, or give up and stop on a hard bounce."""
    if row.activity_id is not None:
        activity_id, row.activity_id = row.activity_id, None
        db.session.flush()
        db.session.execute(delete(Activity).where(Activity.id == activity_id))
    row.error, row.claimed_until, row.sent_at = error[:2000], None, None
    if permanent or row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        if permanent:
            apply_event(row.enrollment, lib.Bounced(), now)
            record_engagement("email_bounce", contact=row.contact, user=row.user, occurred_at=now,
                              event_id=f"cadence-refused-{row.send_key}",
                              properties={"summary": error[:300]})
        elif row.enrollment.status == "active":
            apply_event(row.enrollment, lib.Pause("send_failed"), now)
    else:
        row.status, row.not_before = "queued", now + RETRY_BACKOFF * row.attempts
    db.session.commit()


def recover_stale(now: datetime) -> int:
    """Rows a dead worker left in "sending": logged already, so finish them without resending."""
    stale = db.session.scalars(select(OutboundEmail).where(
        OutboundEmail.status == "sending", OutboundEmail.claimed_until < now)).all()
    for row in stale:
        confirm_sent(row, now, status="sent_unconfirmed")
    return len(stale)
