"""Reading a received message: is it a reply, a bounce (DSN) or an out-of-office auto-reply?

Pure functions over the `email` standard library; no database. A DSN (RFC 3464) names the
failed recipient and carries the original message's headers, whose Message-ID is ours.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from server.models.types import storable_text

MSGID = re.compile(r"<[^<>\s]+>")
OOO_SUBJECTS = re.compile(
    r"out of (the )?office|automatic reply|auto[- ]?reply|autoreply|^auto:|away from (the )?"
    r"office|on vacation|on holiday|abwesenheit|réponse automatique|fuera de la oficina|"
    r"afwezig|assente", re.IGNORECASE)
BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
BOUNCE_SUBJECTS = re.compile(
    r"undeliver|delivery (status notification|failure|has failed)|returned mail|"
    r"mail delivery (failed|subsystem)|failure notice", re.IGNORECASE)
UNSUBSCRIBE_SUBJECT = re.compile(r"^\s*unsubscribe\s*$", re.IGNORECASE)
RETURN_PHRASE = re.compile(
    r"(?:back|return(?:ing)?|returns|in the office|zurück|until|bis)\s+(?:on|by|am|to the office on)?"
    r"\s*(?:\w+day,?\s+)?(?P<when>[0-9A-Za-z.,/\- ]{4,24})", re.IGNORECASE)
MONTHS = {name: i for i, names in enumerate(
    (("jan", "january", "januar"), ("feb", "february", "februar"), ("mar", "march", "märz"),
     ("apr", "april"), ("may", "mai"), ("jun", "june", "juni"), ("jul", "july", "juli"),
     ("aug", "august"), ("sep", "sept", "september"), ("oct", "october", "okt", "oktober"),
     ("nov", "november"), ("dec", "december", "dez", "dezember")), start=1) for name in names}


@dataclass(frozen=True)
class InboundFacts:
    kind: str  # reply | bounce | delayed | out_of_office | unsubscribe
    dedupe_key: str
    message_id: str | None
    references: tuple[str, ...]  # Message-IDs this message answers or reports on
    from_address: str | None
    subject: str
    received_at: datetime | None
    failed_recipient: str | None = None
    diagnostic: str | None = None
    return_on: date | None = None
    summary: str = ""
    extra: dict = field(default_factory=dict)


def parse_message(raw: bytes, today: date) -> InboundFacts:
    """Classify a raw RFC 822 message; `today` anchors return dates without a year."""
    message = message_from_bytes(raw, policy=policy.default)
    message_id = _first_id(_header(message, "Message-ID"))
    subject = _header(message, "Subject")
    sender = parseaddr(_header(message, "From"))[1].lower() or None
    references = _ids(_header(message, "In-Reply-To")) + _ids(_header(message, "References"))
    base = {"dedupe_key": message_id or "sha256:" + hashlib.sha256(raw).hexdigest(),
            "message_id": message_id, "from_address": sender, "subject": subject[:1000],
            "received_at": _date(message)}
    report = _delivery_report(message)
    if report is not None or _looks_like_bounce(sender, subject):
        action, status, recipient, original = report or ("failed", "", None, ())
        kind = "delayed" if action == "delayed" or status.startswith("4") else "bounce"
        return InboundFacts(kind=kind, references=tuple(dict.fromkeys(original + references)),
                            failed_recipient=recipient, diagnostic=status or None, **base)
    text = _text(message)
    if _is_auto_reply(message, subject):
        return InboundFacts(kind="out_of_office", references=tuple(dict.fromkeys(references)),
                            return_on=return_date(text, today), summary=text[:300], **base)
    kind = "unsubscribe" if UNSUBSCRIBE_SUBJECT.match(subject) else "reply"
    return InboundFacts(kind=kind, references=tuple(dict.fromkeys(references)),
                        summary=text[:300], **base)


def _header(message: EmailMessage, name: str) -> str:
    """A header as text we can store ("" when absent), as sent when it cannot be decoded.

    The standard library parses a header when it is read, and its parsers raise IndexError and
    the like on some malformed encoded words (``From: =?utf-8?b?!!!?=``): anyone can send us
    mail, so no header may fail the request.
    """
    try:
        text = str(message.get(name, "") or "")
    except Exception:  # noqa: BLE001 - whatever the parser raises, the raw text stands
        text = next((str(value) for key, value in message.raw_items() if key.lower() == name.lower()), "")
    return storable_text(text)


def _ids(header: object) -> tuple[str, ...]:
    return tuple(MSGID.findall(str(header or "")))


def _first_id(header: object) -> str | None:
    found = _ids(header)
    return found[0] if found else None


def _date(message: EmailMessage) -> datetime | None:
    try:
        moment = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else None


def _delivery_report(message: EmailMessage):
    """(action, status, failed recipient, original Message-IDs) from a DSN, else None."""
    if message.get_content_type() != "multipart/report":
        return None
    action, status, recipient, original = "failed", "", None, ()
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            for block in part.get_payload():
                action = (_header(block, "Action") or action).strip().lower()
                status = (_header(block, "Status") or status).strip()
                final = _header(block, "Final-Recipient") or _header(block, "Original-Recipient")
                recipient = recipient or (final.partition(";")[2].strip().lower() or None)
        elif kind in ("message/rfc822", "text/rfc822-headers"):
            original = original or _original_ids(part)
    return action, status, recipient, original


def _original_ids(part: EmailMessage) -> tuple[str, ...]:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()[0]
    else:
        inner = message_from_bytes(part.get_payload(decode=True) or b"", policy=policy.default)
    return _ids(_header(inner, "Message-ID"))


def _looks_like_bounce(sender: str | None, subject: str) -> bool:
    return bool(sender and BOUNCE_SENDERS.match(sender) and BOUNCE_SUBJECTS.search(subject))


def _is_auto_reply(message: EmailMessage, subject: str) -> bool:
    """RFC 3834 Auto-Submitted, the vendors' X-Autoreply family, or a telltale subject."""
    auto = _header(message, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return True
    if any(_header(message, name) for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder")):
        return True
    if _header(message, "Precedence").strip().lower() == "auto_reply":
        return True
    return bool(OOO_SUBJECTS.search(subject))


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, ValueError):
        return ""
    if body.get_content_type() == "text/html":
        content = re.sub(r"<[^>]+>", " ", content)
    return storable_text(re.sub(r"[ \t]+", " ", content).strip())


def return_date(text: str, today: date) -> date | None:
    """The first stated return date after `today` ("back on 7 December", "until 2026-12-07")."""
    for match in RETURN_PHRASE.finditer(text):
        found = _parse_day(match.group("when"), today)
        if found is not None and found >= today:
            return found
    return None


def _parse_day(text: str, today: date) -> date | None:
    text = text.strip().lower()
    if iso := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _safe_date(*map(int, iso.groups()))
    if dotted := re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})?", text):  # 07.12.2026, European
        day, month, year = dotted.groups()
        return _with_year(int(day), int(month), year, today)
    words = re.findall(r"[a-zä]+|\d+", text)
    numbers = [int(w) for w in words if w.isdigit()]
    months = [MONTHS[w] for w in words if w in MONTHS]
    days = [n for n in numbers if 1 <= n <= 31]
    years = [n for n in numbers if n > 31]
    if months and days:
        return _with_year(days[0], months[0], str(years[0]) if years else None, today)
    return None


def _with_year(day: int, month: int, year: str | None, today: date) -> date | None:
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _safe_date(full, month, day)
    found = _safe_date(today.year, month, day)
    if found is not None and found < today:  # "back on 3 January" said in December
        found = _safe_date(today.year + 1, month, day)
    return found


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def addresses(header: str) -> list[str]:
    return [address.lower() for _, address in getaddresses([header]) if address]
