"""Escrow on Stripe (core.escrow): payout accounts, processed Stripe events, checkout
sessions, order funding and payment jobs."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.tables.base import Id, _fk, _id, _time, metadata

payout_account = Table(
    "payout_account",
    metadata,
    Column("account_id", Id, ForeignKey("account.id"), primary_key=True, autoincrement=False),
    Column("stripe_account_id", String(64), nullable=False),
    Column("charges_enabled", Boolean, nullable=False),
    Column("payouts_enabled", Boolean, nullable=False),
    Column("details_submitted", Boolean, nullable=False),
    Column("requirements", JSON, nullable=False),
    Column("disabled_reason", String(200)),
    _time("status_at", nullable=True),
    _time("created_at"),
    _time("updated_at"),
    UniqueConstraint("stripe_account_id"),
)

stripe_event = Table(
    "stripe_event",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("type", String(100), nullable=False),
    _time("received_at"),
    Index(None, "received_at"),
)

checkout_session = Table(
    "checkout_session",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("purpose", String(16), nullable=False),
    _fk("account_id", "account.id"),
    _fk("order_id", "marketplace_order.id", nullable=True),
    Column("amount_cents", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("url", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("payment_intent", String(255)),
    _time("created_at"),
    _time("expires_at"),
    Index(None, "order_id"),
)

order_funding = Table(
    "order_funding",
    metadata,
    Column(
        "order_id", Id, ForeignKey("marketplace_order.id"), primary_key=True, autoincrement=False
    ),
    Column("source", String(16), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("payment_intent", String(255)),
    Column("charge_id", String(255)),
    _time("funded_at"),
    Index(None, "payment_intent"),
    Index(None, "charge_id"),
)

payment_job = Table(
    "payment_job",
    metadata,
    _id(),
    Column("kind", String(16), nullable=False),
    _fk("order_id", "marketplace_order.id"),
    Column("amount_cents", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("idempotency_key", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("result_id", String(255)),
    Column("payment_intent", String(255)),
    Column("reverse_cents", BigInteger, nullable=False),
    #: The deployment id the job's Stripe keys carry (NULL: queued before migration 0018).
    Column("key_prefix", String(64)),
    _time("created_at"),
    _time("next_attempt_at"),
    _time("sent_at", nullable=True),
    UniqueConstraint("idempotency_key"),
    Index("ix_payment_job_status_next_attempt_at", "status", "next_attempt_at"),
    Index(None, "order_id"),
)
