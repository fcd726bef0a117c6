"""The read paths ask for read-only units of work (issue 12, item 1), and the in-memory unit
refuses a write in one as the SQL unit does."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.accounts import accounts
from core.credits import credits
from core.listings import jobs, offers, requests
from core.listings.ports import BrowseQuery
from core.orders import orders
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.uow import ReadOnlyUnitError
from tests.fakes import FakeClock, FakeStore, FakeUnitOfWork
from tests.unit.builders import deal, post


class RecordingStore(FakeStore):
    """A ``FakeStore`` that remembers which kind of unit each call asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[bool] = []

    def __call__(self, *, read_only: bool = False) -> FakeUnitOfWork:
        self.asked.append(read_only)
        return super().__call__(read_only=read_only)


async def test_a_read_only_fake_unit_refuses_a_write_and_an_event(ctx: Context) -> None:
    store = ctx.uow
    assert isinstance(store, FakeStore)
    d = await deal(ctx)
    with pytest.raises(ReadOnlyUnitError):
        async with store(read_only=True) as uow:
            account = await uow.accounts.get(d.buyer.id)
            assert account is not None
            await uow.accounts.update(replace(account, display_name="Changed"))
    with pytest.raises(ReadOnlyUnitError):
        async with store(read_only=True) as uow:
            uow.publish(DomainEvent("offer.published", {}))
    async with store(read_only=True) as uow:
        assert (await uow.accounts.get(d.buyer.id)) == d.buyer


async def test_browsing_cards_profiles_and_orders_never_take_a_writing_unit(
    clock: FakeClock,
) -> None:
    store = RecordingStore()
    ctx = Context(uow=store, clock=clock)
    d = await deal(ctx)
    job = await post(ctx, d.buyer)
    store.asked.clear()
    query = BrowseQuery(now=clock.now())
    await offers.browse_offers(ctx, query=query)
    await offers.get_offer(ctx, offer_id=d.offer.id, viewer_id=d.buyer.id)
    await offers.list_my_offers(ctx, seller_id=d.seller.id)
    await requests.browse_requests(ctx, query=replace(query, exclude_applied_by=d.seller.id))
    await requests.get_request(ctx, request_id=job.id, viewer_id=d.seller.id)
    await jobs.get_job(ctx, job_id=job.id, viewer_id=d.seller.id)
    await accounts.get_profile(ctx, account_id=d.seller.id)
    await credits.get_balance(ctx, account_id=d.buyer.id)
    await orders.get_order(ctx, order_id=d.order.id, viewer_id=d.buyer.id)
    await orders.list_orders(ctx, account_id=d.buyer.id)
    assert store.asked and all(store.asked), store.asked
    # A write still takes a writing unit.
    store.asked.clear()
    await offers.set_offer_paused(ctx, actor_id=d.seller.id, offer_id=d.offer.id, paused=True)
    assert store.asked == [False]


async def test_a_known_chat_user_with_nothing_new_is_read_without_a_writing_unit(
    clock: FakeClock,
) -> None:
    store = RecordingStore()
    ctx = Context(uow=store, clock=clock)
    d = await deal(ctx)
    store.asked.clear()
    account, created = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="tg-buyer", display_name="Buyer")
    assert (account, created) == (d.buyer, False)
    assert store.asked == [True]
    # Something new to record (the client's language): then, and only then, a write.
    store.asked.clear()
    account, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="tg-buyer", display_name="Buyer",
        client_language="de")
    assert account.client_language == "de" and store.asked == [True, False]
    store.asked.clear()
    await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="tg-buyer", display_name="Buyer",
        client_language="de")
    assert store.asked == [True]
