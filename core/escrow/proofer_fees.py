"""Proofing fees in escrow: each wanted proofer's fee is added to the buyer's checkout, paid
from the order's escrow to a proofer whose scorecard came in time (through the payout queue,
one transfer per assignment), and what was not earned goes back to the buyer when the order
ends."""

from __future__ import annotations

from core.escrow import jobs
from core.escrow.model import JobKind
from core.orders.model import Order, PaymentMode
from core.proofing.model import ProofAssignment
from core.shared import ledger
from core.shared.context import Context
from core.shared.uow import UnitOfWork

#: Idempotency keys: the fee moved to the proofer (ledger and payout job), its payout, and
#: the refund of what no proofer earned.
FEE_KEY = "proofer-fee:{assignment_id}"
PAYOUT_KEY = "proofer-payout:{assignment_id}"
REFUND_KEY = "proofer-refund:{order_id}"


def proofing_fees(ctx: Context, order: Order) -> int:
    """What the buyer of an escrow order pays for proofing on top of the price."""
    if order.payment_mode is not PaymentMode.ESCROW or order.proofers_wanted <= 0:
        return 0
    return max(0, ctx.rules.proofing.fee_cents) * order.proofers_wanted


def amount_due(ctx: Context, order: Order) -> int:
    """The checkout amount of an escrow order: its price and its proofing fees."""
    return order.price_cents + proofing_fees(ctx, order)


async def fee_per_proofer(uow: UnitOfWork, order: Order) -> int:
    """Each proofer's fee as the buyer paid it: the funding beyond the price, shared by the
    proofers wanted (a fee setting changed after payment does not change it)."""
    if order.payment_mode is not PaymentMode.ESCROW or order.proofers_wanted <= 0:
        return 0
    funding = await uow.payments.funding(order.id)
    if funding is None:
        return 0
    return max(0, funding.amount_cents - order.price_cents) // order.proofers_wanted


async def pay_proofer(
    ctx: Context, uow: UnitOfWork, order: Order, assignment: ProofAssignment
) -> int:
    """Move an in-time proofer's fee from the order's escrow to their payable balance and
    queue its payout; once per assignment. A proofer whose payout account cannot receive
    money now earns nothing from escrow: the fee stays unspent and goes back to the buyer
    (see docs/decisions.md). Returns the fee paid (0 for none)."""
    fee = await fee_per_proofer(uow, order)
    if fee <= 0:
        return 0
    payout = await uow.payments.payout_account(assignment.proofer_id)
    if payout is None or not payout.can_receive:
        return 0
    escrow = ledger.escrow_account(order.id)
    if await uow.ledger.balance(escrow, order.currency) - order.price_cents < fee:
        return 0
    key = FEE_KEY.format(assignment_id=assignment.id)
    posted = await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.PROOFER_FEE,
            asset=order.currency,
            source=escrow,
            destination=ledger.payable_account(assignment.proofer_id),
            amount=fee,
            idempotency_key=key,
            memo=f"Proofing fee (order #{order.id})",
            account_id=assignment.proofer_id,
            reference=f"proof_assignment:{assignment.id}",
        )
    )
    if posted:
        await jobs.add_job(ctx, uow, order, JobKind.PROOFER_FEE, fee, key)
    return fee


async def refund_unspent(ctx: Context, uow: UnitOfWork, order: Order) -> int:
    """When the order ends: the proofing fees no proofer earned go back to the buyer (the
    card, or the wallet it was paid from). Returns the amount refunded."""
    if order.payment_mode is not PaymentMode.ESCROW or order.proofers_wanted <= 0:
        return 0
    escrow = ledger.escrow_account(order.id)
    left = await uow.ledger.balance(escrow, order.currency)
    if left <= 0:
        return 0
    key = REFUND_KEY.format(order_id=order.id)
    posted = await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.ESCROW_REFUND,
            asset=order.currency,
            source=escrow,
            destination=await jobs.refund_destination(uow, order),
            amount=left,
            idempotency_key=key,
            memo=f"Unspent proofing fees of order #{order.id}",
            account_id=order.buyer_id,
        )
    )
    if posted:
        funding = await uow.payments.funding(order.id)
        if funding is not None and funding.source.value == "card":
            await jobs.add_job(ctx, uow, order, JobKind.REFUND, left, key)
    return left


def assignment_of(job_key: str) -> int | None:
    """The assignment id in a proofing fee job's key, or None for another job."""
    prefix = FEE_KEY.split("{", 1)[0]
    rest = job_key.removeprefix(prefix)
    return int(rest) if rest != job_key and rest.isdigit() else None
