"""Reconciliation: the money ledger against what the processor holds, per order."""

from __future__ import annotations

from datetime import datetime

from core.escrow.chargebacks import REPAY_KEY, REVERSAL_KEY
from core.escrow.jobs import processor_of
from core.escrow.model import JobKind, JobStatus, Mismatch, PaymentJob, Reconciliation
from core.escrow.proofer_fees import PAYOUT_KEY, REFUND_KEY, assignment_of
from core.orders.model import OrderStatus
from core.shared import ledger
from core.shared.context import Context


def _ledger_keys(order_id: int, jobs: list[PaymentJob]) -> list[str]:
    """The ledger transactions of an order's money: its funding, refunds and payouts, and
    the proofers' fee payouts (one per assignment, found from the order's fee jobs)."""
    proofers = [
        PAYOUT_KEY.format(assignment_id=assignment_id)
        for j in jobs
        if j.kind is JobKind.PROOFER_FEE
        and (assignment_id := assignment_of(j.idempotency_key)) is not None
    ]
    return [
        f"fund:{order_id}",
        f"refund:{order_id}",
        f"payout:{order_id}",
        f"refund-after-release:{order_id}",
        REFUND_KEY.format(order_id=order_id),
        f"chargeback:{order_id}",
        f"chargeback-fee:{order_id}",
        REVERSAL_KEY.format(order_id=order_id),
        REPAY_KEY.format(order_id=order_id),
        "payout:" + REPAY_KEY.format(order_id=order_id),
        *proofers,
    ]


def _chargeback_known(jobs: list[PaymentJob], on_hold: bool) -> bool:
    """BotGig acted on an open chargeback: the order is held or its payout is reversed."""
    return on_hold or any(
        j.kind is JobKind.REVERSAL and j.status is not JobStatus.CANCELLED for j in jobs
    )


async def reconcile_payments(ctx: Context, *, since: datetime | None = None) -> Reconciliation:
    """Compare, per order, the money ledger with what the processor holds for the order:
    charged, refunded and paid out (net of reversals). Orders with a payment call
    still queued are listed as pending, not compared."""
    gateway = processor_of(ctx)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        order_ids = await uow.payments.funded_orders(since)
        expected: dict[int, tuple[int, int, int, int, bool, int | None]] = {}
        pending: list[int] = []
        failing: list[PaymentJob] = []
        for order_id in order_ids:
            jobs = await uow.payments.jobs_for_order(order_id)
            failing += [
                j for j in jobs
                if j.status is JobStatus.FAILED
                and now - j.created_at >= ctx.rules.payout_failing_after
            ]
            # Reading the processor's fee moves no money at the processor: not a reason to wait.
            if any(j.status is not JobStatus.SENT and j.status is not JobStatus.CANCELLED
                   and j.kind is not JobKind.PROCESSING_FEE for j in jobs):
                pending.append(order_id)
                continue
            order = await uow.orders.get(order_id)
            on_hold = order is not None and order.status is OrderStatus.ON_HOLD
            flows = await uow.payments.ledger_flows(_ledger_keys(order_id, jobs))
            charged = -sum(
                f.amount
                for f in flows
                if f.idempotency_key == f"fund:{order_id}"
                and f.ledger_account == ledger.WORLD_PROCESSOR
            )
            refunded = sum(
                f.amount
                for f in flows
                if f.idempotency_key != f"fund:{order_id}"
                and f.ledger_account == ledger.WORLD_PROCESSOR
            )
            transferred = sum(f.amount for f in flows if f.ledger_account == ledger.WORLD_PAYOUTS)
            returned = sum(
                j.amount_cents
                for j in jobs
                if j.kind is JobKind.RETURN and j.status is JobStatus.SENT
            )
            lost = sum(f.amount for f in flows if f.ledger_account == ledger.WORLD_CHARGEBACKS)
            fee_jobs = [j for j in jobs if j.kind is JobKind.PROCESSING_FEE]
            # Compared once every fee of the order's payments is read (None: not yet).
            fees: int | None = None
            if all(j.status is JobStatus.SENT for j in fee_jobs):
                fees = sum(
                    f.amount
                    for f in await uow.payments.ledger_flows([j.idempotency_key
                                                              for j in fee_jobs])
                    if f.ledger_account == ledger.WORLD_PROCESSING_FEES
                )
            expected[order_id] = (
                charged + returned, refunded + returned, transferred, lost,
                _chargeback_known(jobs, on_hold), fees,
            )
    mismatches: list[Mismatch] = []
    for order_id, (charged, refunded, transferred, lost, known, fees) in expected.items():
        totals = await gateway.order_totals(order_id)
        if fees is not None and fees != totals.processing_fees:
            mismatches.append(
                Mismatch(order_id, "processing fees", fees, totals.processing_fees)
            )
        for what, mine, theirs in (
            ("charged", charged, totals.charged),
            ("refunded", refunded, totals.refunded),
            ("transferred to the seller and proofers", transferred,
             totals.transferred - totals.reversed),
            ("lost to chargebacks", lost, totals.disputed_lost),
        ):
            if mine != theirs:
                mismatches.append(Mismatch(order_id, what, mine, theirs))
        if totals.disputed_open and not known:
            # A chargeback BotGig never heard of (a missed webhook): nothing is held.
            mismatches.append(
                Mismatch(order_id, "open chargebacks not held", 0, totals.disputed_open)
            )
    return Reconciliation(
        checked=len(expected), mismatches=mismatches, pending=pending, failing=failing
    )
