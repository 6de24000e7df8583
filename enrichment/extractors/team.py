"""People from team, leadership and contact pages: name lines followed by a role line, and
"Name, Title" phrases in running text."""

from __future__ import annotations

import re

from enrichment.document import Line, Page
from enrichment.extractors.base import Extractor, register
from enrichment.extractors.contacts import EMAIL, MAX_LINES
from enrichment.findings import Findings
from enrichment.person_names import looks_like_person_name
from enrichment.profile import Person
from enrichment.titles import has_role_word

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’\-]+|[A-Z]\."
_NAME_PHRASE = re.compile(rf"((?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}|von|van|de|der)){{1,3}}),\s+")
_TITLE_END = re.compile(r"\s(?:&|und|and)\s+[A-Z][\w'’\-]+\s+[A-Z]|[.;:!?](?:\s|$)|\s[\w.+-]+@|\(|$")
_NAME_CLASS = re.compile(r"(?:^|[\s_-])(?:name|fn)(?:$|[\s_-])", re.I)
_TITLE_CLASS = re.compile(r"title|position|role|job|designation|function|subtitle", re.I)
_LOOKAHEAD_LINES = 4


@register
class TeamExtractor(Extractor):
    name = "team"
    order = 35

    def extract(self, page: Page, found: Findings) -> None:
        self._class_hinted(page, found)
        lines = page.lines[:MAX_LINES]
        for i, line in enumerate(lines):
            name = line.text.rstrip(" ,")
            if len(name) <= 80 and looks_like_person_name(name):
                title = self._title_after(lines, i)
                if title:
                    email = self._email_near(lines, i)
                    found.add_person(Person(name=name, title=title, email=email, source_url=page.url),
                                     "name line followed by a role line")
                    continue
            self._name_title_phrases(line, page, found)

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
                    if title and has_role_word(title) and not looks_like_person_name(title):
                        found.add_person(Person(name=name, title=title, source_url=page.url),
                                         "team card name/title fields")
                        break

    def _title_after(self, lines: list[Line], i: int) -> str | None:
        if i + 1 >= len(lines):
            return None
        candidate = lines[i + 1].text.strip(" ,")
        if (has_role_word(candidate) and not looks_like_person_name(candidate)
                and len(candidate.split()) <= 14 and "@" not in candidate):
            return candidate
        return None

    def _email_near(self, lines: list[Line], i: int) -> str | None:
        for line in lines[i + 2:i + 2 + _LOOKAHEAD_LINES]:
            if looks_like_person_name(line.text.rstrip(" ,")):
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
            if not looks_like_person_name(name):
                continue
            rest = line.text[match.end():]
            end = _TITLE_END.search(rest)
            title = rest[:end.start() if end else len(rest)].strip(" ,")
            if title and has_role_word(title.split(",")[0]) and not looks_like_person_name(title):
                email_match = EMAIL.search(rest[:200])
                found.add_person(
                    Person(name=name, title=title, source_url=page.url,
                           email=email_match.group(0).lower() if email_match else None),
                    "name, title phrase in text",
                )
