"""Orders: creation from an offer, escrow funding, delivery, supervisor sign-off, approval,
revisions, mutual cancellation, messages (with secret redaction) and who may see what."""

from __future__ import annotations

from datetime import timedelta
from typing import TypedDict

import pytest

from core.accounts import accounts
from core.accounts.model import AccountKind, Authorship
from core.escrow.model import JobKind
from core.escrow.processor_events import EventOutcome
from core.listings import offers
from core.orders import orders
from core.orders.model import Attachment, OrderStatus, PaymentMode, Provenance, TimerKind
from core.shared import events as ev
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from tests.fakes import FakeClock, FakeStore
from tests.fakes_payments import funded as fund_by_card
from tests.fakes_payments import pay_by_card
from tests.unit.builders import (
    deal,
    delivered,
    escrow_held,
    events_for_order,
    human,
    moderator,
    order_now,
    pending,
    publish,
)


async def test_ordering_an_offer_starts_work_at_its_terms(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Off-platform orders start in progress with the offer's price, delivery time and
    revisions; the seller's deadline timer is armed and both parties hear of it."""
    d = await deal(ctx, delivery_days=5, revisions_included=2, price_cents=12_345)
    order = d.order
    assert order.status is OrderStatus.IN_PROGRESS
    assert order.payment_mode is PaymentMode.OFF_PLATFORM
    assert (order.price_cents, order.delivery_days, order.revisions_included) == (12_345, 5, 2)
    assert order.due_at == clock.now() + timedelta(days=5)
    timers = pending(store, "order", order.id)
    assert timers[TimerKind.SELLER_DEADLINE].due_at == order.due_at + timedelta(
        hours=ctx.rules.seller_grace_hours
    )
    assert TimerKind.REMINDER_SELLER in timers
    created = [e for e in store.outbox if e.type == ev.ORDER_CREATED]
    assert [e.recipients for e in created] == [(d.seller.id,)]
    timeline = await store().orders.events(order.id)
    assert [(e.action, e.to_status, e.actor_id) for e in timeline] == [
        ("create", OrderStatus.IN_PROGRESS, d.buyer.id)
    ]


async def test_no_order_of_ones_own_offer(ctx: Context, store: FakeStore) -> None:
    """No order of one's own offer: not by the seller, their supervisor or a sibling agent."""
    alice = await human(ctx, "alice")
    agent = await accounts.create_agent(ctx, supervisor_id=alice.id, display_name="A1")
    sibling = await accounts.create_agent(ctx, supervisor_id=alice.id, display_name="A2")
    own = await publish(ctx, alice)
    agents = await publish(ctx, agent)
    for buyer, offer in ((alice, own), (alice, agents), (agent, own), (sibling, agents)):
        with pytest.raises(PermissionDenied) as err:
            await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
        assert err.value.code == "permission_denied"
    assert store.state.orders == {}


async def test_only_an_active_offer_of_an_active_seller_is_ordered(
    ctx: Context, store: FakeStore
) -> None:
    seller = await human(ctx, "seller")
    buyer = await human(ctx, "buyer")
    mod = await moderator(ctx)
    offer = await publish(ctx, seller)
    await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=offer.id, paused=True)
    with pytest.raises(Conflict) as err:
        await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    assert err.value.code == "offer.not_active"
    with pytest.raises(NotFound):
        await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=424242)
    await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=offer.id, paused=False)
    await accounts.ban_account(ctx, moderator_id=mod.id, account_id=seller.id, reason="fraud")
    with pytest.raises(NotFound):  # a banned seller's offers are hidden
        await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    assert store.state.orders == {}


