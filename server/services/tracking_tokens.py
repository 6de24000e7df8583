"""Signed tracking links for emails Sidekick sends: the open pixel and click redirects.

Tokens are itsdangerous-signed with the app's SECRET_KEY (one salt per use) and carry the
activity, the contact and, for clicks, the destination — so a forged or altered token is
refused and the redirect can only go where we signed it to go.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

OPEN_SALT = "sidekick.track.open"
CLICK_SALT = "sidekick.track.click"
IDENTITY_SALT = "sidekick.track.identity"
IDENTITY_PARAM = "sk_id"


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _id(record: Any) -> int | None:
    return record if record is None or isinstance(record, int) else record.id


def open_pixel_url(activity: Any, contact: Any) -> str:
    """The 1×1 GIF URL to put in an email; ``activity``/``contact`` are records or ids."""
    token = _serializer(OPEN_SALT).dumps({"a": _id(activity), "c": _id(contact)})
    return f"{current_app.config['PUBLIC_URL']}/t/o/{token}.gif"


def tracked_link(activity: Any, contact: Any, url: str) -> str:
    """A redirect URL that records the click, then sends the reader to ``url`` (http/https)."""
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"only http(s) links can be tracked, not {url!r}")
    token = _serializer(CLICK_SALT).dumps({"a": _id(activity), "c": _id(contact), "u": url})
    return f"{current_app.config['PUBLIC_URL']}/t/c/{token}"


def read(token: str, salt: str) -> tuple[dict[str, Any], datetime] | None:
    """The payload and signing time of a token we issued, or None for anything else."""
    try:
        payload, signed = _serializer(salt).loads(token, return_timestamp=True)
    except (BadSignature, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), int):
        return None
    return payload, signed.astimezone(UTC)


def identity_token(contact_id: int) -> str:
    """Handed to site.js on a tracked click so the visitor can be tied to the contact."""
    return _serializer(IDENTITY_SALT).dumps({"c": contact_id})


def read_identity(token: str, max_age_s: int = 7 * 86400) -> int | None:
    try:
        payload = _serializer(IDENTITY_SALT).loads(token, max_age=max_age_s)
    except (BadSignature, UnicodeDecodeError, ValueError):
        return None
    return payload.get("c") if isinstance(payload, dict) and isinstance(payload.get("c"), int) else None
