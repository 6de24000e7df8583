"""Registered domains from any URL, with tldextract's bundled suffix list (no network)."""

from __future__ import annotations

import tldextract

_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url_or_host: str) -> str | None:
    """``https://www.shop.acme.co.uk/x`` → ``acme.co.uk``; None when there is no public suffix."""
    text = (url_or_host or "").strip().lower()
    if not text:
        return None
    parts = _extract(text)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}"
