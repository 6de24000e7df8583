"""Social profile URLs: which platform a link belongs to and its canonical form."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# platform -> (hosts, profile path pattern). A path must match to count as a profile rather than a
# share button, a post, a video or a policy page.
_PLATFORMS: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "linkedin": (("linkedin.com",), re.compile(r"^/(?:company|in|school|showcase)/[^/]+$", re.I)),
    "twitter": (("twitter.com", "x.com"), re.compile(r"^/(?!share|intent|home|search|hashtag|i$|i/)[A-Za-z0-9_]{1,15}$")),
    "facebook": (
        ("facebook.com", "fb.com"),
        re.compile(r"^/(?!sharer|share|dialog|plugins|policies|policy|privacy|help|tr$|login|events/)"
                   r"(?:pages/[^/]+/\d+|people/[^/]+/\d+|[A-Za-z0-9.\-]{2,})$", re.I),
    ),
    "instagram": (("instagram.com",), re.compile(r"^/(?!p/|explore|reel|stories|accounts)[A-Za-z0-9_.]{1,30}$")),
    "youtube": (("youtube.com",), re.compile(r"^/(?:user/[^/]+|channel/[^/]+|c/[^/]+|@[^/]+|(?!watch|embed|results|playlist|shorts|redirect|t/)[A-Za-z0-9_\-]{3,})$")),
    "github": (("github.com",), re.compile(r"^/(?!features|login|about|pricing|sponsors|orgs$|topics|marketplace)[A-Za-z0-9\-]+(?:/[A-Za-z0-9_.\-]+)?$")),
    "xing": (("xing.com",), re.compile(r"^/(?:profile|companies|pages)/[^/]+$", re.I)),
    "pinterest": (("pinterest.com", "pinterest.de", "pinterest.co.uk", "pinterest.fr"), re.compile(r"^/(?!pin/|search)[A-Za-z0-9_]{3,30}$")),
    "vimeo": (("vimeo.com",), re.compile(r"^/(?!\d+$|channels|ondemand|video)[A-Za-z0-9_]{2,}$")),
    "tiktok": (("tiktok.com",), re.compile(r"^/@[A-Za-z0-9_.]+$")),
    "googleplus": (("plus.google.com",), re.compile(r"^/(?:\+[^/]+|\d{10,})$")),
}
_STRIP_HOST_PREFIXES = ("www.", "m.", "mobile.", "de.", "en.", "fr.", "es.", "uk.", "business.")
# Theme and template vendors whose icons ship with themes sold to thousands of sites.
_THEME_VENDORS = {"infortis", "codetipi", "envato", "themeforest", "elegantthemes", "themefuse",
                  "themeisle", "wpbakery", "themepunch", "mikado_themes", "qodeinteractive"}


def canonical_social(url: str) -> tuple[str, str] | None:
    """(platform, canonical URL) for a profile link; None for share links, posts and non-socials."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", ""):
        return None
    host = (parts.hostname or "").lower()
    for prefix in _STRIP_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix):]
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    for platform, (hosts, profile) in _PLATFORMS.items():
        if host in hosts and profile.match(path):
            if host == "x.com":
                host = "twitter.com"
            handle = path.rsplit("/", 1)[-1].lstrip("@+").lower()
            if handle in _THEME_VENDORS:
                return None
            return platform, f"https://{host}{path}"
    return None
