"""Cadence, enrollment and task schemas (the library re-checks the rules on write)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from cadences import STEP_TYPES, Outcome
from server.schemas.common import Choice, PageArgs, StrictSchema, Text
from server.services.cadence_enrollment import next_step

CLOCK = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="Use HH:MM, e.g. 08:00.")


class ScheduleSchema(StrictSchema):
    weekdays = fields.List(fields.Integer(validate=validate.Range(min=1, max=7)),
                           load_default=lambda: [1, 2, 3, 4, 5],
                           validate=validate.Length(min=1, max=7))
    start = Text(max_length=5, validate=CLOCK, load_default="08:00")
    end = Text(max_length=5, validate=CLOCK, load_default="18:00")
    holidays = Text(max_length=12, allow_none=True, load_default=None)

    @post_load
    def sorted_days(self, data: dict, **kwargs: object) -> dict:
        data["weekdays"] = sorted(set(data["weekdays"]))
        return data


class WindowSchema(StrictSchema):
    start = Text(max_length=5, validate=CLOCK, required=True)
    end = Text(max_length=5, validate=CLOCK, required=True)


class StepInSchema(StrictSchema):
    type = Choice(tuple(STEP_TYPES), required=True)
    delay_days = fields.Integer(load_default=0, strict=True, validate=validate.Range(min=0, max=90))
    window = fields.Nested(WindowSchema, load_default=None, allow_none=True)
    subject = Text(max_length=998, load_default="")
    body = Text(max_length=50_000, load_default="")
    instructions = Text(max_length=5_000, load_default="")

    @post_load
    def flat_window(self, data: dict, **kwargs: object) -> dict:
        window = data.pop("window", None) or {}
        data["window_start"], data["window_end"] = window.get("start"), window.get("end")
        return data


class CadenceWriteSchema(StrictSchema):
    name = Text(max_length=200, required=True, validate=validate.Length(min=1))
    schedule = fields.Nested(ScheduleSchema, load_default=None, allow_none=True)
    steps = fields.List(fields.Nested(StepInSchema), required=True,
                        validate=validate.Length(min=1, max=30))
    stop_on_company_reply = fields.Boolean()
    pause_on_out_of_office = fields.Boolean()
    out_of_office_delay_days = fields.Integer(strict=True, validate=validate.Range(min=0, max=60))


class CadencePatchSchema(CadenceWriteSchema):
    """Every field optional; steps, when sent, are a complete new list."""

    name = Text(max_length=200, validate=validate.Length(min=1))
    steps = fields.List(fields.Nested(StepInSchema), validate=validate.Length(min=1, max=30))


class StepSchema(Schema):
    index = fields.Integer(attribute="position")
    type = fields.String()
    delay_days = fields.Integer()
    window = fields.Method("_window")
    subject = fields.String()
    body = fields.String()
    instructions = fields.String()

    def _window(self, step) -> dict | None:
        if step.window_start and step.window_end:
            return {"start": step.window_start, "end": step.window_end}
        return None


class CadenceSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    owner_id = fields.Integer()
    team_id = fields.Integer(allow_none=True)
    schedule = fields.Dict()
    steps = fields.List(fields.Nested(StepSchema))
    stop_on_company_reply = fields.Boolean()
    pause_on_out_of_office = fields.Boolean()
    out_of_office_delay_days = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class CadenceListArgs(PageArgs):
    owner_id = fields.Integer(load_default=None)


class EnrollSchema(StrictSchema):
    """One contact (`contact_id`, answered with the enrollment) or many (`contact_ids`)."""

    contact_id = fields.Integer()
    contact_ids = fields.List(fields.Integer(), validate=validate.Length(min=1, max=1000))

    @validates_schema
    def one_or_many(self, data: dict, **kwargs: object) -> None:
        if ("contact_id" in data) == ("contact_ids" in data):
            raise ValidationError("Send either contact_id or contact_ids.", "contact_id")


class NextStepSchema(Schema):
    index = fields.Integer()
    type = fields.String()
    due_at = fields.DateTime(allow_none=True)
    automatic = fields.Boolean()
    instructions = fields.String()
    subject = fields.String()
    time_zone = fields.String()


class EnrollmentSchema(Schema):
    id = fields.Integer()
    cadence_id = fields.Integer()
    contact_id = fields.Integer()
    user_id = fields.Integer()
    status = fields.String()
    reason = fields.String(allow_none=True)
    step_index = fields.Integer()
    next_due_at = fields.DateTime(allow_none=True)
    resume_at = fields.DateTime(allow_none=True)
    next_step = fields.Method("_next_step")
    enrolled_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)

    def _next_step(self, enrollment) -> dict | None:
        step = next_step(enrollment)
        return None if step is None else NextStepSchema().dump(step)


class RefusalSchema(Schema):
    contact_id = fields.Integer()
    reason = fields.String()
    message = fields.String()


class EnrollResultSchema(Schema):
    items = fields.List(fields.Nested(EnrollmentSchema))
    refused = fields.List(fields.Nested(RefusalSchema))


class EnrollmentListArgs(PageArgs):
    contact_id = fields.Integer(load_default=None)
    cadence_id = fields.Integer(load_default=None)
    status = Text(max_length=24, load_default=None)


class PreviewArgsSchema(StrictSchema):
    contact_id = fields.Integer(required=True)
    step_index = fields.Integer(load_default=None, validate=validate.Range(min=0))
    subject = Text(max_length=998, load_default=None)
    body = Text(max_length=50_000, load_default=None)


class PreviewSchema(Schema):
    subject = fields.String()
    body = fields.String()
    missing_fields = fields.List(fields.String())
    ready = fields.Boolean()


class TaskSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    status = fields.String()
    step_type = fields.String()
    step_index = fields.Integer()
    instructions = fields.String()
    due_at = fields.DateTime()
    enrollment_id = fields.Integer()
    cadence_id = fields.Integer(attribute="enrollment.cadence_id")
    cadence_name = fields.String(attribute="enrollment.cadence.name")
    contact_id = fields.Integer()
    contact_name = fields.String(attribute="contact.name")
    user_id = fields.Integer()
    outcome = fields.String(allow_none=True)
    activity_id = fields.Integer(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)


class TaskListArgs(StrictSchema):
    date = fields.Date(load_default=None)
    rep_id = fields.Integer(load_default=None)


class TaskCompleteSchema(StrictSchema):
    outcome = Choice(tuple(o.value for o in Outcome), required=True)
    notes = Text(max_length=20_000, allow_none=True, load_default=None)
    idempotency_key = Text(max_length=100, required=True, validate=validate.Length(min=1))


class InboundMessageSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    message_id = fields.String(allow_none=True)
    from_address = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    outbound_email_id = fields.Integer(allow_none=True)
    contact_id = fields.Integer(allow_none=True)
    details = fields.Dict()
    received_at = fields.DateTime()
