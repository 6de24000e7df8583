"""The company name: what the site calls itself, not the heading of the page the rep is on."""

from __future__ import annotations

import pytest

from enrichment import profile_from_html
from enrichment.extractors.company_name import domain_spelled_prefix, fuller_forms


def name_of(head: str = "", body: str = "", url: str = "https://www.acme.com/about/") -> str | None:
    return profile_from_html(f"<html><head>{head}</head><body>{body}</body></html>", url).name


def test_inner_page_heading_in_site_name_loses_to_the_name_that_spells_the_domain() -> None:
    head = ('<title>What Is Acme - Acme Rockets Launch Software</title>'
            '<meta property="og:site_name" content="What is Acme - Acme Rockets Launch Software">')
    assert name_of(head, url="https://acmerockets.com/about/") == "Acme Rockets"


@pytest.mark.parametrize(("name", "trimmed"), [
    ("Acme Rockets Launch Software", "Acme Rockets"),
    ("Acme Rockets GmbH Raketenbau", "Acme Rockets GmbH"),
    ("Acme Rockets 1990 e. V.", None),  # founding year and legal form are part of the name
    ("Acme Rockets", None),
    ("Rockets by Acme", None),
])
def test_domain_spelled_prefix_drops_only_a_tagline(name: str, trimmed: str | None) -> None:
    assert domain_spelled_prefix(name, "https://acme-rockets.de/") == trimmed


def test_copyright_holder_written_in_full_in_the_footer_beats_a_misspelt_logo_alt() -> None:
    body = ('<img class="logo" src="logo.gif" alt="Planungbuero A. Muster">'
            "<p>Trees.</p><p>Planungsbüro A. Muster * Hauptstr. 6 * 27580 Bremerhaven</p>"
            "<p>© 2019: A. Muster</p>")
    assert name_of(body=body, url="https://buero-muster.de/") == "Planungsbüro A. Muster"


def test_fuller_forms_ignore_labels_and_other_copyright_lines() -> None:
    lines = ["Quelle: Acme", "© 2020 Acme", "Acme GmbH", "Acme Cloud Platform Pricing"]
    assert fuller_forms("Acme", lines) == ["Acme GmbH"]


@pytest.mark.parametrize(("footer", "name"), [
    ("© City of Springfield, Communications Department", "City of Springfield"),
    ("© 2021 Smith, Jones & Brown, LLP", "Smith, Jones & Brown, LLP"),
    ("© Acme Ltd 2018 Supplier Privacy Notice", "Acme Ltd"),
])
def test_copyright_holder_keeps_firm_commas_and_drops_departments(footer: str, name: str) -> None:
    assert name_of(body=f"<p>Hi</p><footer>{footer}</footer>", url="https://example.org/") == name


def test_title_segment_repeated_inside_a_heading_segment_is_the_name() -> None:
    head = "<title>Der Musterverband Bayern im Porträt | Musterverband Bayern (MVB)</title>"
    assert name_of(head, url="https://mv-by.com/") == "Musterverband Bayern (MVB)"


def test_double_escaped_entities_in_names_are_decoded() -> None:
    head = ('<script type="application/ld+json">{"@type": "Organization", '
            '"name": "Fishing &amp; Outdoor Apps GmbH"}</script>')
    assert name_of(head) == "Fishing & Outdoor Apps GmbH"
