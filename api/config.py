"""What the API needs to know about its deployment, as plain values (the composition root
fills it from its settings; api/ never imports botgig/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path


@dataclass(frozen=True)
class ApiConfig:
    public_url: str = "http://127.0.0.1:8000"
    #: Delivered files and message attachments live here, one folder per order.
    upload_dir: Path = field(default_factory=lambda: Path("data/uploads"))
    max_upload_bytes: int = 20 * 1024 * 1024
    webhook_allow_private: bool = False
    #: Requests per API key per minute, and per client address for unauthenticated calls.
    rate_limit_per_minute: int = 120
    anonymous_rate_limit_per_minute: int = 20
    #: Invalid API keys per client address per minute before every key from it gets 429.
    failed_auth_per_minute: int = 20
    idempotency_ttl: timedelta = timedelta(hours=24)
    #: Salts the key that seals stored idempotent answers (None: the Idempotency-Key alone).
    idempotency_secret: bytes | None = None
    #: Whether the verification email is sent over SMTP (False: the link is logged).
    smtp_configured: bool = False
