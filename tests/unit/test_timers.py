"""The scheduler's use case: deadlines stored as rows fire once, on time, and only while
they still apply — auto-approval, seller deadline with grace, funding timeout, escrow
release after the cooldown, reminders — and a failing timer is retried, not lost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.escrow.model import JobKind
from core.orders import orders, timers
from core.orders.model import Order, OrderStatus, PaymentMode, Timer, TimerKind, TimerStatus
from core.orders.timers import run_due_timers
from core.shared import events as ev
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import ConcurrentUpdate
from tests.fakes import FakeClock, FakeOrders, FakeStore
from tests.fakes_payments import pay_by_card
from tests.unit.builders import (
    deal,
    delivered,
    escrow_held,
    events_for_order,
    money,
    order_now,
    pending,
    timers_of,
)


async def test_buyer_silence_auto_approves_after_three_days(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Auto-approve: a delivery the buyer neither approves nor contests for
    ``auto_approve_days`` (3) is approved by the timer."""
    d = await deal(ctx)
    await delivered(ctx, d)
    clock.advance(timedelta(days=ctx.rules.auto_approve_days) - timedelta(seconds=1))
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.DELIVERED
    clock.advance(timedelta(seconds=1))
    await run_due_timers(ctx)
    order = order_now(store, d.order.id)
    assert order.status is OrderStatus.COMPLETED
    timeline = await store().orders.events(d.order.id)
    assert (timeline[-1].action, timeline[-1].actor_id, timeline[-1].actor_role) == (
        "auto_approve",
        None,
        "system",
    )
    assert {ev.ORDER_APPROVED, ev.ORDER_COMPLETED} <= set(events_for_order(store, d.order.id))


