"""Enrichment schemas: the enrich request and the profile-plus-CRM answer."""

from __future__ import annotations

from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validates

from server.schemas.common import StrictSchema, Text, UserRefSchema

MAX_HTML_BYTES = 2 * 1024 * 1024


class EnrichRequestSchema(StrictSchema):
    url = Text(max_length=2000, required=True,
               metadata={"description": "The page the rep is viewing (http or https)."})
    html = fields.String(load_default=None, allow_none=True, metadata={
        "description": "The page's HTML as the browser has it, at most 2 MB (413 beyond); "
                       "when omitted the server fetches the page in the background crawl."})

    @validates("url")
    def web_page(self, value: str, **kwargs: object) -> None:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError("Give the address of a web page (http:// or https://).")


class LastActivitySchema(Schema):
    occurred_at = fields.DateTime()
    type = fields.String()
    user = fields.Nested(UserRefSchema, allow_none=True)


class OpenDealSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    stage = fields.String()
    mrr = fields.Float()


class KnownContactSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    title = fields.String(allow_none=True)
    seniority = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    is_decision_maker = fields.Boolean()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    linkedin = fields.String(allow_none=True)


class CrmSummarySchema(Schema):
    company_id = fields.Integer()
    domain = fields.String()
    name = fields.String(allow_none=True)
    owner = fields.Nested(UserRefSchema, allow_none=True)
    owned_since = fields.DateTime(allow_none=True)
    last_activity = fields.Nested(LastActivitySchema, allow_none=True)
    open_deal = fields.Nested(OpenDealSchema, allow_none=True)
    contacts = fields.List(fields.Nested(KnownContactSchema))


class EnrichmentSchema(Schema):
    run_id = fields.Integer()
    status = fields.String(metadata={"description": "partial (crawl running), complete or failed."})
    url = fields.String()
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
    profile = fields.Dict(allow_none=True, metadata={
        "description": "CompanyProfile.to_dict(); null until a page of the site has been read."})
    crm = fields.Nested(CrmSummarySchema)
