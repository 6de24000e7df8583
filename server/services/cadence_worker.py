"""One pass of the cadence worker: resume, hand due steps to the outbox or a task, send.

Every step of a pass is idempotent and commits in small batches, so passes may overlap
(the embedded thread and `sidekick worker`) or die at any point and simply run again.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

import cadences as lib
from server.extensions import db
from server.models import (
    Activity,
    Cadence,
    CadenceStep,
    Contact,
    EmailSuppression,
    Enrollment,
    OutboundEmail,
)
from server.models.engagement import EngagementEvent
from server.models.types import utcnow
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
    outbox_state,
    queue_email,
    recover_stale,
    release,
)
from server.services.cadence_plans import plan_of, zone, zone_for
from server.services.cadence_tracking import tracking_for, unsubscribe_url
from server.services.cadence_transitions import apply_event, open_task

AUTOMATIC = tuple(name for name, kind in lib.STEP_TYPES.items() if kind.automatic)
# Manual steps become tasks a day ahead, so the morning queue already shows the day's calls.
TASK_LOOKAHEAD = timedelta(hours=24)
BATCH = 500
_LOAD = (selectinload(Enrollment.contact).selectinload(Contact.company),
         selectinload(Enrollment.user),
         selectinload(Enrollment.cadence).selectinload(Cadence.steps))


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
        Enrollment.status == "paused", Enrollment.resume_at <= now).options(*_LOAD)).all()
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
        .options(*_LOAD)).all()
    for enrollment in booked:
        apply_event(enrollment, lib.MeetingBooked(), now)
    db.session.commit()
    return len(booked)


def due_steps(now: datetime, limit: int = BATCH):
    """Enrollments whose waiting step is due: auto emails by now, manual steps a day ahead."""
    return (select(Enrollment.id)
            .join(CadenceStep, and_(CadenceStep.cadence_id == Enrollment.cadence_id,
                                    CadenceStep.position == Enrollment.step_index))
            .where(Enrollment.status == "active", Enrollment.handed_off_at.is_(None),
                   _due_clause(now))
            .order_by(Enrollment.next_due_at, Enrollment.id).limit(limit))


def _due_clause(now: datetime):
    return or_(
        and_(CadenceStep.type.in_(AUTOMATIC), Enrollment.next_due_at <= now),
        and_(CadenceStep.type.not_in(AUTOMATIC), Enrollment.next_due_at <= now + TASK_LOOKAHEAD))


def hand_off_due_steps(now: datetime, settings: MailSettings, report: PassReport) -> None:
    for _ in range(1000):  # bounded: each batch hands off or pauses every enrollment it reads
        ids = db.session.scalars(due_steps(now)).all()
        if not ids:
            return
        batch = db.session.scalars(select(Enrollment).where(Enrollment.id.in_(ids))
                                   .options(*_LOAD).order_by(Enrollment.id)).all()
        outbox = outbox_state(batch)
        with db.session.no_autoflush:  # each enrollment appears once per batch: flush at commit
            for enrollment in batch:
                _hand_off(enrollment, settings, now, report, outbox[enrollment.id])
        db.session.commit()
        if len(ids) < BATCH:
            return


def _hand_off(enrollment: Enrollment, settings: MailSettings, now: datetime,
              report: PassReport, outbox: tuple) -> None:
    step = plan_of(enrollment.cadence).steps[enrollment.step_index]
    if step.kind.automatic:
        if queue_email(enrollment, step, settings, now, known=outbox) is None:
            report.paused += 1
        else:
            report.emails_queued += 1
        return
    open_task(enrollment, enrollment.step_index, "cadence_step", step_type=step.type,
              instructions=step.instructions, due_at=enrollment.next_due_at)
    enrollment.handed_off_at = now
    report.tasks_opened += 1


def deliver(now: datetime, settings: MailSettings, sender, report: PassReport,
            limit: int = 2000) -> None:
    """Send queued emails whose time has come, per mailbox spaced and capped."""
    rows = db.session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.status == "queued", OutboundEmail.not_before <= now)
        .options(selectinload(OutboundEmail.enrollment).options(*_LOAD),
                 selectinload(OutboundEmail.user), selectinload(OutboundEmail.contact))
        .order_by(OutboundEmail.not_before, OutboundEmail.id).limit(limit)).all()
    suppressed = set(db.session.scalars(select(EmailSuppression.email).where(
        EmailSuppression.email.in_({row.to_address.lower() for row in rows}))))
    mailboxes: dict[int, list[OutboundEmail]] = defaultdict(list)
    for row in rows:
        mailboxes[row.user_id].append(row)
    for queued in mailboxes.values():
        for row, slot in zip(queued, _slots(queued, now, settings)):
            if slot is None or slot > now:
                row.not_before = slot or _next_midnight(row, now)
                report.emails_deferred += 1
            elif _may_send(row, suppressed, now, report) and not _send(
                    row, settings, sender, now, report):
                db.session.commit()
                return  # the SMTP server is unreachable; the next pass retries
        db.session.commit()


def _slots(queued: list[OutboundEmail], now: datetime, settings: MailSettings):
    rep = queued[0].user
    tz = zone(rep.timezone) or zone("UTC")
    midnight = datetime.combine(now.astimezone(tz).date(), time(0), tzinfo=tz)
    today = db.session.scalars(select(OutboundEmail.sent_at).where(
        OutboundEmail.user_id == rep.id, OutboundEmail.sent_at >= midnight)).all()
    return lib.spaced_send_times([row.not_before for row in queued], now=now, tz=tz,
                                 sent_at=today, min_gap=timedelta(seconds=settings.min_gap_s),
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
