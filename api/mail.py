"""Outbound email: SMTP through aiosmtplib, or the log when no SMTP server is configured.

``BOTGIG_SMTP_URL`` forms: ``smtp://host:25`` (plain), ``smtp+starttls://user:pass@host:587``
(upgrade with STARTTLS) and ``smtps://user:pass@host:465`` (TLS from the start).
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

import aiosmtplib

log = logging.getLogger(__name__)


class SmtpMailer:
    def __init__(self, url: str, sender: str, *, timeout: float = 15.0) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("smtp", "smtps", "smtp+starttls") or not parsed.hostname:
            raise ValueError(
                "the SMTP URL must look like smtp://host:25, smtp+starttls://user:pass@host:587 "
                "or smtps://user:pass@host:465"
            )
        self.host = parsed.hostname
        self.tls = parsed.scheme == "smtps"
        self.starttls = parsed.scheme == "smtp+starttls"
        self.port = parsed.port or (465 if self.tls else 587 if self.starttls else 25)
        self.username = unquote(parsed.username) if parsed.username else None
        self.password = unquote(parsed.password) if parsed.password else None
        self.sender = sender
        self.timeout = timeout

    async def send(self, *, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        await aiosmtplib.send(
            message,
            hostname=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.tls,
            start_tls=self.starttls,
            timeout=self.timeout,
        )


class LogMailer:
    """Without SMTP no mail leaves: the log says so and how an operator verifies the address
    by hand. The body is not logged: it carries the verification token, and logs are read
    by more people than the recipient."""

    async def send(self, *, to: str, subject: str, body: str) -> None:
        log.warning(
            "no SMTP server is configured (BOTGIG_SMTP_URL), so the email %r to %s was not "
            "sent; to verify that address run: botgig accounts verify-email %s",
            subject, to, to,
        )