async def test_auto_approval_of_an_escrow_order_releases_after_the_cooldown(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Escrow release: approval moves the order to release_pending; when the cooldown ends
    the timer releases the escrow to the seller's payable balance, less the platform fee."""
    d = await deal(ectx, PaymentMode.ESCROW, funded=True, price_cents=20_000)
    await delivered(ectx, d)
    clock.advance(timedelta(days=ectx.rules.auto_approve_days))
    await run_due_timers(ectx)
    assert order_now(store, d.order.id).status is OrderStatus.RELEASE_PENDING
    assert escrow_held(store, d.order.id) == 20_000
    clock.advance(ectx.rules.release_cooldown - timedelta(seconds=1))
    await run_due_timers(ectx)
    assert order_now(store, d.order.id).status is OrderStatus.RELEASE_PENDING
    clock.advance(timedelta(seconds=1))
    await run_due_timers(ectx)
    assert order_now(store, d.order.id).status is OrderStatus.COMPLETED
    fee = 20_000 * ectx.rules.platform_fee_bps // 10_000
    assert escrow_held(store, d.order.id) == 0
    assert money(store, ledger.payable_account(d.seller.id)) == 20_000 - fee
    assert money(store, ledger.PLATFORM_FEES) == fee
    assert ev.PAYMENT_RELEASED in events_for_order(store, d.order.id)


async def test_seller_silence_past_deadline_and_grace_cancels(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Seller deadline: no delivery by the due time plus ``seller_grace_hours`` cancels."""
    d = await deal(ctx, delivery_days=2)
    clock.advance(timedelta(days=2, hours=ctx.rules.seller_grace_hours) - timedelta(seconds=1))
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    clock.advance(timedelta(seconds=1))
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.CANCELLED
    assert pending(store, "order", d.order.id) == {}


async def test_seller_silence_on_an_escrow_order_refunds_the_buyer(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW, funded=True, delivery_days=1)
    clock.advance(timedelta(days=1, hours=ectx.rules.seller_grace_hours))
    await run_due_timers(ectx)
    assert order_now(store, d.order.id).status is OrderStatus.REFUNDED
    assert escrow_held(store, d.order.id) == 0
    assert ev.PAYMENT_REFUNDED in events_for_order(store, d.order.id)


async def test_an_unfunded_order_times_out(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW)
    clock.advance(timedelta(hours=ectx.rules.funding_timeout_hours))
    await run_due_timers(ectx)
    assert order_now(store, d.order.id).status is OrderStatus.CANCELLED
    # A payment confirmed after the timeout does not revive the order: it is refunded.
    await pay_by_card(ectx, d.order, payment_ref="late")
    assert order_now(store, d.order.id).status is OrderStatus.CANCELLED
    assert escrow_held(store, d.order.id) == 0
    # Refunded, and the processor's fee of that payment is read (the platform's cost).
    assert [j.kind for j in store.state.payments["jobs"].values()
            if j.order_id == d.order.id] == [JobKind.RETURN, JobKind.PROCESSING_FEE]


async def test_reminders_go_to_the_party_that_has_to_act(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(ctx, delivery_days=3)
    clock.advance(timedelta(days=3) - timedelta(hours=ctx.rules.reminder_lead_hours))
    await run_due_timers(ctx)
    reminders = [e for e in store.outbox if e.type == ev.ORDER_REMINDER]
    assert [(e.recipients, e.payload["reminder"]) for e in reminders] == [
        ((d.seller.id,), "reminder_seller")
    ]
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    await delivered(ctx, d)
    clock.advance(timedelta(days=ctx.rules.auto_approve_days) - timedelta(hours=23))
    await run_due_timers(ctx)
    reminders = [e for e in store.outbox if e.type == ev.ORDER_REMINDER]
    assert [e.recipients for e in reminders] == [(d.seller.id,), (d.buyer.id,)]
    assert order_now(store, d.order.id).status is OrderStatus.DELIVERED


async def test_a_timer_fires_once(ctx: Context, store: FakeStore, clock: FakeClock) -> None:
    d = await deal(ctx)
    await delivered(ctx, d)
    clock.advance(timedelta(days=10))
    first = await run_due_timers(ctx)
    second = await run_due_timers(ctx)
    assert first.fired >= 1 and second.fired == 0
    approvals = [e for e in await store().orders.events(d.order.id) if e.action == "auto_approve"]
    assert len(approvals) == 1


async def test_a_timer_whose_order_moved_on_is_dropped(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Stale timers: a timer armed for a state the order has left does nothing."""
    d = await deal(ctx)
    await delivered(ctx, d)
    auto = pending(store, "order", d.order.id)[TimerKind.AUTO_APPROVE]
    # Simulate a timer that stayed pending although the order moved on (a row written by an
    # older version, or a crash between two writes): the scheduler must not act on it.
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    store.state.timers[auto.id].status = TimerStatus.PENDING
    clock.advance(timedelta(days=ctx.rules.auto_approve_days))
    run = await run_due_timers(ctx, limit=1)
    assert (run.fired, run.stale) == (0, 1)
    assert store.state.timers[auto.id].status is TimerStatus.CANCELLED
    assert [e.action for e in await store().orders.events(d.order.id)].count("auto_approve") == 0


async def test_a_failing_timer_is_retried_later(
    ctx: Context, store: FakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = await deal(ctx)
    await delivered(ctx, d)
    real_fire = timers._fire
    calls = 0

    async def flaky(ctx: Context, uow: Any, timer: Timer) -> bool:
        nonlocal calls
        if timer.kind is TimerKind.AUTO_APPROVE:
            calls += 1
            if calls == 1:
                raise RuntimeError("database hiccup")
        return await real_fire(ctx, uow, timer)

    monkeypatch.setattr(timers, "_fire", flaky)
    clock.advance(timedelta(days=ctx.rules.auto_approve_days))
    run = await run_due_timers(ctx)
    assert run.failed == 1 and calls == 1
    assert order_now(store, d.order.id).status is OrderStatus.DELIVERED
    retry = [t for t in timers_of(store, "order", d.order.id) if t.kind is TimerKind.AUTO_APPROVE]
    assert retry[0].status is TimerStatus.PENDING
    assert retry[0].due_at == clock.now() + timers.RETRY_AFTER
    clock.advance(timers.RETRY_AFTER)
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.COMPLETED


async def test_a_timer_that_loses_a_race_is_retried_not_spent(
    ctx: Context, store: FakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A concurrent update of the order (another process wrote it first) rolls the firing
    back and retries it; the deadline is not marked done and lost."""
    d = await deal(ctx)
    await delivered(ctx, d)
    real_update = FakeOrders.update
    raced = False

    async def racing_update(self: FakeOrders, order: Order) -> None:
        nonlocal raced
        if not raced:
            raced = True
            raise ConcurrentUpdate()
        await real_update(self, order)

    monkeypatch.setattr(FakeOrders, "update", racing_update)
    clock.advance(timedelta(days=ctx.rules.auto_approve_days))
    run = await run_due_timers(ctx)
    assert raced and run.failed == 1
    assert order_now(store, d.order.id).status is OrderStatus.DELIVERED
    assert pending(store, "order", d.order.id)[TimerKind.AUTO_APPROVE].due_at == (
        clock.now() + timers.RETRY_AFTER
    )
    clock.advance(timers.RETRY_AFTER)
    await run_due_timers(ctx)
    assert order_now(store, d.order.id).status is OrderStatus.COMPLETED
