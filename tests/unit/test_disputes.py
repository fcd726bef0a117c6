"""Disputes and moderator overrides: opening freezes the order and its timers, one moderator
claims the case, rulings move the order and the escrowed money; holds pause and resume
timers; early release and approval reversal during the cooldown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.moderation import admin
from core.orders import disputes, orders
from core.orders.model import (
    DisputeStatus,
    OrderStatus,
    PaymentMode,
    Ruling,
    TimerKind,
    TimerStatus,
)
from core.orders.timers import run_due_timers
from core.shared import events as ev
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import (
    Deal,
    deal,
    delivered,
    escrow_held,
    events_for_order,
    moderator,
    money,
    order_now,
    pending,
    timers_of,
)

PRICE = 15_000


async def dispute_of(ctx: Context, d: Deal, by: int | None = None) -> int:
    dispute = await disputes.open_dispute(
        ctx,
        actor_id=by or d.buyer.id,
        order_id=d.order.id,
        reason="The CSV misses half of the pages.",
    )
    return dispute.id


def fee(amount: int, ctx: Context) -> int:
    return amount * ctx.rules.platform_fee_bps // 10_000


async def test_a_dispute_freezes_the_order_and_pauses_every_timer(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Disputes: either party opens one; the order is disputed, every timer pauses (a frozen
    order's deadline does not run out) and moderators hear of it."""
    d = await deal(ctx)
    await delivered(ctx, d)
    dispute_id = await dispute_of(ctx, d, by=d.seller.id)
    order = order_now(store, d.order.id)
    assert order.status is OrderStatus.DISPUTED and order.resume_status is OrderStatus.DELIVERED
    assert pending(store, "order", d.order.id) == {}
    paused = [t for t in timers_of(store, "order", d.order.id) if t.status is TimerStatus.PAUSED]
    assert TimerKind.AUTO_APPROVE in {t.kind for t in paused}
    disputed = [e for e in store.outbox if e.type == ev.ORDER_DISPUTED]
    assert disputed[0].channels == ("admin",) and disputed[0].recipients == (d.buyer.id,)
    clock.advance(timedelta(days=29))
    await run_due_timers(ctx)
    assert pending(store, "order", d.order.id) == {}
    assert order_now(store, d.order.id).status is OrderStatus.DISPUTED
    assert store.state.disputes[dispute_id].status is DisputeStatus.OPEN


async def test_only_a_party_opens_a_dispute_with_a_reason(ctx: Context, store: FakeStore) -> None:
    d = await deal(ctx)
    for outsider in (d.stranger, d.mod):
        with pytest.raises(PermissionDenied) as err:
            await disputes.open_dispute(
                ctx, actor_id=outsider.id, order_id=d.order.id, reason="I do not like this."
            )
        assert err.value.code == "permission_denied"
    with pytest.raises(ValidationFailed):
        await disputes.open_dispute(ctx, actor_id=d.buyer.id, order_id=d.order.id, reason="bad")
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    assert store.state.disputes == {}


async def test_no_dispute_before_funding_or_after_the_end(ectx: Context, store: FakeStore) -> None:
    d = await deal(ectx, PaymentMode.ESCROW)
    with pytest.raises(InvalidTransition):
        await dispute_of(ectx, d)
    await orders.cancel_order(ectx, actor_id=d.buyer.id, order_id=d.order.id)
    with pytest.raises(InvalidTransition):
        await dispute_of(ectx, d)
    assert store.state.disputes == {}


async def test_one_moderator_claims_a_case(ctx: Context, store: FakeStore) -> None:
    d = await deal(ctx)
    other_mod = await moderator(ctx, "mod2")
    dispute_id = await dispute_of(ctx, d)
    with pytest.raises(PermissionDenied):
        await disputes.claim_dispute(ctx, moderator_id=d.buyer.id, dispute_id=dispute_id)
    claimed = await disputes.claim_dispute(ctx, moderator_id=d.mod.id, dispute_id=dispute_id)
    assert (claimed.status, claimed.claimed_by) == (DisputeStatus.CLAIMED, d.mod.id)
    with pytest.raises(Conflict) as err:
        await disputes.claim_dispute(ctx, moderator_id=other_mod.id, dispute_id=dispute_id)
    assert err.value.code == "dispute.claimed"
    with pytest.raises(Conflict):
        await disputes.rule_dispute(
            ctx,
            moderator_id=other_mod.id,
            dispute_id=dispute_id,
            ruling=Ruling.REFUND,
            note="Refund in full",
        )
    # The admin channel's /disputes: the case is still open, for moderators only.
    cases = await admin.list_cases(ctx, moderator_id=d.mod.id)
    assert [line.dispute.id for line in cases] == [dispute_id]
    with pytest.raises(PermissionDenied):
        await admin.list_cases(ctx, moderator_id=d.seller.id)


