"""One pass of the cadence worker: resume, hand due steps to the outbox or a task, send.

Every step of a pass is idempotent and commits in small batches, so passes may overlap
(the embedded thread and `sidekick worker`) or die at any point and simply run again.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

import cadences as lib
from server.extensions import db
from server.models import (
    Activity,
    EmailSuppression,
    Enrollment,
    OutboundEmail,
)
from server.models.engagement import EngagementEvent
from server.models.types import utcnow
from server.services.cadence_handoff import LOAD, hand_off_due_steps
from server.services.cadence_mailer import (
    Envelope,
    MailSettings,
    SendFailed,
    SmtpSender,
    build_message,
)
from server.services.cadence_outbox import (
    claim,
    confirm_sent,
    recover_stale,
    release,
)
from server.services.cadence_plans import plan_of, zone, zone_for
from server.services.cadence_tracking import tracking_for, unsubscribe_url
from server.services.cadence_transitions import apply_event


@dataclass
class PassReport:
    recovered: int = 0
    resumed: int = 0
    tasks_opened: int = 0
    emails_queued: int = 0
    paused: int = 0
    emails_sent: int = 0
    emails_failed: int = 0
    emails_deferred: int = 0
    stopped_meeting: int = 0


def run_cadence_pass(now: datetime, settings: MailSettings, sender=None) -> PassReport:
    """Do everything that is due at `now`; without a sender, emails wait in the outbox."""
    with keep_loaded_rows():
        report = PassReport(recovered=recover_stale(now), resumed=resume_due(now),
                            stopped_meeting=stop_on_meetings(now))
        hand_off_due_steps(now, settings, report)
        if sender is not None:
            try:
                deliver(now, settings, sender, report)
            finally:
                sender.close()
    return report


@contextmanager
def keep_loaded_rows():
    """Commits inside a pass keep the rows already loaded (contacts, reps, cadences).

    Reloading them one by one after each of a pass's many small commits cost more than the
    work itself; the few values that others may change meanwhile are re-read where they matter
    (`confirm_sent` refreshes the enrollment, claims are conditional updates).
    """
    session = db.session()
    previous, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = previous


def resume_due(now: datetime) -> int:
    """Out-of-office pauses whose return date has come."""
    due = db.session.scalars(select(Enrollment).where(
        Enrollment.status == "paused", Enrollment.resume_at <= now).options(*LOAD)).all()
    for enrollment in due:
        apply_event(enrollment, lib.Resume(), now)
    db.session.commit()
    return len(due)


def stop_on_meetings(now: datetime) -> int:
    """A meeting booked since enrolling, however it was recorded, ends the enrollment.

    Activities (logged by a rep, the extension or an import) and engagement events (a
    calendar integration) are both checked, so no writer has to know about cadences.
    """
    meeting_activity = exists().where(
        Activity.contact_id == Enrollment.contact_id,
        Activity.occurred_at >= Enrollment.enrolled_at,
        or_(Activity.type == "meeting", Activity.outcome == "meeting_booked"),
        Activity.source != "cadence")
    meeting_event = exists().where(
        EngagementEvent.contact_id == Enrollment.contact_id,
        EngagementEvent.type == "meeting_booked",
        EngagementEvent.occurred_at >= Enrollment.enrolled_at)
    booked = db.session.scalars(select(Enrollment).where(
        Enrollment.status.in_(("active", "paused")), or_(meeting_activity, meeting_event))
        .options(*LOAD)).all()
    for enrollment in booked:
        apply_event(enrollment, lib.MeetingBooked(), now)
    db.session.commit()
    return len(booked)


def deliver(now: datetime, settings: MailSettings, sender, report: PassReport,
            limit: int = 2000) -> None:
    """Send queued emails whose time has come, per mailbox spaced and capped.

    Spacing and caps are decided first from the rows and their reps alone; only the emails
    that go out now have their enrollment, contact and cadence loaded.
    """
    ready = _ready_to_send(now, settings, report, limit)
    db.session.commit()  # the deferrals
    if not ready:
        return
    # Held here so the identity map (weakly referencing) keeps them for `row.enrollment`.
    enrollments = db.session.scalars(select(Enrollment).where(
        Enrollment.id.in_({row.enrollment_id for row in ready})).options(*LOAD)).all()
    suppressed = set(db.session.scalars(select(EmailSuppression.email).where(
        EmailSuppression.email.in_({row.to_address.lower() for row in ready}))))
    for row in ready:
        if _may_send(row, suppressed, now, report) and not _send(
                row, settings, sender, now, report):
            break  # the SMTP server is unreachable; the next pass retries
    db.session.commit()
    del enrollments


def _ready_to_send(now: datetime, settings: MailSettings, report: PassReport,
                   limit: int) -> list[OutboundEmail]:
    """Queued rows whose mailbox slot is now; the others get their next slot as `not_before`."""
    rows = db.session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.status == "queued", OutboundEmail.not_before <= now)
        .options(selectinload(OutboundEmail.user))
        .order_by(OutboundEmail.not_before, OutboundEmail.id).limit(limit)).all()
    mailboxes: dict[int, list[OutboundEmail]] = defaultdict(list)
    for row in rows:
        mailboxes[row.user_id].append(row)
    sent_today = _sent_today(mailboxes, now)
    ready = []
    for user_id, queued in mailboxes.items():
        for row, slot in zip(queued, _slots(queued, now, settings, sent_today[user_id])):
            if slot is None or slot > now:
                row.not_before = slot or _next_midnight(row, now)
                report.emails_deferred += 1
            else:
                ready.append(row)
    return ready


def _sent_today(mailboxes: dict[int, list[OutboundEmail]], now: datetime):
    """Send times since local midnight, per rep mailbox: one query for all of them."""
    midnights = {user_id: _midnight(queued[0].user, now) for user_id, queued in mailboxes.items()}
    sent: dict[int, list[datetime]] = defaultdict(list)
    if not midnights:
        return sent
    rows = db.session.execute(select(OutboundEmail.user_id, OutboundEmail.sent_at).where(
        OutboundEmail.user_id.in_(midnights), OutboundEmail.sent_at >= min(midnights.values())))
    for user_id, sent_at in rows:
        if sent_at >= midnights[user_id]:
            sent[user_id].append(sent_at)
    return sent


def _midnight(rep, now: datetime) -> datetime:
    tz = zone(rep.timezone) or zone("UTC")
    return datetime.combine(now.astimezone(tz).date(), time(0), tzinfo=tz)


def _slots(queued: list[OutboundEmail], now: datetime, settings: MailSettings,
           sent_today: list[datetime]):
    tz = zone(queued[0].user.timezone) or zone("UTC")
    return lib.spaced_send_times([row.not_before for row in queued], now=now, tz=tz,
                                 sent_at=sent_today, min_gap=timedelta(seconds=settings.min_gap_s),
                                 daily_cap=settings.daily_cap)


def _next_midnight(row: OutboundEmail, now: datetime) -> datetime:
    tz = zone(row.user.timezone) or zone("UTC")
    return datetime.combine(now.astimezone(tz).date() + timedelta(days=1), time(0), tzinfo=tz)


def _may_send(row: OutboundEmail, suppressed: set[str], now: datetime,
              report: PassReport) -> bool:
    """Still allowed and inside the step's send window in the contact's zone?"""
    enrollment, contact = row.enrollment, row.contact
    if contact.do_not_contact or row.to_address.lower() in suppressed:
        row.status = "canceled"
        apply_event(enrollment, lib.Stop("do_not_contact"), now)
        return False
    plan = plan_of(enrollment.cadence)
    schedule = plan.schedule_for(plan.steps[row.step_index])
    tz = zone_for(enrollment)
    local = now.astimezone(tz)
    if schedule.is_business_day(local.date()) and schedule.start <= local.time() < schedule.end:
        return True
    row.not_before = lib.next_step_due(now, 0, schedule, tz)
    report.emails_deferred += 1
    return False


def _send(row: OutboundEmail, settings: MailSettings, sender, now: datetime,
          report: PassReport) -> bool:
    """Claim, send, confirm; False when SMTP is unreachable (stop this pass)."""
    activity = claim(row, now)
    if activity is None:
        return True
    link = unsubscribe_url(settings.public_url, settings.secret_key, row.contact_id,
                           row.enrollment_id)
    pixel, rewrite = tracking_for(activity, row.contact, keep={link})
    envelope = Envelope(message_id=row.message_id, in_reply_to=row.in_reply_to, rep=row.user,
                        contact_name=row.contact.name, to_address=row.to_address,
                        subject=row.subject, body=row.body, unsubscribe_url=link,
                        pixel_url=pixel, rewrite=rewrite)
    try:
        sender.send(build_message(envelope, settings, now))
    except SendFailed as error:
        release(row, str(error), now, permanent=error.permanent)
        report.emails_failed += 1
        return error.permanent
    confirm_sent(row, now)
    report.emails_sent += 1
    return True


def run_due_cadences(config) -> PassReport:
    """The periodic task: one pass at the current time, over SMTP when a host is configured."""
    settings = MailSettings.from_config(config)
    sender = SmtpSender(settings) if settings.smtp_host else None
    return run_cadence_pass(utcnow(), settings, sender)
