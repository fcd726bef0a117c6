"""The payment record of an escrow order (issue 14 item 2), in every status, on the fake
Stripe through stripe-python: what the API's ``payment``, the chat order card and the
moderators' evidence show. Each test walks an order to one status and reads the record the
way the parties do (``funding.payment_details``)."""

from __future__ import annotations

from datetime import timedelta

from core.escrow import funding, refunds
from core.escrow.record import PaymentRecord, PaymentStatus, PayoutState
from core.moderation import admin
from core.orders import disputes, orders
from core.orders.model import Order, OrderStatus, Ruling
from core.orders.timers import run_due_timers
from handlers.admin.cards import case_card
from handlers.app import ChatApp
from handlers.i18n import Translator
from handlers.markup import to_plain
from tests.stripe.conftest import FEE_BPS, Story
from tests.stripe.fake_stripe import card_fee
from tests.unit.handlers.conftest import Chat, plain

PRICE = 15_000
FEE = PRICE * FEE_BPS // 10_000


async def record_of(story: Story, order_id: int) -> PaymentRecord:
    details = await funding.payment_details(
        story.ctx, viewer_id=story.buyer.id, order_id=order_id
    )
    assert details is not None and details.record is not None
    # The API's figures are the record's.
    assert details.status == details.record.status.value
    assert details.fee_cents == details.record.platform_fee_cents
    assert details.seller_receives_cents == details.record.seller_cents
    return details.record


async def released(story: Story, price: int = PRICE) -> Order:
    order = await story.delivered(price)
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    return order


async def ruled(story: Story, order: Order, ruling: Ruling, pct: int | None = None) -> int:
    dispute = await disputes.open_dispute(
        story.ctx, actor_id=story.buyer.id, order_id=order.id, reason="Half of it is missing."
    )
    await disputes.rule_dispute(
        story.ctx, moderator_id=story.mod.id, dispute_id=dispute.id, ruling=ruling,
        note="Ruled on the evidence", split_pct=pct,
    )
    return dispute.id


async def chargeback(story: Story, order: Order) -> str:
    charge = next(c for c in story.stripe.charges.values()
                  if c["transfer_group"] == f"order_{order.id}")
    dispute = story.stripe.open_dispute(charge["id"])
    await story.deliver(story.stripe.event("charge.dispute.created", dispute))
    return str(dispute["id"])


async def test_awaiting_funding_then_cancelled(story: Story) -> None:
    order = await story.order()
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.AWAITING_FUNDING
    assert (r.amount_cents, r.funded_cents, r.held_cents) == (PRICE, 0, 0)
    assert (r.platform_fee_cents, r.seller_cents) == (FEE, PRICE - FEE)  # shown before paying
    assert r.payout.state is PayoutState.NONE and r.processing_fee_cents == 0
    await orders.cancel_order(story.ctx, actor_id=story.buyer.id, order_id=order.id,
                              reason="Changed my mind")
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.CANCELLED and r.platform_fee_cents == 0


async def test_funded_shows_the_money_held_and_stripes_fee(story: Story) -> None:
    order = await story.funded()
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.FUNDED
    assert (r.funded_cents, r.held_cents, r.refunded_cents) == (PRICE, PRICE, 0)
    assert r.processing_fee_cents == 0  # not read from Stripe yet
    await story.run_jobs()
    r = await record_of(story, order.id)
    assert r.processing_fee_cents == card_fee(PRICE, "usd")
    assert r.processing_fee_currency == "usd"


async def test_release_pending_during_the_cooldown(story: Story) -> None:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.RELEASE_PENDING
    assert r.held_cents == PRICE and r.payout.state is PayoutState.NONE


async def test_released_with_the_payout_queued_failing_then_paid(story: Story) -> None:
    order = await released(story)
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.RELEASED
    assert (r.seller_cents, r.platform_fee_cents, r.held_cents) == (PRICE - FEE, FEE, 0)
    assert r.payout.state is PayoutState.QUEUED and r.payout.amount_cents == PRICE - FEE

    story.stripe.fail_next("/v1/transfers", 1)
    await story.run_jobs()
    r = await record_of(story, order.id)
    assert r.payout.state is PayoutState.FAILING and r.payout.attempts == 1
    assert r.payout.last_error and "Insufficient funds" in r.payout.last_error

    story.clock.advance(timedelta(minutes=5))
    await story.run_jobs()
    r = await record_of(story, order.id)
    assert r.payout.state is PayoutState.PAID and r.payout.last_error is None
    assert r.payout.ref in story.stripe.transfers


