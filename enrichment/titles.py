"""Job titles: recognising them in text and classifying seniority and department."""

from __future__ import annotations

import re

_ROLE_WORDS = (
    r"chief|ceo|cto|cfo|coo|cmo|cio|ciso|cso|cpo|cro|president|vice[- ]president|v\.?p\.?|s\.?v\.?p\.?|"
    r"e\.?v\.?p\.?|director|head|manager|management|lead|leader|partner|founder|co-?founder|owner|"
    r"principal|officer|chair|chairman|chairwoman|chairperson|secretary|treasurer|attorney|lawyer|"
    r"counsel|associate|physician|nurse|practitioner|engineer|developer|designer|consultant|advis[eo]r|"
    r"editor|analyst|specialist|coordinator|assistant|administrator|representative|executive|"
    r"architect|scientist|accountant|trainer|coach|member|intern|strategist|recruiter|producer|"
    r"pr|communications|programme|program|gm|superintendent|dean|professor|pastor|"
    r"rechtsanw[aä]lt(?:in)?|fachanw[aä]lt(?:in)?|steuerberater(?:in)?|gesch[aä]ftsf[uü]hrer(?:in)?|"
    r"inhaber(?:in)?|vorstand|vorsitzende[r]?|leiter(?:in)?|ausbilder(?:in)?|gr[uü]nder(?:in)?|"
    r"prokurist(?:in)?|referent(?:in)?|berater(?:in)?|mitarbeiter(?:in)?|sachbearbeiter(?:in)?|"
    r"directeur|directrice|g[ée]rant(?:e)?|fondat(?:eur|rice)|responsable|avocat(?:e)?|associ[ée]|"
    r"gerente|fundador(?:a)?|socio|socia|abogad[oa]|presidente|direttore|amministratore"
)
GERMAN_COMPOUND_ROLES = r"\w{3,}(?:berater|leiter|f[uü]hrer|referent|betreuer|assistent|manager)(?:in)?"
_ROLE = re.compile(rf"(?<!\w)(?:{_ROLE_WORDS}|{GERMAN_COMPOUND_ROLES})(?!\w)", re.IGNORECASE)
# A sentence about someone ("Anna was a consultant at ...") is a bio, not a job title.
_BIO_VERBS = re.compile(r"\b(?:is|was|has|had|have|are|were|joined|leads|led|ist|war|hat|arbeitet)\b", re.I)
# Functions a title names after a comma ("Advisor, Business Strategy"): not an organisation.
_FUNCTION_WORDS = re.compile(
    r"\b(?:strategy|resources|development|operations|marketing|sales|finance|engineering|"
    r"design|communications|research|relations|affairs|strategie|vertrieb)\b",
    re.I,
)
_TRAILING_DATE = re.compile(r"\s+\d{1,2}\.\d{1,2}\.\d{2,4}$|\s+\d{4}-\d{2}-\d{2}$")
_LEGAL_FORM = re.compile(r"\b(?:gmbh|ag|kg|llc|llp|inc|ltd|limited|corp|plc|lp|pllc)\b\.?", re.I)
MAX_TITLE_CHARS = 120

_SENIORITY = (
    ("owner", r"\bowner\b|\binhaber|\bproprietor\b|\bpropri[ée]taire"),
    ("founder", r"founder|gr[uü]nder|fondat|fundador"),
    (
        "c_level",
        r"\bchief\b|\bc[etfmoi]o\b|\bciso\b|(?<!vice )(?<!vice-)\bpresident\b|gesch[aä]ftsf[uü]hr|"
        r"managing director|executive director|\bgeneral manager\b|\bvorstand|\bchair(?:man|woman|person)?\b(?! of the)|"
        r"\bpresidente\b|\bdirecteur g[ée]n[ée]ral|\bgerente general",
    ),
    ("partner", r"\bpartner\b|\bsocio\b|\bassoci[ée]\b(?! \w)|\bprincipal\b(?= |$)"),
    ("vp", r"vice[- ]president|\b[se]?v\.?p\.?\b"),
    ("director", r"\bdirector\b|\bhead\b|\bleiter|\bdirect(?:eur|rice)\b|\bdirettore\b|\bgm\b"),
    ("manager", r"\bmanager\b|\bsupervisor\b|\bteam lead\b|\blead\b|\bresponsable\b|\bgerente\b"),
    ("senior", r"\bsenior\b|\bsr\.?(?= )|\bprincipal\b"),
    ("entry", r"\bjunior\b|\bjr\.?(?= )|\bintern\b|\btrainee\b|\bassistant\b|\bpraktikant|\bwerkstudent"),
)
_DECISION_MAKERS = {"owner", "founder", "c_level", "partner", "vp", "director"}

