"""Which country a page belongs to, so phone numbers written without +CC parse correctly."""

from __future__ import annotations

import phonenumbers

from enrichment.domains import region_from_domain

_COUNTRY_NAMES = {
    "germany": "DE", "deutschland": "DE", "austria": "AT", "österreich": "AT", "switzerland": "CH",
    "schweiz": "CH", "suisse": "CH", "united states": "US", "united states of america": "US",
    "usa": "US", "u.s.a.": "US", "us": "US", "united kingdom": "GB", "uk": "GB", "england": "GB",
    "great britain": "GB", "new zealand": "NZ", "australia": "AU", "canada": "CA", "france": "FR",
    "netherlands": "NL", "nederland": "NL", "the netherlands": "NL", "spain": "ES", "españa": "ES",
    "italy": "IT", "italia": "IT", "ireland": "IE", "belgium": "BE", "belgique": "BE", "poland": "PL",
    "polska": "PL", "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI", "india": "IN",
    "japan": "JP", "china": "CN", "mexico": "MX", "méxico": "MX", "brazil": "BR", "brasil": "BR",
    "moldova": "MD", "czech republic": "CZ", "czechia": "CZ", "portugal": "PT", "singapore": "SG",
}


def region_from_country(country: str | None) -> str | None:
    """ISO 3166 alpha-2 for a country as written (``Germany``, ``DE``, ``Deutschland``)."""
    if not country:
        return None
    text = country.strip()
    if len(text) == 2 and text.isalpha() and text.upper() in phonenumbers.SUPPORTED_REGIONS:
        return text.upper()
    return _COUNTRY_NAMES.get(text.lower())


def page_region(url: str, address_country: str | None, lang: str, geo_region: str) -> str | None:
    """Best guess of the page's country: stated address, then geo meta, then TLD, then lang tag."""
    for guess in (region_from_country(address_country), region_from_country(geo_region[:2])):
        if guess:
            return guess
    from_tld = region_from_domain(url)
    if from_tld and from_tld in phonenumbers.SUPPORTED_REGIONS:
        return from_tld
    _, _, subtag = lang.partition("-")
    return region_from_country(subtag) if subtag else None
