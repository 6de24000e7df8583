"""Rep tasks from cadences: the due ones for a day, and completing one in a single transaction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select, update
from sqlalchemy.orm import selectinload

import cadences as lib
from server.errors import fail
from server.extensions import db
from server.models import CadenceTask, Enrollment, User
from server.services.activities import log_activity
from server.services.cadence_plans import plan_of, zone
from server.services.cadence_transitions import apply_event
from server.services.queue_sources import Candidate, QueueContext, register_source

STEP_WORDS = {"call": "Call", "voicemail": "Call and leave a voicemail", "manual_email": "Email",
              "linkedin": "LinkedIn touch", "task": "Task"}


def end_of_day(user: User, day: date) -> datetime:
    """Midnight after `day` in the rep's zone: a task due any time that day is on the list."""
    tz = zone(user.timezone) or zone("UTC")
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def due_tasks(user: User, day: date) -> Select:
    """Open tasks of `user` due by the end of `day` (rep's zone), oldest first."""
    return (select(CadenceTask)
            .where(CadenceTask.user_id == user.id, CadenceTask.status == "open",
                   CadenceTask.due_at < end_of_day(user, day))
            .options(selectinload(CadenceTask.contact),
                     selectinload(CadenceTask.enrollment).selectinload(Enrollment.cadence))
            .order_by(CadenceTask.due_at, CadenceTask.id))


def complete_task(task: CadenceTask, user: User, *, outcome: str, notes: str | None, key: str,
                  now: datetime) -> CadenceTask:
    """Log the step's activity, advance the enrollment and schedule the next step, or nothing.

    Repeating the call with the same `key` returns the task as it was completed.
    :raises ApiError: 409 for a task already completed (other key) or canceled, 422 for an
        outcome the step does not have.
    """
    if task.status != "open":
        return _already_closed(task, key)
    enrollment = task.enrollment
    step = _step(task)
    if outcome not in {o.value for o in step.kind.outcomes}:
        allowed = ", ".join(sorted(step.kind.outcomes))
        fail(422, f"A {step.type} task takes one of these outcomes: {allowed}.",
             fields={"outcome": [f"Not an outcome of a {step.type} step."]})
    if not _claim(task, outcome, key, now):
        db.session.refresh(task)
        return _already_closed(task, key)
    activity_type = step.kind.activity_type
    if task.kind == "cadence_step":
        try:
            transition = apply_event(enrollment, lib.StepCompleted(lib.Outcome(outcome)), now)
        except lib.TransitionError as error:
            db.session.rollback()
            fail(409, f"The enrollment cannot take this outcome now: {error.message}.",
                 code="invalid_transition", extra={"status": error.status})
        activity_type = transition.log_activity
    if activity_type and (task.kind == "cadence_step" or notes):
        activity, _ = log_activity(user, {
            "type": activity_type, "outcome": outcome, "contact_id": task.contact_id,
            "notes": notes, "source": "cadence", "idempotency_key": key, "occurred_at": now,
        }, commit=False)
        task.activity_id = activity.id
    db.session.commit()
    return task


def _step(task: CadenceTask) -> lib.Step:
    if task.kind == "follow_up":
        return lib.Step("task", instructions=task.instructions)
    return plan_of(task.enrollment.cadence).steps[task.step_index]


def _claim(task: CadenceTask, outcome: str, key: str, now: datetime) -> bool:
    """Mark the task done unless a concurrent request did first (the row decides)."""
    claimed = db.session.execute(
        update(CadenceTask).where(CadenceTask.id == task.id, CadenceTask.status == "open")
        .values(status="done", outcome=outcome, completion_key=key, completed_at=now)
        .execution_options(synchronize_session="fetch"))
    return claimed.rowcount == 1


def _already_closed(task: CadenceTask, key: str) -> CadenceTask:
    if task.status == "done" and task.completion_key == key:
        return task
    if task.status == "done":
        fail(409, "This task is already completed.", code="task_completed")
    fail(409, "This task was withdrawn: its enrollment was paused, stopped or moved on.",
         code="task_canceled")


@register_source("cadence_step", priority=40)
def cadence_steps_due(ctx: QueueContext):
    """Queue items for the rep's open cadence tasks due by the end of the day (issue 5 queue).

    A cadence is already sized to the tier's attempt target, so its steps done so far are the
    attempts that count; touches outside the cadence do not push a planned step off the queue.
    """
    tasks = db.session.scalars(
        select(CadenceTask).where(CadenceTask.user_id == ctx.rep.id, CadenceTask.status == "open",
                                  CadenceTask.due_at < ctx.day_end)
        .options(selectinload(CadenceTask.enrollment).selectinload(Enrollment.cadence)))
    for task in tasks:
        what = "Follow up on your conversation" if task.kind == "follow_up" else (
            f"{STEP_WORDS.get(task.step_type, task.step_type)}: step {task.step_index + 1}")
        yield Candidate(item_id=f"task:{task.id}", kind="cadence_step", contact_id=task.contact_id,
                        reason=f"{what} of {task.enrollment.cadence.name}", due_at=task.due_at,
                        sort_key=(task.due_at, task.id), task_id=task.id,
                        attempts_made=task.step_index, done_when_touched_today=False)
