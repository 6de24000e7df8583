"""The registry of extractors: small classes that each read one kind of fact from a Page."""

from __future__ import annotations

from typing import ClassVar

from enrichment.document import Page
from enrichment.findings import Findings

REGISTRY: list[Extractor] = []


class Extractor:
    """Reads one kind of fact from a page into Findings; ``order`` lets later ones use earlier facts."""

    name: ClassVar[str] = ""
    order: ClassVar[int] = 50

    def extract(self, page: Page, found: Findings) -> None:
        raise NotImplementedError


def register(cls: type[Extractor]) -> type[Extractor]:
    """Class decorator: add an extractor to the registry, keeping the run order stable."""
    REGISTRY.append(cls())
    REGISTRY.sort(key=lambda extractor: extractor.order)
    return cls
