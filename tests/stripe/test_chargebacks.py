"""Chargebacks (issue 14, item 3) on the fake Stripe through the real SDK: opened before the
release (the money is held) and after the payout (the transfer is reversed), then won or lost;
funds withdrawn and reinstated."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.escrow import model as pay
from core.escrow import refunds
from core.escrow.model import JobKind, JobStatus
from core.orders import orders
from core.orders.model import Order, OrderStatus
from core.orders.timers import run_due_timers
from core.shared import ledger
from core.shared.errors import Conflict
from tests.stripe.conftest import Story

PRICE = 15_000
FEE = PRICE * 1000 // 10_000


async def _paid_out(story: Story) -> Order:
    order = await story.delivered(PRICE)
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=24, minutes=1))
    await run_due_timers(story.ctx)
    await story.run_jobs()
    assert story.sent(await story.job(order.id, JobKind.TRANSFER))
    return await story.load(order.id)


def _dispute(story: Story, order: Order, status: str = "needs_response") -> dict[str, Any]:
    [charge] = [c for c in story.stripe.charges.values()
                if c["transfer_group"] == f"order_{order.id}"]
    return {
        "id": f"dp_{order.id}", "object": "dispute", "amount": PRICE, "currency": "usd",
        "reason": "fraudulent", "status": status, "charge": charge["id"],
        "payment_intent": charge["payment_intent"],
    }


def _transfer(story: Story, order: Order) -> dict[str, Any]:
    [transfer] = story.stripe.transfers_in_group(f"order_{order.id}")[:1]
    return transfer


async def test_a_chargeback_after_payout_reverses_the_transfer_and_a_lost_one_keeps_it(
    story: Story,
) -> None:
    order = await _paid_out(story)
    await story.deliver(story.stripe.event("charge.dispute.created", _dispute(story, order)))
    [told] = await story.backend.events(pay.PAYMENT_CHARGEBACK)
    assert set(told["recipients"]) == {story.buyer.id, story.seller.id}
    assert "admin" in told["channels"]
    reversal = await story.job(order.id, JobKind.REVERSAL)
    assert reversal.amount_cents == PRICE - FEE
    await story.run_jobs()
    assert _transfer(story, order)["amount_reversed"] == PRICE - FEE
    assert await story.held(order.id) == PRICE - FEE  # held until the bank decides
    # A redelivery reverses nothing twice.
    await story.run_jobs()
    assert _transfer(story, order)["amount_reversed"] == PRICE - FEE

    await story.deliver(
        story.stripe.event("charge.dispute.closed", _dispute(story, order, "lost"))
    )
    assert await story.held(order.id) == 0
    assert await story.money(ledger.WORLD_CHARGEBACKS) == PRICE
    assert await story.money(ledger.payable_account(story.seller.id)) == 0
    [closed] = await story.backend.events(pay.PAYMENT_CHARGEBACK_CLOSED)
    assert closed["payload"]["won"] is False
    await story.run_jobs()
    assert len(story.stripe.transfers_in_group(f"order_{order.id}")) == 1  # never paid again


async def test_a_won_chargeback_after_payout_pays_the_seller_again(story: Story) -> None:
    order = await _paid_out(story)
    await story.deliver(story.stripe.event("charge.dispute.created", _dispute(story, order)))
    await story.run_jobs()
    await story.deliver(story.stripe.event("charge.dispute.closed", _dispute(story, order, "won")))
    await story.run_jobs()
    transfers = story.stripe.transfers_in_group(f"order_{order.id}")
    assert sum(t["amount"] - t["amount_reversed"] for t in transfers) == PRICE - FEE
    assert await story.held(order.id) == 0
    assert await story.money(ledger.WORLD_CHARGEBACKS) == 0
    assert await story.money(ledger.payable_account(story.seller.id)) == 0


async def test_a_chargeback_before_release_holds_and_a_lost_one_never_pays_the_seller(
    story: Story,
) -> None:
    order = await story.delivered(PRICE)
    await story.deliver(story.stripe.event("charge.dispute.created", _dispute(story, order)))
    assert (await story.load(order.id)).status is OrderStatus.ON_HOLD
    await story.deliver(
        story.stripe.event("charge.dispute.closed", _dispute(story, order, "lost"))
    )
    ended = await story.load(order.id)
    assert ended.status is OrderStatus.CANCELLED
    assert await story.held(order.id) == 0
    assert await story.money(ledger.WORLD_CHARGEBACKS) == PRICE
    await story.run_jobs()
    assert story.stripe.transfers_in_group(f"order_{order.id}") == []
    # Nothing was refunded on top of what the bank took back.
    assert [j for j in await story.jobs(order.id) if j.kind is JobKind.REFUND] == []


async def test_a_won_chargeback_before_release_lifts_the_hold(story: Story) -> None:
    order = await story.funded(PRICE)
    await story.deliver(story.stripe.event("charge.dispute.created", _dispute(story, order)))
    assert (await story.load(order.id)).status is OrderStatus.ON_HOLD
    await story.deliver(story.stripe.event("charge.dispute.closed", _dispute(story, order, "won")))
    assert (await story.load(order.id)).status is OrderStatus.IN_PROGRESS
    assert await story.held(order.id) == PRICE


async def test_a_chargeback_on_a_released_unpaid_order_cancels_its_payout_when_lost(
    story: Story,
) -> None:
    order = await story.delivered(PRICE)
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=24, minutes=1))
    await run_due_timers(story.ctx)  # released: the transfer is queued, not yet sent
    await story.deliver(story.stripe.event("charge.dispute.created", _dispute(story, order)))
    assert (await story.job(order.id, JobKind.TRANSFER)).status is JobStatus.HELD
    await story.deliver(
        story.stripe.event("charge.dispute.closed", _dispute(story, order, "lost"))
    )
    assert (await story.job(order.id, JobKind.TRANSFER)).status is JobStatus.CANCELLED
    assert await story.money(ledger.payable_account(story.seller.id)) == 0
    assert await story.money(ledger.WORLD_CHARGEBACKS) == PRICE
    await story.run_jobs()
    assert story.stripe.transfers_in_group(f"order_{order.id}") == []


async def test_funds_withdrawn_and_reinstated_are_told_to_the_admin_channel(
    story: Story,
) -> None:
    order = await story.funded(PRICE)
    for kind in ("charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"):
        await story.deliver(story.stripe.event(kind, _dispute(story, order)))
    posts = await story.backend.events(pay.PAYMENT_CHARGEBACK_FUNDS)
    assert [("withdrawn" in str(p["payload"])) for p in posts] == [True, False]
    assert await story.held(order.id) == PRICE  # the ledger moves when the dispute closes


async def test_moderators_cannot_move_the_money_while_the_bank_decides(story: Story) -> None:
    """Releasing, unholding or refunding during an open chargeback would pay out or move
    money the bank may take back; once it is closed, the moderators' tools work again."""
    from core.escrow import refunds
    from core.moderation import admin
    from core.shared.errors import Conflict

    order = await _paid_out(story)
    await story.deliver(story.stripe.event("charge.dispute.created", _dispute(story, order)))
    for action in ("unhold", "release", "reverse"):
        try:
            await admin.override_payment(story.ctx, moderator_id=story.mod.id,
                                         order_id=order.id, action=action,
                                         note="bank check")
        except Conflict as refused:
            assert refused.code == "payment.chargeback_open", action
        else:
            raise AssertionError(f"{action} went through during an open chargeback")
    try:
        await refunds.refund_released_order(story.ctx, moderator_id=story.mod.id,
                                            order_id=order.id, note="fraud found")
    except Conflict as refused:
        assert refused.code == "payment.chargeback_open"
    else:
        raise AssertionError("a refund went through during an open chargeback")

    await story.run_jobs()
    await story.deliver(story.stripe.event("charge.dispute.closed", _dispute(story, order, "won")))
    await story.run_jobs()
    refunded = await refunds.refund_released_order(
        story.ctx, moderator_id=story.mod.id, order_id=order.id, note="fraud found"
    )
    assert refunded.id == order.id


