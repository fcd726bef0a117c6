"""Queueing calls to the payment processor: the money rules decide in the database (in their
transaction), the worker (``core.escrow.worker``) calls after the commit."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.escrow.errors import EscrowUnavailable
from core.escrow.model import FundingSource, JobKind, JobStatus, PaymentJob
from core.escrow.ports import PaymentProcessor
from core.orders.model import Order
from core.shared import ledger
from core.shared.context import Context
from core.shared.uow import UnitOfWork


def processor_of(ctx: Context) -> PaymentProcessor:
    if ctx.escrow is None:
        raise EscrowUnavailable()
    return ctx.escrow


async def refund_destination(uow: UnitOfWork, order: Order) -> str:
    """Where refunded escrow goes: back to the card (the processor) or to the wallet."""
    funding = await uow.payments.funding(order.id)
    if funding is not None and funding.source is FundingSource.WALLET:
        return ledger.user_account(order.buyer_id)
    return ledger.WORLD_PROCESSOR


async def queue_refund(ctx: Context, uow: UnitOfWork, order: Order, amount: int) -> None:
    """After ``amount`` of the escrow went back to the processor: refund the card."""
    funding = await uow.payments.funding(order.id)
    if funding is None or funding.source is not FundingSource.CARD:
        return
    await add_job(ctx, uow, order, JobKind.REFUND, amount, f"refund:{order.id}")


async def queue_payout(ctx: Context, uow: UnitOfWork, order: Order, net: int) -> None:
    """After ``net`` was credited to the seller's payable: pay it out to them."""
    if net > 0:
        await add_job(ctx, uow, order, JobKind.TRANSFER, net, f"release:{order.id}")


PROCESSING_FEE_KEY = "processing-fee:{payment_ref}"


async def queue_processing_fee(
    ctx: Context, uow: UnitOfWork, order: Order, payment_ref: str
) -> None:
    """After a card payment of the order arrived: read what the processor kept of it (the
    worker records it in the ledger; a second notice of the same payment queues nothing)."""
    await add_job(
        ctx, uow, order, JobKind.PROCESSING_FEE, 0,
        PROCESSING_FEE_KEY.format(payment_ref=payment_ref), payment_ref=payment_ref,
    )


async def add_job(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    kind: JobKind,
    amount: int,
    key: str,
    *,
    payment_ref: str | None = None,
    reverse_cents: int = 0,
) -> PaymentJob | None:
    now = ctx.clock.now()
    return await uow.payments.add_job(
        PaymentJob(
            id=0,
            kind=kind,
            order_id=order.id,
            amount_cents=amount,
            currency=order.currency,
            idempotency_key=key,
            status=JobStatus.PENDING,
            created_at=now,
            next_attempt_at=now,
            payment_ref=payment_ref,
            reverse_cents=reverse_cents,
            # Fixed when queued: a retry after a restart or an upgrade sends the same key.
            key_prefix=ctx.deployment_id,
        )
    )


#: The calls a chargeback or a moderator's hold stops: those that move the order's money.
#: A stray payment's return is about another payment (a chargeback names the order's
#: funding) and reading the processor's fee moves nothing, so neither is held, nor then
#: cancelled with the held calls when a chargeback is lost.
HOLDABLE = frozenset(JobKind) - {JobKind.RETURN, JobKind.PROCESSING_FEE}


async def set_jobs(
    uow: UnitOfWork,
    order_id: int,
    from_statuses: tuple[JobStatus, ...],
    to: JobStatus,
    *,
    at: datetime | None = None,
    kinds: tuple[JobKind, ...] | None = None,
) -> int:
    changed = 0
    for job in await uow.payments.jobs_for_order(order_id):
        if job.status in from_statuses and job.kind in (HOLDABLE if kinds is None else kinds):
            moved = replace(job, status=to, next_attempt_at=at or job.next_attempt_at)
            changed += await uow.payments.update_job(moved, expected=from_statuses)
    return changed


async def retry_payments_now(ctx: Context, uow: UnitOfWork, order: Order) -> int:
    """Make the order's stuck (failed, held or waiting) payment calls due now."""
    return await set_jobs(
        uow,
        order.id,
        (JobStatus.PENDING, JobStatus.FAILED, JobStatus.HELD),
        JobStatus.PENDING,
        at=ctx.clock.now(),
    )
