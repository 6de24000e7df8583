"""Exceptions callers can act on: every failure of the library is an EnrichmentError."""


class EnrichmentError(Exception):
    """Base class: the page or site could not be turned into a profile."""


class UnusablePageError(EnrichmentError):
    """The input is not an HTML page we can read (too large, binary, empty after cleaning)."""


class FetchError(EnrichmentError):
    """A page could not be fetched; the message says why in words a rep can act on."""


class UnsafeURLError(FetchError):
    """The URL points somewhere we refuse to connect to (private network, bad scheme...)."""
