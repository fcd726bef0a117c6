"""Escrow on Stripe on both databases (SQLite and PostgreSQL): the story through the SQL
repositories, and two payment workers racing for the same payout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.escrow import model as pay
from core.escrow import processor_events, reconcile, worker
from core.escrow.model import JobKind, JobStatus
from core.orders import orders
from core.orders.timers import run_due_timers
from core.shared import ledger
from core.shared.uow import UnitOfWorkFactory
from payments.stripe import StripeGateway
from tests.stripe.conftest import WHSEC, Backend, Story, escrow_context
from tests.stripe.fake_stripe import FakeStripe, FakeStripeServer


class StoryClock:
    """The integration clock, moved by a ``timedelta`` as the escrow story does."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock

    def now(self) -> datetime:
        result: datetime = self.clock.now()
        return result

    def advance(self, delta: timedelta) -> None:
        self.clock.advance(seconds=delta.total_seconds())


@pytest.fixture
async def fake_stripe(clock: Any) -> AsyncIterator[FakeStripe]:
    server = FakeStripeServer()
    server.state.clock = lambda: clock.now().timestamp()
    yield await server.start()
    await server.stop()


@pytest.fixture
async def story(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: Any, fake_stripe: FakeStripe
) -> AsyncIterator[Story]:
    gateway = StripeGateway(
        secret_key=fake_stripe.api_key,
        webhook_secret=WHSEC,
        public_url="http://test",
        api_base=fake_stripe.url,
        max_network_retries=0,
    )
    story_clock = StoryClock(clock)
    ctx = escrow_context(uow_factory, story_clock, gateway)  # type: ignore[arg-type]
    backend = Backend(uow=uow_factory, engine=engine)
    yield await Story(ctx, fake_stripe, backend, story_clock).setup()  # type: ignore[arg-type]
    await gateway.aclose()


async def test_the_escrow_story_on_sql(story: Story) -> None:
    order = await story.delivered(10_000)
    # A redelivered event changes nothing.
    intent = next(iter(story.stripe.intents.values()))
    again = await story.deliver(story.stripe.event("payment_intent.succeeded", intent))
    assert again is processor_events.EventOutcome.PROCESSED
    assert await story.held(order.id) == 10_000
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    story.stripe.fail_next("/v1/transfers", 1)
    assert (await story.run_jobs()).failed == 1
    story.clock.advance(worker.RETRY.delay(1))
    assert (await story.run_jobs()).sent == 1
    [transfer] = story.stripe.transfers_in_group(f"order_{order.id}")
    assert transfer["amount"] == 9_000
    assert await story.money(ledger.WORLD_PAYOUTS) == 9_000
    assert len(await story.backend.events(pay.PAYMENT_PAID_OUT)) == 1
    result = await reconcile.reconcile_payments(story.ctx)
    assert result.mismatches == [] and result.checked == 1


async def test_two_workers_never_pay_an_order_twice(story: Story) -> None:
    ids = []
    for _ in range(3):
        order = await story.delivered(5_000)
        await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
        ids.append(order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    runs = await asyncio.gather(*(worker.run_payment_jobs(story.ctx) for _ in range(4)))
    assert sum(r.sent for r in runs) == 6  # three payouts, Stripe's fee of three charges
    for order_id in ids:
        assert len(story.stripe.transfers_in_group(f"order_{order_id}")) == 1
        assert (await story.job(order_id, JobKind.TRANSFER)).status is JobStatus.SENT
