"""A refund after the payout: a moderator gives a completed escrow order's money back."""

from __future__ import annotations

from dataclasses import replace

from core.accounts import actors
from core.accounts.model import Account
from core.escrow import errors as err
from core.escrow.chargeback_state import chargeback_lost, chargeback_open
from core.escrow.jobs import add_job, refund_destination
from core.escrow.model import JobKind, JobStatus
from core.moderation.model import AuditEntry
from core.orders import parties
from core.orders.machine import MODERATOR
from core.orders.model import Order, OrderEvent, OrderStatus, PaymentMode
from core.shared import events as ev
from core.shared import ledger
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, PermissionDenied
from core.shared.events import DomainEvent
from core.shared.ledger import Entry, LedgerTransaction
from core.shared.uow import UnitOfWork


async def refund_released_order(
    ctx: Context, *, moderator_id: int, order_id: int, note: str
) -> Order:
    """Give a completed escrow order's released money back to the buyer (e.g. fraud found
    after the cooldown): a payout made already is reversed first, the platform's fee is
    returned, and the card (or wallet) is refunded. Raises ``Conflict`` while the payout is
    being sent, for an order with nothing released, or one refunded after release already;
    ``PermissionDenied`` for a moderator who is a party to the order."""
    note = v.paragraphs("note", note, min_len=3, max_len=500)
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        order = await parties.load_order(uow, order_id)
        key = f"refund-after-release:{order.id}"
        await _check_refundable(uow, order, moderator, key)
        flows = await uow.payments.ledger_flows([f"release:{order.id}"])
        net = sum(f.amount for f in flows if f.ledger_account.startswith("payable:"))
        fee = sum(f.amount for f in flows if f.ledger_account == ledger.PLATFORM_FEES)
        if net + fee <= 0:
            raise Conflict(err.NOTHING_RELEASED, order_id=order.id)
        paid_out = await _stop_payout(uow, order)
        destination = await refund_destination(uow, order)
        seller_side = ledger.WORLD_PAYOUTS if paid_out else ledger.payable_account(order.seller_id)
        entries = [Entry(seller_side, -net), Entry(destination, net + fee)]
        if fee:
            entries.append(Entry(ledger.PLATFORM_FEES, -fee))
        await uow.ledger.post(
            LedgerTransaction(
                type=ledger.TxType.ESCROW_REFUND,
                asset=order.currency,
                idempotency_key=key,
                entries=tuple(entries),
                memo=f"Refund of order #{order.id} after release",
                account_id=order.buyer_id,
                actor_id=moderator.id,
            )
        )
        reversed_cents = net if paid_out else 0
        if destination == ledger.WORLD_PROCESSOR:
            await add_job(
                ctx, uow, order, JobKind.REFUND, net + fee, key, reverse_cents=reversed_cents
            )
        await _record(ctx, uow, order, moderator, note, net + fee, reversed_cents)
        await uow.commit()
        return order


async def _check_refundable(uow: UnitOfWork, order: Order, moderator: Account, key: str) -> None:
    if order.payment_mode is not PaymentMode.ESCROW or order.status is not (
        OrderStatus.COMPLETED
    ):
        raise Conflict(err.NOT_RELEASED, order_id=order.id)
    if order.party_role(moderator.id):
        raise PermissionDenied(err.OWN_ORDER, order_id=order.id)
    if await uow.ledger.exists(key):
        raise Conflict(err.REFUNDED_ALREADY, order_id=order.id)
    if await chargeback_open(uow, order.id):
        raise Conflict(err.CHARGEBACK_OPEN, order_id=order.id)
    if await chargeback_lost(uow, order.id):
        # Found by the money properties: the fee and the seller's share left the ledger
        # twice (to the bank and back to the card), the platform's fees went negative.
        raise Conflict(err.CHARGEBACK_LOST, order_id=order.id)


async def _stop_payout(uow: UnitOfWork, order: Order) -> bool:
    """Cancel the order's payout if it is not sent yet; whether it was sent."""
    transfer = await uow.payments.job(f"release:{order.id}")
    if transfer is None:
        return False
    if transfer.status is JobStatus.SENDING:
        raise Conflict(err.PAYOUT_IN_FLIGHT, order_id=order.id)
    if transfer.status is JobStatus.SENT:
        return True
    if not await uow.payments.update_job(
        replace(transfer, status=JobStatus.CANCELLED),
        expected=(JobStatus.PENDING, JobStatus.FAILED, JobStatus.HELD),
    ):
        raise Conflict(err.PAYOUT_CHANGED, order_id=order.id)
    return False


async def _record(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    moderator: Account,
    note: str,
    amount: int,
    reversed_cents: int,
) -> None:
    now = ctx.clock.now()
    await uow.orders.add_event(
        OrderEvent(
            id=0,
            order_id=order.id,
            action="refund_after_release",
            from_status=order.status,
            to_status=order.status,
            actor_id=moderator.id,
            actor_role=MODERATOR,
            created_at=now,
            note=note,
        )
    )
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=moderator.id,
            action="refund_after_release",
            subject=f"order:{order.id}",
            created_at=now,
            note=note,
            data={"amount_cents": amount, "reversed_cents": reversed_cents},
        )
    )
    uow.publish(
        DomainEvent(
            type=ev.PAYMENT_REFUNDED,
            payload=parties.order_payload(order) | {"amount_cents": amount, "note": note},
            recipients=await parties.order_recipients(uow, order, exclude=None),
            channels=("admin",),
            occurred_at=now,
        )
    )
