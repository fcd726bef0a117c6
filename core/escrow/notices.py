"""What the payment processor tells escrow, already verified and translated by its adapter.

Each notice carries only what core needs plus ``event_id``, the processor's id of the event
it came from: a redelivered event is applied once (``processor_events.handle_notice``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.escrow.model import CheckoutPurpose, PayoutCapability


@dataclass(frozen=True)
class FundsReceived:
    """A card payment succeeded: for an order's escrow or for a wallet deposit."""

    event_id: str
    purpose: CheckoutPurpose
    account_id: int | None
    order_id: int | None
    amount_cents: int
    currency: str
    payment_ref: str
    #: The charge that holds the money, when the processor named it already.
    charge_ref: str | None = None
    #: The checkout the buyer paid on, when the notice came from one.
    checkout_id: str | None = None


@dataclass(frozen=True)
class CheckoutExpired:
    """A checkout link can no longer be paid; the next /pay makes a new one."""

    event_id: str
    checkout_id: str


@dataclass(frozen=True)
class PaymentFailed:
    event_id: str
    order_id: int
    reason: str | None = None
    #: The checkout whose (delayed) payment failed: it is closed, the next /pay makes a new one.
    checkout_id: str | None = None


@dataclass(frozen=True)
class ChargebackClosed:
    """The bank decided a chargeback: ``won`` (the platform keeps the money) or lost."""

    event_id: str
    chargeback_ref: str
    payment_refs: tuple[str, ...]
    amount_cents: int
    won: bool
    status: str


@dataclass(frozen=True)
class ChargebackFunds:
    """The processor took a chargeback's amount from the platform's balance (``withdrawn``)
    or gave it back (reinstated)."""

    event_id: str
    chargeback_ref: str
    payment_refs: tuple[str, ...]
    amount_cents: int
    withdrawn: bool


@dataclass(frozen=True)
class RefundFailed:
    """A refund the processor had accepted did not reach the card holder (the bank refused
    it); the money is back on the platform's balance."""

    event_id: str
    refund_ref: str
    payment_refs: tuple[str, ...]
    amount_cents: int
    reason: str | None = None


@dataclass(frozen=True)
class PayoutAccountDisconnected:
    """The seller disconnected their payout account from the platform: no payout can reach
    it any more."""

    event_id: str
    processor_account_id: str


@dataclass(frozen=True)
class PayoutCapabilityChanged:
    """The capability payouts need (the processor's ``transfers``) became active or not."""

    event_id: str
    processor_account_id: str
    active: bool
    status: str
    changed_at: datetime


@dataclass(frozen=True)
class PayoutAccountChanged:
    event_id: str
    account: PayoutCapability
    #: When the processor saw this state: an older notice arriving late is ignored.
    changed_at: datetime


@dataclass(frozen=True)
class RefundConfirmed:
    """The processor refunded (part of) a payment, whoever asked for it."""

    event_id: str
    #: The references the payment may be known by (payment, charge).
    payment_refs: tuple[str, ...]
    refunded_cents: int


@dataclass(frozen=True)
class PayoutReversed:
    event_id: str
    order_id: int
    reversed_cents: int


@dataclass(frozen=True)
class Chargeback:
    """The card holder disputed a payment with their bank."""

    event_id: str
    chargeback_ref: str
    payment_refs: tuple[str, ...]
    amount_cents: int
    reason: str | None = None


Notice = (
    FundsReceived | CheckoutExpired | PaymentFailed | PayoutAccountChanged | RefundConfirmed
    | PayoutReversed | Chargeback | RefundFailed | PayoutAccountDisconnected
    | PayoutCapabilityChanged | ChargebackClosed | ChargebackFunds
)
