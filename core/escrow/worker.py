"""The payment worker: makes the queued calls to the processor after the commit that decided
them, and records each outcome (a failure is retried with backoff)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

from core.escrow import errors as err
from core.escrow import model as pay
from core.escrow.chargebacks import REVERSAL_KEY
from core.escrow.errors import GatewayError
from core.escrow.jobs import processor_of
from core.escrow.model import (
    FundingSource,
    JobKind,
    JobStatus,
    OrderFunding,
    PaymentJob,
    PayoutAccount,
    ProcessingFee,
    processor_key,
)
from core.escrow.ports import PaymentProcessor
from core.escrow.proofer_fees import PAYOUT_KEY, assignment_of
from core.orders import parties
from core.orders.model import Order
from core.shared import ledger
from core.shared.backoff import Backoff
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

log = logging.getLogger(__name__)

#: A claimed job's call must finish within this; then another worker may take it over.
JOB_LEASE = timedelta(minutes=2)
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=6)
#: Failures announced to the moderators: the first, then every fifth.
ANNOUNCE_EVERY = 5


@dataclass(frozen=True)
class JobRun:
    sent: int = 0
    failed: int = 0


RETRY = Backoff(base=FIRST_RETRY, cap=MAX_RETRY)


async def run_payment_jobs(ctx: Context, *, limit: int = 20) -> JobRun:
    """Make the queued calls to the processor that are due, each after its own claim, and
    record each outcome; a failure is retried with backoff and announced to moderators."""
    gateway = processor_of(ctx)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        jobs = await uow.payments.claim_jobs(now, limit, now + JOB_LEASE)
        await uow.commit()
    sent = failed = 0
    for job in jobs:
        if await _run_job(ctx, gateway, job):
            sent += 1
        else:
            failed += 1
    return JobRun(sent, failed)


async def _run_job(ctx: Context, gateway: PaymentProcessor, job: PaymentJob) -> bool:
    async with ctx.uow() as uow:
        order = await parties.load_order(uow, job.order_id)
        funding = await uow.payments.funding(order.id)
        payee = await _payee(uow, job, order)
        payout = await uow.payments.payout_account(payee)
        transfer = await uow.payments.job(f"release:{order.id}")
    fee: ProcessingFee | None = None
    try:
        if job.kind is JobKind.PROCESSING_FEE:
            assert job.payment_ref is not None
            fee = await gateway.processing_fee(payment_ref=job.payment_ref)
            result = fee.ref
        else:
            result = await _call(gateway, job, order, funding, payout, transfer)
    except Exception as exc:
        if not isinstance(exc, GatewayError):
            log.exception("payment job %s (%s) crashed", job.id, job.idempotency_key)
        await _record_failure(ctx, job, order, exc)
        return False
    await _record_success(ctx, job, order, result, fee)
    return True


async def _payee(uow: UnitOfWork, job: PaymentJob, order: Order) -> int:
    """Who a payout job pays: the seller, or the proofer of a proofing fee's assignment."""
    assignment_id = assignment_of(job.idempotency_key)
    if job.kind is JobKind.PROOFER_FEE and assignment_id is not None:
        assignment = await uow.proofs.get_assignment(assignment_id)
        if assignment is not None:
            return assignment.proofer_id
    return order.seller_id


async def _call(
    gateway: PaymentProcessor,
    job: PaymentJob,
    order: Order,
    funding: OrderFunding | None,
    payout: PayoutAccount | None,
    transfer: PaymentJob | None,
) -> str:
    meta = {"order_id": str(order.id), "botgig_job": job.idempotency_key}
    if job.kind in (JobKind.TRANSFER, JobKind.PROOFER_FEE):
        return await _pay_out(gateway, job, order, funding, payout, meta)
    if job.kind is JobKind.REVERSAL:
        if transfer is None or transfer.result_id is None:
            raise GatewayError(err.NO_PAYOUT_TO_REVERSE, retryable=False, order_id=order.id)
        return await gateway.reverse_payout(
            payout_ref=transfer.result_id,
            amount_cents=job.amount_cents,
            idempotency_key=job.processor_key,
        )
    if job.kind is JobKind.RETURN:
        assert job.payment_ref is not None
        return await gateway.refund(
            payment_ref=job.payment_ref,
            amount_cents=job.amount_cents,
            idempotency_key=job.processor_key,
            metadata=meta,
        )
    # REFUND: a payout made already is reversed first (the money comes back from the
    # seller's account before it leaves the platform's).
    if job.reverse_cents > 0:
        if transfer is None or transfer.result_id is None:
            raise GatewayError(err.NO_PAYOUT_TO_REVERSE, retryable=False, order_id=order.id)
        await gateway.reverse_payout(
            payout_ref=transfer.result_id,
            amount_cents=job.reverse_cents,
            idempotency_key=processor_key(job.key_prefix, f"reversal:{order.id}"),
        )
    if funding is None or funding.payment_ref is None:
        raise GatewayError(err.NO_CARD_PAYMENT, retryable=False, order_id=order.id)
    return await gateway.refund(
        payment_ref=funding.payment_ref,
        amount_cents=job.amount_cents,
        idempotency_key=job.processor_key,
        metadata=meta,
    )


