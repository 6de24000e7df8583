"""Sidekick's enrichment engine: from a company's web pages to a sourced CompanyProfile.

Pure Python: no Flask, no database. The server and CLI call ``profile_from_html`` for the page a
rep is viewing and ``profile_from_site`` for the background crawl.
"""

from enrichment.domains import registered_domain
from enrichment.errors import EnrichmentError, FetchError, UnsafeURLError, UnusablePageError
from enrichment.pages import profile_from_html
from enrichment.profile import CompanyProfile, Location, Person, SizeTiers
from enrichment.site import profile_from_site

__all__ = [
    "CompanyProfile",
    "EnrichmentError",
    "FetchError",
    "Location",
    "Person",
    "SizeTiers",
    "UnsafeURLError",
    "UnusablePageError",
    "profile_from_html",
    "profile_from_site",
    "registered_domain",
]
