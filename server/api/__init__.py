"""The JSON API under /api/v1: one flask-smorest blueprint per resource."""

from __future__ import annotations

from flask import request
from flask_smorest import Api, Blueprint

from server.auth import authenticate_request
from server.errors import fail

BODY_METHODS = {"POST", "PUT", "PATCH"}


def require_json_body() -> None:
    """415 for a body that is not JSON, so a form post never reaches a JSON view half-parsed."""
    if request.method in BODY_METHODS and request.content_length and not request.is_json:
        fail(415, "Send the body as JSON (Content-Type: application/json).")


def resource_blueprint(name: str, import_name: str, *, url_prefix: str,
                       description: str, public: bool = False) -> Blueprint:
    """A blueprint under /api/v1 whose views all need a token (unless ``public``)."""
    blp = Blueprint(name, import_name, url_prefix=f"/api/v1{url_prefix}", description=description)
    if not public:
        blp.before_request(authenticate_request)
    blp.before_request(require_json_body)
    return blp


def init_app(api: Api) -> None:
    from server.api import activities, companies, contacts, deals, me

    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "A Sidekick API token."})
    for module in (me, companies, contacts, deals, activities):
        api.register_blueprint(module.blp)
