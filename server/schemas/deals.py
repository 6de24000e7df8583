"""Deal schemas; GPCT/BANT qualification travels as one nested object."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.models import DEAL_STAGES, QUALIFICATION_FIELDS
from server.schemas.common import Choice, PageArgs, StrictSchema, Text, UserRefSchema

QualificationSchema = StrictSchema.from_dict(
    {name: Text(max_length=5000, allow_none=True) for name in QUALIFICATION_FIELDS},
    name="QualificationSchema",
)


class DealSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    company_id = fields.Integer()
    contact_id = fields.Integer(allow_none=True)
    owner = fields.Nested(UserRefSchema, allow_none=True)
    stage = fields.String()
    mrr = fields.Float()
    close_date = fields.Date(allow_none=True)
    confidence = fields.Integer(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    qualification = fields.Method("dump_qualification")
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def dump_qualification(self, deal: object) -> dict:
        return {name: getattr(deal, name) for name in QUALIFICATION_FIELDS}


class DealWriteSchema(StrictSchema):
    name = Text()
    company_id = fields.Integer()
    contact_id = fields.Integer(allow_none=True)
    owner_id = fields.Integer(allow_none=True)
    stage = Choice(DEAL_STAGES)
    mrr = fields.Decimal(places=2, validate=validate.Range(min=0, max=10_000_000))
    close_date = fields.Date(allow_none=True)
    confidence = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=100))
    qualification = fields.Nested(QualificationSchema)


class DealCreateSchema(DealWriteSchema):
    name = Text(required=True)
    company_id = fields.Integer(required=True)


class DealListArgs(PageArgs):
    company_id = fields.Integer(load_default=None)
    owner_id = fields.Integer(load_default=None)
    stage = Choice(DEAL_STAGES, load_default=None)
