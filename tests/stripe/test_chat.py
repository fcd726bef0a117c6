"""Escrow in chat (the platform-neutral handlers): /payouts, ordering with escrow and the
Checkout link, proposals accepted with escrow, and the payment notifications."""

from __future__ import annotations

from datetime import timedelta

from core.escrow import model as pay
from core.listings import proposals
from core.orders import orders
from core.orders.model import OrderStatus, PaymentMode
from core.orders.timers import run_due_timers
from handlers.app import ChatApp
from tests.stripe.conftest import Story
from tests.unit.builders import publish
from tests.unit.handlers.conftest import Chat, buttons, plain, post_request


async def test_payouts_in_chat_give_a_fresh_link_and_the_status(story: Story) -> None:
    app = ChatApp(story.ctx)
    newcomer = Chat(app, story.buyer)
    first = await newcomer.send("/payouts")
    assert "Stripe needs more details" in plain(first)
    link = next(b.url for b in buttons(first) if b.url)
    assert link and link.startswith("https://connect.stripe.test/")
    second = await newcomer.send("/payouts")
    assert next(b.url for b in buttons(second) if b.url) != link
    seller = Chat(app, story.seller)  # onboarded by the story
    assert "Payouts are enabled" in plain(await seller.send("/payouts"))


async def test_order_with_escrow_in_chat_then_the_story_runs(story: Story) -> None:
    app = ChatApp(story.ctx)
    buyer = Chat(app, story.buyer)
    offer = await publish(story.ctx, story.seller)
    confirm = await buyer.tap(f"off:order:{offer.id}")
    text = plain(confirm)
    assert "Platform fee $15.00 (10%)" in text and "seller receives $135.00" in text
    replies = await buyer.press("Order with escrow")
    text = plain(replies)
    assert "placed with escrow" in text and "waits for your payment" in text
    checkout = next(b.url for b in buttons(replies) if b.url)
    assert checkout and checkout.startswith("https://checkout.stripe.test/")

    session_id = checkout.rsplit("/", 1)[1]
    order_id = int(story.stripe.sessions[session_id]["metadata"]["order_id"])
    story.stripe.complete_checkout(session_id)
    await story.deliver(story.stripe.event("checkout.session.completed",
                                           story.stripe.sessions[session_id]))
    assert (await story.load(order_id)).status is OrderStatus.IN_PROGRESS
    # /pay on a funded order says so.
    assert "is funded" in plain(await buyer.send(f"/pay {order_id}"))

    await orders.deliver_order(story.ctx, actor_id=story.seller.id, order_id=order_id, note="ok")
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order_id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    await story.run_jobs()
    assert len(await story.backend.events(pay.PAYMENT_PAID_OUT)) == 1
    if story.backend.store is not None:
        outbox = [e for e in story.backend.store.outbox if e.type == pay.PAYMENT_PAID_OUT]
        notes = await app.render(outbox[0])
        assert any("$135.00" in n.text and "transferred to your Stripe account" in n.text
                   for n in notes)


async def test_accept_a_proposal_with_escrow(story: Story) -> None:
    app = ChatApp(story.ctx)
    request_id = await post_request(story.ctx, story.buyer)
    proposal = await proposals.submit_proposal(
        story.ctx, seller_id=story.seller.id, request_id=request_id,
        message="I will do it well and quickly.", price_cents=20_000, timeline_days=4,
    )
    buyer = Chat(app, story.buyer)
    replies = await buyer.tap(f"prop:acceptx:{proposal.id}")
    assert "placed with escrow" in plain(replies)
    assert any(b.url for b in buttons(replies))
    async with story.ctx.uow() as uow:
        order = await uow.orders.by_request(request_id)
    assert order is not None and order.payment_mode is PaymentMode.ESCROW


async def test_without_stripe_payouts_say_escrow_is_off(story: Story) -> None:
    from dataclasses import replace

    app = ChatApp(replace(story.ctx, escrow=None))
    assert "Escrow is not configured" in plain(await Chat(app, story.seller).send("/payouts"))
