"""Writing cadence definitions: the library validates, rows store the result."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

import cadences as lib
from server.errors import fail
from server.extensions import db
from server.models import Cadence, CadenceStep, Enrollment, User
from server.models.types import utcnow
from server.services.cadence_plans import DEFAULT_SCHEDULE, schedule_of, step_of

OPTIONS = ("stop_on_company_reply", "pause_on_out_of_office", "out_of_office_delay_days")


def check_definition(name: str, schedule: dict[str, Any], steps: list[dict[str, Any]],
                     options: dict[str, Any]) -> None:
    """Build the library cadence once so its rules decide; a broken rule becomes a 422.

    :raises ApiError: 422 naming the field, e.g. `steps[1].body` or `schedule.end`.
    """
    try:
        for i, step in enumerate(steps):  # before the steps are built, which compiles them
            _anchored(f"steps[{i}]", lambda s=step: _check_bounded(s))
        plan_schedule = _anchored("schedule", lambda: schedule_of(schedule))
        plan_steps = [_anchored(f"steps[{i}]", lambda s=s: step_of(s)) for i, s in enumerate(steps)]
        lib.Cadence(name=name, steps=plan_steps, schedule=plan_schedule, **options)
    except lib.CadenceError as error:
        fail(422, f"The cadence is not valid: {error.field} {error.message}.",
             fields={error.field: [error.message]})


def _check_bounded(step: dict[str, Any]) -> None:
    """The template rules a new subject or body must meet (``cadences.check_bounded``)."""
    for name in ("subject", "body"):
        try:
            lib.check_bounded(step.get(name) or "")
        except lib.TemplateError as error:
            raise lib.CadenceError(name, error.message) from error


def _anchored(prefix: str, build):
    try:
        return build()
    except lib.CadenceError as error:
        raise error.at(prefix) from error


def create_cadence(user: User, data: dict[str, Any]) -> Cadence:
    schedule = data.get("schedule") or DEFAULT_SCHEDULE
    options = {name: data[name] for name in OPTIONS if name in data}
    check_definition(data["name"], schedule, data["steps"], options)
    cadence = Cadence(name=data["name"], owner=user, team_id=user.team_id, schedule=schedule,
                      **options)
    cadence.steps = [CadenceStep(position=i, **step) for i, step in enumerate(data["steps"])]
    db.session.add(cadence)
    db.session.commit()
    return cadence


def update_cadence(cadence: Cadence, data: dict[str, Any]) -> Cadence:
    """Change a cadence; its steps only while nobody is enrolled (positions must not shift)."""
    if "steps" in data and open_enrollment_count(cadence) > 0:
        fail(409, "People are enrolled in this cadence, so its steps cannot change; "
                  "stop them or copy the cadence.", code="cadence_in_use")
    name = data.get("name", cadence.name)
    schedule = data.get("schedule") or cadence.schedule
    steps = data.get("steps") or [_step_dict(step) for step in cadence.steps]
    options = {name: data.get(name, getattr(cadence, name)) for name in OPTIONS}
    check_definition(name, schedule, steps, options)
    cadence.name, cadence.schedule = name, schedule
    for option, value in options.items():
        setattr(cadence, option, value)
    if "steps" in data:
        cadence.steps.clear()
        db.session.flush()  # the old positions must be gone before the new ones arrive
        cadence.steps.extend(CadenceStep(position=i, **step) for i, step in enumerate(steps))
    cadence.updated_at = utcnow()
    db.session.commit()
    return cadence


def archive_cadence(cadence: Cadence) -> None:
    if open_enrollment_count(cadence) > 0:
        fail(409, "People are still enrolled in this cadence; stop their enrollments first.",
             code="cadence_in_use")
    cadence.archived_at = utcnow()
    db.session.commit()


def open_enrollment_count(cadence: Cadence) -> int:
    return db.session.scalar(select(func.count(Enrollment.id)).where(
        Enrollment.cadence_id == cadence.id, Enrollment.status.in_(("active", "paused"))))


def _step_dict(step: CadenceStep) -> dict[str, Any]:
    return {name: getattr(step, name) for name in
            ("type", "delay_days", "window_start", "window_end", "subject", "body",
             "instructions")}


def preview_email(cadence: Cadence, contact, rep: User, args: dict[str, Any],
                  public_url: str) -> dict[str, Any]:
    """Render a step (or a draft subject/body) for one contact, gaps shown as `[field]`."""
    from server.services.cadence_mailer import merge_context

    if args.get("step_index") is not None:
        if args["step_index"] >= len(cadence.steps):
            fail(422, f"This cadence has no step {args['step_index']}.",
                 fields={"step_index": ["No such step."]})
        step = cadence.steps[args["step_index"]]
        subject, body = step.subject, step.body
    else:
        subject, body = args.get("subject") or "", args.get("body") or ""
    context = merge_context(contact, rep, f"{public_url}/u/preview")
    try:
        subject_preview, body_preview = lib.preview(subject, context), lib.preview(body, context)
    except lib.TemplateError as error:
        fail(422, f"The template cannot be rendered: {error.message}",
             fields={error.field or "body": [error.message]})
    missing = tuple(dict.fromkeys(subject_preview.missing_fields + body_preview.missing_fields))
    return {"subject": subject_preview.text, "body": body_preview.text,
            "missing_fields": list(missing), "ready": not missing}
