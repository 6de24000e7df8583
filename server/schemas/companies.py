"""Company schemas: what the API accepts and shows."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.models import BUYER_STAGES, EMPLOYEE_RANGES, SIZE_TIERS
from server.schemas.common import Choice, PageArgs, StrictSchema, Text, UserRefSchema

EDITABLE = ("name", "industry", "employee_range", "employees", "street", "city", "region",
            "postal_code", "country", "phones", "socials", "description", "buyer_stage")


class CompanySchema(Schema):
    id = fields.Integer()
    domain = fields.String()
    name = fields.String(allow_none=True)
    industry = fields.String(allow_none=True)
    employee_range = fields.String(allow_none=True)
    employees = fields.Integer(allow_none=True)
    size_tier = fields.String(allow_none=True)
    street = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    postal_code = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    phones = fields.List(fields.String())
    socials = fields.Dict(keys=fields.String(), values=fields.String())
    description = fields.String(allow_none=True)
    owner = fields.Nested(UserRefSchema, allow_none=True)
    owned_since = fields.DateTime(allow_none=True)
    buyer_stage = fields.String(allow_none=True)
    provenance = fields.Dict()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class CompanyWriteSchema(StrictSchema):
    domain = Text(max_length=2000, metadata={"description": "A domain or any URL on the site."})
    name = Text(allow_none=True)
    industry = Text(max_length=64, allow_none=True)
    employee_range = Choice(EMPLOYEE_RANGES, allow_none=True)
    employees = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=10_000_000))
    street = Text(allow_none=True)
    city = Text(max_length=120, allow_none=True)
    region = Text(max_length=120, allow_none=True)
    postal_code = Text(max_length=32, allow_none=True)
    country = Text(max_length=120, allow_none=True)
    phones = fields.List(Text(max_length=32), validate=validate.Length(max=20))
    socials = fields.Dict(keys=Text(max_length=32), values=Text(max_length=500),
                          validate=validate.Length(max=20))
    description = Text(max_length=5000, allow_none=True)
    buyer_stage = Choice(BUYER_STAGES, allow_none=True)


class CompanyCreateSchema(CompanyWriteSchema):
    @validates_schema
    def needs_domain(self, data: dict, **kwargs: object) -> None:
        if not data.get("domain"):
            raise ValidationError("A domain or URL is required.", "domain")


class CompanyListArgs(PageArgs):
    q = Text(max_length=200, load_default=None)
    owner_id = fields.Integer(load_default=None)
    industry = Text(max_length=64, load_default=None)
    size_tier = Choice(SIZE_TIERS, load_default=None)


class LookupArgs(StrictSchema):
    url = Text(max_length=2000, required=True)
