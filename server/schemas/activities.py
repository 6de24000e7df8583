"""Activity schemas."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validates_schema

from server.models import ACTIVITY_SOURCES, ACTIVITY_TYPES
from server.schemas.common import Choice, PageArgs, StrictSchema, Text


class ActivitySchema(Schema):
    id = fields.Integer()
    type = fields.String()
    outcome = fields.String(allow_none=True)
    user_id = fields.Integer()
    contact_id = fields.Integer(allow_none=True)
    company_id = fields.Integer(allow_none=True)
    deal_id = fields.Integer(allow_none=True)
    occurred_at = fields.DateTime()
    source = fields.String()
    notes = fields.String(allow_none=True)
    idempotency_key = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ActivityCreateSchema(StrictSchema):
    type = Choice(ACTIVITY_TYPES, required=True)
    outcome = Text(max_length=32, allow_none=True)
    contact_id = fields.Integer(allow_none=True)
    company_id = fields.Integer(allow_none=True)
    deal_id = fields.Integer(allow_none=True)
    occurred_at = fields.AwareDateTime(default_timezone=None)
    source = Choice(ACTIVITY_SOURCES, load_default="manual")
    notes = Text(max_length=20_000, allow_none=True)
    idempotency_key = Text(max_length=100, required=True)

    @validates_schema
    def about_something(self, data: dict, **kwargs: object) -> None:
        if not any(data.get(key) for key in ("contact_id", "company_id", "deal_id")):
            raise ValidationError("Name the contact, company or deal this activity is about.",
                                  "company_id")


class ActivityListArgs(PageArgs):
    user_id = fields.Integer(load_default=None)
    contact_id = fields.Integer(load_default=None)
    company_id = fields.Integer(load_default=None)
    type = Choice(ACTIVITY_TYPES, load_default=None)
    from_ = fields.AwareDateTime(data_key="from", load_default=None)
    to = fields.AwareDateTime(load_default=None)
