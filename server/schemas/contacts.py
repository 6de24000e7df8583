"""Contact schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.models import LIFECYCLE_STAGES, SENIORITIES
from server.models.contact import PHONE_STATUSES
from server.schemas.common import Choice, PageArgs, StrictSchema, Text, UserRefSchema


class ContactSchema(Schema):
    id = fields.Integer()
    company_id = fields.Integer(allow_none=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    name = fields.String()
    title = fields.String(allow_none=True)
    seniority = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    phone_status = fields.String(allow_none=True)
    linkedin = fields.String(allow_none=True)
    timezone = fields.String(allow_none=True)
    lifecycle_stage = fields.String()
    sql_at = fields.DateTime(allow_none=True)
    do_not_contact = fields.Boolean()
    owner = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ContactWriteSchema(StrictSchema):
    company_id = fields.Integer(allow_none=True)
    first_name = Text(max_length=120, allow_none=True)
    last_name = Text(max_length=120, allow_none=True)
    title = Text(allow_none=True)
    seniority = Choice(SENIORITIES, allow_none=True)
    department = Text(max_length=32, allow_none=True)
    email = fields.Email(allow_none=True, validate=validate.Length(max=320))
    phone = Text(max_length=32, allow_none=True)
    # "wrong_number" after a call found it so; null clears it once the number is fixed.
    phone_status = Choice(PHONE_STATUSES, allow_none=True)
    linkedin = fields.Url(allow_none=True, schemes={"http", "https"}, validate=validate.Length(max=500))
    timezone = Text(max_length=64, allow_none=True)
    lifecycle_stage = Choice(LIFECYCLE_STAGES)
    do_not_contact = fields.Boolean()
    owner_id = fields.Integer(allow_none=True)


class ContactListArgs(PageArgs):
    company_id = fields.Integer(load_default=None)
    owner_id = fields.Integer(load_default=None)
    lifecycle_stage = Choice(LIFECYCLE_STAGES, load_default=None)
    q = Text(max_length=200, load_default=None)
