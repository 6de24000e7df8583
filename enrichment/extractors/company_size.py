"""Head count, only when the page states it ("a team of 40", "over 2,000 employees")."""

from __future__ import annotations

import re

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.findings import VISIBLE, Candidate, Findings

_NUMBER = r"(\d{1,3}(?:[,.\s]\d{3})+|\d{1,6})\+?"
_STATED = (
    re.compile(rf"\bteam of (?:around |about |over |more than |nearly |roughly )?{_NUMBER}", re.I),
    re.compile(rf"(?:over|more than|around|about|nearly|roughly|some)?\s*{_NUMBER}\s+"
               r"(?:employees|staff members|team members|people work|professionals|mitarbeiter(?:innen)?|"
               r"beschäftigte|angestellte|empleados|salariés|collaborateurs)\b", re.I),
)


def stated_head_count(text: str) -> int | None:
    """The first head count a text states, as a number; None when it states none."""
    for pattern in _STATED:
        match = pattern.search(text)
        if match:
            count = int(re.sub(r"\D", "", match.group(1)))
            if 1 <= count <= 5_000_000:
                return count
    return None


@register
class CompanySizeExtractor(Extractor):
    name = "company_size"
    order = 50

    def extract(self, page: Page, found: Findings) -> None:
        for line in page.lines:
            count = stated_head_count(line.text)
            if count is not None:
                found.employees.append(Candidate(count, f'stated in text: "{line.text[:120]}"', VISIBLE))
                return
