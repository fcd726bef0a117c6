"""Escrow money on a payment processor: the records the core keeps about it.

The processor has no escrow product: the buyer is charged on the platform's account (tagged
with the order), the cooldown lives in our database, and the seller is paid with a payout to
their payout account at the processor. Every call to the processor is first recorded here as
a ``PaymentJob`` (in the same transaction as the ledger posting that decided it) and performed
after the commit by the payment worker, with a deterministic idempotency key, so a crash or
a retry never pays twice and never loses a payout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# Domain events of this area (kept out of core.shared.events.ALL_EVENT_TYPES, which lists the
# contract's webhook types; the chat front ends render these too).
#: The seller's share reached their payout account.
PAYMENT_PAID_OUT = "payment.paid_out"
#: The buyer's card payment failed.
PAYMENT_FAILED = "payment.failed"
#: A payment arrived for an order that no longer wanted it; it was refunded automatically.
PAYMENT_RETURNED = "payment.returned"
#: Money arrived in the buyer's wallet.
WALLET_CREDITED = "wallet.credited"
#: A payout or refund call failed; the worker retries it (admin channel).
PAYMENT_JOB_FAILED = "payment.job_failed"
#: A card chargeback was opened against an order's payment (admin channel).
PAYMENT_CHARGEBACK = "payment.chargeback"
#: A chargeback ended: won (the money is back) or lost (the bank kept it).
PAYMENT_CHARGEBACK_CLOSED = "payment.chargeback_closed"
#: A chargeback's money was withdrawn from or reinstated to the platform (admin channel).
PAYMENT_CHARGEBACK_FUNDS = "payment.chargeback_funds"
#: The processor reports money moving that BotGig did not ask for (admin channel).
PAYMENT_UNEXPECTED = "payment.unexpected"
#: The seller's payout status changed.
PAYOUTS_UPDATED = "payouts.updated"
#: A refund to the buyer's card failed at their bank (the buyer and the admin channel).
PAYMENT_REFUND_FAILED = "payment.refund_failed"
#: A seller disconnected their payout account; their payouts wait (admin channel).
PAYOUTS_DISCONNECTED = "payouts.disconnected"

#: ``disabled_reason`` of a payout account the seller disconnected from the platform.
DISCONNECTED = "botgig.disconnected"
#: ``disabled_reason`` while the processor's ``transfers`` capability is not active.
TRANSFERS_INACTIVE = "botgig.transfers_inactive"

PAYMENT_EVENT_TYPES = frozenset(
    {
        PAYMENT_PAID_OUT,
        PAYMENT_FAILED,
        PAYMENT_RETURNED,
        WALLET_CREDITED,
        PAYMENT_JOB_FAILED,
        PAYMENT_CHARGEBACK,
        PAYMENT_UNEXPECTED,
        PAYOUTS_UPDATED,
        PAYMENT_REFUND_FAILED,
        PAYOUTS_DISCONNECTED,
        PAYMENT_CHARGEBACK_CLOSED,
        PAYMENT_CHARGEBACK_FUNDS,
    }
)


class FundingSource(StrEnum):
    CARD = "card"
    WALLET = "wallet"


@dataclass
class PayoutAccount:
    """A seller's payout account at the processor, as its last notice described it."""

    account_id: int
    processor_account_id: str
    charges_enabled: bool
    payouts_enabled: bool
    details_submitted: bool
    created_at: datetime
    updated_at: datetime
    #: Details the processor still needs before it pays out.
    requirements: tuple[str, ...] = ()
    disabled_reason: str | None = None
    #: ``created`` of the newest event applied: an older event arriving late is ignored.
    status_at: datetime | None = None

    @property
    def can_receive(self) -> bool:
        return self.payouts_enabled and self.disabled_reason is None


@dataclass(frozen=True)
class PayoutCapability:
    """A payout account as the processor describes it: whether it can take payouts."""

    id: str
    charges_enabled: bool
    payouts_enabled: bool
    details_submitted: bool
    requirements: tuple[str, ...] = ()
    disabled_reason: str | None = None


class CheckoutPurpose(StrEnum):
    ORDER = "order"
    WALLET = "wallet"


@dataclass
class CheckoutSession:
    id: str
    purpose: CheckoutPurpose
    account_id: int
    amount_cents: int
    currency: str
    url: str
    status: str
    created_at: datetime
    expires_at: datetime
    order_id: int | None = None
    payment_ref: str | None = None


@dataclass(frozen=True)
class CheckoutRequest:
    purpose: CheckoutPurpose
    account_id: int
    amount_cents: int
    currency: str
    title: str
    description: str
    idempotency_key: str
    order_id: int | None = None
    email: str | None = None


@dataclass(frozen=True)
class CheckoutLink:
    id: str
    url: str
    expires_at: datetime
    payment_ref: str | None = None