def _charged_back(story: Story, charge: dict[str, Any]) -> dict[str, Any]:
    """The bank disputes what is left of ``charge`` on the fake (as the property test does)."""
    return story.stripe.open_dispute(
        charge["id"], charge["amount_captured"] - charge["amount_refunded"]
    )


def _stripe_net(story: Story, order: Order) -> int:
    """What the platform's Stripe balance still holds of the order: charged, less refunded,
    less lost disputes, less what stayed transferred to the seller."""
    group = f"order_{order.id}"
    charges = [c for c in story.stripe.charges.values() if c["transfer_group"] == group]
    lost = sum(d["amount"] for d in story.stripe.disputes.values()
               if d["status"] == "lost" and d["charge"] in {c["id"] for c in charges})
    transferred = sum(t["amount"] - t["amount_reversed"]
                      for t in story.stripe.transfers_in_group(group))
    left = sum(int(c["amount_captured"]) - int(c["amount_refunded"]) for c in charges)
    return left - int(lost) - int(transferred)


async def test_refunds_not_yet_made_when_the_bank_takes_the_money_are_dropped_not_doubled(
    story: Story,
) -> None:
    """Found by the money properties: a split ruling, then a refund after release, both
    still queued when the buyer's bank charged the payment back and kept it. The bank
    refunded the buyer, so the queued refunds are dropped and booked as lost; the fee the
    refund after release gave back is not taken a second time."""
    from core.escrow import refunds
    from core.orders import disputes
    from core.orders.model import Ruling

    order = await story.delivered(PRICE)
    dispute = await disputes.open_dispute(story.ctx, actor_id=story.buyer.id,
                                          order_id=order.id, reason="Not what we agreed on.")
    await disputes.rule_dispute(story.ctx, moderator_id=story.mod.id, dispute_id=dispute.id,
                                ruling=Ruling.SPLIT, note="Half each", split_pct=50)
    await refunds.refund_released_order(story.ctx, moderator_id=story.mod.id,
                                        order_id=order.id, note="fraud found")
    [charge] = [c for c in story.stripe.charges.values()
                if c["transfer_group"] == f"order_{order.id}"]
    chargeback = _charged_back(story, charge)
    assert chargeback["amount"] == PRICE  # nothing refunded at Stripe yet
    await story.deliver(story.stripe.event("charge.dispute.created", chargeback))
    await story.run_jobs()  # the processor would refuse these refunds: they wait
    assert charge["amount_refunded"] == 0
    # (Stripe's processing fee was read meanwhile: it is the platform's cost, not the bank's.)
    fees_before = await story.money(ledger.PLATFORM_FEES)
    lost = story.stripe.close_dispute(chargeback["id"], "lost")
    await story.deliver(story.stripe.event("charge.dispute.closed", lost))
    await story.run_jobs()

    assert await story.money(ledger.PLATFORM_FEES) == fees_before  # not negative
    assert await story.money(ledger.WORLD_CHARGEBACKS) == PRICE
    assert await story.held(order.id) == 0
    refund_jobs = [j for j in await story.jobs(order.id) if j.kind is JobKind.REFUND]
    assert refund_jobs and all(j.status is JobStatus.CANCELLED for j in refund_jobs)
    assert charge["amount_refunded"] == 0  # the buyer is not refunded twice
    assert _stripe_net(story, order) == 0