async def test_refunded_in_full(story: Story) -> None:
    order = await story.delivered()
    await ruled(story, order, Ruling.REFUND)
    await story.run_jobs()
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.REFUNDED
    assert (r.refunded_cents, r.seller_cents, r.platform_fee_cents, r.held_cents) == (
        PRICE, 0, 0, 0
    )
    # What the refund cost: Stripe keeps its fee of the refunded charge.
    assert r.processing_fee_cents == card_fee(PRICE, "usd")


async def test_a_split_shows_the_post_split_fee_and_seller_share(story: Story) -> None:
    order = await story.delivered(10_000)
    await ruled(story, order, Ruling.SPLIT, 30)
    await story.run_jobs()
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.PARTIALLY_REFUNDED
    assert (r.refunded_cents, r.seller_cents, r.platform_fee_cents) == (3_000, 6_300, 700)
    assert r.payout.state is PayoutState.PAID and r.payout.amount_cents == 6_300


async def test_reversed_by_a_refund_after_release(story: Story) -> None:
    order = await released(story)
    await story.run_jobs()
    await refunds.refund_released_order(
        story.ctx, moderator_id=story.mod.id, order_id=order.id, note="Fraud found later"
    )
    await story.run_jobs()
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.REVERSED
    assert (r.refunded_cents, r.seller_cents, r.platform_fee_cents) == (PRICE, 0, 0)


async def test_disputed_by_bank_then_reversed_when_the_chargeback_is_lost(story: Story) -> None:
    order = await released(story)
    await story.run_jobs()
    dispute_id = await chargeback(story, order)
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.DISPUTED_BY_BANK
    await story.run_jobs()  # the payout is reversed while the bank decides
    r = await record_of(story, order.id)
    assert r.payout.state is PayoutState.REVERSED and r.held_cents == PRICE - FEE
    assert r.seller_cents == 0

    closed = story.stripe.close_dispute(dispute_id, "lost")
    await story.deliver(story.stripe.event("charge.dispute.closed", closed))
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.REVERSED
    assert r.chargeback_cents == PRICE and r.seller_cents == 0 and r.held_cents == 0


async def test_a_won_chargeback_is_released_again(story: Story) -> None:
    order = await released(story)
    await story.run_jobs()
    dispute_id = await chargeback(story, order)
    await story.run_jobs()
    closed = story.stripe.close_dispute(dispute_id, "won")
    await story.deliver(story.stripe.event("charge.dispute.closed", closed))
    await story.run_jobs()
    r = await record_of(story, order.id)
    assert r.status is PaymentStatus.RELEASED
    assert r.seller_cents == PRICE - FEE and r.payout.state is PayoutState.PAID
    assert r.chargeback_cents == 0


async def test_the_chat_card_and_the_moderators_show_the_same_record(story: Story) -> None:
    order = await story.delivered(10_000)
    dispute_id = await ruled(story, order, Ruling.SPLIT, 30)
    story.stripe.fail_next("/v1/transfers", 1)
    await story.run_jobs()
    app = ChatApp(story.ctx)
    card = plain(await Chat(app, story.seller).send(f"/order {order.id}"))
    split = "Split: $30.00 refunded, $63.00 to the seller, fee $7.00"
    assert split in card, card
    assert "Payout failing (1×): Stripe: Insufficient funds" in card
    assert f"Stripe's fee {'$'}{card_fee(10_000, 'usd') / 100:.2f}" in card

    case = await admin.load_case(story.ctx, dispute_id=dispute_id)
    assert case.payment == await record_of(story, order.id)
    evidence = to_plain(case_card(story.ctx, Translator(), case, now=story.clock.now()))
    assert split in evidence and "Payout failing (1×)" in evidence
    # /pay on an order past funding says where the money is, not "held in escrow".
    paid = plain(await Chat(app, story.buyer).send(f"/pay {order.id}"))
    assert split in paid and "held in escrow" not in paid
    trail = await admin.audit_trail(story.ctx, moderator_id=story.mod.id,
                                    subject=f"order:{order.id}")
    assert trail.payment == case.payment
    assert (await story.load(order.id)).status is OrderStatus.COMPLETED
