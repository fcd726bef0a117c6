"""Escrow tests: the real stripe-python SDK against the fake Stripe server, the core use cases
on the in-memory fakes and on SQLite (the same tests run on both)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.accounts.model import Account
from core.escrow import funding, payouts, processor_events, worker
from core.escrow.model import JobKind, JobStatus, PaymentJob
from core.orders import orders
from core.orders.model import Order, PaymentMode
from core.shared import ledger
from core.shared.context import Context, MarketRules
from core.shared.uow import UnitOfWorkFactory
from payments.stripe import StripeGateway, notice_of
from storage import tables as t
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.fakes import FakeClock, FakeStore
from tests.stripe.fake_stripe import FakeStripe, FakeStripeServer, signed
from tests.unit.builders import human, moderator, publish

WHSEC = "whsec_botgig_test_secret"
FEE_BPS = 1000


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def fake_stripe(clock: FakeClock) -> AsyncIterator[FakeStripe]:
    server = FakeStripeServer()
    server.state.clock = lambda: clock.now().timestamp()
    state = await server.start()
    yield state
    await server.stop()


@pytest.fixture
async def gateway(fake_stripe: FakeStripe) -> AsyncIterator[StripeGateway]:
    gw = StripeGateway(
        secret_key=fake_stripe.api_key,
        webhook_secret=WHSEC,
        public_url="http://test",
        api_base=fake_stripe.url,
        max_network_retries=0,
    )
    yield gw
    await gw.aclose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stripe-sqlite") / "template.db"
    # Requested from async fixtures (a running loop): migrate on a thread of its own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, upgrade(f"sqlite+aiosqlite:///{path}")).result()
    return path


@dataclass
class Backend:
    uow: UnitOfWorkFactory
    store: FakeStore | None = None
    engine: AsyncEngine | None = None

    async def event_types(self) -> list[str]:
        if self.store is not None:
            return [e.type for e in self.store.outbox]
        assert self.engine is not None
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(t.outbox_event.c.type).order_by(t.outbox_event.c.id))
            return [r[0] for r in rows]

    async def events(self, type_: str) -> list[dict[str, Any]]:
        if self.store is not None:
            return [
                {"payload": e.payload, "recipients": e.recipients, "channels": e.channels}
                for e in self.store.outbox
                if e.type == type_
            ]
        assert self.engine is not None
        o = t.outbox_event
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(o).where(o.c.type == type_))).mappings().all()
        return [dict(r) for r in rows]


@pytest.fixture(params=["memory", "sqlite"])
async def backend(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Backend]:
    if request.param == "memory":
        store = FakeStore()
        yield Backend(uow=store, store=store)
        return
    path = tmp_path / "botgig.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    yield Backend(uow=make_uow_factory(engine, clock), engine=engine)
    await engine.dispose()


def escrow_context(uow: UnitOfWorkFactory, clock: FakeClock, gateway: Any) -> Context:
    return Context(
        uow=uow,
        clock=clock,
        rules=MarketRules(platform_fee_bps=FEE_BPS, listing_days=3650),
        escrow=gateway,
    )


@pytest.fixture
def ctx(backend: Backend, clock: FakeClock, gateway: StripeGateway) -> Context:
    return escrow_context(backend.uow, clock, gateway)


class Story:
    """The parties of escrow orders and what Stripe and the buyer do, as steps."""

    def __init__(self, ctx: Context, stripe: FakeStripe, backend: Backend, clock: FakeClock):
        self.ctx = ctx
        self.stripe = stripe
        self.backend = backend
        self.clock = clock
        self.buyer: Account
        self.seller: Account
        self.mod: Account

    async def setup(self, *, onboard: bool = True) -> Story:
        self.buyer = await human(self.ctx, "buyer")
        self.seller = await human(self.ctx, "seller")
        self.mod = await moderator(self.ctx)
        if onboard:
            await self.onboard(self.seller)
        return self

    # -- Stripe's side ---------------------------------------------------------------------

    async def deliver(self, payload: dict[str, Any]) -> processor_events.EventOutcome:
        body, header = signed(payload, WHSEC)
        assert isinstance(self.ctx.escrow, StripeGateway)
        event = self.ctx.escrow.verify_event(body, header)
        notice = notice_of(event)
        if notice is None:
            return await processor_events.record_ignored(
                self.ctx, event_id=str(event["id"]), event_type=str(event["type"])
            )
        return await processor_events.handle_notice(self.ctx, notice)

    async def onboard(self, seller: Account) -> str:
        setup = await payouts.start_payouts(self.ctx, account_id=seller.id)
        account = self.stripe.enable_account(setup.account.processor_account_id)
        await self.deliver(self.stripe.event("account.updated", account))
        return setup.account.processor_account_id

    def checkout_events(self, order_id: int) -> list[dict[str, Any]]:
        """Complete the order's newest checkout on the fake and return Stripe's events."""
        session = [s for s in self.stripe.sessions.values()
                   if s["metadata"].get("order_id") == str(order_id)][-1]
        self.stripe.complete_checkout(session["id"])
        session = self.stripe.sessions[session["id"]]
        intent = self.stripe.intents[session["payment_intent"]]
        return [
            self.stripe.event("checkout.session.completed", session),
            self.stripe.event("payment_intent.succeeded", intent),
        ]

    async def pay(self, order_id: int) -> str:
        """The buyer pays the Checkout link; Stripe sends both events. The PaymentIntent."""
        await funding.start_checkout(self.ctx, buyer_id=self.buyer.id, order_id=order_id)
        events = self.checkout_events(order_id)
        for event in events:
            await self.deliver(event)
        return str(events[1]["data"]["object"]["id"])

    # -- the marketplace's side ------------------------------------------------------------

    async def order(self, price: int = 15_000) -> Order:
        offer = await publish(self.ctx, self.seller, price_cents=price)
        return await orders.order_offer(
            self.ctx, buyer_id=self.buyer.id, offer_id=offer.id, payment_mode=PaymentMode.ESCROW
        )

    async def funded(self, price: int = 15_000) -> Order:
        order = await self.order(price)
        await self.pay(order.id)
        return await self.load(order.id)

    async def delivered(self, price: int = 15_000) -> Order:
        order = await self.funded(price)
        await orders.deliver_order(
            self.ctx, actor_id=self.seller.id, order_id=order.id, note="Done, see the file."
        )
        return await self.load(order.id)

    async def load(self, order_id: int) -> Order:
        async with self.ctx.uow() as uow:
            found = await uow.orders.get(order_id)
            assert found is not None
            return found

    async def money(self, ledger_account: str) -> int:
        async with self.ctx.uow() as uow:
            return await uow.ledger.balance(ledger_account, "usd")

    async def held(self, order_id: int) -> int:
        return await self.money(ledger.escrow_account(order_id))

    async def jobs(self, order_id: int) -> list[PaymentJob]:
        async with self.ctx.uow() as uow:
            return await uow.payments.jobs_for_order(order_id)

    async def job(self, order_id: int, kind: JobKind) -> PaymentJob:
        found = [j for j in await self.jobs(order_id) if j.kind is kind]
        assert len(found) == 1, found
        return found[0]

    async def run_jobs(self) -> worker.JobRun:
        return await worker.run_payment_jobs(self.ctx)

    def sent(self, job: PaymentJob) -> bool:
        return job.status is JobStatus.SENT


@pytest.fixture
async def story(
    ctx: Context, fake_stripe: FakeStripe, backend: Backend, clock: FakeClock
) -> Story:
    return await Story(ctx, fake_stripe, backend, clock).setup()
