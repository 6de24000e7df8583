"""The industry classifier weighs a keyword by what it says about the company itself."""

from __future__ import annotations

import pytest

from enrichment import profile_from_html
from enrichment.extractors.industry import classify, context_weight
from enrichment.industries import KEYWORDS


def industry_of(head: str, body: str = "<p>Hello</p>", url: str = "https://acme.com/") -> str | None:
    return profile_from_html(f"<html><head>{head}</head><body>{body}</body></html>", url).industry


def test_energy_retail_software_is_software_not_energy() -> None:
    head = ("<title>Acme - Acme Energy Retail Software</title>"
            '<meta name="description" content="Acme is a software platform for energy retailers.">')
    assert industry_of(head, "<h2>Software for energy retailers</h2>") == "Software"


@pytest.mark.parametrize(("text", "word", "factor"), [
    ("Acme is a cloud native company.", "cloud", 2.0),
    ("We build tools for developers.", "developers", 0.3),
    ("End-to-end energy retailing software.", "energy", 0.3),
    ("Our cloud runs in Europe.", "cloud", 1.0),
])
def test_context_decides_how_much_a_keyword_counts(text: str, word: str, factor: float) -> None:
    start = text.index(word)
    category = KEYWORDS[word][0]
    assert context_weight(text, start, start + len(word), category)[0] == factor


def test_context_is_part_of_the_evidence() -> None:
    _, evidence = classify({"description": "Acme is a cloud native company offering cloud hosting."}, [])
    assert '"cloud" in description (defines the company)' in evidence


def test_an_articles_topic_is_not_the_publishers_industry() -> None:
    head = ('<title>County Criminalized Students for Bad Grades | Acme Civil Liberties Union</title>'
            '<meta property="og:site_name" content="Acme Civil Liberties Union">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>')
    body = "<article><h1>Students and school grades</h1><p>Students at school.</p></article>"
    assert industry_of(head, body) == "Nonprofit"


def test_pages_tagged_article_by_the_cms_without_a_date_are_ordinary_pages() -> None:
    head = '<title>Attorneys - Acme Law</title><meta property="og:type" content="article">'
    assert industry_of(head, "<h2>Attorneys</h2><p>Our attorneys and lawyers.</p>") == "Legal"


def test_a_newsletter_signup_is_not_media_and_publishing() -> None:
    assert industry_of("<title>Acme</title>", "<h3>Newsletter</h3><h3>Newsletter</h3><p>Newsletter</p>") is None


@pytest.mark.parametrize(("title", "description", "industry"), [
    ("Cabinet Dupont - Avocats à Lyon", "Cabinet d'avocats en droit des affaires.", "Legal"),
    ("Clínica Sol", "Clínica dental y centro médico en Sevilla.", "Healthcare"),
    ("Rossi Costruzioni", "Impresa di costruzioni ed edilizia a Milano.", "Construction"),
    ("Bakker Vastgoed", "Makelaar en vastgoed in Utrecht.", "Real Estate"),
])
def test_clear_french_spanish_italian_and_dutch_terms(title: str, description: str, industry: str) -> None:
    head = f'<title>{title}</title><meta name="description" content="{description}">'
    assert industry_of(head, url="https://example.eu/") == industry


def test_an_advisory_board_heading_is_not_consulting() -> None:
    body = "<h2>Advisory Board</h2><h3>Advisory Board</h3><p>Our advisory board meets yearly.</p>"
    assert industry_of("<title>Acme</title>", body) is None
