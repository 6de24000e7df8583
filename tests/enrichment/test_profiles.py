"""profile_from_html turns what a page states into the CompanyProfile contract, and nothing more."""

from __future__ import annotations

import pytest

from enrichment import CompanyProfile, SizeTiers, profile_from_html, registered_domain

CONTRACT_KEYS = ["url", "domain", "name", "description", "industry", "industry_evidence",
                 "employee_range", "employees_stated", "size_tier", "location", "phones", "emails",
                 "socials", "people", "technologies", "sources", "provenance"]


def page(body: str, head: str = "") -> str:
    """A minimal page around the given body markup."""
    return f"<html lang='en-US'><head>{head}</head><body>{body}</body></html>"


def profile(body: str, head: str = "", url: str = "https://www.acme.com/about") -> CompanyProfile:
    return profile_from_html(page(body, head), url)


def test_to_dict_has_exactly_the_contract_keys() -> None:
    data = profile("<h1>Hello</h1>").to_dict()
    assert list(data) == CONTRACT_KEYS
    assert set(data["location"]) == {"street", "city", "region", "postal_code", "country"}


def test_empty_page_states_nothing_and_guesses_nothing() -> None:
    data = profile("<p>Welcome.</p>").to_dict()
    assert data["name"] is None and data["industry"] is None and data["size_tier"] is None
    assert data["phones"] == [] and data["people"] == [] and data["socials"] == {}


@pytest.mark.parametrize(("url", "domain"), [
    ("https://www.shop.acme.co.uk/x", "acme.co.uk"), ("acme.com", "acme.com"),
    ("http://localhost:5000/", None), ("https://blog.acme.de:8443/a?b", "acme.de"),
    (f"https://{'a' * 63}.com/", f"{'a' * 63}.com"), (f"https://{'a' * 64}.com/", None),
    ("https://" + "a." * 130 + "com/", "a.com"), ("acme..com", None),
])
def test_registered_domain_uses_the_bundled_suffix_list(url: str, domain: str | None) -> None:
    assert registered_domain(url) == domain


def test_json_ld_organization_beats_page_title() -> None:
    head = ('<title>Pricing | Something Else</title><script type="application/ld+json">'
            '{"@type": "Organization", "name": "Acme Rockets", "numberOfEmployees": 40,'
            ' "address": {"@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"}}'
            "</script>")
    result = profile("<p>x</p>", head)
    assert result.name == "Acme Rockets"
    assert result.provenance["name"] == "json-ld Organization name"
    assert (result.employee_range, result.size_tier) == ("11-50", "small")
    assert (result.location.city, result.location.country) == ("Berlin", "DE")


@pytest.mark.parametrize(("text", "stated", "tier"), [
    ("We are a team of 40 engineers.", 40, "small"), ("over 2,000 employees worldwide", 2000, "enterprise"),
    ("Rund 150 Mitarbeiter", 150, "mid"), ("Our team builds rockets.", None, None),
])
def test_size_only_when_the_page_states_it(text: str, stated: int | None, tier: str | None) -> None:
    result = profile(f"<p>{text}</p>")
    assert (result.employees_stated, result.size_tier) == (stated, tier)


def test_size_tier_thresholds_are_a_parameter() -> None:
    result = profile_from_html(page("<p>a team of 40</p>"), "https://acme.com", tiers=SizeTiers(small_max=10))
    assert result.size_tier == "mid"


def test_phones_are_e164_with_the_country_of_the_site() -> None:
    result = profile('<p>Telefon: 089 231416666</p><a href="tel:+4930123456">call</a><p>Fax: 089 231416667</p>',
                     url="https://www.acme.de/")
    assert result.phones == ["+4930123456", "+4989231416666"]


def test_emails_from_mailto_text_and_obfuscation_are_lowercased() -> None:
    result = profile('<a href="mailto:%20Hello@Acme.com?subject=hi">write</a>'
                     "<p>sales [at] acme [dot] com</p><p>logo@2x.png</p>"
                     '<input placeholder="info@example.com">'
                     '<a href="/cdn-cgi/l/email-protection#3a555c5c53595f7a5b59575f14595557">[email protected]</a>')
    assert result.emails == ["hello@acme.com", "office@acme.com", "sales@acme.com"]


def test_socials_are_canonical_profiles_not_share_buttons() -> None:
    result = profile('<a href="https://x.com/AcmeHQ/">x</a><a href="https://twitter.com/intent/tweet?u=1">share</a>'
                     '<a href="https://www.facebook.com/sharer.php?u=1">share</a>'
                     '<a href="https://de.linkedin.com/company/acme/">in</a>'
                     '<a href="https://www.youtube.com/watch?v=abc">video</a>')
    assert result.socials == {"twitter": ["https://twitter.com/AcmeHQ"],
                              "linkedin": ["https://linkedin.com/company/acme"]}


def test_team_cards_become_people_with_seniority_and_department() -> None:
    result = profile("<h2>Our Team</h2><div><h3>Jane Doe</h3><p>Chief Financial Officer</p></div>"
                     "<div><h3>Read More</h3><p>Director of Everything</p></div>"
                     "<div><p><strong>Max Mustermann</strong><br>VP Sales</p><p>max@acme.com</p></div>")
    people = {p.name: p for p in result.people}
    assert set(people) == {"Jane Doe", "Max Mustermann"}
    assert (people["Jane Doe"].seniority, people["Jane Doe"].department) == ("c_level", "finance")
    assert people["Max Mustermann"].is_decision_maker and people["Max Mustermann"].email == "max@acme.com"
    assert "lower bound" in result.provenance["people_listed"]
    assert result.employees_stated is None


def test_name_title_phrase_in_text_is_a_person() -> None:
    result = profile("<p>For media inquiries, contact Anna Brown, Manager of Marketing, anna@acme.com.</p>")
    assert [(p.name, p.title) for p in result.people] == [("Anna Brown", "Manager of Marketing")]


def test_industry_comes_with_its_evidence() -> None:
    result = profile("<h1>Hospice and palliative care</h1>",
                     head='<title>Acme Hospice</title><meta name="description" content="Hospice care for patients">')
    assert result.industry == "Healthcare"
    assert any("hospice" in item for item in result.industry_evidence)


def test_technologies_from_script_and_link_evidence() -> None:
    result = profile("<p>x</p>", head='<script src="/wp-content/themes/a.js"></script>'
                                      '<link href="https://fonts.googleapis.com/css" rel="stylesheet">')
    assert result.technologies == ["WordPress", "Google Fonts"]


def test_social_handles_differing_only_in_case_are_one_profile() -> None:
    result = profile('<a href="https://twitter.com/AcmeHQ">x</a><a href="https://twitter.com/acmehq">x</a>')
    assert result.socials == {"twitter": ["https://twitter.com/AcmeHQ"]}
