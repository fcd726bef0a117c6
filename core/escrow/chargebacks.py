"""Card chargebacks (docs/escrow.md "Chargebacks"). Policy: money not yet paid out is held;
a payout made already is **reversed** (a transfer reversal, the processor's own way of taking
it back from the seller's account) and held in the order's escrow until the bank decides.
Won: the hold ends and a reversed payout is paid again. Lost: what the bank took leaves the
ledger to ``world:chargebacks`` (the seller's share and the platform's fee), a running order
is cancelled (anything left refunded), and no payout of that money is ever made.

The seller, the buyer and the admin channel hear of every step.
"""

from __future__ import annotations

from dataclasses import replace

from core.escrow import model as pay
from core.escrow.jobs import HOLDABLE, add_job, set_jobs
from core.escrow.model import JobKind, JobStatus, PaymentJob
from core.escrow.notices import Chargeback, ChargebackClosed, ChargebackFunds
from core.escrow.proofer_fees import assignment_of
from core.moderation.model import AuditEntry
from core.orders import parties, workflow
from core.orders.machine import PAYMENT
from core.orders.model import Order, OrderStatus
from core.shared import ledger
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

REVERSAL_KEY = "chargeback-reversal:{order_id}"
REPAY_KEY = "chargeback-repay:{order_id}"
#: The reversal a refund after release makes before its refund, as its own job when the bank
#: refunded the buyer instead: the same processor key, so a reversal made already is not
#: made twice.
REFUND_REVERSAL_KEY = "reversal:{order_id}"
#: A proofer's unpaid fee taken back by a lost chargeback (``key``: the fee's own key).
PROOFER_LOST_KEY = "chargeback-proofer:{key}"

#: What a chargeback stops: what a hold stops (the calls that move the order's money, see
#: jobs.HOLDABLE), but for reversals, which are the chargeback's own.
_HELD_KINDS = tuple(sorted(HOLDABLE - {JobKind.REVERSAL}))
_UNSENT = (JobStatus.PENDING, JobStatus.FAILED, JobStatus.HELD)


async def order_of_payment(uow: UnitOfWork, refs: tuple[str, ...]) -> Order | None:
    for ref in refs:
        found = await uow.payments.funding_by_payment(ref)
        if found is not None:
            return await uow.orders.get(found.order_id)
    return None


def _told(
    ctx: Context, type_: str, order: Order, note: str, amount: int, **extra: object
) -> DomainEvent:
    return DomainEvent(
        type=type_,
        payload=parties.order_payload(order)
        | {"note": note, "amount_cents": amount, "currency": order.currency} | extra,
        recipients=(order.buyer_id, order.seller_id),
        channels=("admin",),
        occurred_at=ctx.clock.now(),
    )


async def _audit(ctx: Context, uow: UnitOfWork, order: Order, action: str, note: str,
                 data: dict[str, object]) -> None:
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=None,
            action=action,
            subject=f"order:{order.id}",
            created_at=ctx.clock.now(),
            note=note,
            data=data,
        )
    )


async def _sent_transfer(uow: UnitOfWork, order: Order) -> PaymentJob | None:
    job = await uow.payments.job(f"release:{order.id}")
    return job if job is not None and job.status is JobStatus.SENT else None


async def open_chargeback(ctx: Context, uow: UnitOfWork, notice: Chargeback) -> bool:
    """A card dispute opened: hold what is unpaid, reverse what was paid out. False when the
    payment is not an order's."""
    order = await order_of_payment(uow, notice.payment_refs)
    if order is None:
        return await _stray(ctx, uow, notice.payment_refs, notice.chargeback_ref, "opened")
    note = f"card chargeback {notice.chargeback_ref} ({notice.reason or 'card dispute'})"
    if not order.status.is_terminal and order.status is not OrderStatus.ON_HOLD:
        await workflow.move_order(
            ctx, uow, order, "hold", actor_id=None, roles=frozenset({PAYMENT}), note=note,
            channels=("admin",),
        )
    await set_jobs(uow, order.id, (JobStatus.PENDING, JobStatus.FAILED), JobStatus.HELD,
                   kinds=_HELD_KINDS)
    transfer = await _sent_transfer(uow, order)
    reversing = 0
    if transfer is not None:
        # A refund after release still to be made reverses its share of the payout itself.
        planned = sum(j.reverse_cents for j in await _unsent_refunds(uow, order))
        reversing = max(0, min(notice.amount_cents, transfer.amount_cents - planned))
    if reversing > 0 and transfer is not None:
        await add_job(
            ctx, uow, order, JobKind.REVERSAL, reversing,
            REVERSAL_KEY.format(order_id=order.id),
        )
        note += f"; the payout {transfer.result_id} is being reversed by {reversing}"
    await _audit(ctx, uow, order, pay.PAYMENT_CHARGEBACK, note,
                 {"chargeback_ref": notice.chargeback_ref, "amount_cents": notice.amount_cents,
                  "reversing_cents": reversing})
    uow.publish(_told(ctx, pay.PAYMENT_CHARGEBACK, order, note, notice.amount_cents,
                      reversing_cents=reversing))
    return True


