"""The money an order's transitions move: escrow back to the buyer or on to the seller.
Both are idempotent per order and do nothing for off-platform orders."""

from __future__ import annotations

from core.escrow import jobs as escrow_jobs
from core.escrow.fees import fee_of
from core.orders.model import Order
from core.orders.parties import escrow_in_use, order_payload, order_recipients
from core.shared import events as ev
from core.shared import ledger
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.ledger import Entry, LedgerTransaction
from core.shared.uow import UnitOfWork


async def refund_escrow(ctx: Context, uow: UnitOfWork, order: Order, amount: int) -> None:
    """Return ``amount`` of the order's escrow to the buyer (the adapter refunds the card)."""
    if not escrow_in_use(order) or amount <= 0:
        return
    held = await uow.ledger.balance(ledger.escrow_account(order.id), order.currency)
    amount = min(amount, held)
    if amount <= 0:
        return
    destination = await escrow_jobs.refund_destination(uow, order)
    posted = await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.ESCROW_REFUND,
            asset=order.currency,
            source=ledger.escrow_account(order.id),
            destination=destination,
            amount=amount,
            idempotency_key=f"refund:{order.id}",
            memo=f"Refund of order #{order.id}",
            account_id=order.buyer_id,
        )
    )
    if posted:
        await escrow_jobs.queue_refund(ctx, uow, order, amount)
    uow.publish(
        DomainEvent(
            type=ev.PAYMENT_REFUNDED,
            payload=order_payload(order) | {"amount_cents": amount},
            recipients=await order_recipients(uow, order, exclude=None),
            occurred_at=ctx.clock.now(),
        )
    )


async def release_escrow(ctx: Context, uow: UnitOfWork, order: Order, amount: int) -> None:
    """Move ``amount`` of the escrow to the seller's payable balance, less the platform fee;
    the payout adapter transfers the payable to the seller's connected account."""
    if not escrow_in_use(order) or amount <= 0:
        return
    held = await uow.ledger.balance(ledger.escrow_account(order.id), order.currency)
    amount = min(amount, held)
    if amount <= 0:
        return
    fee = fee_of(ctx.rules, amount)
    entries = [
        Entry(ledger.escrow_account(order.id), -amount),
        Entry(ledger.payable_account(order.seller_id), amount - fee),
    ]
    if fee:
        entries.append(Entry(ledger.PLATFORM_FEES, fee))
    posted = await uow.ledger.post(
        LedgerTransaction(
            type=ledger.TxType.ESCROW_RELEASE,
            asset=order.currency,
            idempotency_key=f"release:{order.id}",
            entries=tuple(entries),
            memo=f"Release of order #{order.id}",
            account_id=order.seller_id,
        )
    )
    if posted:
        await escrow_jobs.queue_payout(ctx, uow, order, amount - fee)
    uow.publish(
        DomainEvent(
            type=ev.PAYMENT_RELEASED,
            payload=order_payload(order) | {"amount_cents": amount, "fee_cents": fee},
            recipients=await order_recipients(uow, order, exclude=None),
            occurred_at=ctx.clock.now(),
        )
    )
