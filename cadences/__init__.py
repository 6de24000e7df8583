"""Cadences: multi-step call/email sequences, as a pure library (no Flask, no DB, no clock).

Every function takes the time it needs as an aware datetime and returns UTC datetimes; the
server stores the dataclasses below as rows and applies the returned effects in one
transaction.

Building a cadence (errors are `CadenceError(field, message)`; prefix step errors with
`error.at(f"steps[{i}]")` for a 422 naming `steps[2].delay_days`)::

    Schedule(weekdays={1, 2, 3, 4, 5}, start=time(8), end=time(18), holidays="US" | "DE-BY" | None)
    Step(type, delay_days=0, window=(time, time) | None, subject="", body="", instructions="")
    Cadence(name, steps, schedule=Schedule(), stop_on_company_reply=True,
            pause_on_out_of_office=True, out_of_office_delay_days=5)
    default_cadence(tier: "small" | "mid" | "enterprise") -> Cadence      # 5 / 8 / 12 attempts
    STEP_TYPES[name]  # .automatic (worker sends) vs manual (rep task), .activity_type,
                      # .needs_template, .outcomes (what a rep may report)

Running an enrollment (`tz` is the contact's ZoneInfo, else the rep's)::

    enroll(cadence, enrolled_at=now, tz=tz) -> Enrollment(status, step_index, next_due_at, ...)
    apply_event(enrollment, event, cadence=cadence, now=now, tz=tz) -> Transition
        # Transition.enrollment: the new state to store
        # .log_activity: activity type for the completed step ("call", "email", ... or None)
        # .flag_contact: "wrong_number" | "email_bounced" | "unsubscribed" | None
        # .create_follow_up: make a rep task after a live conversation
        # .schedule_next_at: next due moment (UTC) or None
    events: StepCompleted(Outcome.NO_ANSWER), Replied(), Bounced(), Unsubscribed(),
            MeetingBooked(), OutOfOffice(return_on=date | None), Pause(reason="manual"),
            Resume(), Stop(reason="manual")
    raises TransitionError(status, event, message) for an illegal event (answer 409)

The worker: due enrollments are active ones with `next_due_at <= now`; if the current step's
type is automatic, render and send, then apply `StepCompleted(Outcome.SENT)`; otherwise
create a `cadence_step` task, completed later with the rep's outcome. When rendering raises
TemplateError, send nothing and apply `Pause(f"missing_field:{error.field}")` so the rep can
fix the contact and resume (`Pause("template_error")` when no field is to blame: the template). Paused enrollments with
`resume_at <= now` get `Resume()`. Stopping everyone at a company on a reply
(`cadence.stop_on_company_reply`) means applying `Replied()` to each of their enrollments.

Scheduling and sending::

    next_step_due(previous, delay_days, schedule, tz) -> datetime (UTC)
    cadence.schedule_for(step) -> Schedule          # the step's own window applied
    spaced_send_times(due_at, now=now, tz=rep_tz, sent_at=todays_sends,
                      min_gap=timedelta(seconds=30), daily_cap=500) -> list[datetime | None]

Templates (only `contact`, `company`, `rep`, `unsubscribe_url` exist; a missing, None or
empty value raises `TemplateError(field="contact.title", ...)` unless given a default)::

    MergeContext(contact: Mapping, company: Mapping = {}, rep: Mapping = {}, unsubscribe_url=None)
    render_text(source, context) -> str       # subjects and plain-text bodies, no escaping
    render_html(source, context) -> str       # HTML bodies, merge values escaped
    preview(source, context) -> Preview(text, missing_fields)   # gaps shown as [contact.title]
    required_fields(source) -> frozenset[str]                      # e.g. {"company.name"}
    check_bounded(source)                     # first, on an author's template: no *, **, %, calls...
    check_syntax(source)                      # Step() already calls it for subject and body
"""

from cadences.cadence import Cadence
from cadences.defaults import TIERS, default_cadence
from cadences.enrollment import Enrollment, Status, Transition, enroll
from cadences.errors import CadenceError, TemplateError, TransitionError
from cadences.events import (
    Bounced,
    Event,
    MeetingBooked,
    OutOfOffice,
    Pause,
    Replied,
    Resume,
    StepCompleted,
    Stop,
    Unsubscribed,
    apply_event,
)
from cadences.schedule import Schedule
from cadences.scheduling import next_step_due, spaced_send_times
from cadences.steps import STEP_TYPES, Outcome, Step, StepType
from cadences.templates import (
    MergeContext,
    Preview,
    check_bounded,
    check_syntax,
    preview,
    render_html,
    render_text,
    required_fields,
)

__all__ = [
    "STEP_TYPES",
    "TIERS",
    "Bounced",
    "Cadence",
    "CadenceError",
    "Enrollment",
    "Event",
    "MeetingBooked",
    "MergeContext",
    "OutOfOffice",
    "Outcome",
    "Pause",
    "Preview",
    "Replied",
    "Resume",
    "Schedule",
    "Status",
    "Step",
    "StepCompleted",
    "StepType",
    "Stop",
    "TemplateError",
    "Transition",
    "TransitionError",
    "Unsubscribed",
    "apply_event",
    "check_bounded",
    "check_syntax",
    "default_cadence",
    "enroll",
    "next_step_due",
    "preview",
    "render_html",
    "render_text",
    "required_fields",
    "spaced_send_times",
]
