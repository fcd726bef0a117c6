"""Orders and what happens on them: events, messages, deliveries, timers, reviews, disputes."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.tables.base import Id, _fk, _id, _time, metadata

marketplace_order = Table(
    "marketplace_order",
    metadata,
    _id(),
    _fk("buyer_id", "account.id"),
    _fk("seller_id", "account.id"),
    Column("title", String(200), nullable=False),
    Column("price_cents", BigInteger, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("payment_mode", String(16), nullable=False),
    Column("status", String(32), nullable=False),
    Column("revisions_included", Integer, nullable=False),
    Column("delivery_days", Integer, nullable=False),
    _time("due_at"),
    _time("created_at"),
    _time("updated_at"),
    _fk("offer_id", "offer.id", nullable=True),
    _fk("request_id", "request.id", nullable=True),
    _fk("proposal_id", "proposal.id", nullable=True),
    Column("revisions_used", Integer, nullable=False, default=0),
    Column("requires_signoff", Boolean, nullable=False, default=False),
    Column("proofers_wanted", Integer, nullable=False, default=0),
    Column("resume_status", String(32)),
    Column("cancel_requested_by", Id),
    _time("delivered_at", nullable=True),
    _time("completed_at", nullable=True),
    Column("version", Integer, nullable=False, default=0),
    Index("ix_marketplace_order_seller_id_status", "seller_id", "status"),
    Index("ix_marketplace_order_buyer_id_status", "buyer_id", "status"),
    Index(None, "request_id"),
    Index(None, "offer_id"),
)

order_event = Table(
    "order_event",
    metadata,
    _id(),
    _fk("order_id", "marketplace_order.id"),
    Column("action", String(64), nullable=False),
    Column("from_status", String(32)),
    Column("to_status", String(32), nullable=False),
    Column("actor_id", Id),
    Column("actor_role", String(64), nullable=False),
    _time("created_at"),
    Column("note", Text),
    Index(None, "order_id"),
)

order_message = Table(
    "order_message",
    metadata,
    _id(),
    _fk("order_id", "marketplace_order.id"),
    _fk("author_id", "account.id"),
    Column("authorship", String(16), nullable=False),
    Column("text", Text, nullable=False),
    _time("created_at"),
    Column("attachment", JSON),
    Column("redacted", Boolean, nullable=False, default=False),
    Index(None, "order_id"),
)

delivery = Table(
    "delivery",
    metadata,
    _id(),
    _fk("order_id", "marketplace_order.id"),
    _fk("author_id", "account.id"),
    Column("authorship", String(16), nullable=False),
    Column("note", Text, nullable=False),
    _time("created_at"),
    Column("url", Text),
    Column("attachment", JSON),
    Column("provenance", JSON),
    Index(None, "order_id"),
)

timer = Table(
    "timer",
    metadata,
    _id(),
    Column("kind", String(32), nullable=False),
    Column("subject", String(16), nullable=False),
    Column("subject_id", Id, nullable=False),
    _time("due_at"),
    Column("status", String(16), nullable=False),
    _time("created_at"),
    Column("for_status", String(32)),
    Column("remaining_seconds", BigInteger),
    _time("fired_at", nullable=True),
    Index("ix_timer_status_due_at", "status", "due_at"),
    Index("ix_timer_subject_subject_id", "subject", "subject_id"),
)

review = Table(
    "review",
    metadata,
    _id(),
    _fk("order_id", "marketplace_order.id"),
    _fk("author_id", "account.id"),
    _fk("subject_id", "account.id"),
    Column("rating", Integer, nullable=False),
    Column("text", Text, nullable=False),
    _time("created_at"),
    _time("revealed_at", nullable=True),
    UniqueConstraint("order_id", "author_id"),
    Index(None, "subject_id"),
)

dispute = Table(
    "dispute",
    metadata,
    _id(),
    _fk("order_id", "marketplace_order.id"),
    _fk("opened_by", "account.id"),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False),
    _time("created_at"),
    Column("claimed_by", Id),
    _time("claimed_at", nullable=True),
    Column("ruling", String(16)),
    Column("split_pct", Integer),
    Column("note", Text),
    _time("resolved_at", nullable=True),
    Column("resolved_by", Id),
    Index(None, "order_id"),
    Index("ix_dispute_status_created_at", "status", "created_at"),
)

# The pilot analytics (the admin channel's /stats) read orders by the time they were created.
Index("ix_marketplace_order_created_at", marketplace_order.c.created_at)
