"""The address printed in a footer or imprint, when the page has no structured address."""

from __future__ import annotations

import pytest

from enrichment import profile_from_html
from enrichment.extractors.address_text import address_in


@pytest.mark.parametrize(("text", "street", "postal", "city", "country"), [
    ("Planungsbüro Muster * Hauptstraße 6 * 27580 Bremerhaven", "Hauptstraße 6", "27580", "Bremerhaven", None),
    ("Am Hafen 24, 26721 Emden", "Am Hafen 24", "26721", "Emden", None),
    ("Stadtplatz 3, DE-93437 Furth im Wald", "Stadtplatz 3", "93437", "Furth im Wald", "DE"),
    ("Gold-Zack-Str. 9, 40822 Mettmann", "Gold-Zack-Str. 9", "40822", "Mettmann", None),
    ("1120 Sixth Avenue – 4th Floor, New York, NY 10036", "1120 Sixth Avenue – 4th Floor", "10036", "New York", "US"),
    ("50 Tice Blvd, Woodcliff Lake NJ 07677", "50 Tice Blvd", "07677", "Woodcliff Lake", "US"),
])
def test_addresses_as_printed(text: str, street: str, postal: str, city: str, country: str | None) -> None:
    location = address_in(text)
    assert location is not None
    assert (location.street, location.postal_code, location.city, location.country) == (street, postal, city, country)


@pytest.mark.parametrize("text", [
    "Seit 1990 über 2500 zufriedene Kunden", "Call 0800 12345 67", "Version 2.0 released 2019",
    "Open 9 to 5, Monday to Friday", "Flug LH 400 nach Frankfurt",
])
def test_numbers_that_are_not_addresses(text: str) -> None:
    assert address_in(text) is None


def test_street_and_postcode_on_consecutive_lines_and_structured_data_still_wins() -> None:
    body = "<footer><p>Acme GmbH</p><p>Am Hafen 24</p><p>26721 Emden</p></footer>"
    result = profile_from_html(f"<html><body>{body}</body></html>", "https://acme.de/")
    assert (result.location.street, result.location.city) == ("Am Hafen 24", "Emden")
    assert result.provenance["location"].startswith("visible address")
    head = ('<script type="application/ld+json">{"@type": "Organization", "name": "Acme", "address": '
            '{"@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"}}</script>')
    result = profile_from_html(f"<html><head>{head}</head><body>{body}</body></html>", "https://acme.de/")
    assert result.location.city == "Berlin"
