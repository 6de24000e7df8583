"""Telling a person's name from menu labels, headings, product names and addresses."""

from __future__ import annotations

import re
from functools import lru_cache

from nameparser import HumanName

from enrichment.titles import GERMAN_COMPOUND_ROLES

_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "del", "della", "bin",
              "al", "el", "y", "zu", "ten", "ter", "st."}
_NOT_NAME_WORDS = set(
    """read more our team about contact us home news services service leadership board directors
    privacy policy click here view profile learn company group inc llc ltd gmbh ag kg co corp street
    road avenue ave suite floor care medical health hospice welcome menu search login sign up
    download free new blog events careers jobs partners clients solutions products product
    support help terms imprint impressum kontakt datenschutz startseite cookie cookies settings
    the and for with of to in on at by from all more less show hide open close next previous
    email phone fax tel mail address office offices center centre university college school
    hospital foundation program programs committee chair council department city county state
    north south east west central new york los angeles san francisco london berlin munich
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december copyright rights reserved overview resources
    donate volunteer story stories video videos photo gallery testimonials faq press media
    linkedin twitter facebook instagram youtube xing github cloud serverless platform software
    energy solar law legal tax insurance bank capital partners associates consulting management
    web design development marketing digital agency studio lab labs team teams member members
    leadership medical board advisory executive our meet vp svp evp ceo cto cfo coo cmo cio chief
    director manager president officer founder partner head sales engineering attorney attorneys
    rechtsanwalt geschäftsführer inhaber retired lawyers lawyer llp plc lp pllc
    corporation electronics laboratory laboratories holdings industries systems technologies
    customer customers client happy über meet""".split()
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\-]*|[A-Z]\.)$")
_COMPOUND_ROLE = re.compile(GERMAN_COMPOUND_ROLES, re.I)  # "Finanzierungsberater" is not a surname
_CREDENTIALS = re.compile(r"^\(?[A-Z][A-Za-z.()\-/ ]{0,14}$")


def split_credentials(text: str) -> tuple[str, str]:
    """``Phil Marshall, MBA`` -> (``Phil Marshall``, ``MBA``)."""
    core, _, rest = text.partition(",")
    return core.strip(), rest.strip(" ,")


@lru_cache(maxsize=8192)
def looks_like_person_name(text: str) -> bool:
    """Two to five capitalised words, no digits or addresses, not a menu or heading label."""
    text = text.strip().rstrip(",")
    if not 4 <= len(text) <= 80 or any(ch.isdigit() for ch in text) or "@" in text:
        return False
    core, credentials = split_credentials(text)
    if credentials and not all(_CREDENTIALS.match(part.strip()) for part in re.split(r"[,;]", credentials)
                               if part.strip()):
        return False
    core = re.sub(r"^(?:dr\.?|prof\.?|mr\.?|mrs\.?|ms\.?)\s+", "", core, flags=re.IGNORECASE)
    tokens = core.split()
    if not 2 <= len(tokens) <= 5:
        return False
    capitalised = [t for t in tokens if t.lower() not in _PARTICLES]
    if len(capitalised) < 2 or not all(_NAME_TOKEN.match(t) for t in capitalised):
        return False
    if all(t.isupper() and len(t) > 2 for t in capitalised):
        return False
    if any(t.lower().strip(".'’") in _NOT_NAME_WORDS or _COMPOUND_ROLE.fullmatch(t) for t in tokens):
        return False
    half = len(tokens) // 2
    if len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
        return False  # "Connected Driving Connected Driving": a label rendered twice (menu + mobile menu)
    parsed = HumanName(core)
    return bool(parsed.first and parsed.last)