_DEPARTMENTS = (
    ("hr", r"human resources|\bhr\b|\bpeople\b|talent|recruit|\bpersonal"),
    ("legal", r"legal|counsel|attorney|lawyer|rechtsanw|fachanw|\bavocat|abogad|compliance|\bnotar"),
    ("finance", r"financ|\bcfo\b|accountant|accounting|treasurer|controller|steuerberat|buchhalt"),
    ("marketing", r"marketing|communications|\bpr\b|\bbrand|content|social media|kommunikation"),
    ("sales", r"\bsales\b|business development|account executive|vertrieb|\bventas\b|commercial"),
    ("customer success", r"customer|client|support|kundenservice|\bservice\b"),
    ("engineering", r"engineer|developer|\bcto\b|technolog|technical|\bit\b|software|architect|\bciso\b"),
    ("product", r"\bproduct\b|\bdesign|\bux\b|\bcpo\b"),
    ("operations", r"operations|\bcoo\b|operating|logistic|supply|delivery|programme|program\b"),
    ("executive", r"\bchief executive|\bceo\b|president|founder|owner|managing director|general manager|"
     r"gesch[aä]ftsf[uü]hr|inhaber|\bchair|vorstand|\bpartner\b|co-director|\bdirector\b$"),
)


def has_role_word(text: str) -> bool:
    """Whether a short text names a job (``Chief Executive Officer``, ``Rechtsanwalt``)."""
    return len(text) <= MAX_TITLE_CHARS and _ROLE.search(text) is not None


def looks_like_title(text: str) -> bool:
    """A short role line (``VP Engineering``), not a sentence of a bio that mentions a role."""
    return has_role_word(text) and len(text.split()) <= 14 and "@" not in text and not _BIO_VERBS.search(text)


def without_leading_article(title: str) -> str:
    """``dem Einkaufsleiter von Acme`` -> ``Einkaufsleiter von Acme``; ``our CEO`` -> ``CEO``."""
    return re.sub(r"^(?:the|a|an|our|der|die|das|dem|den|des|ein|eine|einem|einer|unser\w*)\s+", "",
                  title, flags=re.I)


def own_title(title: str | None, company_keys: tuple[str, ...]) -> str | None:
    """The parts of a title that are roles at this company; jobs elsewhere are dropped."""
    if not title:
        return None
    title = _TRAILING_DATE.sub("", title)
    kept = [part for part in title.split("; ") if not names_other_org(part, company_keys)]
    return "; ".join(kept) or None


def split_name_and_role(text: str) -> tuple[str, str | None]:
    """``Charlie Dahlem, Secretary`` -> (``Charlie Dahlem``, ``Secretary``); credentials stay.

    ``Roger Harbeson, CPA, CFE, Treasurer`` -> (``Roger Harbeson, CPA, CFE``, ``Treasurer``).
    """
    core, _, rest = re.sub(r"^(?:&|and|und)\s+", "", text.strip(" ,")).partition(",")
    parts = [part.strip() for part in rest.split(",")] if rest else []
    roles: list[str] = []
    while parts and has_role_word(parts[-1]):
        roles.insert(0, parts.pop())
    name = ", ".join([core.strip(), *parts])
    return name, ", ".join(roles) or None


def _spells_company(org: str, company_keys: tuple[str, ...]) -> bool:
    key = "".join(ch for ch in _LEGAL_FORM.sub("", org).casefold() if ch.isalnum())
    return bool(key) and any(k and (k in key or key in k) for k in company_keys)


def names_other_org(title: str, company_keys: tuple[str, ...]) -> bool:
    """Whether a title is a job at another organisation (``VP, Human Resources, Baptist Health``).

    Board and advisory pages list members' outside jobs; those are not titles at this company.
    ``Head of Finance, Acme`` on acme.org is kept, and so is a title that names no organisation.
    :param company_keys: the company's domain label and name, compacted to lower-case letters.
    """
    for legal in _LEGAL_FORM.finditer(title):
        # "Geschäftsführer der Südstärke GmbH": the words before a legal form name a company.
        org = " ".join(re.findall(r"[A-ZÄÖÜ][\w&.\-]*", title[:legal.start()])[-3:])
        if org and not _spells_company(org, company_keys):
            return True
    parts = [part.strip() for part in title.split(",") if part.strip()]
    if len(parts) < 2:
        return False
    if _LEGAL_FORM.search(parts[0]) and not _spells_company(parts[0], company_keys):
        return True  # "Ernst & Young LLP, Partner"
    org = parts[-1]
    return (not has_role_word(org) and org[:1].isupper() and not _spells_company(org, company_keys)
            and not _LEGAL_FORM.fullmatch(org) and not _FUNCTION_WORDS.search(org))


def seniority_of(title: str | None) -> str | None:
    """The highest seniority a title states; None when the title does not say."""
    if not title:
        return None
    lowered = title.lower()
    return next((level for level, pattern in _SENIORITY if re.search(pattern, lowered)), None)


def department_of(title: str | None) -> str | None:
    """The function a title belongs to; ``other`` for titles we recognise no function in."""
    if not title:
        return None
    lowered = title.lower()
    return next((dept for dept, pattern in _DEPARTMENTS if re.search(pattern, lowered)), "other")


def is_decision_maker(seniority: str | None) -> bool:
    return seniority in _DECISION_MAKERS
