"""Links inside cadence emails: signed unsubscribe links, open pixel and tracked links.

The pixel and click tracking belong to the engagement issue (5): its signed tokens carry the
email's activity and the contact, and its endpoints record opens and clicks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from server.services.tracking_tokens import open_pixel_url, tracked_link

URL = re.compile(r"""https?://[^\s<>"')\]]+""")
_SALT = "sidekick.unsubscribe"


def unsubscribe_token(secret_key: str, contact_id: int, enrollment_id: int | None) -> str:
    """A signed token naming the contact; it never expires (old emails must keep working)."""
    return URLSafeSerializer(secret_key, salt=_SALT).dumps({"c": contact_id, "e": enrollment_id})


def read_unsubscribe_token(secret_key: str, token: str) -> tuple[int, int | None] | None:
    """(contact_id, enrollment_id) from a token we signed, or None for a forged/altered one."""
    try:
        data = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    return data["c"], data.get("e")


def unsubscribe_url(public_url: str, secret_key: str, contact_id: int,
                    enrollment_id: int | None) -> str:
    return f"{public_url}/u/{unsubscribe_token(secret_key, contact_id, enrollment_id)}"


def tracking_for(activity: Any, contact: Any, keep: set[str]) -> tuple[str | None, Callable[[str], str]]:
    """The pixel URL (or None) and a link rewriter for one sent email.

    Links in `keep` (the unsubscribe link) are never rewritten: opting out must not depend
    on the tracker, and a scanner following a tracked link must not unsubscribe anyone.
    """
    return (open_pixel_url(activity, contact),
            lambda url: url if url in keep else tracked_link(activity, contact, url))


def rewrite_links(text: str, rewrite: Callable[[str], str]) -> str:
    return URL.sub(lambda match: rewrite(match.group(0)), text)
