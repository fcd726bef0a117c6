"""Accounts, their platform identities and link codes, and programmatic access: API keys,
email tokens, webhooks, idempotency records."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.tables.base import _fk, _id, _time, metadata

account = Table(
    "account",
    metadata,
    _id(),
    Column("display_name", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    _time("created_at"),
    Column("username", String(64), unique=True),
    _fk("supervisor_id", "account.id", nullable=True),
    Column("status", String(16), nullable=False),
    Column("verification", String(16), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("email", String(320), unique=True),
    Column("email_verified", Boolean, nullable=False, default=False),
    Column("language", String(8)),
    Column("client_language", String(8)),
    _time("api_access_until", nullable=True),
    Column("username_changes", Integer, nullable=False, default=0),
    Column("trust_score", Integer, nullable=False, default=0),
    Column("ban_reason", Text),
    Column("notify_platform", String(16)),
    Column("last_platform", String(16)),
    Index(None, "supervisor_id"),
    Index(None, "trust_score"),
)

identity = Table(
    "identity",
    metadata,
    _id(),
    Column("provider", String(32), nullable=False),
    Column("external_id", String(320), nullable=False),
    _fk("account_id", "account.id", ondelete="CASCADE"),
    # The platform's own name (Telegram username, Discord name), lower case, as last seen.
    Column("username", String(64)),
    UniqueConstraint("provider", "external_id"),
    Index(None, "account_id"),
    Index(None, "username"),
)

link_code = Table(
    "link_code",
    metadata,
    _id(),
    _fk("account_id", "account.id", ondelete="CASCADE"),
    # SHA-256 of the code: the code itself is never stored.
    Column("code_hash", String(64), nullable=False),
    Column("platform", String(16), nullable=False),
    _time("created_at"),
    _time("expires_at"),
    _time("used_at", nullable=True),
    UniqueConstraint("code_hash"),
    Index(None, "account_id"),
    Index(None, "expires_at"),
)

api_key = Table(
    "api_key",
    metadata,
    _id(),
    _fk("account_id", "account.id", ondelete="CASCADE"),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("scopes", JSON, nullable=False),
    _time("created_at"),
    _time("revoked_at", nullable=True),
    _time("last_used_at", nullable=True),
    Index(None, "account_id"),
)

email_token = Table(
    "email_token",
    metadata,
    _id(),
    _fk("account_id", "account.id", ondelete="CASCADE"),
    Column("email", String(320), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    _time("created_at"),
    _time("expires_at"),
    _time("used_at", nullable=True),
    Index(None, "account_id"),
    Index(None, "expires_at"),
)

webhook_endpoint = Table(
    "webhook_endpoint",
    metadata,
    _id(),
    _fk("account_id", "account.id", ondelete="CASCADE"),
    Column("url", Text, nullable=False),
    Column("events", JSON, nullable=False),
    Column("secret", String(100), nullable=False),
    Column("enabled", Boolean, nullable=False),
    _time("created_at"),
    Column("disabled_reason", Text),
    Index(None, "account_id"),
)

webhook_delivery = Table(
    "webhook_delivery",
    metadata,
    _id(),
    _fk("endpoint_id", "webhook_endpoint.id", ondelete="CASCADE"),
    Column("event_id", String(64), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    _time("created_at"),
    _time("next_attempt_at"),
    _time("locked_until", nullable=True),
    _time("last_attempt_at", nullable=True),
    Column("response_code", Integer),
    Column("last_error", Text),
    _time("delivered_at", nullable=True),
    UniqueConstraint("endpoint_id", "event_id"),
    Index("ix_webhook_delivery_status_next_attempt_at", "status", "next_attempt_at"),
    Index(None, "created_at"),
)

idempotency_record = Table(
    "idempotency_record",
    metadata,
    Column("scope", String(64), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    _time("created_at"),
    _time("expires_at"),
    PrimaryKeyConstraint("scope", "key_hash"),
    Index(None, "expires_at"),
)