async def test_a_chargeback_on_the_order_leaves_a_stray_second_payment_to_be_returned(
    story: Story,
) -> None:
    """Found by the money properties: an order paid twice (the second payment is returned
    automatically), then its funding charge charged back and lost. Only the funding charge's
    calls wait for the bank; the stray payment is still refunded."""
    order = await story.funded(PRICE)
    for event in story.checkout_events(order.id):  # the same link paid a second time
        await story.deliver(event)
    charges = [c for c in story.stripe.charges.values()
               if c["transfer_group"] == f"order_{order.id}"]
    assert len(charges) == 2
    funding_charge, stray = charges
    chargeback = _charged_back(story, funding_charge)
    await story.deliver(story.stripe.event("charge.dispute.created", chargeback))
    assert (await story.job(order.id, JobKind.RETURN)).status is JobStatus.PENDING
    lost = story.stripe.close_dispute(chargeback["id"], "lost")
    await story.deliver(story.stripe.event("charge.dispute.closed", lost))
    await story.run_jobs()

    assert stray["amount_refunded"] == PRICE
    assert await story.money(ledger.WORLD_CHARGEBACKS) == PRICE
    assert (await story.load(order.id)).status is OrderStatus.CANCELLED
    assert _stripe_net(story, order) == 0


async def test_a_chargeback_on_a_stray_payment_holds_its_return_until_the_bank_decides(
    story: Story,
) -> None:
    order = await story.funded(PRICE)
    for event in story.checkout_events(order.id):
        await story.deliver(event)
    _, stray = [c for c in story.stripe.charges.values()
                if c["transfer_group"] == f"order_{order.id}"]
    chargeback = _charged_back(story, stray)
    await story.deliver(story.stripe.event("charge.dispute.created", chargeback))
    assert (await story.job(order.id, JobKind.RETURN)).status is JobStatus.HELD
    assert (await story.load(order.id)).status is OrderStatus.IN_PROGRESS  # not its money
    lost = story.stripe.close_dispute(chargeback["id"], "lost")
    await story.deliver(story.stripe.event("charge.dispute.closed", lost))
    await story.run_jobs()
    assert (await story.job(order.id, JobKind.RETURN)).status is JobStatus.CANCELLED
    assert stray["amount_refunded"] == 0  # the bank gave it back; BotGig does not again
    assert await story.held(order.id) == PRICE
    assert await story.money(ledger.WORLD_CHARGEBACKS) == 0  # it never entered the ledger


async def test_no_refund_after_a_lost_chargeback(story: Story) -> None:
    # Found by the money properties: the bank returned the payment to the card holder, and a
    # moderator's refund after release then paid them again (the platform's fees negative).
    order = await _paid_out(story)
    await story.deliver(story.stripe.event("charge.dispute.created", _dispute(story, order)))
    await story.run_jobs()
    await story.deliver(
        story.stripe.event("charge.dispute.closed", _dispute(story, order, "lost"))
    )
    with pytest.raises(Conflict) as refused:
        await refunds.refund_released_order(
            story.ctx, moderator_id=story.mod.id, order_id=order.id, note="fraud"
        )
    assert refused.value.code == "payment.chargeback_lost"
    await story.run_jobs()
    # What the platform lost is Stripe's processing fee, not the fee a second time.
    assert await story.money(ledger.PLATFORM_FEES) == -await story.money(
        ledger.WORLD_PROCESSING_FEES
    )
    assert await story.money(ledger.WORLD_CHARGEBACKS) == PRICE
    refunded = [r for r in story.stripe.refunds.values()
                if r.get("payment_intent") == _dispute(story, order)["payment_intent"]]
    assert refunded == []
