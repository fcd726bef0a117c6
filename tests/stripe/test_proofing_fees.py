"""The escrow story with two proofers, on the wire: the real Stripe SDK against the fake
server and signed webhooks, on the in-memory store and on SQLite. The buyer's Checkout holds
the price and two proofing fees; one proofer (with a Connect account) scores in time and is
paid by a transfer of their own, the other misses the window; the seller is paid on
completion, the unearned fee is refunded to the card, and reconciliation agrees."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from core.escrow import funding, worker
from core.escrow.model import JobKind
from core.escrow.reconcile import reconcile_payments
from core.escrow.record import payment_record
from core.orders import orders
from core.orders.model import OrderStatus, PaymentMode
from core.orders.timers import run_due_timers
from core.proofing import proofing
from core.proofing.model import ProofAssignment, ProofingRules
from core.proofing.proofing import ScorecardInput
from core.shared import ledger
from core.shared.context import Context
from tests.fakes import FakeClock
from tests.stripe.conftest import Backend, Story
from tests.stripe.fake_stripe import FakeStripe
from tests.unit.builders import human, publish

PRICE = 15_000
PROOFER_FEE = 400
WINDOW = timedelta(hours=24)


async def test_escrow_with_two_proofers_on_the_wire(
    ctx: Context, fake_stripe: FakeStripe, backend: Backend, clock: FakeClock
) -> None:
    rules = replace(ctx.rules, proofing=ProofingRules(window=WINDOW, fee_cents=PROOFER_FEE))
    pctx = replace(ctx, rules=rules)
    story = await Story(pctx, fake_stripe, backend, clock).setup()
    ann, cid = await human(pctx, "ann"), await human(pctx, "cid")
    ann_account = await story.onboard(ann)
    for p in (ann, cid):
        await proofing.set_proofer(pctx, account_id=p.id, enabled=True)

    offer = await publish(pctx, story.seller, price_cents=PRICE, proofers_wanted=2)
    order = await orders.order_offer(
        pctx, buyer_id=story.buyer.id, offer_id=offer.id, payment_mode=PaymentMode.ESCROW
    )
    details = await funding.start_checkout(pctx, buyer_id=story.buyer.id, order_id=order.id)
    assert (details.amount_cents, details.proofing_fee_cents) == (
        PRICE + 2 * PROOFER_FEE, 2 * PROOFER_FEE
    )
    session = next(s for s in fake_stripe.sessions.values()
                   if s["metadata"].get("order_id") == str(order.id))
    assert session["amount_total"] == PRICE + 2 * PROOFER_FEE
    for event in story.checkout_events(order.id):
        await story.deliver(event)
    assert await story.held(order.id) == PRICE + 2 * PROOFER_FEE

    await orders.deliver_order(pctx, actor_id=story.seller.id, order_id=order.id, note="ok")
    assignments = {a.proofer_id: a for a in (await _assignments(pctx, order.id))}
    assert set(assignments) == {ann.id, cid.id}
    card = ScorecardInput(5, 4, 4, 5, "pass", "Compared 30 rows with the source pages.")
    await proofing.submit_scorecard(
        pctx, proofer_id=ann.id, assignment_id=assignments[ann.id].id, card=card
    )
    # The proofer's transfer goes out through the payout queue, from the buyer's charge.
    await worker.run_payment_jobs(pctx)
    transfers = list(fake_stripe.transfers.values())
    assert [(t["destination"], t["amount"]) for t in transfers] == [(ann_account, PROOFER_FEE)]
    assert transfers[0]["transfer_group"] == f"order_{order.id}"
    assert await story.money(ledger.payable_account(ann.id)) == 0
    again = await worker.run_payment_jobs(pctx)
    assert again.sent == 0 and len(fake_stripe.transfers) == 1
    # The payment record the parties see counts what the proofer earned out of escrow.
    async with pctx.uow() as uow:
        record = await payment_record(pctx, uow, await story.load(order.id))
    assert record is not None and record.proofers_paid_cents == PROOFER_FEE
    assert record.held_cents == PRICE + PROOFER_FEE

    # Cid misses the window; nobody else is free, so the round closes with one scorecard.
    clock.advance(WINDOW + timedelta(minutes=1))
    await run_due_timers(pctx)
    clock.advance(WINDOW)
    await run_due_timers(pctx)
    assert (await story.load(order.id)).status is OrderStatus.DELIVERED
    await orders.approve_order(pctx, buyer_id=story.buyer.id, order_id=order.id)
    clock.advance(pctx.rules.release_cooldown + timedelta(minutes=1))
    await run_due_timers(pctx)
    assert (await story.load(order.id)).status is OrderStatus.COMPLETED
    await worker.run_payment_jobs(pctx)

    assert await story.held(order.id) == 0
    jobs = {j.idempotency_key: j for j in await story.jobs(order.id)}
    assert jobs[f"proofer-refund:{order.id}"].kind is JobKind.REFUND
    refunds = [r for r in fake_stripe.refunds.values() if r["amount"] == PROOFER_FEE]
    assert len(refunds) == 1
    transfers = list(fake_stripe.transfers.values())
    seller_transfers = [t for t in transfers if t["destination"] != ann_account]
    assert len(seller_transfers) == 1 and seller_transfers[0]["amount"] < PRICE
    result = await reconcile_payments(pctx)
    assert result.mismatches == [] and order.id not in result.pending and result.checked >= 1


async def _assignments(ctx: Context, order_id: int) -> list[ProofAssignment]:
    async with ctx.uow() as uow:
        return list(await uow.proofs.for_order(order_id))


async def test_a_lost_chargeback_takes_a_proofers_unpaid_fee_with_the_rest(
    ctx: Context, fake_stripe: FakeStripe, backend: Backend, clock: FakeClock
) -> None:
    """Found by the money properties: a proofer scored in time, their payout was still queued
    when the buyer's bank charged the payment back and kept it. The fee goes with the bank,
    like the seller's unpaid share; the proofer is not paid from money the platform lost."""
    rules = replace(ctx.rules, proofing=ProofingRules(window=WINDOW, fee_cents=PROOFER_FEE))
    pctx = replace(ctx, rules=rules)
    story = await Story(pctx, fake_stripe, backend, clock).setup()
    ann = await human(pctx, "ann")
    await story.onboard(ann)
    await proofing.set_proofer(pctx, account_id=ann.id, enabled=True)
    offer = await publish(pctx, story.seller, price_cents=PRICE, proofers_wanted=1)
    order = await orders.order_offer(
        pctx, buyer_id=story.buyer.id, offer_id=offer.id, payment_mode=PaymentMode.ESCROW
    )
    await story.pay(order.id)
    await orders.deliver_order(pctx, actor_id=story.seller.id, order_id=order.id, note="ok")
    [assignment] = await _assignments(pctx, order.id)
    card = ScorecardInput(5, 4, 4, 5, "pass", "Compared 30 rows with the source pages.")
    await proofing.submit_scorecard(pctx, proofer_id=ann.id, assignment_id=assignment.id,
                                    card=card)
    assert await story.money(ledger.payable_account(ann.id)) == PROOFER_FEE

    [charge] = [c for c in fake_stripe.charges.values()
                if c["transfer_group"] == f"order_{order.id}"]
    dispute = fake_stripe.open_dispute(charge["id"], charge["amount_captured"])
    await story.deliver(fake_stripe.event("charge.dispute.created", dispute))
    lost = fake_stripe.close_dispute(dispute["id"], "lost")
    await story.deliver(fake_stripe.event("charge.dispute.closed", lost))
    await worker.run_payment_jobs(pctx)

    assert (await story.load(order.id)).status is OrderStatus.CANCELLED
    assert await story.money(ledger.payable_account(ann.id)) == 0
    assert await story.money(ledger.WORLD_CHARGEBACKS) == PRICE + PROOFER_FEE
    assert fake_stripe.transfers_in_group(f"order_{order.id}") == []
    fee_job = next(j for j in await story.jobs(order.id) if j.kind is JobKind.PROOFER_FEE)
    assert fee_job.status.value == "cancelled"
