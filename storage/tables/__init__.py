"""The database schema as SQLAlchemy Core tables, one module per feature on one shared
``metadata`` (``storage.tables.base``); importing the package defines every table, so
``metadata`` (and Alembic, which compares against it) always sees all of them.

Repositories convert rows to the dataclasses of the core features' models (storage.mapping);
nothing is mapped imperatively, so core stays free of SQLAlchemy. Migrations
(storage/migrations) are the source of the deployed schema; a test checks that they and
these tables agree.
"""

from __future__ import annotations

from storage.tables.accounts import (
    account,
    api_key,
    email_token,
    idempotency_record,
    identity,
    link_code,
    webhook_delivery,
    webhook_endpoint,
)
from storage.tables.base import NAMING_CONVENTION, Id, UTCDateTime, metadata
from storage.tables.chat import conversation_state, dedup_key, rate_limit_counter
from storage.tables.credits import (
    chain_checkpoint,
    chain_deposit,
    deposit_address,
    ledger_balance,
    ledger_entry,
    ledger_transaction,
    stars_payment,
)
from storage.tables.escrow import (
    checkout_session,
    order_funding,
    payment_job,
    payout_account,
    stripe_event,
)
from storage.tables.export import account_export
from storage.tables.listings import offer, proposal, request
from storage.tables.moderation import audit_entry
from storage.tables.monitoring import deployment_setting, heartbeat
from storage.tables.orders import (
    delivery,
    dispute,
    marketplace_order,
    order_event,
    order_message,
    review,
    timer,
)
from storage.tables.outbox import outbox_delivery, outbox_event
from storage.tables.proofing import proof_assignment, proof_round, proofer

__all__ = [
    "NAMING_CONVENTION",
    "Id",
    "UTCDateTime",
    "account",
    "account_export",
    "api_key",
    "audit_entry",
    "chain_checkpoint",
    "chain_deposit",
    "checkout_session",
    "conversation_state",
    "dedup_key",
    "delivery",
    "deployment_setting",
    "deposit_address",
    "dispute",
    "email_token",
    "heartbeat",
    "idempotency_record",
    "identity",
    "ledger_balance",
    "ledger_entry",
    "ledger_transaction",
    "link_code",
    "marketplace_order",
    "metadata",
    "offer",
    "order_event",
    "order_funding",
    "order_message",
    "outbox_delivery",
    "outbox_event",
    "payment_job",
    "payout_account",
    "proof_assignment",
    "proof_round",
    "proofer",
    "proposal",
    "rate_limit_counter",
    "request",
    "review",
    "stars_payment",
    "stripe_event",
    "timer",
    "webhook_delivery",
    "webhook_endpoint",
]
