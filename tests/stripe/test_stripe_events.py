"""Stripe events escrow used to ignore (issue 14, item 4), each on the fake Stripe through the
real SDK with signed deliveries: a delayed payment that fails, a checkout that expires, a
refund the buyer's bank refuses, a seller who disconnects BotGig, and the transfers
capability going inactive."""

from __future__ import annotations

from datetime import timedelta

from core.escrow import funding, payouts
from core.escrow import model as pay
from core.escrow.errors import GatewayError
from core.escrow.model import JobKind, JobStatus
from core.orders import orders
from core.orders.model import OrderStatus, PaymentMode
from core.orders.timers import run_due_timers
from core.shared.errors import ValidationFailed
from tests.stripe.conftest import Story
from tests.unit.builders import publish


def _session_of(story: Story, order_id: int) -> dict[str, object]:
    return [s for s in story.stripe.sessions.values()
            if s["metadata"].get("order_id") == str(order_id)][-1]


async def test_a_failed_delayed_payment_tells_the_buyer_and_closes_the_link(story: Story) -> None:
    order = await story.order()
    first = await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    session = dict(_session_of(story, order.id), payment_status="unpaid")
    await story.deliver(story.stripe.event("checkout.session.async_payment_failed", session))
    [event] = await story.backend.events(pay.PAYMENT_FAILED)
    assert story.buyer.id in event["recipients"]
    assert "delayed payment" in str(event["payload"])
    story.clock.advance(timedelta(minutes=1))
    fresh = await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    assert fresh.checkout_url and fresh.checkout_url != first.checkout_url
    assert (await story.load(order.id)).status is OrderStatus.AWAITING_FUNDING


async def test_an_expired_checkout_tells_the_buyer(story: Story) -> None:
    order = await story.order()
    await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    session = dict(_session_of(story, order.id), status="expired")
    await story.deliver(story.stripe.event("checkout.session.expired", session))
    [event] = await story.backend.events(pay.PAYMENT_FAILED)
    assert "expired" in str(event["payload"])


async def test_a_refund_refused_by_the_buyers_bank_is_told_to_the_buyer_and_admins(
    story: Story,
) -> None:
    order = await story.funded()
    await orders.cancel_order(story.ctx, actor_id=story.buyer.id, order_id=order.id)
    await orders.cancel_order(story.ctx, actor_id=story.seller.id, order_id=order.id)
    await story.run_jobs()
    refund_job = await story.job(order.id, JobKind.REFUND)
    assert refund_job.status is JobStatus.SENT and refund_job.result_id
    failed = story.stripe.fail_refund(refund_job.result_id)
    # Both of Stripe's event names carry it; the second delivery is a duplicate in effect.
    await story.deliver(story.stripe.event("charge.refund.updated", failed))
    [event] = await story.backend.events(pay.PAYMENT_REFUND_FAILED)
    assert story.buyer.id in event["recipients"] and "admin" in event["channels"]
    assert "expired or canceled card" in str(event["payload"])
    # A refund that succeeded is no news.
    ok = dict(failed, status="succeeded")
    await story.deliver(story.stripe.event("refund.updated", ok))
    assert len(await story.backend.events(pay.PAYMENT_REFUND_FAILED)) == 1


async def test_a_seller_who_disconnects_stops_counting_as_payable(story: Story) -> None:
    order = await story.delivered()
    async with story.ctx.uow() as uow:
        stored = await uow.payments.payout_account(story.seller.id)
    assert stored is not None and stored.can_receive
    acct = stored.processor_account_id
    application = story.stripe.disconnect(acct)
    await story.deliver(
        story.stripe.event("account.application.deauthorized", application, account=acct)
    )
    async with story.ctx.uow() as uow:
        assert not await payouts.seller_can_receive(uow, story.seller)
    [admin] = await story.backend.events(pay.PAYOUTS_DISCONNECTED)
    assert "admin" in admin["channels"] and acct in str(admin["payload"])
    assert len(await story.backend.events(pay.PAYOUTS_UPDATED)) >= 1
    # No new escrow order for them...
    offer = await publish(story.ctx, story.seller, price_cents=15_000)
    try:
        await orders.order_offer(
            story.ctx, buyer_id=story.buyer.id, offer_id=offer.id,
            payment_mode=PaymentMode.ESCROW,
        )
        raise AssertionError("escrow was accepted for a disconnected seller")
    except ValidationFailed as exc:
        assert exc.code == "payment.seller_cannot_receive"
    # ...and the approved order's payout waits instead of hammering Stripe.
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=24, minutes=1))
    await run_due_timers(story.ctx)
    await story.run_jobs()
    transfer = await story.job(order.id, JobKind.TRANSFER)
    assert transfer.status is JobStatus.FAILED
    assert story.stripe.transfers_in_group(f"order_{order.id}") == []


async def test_the_transfers_capability_decides_whether_a_seller_can_receive(
    story: Story,
) -> None:
    async with story.ctx.uow() as uow:
        stored = await uow.payments.payout_account(story.seller.id)
    assert stored is not None
    acct = stored.processor_account_id
    story.clock.advance(timedelta(seconds=5))
    cap = story.stripe.set_transfers(acct, "inactive")
    await story.deliver(story.stripe.event("capability.updated", cap, account=acct))
    async with story.ctx.uow() as uow:
        assert not await payouts.seller_can_receive(uow, story.seller)
    # account.updated with payouts_enabled but the capability inactive is no better.
    story.clock.advance(timedelta(seconds=5))
    await story.deliver(story.stripe.event("account.updated", story.stripe.accounts[acct]))
    async with story.ctx.uow() as uow:
        assert not await payouts.seller_can_receive(uow, story.seller)
    story.clock.advance(timedelta(seconds=5))
    cap = story.stripe.set_transfers(acct, "active")
    await story.deliver(story.stripe.event("capability.updated", cap, account=acct))
    async with story.ctx.uow() as uow:
        assert await payouts.seller_can_receive(uow, story.seller)


async def test_the_fake_refuses_transfers_without_the_capability(story: Story) -> None:
    # The fake behaves as Stripe does, so the tests above mean something.
    async with story.ctx.uow() as uow:
        stored = await uow.payments.payout_account(story.seller.id)
    assert stored is not None
    story.stripe.set_transfers(stored.processor_account_id, "inactive")
    order = await story.funded()
    gateway = story.ctx.escrow
    assert gateway is not None
    try:
        await gateway.pay_out(
            order_id=order.id, amount_cents=100, currency="usd",
            processor_account_id=stored.processor_account_id, from_payment=None,
            idempotency_key="t", metadata={},
        )
        raise AssertionError("transfer accepted")
    except GatewayError as exc:
        assert "transfers capability" in exc.message
