"""Links inside cadence emails: signed unsubscribe links, open pixel and tracked links.

The pixel and click tracking belong to the engagement issue (5), which provides
`open_pixel_url(activity, contact)` and `tracked_link(activity, contact, url)`. Until those
exist in this tree the email goes out untracked; `_engagement_tracking` is the only seam.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

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


def _engagement_tracking() -> tuple[Callable[..., str], Callable[..., str]] | None:
    """Issue 5's (open_pixel_url, tracked_link), wherever it put them, if it has landed."""
    for name in ("server.services.tracking_tokens", "server.tracking"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "open_pixel_url") and hasattr(module, "tracked_link"):
            return module.open_pixel_url, module.tracked_link
    return None


def tracking_for(activity: Any, contact: Any, keep: set[str]) -> tuple[str | None, Callable[[str], str]]:
    """The pixel URL (or None) and a link rewriter for one sent email.

    Links in `keep` (the unsubscribe link) are never rewritten: opting out must not depend
    on the tracker, and a scanner following a tracked link must not unsubscribe anyone.
    """
    helpers = _engagement_tracking()
    if helpers is None:
        return None, lambda url: url
    pixel, link = helpers
    return pixel(activity, contact), lambda url: url if url in keep else link(activity, contact, url)


def rewrite_links(text: str, rewrite: Callable[[str], str]) -> str:
    return URL.sub(lambda match: rewrite(match.group(0)), text)
