"""Handing due cadence steps over: auto emails into the outbox, manual steps into rep tasks.

A batch of due enrollments is read in a handful of queries and written in three statements
(one multi-row INSERT for new outbox rows, one for new tasks, one UPDATE of `handed_off_at`)
and one commit, so a batch is handed off whole or not at all. The unique keys still decide
when two workers race: the loser's INSERT fails, its batch rolls back, and the winner's rows
stand — each step is queued (and later sent and logged) once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

import cadences as lib
from server.extensions import db
from server.models import Cadence, CadenceStep, CadenceTask, Contact, Enrollment, OutboundEmail
from server.services.cadence_mailer import MailSettings
from server.services.cadence_outbox import outbox_state, queue_email
from server.services.cadence_plans import plan_of

AUTOMATIC = tuple(name for name, kind in lib.STEP_TYPES.items() if kind.automatic)
# Manual steps become tasks a day ahead, so the morning queue already shows the day's calls.
TASK_LOOKAHEAD = timedelta(hours=24)
BATCH = 500
LOAD = (selectinload(Enrollment.contact).selectinload(Contact.company),
        selectinload(Enrollment.user),
        selectinload(Enrollment.cadence).selectinload(Cadence.steps))


@dataclass
class HandOffBatch:
    """What one batch writes: new rows to insert in bulk and the enrollments handed off."""

    emails: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    handed_off: list[Enrollment] = field(default_factory=list)
    emails_queued: int = 0
    tasks_opened: int = 0
    paused: int = 0

    def write(self, now: datetime) -> None:
        if self.emails:
            db.session.execute(insert(OutboundEmail), self.emails)
        if self.tasks:
            db.session.execute(insert(CadenceTask), self.tasks)
        if self.handed_off:
            db.session.execute(
                update(Enrollment).where(Enrollment.id.in_([e.id for e in self.handed_off]))
                .values(handed_off_at=now).execution_options(synchronize_session=False))
            for enrollment in self.handed_off:  # the rows stay loaded across the pass's commits
                set_committed_value(enrollment, "handed_off_at", now)

    def count_into(self, report) -> None:
        report.emails_queued += self.emails_queued
        report.tasks_opened += self.tasks_opened
        report.paused += self.paused


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


def hand_off_due_steps(now: datetime, settings: MailSettings, report) -> None:
    """Queue every due auto email and open every due manual step's task, a batch at a time."""
    for _ in range(1000):  # bounded: each batch hands off or pauses every enrollment it reads
        ids = db.session.scalars(due_steps(now)).all()
        if not ids:
            return
        enrollments = db.session.scalars(select(Enrollment).where(Enrollment.id.in_(ids))
                                         .options(*LOAD).order_by(Enrollment.id)).all()
        batch = HandOffBatch()
        outbox, tasks = outbox_state(enrollments), _step_tasks(enrollments)
        with db.session.no_autoflush:  # each enrollment appears once per batch: flush at commit
            for enrollment in enrollments:
                _hand_off(enrollment, settings, now, batch, outbox[enrollment.id],
                          tasks.get((enrollment.id, enrollment.step_index)))
        try:
            batch.write(now)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # another worker handed these steps off first
            return
        batch.count_into(report)
        if len(ids) < BATCH:
            return


def _step_tasks(enrollments: list[Enrollment]) -> dict[tuple[int, int], CadenceTask]:
    """The enrollments' existing step tasks, by (enrollment, step): one query per batch."""
    rows = db.session.scalars(select(CadenceTask).where(
        CadenceTask.enrollment_id.in_([e.id for e in enrollments]),
        CadenceTask.kind == "cadence_step"))
    return {(task.enrollment_id, task.step_index): task for task in rows}


def _hand_off(enrollment: Enrollment, settings: MailSettings, now: datetime,
              batch: HandOffBatch, outbox: tuple, task: CadenceTask | None) -> None:
    step = plan_of(enrollment.cadence).steps[enrollment.step_index]
    if step.kind.automatic:
        if not queue_email(enrollment, step, settings, now, known=outbox, new_rows=batch.emails):
            batch.paused += 1
            return
        batch.emails_queued += 1
    else:
        _open_step_task(enrollment, step, task, batch)
        batch.tasks_opened += 1
    batch.handed_off.append(enrollment)


def _open_step_task(enrollment: Enrollment, step: lib.Step, task: CadenceTask | None,
                    batch: HandOffBatch) -> None:
    """The step's task, created once; one canceled by an earlier pause opens again."""
    if task is None:
        batch.tasks.append({
            "enrollment_id": enrollment.id, "step_index": enrollment.step_index,
            "kind": "cadence_step", "user_id": enrollment.user_id,
            "contact_id": enrollment.contact_id, "step_type": step.type,
            "instructions": step.instructions, "status": "open",
            "due_at": enrollment.next_due_at, "created_at": enrollment.next_due_at})
    elif task.status == "canceled":
        task.status, task.due_at = "open", enrollment.next_due_at
