"""Turning a rendered cadence email into an RFC 5322 message and handing it to SMTP."""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any

import cadences as lib
from server.models import Contact, User
from server.services.cadence_tracking import URL, rewrite_links


@dataclass(frozen=True)
class MailSettings:
    """What sending needs from the app config (so the worker never reads `current_app`)."""

    mail_from: str
    public_url: str
    secret_key: str
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_s: float = 30.0
    daily_cap: int = 500
    min_gap_s: float = 30.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        return cls(mail_from=config["MAIL_FROM"], public_url=config["PUBLIC_URL"],
                   secret_key=config["SECRET_KEY"], smtp_host=config.get("SMTP_HOST"),
                   smtp_port=config.get("SMTP_PORT", 25), smtp_user=config.get("SMTP_USER"),
                   smtp_password=config.get("SMTP_PASSWORD"),
                   smtp_starttls=config.get("SMTP_STARTTLS", False),
                   smtp_timeout_s=config.get("SMTP_TIMEOUT_S", 30.0),
                   daily_cap=config.get("MAIL_DAILY_CAP", 500),
                   min_gap_s=config.get("MAIL_MIN_GAP_S", 30.0))

    @property
    def domain(self) -> str:
        return self.mail_from.rpartition("@")[2] or "localhost"


def merge_context(contact: Contact, rep: User, unsubscribe: str | None = None) -> lib.MergeContext:
    """The only values a template sees: the contact, their company and the sending rep."""
    company = contact.company
    return lib.MergeContext(
        contact={"first_name": contact.first_name, "last_name": contact.last_name,
                 "name": contact.name, "title": contact.title, "email": contact.email,
                 "department": contact.department},
        company={} if company is None else {
            "name": company.name, "domain": company.domain, "industry": company.industry,
            "city": company.city, "country": company.country},
        rep={"name": rep.name, "first_name": rep.name.split()[0] if rep.name else None,
             "email": rep.email},
        unsubscribe_url=unsubscribe)


def with_unsubscribe_footer(body: str, body_source: str, link: str) -> str:
    """Add the opt-out line unless the template already placed `{{ unsubscribe_url }}`."""
    if "unsubscribe_url" in body_source:
        return body
    return f"{body.rstrip()}\n\n--\nNo more emails from me: {link}\n"


def new_message_id(settings: MailSettings) -> str:
    return make_msgid(idstring="sidekick", domain=settings.domain)


def text_to_html(text: str, rewrite, pixel_url: str | None) -> str:
    """A minimal HTML twin of the plain-text body: escaped, links clickable, the pixel last."""
    parts, last = [], 0
    for match in URL.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        url = match.group(0)
        parts.append(f'<a href="{html.escape(rewrite(url))}">{html.escape(url)}</a>')
        last = match.end()
    parts.append(html.escape(text[last:]))
    body = "".join(parts).replace("\n", "<br>\n")
    pixel = (f'<img src="{html.escape(pixel_url)}" width="1" height="1" alt="" '
             f'style="display:none">' if pixel_url else "")
    return f"<!doctype html>\n<html><body>\n{body}\n{pixel}\n</body></html>\n"


@dataclass(frozen=True)
class Envelope:
    """One email ready to build: stored content plus who sends it and the tracking to apply."""

    message_id: str
    in_reply_to: str | None
    rep: User
    contact_name: str
    to_address: str
    subject: str
    body: str
    unsubscribe_url: str
    pixel_url: str | None = None
    rewrite: Any = field(default=lambda url: url)


def build_message(envelope: Envelope, settings: MailSettings, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((envelope.rep.name, settings.mail_from))
    message["To"] = formataddr((envelope.contact_name, envelope.to_address))
    message["Subject"] = envelope.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = envelope.message_id
    if envelope.in_reply_to:
        message["In-Reply-To"] = envelope.in_reply_to
        message["References"] = envelope.in_reply_to
    # RFC 2369 + RFC 8058: mail clients show an unsubscribe button that POSTs one click.
    message["List-Unsubscribe"] = (f"<{envelope.unsubscribe_url}>, "
                                   f"<mailto:{settings.mail_from}?subject=unsubscribe>")
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    keep = {envelope.unsubscribe_url}
    rewrite = (lambda url: url if url in keep else envelope.rewrite(url))
    message.set_content(rewrite_links(envelope.body, rewrite))
    message.add_alternative(text_to_html(envelope.body, rewrite, envelope.pixel_url),
                            subtype="html")
    return message


class SendFailed(Exception):
    """SMTP did not take the message; `permanent` for a 5xx answer about this recipient."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmtpSender:
    """One SMTP session per worker pass, opened on the first message."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        try:
            self._session().send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise SendFailed(f"recipient refused: {error.recipients}",
                             permanent=all(code >= 500 for code in codes)) from error
        except smtplib.SMTPResponseException as error:
            self.close()
            raise SendFailed(f"SMTP {error.smtp_code}: {error.smtp_error!r}",
                             permanent=error.smtp_code >= 500) from error
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise SendFailed(f"SMTP unavailable: {error}", permanent=False) from error

    def _session(self) -> smtplib.SMTP:
        if self._smtp is None:
            s = self.settings
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s)
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password or "")
            self._smtp = smtp
        return self._smtp

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._smtp = None


class NullSender:
    """Keeps messages in memory: for the benchmark, and when no SMTP host is configured."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)

    def close(self) -> None:
        pass
