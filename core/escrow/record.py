"""An escrow order's payment record: where its money is now, read from the money ledger, the
payment jobs and the chargeback state, never from the order's status alone (docs/escrow.md
"The payment record"). The API's ``payment`` object, the chat order card and the moderators'
evidence all show this one record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.escrow.chargeback_state import chargeback_open
from core.escrow.chargebacks import PROOFER_LOST_KEY, REPAY_KEY, REVERSAL_KEY
from core.escrow.fees import fee_of
from core.escrow.model import JobKind, JobStatus, LedgerFlow, PaymentJob
from core.escrow.proofer_fees import FEE_KEY as PROOFER_FEE_KEY
from core.escrow.proofer_fees import REFUND_KEY as PROOFER_REFUND_KEY
from core.escrow.proofer_fees import amount_due, proofing_fees
from core.orders.model import Order, OrderStatus, PaymentMode
from core.shared import ledger
from core.shared.context import Context
from core.shared.uow import UnitOfWork


class PaymentStatus(StrEnum):
    #: No money yet (the buyer has a link or the wallet to pay with).
    AWAITING_FUNDING = "awaiting_funding"
    #: The money is held in escrow while the work runs.
    FUNDED = "funded"
    #: Approved; the money waits out the release cooldown.
    RELEASE_PENDING = "release_pending"
    #: The seller's share was released to them (see ``payout`` for whether it reached them).
    RELEASED = "released"
    #: All of it went back to the buyer.
    REFUNDED = "refunded"
    #: Split: part back to the buyer, the rest released to the seller.
    PARTIALLY_REFUNDED = "partially_refunded"
    #: Money released to the seller was taken back (a refund after release, a chargeback
    #: the bank decided for the card holder).
    REVERSED = "reversed"
    #: The card holder's bank is deciding a chargeback; the money stays where it is.
    DISPUTED_BY_BANK = "disputed_by_bank"
    #: Cancelled before any money came in.
    CANCELLED = "cancelled"


class PayoutState(StrEnum):
    #: Nothing is to be paid out (yet).
    NONE = "none"
    #: Waiting for the worker (or for the seller's payout account).
    QUEUED = "queued"
    #: Stopped by a chargeback or a moderator.
    HELD = "held"
    #: The call to the processor is in flight.
    SENT = "sent"
    #: The last attempt failed; retried with backoff (``last_error`` says why).
    FAILING = "failing"
    #: The processor made the transfer to the seller's payout account.
    PAID = "paid"
    #: Paid, then taken back from the seller's account (a chargeback).
    REVERSED = "reversed"
    #: Never to be sent (refunded after release before it went out, a lost chargeback).
    CANCELLED = "cancelled"


_PAYOUT_OF_JOB = {
    JobStatus.PENDING: PayoutState.QUEUED,
    JobStatus.HELD: PayoutState.HELD,
    JobStatus.SENDING: PayoutState.SENT,
    JobStatus.FAILED: PayoutState.FAILING,
    JobStatus.SENT: PayoutState.PAID,
    JobStatus.CANCELLED: PayoutState.CANCELLED,
}


@dataclass(frozen=True)
class Payout:
    state: PayoutState
    amount_cents: int = 0
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    #: The processor's reference of the transfer.
    ref: str | None = None


@dataclass(frozen=True)
class PaymentRecord:
    """Where an escrow order's money is, in the order's currency (minor units)."""

    order_id: int
    status: PaymentStatus
    currency: str
    #: What the buyer pays (the price, plus proofing fees when proofers were wanted).
    amount_cents: int
    #: What came into escrow.
    funded_cents: int
    #: What went back to the buyer (card or wallet), proofing fees nobody earned included.
    refunded_cents: int
    #: What the seller keeps of what was released: net of the platform's fee and of anything
    #: taken back since. Before the release: what they will receive.
    seller_cents: int
    #: The platform's fee: the figure the release actually kept (less after a split), or the
    #: one it will keep; 0 once refunded.
    platform_fee_cents: int
    #: What the processor kept of the card payments (its fee, not refunded with a refund).
    processing_fee_cents: int
    #: What the card holder's bank took back (lost chargebacks).
    chargeback_cents: int
    #: Still in the order's escrow.
    held_cents: int
    payout: Payout
    processing_fee_currency: str | None = None
    proofing_fee_cents: int = 0
    #: What in-time proofers earned of the proofing fees (moved out of escrow to them).
    proofers_paid_cents: int = 0
    #: The seller's share was released (``seller_cents`` is then what they keep).
    released: bool = False


def _order_keys(order_id: int) -> list[str]:
    return [
        f"fund:{order_id}",
        f"refund:{order_id}",
        f"release:{order_id}",
        f"refund-after-release:{order_id}",
        PROOFER_REFUND_KEY.format(order_id=order_id),
        f"chargeback:{order_id}",
        f"chargeback-fee:{order_id}",
        REVERSAL_KEY.format(order_id=order_id),
        REPAY_KEY.format(order_id=order_id),
        *(_bank_refund(k, order_id) for k in _REFUND_KEYS),
    ]


#: Refunds a lost chargeback found unmade: the bank gave that money back itself, so it is
#: booked ``world:processor → world:chargebacks`` under ``chargeback-refund:<refund key>``.
#: The refunds a lost chargeback can find still queued (chargebacks._refunds_made_by_the_bank
#: books each as ``chargeback-refund:<its key>``), the proofing fees' refund included.
_REFUND_KEYS = ("refund:{o}", "refund-after-release:{o}", "proofer-refund:{o}")


def _bank_refund(refund_key: str, order_id: int) -> str:
    return "chargeback-refund:" + refund_key.format(o=order_id)


def _sum(flows: list[LedgerFlow], key: str, *, account: str | None = None,
         prefix: str | None = None, sign: int = 0) -> int:
    total = 0
    for f in flows:
        if f.idempotency_key != key:
            continue
        if account is not None and f.ledger_account != account:
            continue
        if prefix is not None and not f.ledger_account.startswith(prefix):
            continue
        if sign and (f.amount > 0) != (sign > 0):
            continue
        total += f.amount
    return total


def _payout(jobs: list[PaymentJob], order_id: int) -> Payout:
    transfers = {j.idempotency_key: j for j in jobs if j.kind is JobKind.TRANSFER}
    # After a won chargeback the payout made again is the one that counts.
    job = transfers.get(REPAY_KEY.format(order_id=order_id)) or transfers.get(
        f"release:{order_id}"
    )
    if job is None:
        return Payout(PayoutState.NONE)
    state = _PAYOUT_OF_JOB[job.status]
    reversal = next(
        (j for j in jobs if j.idempotency_key == REVERSAL_KEY.format(order_id=order_id)), None
    )
    if (state is PayoutState.PAID and job.idempotency_key == f"release:{order_id}"
            and reversal is not None and reversal.status is JobStatus.SENT):
        state = PayoutState.REVERSED
    return Payout(
        state=state,
        amount_cents=job.amount_cents,
        attempts=job.attempts,
        last_error=job.last_error if state in (PayoutState.FAILING, PayoutState.QUEUED,
                                               PayoutState.HELD) else None,
        sent_at=job.sent_at,
        ref=job.result_id,
    )


async def payment_record(ctx: Context, uow: UnitOfWork, order: Order) -> PaymentRecord | None:
    """The record of an escrow order (None for one paid off-platform), inside the caller's
    unit of work; no call to the processor."""
    if order.payment_mode is not PaymentMode.ESCROW:
        return None
    o = order.id
    jobs = await uow.payments.jobs_for_order(o)
    fee_jobs = [j for j in jobs if j.kind is JobKind.PROCESSING_FEE]
    earned = [PROOFER_FEE_KEY.format(assignment_id=a.id) for a in await uow.proofs.for_order(o)]
    # A lost chargeback takes a proofer's unpaid fee back (chargebacks.PROOFER_LOST_KEY).
    proofer_lost = [PROOFER_LOST_KEY.format(key=k) for k in earned]
    proofer_keys = earned + proofer_lost
    flows = await uow.payments.ledger_flows(
        _order_keys(o) + [j.idempotency_key for j in fee_jobs] + proofer_keys
    )
    escrow = ledger.escrow_account(o)
    seller = ledger.payable_account(order.seller_id)
    funded = _sum(flows, f"fund:{o}", account=escrow)
    refund_keys = (f"refund:{o}", f"refund-after-release:{o}",
                   PROOFER_REFUND_KEY.format(order_id=o))
    bank_refunds = [_bank_refund(k, o) for k in _REFUND_KEYS]
    # A refund the bank made instead (a lost chargeback) is the bank's, not BotGig's.
    refunded = sum(
        _sum(flows, k, account=ledger.WORLD_PROCESSOR)
        + _sum(flows, k, account=ledger.user_account(order.buyer_id))
        for k in refund_keys
    ) + sum(_sum(flows, k, account=ledger.WORLD_PROCESSOR) for k in bank_refunds)
    release = f"release:{o}"
    released = _sum(flows, release, account=seller)
    # Taken back from the seller: a refund after release (from the payout or the unpaid
    # share), a chargeback's reversal, a lost chargeback's take from the unpaid share; and
    # given again after a won chargeback.
    taken = (
        -_sum(flows, f"refund-after-release:{o}", account=ledger.WORLD_PAYOUTS)
        - _sum(flows, f"refund-after-release:{o}", account=seller)
        + _sum(flows, REVERSAL_KEY.format(order_id=o), account=escrow)
        - _sum(flows, f"chargeback:{o}", account=seller)
    )
    repaid = _sum(flows, REPAY_KEY.format(order_id=o), account=seller)
    fee_kept = (
        _sum(flows, release, account=ledger.PLATFORM_FEES)
        + _sum(flows, f"refund-after-release:{o}", account=ledger.PLATFORM_FEES)
        + _sum(flows, f"chargeback-fee:{o}", account=ledger.PLATFORM_FEES)
    )
    chargebacks = sum(
        _sum(flows, k, account=ledger.WORLD_CHARGEBACKS)
        for k in (f"chargeback:{o}", f"chargeback-fee:{o}", *bank_refunds, *proofer_lost)
    )
    processing = sum(
        _sum(flows, j.idempotency_key, account=ledger.WORLD_PROCESSING_FEES) for j in fee_jobs
    )
    proofers_paid = sum(
        f.amount for f in flows
        if f.idempotency_key in proofer_keys and f.ledger_account.startswith("payable:")
    )
    held = await uow.ledger.balance(escrow, order.currency)
    is_released = any(f.idempotency_key == release for f in flows)
    open_chargeback = await chargeback_open(uow, o)
    order_refund = _sum(flows, f"refund:{o}", account=ledger.WORLD_PROCESSOR) + _sum(
        flows, f"refund:{o}", account=ledger.user_account(order.buyer_id)
    )

    running = not order.status.is_terminal
    if is_released:
        seller_cents, fee = released - taken + repaid, fee_kept
    elif running or order.status is OrderStatus.COMPLETED:
        fee = fee_of(ctx.rules, order.price_cents)
        seller_cents = order.price_cents - fee
    else:
        seller_cents = fee = 0

    if open_chargeback:
        status = PaymentStatus.DISPUTED_BY_BANK
    elif funded == 0:
        status = (PaymentStatus.CANCELLED if order.status.is_terminal
                  else PaymentStatus.AWAITING_FUNDING)
    elif chargebacks > 0 or (is_released and taken > repaid):
        status = PaymentStatus.REVERSED
    elif is_released and order_refund > 0:
        status = PaymentStatus.PARTIALLY_REFUNDED
    elif is_released:
        status = PaymentStatus.RELEASED
    elif order_refund > 0 or (order.status.is_terminal and refunded >= funded):
        status = PaymentStatus.REFUNDED
    elif order.status is OrderStatus.RELEASE_PENDING:
        status = PaymentStatus.RELEASE_PENDING
    else:
        status = PaymentStatus.FUNDED
    return PaymentRecord(
        order_id=o,
        status=status,
        currency=order.currency,
        amount_cents=amount_due(ctx, order),
        funded_cents=funded,
        refunded_cents=refunded,
        seller_cents=seller_cents,
        platform_fee_cents=fee,
        processing_fee_cents=processing,
        processing_fee_currency=next(
            (j.currency for j in fee_jobs if j.status is JobStatus.SENT), None
        ),
        chargeback_cents=chargebacks,
        held_cents=held,
        payout=_payout(jobs, o),
        proofing_fee_cents=proofing_fees(ctx, order),
        proofers_paid_cents=proofers_paid,
        released=is_released,
    )
