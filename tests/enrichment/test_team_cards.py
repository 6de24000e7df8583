"""Team grids: members without titles found by their card's shape, and their own profile links."""

from __future__ import annotations

from enrichment import profile_from_html


def grid_page(cards: str, footer: str = "") -> str:
    return f"<html><body><h2>Leadership Team</h2><div class='grid'>{cards}</div>{footer}</body></html>"


def card(name: str, extra: str = "") -> str:
    return f"<div class='member'><h4>{name}</h4><p>{name.split()[0]} loves cloud work.</p>{extra}</div>"


def test_name_only_cards_shaped_like_known_members_are_members() -> None:
    structured = ('<div itemscope itemtype="http://schema.org/Person"><h4 itemprop="name">Eva Ister</h4>'
                  '<a itemprop="sameAs" href="https://www.linkedin.com/in/eister/">in</a></div>'
                  '<div itemscope itemtype="http://schema.org/Person"><h4 itemprop="name">Dan Ursu</h4></div>')
    html = grid_page(structured + card("Chris Rausch") + card("Stela Lupu"))
    people = profile_from_html(html, "https://acme.com/team/").people
    assert [p.name for p in people] == ["Eva Ister", "Dan Ursu", "Chris Rausch", "Stela Lupu"]
    assert all(p.title is None or p.name == "Eva Ister" for p in people)


def test_one_known_member_is_not_enough_to_call_every_heading_a_person() -> None:
    html = grid_page("<h3>Martin Junker</h3><h4>Ihr Finanzierungsberater</h4>"
                     "<h3>Martin Junker</h3><h3>Ähnliche Beiträge</h3><h3>Günstiger Firmenkredit</h3>")
    assert [p.name for p in profile_from_html(html, "https://acme.de/").people] == ["Martin Junker"]


def test_board_grid_with_mixed_bold_tags() -> None:
    html = grid_page("<p><strong>Lynn Byrd</strong><br>HR Committee Chair<br>Owner, Byrd Shop</p>"
                     "<p><strong>Jim Murray</strong><br>Technology Committee Chair<br>Retired</p>"
                     "<p><b>Dave Debro<br></b><em>(Representing Green River)</em><br>Advisor, Jones Co</p>")
    people = {p.name: p.title for p in profile_from_html(html, "https://acme.org/board/").people}
    assert people == {"Lynn Byrd": "HR Committee Chair", "Jim Murray": "Technology Committee Chair",
                      "Dave Debro": None}


def test_profile_links_in_a_members_card_are_theirs_not_the_companys() -> None:
    cards = (card("Ann Vizit", '<a href="https://www.linkedin.com/in/ann-vizit-16/">in</a>'
                               '<a href="https://twitter.com/annv">tw</a>')
             + card("Sergiu Cecol", '<a href="https://www.linkedin.com/in/someone-else/">in</a>'))
    footer = ('<footer><a href="https://www.linkedin.com/company/acme/">in</a>'
              '<a href="https://twitter.com/AcmeHQ">tw</a></footer>')
    structured = ('<script type="application/ld+json">[{"@type": "Person", "name": "Ann Vizit", '
                  '"jobTitle": "CEO"}, {"@type": "Person", "name": "Sergiu Cecol", "jobTitle": "CTO"}]</script>')
    html = grid_page(cards, footer).replace("<body>", f"<head>{structured}</head><body>")
    result = profile_from_html(html, "https://acme.com/team/")
    linkedin = {p.name: p.linkedin for p in result.people}
    assert linkedin == {"Ann Vizit": "https://linkedin.com/in/ann-vizit-16", "Sergiu Cecol": None}
    assert result.socials == {"linkedin": ["https://linkedin.com/company/acme"],
                              "twitter": ["https://twitter.com/AcmeHQ"]}


def test_a_solo_practitioners_own_profile_stays_the_sites_profile() -> None:
    html = ("<html><body><h1>Jens Muster</h1><p>Rechtsanwalt</p>"
            '<a href="https://www.linkedin.com/in/jmuster">LinkedIn</a></body></html>')
    result = profile_from_html(html, "https://anwalt-muster.de/")
    assert result.socials == {"linkedin": ["https://linkedin.com/in/jmuster"]}


def test_portrait_alt_text_names_the_member_when_the_card_states_a_role() -> None:
    cards = ('<div class="c"><img src="a.jpg" alt="Jane Roe"><p>Chief Executive Officer</p></div>'
             '<div class="c"><img src="b.jpg" alt="John Poe"><p>VP Sales</p></div>'
             '<div class="c"><img src="c.jpg" alt="Happy Customers"><p>Head of nothing</p></div>')
    people = {p.name: p.title for p in profile_from_html(grid_page(cards), "https://acme.com/team/").people}
    assert people == {"Jane Roe": "Chief Executive Officer", "John Poe": "VP Sales"}


def test_a_single_captioned_photo_is_an_illustration_not_a_team() -> None:
    html = grid_page('<figure><img src="a.jpg" alt="Jane Roe"><figcaption>Director</figcaption></figure>'
                     "<p>We build rockets for people who like rockets and more rockets.</p>")
    assert profile_from_html(html, "https://acme.com/").people == []


def test_names_listed_under_a_team_heading_are_people_without_titles() -> None:
    html = grid_page("<h2>Our Attorneys</h2><p>We win.</p><p>Herbert J. Keller</p><p>Vincent Jesu</p>"
                     "<p>Frank Digio</p><h4>Recent Blog Posts</h4><p>Slip and Fall</p><p>Dog Bite</p>")
    people = profile_from_html(html, "https://acme-law.com/attorneys/").people
    assert [(p.name, p.title) for p in people] == [("Herbert J. Keller", None), ("Vincent Jesu", None),
                                                   ("Frank Digio", None)]


def test_name_like_lines_under_other_headings_are_not_people() -> None:
    html = grid_page("<h2>Locations Served</h2><p>Union County</p><p>Bergen Field</p><p>Essex Park</p>")
    assert profile_from_html(html, "https://acme-law.com/").people == []
