"""The database schema as SQLAlchemy Core tables.

Repositories convert rows to the dataclasses of the core features' models (storage.mapping);
nothing is mapped imperatively, so core stays free of SQLAlchemy. Migrations
(storage/migrations) are the source of the deployed schema; a test checks that they and
these tables agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# SQLite only autoincrements a column declared exactly INTEGER PRIMARY KEY.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always hands back aware UTC datetimes, on SQLite too (which keeps
    no offset) — so comparisons never mix naive and aware values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: BotGig stores aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _id() -> Column[Any]:
    return Column("id", Id, primary_key=True, autoincrement=True)


def _fk(
    name: str, target: str, *, nullable: bool = False, ondelete: str | None = None
) -> Column[Any]:
    return Column(name, Id, ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _time(name: str, *, nullable: bool = False) -> Column[Any]:
    return Column(name, UTCDateTime(), nullable=nullable)


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
    UniqueConstraint("provider", "external_id"),
    Index(None, "account_id"),
)

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
    Index("ix_offer_status_category", "status", "category"),
    Index(None, "seller_id"),
    Index("ix_offer_status_price", "status", "price_cents"),
    Index("ix_offer_status_created_at", "status", "created_at"),
    Index("ix_offer_status_boosted_until", "status", "boosted_until"),
    Index(None, "expires_at"),
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

proofer = Table(
    "proofer",
    metadata,
    _fk("account_id", "account.id"),
    Column("enabled", Boolean, nullable=False),
    _time("created_at"),
    _time("updated_at"),
    _time("last_assigned_at", nullable=True),
    Column("assigned_count", Integer, nullable=False, default=0),
    Column("scored_count", Integer, nullable=False, default=0),
    Column("agreed_count", Integer, nullable=False, default=0),
    PrimaryKeyConstraint("account_id"),
    Index("ix_proofer_enabled_last_assigned_at", "enabled", "last_assigned_at"),
)

proof_round = Table(
    "proof_round",
    metadata,
    _id(),
    _fk("order_id", "marketplace_order.id"),
    Column("wanted", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    _time("opened_at"),
    _time("closes_at"),
    _time("closed_at", nullable=True),
    Column("consensus", JSON),
    Index(None, "order_id"),
)

proof_assignment = Table(
    "proof_assignment",
    metadata,
    _id(),
    _fk("round_id", "proof_round.id"),
    _fk("order_id", "marketplace_order.id"),
    _fk("proofer_id", "account.id"),
    Column("status", String(16), nullable=False),
    _time("assigned_at"),
    _time("due_at"),
    _time("submitted_at", nullable=True),
    Column("scorecard", JSON),
    Column("agrees", Boolean),
    # A proofer is assigned once per round, so a re-assignment goes to someone else.
    UniqueConstraint("round_id", "proofer_id"),
    Index(None, "proofer_id"),
    Index(None, "order_id"),
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

audit_entry = Table(
    "audit_entry",
    metadata,
    _id(),
    Column("actor_id", Id),
    Column("action", String(64), nullable=False),
    Column("subject", String(64), nullable=False),
    _time("created_at"),
    Column("note", Text),
    Column("data", JSON, nullable=False),
    Index(None, "subject"),
)

ledger_transaction = Table(
    "ledger_transaction",
    metadata,
    _id(),
    Column("type", String(32), nullable=False),
    Column("asset", String(16), nullable=False),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("memo", Text, nullable=False),
    Column("account_id", Id),
    Column("actor_id", Id),
    Column("reference", String(200)),
    _time("created_at"),
)

ledger_entry = Table(
    "ledger_entry",
    metadata,
    _id(),
    _fk("transaction_id", "ledger_transaction.id"),
    Column("ledger_account", String(64), nullable=False),
    Column("asset", String(16), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Index("ix_ledger_entry_account_asset_tx", "ledger_account", "asset", "transaction_id"),
)

ledger_balance = Table(
    "ledger_balance",
    metadata,
    Column("ledger_account", String(64), nullable=False),
    Column("asset", String(16), nullable=False),
    Column("balance", BigInteger, nullable=False),
    PrimaryKeyConstraint("ledger_account", "asset"),
    # The last line of defence: only world:* accounts (value entering or leaving) go negative.
    CheckConstraint("balance >= 0 OR ledger_account LIKE 'world:%'", name="non_negative"),
)

outbox_event = Table(
    "outbox_event",
    metadata,
    _id(),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("type", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("channels", JSON, nullable=False),
    _time("occurred_at"),
    _time("created_at"),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    _time("next_attempt_at"),
    _time("locked_until", nullable=True),
    Column("last_error", Text),
    _time("done_at", nullable=True),
    Index("ix_outbox_event_status_next_attempt_at", "status", "next_attempt_at"),
)

outbox_delivery = Table(
    "outbox_delivery",
    metadata,
    Column(
        "event_id",
        String(64),
        ForeignKey("outbox_event.event_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("sink", String(64), nullable=False),
    _time("delivered_at"),
    PrimaryKeyConstraint("event_id", "sink"),
)

conversation_state = Table(
    "conversation_state",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("state", JSON, nullable=False),
    _time("updated_at"),
)

dedup_key = Table(
    "dedup_key",
    metadata,
    Column("key", String(200), primary_key=True),
    _time("created_at"),
    Index(None, "created_at"),
)


# ---------------------------------------------------------------- programmatic access (0002)

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

rate_limit_counter = Table(
    "rate_limit_counter",
    metadata,
    Column("bucket", String(200), nullable=False),
    _time("window_start"),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("bucket", "window_start"),
    Index(None, "window_start"),
)

# -- crypto top-ups ----------------------------------------------------------------------------

deposit_address = Table(
    "deposit_address",
    metadata,
    _id(),
    _fk("account_id", "account.id"),
    Column("derivation_index", Integer, nullable=False),
    Column("address", String(42), nullable=False),
    _time("created_at"),
    UniqueConstraint("account_id"),
    UniqueConstraint("derivation_index"),
    UniqueConstraint("address"),
)

chain_deposit = Table(
    "chain_deposit",
    metadata,
    _id(),
    Column("chain_id", BigInteger, nullable=False),
    Column("tx_hash", String(66), nullable=False),
    # -1 for a native-coin transfer (no log).
    Column("log_index", Integer, nullable=False),
    _fk("account_id", "account.id"),
    Column("address", String(42), nullable=False),
    Column("sender", String(42), nullable=False),
    # NULL for the native coin.
    Column("token", String(42)),
    # Raw units as decimal text: a uint256 overflows BIGINT, and SQLite's NUMERIC would
    # round it through a float.
    Column("amount", String(78), nullable=False),
    Column("decimals", Integer, nullable=False),
    Column("block_number", BigInteger, nullable=False),
    Column("block_hash", String(66), nullable=False),
    Column("status", String(16), nullable=False),
    Column("credits", BigInteger, nullable=False),
    _time("seen_at"),
    _time("updated_at"),
    _time("credited_at", nullable=True),
    UniqueConstraint("chain_id", "tx_hash", "log_index"),
    Index("ix_chain_deposit_chain_id_status", "chain_id", "status"),
    Index(None, "account_id"),
)

chain_checkpoint = Table(
    "chain_checkpoint",
    metadata,
    Column("chain_id", BigInteger, primary_key=True, autoincrement=False),
    Column("last_block", BigInteger, nullable=False),
    Column("head_block", BigInteger, nullable=False),
    _time("updated_at"),
)

# -- one account on Telegram and Discord (core.accounts.linking) -------------------------------

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

# -- Telegram Stars top-ups (core.credits.stars_model) ---------------------------------------------

stars_payment = Table(
    "stars_payment",
    metadata,
    _id(),
    # Telegram's telegram_payment_charge_id: a repeated successful_payment records nothing.
    Column("charge_id", String(200), nullable=False),
    _fk("account_id", "account.id"),
    # The payer, for refundStarPayment.
    Column("telegram_user_id", BigInteger, nullable=False),
    Column("credits", BigInteger, nullable=False),
    Column("stars", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    _time("paid_at"),
    _time("refunded_at", nullable=True),
    _fk("refunded_by", "account.id", nullable=True),
    UniqueConstraint("charge_id"),
    Index(None, "account_id"),
)

# -- the admin channel (0004) ------------------------------------------------------------------
# The reports queue and the audit views read the log by action and by actor; the pilot
# analytics read listings and orders by the time they were created.

Index("ix_audit_entry_action_id", audit_entry.c.action, audit_entry.c.id)
Index("ix_audit_entry_actor_id", audit_entry.c.actor_id)
Index("ix_offer_created_at", offer.c.created_at)
Index("ix_request_created_at", request.c.created_at)
Index("ix_marketplace_order_created_at", marketplace_order.c.created_at)

# -- escrow on Stripe (core.escrow) ------------------------------------------------------------

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
    _time("created_at"),
    _time("next_attempt_at"),
    _time("sent_at", nullable=True),
    UniqueConstraint("idempotency_key"),
    Index("ix_payment_job_status_next_attempt_at", "status", "next_attempt_at"),
    Index(None, "order_id"),
)

# -- which parts of the deployment are alive (botgig.observability, /health/ready) -----------

heartbeat = Table(
    "heartbeat",
    metadata,
    #: ``scheduler``, ``dispatcher``, ``telegram``...; one row per part and process.
    Column("part", String(32), nullable=False),
    #: ``host:pid`` of the process.
    Column("instance", String(128), nullable=False),
    _time("started_at"),
    _time("beat_at"),
    #: The process's own check of the part (a bot connected, a loop turning).
    Column("ok", Boolean, nullable=False),
    Column("detail", String(200), nullable=False),
    PrimaryKeyConstraint("part", "instance"),
)