async def close_chargeback(ctx: Context, uow: UnitOfWork, notice: ChargebackClosed) -> bool:
    order = await order_of_payment(uow, notice.payment_refs)
    if order is None:
        return await _stray(ctx, uow, notice.payment_refs, notice.chargeback_ref,
                            "won" if notice.won else "lost")
    if notice.won:
        note = await _won(ctx, uow, order)
    else:
        note = await _lost(ctx, uow, order, notice.amount_cents)
    note = f"chargeback {notice.chargeback_ref} {notice.status}: {note}"
    await _audit(ctx, uow, order, pay.PAYMENT_CHARGEBACK_CLOSED, note,
                 {"chargeback_ref": notice.chargeback_ref, "won": notice.won})
    uow.publish(_told(ctx, pay.PAYMENT_CHARGEBACK_CLOSED, order, note, notice.amount_cents,
                      won=notice.won))
    return True


async def _stray(ctx: Context, uow: UnitOfWork, refs: tuple[str, ...], chargeback_ref: str,
                 step: str) -> bool:
    """A chargeback on a stray payment (one an order could not take, being returned): its
    return waits while the bank decides (the processor refuses to refund a disputed
    charge), goes ahead when the dispute is won, and is dropped when it is lost, since the
    bank gave the buyer the money back itself. The payment never entered the ledger, so
    nothing in it moves. False when the payment is none of BotGig's."""
    for ref in refs:
        job = await uow.payments.job(f"return:{ref}")
        if job is None:
            continue
        order = await parties.load_order(uow, job.order_id)
        if step == "opened" and job.status in (JobStatus.PENDING, JobStatus.FAILED):
            await uow.payments.update_job(replace(job, status=JobStatus.HELD),
                                          expected=(job.status,))
        elif step == "won" and job.status is JobStatus.HELD:
            await uow.payments.update_job(
                replace(job, status=JobStatus.PENDING, next_attempt_at=ctx.clock.now()),
                expected=(job.status,),
            )
        elif step == "lost" and job.status in _UNSENT:
            await _cancel(uow, job)
        await _audit(ctx, uow, order, "payment.stray_chargeback",
                     f"chargeback {chargeback_ref} {step} on the returned payment {ref}",
                     {"chargeback_ref": chargeback_ref, "payment_ref": ref})
        return True
    return False


async def _won(ctx: Context, uow: UnitOfWork, order: Order) -> str:
    if order.status is OrderStatus.ON_HOLD:
        await workflow.move_order(
            ctx, uow, order, "unhold", actor_id=None, roles=frozenset({PAYMENT}),
            note="chargeback won", channels=("admin",),
        )
    await set_jobs(uow, order.id, (JobStatus.HELD,), JobStatus.PENDING, at=ctx.clock.now(),
                   kinds=_HELD_KINDS)
    reversal = await uow.payments.job(REVERSAL_KEY.format(order_id=order.id))
    if reversal is None:
        return "the order goes on as before"
    if reversal.status is not JobStatus.SENT:
        # Never sent: nothing to give back.
        await _cancel(uow, reversal)
        return "the payout was never reversed"
    posted = await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.ESCROW_RELEASE,
            asset=order.currency,
            source=ledger.escrow_account(order.id),
            destination=ledger.payable_account(order.seller_id),
            amount=reversal.amount_cents,
            idempotency_key=REPAY_KEY.format(order_id=order.id),
            memo=f"Payout of order #{order.id} again after a won chargeback",
            account_id=order.seller_id,
        )
    )
    if posted:
        await add_job(ctx, uow, order, JobKind.TRANSFER, reversal.amount_cents,
                      REPAY_KEY.format(order_id=order.id))
    return "the reversed payout is paid to the seller again"


