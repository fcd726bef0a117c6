"""The payment side of the moderators' overrides, run in the unit of work of the state change
(``core.orders.disputes``), so a failure here rolls the state change back too. Reversing
an approval needs nothing here: no payout is queued before the release."""

from __future__ import annotations

from core.escrow.jobs import retry_payments_now, set_jobs
from core.escrow.model import JobStatus
from core.orders.model import Order
from core.shared.context import Context
from core.shared.uow import UnitOfWork


async def hold_payments(uow: UnitOfWork, order: Order) -> int:
    """Stop the order's queued payouts and refunds until unheld; how many were stopped."""
    return await set_jobs(uow, order.id, (JobStatus.PENDING, JobStatus.FAILED), JobStatus.HELD)


async def unhold_payments(ctx: Context, uow: UnitOfWork, order: Order) -> int:
    """Make the order's held payment calls due now."""
    return await set_jobs(
        uow, order.id, (JobStatus.HELD,), JobStatus.PENDING, at=ctx.clock.now()
    )


async def release_payments(ctx: Context, uow: UnitOfWork, order: Order) -> int:
    """Make the order's waiting, failed or held payment calls due now (the worker sends them
    after the commit)."""
    return await retry_payments_now(ctx, uow, order)

