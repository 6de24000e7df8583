"""People on team, board and article pages: who they are and which title is theirs here."""

from __future__ import annotations

import pytest

from enrichment import profile_from_html
from enrichment.person_names import looks_like_person_name
from enrichment.titles import names_other_org, split_name_and_role


def people_of(body: str, head: str = "", url: str = "https://www.acme.org/board/") -> dict[str, str | None]:
    result = profile_from_html(f"<html><head>{head}</head><body>{body}</body></html>", url)
    return {person.name: person.title for person in result.people}


def test_board_members_keep_board_roles_not_their_outside_jobs() -> None:
    body = ("<h1>Board of Directors</h1>"
            "<p><strong>Carl Jones, Secretary</strong><br>Campaign Committee Chair<br>President, Jones Realty</p>"
            "<p><strong>Cora Gray</strong><br>VP, Human Resources, Baptist Hospital</p>"
            "<p><strong>Ned Stone</strong><br>Ernst &amp; Sons LLP, Partner</p>"
            "<p><strong>Retired Teacher</strong><br>Cathy Zeal, Immediate Past Chair<br>Owner, Zeal Media</p>")
    assert people_of(body) == {
        "Carl Jones": "Secretary; Campaign Committee Chair",
        "Cora Gray": None,
        "Ned Stone": None,
        "Cathy Zeal": "Immediate Past Chair",
    }


@pytest.mark.parametrize(("title", "elsewhere"), [
    ("VP, Human Resources, Baptist Hospital", True),
    ("Ernst & Sons LLP, Partner", True),
    ("Head of Finance, Acme", False),
    ("Staff Attorney, Acme Racial Justice Program", False),
    ("Non Executive Chair, SaaS Advisor, Business Strategy", False),
    ("Chief Executive Officer", False),
])
def test_titles_naming_another_organisation(title: str, elsewhere: bool) -> None:
    assert names_other_org(title, ("acme",)) is elsewhere


def test_roles_after_credentials_are_split_from_the_name() -> None:
    assert split_name_and_role("Rita Hale, CPA, CFE, Treasurer") == ("Rita Hale, CPA, CFE", "Treasurer")
    assert split_name_and_role("Phil Marsh, MBA") == ("Phil Marsh, MBA", None)
    assert split_name_and_role("& Sylvia Torres-Guillén") == ("Sylvia Torres-Guillén", None)


def test_article_bylines_with_a_space_before_the_comma() -> None:
    body = ('<div class="author">Sarah Hill , Staff Attorney, Acme Justice Program</div>'
            '<div class="author">&amp; Sylvia Torres-Guillén , Director of Education, Acme Foundation</div>'
            "<div>July 25, 2019</div>")
    assert people_of(body) == {"Sarah Hill": "Staff Attorney, Acme Justice Program",
                               "Sylvia Torres-Guillén": "Director of Education, Acme Foundation"}


def test_name_dash_title_line_and_german_compound_titles() -> None:
    body = ("<div>Johann N. Muster - Rechtsanwalt</div><div>Hauptstr. 4</div>"
            "<h3>Martin Beispiel</h3><h4>Ihr Finanzierungsberater</h4><p>Biografie</p>")
    assert people_of(body, url="https://acme.de/") == {"Johann N. Muster": "Rechtsanwalt",
                                                      "Martin Beispiel": "Ihr Finanzierungsberater"}


def test_bio_sentences_and_organisation_names_are_not_people() -> None:
    body = ("<p>He joined from Morgan Stanley, Anatol was a management consultant in Moldova.</p>"
            "<ul><li>New York Council of Defense Lawyers, Board Member</li>"
            "<li>Ernst &amp; Young LLP, Partner</li></ul>")
    assert people_of(body) == {}


def test_class_marked_title_is_trusted_even_when_it_reads_like_a_name() -> None:
    body = ('<cite><span class="card__name">Corina Wolf</span>'
            '<span class="card__title">Journal Editor, Acme</span></cite>')
    assert people_of(body) == {"Corina Wolf": "Journal Editor, Acme"}


def test_blog_author_boxes_without_a_role_are_not_staff() -> None:
    head = ('<script type="application/ld+json">{"@graph": [{"@type": "Person", '
            '"@id": "https://acme.org/post/#author", "name": "Susi Sorglos"}]}</script>')
    assert people_of("<p>Post</p>", head) == {}


@pytest.mark.parametrize("text", ["Connected Driving Connected Driving", "Samsung Electronics",
                                  "Young LLP", "Retired Healthcare", "Ihr Finanzierungsberater"])
def test_labels_and_organisations_are_not_person_names(text: str) -> None:
    assert not looks_like_person_name(text)


def test_products_and_instructions_are_not_people() -> None:
    body = ("<h3>Acme VIPP</h3><p>Acme ISV Partner Program</p>"
            "<p>Use Boot Camp, install Acme Desktop and follow the Installation Assistant.</p>"
            "<p>Über Anika Schön</p><p>Partner</p>")
    assert people_of(body) == {}


def test_a_title_at_a_named_other_company_is_dropped_with_its_date() -> None:
    body = "<p>Stefan Dick, Geschäftsführer der Südstärke GmbH 03.09.2019</p>"
    assert people_of(body, url="https://verband-bayern.de/") == {"Stefan Dick": None}
