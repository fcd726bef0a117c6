"""What escrow needs from the outside: its records (``PaymentRepository``, part of the unit
of work) and the payment processor (``PaymentProcessor``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from core.accounts.model import Account
from core.escrow.model import (
    CheckoutLink,
    CheckoutRequest,
    CheckoutSession,
    JobStatus,
    LedgerFlow,
    OrderFunding,
    PaymentJob,
    PayoutAccount,
    PayoutCapability,
    ProcessingFee,
    ProcessorTotals,
)

if TYPE_CHECKING:
    from core.shared.uow import UnitOfWork


class PaymentRepository(Protocol):
    """Connected accounts, checkout sessions, order fundings, payment jobs and the processor's
    event ids."""

    async def payout_account(self, account_id: int) -> PayoutAccount | None: ...
    async def payout_account_by_processor_id(
        self, processor_account_id: str
    ) -> PayoutAccount | None: ...
    async def save_payout_account(self, account: PayoutAccount) -> None:
        """Insert or replace the account's row."""

    async def first_event(self, event_id: str, event_type: str, now: datetime) -> bool:
        """Record a processor event id; True the first time, False for a redelivery."""

    async def add_checkout(self, session: CheckoutSession) -> None: ...
    async def checkout(self, session_id: str) -> CheckoutSession | None: ...
    async def open_checkout(self, order_id: int, now: datetime) -> CheckoutSession | None:
        """The newest unexpired open checkout session of an order, to show again."""

    async def update_checkout(self, session: CheckoutSession) -> None: ...
    async def funding(self, order_id: int) -> OrderFunding | None: ...
    async def funding_by_payment(self, payment_ref: str) -> OrderFunding | None:
        """The funding whose payment or charge reference is ``payment_ref``."""

    async def save_funding(self, funding: OrderFunding) -> None:
        """Insert or replace the order's funding."""

    async def add_job(self, job: PaymentJob) -> PaymentJob | None:
        """Queue a job; None (nothing changes) when its idempotency key is queued already."""

    async def job(self, idempotency_key: str) -> PaymentJob | None: ...
    async def jobs_for_order(self, order_id: int) -> list[PaymentJob]: ...
    async def update_job(self, job: PaymentJob, *, expected: Sequence[JobStatus] = ()) -> bool:
        """Save ``job``; with ``expected``, only while the stored status is one of them."""

    async def claim_jobs(
        self, now: datetime, limit: int, lease_until: datetime
    ) -> list[PaymentJob]:
        """Pending, failed and abandoned (lease over) jobs due by ``now``, marked ``sending``
        until ``lease_until`` so another worker skips them (``SKIP LOCKED`` on PostgreSQL)."""

    async def funded_orders(self, since: datetime | None) -> list[int]:
        """Ids of orders with a card funding or a queued job since ``since`` (reconciliation)."""

    async def ledger_flows(self, idempotency_keys: Sequence[str]) -> list[LedgerFlow]:
        """The entries of the ledger transactions with those keys."""


class PaymentProcessor(Protocol):
    """The card processor as escrow uses it, in BotGig's words: an order's checkout, refunds
    of its payment, payouts to a seller's payout account and their reversal. Every method but
    ``seller_can_receive`` raises ``core.escrow.errors.GatewayError`` when the processor
    refuses or cannot be reached; calls that move money take an idempotency key, so repeating
    one after a crash is harmless."""

    async def seller_can_receive(self, seller: Account, uow: UnitOfWork | None = None) -> bool:
        """Whether ``seller`` can be paid out now; ``uow`` is the caller's open transaction,
        to read the payout status recorded from the processor's notices (no call out)."""

    async def open_payout_account(
        self, *, account_id: int, email: str | None, idempotency_key: str
    ) -> PayoutCapability:
        """Create the seller's payout account at the processor."""

    async def payout_setup_link(self, *, processor_account_id: str) -> str:
        """A fresh single-use link to the processor's payout setup form (it expires soon)."""

    async def create_checkout(self, request: CheckoutRequest) -> CheckoutLink:
        """A hosted payment page; the adapter knows where it returns to."""

    async def pay_out(
        self,
        *,
        order_id: int,
        amount_cents: int,
        currency: str,
        processor_account_id: str,
        from_payment: str | None,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> str:
        """Pay ``amount_cents`` of the order to the seller's payout account, out of the
        order's card payment ``from_payment`` (a charge or payment reference) when there is
        one; returns the payout's reference."""

    async def reverse_payout(
        self, *, payout_ref: str, amount_cents: int, idempotency_key: str
    ) -> str:
        """Take ``amount_cents`` of a payout back from the seller; returns its reference."""

    async def refund(
        self,
        *,
        payment_ref: str,
        amount_cents: int,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> str:
        """Refund (part of) a card payment; returns the refund's reference."""

    async def processing_fee(self, *, payment_ref: str) -> ProcessingFee:
        """What the processor kept of the card payment ``payment_ref`` (its fee). Raises a
        retryable ``GatewayError`` while the processor has not settled the charge yet."""

    async def order_totals(self, order_id: int) -> ProcessorTotals:
        """Charged, refunded, paid out and reversed for the order, as the processor has it."""


class PaymentsUnit(Protocol):
    """Escrow (core.escrow)."""

    @property
    def payments(self) -> PaymentRepository: ...
