"""Phone numbers and email addresses a visitor can see: tel:/mailto: links and visible text."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

import phonenumbers

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.findings import Findings
from enrichment.regions import page_region

EMAIL = re.compile(r"(?<![\w.+-])[a-z0-9][\w.+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])", re.I)
_OBFUSCATED = re.compile(
    r"([\w.+-]+)\s*[\[({]\s*(?:at|ät|@)\s*[\])}]\s*([\w-]+(?:\s*(?:[\[({]\s*(?:dot|punkt|\.)\s*[\])}]|\.)\s*[\w-]+)+)",
    re.I,
)
_OBFUSCATED_DOT = re.compile(r"\s*(?:[\[({]\s*(?:dot|punkt|\.)\s*[\])}]|\.)\s*", re.I)
_NOT_MAILBOX_TLDS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "ico", "avif"}
_PLACEHOLDER_DOMAINS = {
    "example.com", "example.org", "example.net", "domain.com", "email.com", "yourdomain.com",
    "musterfirma.com", "musterfirma.de", "mustermann.de", "beispiel.de", "company.com",
    "sentry.io", "wixpress.com", "sentry.wixpress.com", "yoursite.com", "website.com",
}
_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00|\(\+?)?\d[\d \t./\-–—()\u00a0]{5,22}\d(?![\w])"
)
_PHONE_CUE = re.compile(r"\b(?:tel|phone|telefon|fon|call|mobil|mobile|hotline|ruf|t|p|m)\b\.?:?|☎|📞", re.I)
_FAX_CUE = re.compile(r"fax\S*\s*:?\s*$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}\.\d{1,2}\.\d{2,4}$|^\d{4}\s*[-–]\s*\d{4}$")
# Work per page is bounded so a hostile page cannot make enrichment slow; real pages are far smaller.
MAX_LINES = 8000
_NANP = re.compile(r"^\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}$")


@register
class ContactsExtractor(Extractor):
    name = "contacts"
    order = 20

    def extract(self, page: Page, found: Findings) -> None:
        country = found.best(found.locations)
        found.region = found.region or page_region(
            page.url, country.value.country if country else None, page.lang, page.meta("geo.region")
        )
        self._links(page, found)
        for line in page.lines[:MAX_LINES]:
            self._text_emails(line.text, found)
            if any(ch.isdigit() for ch in line.text):
                self._text_phones(line.text, found)

    def _links(self, page: Page, found: Findings) -> None:
        for href, anchor in page.links:
            lowered = href.lower()
            if lowered.startswith("mailto:"):
                address = unquote(href[7:]).split("?", 1)[0].strip().lower()
                _add_email(address, "mailto link", found)
            elif lowered.startswith("tel:"):
                context = (anchor.text_content() or "") + " " + (anchor.getparent().text or "" if anchor.getparent() is not None else "")
                if "fax" not in context.lower():
                    _add_phone(unquote(href[4:]), found.region, "tel link", found)
            elif "/cdn-cgi/l/email-protection#" in href:
                _add_email(decode_cloudflare(href.rsplit("#", 1)[1]), "Cloudflare-protected email", found)
        for node in page.tree.iterfind(".//*[@data-cfemail]"):
            _add_email(decode_cloudflare(node.get("data-cfemail") or ""), "Cloudflare-protected email", found)

    def _text_emails(self, text: str, found: Findings) -> None:
        if "@" in text:
            for match in EMAIL.finditer(text):
                _add_email(match.group(0).lower(), "visible text", found)
        for match in _OBFUSCATED.finditer(text):
            domain = _OBFUSCATED_DOT.sub(".", match.group(2))
            _add_email(f"{match.group(1)}@{domain}".lower(), "de-obfuscated text", found)

    def _text_phones(self, text: str, found: Findings) -> None:
        for match in _PHONE.finditer(text):
            raw = match.group(0).strip()
            before = text[max(0, match.start() - 14):match.start()]
            if _FAX_CUE.search(before) or _DATE.match(raw):
                continue
            cued = raw[0] in "+(0" or _NANP.match(raw) or _PHONE_CUE.search(before)
            if cued:
                _add_phone(raw, found.region, "visible text", found)


def decode_cloudflare(encoded: str) -> str:
    """Cloudflare's email obfuscation: hex bytes XOR-ed with the first byte."""
    try:
        data = bytes.fromhex(encoded)
    except ValueError:
        return ""
    if len(data) < 2:
        return ""
    return bytes(b ^ data[0] for b in data[1:]).decode("utf-8", "replace").lower()


def _add_email(address: str, how: str, found: Findings) -> None:
    match = EMAIL.fullmatch(address.strip().strip("."))
    if not match:
        return
    address = match.group(0).lower()
    domain = address.rsplit("@", 1)[1]
    if domain.rsplit(".", 1)[-1] in _NOT_MAILBOX_TLDS or domain in _PLACEHOLDER_DOMAINS:
        return
    found.emails.setdefault(address, how)


@lru_cache(maxsize=4096)
def normalize_phone(raw: str, region: str | None) -> str | None:
    """E.164 for a number as written, or None when it is not a valid number for that region."""
    text = re.sub(r"[–—\u00a0]", lambda m: " " if m.group(0) == "\u00a0" else "-", raw)
    text = text.replace("(0)", " ").replace("(+", "+").replace(")", " ", 1) if "(+" in text else text.replace("(0)", " ")
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15:
        return None
    try:
        number = phonenumbers.parse(text, region or "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _add_phone(raw: str, region: str | None, how: str, found: Findings) -> None:
    e164 = normalize_phone(raw, region)
    if e164:
        found.phones.setdefault(e164, how)
