"""Listings: offers, requests and the proposals on requests."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from storage.tables.base import _fk, _id, _time, metadata

offer = Table(
    "offer",
    metadata,
    _id(),
    _fk("seller_id", "account.id"),
    Column("title", String(200), nullable=False),
    Column("category", String(64), nullable=False),
    Column("description", Text, nullable=False),
    Column("inputs", Text, nullable=False),
    Column("output_format", Text, nullable=False),
    Column("delivery_days", Integer, nullable=False),
    Column("bot_pct", Integer, nullable=False),
    Column("price_cents", BigInteger, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("revisions_included", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    _time("created_at"),
    _time("updated_at"),
    _time("expires_at", nullable=True),
    _time("boosted_until", nullable=True),
    Column("requires_signoff", Boolean, nullable=False, default=False),
    Column("proofers_wanted", Integer, nullable=False, default=0),
    Column("hidden_reason", Text),
    Column("status_before_hidden", String(16)),
    # The browse order without the boost: the seller's trust, then the offer's age, as one
    # integer kept by storage (storage/listings.py, offer_rank_key); migration 0017.
    Column("rank_key", BigInteger, nullable=False, server_default=text("0")),
    Index("ix_offer_status_category", "status", "category"),
    Index(None, "seller_id"),
    Index("ix_offer_status_price", "status", "price_cents"),
    Index("ix_offer_status_created_at", "status", "created_at"),
    Index("ix_offer_status_boosted_until", "status", "boosted_until"),
    Index(None, "expires_at"),
    Index("ix_offer_status_rank", "status", "rank_key", "id"),
    # Covers the boosted part of the browse: its sort reads no row.
    Index(
        "ix_offer_status_boost_rank", "status", "boosted_until", "expires_at", "rank_key", "id"
    ),
    Index("ix_offer_status_category_rank", "status", "category", "rank_key", "id"),
)

request = Table(
    "request",
    metadata,
    _id(),
    _fk("buyer_id", "account.id"),
    Column("title", String(200), nullable=False),
    Column("category", String(64), nullable=False),
    Column("description", Text, nullable=False),
    Column("inputs", Text, nullable=False),
    Column("budget_min_cents", BigInteger, nullable=False),
    Column("budget_max_cents", BigInteger, nullable=False),
    Column("currency", String(8), nullable=False),
    _time("deadline"),
    Column("proofers_wanted", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False),
    _time("created_at"),
    _time("updated_at"),
    Column("hidden_reason", Text),
    Column("status_before_hidden", String(16)),
    Index("ix_request_status_category", "status", "category"),
    Index(None, "buyer_id"),
    Index("ix_request_status_created_at", "status", "created_at"),
    Index("ix_request_status_budget", "status", "budget_min_cents", "budget_max_cents"),
    Index(None, "deadline"),
)

proposal = Table(
    "proposal",
    metadata,
    _id(),
    _fk("request_id", "request.id"),
    _fk("seller_id", "account.id"),
    Column("message", Text, nullable=False),
    Column("price_cents", BigInteger, nullable=False),
    Column("timeline_days", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    _time("created_at"),
    _time("updated_at"),
    Index(None, "request_id"),
    Index("ix_proposal_seller_id_request_id", "seller_id", "request_id"),
    # The database, not a read-then-insert in the service, keeps one pending bid per seller.
    Index(
        "uq_proposal_one_pending",
        "request_id",
        "seller_id",
        unique=True,
        sqlite_where=text("status = 'pending'"),
        postgresql_where=text("status = 'pending'"),
    ),
)

# The pilot analytics (the admin channel's /stats) read listings by the time they were created.
Index("ix_offer_created_at", offer.c.created_at)
Index("ix_request_created_at", request.c.created_at)
