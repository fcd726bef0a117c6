"""The escrow story end to end on the core use cases, with the real Stripe SDK talking to the
fake server and signed webhooks; then the ways it goes sideways."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from core.escrow import funding, processor_events, refunds, worker
from core.escrow import model as pay
from core.escrow.errors import InvalidSignature
from core.escrow.model import JobKind, JobStatus
from core.escrow.risk_model import PayoutRiskRules
from core.moderation import admin
from core.orders import disputes, orders
from core.orders.model import OrderStatus, PaymentMode, Ruling
from core.orders.timers import run_due_timers
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import Conflict, MarketplaceError, ValidationFailed
from payments.stripe import StripeGateway
from tests.fakes import FakeClock
from tests.stripe.conftest import WHSEC, Backend, Story
from tests.stripe.fake_stripe import FakeStripe, card_fee, signed
from tests.unit.builders import publish

PRICE = 15_000
FEE = PRICE * 1000 // 10_000


async def test_the_whole_escrow_story(story: Story) -> None:
    # The seller was onboarded in setup: Stripe enabled payouts through account.updated.
    async with story.ctx.uow() as uow:
        payout = await uow.payments.payout_account(story.seller.id)
    assert payout is not None and payout.can_receive

    order = await story.order(PRICE)
    assert order.status is OrderStatus.AWAITING_FUNDING
    details = await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    assert details.checkout_url and details.checkout_url.startswith("https://checkout.stripe.test")
    assert (details.amount_cents, details.fee_cents, details.seller_receives_cents) == (
        PRICE, FEE, PRICE - FEE,
    )
    session = next(iter(story.stripe.sessions.values()))
    assert session["_intent_data"]["transfer_group"] == f"order_{order.id}"
    assert session["metadata"]["order_id"] == str(order.id)
    # Asking again shows the same open session rather than making another.
    again = await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    assert again.checkout_url == details.checkout_url and len(story.stripe.sessions) == 1

    for event in story.checkout_events(order.id):
        await story.deliver(event)
    assert (await story.load(order.id)).status is OrderStatus.IN_PROGRESS
    assert await story.held(order.id) == PRICE
    # Stripe's fee on the charge, read from its balance transaction, is paid from the
    # platform's fee income.
    assert (await story.run_jobs()).sent == 1
    processing = card_fee(PRICE, "usd")
    assert await story.money(ledger.WORLD_PROCESSING_FEES) == processing
    assert (await story.job(order.id, JobKind.PROCESSING_FEE)).amount_cents == processing

    await orders.deliver_order(story.ctx, actor_id=story.seller.id, order_id=order.id, note="ok")
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    assert (await story.load(order.id)).status is OrderStatus.RELEASE_PENDING
    await run_due_timers(story.ctx)
    assert (await story.load(order.id)).status is OrderStatus.RELEASE_PENDING
    assert story.stripe.transfers == {}

    story.clock.advance(timedelta(hours=24, minutes=1))
    await run_due_timers(story.ctx)
    assert (await story.load(order.id)).status is OrderStatus.COMPLETED
    assert await story.money(ledger.payable_account(story.seller.id)) == PRICE - FEE
    run = await story.run_jobs()
    assert run.sent == 1

    [transfer] = story.stripe.transfers_in_group(f"order_{order.id}")
    assert transfer["amount"] == PRICE - FEE  # the platform keeps its fee
    assert transfer["destination"] == payout.processor_account_id
    charge = story.stripe.charge_of_intent(story.stripe.sessions[session["id"]]["payment_intent"])
    assert transfer["source_transaction"] == charge["id"]
    assert await story.money(ledger.payable_account(story.seller.id)) == 0
    assert await story.money(ledger.PLATFORM_FEES) == FEE - processing  # net income
    assert await story.money(ledger.WORLD_PAYOUTS) == PRICE - FEE
    paid_out = await story.backend.events(pay.PAYMENT_PAID_OUT)
    assert len(paid_out) == 1  # the seller is told
    # Idempotency key release:<order> on the request that made it.
    keys = [k for (path, k) in story.stripe.idempotent if path == "/v1/transfers"]
    assert keys == [f"release:{order.id}"]
    # A second worker pass finds nothing to do.
    assert (await story.run_jobs()).sent == 0


async def test_duplicated_and_out_of_order_webhooks_are_harmless(story: Story) -> None:
    order = await story.order()
    await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    completed, succeeded = story.checkout_events(order.id)
    # payment_intent.succeeded first, then the session, then both again.
    assert await story.deliver(succeeded) is processor_events.EventOutcome.PROCESSED
    assert await story.deliver(completed) is processor_events.EventOutcome.PROCESSED
    assert await story.deliver(succeeded) is processor_events.EventOutcome.DUPLICATE
    assert await story.deliver(completed) is processor_events.EventOutcome.DUPLICATE
    assert await story.held(order.id) == PRICE
    assert (await story.load(order.id)).status is OrderStatus.IN_PROGRESS
    # Nothing refunded; Stripe's fee of the one payment is read once.
    assert [j.kind for j in await story.jobs(order.id)] == [JobKind.PROCESSING_FEE]
    # An old account.updated delivered late does not undo the newer state.
    async with story.ctx.uow() as uow:
        payout = await uow.payments.payout_account(story.seller.id)
    assert payout is not None
    stale = dict(story.stripe.accounts[payout.processor_account_id], payouts_enabled=False)
    old = story.stripe.event("account.updated", stale, created=0)
    await story.deliver(old)
    async with story.ctx.uow() as uow:
        payout = await uow.payments.payout_account(story.seller.id)
    assert payout is not None and payout.can_receive


async def test_a_bad_or_replayed_signature_changes_nothing(story: Story) -> None:
    order = await story.order()
    await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    completed, _ = story.checkout_events(order.id)
    body, _ = signed(completed, WHSEC)
    _, forged = signed(completed, "whsec_somebody_else")
    gateway = story.ctx.escrow
    assert isinstance(gateway, StripeGateway)
    with pytest.raises(InvalidSignature):
        gateway.verify_event(body, forged)
    import time

    _, replayed = signed(completed, WHSEC, timestamp=int(time.time()) - 3600)
    with pytest.raises(InvalidSignature):
        gateway.verify_event(body, replayed)
    with pytest.raises(InvalidSignature):
        gateway.verify_event(body, None)
    assert (await story.load(order.id)).status is OrderStatus.AWAITING_FUNDING


async def test_a_transfer_that_fails_twice_then_succeeds(story: Story) -> None:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    story.stripe.fail_next("/v1/transfers", 2)

    assert (await story.run_jobs()).failed == 1
    job = await story.job(order.id, JobKind.TRANSFER)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert "Insufficient funds" in (job.last_error or "")
    assert (await story.run_jobs()).sent == 0  # backing off: not due yet
    story.clock.advance(worker.RETRY.delay(1))
    assert (await story.run_jobs()).failed == 1
    story.clock.advance(worker.RETRY.delay(2))
    assert (await story.run_jobs()).sent == 1

    job = await story.job(order.id, JobKind.TRANSFER)
    assert (job.status, job.attempts) == (JobStatus.SENT, 3)
    assert len(story.stripe.transfers_in_group(f"order_{order.id}")) == 1
    failures = await story.backend.events(pay.PAYMENT_JOB_FAILED)
    assert len(failures) == 1  # the moderators heard of the first failure
    assert await story.money(ledger.WORLD_PAYOUTS) == PRICE - FEE


async def test_a_30_percent_split_refunds_30_and_pays_70_less_the_fee(story: Story) -> None:
    order = await story.delivered(10_000)
    dispute = await disputes.open_dispute(
        story.ctx, actor_id=story.buyer.id, order_id=order.id, reason="Half of it is missing."
    )
    with pytest.raises(ValidationFailed):
        await disputes.rule_dispute(
            story.ctx, moderator_id=story.mod.id, dispute_id=dispute.id,
            ruling=Ruling.SPLIT, note="Out of range", split_pct=130,
        )
    await disputes.rule_dispute(
        story.ctx, moderator_id=story.mod.id, dispute_id=dispute.id,
        ruling=Ruling.SPLIT, note="Split the difference", split_pct=30,
    )
    assert (await story.run_jobs()).sent == 3  # Stripe's fee read, the refund, the payout
    intent = next(iter(story.stripe.intents))
    assert story.stripe.charge_of_intent(intent)["amount_refunded"] == 3_000
    [transfer] = story.stripe.transfers_in_group(f"order_{order.id}")
    assert transfer["amount"] == 7_000 - 700
    assert await story.held(order.id) == 0
    assert await story.money(ledger.PLATFORM_FEES) == 700 - card_fee(10_000, "usd")


async def test_a_full_refund_ruling_refunds_the_card(story: Story) -> None:
    order = await story.delivered()
    dispute = await disputes.open_dispute(
        story.ctx, actor_id=story.buyer.id, order_id=order.id, reason="Nothing was delivered."
    )
    await disputes.rule_dispute(
        story.ctx, moderator_id=story.mod.id, dispute_id=dispute.id,
        ruling=Ruling.REFUND, note="Refund in full",
    )
    assert (await story.load(order.id)).status is OrderStatus.REFUNDED
    assert (await story.run_jobs()).sent == 2  # Stripe's fee read, the refund
    intent = next(iter(story.stripe.intents))
    assert story.stripe.charge_of_intent(intent)["amount_refunded"] == PRICE
    assert story.stripe.transfers == {}


async def test_a_refund_after_release_reverses_the_transfer_first(story: Story) -> None:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    await story.run_jobs()
    [transfer] = story.stripe.transfers_in_group(f"order_{order.id}")

    await refunds.refund_released_order(
        story.ctx, moderator_id=story.mod.id, order_id=order.id, note="Fraud found later"
    )
    assert (await story.run_jobs()).sent == 1
    assert transfer["amount_reversed"] == PRICE - FEE
    intent = next(iter(story.stripe.intents))
    assert story.stripe.charge_of_intent(intent)["amount_refunded"] == PRICE
    paths = [p for (m, p, _) in story.stripe.requests if m == "POST"]
    reversal = paths.index(f"/v1/transfers/{transfer['id']}/reversals")
    assert reversal < paths.index("/v1/refunds")
    for account in (ledger.WORLD_PAYOUTS, ledger.payable_account(story.seller.id)):
        assert await story.money(account) == 0
    # What the refund cost the platform: Stripe keeps its fee of the refunded charge.
    assert await story.money(ledger.PLATFORM_FEES) == -card_fee(PRICE, "usd")
    with pytest.raises(Conflict):
        await refunds.refund_released_order(
            story.ctx, moderator_id=story.mod.id, order_id=order.id, note="Again"
        )


async def test_a_payment_for_a_funded_or_cancelled_order_is_refunded(story: Story) -> None:
    order = await story.order()
    await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    # The buyer pays in two tabs: two sessions, two payments.
    session_ids = list(story.stripe.sessions)
    story.stripe.sessions[session_ids[0]]["status"] = "open"
    first = story.checkout_events(order.id)
    for event in first:
        await story.deliver(event)
    session = story.stripe.sessions[session_ids[0]]
    story.stripe.complete_checkout(session["id"])  # a second payment on the same session
    second_intent = story.stripe.sessions[session["id"]]["payment_intent"]
    await story.deliver(
        story.stripe.event("payment_intent.succeeded", story.stripe.intents[second_intent])
    )
    await story.run_jobs()
    assert story.stripe.charge_of_intent(second_intent)["amount_refunded"] == PRICE
    assert await story.held(order.id) == PRICE  # the first payment is the order's

    cancelled = await story.order()
    await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=cancelled.id)
    await orders.cancel_order(story.ctx, actor_id=story.buyer.id, order_id=cancelled.id)
    for event in story.checkout_events(cancelled.id):
        await story.deliver(event)
    await story.run_jobs()
    intent = story.stripe.sessions[
        next(s for s in story.stripe.sessions
         if story.stripe.sessions[s]["metadata"]["order_id"] == str(cancelled.id))
    ]["payment_intent"]
    assert story.stripe.charge_of_intent(intent)["amount_refunded"] == PRICE
    assert await story.held(cancelled.id) == 0
    assert len(await story.backend.events(pay.PAYMENT_RETURNED)) == 2


async def test_a_failed_card_payment_tells_the_buyer(story: Story) -> None:
    order = await story.order()
    intent = {
        "id": "pi_declined", "object": "payment_intent", "amount": PRICE, "currency": "usd",
        "metadata": {"purpose": "order", "order_id": str(order.id)},
        "last_payment_error": {"message": "Your card was declined."},
    }
    await story.deliver(story.stripe.event("payment_intent.payment_failed", intent))
    [event] = await story.backend.events(pay.PAYMENT_FAILED)
    assert "declined" in str(event["payload"])
    assert (await story.load(order.id)).status is OrderStatus.AWAITING_FUNDING


async def test_an_expired_checkout_is_replaced_by_a_new_link(story: Story) -> None:
    order = await story.order()
    first = await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    again = await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    assert again.checkout_url == first.checkout_url  # an open link is shown again
    [session] = [s for s in story.stripe.sessions.values()
                 if s["metadata"].get("order_id") == str(order.id)]
    expired = story.stripe.event("checkout.session.expired", dict(session, status="expired"))
    assert await story.deliver(expired) is processor_events.EventOutcome.PROCESSED
    assert await story.deliver(expired) is processor_events.EventOutcome.DUPLICATE
    story.clock.advance(timedelta(minutes=1))
    fresh = await funding.start_checkout(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    assert fresh.checkout_url and fresh.checkout_url != first.checkout_url
    assert (await story.load(order.id)).status is OrderStatus.AWAITING_FUNDING


async def test_a_chargeback_holds_the_order_and_tells_the_moderators(story: Story) -> None:
    order = await story.funded()
    intent = next(iter(story.stripe.intents))
    chargeback = {
        "id": "dp_1", "object": "dispute", "amount": PRICE, "reason": "fraudulent",
        "charge": story.stripe.charge_of_intent(intent)["id"], "payment_intent": intent,
    }
    await story.deliver(story.stripe.event("charge.dispute.created", chargeback))
    assert (await story.load(order.id)).status is OrderStatus.ON_HOLD
    assert len(await story.backend.events(pay.PAYMENT_CHARGEBACK)) == 1


async def test_unknown_event_types_are_ignored(story: Story) -> None:
    outcome = await story.deliver(story.stripe.event("customer.created", {"id": "cus_1"}))
    assert outcome is processor_events.EventOutcome.IGNORED


async def test_escrow_needs_a_seller_who_can_receive_payouts(story: Story) -> None:
    newcomer = await __import__("tests.unit.builders", fromlist=["human"]).human(
        story.ctx, "newcomer"
    )
    offer = await publish(story.ctx, newcomer)
    with pytest.raises(ValidationFailed) as refused:
        await orders.order_offer(
            story.ctx, buyer_id=story.buyer.id, offer_id=offer.id, payment_mode=PaymentMode.ESCROW
        )
    assert refused.value.code == "payment.seller_cannot_receive"
    # Off-platform remains possible.
    order = await orders.order_offer(story.ctx, buyer_id=story.buyer.id, offer_id=offer.id)
    assert order.payment_mode is PaymentMode.OFF_PLATFORM
    # Once the newcomer finishes onboarding, escrow works.
    await story.onboard(newcomer)
    order = await orders.order_offer(
        story.ctx, buyer_id=story.buyer.id, offer_id=offer.id, payment_mode=PaymentMode.ESCROW
    )
    assert order.status is OrderStatus.AWAITING_FUNDING


async def test_hold_stops_the_release_and_release_retries_a_stuck_payout(story: Story) -> None:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    await admin.override_payment(
        story.ctx, moderator_id=story.mod.id, order_id=order.id, action="hold", note="checking"
    )
    story.clock.advance(timedelta(days=3))
    await run_due_timers(story.ctx)
    await story.run_jobs()
    assert (await story.load(order.id)).status is OrderStatus.ON_HOLD
    assert story.stripe.transfers == {}
    await admin.override_payment(
        story.ctx, moderator_id=story.mod.id, order_id=order.id, action="unhold"
    )
    story.clock.advance(timedelta(hours=25))
    story.stripe.fail_next("/v1/transfers", 1)
    await run_due_timers(story.ctx)
    await story.run_jobs()
    assert (await story.load(order.id)).status is OrderStatus.COMPLETED
    assert (await story.job(order.id, JobKind.TRANSFER)).status is JobStatus.FAILED
    # /release on the stuck payout: retried now, without waiting for the backoff.
    result = await admin.override_payment(
        story.ctx, moderator_id=story.mod.id, order_id=order.id, action="release", note="retry"
    )
    assert result.order.status is OrderStatus.COMPLETED
    assert (await story.job(order.id, JobKind.TRANSFER)).status is JobStatus.SENT
    assert len(story.stripe.transfers_in_group(f"order_{order.id}")) == 1


async def test_reverse_during_the_cooldown_returns_the_order_to_delivered(story: Story) -> None:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    await admin.override_payment(
        story.ctx, moderator_id=story.mod.id, order_id=order.id, action="reverse",
        note="buyer approved by mistake",
    )
    assert (await story.load(order.id)).status is OrderStatus.DELIVERED
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    await story.run_jobs()
    assert story.stripe.transfers == {}
    assert await story.held(order.id) == PRICE


async def test_funding_from_the_wallet(story: Story) -> None:
    session = await funding.start_wallet_deposit(
        story.ctx, account_id=story.buyer.id, amount_cents=20_000
    )
    story.stripe.complete_checkout(session.id)
    stripe_session = story.stripe.sessions[session.id]
    await story.deliver(story.stripe.event("checkout.session.completed", stripe_session))
    assert await funding.wallet_balance(story.ctx, account_id=story.buyer.id) == 20_000

    order = await story.order(PRICE)
    await funding.fund_from_wallet(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    assert (await story.load(order.id)).status is OrderStatus.IN_PROGRESS
    assert await funding.wallet_balance(story.ctx, account_id=story.buyer.id) == 5_000
    # A second order is more than the wallet holds.
    second = await story.order(PRICE)
    with pytest.raises(MarketplaceError) as short:
        await funding.fund_from_wallet(story.ctx, buyer_id=story.buyer.id, order_id=second.id)
    assert short.value.code == "payment.wallet_insufficient"
    # A refund of a wallet-funded order goes back to the wallet, not to a card.
    await orders.cancel_order(story.ctx, actor_id=story.buyer.id, order_id=order.id)
    await orders.cancel_order(story.ctx, actor_id=story.seller.id, order_id=order.id)
    assert (await story.load(order.id)).status is OrderStatus.REFUNDED
    assert await funding.wallet_balance(story.ctx, account_id=story.buyer.id) == 20_000
    assert await story.jobs(order.id) == []


async def test_a_high_risk_payout_waits_longer(
    ctx: Context, fake_stripe: FakeStripe, backend: Backend, clock: FakeClock
) -> None:
    # A buyer account a few minutes old paying by card: the high tier, 72 h here.
    risk = PayoutRiskRules(high_cooldown=timedelta(hours=72))
    hctx = replace(ctx, rules=replace(ctx.rules, payout_risk=risk))
    story = await Story(hctx, fake_stripe, backend, clock).setup()
    order = await story.delivered(PRICE)
    await orders.approve_order(hctx, buyer_id=story.buyer.id, order_id=order.id)
    clock.advance(timedelta(hours=24, minutes=1))  # the standard cooldown is over
    await run_due_timers(hctx)
    await story.run_jobs()
    assert (await story.load(order.id)).status is OrderStatus.RELEASE_PENDING
    assert fake_stripe.transfers_in_group(f"order_{order.id}") == []
    clock.advance(timedelta(hours=48))
    await run_due_timers(hctx)
    assert (await story.load(order.id)).status is OrderStatus.COMPLETED
    assert (await story.run_jobs()).sent == 1
    [transfer] = fake_stripe.transfers_in_group(f"order_{order.id}")
    assert transfer["amount"] == PRICE - FEE
    async with hctx.uow() as uow:
        notes = [e.note or "" for e in await uow.orders.events(order.id)]
    assert any(n.startswith("high payout risk (card payment by a buyer account") for n in notes)
