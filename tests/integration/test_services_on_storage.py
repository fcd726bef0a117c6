"""The real use cases of the core features over the real storage: the semantics the services
rely on (savepoints after a refused spend, version bumps, timers, outbox) hold in SQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.accounts import accounts
from core.credits import credits
from core.listings import offers, proposals, requests
from core.listings.model import OfferStatus
from core.listings.ports import BrowseQuery
from core.orders import disputes, orders
from core.orders.model import OrderStatus, TimerKind, TimerStatus
from core.shared.context import Context
from core.shared.errors import Conflict, InsufficientCredits
from core.shared.ledger import CREDITS, PriceList, TxType
from core.shared.uow import UnitOfWorkFactory
from storage.outbox import OutboxStore
from tests.integration.conftest import FakeClock

DRAFT = offers.OfferDraft(
    title="Competitor price tracking", category="price-tracking",
    description="Daily prices and stock of your competitors, as a CSV digest.",
    inputs="competitor URLs", output_format="CSV", delivery_days=2, bot_pct=90,
    price_cents=4900,
)


@pytest.fixture
def ctx(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> Context:
    return Context(uow=uow_factory, clock=clock)


async def _chat_user(ctx: Context, external_id: str, name: str) -> int:
    account, created = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id=external_id, display_name=name)
    assert created
    return account.id


async def test_publish_then_browse_and_pay_for_it(
    ctx: Context, clock: FakeClock, engine: AsyncEngine
) -> None:
    seller = await _chat_user(ctx, "1", "Seller")
    again, created = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="1", display_name="Seller")
    assert (again.id, created) == (seller, False)

    offer = await offers.publish_offer(ctx, seller_id=seller, draft=DRAFT)
    clock.advance(minutes=1)
    page = await offers.browse_offers(ctx, query=BrowseQuery(now=clock.now(), words="prices"))
    assert [v.offer.id for v in page.items] == [offer.id]
    assert page.items[0].seller.id == seller
    assert (await credits.get_balance(ctx, account_id=seller)).credits == 90
    history = await credits.get_history(ctx, account_id=seller)
    assert [(h.type, h.amount) for h in history] == [(TxType.SPEND_PUBLISH, -10),
                                                      (TxType.WELCOME_GRANT, 100)]

    boosted = await offers.boost_offer(ctx, actor_id=seller, offer_id=offer.id, days=2)
    assert boosted.boosted_until == clock.now() + timedelta(days=2)
    async with ctx.uow() as uow:
        timers = await uow.timers.for_subject("offer", offer.id)
    assert [(t.kind, t.status) for t in timers] == [(TimerKind.OFFER_EXPIRY, TimerStatus.PENDING)]

    types = [c.event.type for c in await OutboxStore(engine).claim(clock.now(), limit=50)]
    assert types == ["offer.published"]


async def test_refused_spend_rolls_back_the_whole_use_case(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(uow=uow_factory, clock=clock, prices=PriceList(publish_offer=150))
    seller = await _chat_user(ctx, "1", "Seller")
    with pytest.raises(InsufficientCredits) as refused:
        await offers.publish_offer(ctx, seller_id=seller, draft=DRAFT)
    # spend_credits reads the balance after the refused post: the savepoint kept the
    # transaction usable.
    assert (refused.value.needed, refused.value.balance) == (150, 100)
    assert await offers.list_my_offers(ctx, seller_id=seller) == []


async def test_request_proposal_order_to_completion(ctx: Context, clock: FakeClock) -> None:
    buyer = await _chat_user(ctx, "1", "Buyer")
    seller = await _chat_user(ctx, "2", "Seller")
    rival = await _chat_user(ctx, "3", "Rival")
    request = await requests.post_request(ctx, buyer_id=buyer, draft=requests.RequestDraft(
        title="Scrape 500 shop pages", category="data-extraction",
        description="Extract names, prices and stock from 500 product pages.",
        budget_min_cents=10_000, budget_max_cents=20_000,
        deadline=clock.now() + timedelta(days=10)))
    bid = await proposals.submit_proposal(ctx, seller_id=seller, request_id=request.id,
                                         message="Done in three days.", price_cents=15_000,
                                         timeline_days=3)
    with pytest.raises(Conflict):
        await proposals.submit_proposal(ctx, seller_id=seller, request_id=request.id,
                                       message="Second try, cheaper.", price_cents=14_000,
                                       timeline_days=3)
    await proposals.submit_proposal(ctx, seller_id=rival, request_id=request.id,
                                   message="I can do it too.", price_cents=12_000,
                                   timeline_days=5)
    jobs = await requests.browse_requests(ctx, query=BrowseQuery(
        now=clock.now(), exclude_applied_by=seller))
    assert jobs.items == []

    order = await proposals.accept_proposal(ctx, buyer_id=buyer, proposal_id=bid.id)
    assert order.status is OrderStatus.IN_PROGRESS
    clock.advance(hours=5)
    await orders.deliver_order(ctx, actor_id=seller, order_id=order.id, note="Here it is.",
                               url="https://example.com/result.csv")
    clock.advance(hours=1)
    done = await orders.approve_order(ctx, buyer_id=buyer, order_id=order.id)
    assert done.status is OrderStatus.COMPLETED

    record = await orders.get_order(ctx, order_id=order.id, viewer_id=buyer)
    assert [e.action for e in record.events] == ["create", "deliver", "approve"]
    assert record.order.version == 2
    async with ctx.uow() as uow:
        by_kind = {t.kind: t.status for t in await uow.timers.for_subject("order", order.id)}
        stats = await uow.accounts.trust_stats([seller])
        rejected = [p.status.value for p in await uow.proposals.for_request(request.id)]
    assert by_kind[TimerKind.AUTO_APPROVE] is TimerStatus.CANCELLED
    assert by_kind[TimerKind.SELLER_DEADLINE] is TimerStatus.CANCELLED
    assert by_kind[TimerKind.REVIEW_REVEAL] is TimerStatus.PENDING
    assert stats[seller].completed == 1 and stats[seller].finished == 1
    assert rejected == ["accepted", "rejected"]


async def test_concurrent_publishes_cannot_overspend(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(uow=uow_factory, clock=clock, prices=PriceList(publish_offer=30))
    seller = await _chat_user(ctx, "1", "Seller")
    drafts = [replace(DRAFT, title=f"Price tracking #{i}") for i in range(6)]
    results = await asyncio.gather(
        *(offers.publish_offer(ctx, seller_id=seller, draft=d) for d in drafts),
        return_exceptions=True,
    )
    published = [r for r in results if not isinstance(r, BaseException)]
    assert len(published) == 3  # 100 credits, 30 each
    assert all(isinstance(r, InsufficientCredits) for r in results if r not in published)
    assert (await credits.get_balance(ctx, account_id=seller)).credits == 10
    mine = await offers.list_my_offers(ctx, seller_id=seller)
    assert len(mine) == 3 and {o.status for o in mine} == {OfferStatus.ACTIVE}
    async with ctx.uow() as uow:
        assert await uow.ledger.balance("world:spent", CREDITS) == 90


async def test_dispute_pauses_timers_and_one_moderator_claims(
    ctx: Context, clock: FakeClock
) -> None:
    buyer = await _chat_user(ctx, "1", "Buyer")
    seller = await _chat_user(ctx, "2", "Seller")
    mods = [await _chat_user(ctx, str(10 + i), f"Mod {i}") for i in range(3)]
    for mod in mods:
        await accounts.set_role(ctx, granted_by=None, account_id=mod)
    offer = await offers.publish_offer(ctx, seller_id=seller, draft=DRAFT)
    order = await orders.order_offer(ctx, buyer_id=buyer, offer_id=offer.id)
    clock.advance(hours=1)
    dispute = await disputes.open_dispute(ctx, actor_id=buyer, order_id=order.id,
                                          reason="Nothing delivered and no answer.")
    async with ctx.uow() as uow:
        live = [t for t in await uow.timers.for_subject("order", order.id)
                if t.status is not TimerStatus.CANCELLED]
    assert live and {t.status for t in live} == {TimerStatus.PAUSED}
    assert all(t.remaining_seconds for t in live)

    results = await asyncio.gather(
        *(disputes.claim_dispute(ctx, moderator_id=m, dispute_id=dispute.id) for m in mods),
        return_exceptions=True,
    )
    claimed = [r for r in results if not isinstance(r, BaseException)]
    assert len(claimed) == 1
    assert all(isinstance(r, Conflict) for r in results if r not in claimed)