async def _cancel(uow: UnitOfWork, job: PaymentJob) -> None:
    await uow.payments.update_job(replace(job, status=JobStatus.CANCELLED),
                                  expected=(job.status,))


async def _unsent_refunds(uow: UnitOfWork, order: Order) -> list[PaymentJob]:
    return [j for j in await uow.payments.jobs_for_order(order.id)
            if j.kind is JobKind.REFUND and j.status in _UNSENT]


async def _take(uow: UnitOfWork, order: Order, source: str, amount: int, key: str) -> int:
    """Moves up to ``amount`` from ``source`` to the bank's side; what moved. An account of
    the order's own gives no more than it holds; a ``world:`` one has no balance to check."""
    if not source.startswith("world:"):
        amount = min(amount, await uow.ledger.balance(source, order.currency))
    if amount <= 0:
        return 0
    await uow.ledger.post(
        ledger.transfer(
            type=ledger.TxType.CHARGEBACK,
            asset=order.currency,
            source=source,
            destination=ledger.WORLD_CHARGEBACKS,
            amount=amount,
            idempotency_key=key,
            memo=f"Lost chargeback of order #{order.id}",
            account_id=order.buyer_id,
        )
    )
    return amount


async def _refunds_made_by_the_bank(ctx: Context, uow: UnitOfWork, order: Order,
                                    disputed: int) -> int:
    """Refunds booked but never made (the processor refuses to refund a disputed charge):
    the bank gave the buyer that money instead, so they are cancelled and what they booked
    as refunded is booked as lost. A reversal such a refund was to make first is still
    made, as its own job: the seller's payout was taken back by the moderators' decision.
    What was taken."""
    taken = 0
    for job in await _unsent_refunds(uow, order):
        await _cancel(uow, job)
        taken += await _take(uow, order, ledger.WORLD_PROCESSOR,
                             min(job.amount_cents, disputed - taken),
                             f"chargeback-refund:{job.idempotency_key}")
        if job.reverse_cents > 0:
            await add_job(ctx, uow, order, JobKind.REVERSAL, job.reverse_cents,
                          REFUND_REVERSAL_KEY.format(order_id=order.id))
    return taken


async def _kept_by_release(uow: UnitOfWork, order: Order) -> tuple[int, int]:
    """(the seller's share, the platform's fee) the release left in place: a split releases
    less than the price, and a refund after release gave both back."""
    flows = await uow.payments.ledger_flows(
        [f"release:{order.id}", f"refund-after-release:{order.id}"]
    )
    fee = sum(f.amount for f in flows if f.ledger_account == ledger.PLATFORM_FEES)
    seller = sum(f.amount for f in flows if f.ledger_account.startswith("payable:")
                 or f.ledger_account == ledger.WORLD_PAYOUTS)
    return max(0, seller), max(0, fee)


async def _proofers_fees_lost(uow: UnitOfWork, order: Order, left: int) -> int:
    """Proofers' fees earned but not yet paid out go with the bank like the seller's unpaid
    share: the bank took the money they were to be paid from. A fee paid out already stays
    paid (proofer payouts are not reversed); the platform bears it. What was taken."""
    taken = 0
    for job in await uow.payments.jobs_for_order(order.id):
        if job.kind is not JobKind.PROOFER_FEE or job.status not in _UNSENT:
            continue
        await _cancel(uow, job)
        assignment_id = assignment_of(job.idempotency_key)
        assignment = (await uow.proofs.get_assignment(assignment_id)
                      if assignment_id is not None else None)
        if assignment is None:
            continue
        taken += await _take(uow, order, ledger.payable_account(assignment.proofer_id),
                             min(job.amount_cents, left - taken),
                             PROOFER_LOST_KEY.format(key=job.idempotency_key))
    return taken


