"""Importing this package registers every extractor, in run order."""

from enrichment.extractors import (  # noqa: F401  (imported for their @register side effect)
    address_text,
    company_name,
    company_size,
    contacts,
    industry,
    social_links,
    structured,
    team,
    team_cards,
    technologies,
)
from enrichment.extractors.base import REGISTRY, Extractor, register

__all__ = ["REGISTRY", "Extractor", "register"]
