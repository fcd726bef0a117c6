"""Entities of programmatic access: API keys, email verification tokens, outbound webhook
endpoints with their delivery log, stored responses of idempotent requests.

Secrets (keys, tokens) are never stored: only their SHA-256 digests. The plaintext exists once,
in the answer to the call that created it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class ApiScope(StrEnum):
    READ = "read"
    WRITE = "write"


API_KEY_PREFIX = "bg_"
WEBHOOK_SECRET_PREFIX = "whsec_"


def digest(secret: str) -> str:
    """The stored form of a high-entropy secret (32 random bytes): a plain SHA-256 suffices,
    since nobody can brute-force 256 bits; a slow hash would only slow down every request."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    id: int
    account_id: int
    key_hash: str
    #: The first characters of the key (``bg_AbC1...``), to tell keys apart in listings.
    prefix: str
    scopes: frozenset[ApiScope]
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: ApiScope) -> bool:
        return scope in self.scopes


@dataclass(frozen=True)
class EmailToken:
    id: int
    account_id: int
    email: str
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class WebhookEndpoint:
    id: int
    account_id: int
    url: str
    #: Public event types (``order.delivered``); empty means every type.
    events: frozenset[str]
    #: ``whsec_`` + base64 of 32 random bytes; the signing key is the decoded part.
    secret: str
    enabled: bool
    created_at: datetime
    disabled_reason: str | None = None

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.events


@dataclass(frozen=True)
class WebhookDelivery:
    """One event for one endpoint: the message (its body is fixed at creation so every retry
    sends the same bytes), the attempts made and the last answer."""

    id: int
    endpoint_id: int
    event_id: str
    event_type: str
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_attempt_at: datetime | None = None
    response_code: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True)
class StoredResponse:
    """The answer to an idempotent POST, replayed for a retry with the same key and body.

    ``body`` is opaque to storage (the API layer encrypts it with the client's key, so
    one-time secrets in it are unreadable from a database dump)."""

    scope: str
    key_hash: str
    fingerprint: str
    status_code: int
    body: bytes
    created_at: datetime
    expires_at: datetime