async def _lost(ctx: Context, uow: UnitOfWork, order: Order, disputed: int) -> str:
    """The bank keeps ``disputed``: it leaves the ledger from where the order's money is now
    (refunds not made yet, its escrow, a payout not yet sent, or the reversed payout back in
    escrow, the platform's fee included, then proofers' unpaid fees)."""
    by_bank = await _refunds_made_by_the_bank(ctx, uow, order, disputed)
    note, taken = await _lost_from_the_order(ctx, uow, order, disputed - by_bank)
    proofers = await _proofers_fees_lost(uow, order, disputed - by_bank - taken)
    if by_bank:
        note += f"; {by_bank} of refunds still to be made left with the bank instead"
    if proofers:
        note += f"; {proofers} of proofers' unpaid fees left with the bank"
    return note


async def _lost_from_the_order(ctx: Context, uow: UnitOfWork, order: Order, disputed: int
                               ) -> tuple[str, int]:
    escrow = ledger.escrow_account(order.id)
    reversal = await uow.payments.job(REVERSAL_KEY.format(order_id=order.id))
    transfer = await uow.payments.job(f"release:{order.id}")
    if order.status is OrderStatus.ON_HOLD or not order.status.is_terminal:
        # Not released: the whole payment is still in escrow.
        taken = await _take(uow, order, escrow, disputed, f"chargeback:{order.id}")
        await set_jobs(uow, order.id, (JobStatus.HELD,), JobStatus.CANCELLED,
                       kinds=(JobKind.TRANSFER, JobKind.REFUND))
        if order.status is OrderStatus.ON_HOLD:
            await workflow.move_order(
                ctx, uow, order, "chargeback_lost", actor_id=None,
                roles=frozenset({PAYMENT}), note="chargeback lost", channels=("admin",),
            )
        return f"{taken} left with the bank; the order is cancelled", taken
    if transfer is None:
        # Ended without a release (refunded): no fee or payout to take back.
        return "nothing of the order was released; nothing more is taken", 0
    seller_share, fee = await _kept_by_release(uow, order)
    fee_part = min(fee, disputed)
    seller_part = max(0, min(disputed, seller_share + fee) - fee)
    if transfer.status is not JobStatus.SENT:
        # Released but never paid out: the seller's payable share goes.
        await set_jobs(uow, order.id, (JobStatus.HELD, JobStatus.PENDING, JobStatus.FAILED),
                       JobStatus.CANCELLED, kinds=(JobKind.TRANSFER,))
        source = ledger.payable_account(order.seller_id)
    elif reversal is not None and reversal.status is JobStatus.SENT:
        source = escrow
        seller_part = min(seller_part, reversal.amount_cents)
    else:
        # Paid out and not reversed (the reversal failed): the seller's debt stays visible
        # to the moderators; the platform's loss is what it can take back.
        if reversal is not None and reversal.status in _UNSENT:
            await _cancel(uow, reversal)
        source = ""
        seller_part = 0
    taken = await _take(uow, order, source, seller_part, f"chargeback:{order.id}") \
        if source else 0
    fee_taken = await _take(uow, order, ledger.PLATFORM_FEES, fee_part,
                            f"chargeback-fee:{order.id}")
    return (f"{taken + fee_taken} left with the bank ({fee_taken} of it the platform's "
            "fee)", taken + fee_taken)


async def note_chargeback_funds(
    ctx: Context, uow: UnitOfWork, notice: ChargebackFunds
) -> bool:
    """Funds withdrawn or reinstated: the ledger moves when the dispute closes (a lost
    dispute), so this is a line for the moderators and the audit log."""
    order = await order_of_payment(uow, notice.payment_refs)
    if order is None:
        return False
    what = "withdrawn from" if notice.withdrawn else "reinstated to"
    note = (f"{notice.amount_cents} of chargeback {notice.chargeback_ref} {what} the "
            "platform's balance")
    await _audit(ctx, uow, order, "payment.chargeback_funds", note,
                 {"chargeback_ref": notice.chargeback_ref, "withdrawn": notice.withdrawn})
    uow.publish(
        DomainEvent(
            type=pay.PAYMENT_CHARGEBACK_FUNDS,
            payload=parties.order_payload(order) | {"note": note},
            channels=("admin",),
            occurred_at=ctx.clock.now(),
        )
    )
    return True
