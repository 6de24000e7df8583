"""The JSON API under /api/v1: one flask-smorest blueprint per resource."""

from __future__ import annotations

import json

from flask import g, request
from flask_smorest import Api, Blueprint
from webargs.flaskparser import FlaskParser

from server.api import idempotency
from server.auth import authenticate_request
from server.errors import fail

BODY_METHODS = {"POST", "PUT", "PATCH"}


def _not_json(constant: str) -> None:
    """NaN and Infinity: Python reads them, JSON has no such numbers and PostgreSQL refuses them."""
    raise ValueError(f"{constant} is not JSON")


def body_check(accepts: tuple[str, ...]):
    """A before-request hook: 415 for a body of another type; a JSON body must be an object."""

    def check() -> None:
        if request.method not in BODY_METHODS or not request.content_length:
            return
        if request.mimetype not in accepts:
            fail(415, f"Send the body as {' or '.join(accepts)}.")
        if request.mimetype == "application/json":
            try:
                body = json.loads(request.get_data(cache=True), parse_constant=_not_json)
            except ValueError:
                fail(400, "The request body is not valid JSON.")
            if not isinstance(body, dict):
                fail(422, "The request body must be a JSON object.",
                     fields={"_schema": ["Expected a JSON object."]})
            g.json_body = body

    return check


class _CheckedBodyParser(FlaskParser):
    """Gives the schemas the body ``body_check`` parsed and vetted, instead of parsing it again
    by other rules (webargs' own parse reads NaN)."""

    def _raw_load_json(self, req):
        return g.json_body if "json_body" in g else super()._raw_load_json(req)


class ResourceBlueprint(Blueprint):
    ARGUMENTS_PARSER = _CheckedBodyParser()


def resource_blueprint(name: str, import_name: str, *, url_prefix: str, description: str,
                       public: bool = False,
                       accepts: tuple[str, ...] = ("application/json",)) -> ResourceBlueprint:
    """A blueprint under /api/v1 whose views need a token (unless ``public``) and take
    bodies of the ``accepts`` media types only."""
    blp = ResourceBlueprint(name, import_name, url_prefix=f"/api/v1{url_prefix}", description=description)
    if not public:
        blp.before_request(authenticate_request)
    blp.before_request(body_check(accepts))
    if not public:
        blp.before_request(idempotency.replay_or_claim)
        blp.after_request(idempotency.remember)
    return blp


def init_app(api: Api) -> None:
    from server.api import (
        activities, cadences, companies, contacts, deals, enrich, enrollments, events, feed,
        inbound_email, me, queue, reports, sidebar, tasks, timeline,
    )

    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "A Sidekick API token."})
    for module in (me, companies, contacts, deals, activities, enrich, sidebar, events, feed,
                   timeline, queue, cadences, enrollments, tasks, inbound_email, reports):
        api.register_blueprint(module.blp)