@dataclass
class OrderFunding:
    """How an escrow order was paid: by card (the processor's payment and charge references)
    or from the buyer's wallet. Refunds go back the same way."""

    order_id: int
    source: FundingSource
    amount_cents: int
    currency: str
    funded_at: datetime
    payment_ref: str | None = None
    charge_ref: str | None = None


def processor_key(deployment_id: str | None, key: str) -> str:
    """The idempotency key sent to the processor for BotGig's ``key``: prefixed with the
    deployment id, so two databases on one processor account (a second environment, a reset)
    never share a key within the processor's replay window."""
    return f"{deployment_id}:{key}" if deployment_id else key


class JobKind(StrEnum):
    #: Pay the seller's share out of the order's charge (key ``release:<order>``).
    TRANSFER = "transfer"
    #: Refund (part of) the order's card payment; a transfer made already is reversed first.
    REFUND = "refund"
    #: Refund a stray payment that never entered the ledger (an order already funded).
    RETURN = "return"
    #: Pay an in-time proofer's fee (key ``proofer-fee:<assignment>``).
    PROOFER_FEE = "proofer_fee"
    #: Take a payout back from the seller while a chargeback is open
    #: (key ``chargeback-reversal:<order>``).
    REVERSAL = "reversal"
    #: Read what the processor kept of a card charge and record it in the ledger
    #: (key ``processing-fee:<payment>``; ``amount_cents`` is the fee once it is known).
    PROCESSING_FEE = "processing_fee"


class JobStatus(StrEnum):
    PENDING = "pending"
    #: Claimed by a worker whose call is in flight (until ``next_attempt_at``, the lease).
    SENDING = "sending"
    SENT = "sent"
    #: The last attempt failed; retried at ``next_attempt_at``.
    FAILED = "failed"
    #: Stopped by a chargeback or a moderator; unhold or release starts it again.
    HELD = "held"
    CANCELLED = "cancelled"


@dataclass
class PaymentJob:
    """A call to the processor decided in the database and made after the commit."""

    id: int
    kind: JobKind
    order_id: int
    amount_cents: int
    currency: str
    idempotency_key: str
    status: JobStatus
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    last_error: str | None = None
    #: The processor's reference of the result (a payout, a refund).
    result_id: str | None = None
    #: The payment a RETURN refunds.
    payment_ref: str | None = None
    #: Of a REFUND: how much of the order's payout to reverse first.
    reverse_cents: int = 0
    sent_at: datetime | None = None
    #: The deployment id the job was queued with, which prefixes every key it sends to the
    #: processor (``core.escrow.jobs.processor_key``); None for a job queued before BotGig had
    #: one, which keeps its bare key because the processor may have seen it already.
    key_prefix: str | None = None

    @property
    def processor_key(self) -> str:
        """The idempotency key this job sends to the processor."""
        return processor_key(self.key_prefix, self.idempotency_key)

    @property
    def open(self) -> bool:
        return self.status in (JobStatus.PENDING, JobStatus.SENDING, JobStatus.FAILED)


@dataclass(frozen=True)
class ProcessingFee:
    """What the processor kept of one card charge (its balance transaction), in the minor
    units of ``currency`` (the platform's settlement currency, not always the charge's)."""

    amount_cents: int
    currency: str
    #: The processor's reference of the balance transaction.
    ref: str
    #: Its parts as the processor names them, with their amounts.
    details: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ProcessorTotals:
    """What the processor holds for one order, in cents."""

    charged: int = 0
    refunded: int = 0
    transferred: int = 0
    reversed: int = 0
    #: Chargebacks the bank has not decided yet, and those it decided for the card holder.
    disputed_open: int = 0
    disputed_lost: int = 0
    #: What the processor kept of the charges (their balance transactions' fees).
    processing_fees: int = 0


@dataclass(frozen=True)
class LedgerFlow:
    """One ledger entry of an order's money, for reconciliation."""

    idempotency_key: str
    ledger_account: str
    amount: int


@dataclass(frozen=True)
class Mismatch:
    order_id: int
    what: str
    ledger: int
    processor: int

    def describe(self) -> str:
        return (
            f"order #{self.order_id}: {self.what} — ledger {self.ledger}, "
            f"processor {self.processor} (difference {self.processor - self.ledger:+d})"
        )


@dataclass(frozen=True)
class Reconciliation:
    checked: int
    mismatches: list[Mismatch] = field(default_factory=list)
    #: Orders with a payout or refund still queued: compared once the worker is done.
    pending: list[int] = field(default_factory=list)
    #: Queued calls failing for longer than the threshold (BOTGIG_PAYOUT_FAILING_AFTER).
    failing: list[PaymentJob] = field(default_factory=list)
