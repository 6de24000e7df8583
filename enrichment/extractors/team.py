"""People from team, leadership and contact pages: name lines followed by a role line, and
"Name, Title" phrases in running text."""

from __future__ import annotations

import re

from enrichment.document import Line, Page
from enrichment.domains import domain_label
from enrichment.extractors.base import Extractor, register
from enrichment.extractors.contacts import EMAIL, MAX_LINES
from enrichment.findings import Findings
from enrichment.person_names import looks_like_person_name
from enrichment.profile import Person
from enrichment.titles import (
    looks_like_title,
    own_title,
    split_name_and_role,
    without_leading_article,
)

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’\-]+|[A-Z]\."
_NAME_PHRASE = re.compile(rf"((?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}|von|van|de|der)){{1,3}})\s*,\s+")
# "New York Council of Defense Lawyers, Board Member": the capitalised words before the comma
# are the tail of an organisation's name when more capitalised words (or "of") precede them.
_PROPER_NOUN_BEFORE = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*\s+(?:&|and|und)|[A-ZÀ-ÖØ-Þ][\w'’.\-]*|of|for|the|de|der|für)\s+$")
_TITLE_END = re.compile(r"\s(?:&|und|and)\s+[A-Z][\w'’\-]+\s+[A-Z]|[.;:!?](?:\s|$)|\s[\w.+-]+@|\(|$")
_NAME_CLASS = re.compile(r"(?:^|[\s_-])(?:name|fn)(?:$|[\s_-])", re.I)
_TITLE_CLASS = re.compile(r"title|position|role|job|designation|function|subtitle", re.I)
_NAME_DASH_TITLE = re.compile(r"^(.{4,80}?)\s+[–—-]\s+(.{2,120})$")
_LOOKAHEAD_LINES = 4


def company_keys(page: Page, found: Findings) -> tuple[str, ...]:
    """The site's domain label and best name so far, compacted, to recognise the company in titles."""
    best = found.best(found.names)
    names = (domain_label(page.url), best.value if best else "")
    return tuple("".join(ch for ch in name.casefold() if ch.isalnum()) for name in names if name)


@register
class TeamExtractor(Extractor):
    name = "team"
    order = 35

    def extract(self, page: Page, found: Findings) -> None:
        known = len(found.people)
        self._class_hinted(page, found)
        lines = page.lines[:MAX_LINES]
        for i, line in enumerate(lines):
            if not (self._name_line(lines, i, page, found) or self._name_dash_title(line, page, found)):
                self._name_title_phrases(line, page, found)
        keys = company_keys(page, found)
        for person in found.people[known:]:
            person.title = own_title(person.title, keys)

    def _name_line(self, lines: list[Line], i: int, page: Page, found: Findings) -> bool:
        """A line that is a name (maybe with ", Role"), followed by a line that is a role."""
        if len(lines[i].text) > 160:
            return False
        name, inline_role = split_name_and_role(lines[i].text)
        if not looks_like_person_name(name):
            return False
        title = self._title_after(lines, i)
        if title is None or name.split()[0] in title:
            return False  # "Parallels VIPP" above "Parallels Partner Program" is a product
        # "Charlie Dahlem, Secretary" above "Campaign Committee Chair": both are his roles.
        joined = "; ".join(role for role in (inline_role, title) if role)
        found.add_person(Person(name=name, title=joined, email=self._email_near(lines, i),
                                source_url=page.url), "name line followed by a role line")
        return True

    def _name_dash_title(self, line: Line, page: Page, found: Findings) -> bool:
        """``Johannes N. Viehbacher - Rechtsanwalt`` on one line."""
        match = _NAME_DASH_TITLE.match(line.text)
        if not match or not looks_like_person_name(match.group(1)) or not looks_like_title(match.group(2)):
            return False
        if looks_like_person_name(split_name_and_role(match.group(2))[0]):
            return False
        found.add_person(Person(name=match.group(1), title=match.group(2), source_url=page.url),
                         "name - title line")
        return True

    def _class_hinted(self, page: Page, found: Findings) -> None:
        """Card themes mark fields by class (``team__name``, ``member-title``)."""
        for node in page.tree.iterfind(".//*[@class]"):
            if not _NAME_CLASS.search(node.get("class") or ""):
                continue
            name = " ".join(node.text_content().split())
            if not looks_like_person_name(name):
                continue
            parent = node.getparent()
            if parent is None:
                continue
            for sibling in parent:
                if sibling is not node and _TITLE_CLASS.search(sibling.get("class") or ""):
                    title = " ".join(sibling.text_content().split())
                    # The class says this is the title, so "Journal Editor" is not read as a name.
                    if title and looks_like_title(title):
                        found.add_person(Person(name=name, title=title, source_url=page.url),
                                         "team card name/title fields")
                        break

    def _title_after(self, lines: list[Line], i: int) -> str | None:
        if i + 1 >= len(lines):
            return None
        candidate = lines[i + 1].text.strip(" ,")
        if not looks_like_title(candidate) or looks_like_person_name(split_name_and_role(candidate)[0]) \
                or looks_like_person_name(split_name_and_role(candidate)[0].split(",")[0]):
            return None
        return candidate

    def _email_near(self, lines: list[Line], i: int) -> str | None:
        for line in lines[i + 2:i + 2 + _LOOKAHEAD_LINES]:
            if looks_like_person_name(split_name_and_role(line.text)[0]):
                return None
            match = EMAIL.search(line.text)
            if match:
                return match.group(0).lower()
        return None

    def _name_title_phrases(self, line: Line, page: Page, found: Findings) -> None:
        """"Anna Brown, Manager of Marketing and Communications" inside running text."""
        if "," not in line.text:
            return
        for match in _NAME_PHRASE.finditer(line.text):
            name = match.group(1)
            if _PROPER_NOUN_BEFORE.search(line.text[:match.start()]) or not looks_like_person_name(name):
                continue
            rest = line.text[match.end():]
            end = _TITLE_END.search(rest)
            title = rest[:end.start() if end else len(rest)].strip(" ,")
            title = without_leading_article(title)
            # "Boot Camp, install Parallels Desktop and follow the Assistant" is not a person.
            if (title and title[0].isupper() and looks_like_title(title.split(",")[0])
                    and not looks_like_person_name(title) and name.split()[0] not in title):
                email_match = EMAIL.search(rest[:200])
                found.add_person(
                    Person(name=name, title=title, source_url=page.url,
                           email=email_match.group(0).lower() if email_match else None),
                    "name, title phrase in text",
                )
