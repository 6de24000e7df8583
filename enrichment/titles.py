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
_ROLE = re.compile(rf"(?<!\w)(?:{_ROLE_WORDS})(?!\w)", re.IGNORECASE)
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