async def test_rulings_need_a_moderator_a_note_and_a_valid_split(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    dispute_id = await dispute_of(ctx, d)
    with pytest.raises(PermissionDenied):
        await disputes.rule_dispute(
            ctx,
            moderator_id=d.buyer.id,
            dispute_id=dispute_id,
            ruling=Ruling.REFUND,
            note="I win, obviously",
        )
    with pytest.raises(ValidationFailed):
        await disputes.rule_dispute(
            ctx, moderator_id=d.mod.id, dispute_id=dispute_id, ruling=Ruling.REFUND, note="ok"
        )
    for pct in (None, 0, 100):
        with pytest.raises(ValidationFailed):
            await disputes.rule_dispute(
                ctx,
                moderator_id=d.mod.id,
                dispute_id=dispute_id,
                ruling=Ruling.SPLIT,
                note="Half the pages are fine",
                split_pct=pct,
            )
    assert order_now(store, d.order.id).status is OrderStatus.DISPUTED
    assert store.state.disputes[dispute_id].status is DisputeStatus.OPEN


async def test_a_refund_ruling_returns_the_escrow_to_the_buyer(
    ectx: Context, store: FakeStore
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW, funded=True, price_cents=PRICE)
    dispute_id = await dispute_of(ectx, d)
    ruled = await disputes.rule_dispute(
        ectx, moderator_id=d.mod.id, dispute_id=dispute_id, ruling=Ruling.REFUND, note="No work"
    )
    assert (ruled.status, ruled.ruling, ruled.resolved_by) == (
        DisputeStatus.RESOLVED,
        Ruling.REFUND,
        d.mod.id,
    )
    assert order_now(store, d.order.id).status is OrderStatus.REFUNDED
    assert escrow_held(store, d.order.id) == 0
    assert money(store, ledger.WORLD_PROCESSOR) == 0  # all that came in went back out
    assert money(store, ledger.payable_account(d.seller.id)) == 0
    assert {ev.DISPUTE_RESOLVED, ev.PAYMENT_REFUNDED} <= set(events_for_order(store, d.order.id))
    with pytest.raises(Conflict):
        await disputes.rule_dispute(
            ectx,
            moderator_id=d.mod.id,
            dispute_id=dispute_id,
            ruling=Ruling.RELEASE,
            note="Changed my mind",
        )
    assert [a.action for a in store.state.audit if a.subject == f"order:{d.order.id}"] == [
        "rule:refund"
    ]


async def test_a_split_ruling_refunds_the_buyers_share_and_pays_the_rest(
    ectx: Context, store: FakeStore
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW, funded=True, price_cents=PRICE)
    await delivered(ectx, d)
    dispute_id = await dispute_of(ectx, d)
    await disputes.rule_dispute(
        ectx,
        moderator_id=d.mod.id,
        dispute_id=dispute_id,
        ruling=Ruling.SPLIT,
        note="Half the pages are fine",
        split_pct=30,
    )
    share = PRICE - PRICE * 30 // 100  # 30% back to the buyer, the rest to the seller
    assert order_now(store, d.order.id).status is OrderStatus.COMPLETED
    assert escrow_held(store, d.order.id) == 0
    assert money(store, ledger.payable_account(d.seller.id)) == share - fee(share, ectx)
    assert money(store, ledger.PLATFORM_FEES) == fee(share, ectx)
    refunds = [t for t in store.state.transactions if t.type is ledger.TxType.ESCROW_REFUND]
    assert [t.delta_for(ledger.WORLD_PROCESSOR) for t in refunds] == [PRICE - share]


async def test_a_release_ruling_pays_after_the_cooldown(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Release: an escrow ruling in the seller's favour waits out the cooldown like an
    approval, then pays the seller less the platform fee."""
    d = await deal(ectx, PaymentMode.ESCROW, funded=True, price_cents=PRICE)
    await delivered(ectx, d)
    dispute_id = await dispute_of(ectx, d)
    await disputes.rule_dispute(
        ectx,
        moderator_id=d.mod.id,
        dispute_id=dispute_id,
        ruling=Ruling.RELEASE,
        note="Work is fine",
    )
    assert order_now(store, d.order.id).status is OrderStatus.RELEASE_PENDING
    assert escrow_held(store, d.order.id) == PRICE
    clock.advance(ectx.rules.release_cooldown)
    await run_due_timers(ectx)
    assert order_now(store, d.order.id).status is OrderStatus.COMPLETED
    assert escrow_held(store, d.order.id) == 0
    assert money(store, ledger.payable_account(d.seller.id)) == PRICE - fee(PRICE, ectx)


async def test_a_release_ruling_off_platform_completes_at_once(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    dispute_id = await dispute_of(ctx, d)
    await disputes.rule_dispute(
        ctx,
        moderator_id=d.mod.id,
        dispute_id=dispute_id,
        ruling=Ruling.RELEASE,
        note="Work is fine",
    )
    assert order_now(store, d.order.id).status is OrderStatus.COMPLETED


async def test_a_resume_ruling_gives_the_seller_a_fresh_delivery_time(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Resume: work goes on with the order's delivery time from the ruling; the seller is not
    cancelled at once for a deadline that ran out while the order was frozen."""
    d = await deal(ctx, delivery_days=2)
    await delivered(ctx, d)
    dispute_id = await dispute_of(ctx, d)
    clock.advance(timedelta(days=6))
    await disputes.rule_dispute(
        ctx,
        moderator_id=d.mod.id,
        dispute_id=dispute_id,
        ruling=Ruling.RESUME,
        note="Redo the missing pages",
    )
    order = order_now(store, d.order.id)
    assert order.status is OrderStatus.IN_PROGRESS
    assert order.due_at == clock.now() + timedelta(days=2)
    timers = pending(store, "order", d.order.id)
    assert set(timers) >= {TimerKind.SELLER_DEADLINE}
    assert TimerKind.AUTO_APPROVE not in timers
    assert timers[TimerKind.SELLER_DEADLINE].due_at == order.due_at + timedelta(
        hours=ctx.rules.seller_grace_hours
    )
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS


async def test_a_hold_pauses_timers_and_unhold_keeps_the_remaining_time(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Holds: nothing fires while an order is on hold, however long; on unhold each timer
    has the time it had left."""
    d = await deal(ctx, delivery_days=3)
    deadline = pending(store, "order", d.order.id)[TimerKind.SELLER_DEADLINE].due_at
    clock.advance(timedelta(days=1))
    left = deadline - clock.now()
    with pytest.raises(PermissionDenied):
        await disputes.hold_order(
            ctx, moderator_id=d.buyer.id, order_id=d.order.id, reason="payment check"
        )
    with pytest.raises(ValidationFailed):
        await disputes.hold_order(ctx, moderator_id=d.mod.id, order_id=d.order.id, reason="")
    held = await disputes.hold_order(
        ctx, moderator_id=d.mod.id, order_id=d.order.id, reason="payment check"
    )
    assert held.status is OrderStatus.ON_HOLD and pending(store, "order", d.order.id) == {}
    with pytest.raises(InvalidTransition):
        await disputes.hold_order(ctx, moderator_id=d.mod.id, order_id=d.order.id, reason="again")
    with pytest.raises(InvalidTransition):
        await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, note="x")
    clock.advance(timedelta(days=20))
    assert (await run_due_timers(ctx)).fired == 0
    assert order_now(store, d.order.id).status is OrderStatus.ON_HOLD
    with pytest.raises(PermissionDenied):
        await disputes.unhold_order(ctx, moderator_id=d.seller.id, order_id=d.order.id)
    back = await disputes.unhold_order(ctx, moderator_id=d.mod.id, order_id=d.order.id)
    assert back.status is OrderStatus.IN_PROGRESS and back.resume_status is None
    timers = pending(store, "order", d.order.id)
    assert timers[TimerKind.SELLER_DEADLINE].due_at == clock.now() + left
    clock.advance(left - timedelta(seconds=1))
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    clock.advance(timedelta(seconds=1))
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.CANCELLED
    assert [a.action for a in store.state.audit if a.subject == f"order:{d.order.id}"] == [
        "hold",
        "unhold",
    ]


async def test_a_dispute_cannot_be_ruled_while_the_order_is_on_hold(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    dispute_id = await dispute_of(ctx, d)
    await disputes.hold_order(ctx, moderator_id=d.mod.id, order_id=d.order.id, reason="check")
    with pytest.raises(Conflict) as err:
        await disputes.rule_dispute(
            ctx, moderator_id=d.mod.id, dispute_id=dispute_id, ruling=Ruling.REFUND, note="Refund"
        )
    assert err.value.code == "order.on_hold"
    await disputes.unhold_order(ctx, moderator_id=d.mod.id, order_id=d.order.id)
    assert order_now(store, d.order.id).status is OrderStatus.DISPUTED
    await disputes.rule_dispute(
        ctx, moderator_id=d.mod.id, dispute_id=dispute_id, ruling=Ruling.REFUND, note="Refund"
    )
    assert order_now(store, d.order.id).status is OrderStatus.REFUNDED


async def test_a_moderator_reverses_an_approval_during_the_cooldown(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    await delivered(ectx, d)
    approved = await orders.approve_order(ectx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert approved.status is OrderStatus.RELEASE_PENDING
    with pytest.raises(PermissionDenied):
        await disputes.reverse_approval(
            ectx, moderator_id=d.buyer.id, order_id=d.order.id, note="oops"
        )
    with pytest.raises(ValidationFailed):
        await disputes.reverse_approval(ectx, moderator_id=d.mod.id, order_id=d.order.id, note="")
    reversed_ = await disputes.reverse_approval(
        ectx, moderator_id=d.mod.id, order_id=d.order.id, note="approved by mistake"
    )
    assert reversed_.status is OrderStatus.DELIVERED
    timers = pending(store, "order", d.order.id)
    assert TimerKind.RELEASE not in timers and TimerKind.AUTO_APPROVE in timers
    clock.advance(ectx.rules.release_cooldown)
    await run_due_timers(ectx)
    assert escrow_held(store, d.order.id) == d.order.price_cents
    with pytest.raises(InvalidTransition):
        await disputes.reverse_approval(
            ectx, moderator_id=d.mod.id, order_id=d.order.id, note="again"
        )


async def test_a_moderator_releases_a_stuck_payment_early(ectx: Context, store: FakeStore) -> None:
    d = await deal(ectx, PaymentMode.ESCROW, funded=True, price_cents=PRICE)
    with pytest.raises(InvalidTransition):
        await disputes.release_payment(ectx, order_id=d.order.id, moderator_id=d.mod.id)
    await delivered(ectx, d)
    await orders.approve_order(ectx, buyer_id=d.buyer.id, order_id=d.order.id)
    with pytest.raises(PermissionDenied):
        await disputes.release_payment(ectx, order_id=d.order.id, moderator_id=d.seller.id)
    assert escrow_held(store, d.order.id) == PRICE
    released = await disputes.release_payment(
        ectx, order_id=d.order.id, moderator_id=d.mod.id, note="stuck"
    )
    assert released.status is OrderStatus.COMPLETED
    assert money(store, ledger.payable_account(d.seller.id)) == PRICE - fee(PRICE, ectx)
    assert pending(store, "order", d.order.id).keys() == {TimerKind.REVIEW_REVEAL}
    assert ev.PAYMENT_RELEASED in events_for_order(store, d.order.id)


async def test_a_dispute_during_the_cooldown_stops_the_release(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    await delivered(ectx, d)
    await orders.approve_order(ectx, buyer_id=d.buyer.id, order_id=d.order.id)
    clock.advance(ectx.rules.release_cooldown / 2)
    await dispute_of(ectx, d)
    clock.advance(ectx.rules.release_cooldown * 3)
    await run_due_timers(ectx)
    assert order_now(store, d.order.id).status is OrderStatus.DISPUTED
    assert escrow_held(store, d.order.id) == d.order.price_cents
