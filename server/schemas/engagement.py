"""Engagement schemas: posted events, the feed, timelines, scores and the call queue."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.schemas.common import PageArgs, StrictSchema, Text

MAX_BATCH = 1000


class EventBatchSchema(StrictSchema):
    events = fields.List(fields.Raw(allow_none=True), required=True,  # null: that event's error
                         validate=validate.Length(min=1, max=MAX_BATCH))


class EventErrorSchema(Schema):
    index = fields.Integer()
    event_id = fields.String(allow_none=True)
    code = fields.String()
    message = fields.String()
    fields = fields.Dict()


class EventBatchResultSchema(Schema):
    created = fields.Integer()
    duplicates = fields.Integer()
    rejected = fields.Integer()
    errors = fields.List(fields.Nested(EventErrorSchema))


class ReasonSchema(Schema):
    text = fields.String()
    points = fields.Integer()


class ContactRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    title = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class CompanyRefSchema(Schema):
    id = fields.Integer()
    name = fields.String(allow_none=True)
    domain = fields.String()


class QueueArgs(StrictSchema):
    date = fields.Date(load_default=None)
    rep_id = fields.Integer(load_default=None)


class QueueItemSchema(Schema):
    id = fields.String()
    kind = fields.String()
    contact = fields.Nested(ContactRefSchema)
    company = fields.Nested(CompanyRefSchema, allow_none=True)
    reason = fields.String()
    reasons = fields.List(fields.Nested(ReasonSchema))
    score = fields.Integer()
    due_at = fields.DateTime(allow_none=True)
    sla_deadline = fields.DateTime(allow_none=True)
    attempts_made = fields.Integer()
    attempts_allowed = fields.Integer()
    overdue = fields.Boolean()
    task_id = fields.Integer(allow_none=True)


class QueueSchema(Schema):
    date = fields.Date()
    rep_id = fields.Integer()
    items = fields.List(fields.Nested(QueueItemSchema))


class SnoozeSchema(StrictSchema):
    until = fields.AwareDateTime(default_timezone=None, load_default=None,
                                 metadata={"description": "Default: the start of your next day."})


class SnoozeResultSchema(Schema):
    item_id = fields.String()
    until = fields.DateTime()


class FeedArgs(StrictSchema):
    since = fields.AwareDateTime(default_timezone=None, load_default=None)


class FeedItemSchema(Schema):
    id = fields.String()
    kind = fields.String()
    message = fields.String()
    count = fields.Integer()
    at = fields.DateTime()
    contact = fields.Nested(ContactRefSchema, allow_none=True)
    company = fields.Nested(CompanyRefSchema, allow_none=True)


class FeedSchema(Schema):
    items = fields.List(fields.Nested(FeedItemSchema))
    now = fields.DateTime(metadata={"description": "Pass as `since` on the next poll."})


class TimelineArgs(PageArgs):
    # A time to the microsecond, a kind and an id: up to 70 characters, more than a page's 64.
    cursor = Text(max_length=128, load_default=None)


class TimelineEntrySchema(Schema):
    kind = fields.String(metadata={"description": "event | activity"})
    id = fields.Integer()
    type = fields.String()
    occurred_at = fields.DateTime()
    contact_id = fields.Integer(allow_none=True)
    company_id = fields.Integer(allow_none=True)
    summary = fields.String()
    machine = fields.Boolean()
    properties = fields.Dict()
    user_id = fields.Integer(allow_none=True)
    outcome = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)


class TimelineSchema(Schema):
    items = fields.List(fields.Nested(TimelineEntrySchema))
    next_cursor = fields.String(allow_none=True)


class ScorePartSchema(Schema):
    score = fields.Integer()
    reasons = fields.List(fields.Nested(ReasonSchema))


class LeadValueSchema(Schema):
    size_tier = fields.String(allow_none=True)
    buyer_stage = fields.String(allow_none=True)
    conversion_rate = fields.Float()
    average_mrr = fields.Decimal(as_string=True)
    value = fields.Decimal(as_string=True)
    leads = fields.Integer(metadata={"description": "hand-offs behind the figure (0: priors)"})
    wins = fields.Integer()


class ScoreSchema(Schema):
    score = fields.Integer()
    fit = fields.Nested(ScorePartSchema)
    engagement = fields.Nested(ScorePartSchema)
    buyer_stage = fields.String(allow_none=True)
    size_tier = fields.String(allow_none=True)
    sales_ready = fields.Boolean()
    lead_value = fields.Nested(LeadValueSchema)


class LeadValueArgs(StrictSchema):
    from_ = fields.Date(data_key="from", required=True)
    to = fields.Date(required=True)


class LeadValueMonthSchema(Schema):
    month = fields.String()
    leads = fields.Integer()
    value = fields.Decimal(as_string=True)
    segments = fields.List(fields.Dict())


class LeadValueReportSchema(Schema):
    months = fields.List(fields.Nested(LeadValueMonthSchema))
