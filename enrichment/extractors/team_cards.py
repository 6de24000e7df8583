"""Team grids: more people in cards shaped like the ones already found, and each card's own links.

A grid repeats one markup for every member (``<h4>Name</h4>`` + bio, ``<p><strong>Name</strong>``),
so once two members are known, the other cards of the same shape are members too, even without a
title. A LinkedIn link inside one member's card is that person's profile, not the company's.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import lxml.html

from enrichment.document import Line, Page, clean_text
from enrichment.extractors.base import Extractor, register
from enrichment.extractors.contacts import MAX_LINES
from enrichment.extractors.team import company_keys
from enrichment.findings import Findings, person_key
from enrichment.person_names import looks_like_person_name
from enrichment.profile import Person
from enrichment.socials import canonical_social
from enrichment.titles import looks_like_title, own_title, split_name_and_role

Signature = tuple[str, str, str]
_MIN_SEEDS = 2
_ORG_PAGE = re.compile(r"linkedin\.com/(?:company|school|showcase)/|xing\.com/(?:companies|pages)/")
_SAME_MEANING = {"b": "strong", "i": "em"}  # hand-edited grids mix them from card to card
_MAX_SCAN = 40
_MAX_PORTRAITS = 300
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_TEAM_HEADING = re.compile(
    r"team|leadership|management|people|staff|board|founders|executives|attorneys|lawyers|partners|"
    r"mitarbeiter|vorstand|gesch[aä]ftsf[uü]hrung|ansprechpartner|[ée]quipe|equipo|direcci[oó]n", re.I)  # elements looked at per block when finding a line's own element


def _own_element(line: Line) -> lxml.html.HtmlElement | None:
    """The outermost element whose whole text is this line (the ``strong`` in ``p > strong``)."""
    for count, node in enumerate(line.block.iter()):
        if count > _MAX_SCAN:
            break
        if isinstance(node.tag, str) and clean_text(node.text_content()) == line.text:
            return node
    return None


def _signature(line: Line) -> Signature | None:
    """The markup shape of a line; None for loose text that no element of its own wraps."""
    node = _own_element(line)
    if node is None:
        return None
    tag = _SAME_MEANING.get(node.tag, node.tag)
    return (line.block.tag, tag, " ".join(sorted((node.get("class") or "").split())))


def _name_of(line: Line) -> tuple[str, str | None] | None:
    if len(line.text) > 120:
        return None
    name, role = split_name_and_role(line.text)
    return (name, role) if looks_like_person_name(name) else None


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in plain if ch.isalnum() and ch.isascii())


def _slug_names(url: str, name: str) -> bool:
    """Whether a profile URL's handle is made from the person's name (``/in/jane-doe-4a1``)."""
    slug = _folded(url.rsplit("/", 1)[-1])
    words = [_folded(word) for word in split_name_and_role(name)[0].split(",")[0].split()]
    words = [word for word in words if len(word) >= 3]
    if not words:
        return False
    first, last = words[0], words[-1]
    return first in slug or last in slug or (first[0] + last[:4]) in slug


def _card_role(image: lxml.html.HtmlElement, name: str) -> str | None:
    """The role line of the small card around a portrait, or None when the card is not one."""
    card = image.getparent()
    for _ in range(3):
        if card is None:
            return None
        pieces = [clean_text(piece) for piece in card.itertext()]
        pieces = [piece for piece in pieces if piece and piece != name]
        if pieces:
            text = " ".join(pieces)
            if len(text) > 240 or any(looks_like_person_name(split_name_and_role(p)[0]) for p in pieces):
                return None
            return next((piece for piece in pieces if looks_like_title(piece)), None)
        card = card.getparent()
    return None


@register
class TeamCardsExtractor(Extractor):
    name = "team_cards"
    order = 36  # after the team extractor has found the first members; before socials

    def extract(self, page: Page, found: Findings) -> None:
        lines = page.lines[:MAX_LINES]
        named = [(i, parsed) for i, line in enumerate(lines) if (parsed := _name_of(line))]
        known = {person_key(p.name): p for p in found.people}
        seeds = Counter(shape for shape, _ in {(_signature(lines[i]), person_key(name))
                                               for i, (name, _) in named if person_key(name) in known})
        shapes = {shape for shape, count in seeds.items() if shape is not None and count >= _MIN_SEEDS}
        keys = company_keys(page, found)
        member_lines: dict[str, Line] = {}
        for i, (name, role) in named:
            key = person_key(name)
            if key not in known and shapes and _signature(lines[i]) in shapes:
                title = self._title(lines, i, role, keys)
                person = Person(name=name, title=title, source_url=page.url)
                found.add_person(person, "card shaped like the other team members' cards")
                known[key] = person
            if key in known:
                member_lines.setdefault(key, lines[i])
        self._listed_under_team_heading(lines, named, known, page, found)
        self._portraits(page, known, keys, found)
        if len(member_lines) >= _MIN_SEEDS:
            self._card_links(member_lines, known, found)

    def _listed_under_team_heading(self, lines: list[Line], named: list[tuple[int, tuple[str, str | None]]],
                                   known: dict[str, Person], page: Page, found: Findings) -> None:
        """``<h2>Our Attorneys</h2>`` then a run of lines that are each just a name."""
        names = {i: name for i, (name, role) in named if role is None and name == lines[i].text}
        for i in names:
            if i - 1 in names:
                continue  # not the start of a run
            run = []
            while i + len(run) in names:
                run.append(names[i + len(run)])
            heading = next((lines[j] for j in range(i - 1, max(-1, i - 3), -1)
                            if lines[j].block.tag in _HEADINGS), None)
            if len(run) >= _MIN_SEEDS and heading is not None and _TEAM_HEADING.search(heading.text):
                for name in run:
                    if person_key(name) not in known:
                        person = Person(name=name, source_url=page.url)
                        found.add_person(person, f'listed under the heading "{heading.text[:60]}"')
                        known[person_key(name)] = person

    def _portraits(self, page: Page, known: dict[str, Person], keys: tuple[str, ...], found: Findings) -> None:
        """A portrait whose alt text is a name, in a small card that also states a role.

        Cards that show the name only in the photo's alt text (the caption is just the role) are
        common in page builders; the role line must sit in the same card, with no other name in it.
        """
        offers = []
        for count, image in enumerate(page.tree.iterfind(".//img[@alt]")):
            if count >= _MAX_PORTRAITS:
                break
            name = clean_text(image.get("alt") or "")
            if person_key(name) in known or not looks_like_person_name(name):
                continue
            title = _card_role(image, name)
            if title:
                offers.append((name, title))
        if len(offers) >= _MIN_SEEDS:  # one captioned photo is an illustration; a grid is a team
            for name, title in offers:
                person = Person(name=name, title=own_title(title, keys), source_url=page.url)
                found.add_person(person, "portrait alt text with a role in the same card")
                known[person_key(name)] = person

    def _title(self, lines: list[Line], i: int, role: str | None, keys: tuple[str, ...]) -> str | None:
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        after = following if looks_like_title(following) and not _name_of(lines[i + 1]) else None
        return own_title("; ".join(r for r in (role, after) if r) or None, keys)

    def _card_links(self, member_lines: dict[str, Line], people: dict[str, Person], found: Findings) -> None:
        """Social links inside exactly one member's card belong to that member."""
        chains = {key: list(line.block.iterancestors()) for key, line in member_lines.items()}
        shared = Counter(id(node) for chain in chains.values() for node in chain)
        for key, line in member_lines.items():
            card = line.block
            for ancestor in chains[key]:
                if shared[id(ancestor)] > 1:
                    break
                card = ancestor
            for anchor in card.iter("a"):
                href = (anchor.get("href") or "").strip()
                social = canonical_social(href)
                if social is None or _ORG_PAGE.search(social[1]):
                    continue  # a company page in a card is still a company page
                found.claimed_links.add(href)
                platform, canonical = social
                person = people[key]
                if platform == "linkedin" and person.linkedin is None and _slug_names(canonical, person.name):
                    person.linkedin = canonical
