"""Registered domains and the country a site most likely belongs to, without any network access."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

# An empty suffix_list_urls makes tldextract use its bundled snapshot: no fetches at import or run.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=())

# Generic TLDs say nothing about a country; country-code TLDs that are mostly used as brands too.
_BRAND_CCTLDS = {"io", "ai", "co", "me", "tv", "fm", "ly", "to", "gg", "cc", "ws", "app"}
_CCTLD_REGION = {"uk": "GB", "eu": None}


def _host_of(url_or_host: str) -> str:
    text = url_or_host.strip()
    if "://" in text:
        return urlsplit(text).hostname or ""
    return text.split("/", 1)[0].split(":", 1)[0]


@lru_cache(maxsize=4096)
def registered_domain(url_or_host: str) -> str | None:
    """The domain a company registered (``https://www.shop.acme.co.uk/x`` -> ``acme.co.uk``)."""
    host = _host_of(url_or_host).lower().rstrip(".")
    if not host:
        return None
    parts = _EXTRACT(host)
    if not parts.domain or not parts.suffix:
        return None
    domain = f"{parts.domain}.{parts.suffix}"
    # DNS: a name of at most 253 characters, each label 1-63. Longer ones exist nowhere.
    if len(domain) > 253 or any(not 0 < len(label) <= 63 for label in domain.split(".")):
        return None
    return domain


def region_from_domain(url_or_host: str) -> str | None:
    """ISO country of a country-code TLD (``.de`` -> ``DE``), or None for generic ones."""
    domain = registered_domain(url_or_host)
    if not domain:
        return None
    tld = domain.rsplit(".", 1)[-1]
    if tld in _CCTLD_REGION:
        return _CCTLD_REGION[tld]
    if len(tld) != 2 or tld in _BRAND_CCTLDS:
        return None
    return tld.upper()


def domain_label(url_or_host: str) -> str:
    """The registrable label without suffix (``acme.co.uk`` -> ``acme``), for name matching."""
    domain = registered_domain(url_or_host) or ""
    return domain.split(".", 1)[0]


def same_site(url: str, other: str) -> bool:
    """Whether two URLs belong to the same registered domain (www and subdomains included)."""
    mine = registered_domain(url)
    return mine is not None and mine == registered_domain(other)