async def _pay_out(
    gateway: PaymentProcessor,
    job: PaymentJob,
    order: Order,
    funding: OrderFunding | None,
    payout: PayoutAccount | None,
    meta: dict[str, str],
) -> str:
    if payout is None or not payout.can_receive:
        raise GatewayError(err.SELLER_CANNOT_RECEIVE)
    source = None
    # A payout again after a won chargeback comes from the reversed money on the platform's
    # balance: the charge was spent by the first transfer.
    repay = job.idempotency_key.startswith("chargeback-repay:")
    if funding is not None and funding.source is FundingSource.CARD and not repay:
        source = funding.charge_ref or funding.payment_ref
    return await gateway.pay_out(
        order_id=order.id,
        amount_cents=job.amount_cents,
        currency=job.currency,
        processor_account_id=payout.processor_account_id,
        from_payment=source,
        idempotency_key=job.processor_key,
        metadata=meta,
    )


async def _record_success(
    ctx: Context, job: PaymentJob, order: Order, result: str, fee: ProcessingFee | None = None
) -> None:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        stored = await uow.payments.job(job.idempotency_key) or job
        # Money moved: recorded whatever happened to the job meanwhile.
        stored = replace(
            stored,
            status=JobStatus.SENT,
            result_id=result,
            sent_at=now,
            attempts=stored.attempts + 1,
            last_error=None,
            amount_cents=fee.amount_cents if fee is not None else stored.amount_cents,
            currency=fee.currency.lower() if fee is not None else stored.currency,
        )
        await uow.payments.update_job(stored)
        if fee is not None:
            await _post_processing_fee(uow, job, order, fee)
        elif job.kind is JobKind.TRANSFER:
            await uow.ledger.post(
                ledger.transfer(
                    type=ledger.TxType.PAYOUT,
                    asset=order.currency,
                    source=ledger.payable_account(order.seller_id),
                    destination=ledger.WORLD_PAYOUTS,
                    amount=job.amount_cents,
                    # The order's one payout; a payout again after a won chargeback is keyed
                    # by its job.
                    idempotency_key=f"payout:{order.id}"
                    if job.idempotency_key == f"release:{order.id}"
                    else f"payout:{job.idempotency_key}",
                    memo=f"Payout of order #{order.id}",
                    account_id=order.seller_id,
                    reference=result,
                )
            )
            uow.publish(
                DomainEvent(
                    type=pay.PAYMENT_PAID_OUT,
                    payload=parties.order_payload(order)
                    | {"amount_cents": job.amount_cents, "payout_ref": result},
                    recipients=(order.seller_id,),
                    occurred_at=now,
                )
            )
        elif job.kind is JobKind.REVERSAL and (
            job.idempotency_key == REVERSAL_KEY.format(order_id=order.id)
        ):
            # Back from the seller's account: held in the order's escrow until the bank
            # decides the chargeback. (The reversal of a refund after release, made on its
            # own when the bank refunded the buyer instead, was booked with that refund.)
            await uow.ledger.post(
                ledger.transfer(
                    type=ledger.TxType.PAYOUT_REVERSAL,
                    asset=order.currency,
                    source=ledger.WORLD_PAYOUTS,
                    destination=ledger.escrow_account(order.id),
                    amount=job.amount_cents,
                    idempotency_key=job.idempotency_key,
                    memo=f"Payout of order #{order.id} reversed for a chargeback",
                    account_id=order.seller_id,
                    reference=result,
                )
            )
        elif job.kind is JobKind.PROOFER_FEE:
            proofer = await _payee(uow, job, order)
            await uow.ledger.post(
                ledger.transfer(
                    type=ledger.TxType.PAYOUT,
                    asset=order.currency,
                    source=ledger.payable_account(proofer),
                    destination=ledger.WORLD_PAYOUTS,
                    amount=job.amount_cents,
                    idempotency_key=PAYOUT_KEY.format(
                        assignment_id=assignment_of(job.idempotency_key)
                    ),
                    memo=f"Proofing fee payout (order #{order.id})",
                    account_id=proofer,
                    reference=result,
                )
            )
        await uow.commit()


async def _post_processing_fee(
    uow: UnitOfWork, job: PaymentJob, order: Order, fee: ProcessingFee
) -> None:
    """The processor's fee is the platform's cost, paid from its fee income (which is so
    net); keyed like the job, so a second run of it posts nothing."""
    if fee.amount_cents <= 0:
        return
    await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.PROCESSING_FEE,
            asset=fee.currency.lower(),
            source=ledger.PLATFORM_FEES,
            destination=ledger.WORLD_PROCESSING_FEES,
            amount=fee.amount_cents,
            idempotency_key=job.idempotency_key,
            memo=f"Processing fee of the card payment of order #{order.id}",
            account_id=None,
            reference=fee.ref,
        )
    )


async def _record_failure(ctx: Context, job: PaymentJob, order: Order, exc: Exception) -> None:
    now = ctx.clock.now()
    message = getattr(exc, "message", None) or repr(exc)
    async with ctx.uow() as uow:
        stored = await uow.payments.job(job.idempotency_key) or job
        attempts = stored.attempts + 1
        status = JobStatus.FAILED if stored.status is JobStatus.SENDING else stored.status
        stored = replace(
            stored,
            status=status,
            attempts=attempts,
            last_error=str(message)[:500],
            next_attempt_at=now + RETRY.delay(attempts),
        )
        await uow.payments.update_job(stored)
        if attempts == 1 or attempts % ANNOUNCE_EVERY == 0:
            uow.publish(
                DomainEvent(
                    type=pay.PAYMENT_JOB_FAILED,
                    payload={
                        "order_id": order.id,
                        "kind": job.kind.value,
                        "attempts": attempts,
                        "note": f"{job.kind.value} of order #{order.id} failed "
                        f"({attempts}×): {message}; retrying at "
                        f"{stored.next_attempt_at:%Y-%m-%d %H:%M} UTC, or /release now",
                    },
                    channels=("admin",),
                    occurred_at=now,
                )
            )
        await uow.commit()
