"""Telling mail clients' image proxies and link scanners from people reading an email.

Opens are a weak signal: Gmail's image proxy and corporate scanners (Mimecast, Proofpoint,
Barracuda, Microsoft Safe Links…) fetch pixels and follow links within seconds of delivery.
Such hits are still stored (flagged ``machine``) but never scored. Apple Mail Privacy
Protection pre-loads with an ordinary browser agent; only the timing rule can catch it.
"""

from __future__ import annotations

import re
from datetime import datetime

MACHINE_AGENTS = re.compile(
    r"GoogleImageProxy|YahooMailProxy|ggpht\.com|Barracuda|Mimecast|Proofpoint|ppops|"
    r"MessageLabs|Symantec|Trend ?Micro|FireEye|Forcepoint|SafeLinks|Sophos|Cisco ?IronPort|"
    r"Microsoft Office Protocol Discovery|python-requests|python-urllib|curl/|Wget|"
    r"Go-http-client|okhttp|Java/|HeadlessChrome|PhantomJS|\bbot\b|crawler|spider|scanner|"
    r"preview", re.IGNORECASE)
BURST_SECONDS = 5
BURST_LINKS = 2  # this many other links of one email clicked within BURST_SECONDS: a scanner


def machine_reason(*, method: str, user_agent: str | None, sent_at: datetime | None,
                   now: datetime, min_seconds: int, other_links_just_clicked: int = 0) -> str | None:
    """Why this hit looks automated, or None when it looks like a person."""
    if method == "HEAD":
        return "HEAD request"
    if not user_agent:
        return "no user agent"
    if MACHINE_AGENTS.search(user_agent):
        return "proxy or scanner user agent"
    if sent_at is not None and (now - sent_at).total_seconds() < min_seconds:
        return f"within {min_seconds} s of sending"
    if other_links_just_clicked >= BURST_LINKS:
        return "many links clicked at once"
    return None
