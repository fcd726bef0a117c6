"""Credits: the double-entry ledger and its balances, crypto deposits and Telegram Stars
payments."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.tables.base import Id, _fk, _id, _time, metadata

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
