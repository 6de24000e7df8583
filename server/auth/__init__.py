"""Authentication (bearer tokens) and the current user of a request."""

from __future__ import annotations

from flask import g, request

from server.auth.tokens import user_for_token
from server.errors import fail
from server.models import User

# Integration tokens belong to systems (a website, a mail server), not people: they may only
# post engagement events and inbound mail, never act as their admin elsewhere.
INTEGRATION_ENDPOINTS = {"events.post_events", "inbound_email.post_inbound_email", "me.get_me"}


def authenticate_request() -> None:
    """Resolve ``Authorization: Bearer <token>`` into ``g.user``; 401 JSON otherwise."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        fail(401, "Send your API token as 'Authorization: Bearer <token>'.", code="unauthorized")
    found = user_for_token(token.strip())
    if found is None:
        fail(401, "This API token is not valid: it is unknown, revoked or its user is inactive.",
             code="invalid_token")
    g.user, g.token = found
    if g.token.kind == "integration" and request.endpoint not in INTEGRATION_ENDPOINTS:
        fail(403, "An integration token may only post events and inbound mail.",
             code="integration_token")


def current_user() -> User:
    return g.user