async def test_escrow_needs_the_port_and_a_seller_who_can_receive(
    ctx: Context, ectx: Context, store: FakeStore
) -> None:
    seller = await human(ctx, "seller")
    buyer = await human(ctx, "buyer")
    offer = await publish(ctx, seller)
    with pytest.raises(ValidationFailed) as err:
        await orders.order_offer(
            ctx, buyer_id=buyer.id, offer_id=offer.id, payment_mode=PaymentMode.ESCROW
        )
    assert err.value.code == "payment.escrow_unavailable"
    assert ectx.escrow is not None
    ectx.escrow.can_receive = False  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed) as err:
        await orders.order_offer(
            ectx, buyer_id=buyer.id, offer_id=offer.id, payment_mode=PaymentMode.ESCROW
        )
    assert err.value.code == "payment.seller_cannot_receive"
    assert store.state.orders == {}
    # Off-platform stays possible with escrow configured.
    order = await orders.order_offer(ectx, buyer_id=buyer.id, offer_id=offer.id)
    assert order.payment_mode is PaymentMode.OFF_PLATFORM


async def test_an_escrow_order_waits_for_funding(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Escrow: the order awaits funding (with a funding timeout); the payment webhook's
    confirmation puts the money in ``escrow:<id>`` and starts the work."""
    d = await deal(ectx, PaymentMode.ESCROW, delivery_days=3)
    assert d.order.status is OrderStatus.AWAITING_FUNDING
    assert TimerKind.FUNDING_TIMEOUT in pending(store, "order", d.order.id)
    # Work cannot be delivered before the money is in.
    with pytest.raises(InvalidTransition):
        await orders.deliver_order(ectx, actor_id=d.seller.id, order_id=d.order.id, note="x")
    clock.advance(timedelta(hours=20))
    funded = await fund_by_card(ectx, d.order, payment_ref="pay_1")
    assert funded.status is OrderStatus.IN_PROGRESS
    assert escrow_held(store, d.order.id) == d.order.price_cents
    # The delivery time starts when the money is in, not when the order was placed.
    assert funded.due_at == clock.now() + timedelta(days=3)
    timers = pending(store, "order", d.order.id)
    assert TimerKind.FUNDING_TIMEOUT not in timers
    assert timers[TimerKind.SELLER_DEADLINE].due_at == funded.due_at + timedelta(
        hours=ectx.rules.seller_grace_hours
    )
    assert ev.ORDER_FUNDED in events_for_order(store, d.order.id)


async def test_funding_is_idempotent_and_must_match_the_price(
    ectx: Context, store: FakeStore
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW)
    short = await pay_by_card(ectx, d.order, amount_cents=d.order.price_cents - 1,
                              payment_ref="pay_short")
    assert short is EventOutcome.PROCESSED
    assert order_now(store, d.order.id).status is OrderStatus.AWAITING_FUNDING
    assert escrow_held(store, d.order.id) == 0
    # The wrong amount never enters the ledger: it is refunded in full.
    assert returned(store, d.order.id) == [d.order.price_cents - 1]
    assert await pay_by_card(ectx, d.order, payment_ref="pay_1") is EventOutcome.PROCESSED
    assert await pay_by_card(ectx, d.order, payment_ref="pay_1") is EventOutcome.DUPLICATE
    await pay_by_card(ectx, d.order, payment_ref="pay_1", event_id="evt_again")
    assert escrow_held(store, d.order.id) == d.order.price_cents
    funds = [t for t in store.state.transactions if t.type is ledger.TxType.ESCROW_FUND]
    assert len(funds) == 1
    off = await deal_off_platform(ectx)
    await pay_by_card(ectx, order_now(store, off), payment_ref="pay_2")
    assert escrow_held(store, off) == 0
    assert len([t for t in store.state.transactions if t.type is ledger.TxType.ESCROW_FUND]) == 1
    assert returned(store, off) == [order_now(store, off).price_cents]


def returned(store: FakeStore, order_id: int) -> list[int]:
    """The amounts of the payments refunded to the buyer because the order could not take
    them."""
    return [
        j.amount_cents
        for j in store.state.payments["jobs"].values()
        if j.order_id == order_id and j.kind is JobKind.RETURN
    ]


async def deal_off_platform(ctx: Context) -> int:
    seller = await human(ctx, "seller2")
    buyer = await human(ctx, "buyer2")
    offer = await publish(ctx, seller)
    return (await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)).id


async def test_an_unfunded_order_is_cancelled_at_once_by_either_party(
    ectx: Context, store: FakeStore
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW)
    with pytest.raises(PermissionDenied):
        await orders.cancel_order(ectx, actor_id=d.stranger.id, order_id=d.order.id)
    cancelled = await orders.cancel_order(ectx, actor_id=d.seller.id, order_id=d.order.id)
    assert cancelled.status is OrderStatus.CANCELLED
    assert pending(store, "order", d.order.id) == {}


async def test_only_the_seller_delivers(ctx: Context, store: FakeStore) -> None:
    """Actors without the right get ``PermissionDenied`` and the order does not move."""
    d = await deal(ctx)
    for actor in (d.buyer, d.stranger, d.mod):
        with pytest.raises(PermissionDenied) as err:
            await orders.deliver_order(ctx, actor_id=actor.id, order_id=d.order.id, note="done")
        assert err.value.code == "permission_denied"
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    assert store.state.deliveries == {}


class DeliveryContent(TypedDict, total=False):
    note: str
    url: str


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"note": "   "}, "delivery"),
        ({"note": "n" * 4001}, "note"),
        ({"url": "ftp://files.example.com/x.csv"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
    ],
)
async def test_a_delivery_needs_content(
    ctx: Context, store: FakeStore, kwargs: DeliveryContent, field: str
) -> None:
    d = await deal(ctx)
    with pytest.raises(ValidationFailed) as err:
        await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, **kwargs)
    assert err.value.field == field
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS


async def test_deliver_then_approve_completes(ctx: Context, store: FakeStore) -> None:
    d = await deal(ctx)
    delivery = await orders.deliver_order(
        ctx,
        actor_id=d.seller.id,
        order_id=d.order.id,
        url="https://files.example.com/out.csv",
        attachment=Attachment(name="out.csv", ref="file-1", size=10),
    )
    assert delivery.authorship is Authorship.HUMAN and delivery.provenance is None
    order = order_now(store, d.order.id)
    assert order.status is OrderStatus.DELIVERED and order.delivered_at is not None
    assert TimerKind.AUTO_APPROVE in pending(store, "order", d.order.id)
    with pytest.raises(InvalidTransition) as err:
        await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, note="again")
    assert err.value.code == "order.invalid_transition"
    for actor in (d.seller, d.stranger, d.mod):
        with pytest.raises(PermissionDenied):
            await orders.approve_order(ctx, buyer_id=actor.id, order_id=d.order.id)
    done = await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert done.status is OrderStatus.COMPLETED and done.completed_at is not None
    assert {ev.ORDER_APPROVED, ev.ORDER_COMPLETED} <= set(events_for_order(store, d.order.id))
    # Only the review reveal is left to run.
    assert set(pending(store, "order", d.order.id)) == {TimerKind.REVIEW_REVEAL}
    with pytest.raises(InvalidTransition):
        await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)


async def test_approving_an_undelivered_order_is_an_invalid_transition(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    with pytest.raises(InvalidTransition):
        await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert order_now(store, d.order.id).version == d.order.version


async def test_revisions_while_they_last(ctx: Context, store: FakeStore, clock: FakeClock) -> None:
    """Revisions: the buyer sends a delivery back while revisions remain; each gives the
    seller the delivery time again."""
    d = await deal(ctx, revisions_included=1, delivery_days=2)
    await delivered(ctx, d)
    with pytest.raises(ValidationFailed):
        await orders.request_revision(ctx, buyer_id=d.buyer.id, order_id=d.order.id, note="")
    with pytest.raises(PermissionDenied):
        await orders.request_revision(
            ctx, buyer_id=d.seller.id, order_id=d.order.id, note="more stuff"
        )
    clock.advance(timedelta(days=1))
    revised = await orders.request_revision(
        ctx, buyer_id=d.buyer.id, order_id=d.order.id, note="Add the stock column"
    )
    assert revised.status is OrderStatus.IN_PROGRESS
    assert (revised.revisions_used, revised.revisions_left) == (1, 0)
    assert revised.due_at == clock.now() + timedelta(days=2)
    assert pending(store, "order", d.order.id)[TimerKind.SELLER_DEADLINE].due_at == (
        revised.due_at + timedelta(hours=ctx.rules.seller_grace_hours)
    )
    await delivered(ctx, d)
    with pytest.raises(Conflict) as err:
        await orders.request_revision(
            ctx, buyer_id=d.buyer.id, order_id=d.order.id, note="One more"
        )
    assert err.value.code == "order.no_revisions_left"
    assert order_now(store, d.order.id).status is OrderStatus.DELIVERED


async def test_mutual_cancellation_waits_for_the_second_party(
    ctx: Context, store: FakeStore
) -> None:
    """Mutual cancellation: the first party's request waits; the other's cancels."""
    d = await deal(ctx)
    waiting = await orders.cancel_order(
        ctx, actor_id=d.buyer.id, order_id=d.order.id, reason="changed plans"
    )
    assert waiting.status is OrderStatus.IN_PROGRESS
    assert waiting.cancel_requested_by == d.buyer.id
    asked = [e for e in store.outbox if e.type == ev.ORDER_CANCEL_REQUESTED]
    assert [e.recipients for e in asked] == [(d.seller.id,)]
    with pytest.raises(Conflict) as err:
        await orders.cancel_order(ctx, actor_id=d.buyer.id, order_id=d.order.id)
    assert err.value.code == "order.cancel_pending"
    for outsider in (d.stranger, d.mod):
        with pytest.raises(PermissionDenied):
            await orders.cancel_order(ctx, actor_id=outsider.id, order_id=d.order.id)
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    cancelled = await orders.cancel_order(ctx, actor_id=d.seller.id, order_id=d.order.id)
    assert cancelled.status is OrderStatus.CANCELLED
    assert pending(store, "order", d.order.id) == {}
    assert ev.ORDER_CANCELLED in events_for_order(store, d.order.id)


async def test_a_cancel_request_lapses_when_the_work_moves_on(
    ctx: Context, store: FakeStore
) -> None:
    """A cancel request is about the work as it was: once the seller delivers, a later cancel
    by the seller starts a new request instead of completing the stale one."""
    d = await deal(ctx, revisions_included=1)
    await orders.cancel_order(ctx, actor_id=d.buyer.id, order_id=d.order.id)
    await delivered(ctx, d)
    assert order_now(store, d.order.id).cancel_requested_by is None
    await orders.request_revision(
        ctx, buyer_id=d.buyer.id, order_id=d.order.id, note="please fix the CSV"
    )
    after = await orders.cancel_order(ctx, actor_id=d.seller.id, order_id=d.order.id)
    assert after.status is OrderStatus.IN_PROGRESS
    assert after.cancel_requested_by == d.seller.id


async def test_a_delivered_order_cannot_be_cancelled(ctx: Context, store: FakeStore) -> None:
    d = await deal(ctx)
    await delivered(ctx, d)
    with pytest.raises(InvalidTransition):
        await orders.cancel_order(ctx, actor_id=d.buyer.id, order_id=d.order.id)
    assert order_now(store, d.order.id).status is OrderStatus.DELIVERED


async def test_mutual_cancellation_of_an_escrow_order_refunds(
    ectx: Context, store: FakeStore
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    await orders.cancel_order(ectx, actor_id=d.seller.id, order_id=d.order.id)
    refunded = await orders.cancel_order(ectx, actor_id=d.buyer.id, order_id=d.order.id)
    assert refunded.status is OrderStatus.REFUNDED
    assert escrow_held(store, d.order.id) == 0
    refunds = [t for t in store.state.transactions if t.type is ledger.TxType.ESCROW_REFUND]
    assert [t.delta_for(ledger.escrow_account(d.order.id)) for t in refunds] == [
        -d.order.price_cents
    ]
    assert ev.PAYMENT_REFUNDED in events_for_order(store, d.order.id)


async def test_an_agents_delivery_waits_for_its_supervisor(ctx: Context, store: FakeStore) -> None:
    """Agent deliveries on offers requiring sign-off wait for the supervisor, carry a
    provenance record, and reach the buyer only once signed off."""
    alice = await human(ctx, "alice")
    buyer = await human(ctx, "buyer")
    agent = await accounts.create_agent(ctx, supervisor_id=alice.id, display_name="Scraper")
    offer = await publish(ctx, agent, requires_signoff=True)
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    assert order.requires_signoff
    created = [e for e in store.outbox if e.type == ev.ORDER_CREATED][-1]
    assert alice.id in created.recipients  # the human who answers for the agent hears of it
    delivery = await orders.deliver_order(
        ctx,
        actor_id=agent.id,
        order_id=order.id,
        url="https://files.example.com/run-1.csv",
        provenance=Provenance(automated="scraping", tools=("playwright",)),
    )
    assert delivery.authorship is Authorship.AGENT
    assert order_now(store, order.id).status is OrderStatus.AWAITING_SUPERVISOR
    assert ev.ORDER_DELIVERED not in events_for_order(store, order.id)
    for outsider in (buyer, agent):
        with pytest.raises(PermissionDenied):
            await orders.review_agent_delivery(
                ctx, supervisor_id=outsider.id, order_id=order.id, approve=True
            )
    with pytest.raises(ValidationFailed):
        await orders.review_agent_delivery(
            ctx, supervisor_id=alice.id, order_id=order.id, approve=False, note=""
        )
    sent_back = await orders.review_agent_delivery(
        ctx, supervisor_id=alice.id, order_id=order.id, approve=False, note="Dedupe rows"
    )
    assert sent_back.status is OrderStatus.IN_PROGRESS
    await orders.deliver_order(ctx, actor_id=agent.id, order_id=order.id, note="Deduped")
    signed = await orders.review_agent_delivery(
        ctx, supervisor_id=alice.id, order_id=order.id, approve=True
    )
    assert signed.status is OrderStatus.DELIVERED
    latest = (await store().orders.deliveries(order.id))[-1]
    assert latest.provenance is not None and latest.provenance.reviewed_by == alice.id
    assert latest.provenance.declared is False and latest.provenance.reviewed_at is not None
    assert ev.ORDER_DELIVERED in events_for_order(store, order.id)


async def test_a_supervisor_delivers_directly_and_an_unsigned_agent_offer_needs_no_sign_off(
    ctx: Context, store: FakeStore
) -> None:
    alice = await human(ctx, "alice")
    buyer = await human(ctx, "buyer")
    agent = await accounts.create_agent(ctx, supervisor_id=alice.id, display_name="Scraper")
    signed_offer = await publish(ctx, agent, requires_signoff=True)
    plain_offer = await publish(ctx, agent, title="Quick scrape, no review")
    o1 = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=signed_offer.id)
    await orders.deliver_order(ctx, actor_id=alice.id, order_id=o1.id, note="Checked by me")
    assert order_now(store, o1.id).status is OrderStatus.DELIVERED
    o2 = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=plain_offer.id)
    d2 = await orders.deliver_order(ctx, actor_id=agent.id, order_id=o2.id, note="Done")
    assert order_now(store, o2.id).status is OrderStatus.DELIVERED
    assert d2.provenance is not None and d2.provenance.reviewed_by is None


async def test_sign_off_is_only_asked_of_agents_that_have_a_supervisor(
    ctx: Context, store: FakeStore
) -> None:
    """An agent registered on its own answers for itself: nobody could sign its delivery
    off, so its orders never wait for one."""
    agent = await accounts.register_account(ctx, email="solo@example.com", display_name="Solo")
    assert agent.kind is AccountKind.AGENT and agent.supervisor_id is None
    buyer = await human(ctx, "buyer")
    offer = await publish(ctx, agent, requires_signoff=True)
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    assert not order.requires_signoff
    await orders.deliver_order(ctx, actor_id=agent.id, order_id=order.id, note="Done")
    assert order_now(store, order.id).status is OrderStatus.DELIVERED


async def test_messages_are_relayed_with_secrets_redacted(ctx: Context, store: FakeStore) -> None:
    """Safety: a secret in a message is removed before the other party sees it (stored text
    and event alike) and the sender is told what was removed."""
    d = await deal(ctx)
    key = "sk_live_" + "a1B2c3D4e5F6g7H8"
    sent = await orders.send_message(
        ctx, actor_id=d.buyer.id, order_id=d.order.id, text=f"Use {key} for the API"
    )
    assert key not in sent.message.text and "[API key removed]" in sent.message.text
    assert sent.redacted_kinds == ("API key",) and sent.message.redacted
    relayed = [e for e in store.outbox if e.type == ev.MESSAGE_RECEIVED]
    assert len(relayed) == 1 and key not in relayed[0].payload["text"]
    assert relayed[0].recipients == (d.seller.id,)
    assert all(key not in m.text for m in store.state.messages)
    plain = await orders.send_message(
        ctx, actor_id=d.seller.id, order_id=d.order.id, text="Thanks, starting now"
    )
    assert plain.message.text == "Thanks, starting now" and not plain.message.redacted
    assert plain.redacted_kinds == ()


async def test_only_parties_message_and_not_in_a_closed_order(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    for outsider in (d.stranger, d.mod):
        with pytest.raises(PermissionDenied):
            await orders.send_message(ctx, actor_id=outsider.id, order_id=d.order.id, text="hi")
    with pytest.raises(ValidationFailed):
        await orders.send_message(ctx, actor_id=d.buyer.id, order_id=d.order.id, text="  ")
    with pytest.raises(ValidationFailed):
        await orders.send_message(ctx, actor_id=d.buyer.id, order_id=d.order.id, text="x" * 4001)
    await orders.cancel_order(ctx, actor_id=d.buyer.id, order_id=d.order.id)
    await orders.cancel_order(ctx, actor_id=d.seller.id, order_id=d.order.id)
    with pytest.raises(Conflict):
        await orders.send_message(ctx, actor_id=d.buyer.id, order_id=d.order.id, text="hello?")
    assert store.state.messages == []


async def test_an_order_is_seen_by_its_parties_and_moderators_only(ctx: Context) -> None:
    d = await deal(ctx)
    await delivered(ctx, d)
    buyer_view = await orders.get_order(ctx, order_id=d.order.id, viewer_id=d.buyer.id)
    assert {"approve", "request_revision", "open_dispute"} <= set(buyer_view.actions)
    assert "deliver" not in buyer_view.actions
    seller_view = await orders.get_order(ctx, order_id=d.order.id, viewer_id=d.seller.id)
    assert "approve" not in seller_view.actions
    mod_view = await orders.get_order(ctx, order_id=d.order.id, viewer_id=d.mod.id)
    assert "hold" in mod_view.actions and "approve" not in mod_view.actions
    assert [e.action for e in buyer_view.events] == ["create", "deliver"]
    with pytest.raises(PermissionDenied):
        await orders.get_order(ctx, order_id=d.order.id, viewer_id=d.stranger.id)
    with pytest.raises(NotFound):
        await orders.get_order(ctx, order_id=987654, viewer_id=d.buyer.id)
    listed = await orders.list_orders(ctx, account_id=d.seller.id)
    assert [o.id for o in listed] == [d.order.id]
    assert await orders.list_orders(ctx, account_id=d.stranger.id) == []


async def test_a_cancel_reason_has_a_length_limit(ctx: Context, store: FakeStore) -> None:
    """Cancellation reasons are user text shown to the other party: bounded like any other."""
    d = await deal(ctx)
    with pytest.raises(ValidationFailed) as err:
        await orders.cancel_order(ctx, actor_id=d.buyer.id, order_id=d.order.id, reason="x" * 2001)
    assert err.value.code == "validation.reason"
    assert order_now(store, d.order.id).cancel_requested_by is None
